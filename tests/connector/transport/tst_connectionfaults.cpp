// Fault injection: ChatClient (IMConnector + Socket.IO dialect) against parley-server through
// FaultProxy, and against an out-of-process parley-server frozen with SIGSTOP. Every wait is on a
// signal or a QTRY condition; the bounds on detection times are generous ceilings, not benchmarks.
#include "chatclient.h"
#include "faultproxy.h"
#include "parleyserver.h"
#include "receivedmessages.h"
#include "testmain.h"
#include "testsettings.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <memory>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/types.h>
#endif

using namespace std::chrono_literals;
using State = IMConnector::State;

namespace {
//! Every client here: links that die silently are found fast (ParleyTest::deadLinkSettings()),
//! and retries start at 100 ms, capped at 400 ms.
ConnectorSettings faultSettings()
{
    ConnectorSettings s = ParleyTest::deadLinkSettings();
    s.backoffBase = 100ms;
    s.backoffCap = 400ms;
    return s;
}

ServerSettings quietServer()
{
    // Long Engine.IO ping interval: the RFC 6455 heartbeat is what these tests exercise.
    ServerSettings s;
    s.pingInterval = 60000ms;
    s.pingTimeout = 60000ms;
    return s;
}
} // namespace

class tst_ConnectionFaults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void blackholeDetectedThenHealed();
    void cutReconnects();
    void midFrameStallReconnectsOnce();
    void sigstopServerDetectedSigcontReconnects();
    void manyClientsComeBackSpreadOut();

private:
    ChatClient *newClient(const QString &name, const QUrl &url);

    QTemporaryDir m_accountsDir;
    std::unique_ptr<ParleyServer> m_server;
    std::unique_ptr<FaultProxy> m_proxy;
    QList<ChatClient *> m_clients;
};

void tst_ConnectionFaults::init()
{
    m_server = std::make_unique<ParleyServer>(quietServer());
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    m_proxy = std::make_unique<FaultProxy>();
    m_proxy->setUpstream(QHostAddress::LocalHost, m_server->port());
    QVERIFY(m_proxy->listen());
}

void tst_ConnectionFaults::cleanup()
{
    qDeleteAll(m_clients);
    m_clients.clear();
    m_proxy.reset();
    m_server.reset();
}

ChatClient *tst_ConnectionFaults::newClient(const QString &name, const QUrl &url)
{
    auto *c = new ChatClient;
    c->setSettings(faultSettings());
    c->setUserName(name);
    c->joinRoom(QStringLiteral("lobby"));
    c->connectToServer(url);
    m_clients << c;
    return c;
}

void tst_ConnectionFaults::blackholeDetectedThenHealed()
{
    const QUrl viaProxy(QStringLiteral("ws://127.0.0.1:%1").arg(m_proxy->port()));
    ChatClient *alice = newClient(QStringLiteral("alice"), viaProxy);
    QSignalSpy joined(alice, &ChatClient::joined);
    QSignalSpy errors(alice, &ChatClient::errorOccurred);
    QVERIFY(joined.wait());

    m_proxy->setMode(FaultProxy::Mode::Blackhole);
    QElapsedTimer sinceBlackhole;
    sinceBlackhole.start();
    // Dead within heartbeat interval + timeout (500 ms); 3 s is a ceiling for a loaded CI box.
    QTRY_VERIFY_WITH_TIMEOUT(alice->connectionState() != State::Connected, 3000);
    const qint64 detectedMs = sinceBlackhole.elapsed();
    qInfo("blackhole detected after %lld ms (interval + timeout = 500 ms)", detectedMs);
    QVERIFY(!errors.isEmpty());

    // While blackholed, attempts time out (handshake bytes vanish); once healed one succeeds.
    QTRY_VERIFY(m_proxy->connectionCount() >= 2);
    m_proxy->setMode(FaultProxy::Mode::PassThrough);
    QTRY_COMPARE_WITH_TIMEOUT(joined.size(), 2, 5000);
    QVERIFY(alice->isReady());
}

