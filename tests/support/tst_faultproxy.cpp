#include "faultproxy.h"
#include "testmain.h"

#include <QElapsedTimer>
#include <QList>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <memory>

using namespace std::chrono_literals;

namespace {
//! Generous bound for things that should happen at once on loopback.
constexpr int kEventTimeoutMs = 5000;
//! Timers may be a little early on some platforms; lower bounds allow this much.
constexpr qint64 kClockSlackMs = 5;
//! 64 KiB at 256 KiB/s needs ~250 ms each way (pipelined); a generous lower bound.
constexpr qint64 kThrottledMinMs = 200;

//! The upstream server: echoes every byte it gets (unless told not to), keeps what it got, and
//! keeps its sockets so a test can also write or close from the server side.
class EchoServer : public QTcpServer
{
public:
    EchoServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = nextPendingConnection()) {
                m_sockets << s;
                connect(s, &QTcpSocket::readyRead, s, [this, s] {
                    const QByteArray data = s->readAll();
                    m_received += data;
                    s->write(data);
                });
            }
        });
    }

    bool start() { return listen(QHostAddress::LocalHost, 0); }
    int acceptedCount() const { return int(m_sockets.size()); }
    QTcpSocket *socket(int i) const { return m_sockets.value(i).data(); }
    QByteArray received() const { return m_received; }

private:
    QList<QPointer<QTcpSocket>> m_sockets;
    QByteArray m_received;
};

//! The client under test: a socket that gathers all it receives.
class Client
{
public:
    Client()
    {
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this] { m_received += m_socket.readAll(); });
    }
    QTcpSocket &socket() { return m_socket; }
    const QByteArray &received() const { return m_received; }

private:
    QTcpSocket m_socket;
    QByteArray m_received;
};
} // namespace

class tst_FaultProxy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void passThroughEchoes();
    void blackholeForwardsNothingButStaysConnected();
    void cutAllDisconnectsEveryone();
    void refuseClosesNewClientsOnly();
    void stallMidFrameHoldsTheSecondHalf();
    void stallOnOneByteStillForwardsIt();
    void cutDuringStallDropsTheRest();
    void delayDelaysAndKeepsOrder();
    void throttlePaces();
    void upstreamRefusedClosesClient();
    void serverCloseFlushesThenClosesClient();
    void clientCloseClosesUpstream();
    void blackholeStillPassesOnAClose();
    void closeCleansUpAndCanListenAgain();
    void destroyedWhileTimersRun();

private:
    //! Connects \a client to the proxy and proves the whole path with one echoed message.
    bool connectThrough(Client &client, const QByteArray &probe = QByteArrayLiteral("ping"));

    std::unique_ptr<EchoServer> m_server;
    std::unique_ptr<FaultProxy> m_proxy;
};

void tst_FaultProxy::init()
{
    m_server = std::make_unique<EchoServer>();
    QVERIFY(m_server->start());
    m_proxy = std::make_unique<FaultProxy>();
    m_proxy->setUpstream(QHostAddress::LocalHost, m_server->serverPort());
    QVERIFY(m_proxy->listen());
    QVERIFY(m_proxy->port() != 0);
}

void tst_FaultProxy::cleanup()
{
    m_proxy.reset();
    m_server.reset();
}

bool tst_FaultProxy::connectThrough(Client &client, const QByteArray &probe)
{
    QSignalSpy connected(&client.socket(), &QTcpSocket::connected);
    client.socket().connectToHost(QHostAddress::LocalHost, m_proxy->port());
    if (!connected.wait(kEventTimeoutMs))
        return false;
    const QByteArray before = client.received();
    client.socket().write(probe);
    QSignalSpy readyRead(&client.socket(), &QTcpSocket::readyRead);
    while (client.received().size() < before.size() + probe.size()) {
        if (!readyRead.wait(kEventTimeoutMs))
            return false;
    }
    return client.received() == before + probe;
}

