// DialectDetector against in-process servers: parley-server, a scripted stock Socket.IO server,
// silent / greeting / closing / path-restricted websocket servers, and nothing at all.
#include "dialectdetector.h"
#include "parleyserver.h"
#include "scriptedsocketioserver.h"
#include "testmain.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace std::chrono_literals;
using Dialect = ServerKind;

namespace {
//! The probe's open timeout in these tests: a silent websocket server is raw after it.
constexpr auto kOpenTimeout = 500ms;
} // namespace

class tst_DialectDetector : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void names();
    void parley();
    void stockSocketIo();
    void parleyWithAccountsOnly();
    void stockServerWithAuthMiddleware();
    void greetingServerIsRaw();
    void silentServerIsRaw();
    void closingServerIsRaw();
    void unreachable();
    void badUrl();

private:
    struct Result
    {
        std::optional<Dialect> dialect;
        std::optional<IMConnector::Error> error;
        //! What gave the dialect away, in the detector's words (detected()'s reason).
        QString reason;
    };
    static Result run(const QUrl &url);
};

tst_DialectDetector::Result tst_DialectDetector::run(const QUrl &url)
{
    DialectDetector d;
    DialectDetector::Settings s;
    s.openTimeout = kOpenTimeout;
    s.probeTimeout = 1500ms; // generous for a loaded CI machine: parley-server must answer within it
    s.connectTimeout = 3000ms;
    d.setSettings(s);
    QSignalSpy detected(&d, &DialectDetector::detected);
    QSignalSpy failed(&d, &DialectDetector::failed);
    d.detect(url);
    (void)QTest::qWaitFor([&] { return !detected.isEmpty() || !failed.isEmpty(); }, 8000);
    Result r;
    if (!detected.isEmpty()) {
        r.dialect = detected.at(0).at(0).value<Dialect>();
        r.reason = detected.at(0).at(1).toString();
    }
    if (!failed.isEmpty())
        r.error = failed.at(0).at(0).value<IMConnector::Error>();
    // Exactly one answer, and no second one to come: the probe is over (Idle, its link dropped).
    if (d.isRunning() || detected.size() + failed.size() != 1)
        r.dialect.reset();
    return r;
}

void tst_DialectDetector::names()
{
    for (Dialect d : {Dialect::Parley, Dialect::SocketIo, Dialect::Raw})
        QCOMPARE(ServerKinds::fromName(ServerKinds::name(d)), d);
    QVERIFY(!ServerKinds::fromName(QStringLiteral("auto")));
}

void tst_DialectDetector::parley()
{
    ParleyServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const Result r = run(server.url());
    QCOMPARE(r.dialect, Dialect::Parley);
}

void tst_DialectDetector::stockSocketIo()
{
    ScriptedSocketIoServer server; // answers no "history" request
    QVERIFY(server.listen());
    const Result r = run(server.url());
    QCOMPARE(r.dialect, Dialect::SocketIo);
    QCOMPARE(server.eventCount(QStringLiteral("history")), 1);
}

void tst_DialectDetector::parleyWithAccountsOnly()
{
    // No guests: the anonymous probe is refused, with parley-server's reason code.
    ServerSettings settings;
    settings.guests = false;
    ParleyServer server(settings);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const Result r = run(server.url());
    QCOMPARE(r.dialect, Dialect::Parley);
}

void tst_DialectDetector::stockServerWithAuthMiddleware()
{
    ScriptedSocketIoServer server;
    QVERIFY(server.listen());
    server.setConnectHandler([](QWebSocket *, const QJsonObject &) {
        return QStringLiteral(R"(44{"message":"not authorized"})");
    });
    const Result r = run(server.url());
    QCOMPARE(r.dialect, Dialect::SocketIo);
}

void tst_DialectDetector::greetingServerIsRaw()
{
    QWebSocketServer server(QStringLiteral("greeter"), QWebSocketServer::NonSecureMode);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    connect(&server, &QWebSocketServer::newConnection, this, [&server] {
        server.nextPendingConnection()->sendTextMessage(QStringLiteral("Welcome!"));
    });
    const Result r = run(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(server.serverPort())));
    QCOMPARE(r.dialect, Dialect::Raw);
    // Told by the greeting itself, without waiting for the open timeout.
    QCOMPARE(r.reason, DialectDetector::tr("the server's first message is not an Engine.IO open packet"));
}

void tst_DialectDetector::silentServerIsRaw()
{
    QWebSocketServer server(QStringLiteral("silent"), QWebSocketServer::NonSecureMode);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const Result r = run(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(server.serverPort())));
    QCOMPARE(r.dialect, Dialect::Raw);
    // Nothing but the open timeout could tell.
    QCOMPARE(r.reason, DialectDetector::tr("no Engine.IO open packet within %1 ms").arg(kOpenTimeout.count()));
}

void tst_DialectDetector::closingServerIsRaw()
{
    QWebSocketServer server(QStringLiteral("closer"), QWebSocketServer::NonSecureMode);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    connect(&server, &QWebSocketServer::newConnection, this, [&server] {
        server.nextPendingConnection()->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("wrong path"));
    });
    const Result r = run(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(server.serverPort())));
    QCOMPARE(r.dialect, Dialect::Raw);
}

void tst_DialectDetector::unreachable()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    const Result r = run(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(port)));
    QVERIFY(!r.dialect);
    QCOMPARE(r.error, IMConnector::Error::Network);
}

void tst_DialectDetector::badUrl()
{
    const Result r = run(QUrl(QStringLiteral("http://127.0.0.1:1")));
    QCOMPARE(r.error, IMConnector::Error::BadUrl);
}

PARLEY_TEST_GUILESS_MAIN(tst_DialectDetector)
#include "tst_dialectdetector.moc"