void tst_ConnectionFaults::cutReconnects()
{
    const QUrl viaProxy(QStringLiteral("ws://127.0.0.1:%1").arg(m_proxy->port()));
    ChatClient *alice = newClient(QStringLiteral("alice"), viaProxy);
    ChatClient *bob = newClient(QStringLiteral("bob"), m_server->url());
    QSignalSpy aliceJoined(alice, &ChatClient::joined);
    QSignalSpy bobJoined(bob, &ChatClient::joined);
    ReceivedMessages bobGot(bob);
    QTRY_COMPARE(aliceJoined.size(), 1);
    QTRY_COMPARE(bobJoined.size(), 1);
    for (int i = 0; i < 5; ++i) {
        m_proxy->cutAll();
        QTRY_COMPARE_WITH_TIMEOUT(aliceJoined.size(), i + 2, 5000);
    }
    alice->sendMessage(QStringLiteral("lobby"), QStringLiteral("still here"));
    QVERIFY(bobGot.wait());
    QTRY_COMPARE(m_server->clientCount(), 2); // the old links are gone, no duplicates linger
}

void tst_ConnectionFaults::midFrameStallReconnectsOnce()
{
    // Qt closes a websocket (1001) when a frame stalls for more than 5 s. Parley must come back,
    // once, without crashing, and the server must not keep a duplicate connection.
    ConnectorSettings s = faultSettings();
    s.heartbeatInterval = 30000ms; // let the mid-frame timeout be what notices
    s.heartbeatTimeout = 30000ms;
    const QUrl viaProxy(QStringLiteral("ws://127.0.0.1:%1").arg(m_proxy->port()));
    ChatClient *alice = newClient(QStringLiteral("alice"), viaProxy);
    alice->setSettings(s);
    ChatClient *bob = newClient(QStringLiteral("bob"), m_server->url());
    QSignalSpy aliceJoined(alice, &ChatClient::joined);
    QSignalSpy aliceReady(alice, &ChatClient::readyChanged);
    QTRY_COMPARE(aliceJoined.size(), 1);
    QTRY_COMPARE(m_server->clientCount(), 2);

    m_proxy->stallMidFrame(6000ms);
    bob->sendMessage(QStringLiteral("lobby"), QStringLiteral("this frame stalls half-way"));
    // Lost after ~5 s, then back.
    QTRY_VERIFY_WITH_TIMEOUT(aliceReady.size() >= 2, 15000);
    QCOMPARE(aliceReady.at(1).at(0).toBool(), false);
    QTRY_COMPARE_WITH_TIMEOUT(aliceJoined.size(), 2, 10000);
    QTRY_COMPARE(m_server->clientCount(), 2);
    QCOMPARE(aliceJoined.size(), 2);
}

void tst_ConnectionFaults::sigstopServerDetectedSigcontReconnects()
{
#ifndef Q_OS_UNIX
    QSKIP("SIGSTOP/SIGCONT are POSIX");
#else
    QTemporaryDir data;
    QVERIFY(data.isValid());
    QProcess server;
    server.setProgram(QStringLiteral(PARLEY_SERVER_BIN));
    // --guests: the client connects with a name only, as a guest.
    server.setArguments({QStringLiteral("--host"), QStringLiteral("127.0.0.1"), QStringLiteral("--port"),
                         QStringLiteral("0"), QStringLiteral("--data"), data.path(), QStringLiteral("--guests")});
    server.setProcessChannelMode(QProcess::SeparateChannels);
    server.start();
    QVERIFY(server.waitForStarted());
    static const QRegularExpression listening(QStringLiteral("listening on (ws://[^\\s]+)"));
    QString out;
    QUrl url;
    QTRY_VERIFY_WITH_TIMEOUT((out += QString::fromUtf8(server.readAllStandardOutput()),
                              url = QUrl(listening.match(out).captured(1)), url.port() > 0), 10000);

    ChatClient *alice = newClient(QStringLiteral("alice"), url);
    QSignalSpy joined(alice, &ChatClient::joined);
    QSignalSpy errors(alice, &ChatClient::errorOccurred);
    QVERIFY(joined.wait());

    ::kill(pid_t(server.processId()), SIGSTOP);
    QTRY_VERIFY_WITH_TIMEOUT(alice->connectionState() != State::Connected, 3000);
    QVERIFY(!errors.isEmpty());
    // While frozen, the kernel still accepts TCP connections but nobody answers: the attempts
    // time out and are retried with backoff.
    QTRY_VERIFY_WITH_TIMEOUT(alice->connectionState() == State::Reconnecting, 5000);

    ::kill(pid_t(server.processId()), SIGCONT);
    QTRY_COMPARE_WITH_TIMEOUT(joined.size(), 2, 10000);
    QVERIFY(alice->isReady());

    server.terminate();
    QVERIFY(server.waitForFinished(5000));
#endif
}