void tst_FaultProxy::passThroughEchoes()
{
    QSignalSpy accepted(m_proxy.get(), &FaultProxy::clientConnected);
    QSignalSpy forwarded(m_proxy.get(), &FaultProxy::bytesForwarded);
    Client client;
    QVERIFY(connectThrough(client, QByteArrayLiteral("hello")));
    QCOMPARE(accepted.size(), 1);
    QCOMPARE(m_proxy->connectionCount(), 1);
    QCOMPARE(m_proxy->activePairs(), 1);
    QCOMPARE(m_server->acceptedCount(), 1);
    QCOMPARE(m_server->received(), QByteArrayLiteral("hello"));
    QCOMPARE(m_proxy->bytesUp(), 5);
    QCOMPARE(m_proxy->bytesDown(), 5);
    QVERIFY(forwarded.size() >= 2);

    const QByteArray big(200 * 1024, 'x');
    client.socket().write(big);
    QTRY_COMPARE_WITH_TIMEOUT(client.received().size(), 5 + big.size(), 10000);
    QCOMPARE(client.received(), QByteArrayLiteral("hello") + big);
    QCOMPARE(m_proxy->bytesUp(), 5 + big.size());
    QCOMPARE(m_proxy->bytesDown(), 5 + big.size());
    QCOMPARE(m_proxy->bytesDropped(), 0);
    QCOMPARE(m_proxy->bytesInFlight(), 0);
}

void tst_FaultProxy::blackholeForwardsNothingButStaysConnected()
{
    Client client;
    QVERIFY(connectThrough(client));
    QTcpSocket *serverSide = m_server->socket(0);
    QVERIFY(serverSide);
    const qint64 up = m_proxy->bytesUp();
    const qint64 down = m_proxy->bytesDown();
    QSignalSpy pairClosed(m_proxy.get(), &FaultProxy::pairClosed);

    m_proxy->setMode(FaultProxy::Mode::Blackhole);
    QSignalSpy clientRead(&client.socket(), &QTcpSocket::readyRead);
    QSignalSpy serverRead(serverSide, &QTcpSocket::readyRead);
    client.socket().write("lost");                // upstream
    QTRY_COMPARE(m_proxy->bytesDropped(), 4);
    serverSide->write("gone!");                   // downstream
    QTRY_COMPARE(m_proxy->bytesDropped(), 9);
    // Every byte written was read by the proxy and dropped; none is held or was handed on, so
    // nothing can still arrive at either end.
    QCOMPARE(m_proxy->bytesInFlight(), 0);
    QCOMPARE(clientRead.size(), 0);
    QCOMPARE(serverRead.size(), 0);
    QCOMPARE(client.received(), QByteArrayLiteral("ping"));
    QCOMPARE(m_server->received(), QByteArrayLiteral("ping"));
    QCOMPARE(m_proxy->bytesUp(), up);
    QCOMPARE(m_proxy->bytesDown(), down);
    // Dead, but looks alive from both ends.
    QCOMPARE(client.socket().state(), QAbstractSocket::ConnectedState);
    QCOMPARE(serverSide->state(), QAbstractSocket::ConnectedState);
    QCOMPARE(m_proxy->activePairs(), 1);
    QCOMPARE(pairClosed.size(), 0);

    m_proxy->setMode(FaultProxy::Mode::PassThrough);
    client.socket().write("back");
    QTRY_COMPARE(client.received(), QByteArrayLiteral("pingback"));
    QCOMPARE(m_server->received(), QByteArrayLiteral("pingback"));
    QCOMPARE(m_proxy->bytesDropped(), 9);
}

void tst_FaultProxy::cutAllDisconnectsEveryone()
{
    Client a;
    Client b;
    QVERIFY(connectThrough(a));
    QVERIFY(connectThrough(b));
    QCOMPARE(m_proxy->activePairs(), 2);
    QSignalSpy aGone(&a.socket(), &QTcpSocket::disconnected);
    QSignalSpy bGone(&b.socket(), &QTcpSocket::disconnected);
    QSignalSpy serverGone0(m_server->socket(0), &QTcpSocket::disconnected);
    QSignalSpy serverGone1(m_server->socket(1), &QTcpSocket::disconnected);
    QSignalSpy pairClosed(m_proxy.get(), &FaultProxy::pairClosed);

    m_proxy->cutAll();
    QCOMPARE(pairClosed.size(), 2); // at once
    QCOMPARE(m_proxy->activePairs(), 0);
    QVERIFY(aGone.size() == 1 || aGone.wait(kEventTimeoutMs));
    QVERIFY(bGone.size() == 1 || bGone.wait(kEventTimeoutMs));
    QVERIFY(serverGone0.size() == 1 || serverGone0.wait(kEventTimeoutMs));
    QVERIFY(serverGone1.size() == 1 || serverGone1.wait(kEventTimeoutMs));

    // Still listening: the next client gets through.
    Client c;
    QVERIFY(connectThrough(c));
    QCOMPARE(m_proxy->connectionCount(), 3);
}

