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

class tst_DialectDetector : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void names();
    void parley();
    void stockSocketIo();
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
        qint64 elapsedMs = 0;
    };
    static Result run(const QUrl &url);
};

tst_DialectDetector::Result tst_DialectDetector::run(const QUrl &url)
{
    DialectDetector d;
    DialectDetector::Settings s;
    s.openTimeout = 500ms;
    s.probeTimeout = 1500ms; // generous for a loaded CI machine: parley-server must answer within it
    s.connectTimeout = 3000ms;
    d.setSettings(s);
    QSignalSpy detected(&d, &DialectDetector::detected);
    QSignalSpy failed(&d, &DialectDetector::failed);
    QElapsedTimer t;
    t.start();
    d.detect(url);
    (void)QTest::qWaitFor([&] { return !detected.isEmpty() || !failed.isEmpty(); }, 8000);
    Result r;
    r.elapsedMs = t.elapsed();
    if (!detected.isEmpty())
        r.dialect = detected.at(0).at(0).value<Dialect>();
    if (!failed.isEmpty())
        r.error = failed.at(0).at(0).value<IMConnector::Error>();
    // Exactly one answer: no second one while the event loop runs on for a moment.
    const bool second = QTest::qWaitFor([&] { return detected.size() + failed.size() > 1; }, 50);
    if (second || detected.size() + failed.size() != 1)
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

void tst_DialectDetector::greetingServerIsRaw()
{
    QWebSocketServer server(QStringLiteral("greeter"), QWebSocketServer::NonSecureMode);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    connect(&server, &QWebSocketServer::newConnection, this, [&server] {
        server.nextPendingConnection()->sendTextMessage(QStringLiteral("Welcome!"));
    });
    const Result r = run(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(server.serverPort())));
    QCOMPARE(r.dialect, Dialect::Raw);
    QVERIFY(r.elapsedMs < 500); // no need to wait for the open timeout
}

void tst_DialectDetector::silentServerIsRaw()
{
    QWebSocketServer server(QStringLiteral("silent"), QWebSocketServer::NonSecureMode);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const Result r = run(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(server.serverPort())));
    QCOMPARE(r.dialect, Dialect::Raw);
    QVERIFY(r.elapsedMs >= 500);
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