void tst_ConnectionFaults::manyClientsComeBackSpreadOut()
{
    // 200 clients on the default schedule (1 s base, ×2, 30 s cap, 50 % jitter) lose their server
    // at the same instant. When it is back, their returns must be spread out, not a stampede.
    constexpr int kClients = 200;
    // 200 clients' connection logs would drown the figure this test reports.
    QLoggingCategory::setFilterRules(QStringLiteral("parley.*.info=false\nparley.*.warning=false"));
    auto restoreLogs = qScopeGuard([] { QLoggingCategory::setFilterRules(QString()); });
    // The clients come back with their guests' tokens: the accounts must outlive the server.
    QVERIFY(m_accountsDir.isValid());
    ServerSettings ss = quietServer();
    ss.accountsDatabasePath = m_accountsDir.filePath(QStringLiteral("accounts.sqlite"));
    m_server = std::make_unique<ParleyServer>(ss);
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    const quint16 port = m_server->port();
    QList<ChatClient *> clients;
    for (int i = 0; i < kClients; ++i) {
        auto *c = new ChatClient;
        c->setUserName(QStringLiteral("c%1").arg(i));
        c->joinRoom(QStringLiteral("lobby"));
        c->connectToServer(m_server->url());
        m_clients << c;
        clients << c;
    }
    auto readyCount = [&] {
        return int(std::count_if(clients.cbegin(), clients.cend(), [](ChatClient *c) { return c->isReady(); }));
    };
    QTRY_COMPARE_WITH_TIMEOUT(readyCount(), kClients, 20000);

    // Everybody sees the server go; wait until every client has failed at least one retry.
    // Each client's schedule: when it means to try again (ms since the server went).
    QElapsedTimer sinceDown;
    QList<int> attempts(kClients, 0);
    QList<QList<qint64>> planned(kClients);
    for (int i = 0; i < kClients; ++i) {
        connect(clients[i], &ChatClient::reconnectScheduled, this,
                [&attempts, &planned, &sinceDown, i](int attempt, int delayMs) {
                    attempts[i] = std::max(attempts[i], attempt);
                    planned[i] << sinceDown.elapsed() + delayMs;
                });
    }
    sinceDown.start();
    m_server.reset();
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(attempts.cbegin(), attempts.cend(), [](int a) { return a >= 2; }), 10000);

    // When each client tries again is what its schedule decides; when the server gets round to
    // accepting them also depends on how busy this machine is (a loaded runner accepts, and even
    // fires timers, in clumps). The bound is on the schedule: the first try each client planned
    // for after the server was back; the arrivals are reported beside it.
    m_server = std::make_unique<ParleyServer>(ss);
    QElapsedTimer clock;
    QList<qint64> arrivals;
    connect(m_server.get(), &ParleyServer::clientConnected, this, [&] { arrivals << clock.elapsed(); });
    QVERIFY(m_server->listen(QHostAddress::LocalHost, port));
    clock.start();
    const qint64 backAt = sinceDown.elapsed();
    QTRY_COMPARE_WITH_TIMEOUT(readyCount(), kClients, 30000);
    QCOMPARE(m_server->clientCount(), kClients);

    // The largest number of \a times (ms) within any 100 ms window.
    auto largestBurst = [](QList<qint64> times) {
        std::sort(times.begin(), times.end());
        int largest = 0;
        for (int i = 0, j = 0; i < times.size(); ++i) {
            while (times[i] - times[j] >= 100)
                ++j;
            largest = std::max(largest, i - j + 1);
        }
        return largest;
    };
    QList<qint64> tries;
    for (const QList<qint64> &plan : planned) {
        // A try planned before the server was back and still under way then counts at backAt.
        const auto first = std::find_if(plan.cbegin(), plan.cend(), [backAt](qint64 t) { return t >= backAt; });
        tries << (first == plan.cend() ? backAt : *first);
    }
    const int largest = largestBurst(tries);
    const double share = double(largest) / kClients;
    std::sort(arrivals.begin(), arrivals.end());
    qInfo("%d clients back over %lld ms; largest share planning to try in any 100 ms window: %d (%.1f %%); "
          "arriving: %d (%.1f %%)",
          kClients, arrivals.isEmpty() ? 0 : arrivals.last() - arrivals.first(), largest, share * 100,
          largestBurst(arrivals), largestBurst(arrivals) * 100.0 / kClients);
    QVERIFY2(share <= 0.25, qPrintable(QString::number(share)));
}

PARLEY_TEST_GUILESS_MAIN(tst_ConnectionFaults)
#include "tst_connectionfaults.moc"