void tst_FaultProxy::refuseClosesNewClientsOnly()
{
    Client old;
    QVERIFY(connectThrough(old));
    QSignalSpy oldGone(&old.socket(), &QTcpSocket::disconnected);
    QSignalSpy accepted(m_proxy.get(), &FaultProxy::clientConnected);

    m_proxy->setMode(FaultProxy::Mode::Refuse);
    Client refused;
    QSignalSpy refusedGone(&refused.socket(), &QTcpSocket::disconnected);
    refused.socket().connectToHost(QHostAddress::LocalHost, m_proxy->port());
    QVERIFY(refusedGone.wait(kEventTimeoutMs));
    QCOMPARE(accepted.size(), 1);
    QCOMPARE(m_proxy->connectionCount(), 2);
    QCOMPARE(m_proxy->activePairs(), 1);
    QCOMPARE(m_server->acceptedCount(), 1); // never reached the server
    QVERIFY(refused.received().isEmpty());

    // The pair already open is untouched.
    old.socket().write("still");
    QTRY_COMPARE(old.received(), QByteArrayLiteral("pingstill"));
    QCOMPARE(oldGone.size(), 0);

    m_proxy->setMode(FaultProxy::Mode::PassThrough);
    Client fresh;
    QVERIFY(connectThrough(fresh));
    QCOMPARE(m_server->acceptedCount(), 2);
}

void tst_FaultProxy::stallMidFrameHoldsTheSecondHalf()
{
    constexpr auto kStall = 300ms;
    Client client;
    QVERIFY(connectThrough(client));
    QTcpSocket *serverSide = m_server->socket(0);
    QVERIFY(serverSide);
    const qint64 base = m_proxy->bytesDown();
    const QByteArray frame(1000, 'f');

    // At the moment the first bytes of the frame reach the client, note what has arrived.
    qint64 firstArrival = -1;
    qint64 forwardedAtFirstArrival = -1;
    QObject::connect(&client.socket(), &QTcpSocket::readyRead, &client.socket(), [&] {
        if (firstArrival < 0 && client.received().size() > 4) {
            firstArrival = client.received().size() - 4;
            forwardedAtFirstArrival = m_proxy->bytesDown() - base;
        }
    });

    m_proxy->stallMidFrame(kStall);
    QElapsedTimer elapsed;
    elapsed.start();
    serverSide->write(frame);
    QTRY_VERIFY(firstArrival > 0);
    QVERIFY2(firstArrival < frame.size(), QByteArray::number(firstArrival).constData());
    QVERIFY(forwardedAtFirstArrival > 0);
    QVERIFY(forwardedAtFirstArrival < frame.size());
    QTRY_COMPARE(m_proxy->bytesInFlight(), frame.size() - forwardedAtFirstArrival);

    QTRY_COMPARE_WITH_TIMEOUT(client.received().size(), 4 + frame.size(), 10000);
    QVERIFY2(elapsed.elapsed() >= kStall.count() - kClockSlackMs, QByteArray::number(elapsed.elapsed()).constData());
    QCOMPARE(client.received(), QByteArrayLiteral("ping") + frame);
    QCOMPARE(m_proxy->bytesInFlight(), 0);

    // One-shot: what follows goes through unheld.
    client.socket().write("after");
    QTRY_COMPARE(client.received(), QByteArrayLiteral("ping") + frame + QByteArrayLiteral("after"));
}

void tst_FaultProxy::stallOnOneByteStillForwardsIt()
{
    constexpr auto kStall = 200ms;
    Client client;
    QVERIFY(connectThrough(client));
    QTcpSocket *serverSide = m_server->socket(0);
    QVERIFY(serverSide);

    m_proxy->stallMidFrame(kStall);
    QElapsedTimer elapsed;
    elapsed.start();
    serverSide->write("A");
    QTRY_COMPARE(client.received(), QByteArrayLiteral("pingA")); // the whole (only) byte goes
    serverSide->write("BC");                                       // held behind it
    QTRY_COMPARE(client.received(), QByteArrayLiteral("pingABC"));
    QVERIFY2(elapsed.elapsed() >= kStall.count() - kClockSlackMs, QByteArray::number(elapsed.elapsed()).constData());
}

void tst_FaultProxy::cutDuringStallDropsTheRest()
{
    Client client;
    QVERIFY(connectThrough(client));
    QTcpSocket *serverSide = m_server->socket(0);
    QVERIFY(serverSide);
    QSignalSpy clientGone(&client.socket(), &QTcpSocket::disconnected);

    m_proxy->stallMidFrame(10s);
    serverSide->write(QByteArray(100, 's'));
    QTRY_COMPARE(client.received().size(), 4 + 50);
    QTRY_COMPARE(m_proxy->bytesInFlight(), 50);
    m_proxy->cutAll();
    QCOMPARE(m_proxy->bytesInFlight(), 0);
    QVERIFY(clientGone.size() == 1 || clientGone.wait(kEventTimeoutMs));
    QCOMPARE(client.received().size(), 4 + 50);
}

void tst_FaultProxy::delayDelaysAndKeepsOrder()
{
    constexpr auto kDelay = 150ms;
    Client client;
    QVERIFY(connectThrough(client));

    m_proxy->setDelay(kDelay);
    QCOMPARE(m_proxy->delay(), kDelay);
    QElapsedTimer elapsed;
    elapsed.start();
    client.socket().write("one");
    client.socket().write("two");
    QTRY_COMPARE(client.received(), QByteArrayLiteral("pingonetwo"));
    // Up and down are both delayed.
    QVERIFY2(elapsed.elapsed() >= 2 * kDelay.count() - kClockSlackMs, QByteArray::number(elapsed.elapsed()).constData());

    // Shrinking the delay does not let later bytes overtake earlier ones.
    m_proxy->setDelay(400ms);
    client.socket().write("A");
    QTRY_COMPARE(m_proxy->bytesInFlight(), 1); // the proxy holds "A"
    m_proxy->setDelay(0ms);
    client.socket().write("B");
    QTRY_COMPARE(client.received(), QByteArrayLiteral("pingonetwoAB"));
    QCOMPARE(m_server->received(), QByteArrayLiteral("pingonetwoAB"));
}

void tst_FaultProxy::throttlePaces()
{
    constexpr qint64 kRate = 256 * 1024;
    constexpr qint64 kSize = 64 * 1024; // a quarter second at kRate
    Client client;
    QVERIFY(connectThrough(client));

    m_proxy->setThrottle(kRate);
    QCOMPARE(m_proxy->throttle(), kRate);
    const QByteArray payload(kSize, 't');
    QElapsedTimer elapsed;
    elapsed.start();
    client.socket().write(payload);
    QTRY_COMPARE_WITH_TIMEOUT(client.received().size(), 4 + kSize, 10000);
    QVERIFY2(elapsed.elapsed() >= kThrottledMinMs, QByteArray::number(elapsed.elapsed()).constData());
    QCOMPARE(client.received(), QByteArrayLiteral("ping") + payload);

    // Lifting the cap applies at once.
    m_proxy->setThrottle(0);
    client.socket().write(payload);
    QTRY_COMPARE_WITH_TIMEOUT(client.received().size(), 4 + 2 * kSize, 10000);
}

void tst_FaultProxy::upstreamRefusedClosesClient()
{
    quint16 deadPort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        deadPort = probe.serverPort();
    } // closed: nothing listens there now
    m_proxy->setUpstream(QHostAddress::LocalHost, deadPort);
    QSignalSpy pairClosed(m_proxy.get(), &FaultProxy::pairClosed);

    Client client;
    QSignalSpy gone(&client.socket(), &QTcpSocket::disconnected);
    client.socket().connectToHost(QHostAddress::LocalHost, m_proxy->port());
    client.socket().write("hello?");
    QVERIFY(gone.wait(kEventTimeoutMs));
    QTRY_COMPARE(pairClosed.size(), 1);
    QCOMPARE(m_proxy->activePairs(), 0);
    QCOMPARE(m_proxy->connectionCount(), 1);
    QCOMPARE(m_proxy->bytesUp(), 0);
    QVERIFY(client.received().isEmpty());
}

void tst_FaultProxy::serverCloseFlushesThenClosesClient()
{
    Client client;
    QVERIFY(connectThrough(client));
    QTcpSocket *serverSide = m_server->socket(0);
    QVERIFY(serverSide);
    QSignalSpy pairClosed(m_proxy.get(), &FaultProxy::pairClosed);

    m_proxy->setDelay(100ms); // the goodbye is still in flight when the server has gone
    QByteArray receivedAtClose;
    QObject::connect(&client.socket(), &QTcpSocket::disconnected, &client.socket(),
                     [&] { receivedAtClose = client.received() + client.socket().readAll(); });
    QSignalSpy gone(&client.socket(), &QTcpSocket::disconnected);
    serverSide->write("bye");
    serverSide->disconnectFromHost();
    QVERIFY(gone.wait(kEventTimeoutMs));
    QCOMPARE(receivedAtClose, QByteArrayLiteral("pingbye"));
    QTRY_COMPARE(pairClosed.size(), 1);
    QCOMPARE(m_proxy->activePairs(), 0);
}

void tst_FaultProxy::clientCloseClosesUpstream()
{
    Client client;
    QVERIFY(connectThrough(client));
    QTcpSocket *serverSide = m_server->socket(0);
    QVERIFY(serverSide);
    QSignalSpy serverGone(serverSide, &QTcpSocket::disconnected);
    QSignalSpy pairClosed(m_proxy.get(), &FaultProxy::pairClosed);

    client.socket().write("last");
    client.socket().disconnectFromHost();
    QVERIFY(serverGone.wait(kEventTimeoutMs));
    QCOMPARE(m_server->received(), QByteArrayLiteral("pinglast"));
    QTRY_COMPARE(pairClosed.size(), 1);
    QCOMPARE(m_proxy->activePairs(), 0);
}

void tst_FaultProxy::blackholeStillPassesOnAClose()
{
    Client client;
    QVERIFY(connectThrough(client));
    QTcpSocket *serverSide = m_server->socket(0);
    QVERIFY(serverSide);
    QSignalSpy serverGone(serverSide, &QTcpSocket::disconnected);
    QSignalSpy pairClosed(m_proxy.get(), &FaultProxy::pairClosed);

    m_proxy->setMode(FaultProxy::Mode::Blackhole);
    client.socket().write("unheard");
    client.socket().disconnectFromHost();
    QVERIFY(serverGone.wait(kEventTimeoutMs));
    QCOMPARE(m_server->received(), QByteArrayLiteral("ping"));
    QTRY_COMPARE(pairClosed.size(), 1);
}

void tst_FaultProxy::closeCleansUpAndCanListenAgain()
{
    Client client;
    QVERIFY(connectThrough(client));
    m_proxy->setDelay(1000ms);
    client.socket().write("in flight");
    QTRY_VERIFY(m_proxy->bytesInFlight() > 0);
    QSignalSpy clientGone(&client.socket(), &QTcpSocket::disconnected);
    QSignalSpy serverGone(m_server->socket(0), &QTcpSocket::disconnected);
    QSignalSpy pairClosed(m_proxy.get(), &FaultProxy::pairClosed);
    const quint16 port = m_proxy->port();

    m_proxy->close();
    QVERIFY(!m_proxy->isListening());
    QCOMPARE(m_proxy->port(), 0);
    QCOMPARE(pairClosed.size(), 1);
    QCOMPARE(m_proxy->activePairs(), 0);
    QCOMPARE(m_proxy->bytesInFlight(), 0);
    QVERIFY(clientGone.size() == 1 || clientGone.wait(kEventTimeoutMs));
    QVERIFY(serverGone.size() == 1 || serverGone.wait(kEventTimeoutMs));
    QCOMPARE(m_server->received(), QByteArrayLiteral("ping")); // the delayed bytes died with it

    // Nobody answers on the port now.
    Client late;
    QSignalSpy lateError(&late.socket(), &QTcpSocket::errorOccurred);
    late.socket().connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(lateError.wait(kEventTimeoutMs));
    QCOMPARE(late.socket().error(), QAbstractSocket::ConnectionRefusedError);

    // "The server is back" on the same port; the settings survived.
    QVERIFY(m_proxy->listen(port));
    QCOMPARE(m_proxy->port(), port);
    m_proxy->setDelay(0ms);
    Client again;
    QVERIFY(connectThrough(again));
}

void tst_FaultProxy::destroyedWhileTimersRun()
{
    Client client;
    QVERIFY(connectThrough(client));
    QSignalSpy clientGone(&client.socket(), &QTcpSocket::disconnected);
    QSignalSpy pairClosed(m_proxy.get(), &FaultProxy::pairClosed);
    m_proxy->setDelay(50ms);
    m_proxy->setThrottle(1024);
    m_proxy->stallMidFrame(50ms);
    client.socket().write(QByteArray(4096, 'd'));
    QTRY_VERIFY(m_proxy->bytesInFlight() > 0);

    m_proxy.reset(); // release, throttle and stall timers were all pending
    QCOMPARE(pairClosed.size(), 0); // quiet teardown
    QVERIFY(clientGone.wait(kEventTimeoutMs));
    // Let any late timer or deferred delete run: the echo server still works afterwards.
    Client direct;
    QSignalSpy connected(&direct.socket(), &QTcpSocket::connected);
    direct.socket().connectToHost(QHostAddress::LocalHost, m_server->serverPort());
    QVERIFY(connected.wait(kEventTimeoutMs));
    direct.socket().write("ok");
    QTRY_COMPARE(direct.received(), QByteArrayLiteral("ok"));
}

PARLEY_TEST_GUILESS_MAIN(tst_FaultProxy)
#include "tst_faultproxy.moc"
