// SocketIoDialect over a real IMConnector against a scripted in-process QWebSocketServer that
// speaks raw Engine.IO strings, so every protocol path (and every kind of garbage) is exercised.
#include "socketiodialect.h"

#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace std::chrono_literals;

namespace {
const QString kOpen = QStringLiteral(
    "0{\"sid\":\"abc\",\"upgrades\":[],\"pingInterval\":200,\"pingTimeout\":200,\"maxPayload\":1000000}");

ConnectorSettings fastSettings()
{
    ConnectorSettings s;
    s.backoffBase = 50ms;
    s.backoffCap = 200ms;
    s.heartbeatInterval = 60000ms; // keep RFC 6455 pings out of these tests
    s.heartbeatTimeout = 60000ms;
    return s;
}
} // namespace

class tst_SocketIoDialect : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void endpointUrl_data();
    void endpointUrl();
    void handshakeAndAuth();
    void answersPing();
    void eventsAndAcksBothWays();
    void garbageDoesNotKill_data();
    void garbageDoesNotKill();
    void silenceIsDeath();
    void connectErrorStopsRetries();
    void notASocketIoServer();

private:
    //! Connects a dialect and returns the server side after the "40…" connect packet.
    QWebSocket *connectDialect(SocketIoDialect *dialect, IMConnector *connector, QString *connectPacket = nullptr);

    QWebSocketServer *m_server = nullptr;
};

void tst_SocketIoDialect::init()
{
    m_server = new QWebSocketServer(QStringLiteral("sio"), QWebSocketServer::NonSecureMode, this);
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
}

void tst_SocketIoDialect::cleanup()
{
    delete m_server;
    m_server = nullptr;
}

QWebSocket *tst_SocketIoDialect::connectDialect(SocketIoDialect *dialect, IMConnector *connector,
                                                QString *connectPacket)
{
    QSignalSpy ready(dialect, &SocketIoDialect::ready);
    connector->open(SocketIoDialect::endpointUrl(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_server->serverPort()))));
    if (!QSignalSpy(m_server, &QWebSocketServer::newConnection).wait(5000))
        return nullptr;
    QWebSocket *peer = m_server->nextPendingConnection();
    peer->setParent(m_server);
    QSignalSpy text(peer, &QWebSocket::textMessageReceived);
    peer->sendTextMessage(kOpen);
    if (!text.wait(5000))
        return nullptr;
    if (connectPacket)
        *connectPacket = text.at(0).at(0).toString();
    peer->sendTextMessage(QStringLiteral("40{\"sid\":\"s1\"}"));
    if (!ready.wait(5000))
        return nullptr;
    return peer;
}

void tst_SocketIoDialect::endpointUrl_data()
{
    QTest::addColumn<QString>("in");
    QTest::addColumn<QString>("out");
    QTest::newRow("bare") << QStringLiteral("ws://h:1") << QStringLiteral("ws://h:1/socket.io/?EIO=4&transport=websocket");
    QTest::newRow("slash") << QStringLiteral("ws://h:1/") << QStringLiteral("ws://h:1/socket.io/?EIO=4&transport=websocket");
    QTest::newRow("custom path") << QStringLiteral("wss://h/chat/io") << QStringLiteral("wss://h/chat/io/?EIO=4&transport=websocket");
    QTest::newRow("keeps query") << QStringLiteral("ws://h:1/?token=x") << QStringLiteral("ws://h:1/socket.io/?token=x&EIO=4&transport=websocket");
}

void tst_SocketIoDialect::endpointUrl()
{
    QFETCH(QString, in);
    QFETCH(QString, out);
    QCOMPARE(SocketIoDialect::endpointUrl(QUrl(in)).toString(), out);
}

void tst_SocketIoDialect::handshakeAndAuth()
{
    IMConnector c;
    c.setSettings(fastSettings());
    SocketIoDialect d(&c);
    d.setAuth(QJsonObject{{QStringLiteral("name"), QStringLiteral("alice")}});
    QString connectPacket;
    QWebSocket *peer = connectDialect(&d, &c, &connectPacket);
    QVERIFY(peer);
    QCOMPARE(connectPacket, QStringLiteral("40{\"name\":\"alice\"}"));
    QVERIFY(d.isReady());
    QCOMPARE(d.sid(), QStringLiteral("s1"));
    QCOMPARE(d.handshake().sid, QStringLiteral("abc"));
    QCOMPARE(d.handshake().pingIntervalMs, 200);
    QCOMPARE(peer->requestUrl().path(), QStringLiteral("/socket.io/"));
    QCOMPARE(QUrlQuery(peer->requestUrl()).queryItemValue(QStringLiteral("EIO")), QStringLiteral("4"));
}

void tst_SocketIoDialect::answersPing()
{
    IMConnector c;
    c.setSettings(fastSettings());
    SocketIoDialect d(&c);
    QWebSocket *peer = connectDialect(&d, &c);
    QVERIFY(peer);
    QSignalSpy text(peer, &QWebSocket::textMessageReceived);
    peer->sendTextMessage(QStringLiteral("2"));
    QVERIFY(text.wait());
    QCOMPARE(text.at(0).at(0).toString(), QStringLiteral("3"));
}

void tst_SocketIoDialect::eventsAndAcksBothWays()
{
    IMConnector c;
    c.setSettings(fastSettings());
    SocketIoDialect d(&c);
    QWebSocket *peer = connectDialect(&d, &c);
    QVERIFY(peer);
    QSignalSpy text(peer, &QWebSocket::textMessageReceived);
    QSignalSpy events(&d, &SocketIoDialect::eventReceived);

    // client → server with an ack
    QJsonArray ackArgs;
    bool acked = false;
    QVERIFY(d.emitEvent(QStringLiteral("chat message"), {QStringLiteral("hi")},
                        [&](const QJsonArray &a) { acked = true; ackArgs = a; }));
    QVERIFY(text.wait());
    QCOMPARE(text.at(0).at(0).toString(), QStringLiteral("420[\"chat message\",\"hi\"]"));
    peer->sendTextMessage(QStringLiteral("430[{\"ok\":true,\"seq\":1}]"));
    QTRY_VERIFY(acked);
    QCOMPARE(ackArgs.at(0).toObject().value(QLatin1String("seq")).toInt(), 1);

    // server → client, asking for an ack
    peer->sendTextMessage(QStringLiteral("427[\"news\",{\"a\":1},\"b\"]"));
    QVERIFY(events.wait());
    QCOMPARE(events.at(0).at(0).toString(), QStringLiteral("news"));
    QCOMPARE(events.at(0).at(1).toJsonArray(), (QJsonArray{QJsonObject{{QStringLiteral("a"), 1}}, QStringLiteral("b")}));
    QCOMPARE(events.at(0).at(2).toLongLong(), 7);
    d.sendAck(7, {QStringLiteral("thanks")});
    QTRY_COMPARE(text.size(), 2);
    QCOMPARE(text.at(1).at(0).toString(), QStringLiteral("437[\"thanks\"]"));
}

void tst_SocketIoDialect::garbageDoesNotKill_data()
{
    QTest::addColumn<QString>("frame");
    QTest::newRow("empty") << QString();
    QTest::newRow("unknown engine type") << QStringLiteral("9hello");
    QTest::newRow("text") << QStringLiteral("hello world");
    QTest::newRow("bad socket type") << QStringLiteral("49");
    QTest::newRow("broken json") << QStringLiteral("42[\"chat message\",");
    QTest::newRow("event object") << QStringLiteral("42{\"a\":1}");
    QTest::newRow("ack unknown id") << QStringLiteral("4399[1]");
    QTest::newRow("binary event") << QStringLiteral("451-[\"f\",{\"_placeholder\":true,\"num\":0}]");
    QTest::newRow("second open") << kOpen;
    QTest::newRow("other namespace") << QStringLiteral("42/admin,[\"x\"]");
    QTest::newRow("huge ack id") << QStringLiteral("4399999999999999999999[1]");
}

void tst_SocketIoDialect::garbageDoesNotKill()
{
    QFETCH(QString, frame);
    IMConnector c;
    c.setSettings(fastSettings());
    SocketIoDialect d(&c);
    QWebSocket *peer = connectDialect(&d, &c);
    QVERIFY(peer);
    QSignalSpy events(&d, &SocketIoDialect::eventReceived);
    peer->sendTextMessage(frame);
    peer->sendBinaryMessage(QByteArray("\xff\x00", 2));
    peer->sendTextMessage(QStringLiteral("42[\"after\",1]"));
    QVERIFY(events.wait());
    QCOMPARE(events.last().at(0).toString(), QStringLiteral("after"));
    QVERIFY(d.isReady());
    QCOMPARE(c.state(), IMConnector::State::Connected);
}

void tst_SocketIoDialect::silenceIsDeath()
{
    IMConnector c;
    c.setSettings(fastSettings());
    SocketIoDialect d(&c);
    QSignalSpy err(&c, &IMConnector::errorOccurred);
    QSignalSpy notReady(&d, &SocketIoDialect::notReady);
    QSignalSpy retry(&c, &IMConnector::reconnectScheduled);
    QWebSocket *peer = connectDialect(&d, &c);
    QVERIFY(peer);
    // The server stops pinging: after pingInterval + pingTimeout (400 ms) the link is dead.
    QVERIFY(err.wait(3000));
    QCOMPARE(err.at(0).at(0).value<IMConnector::Error>(), IMConnector::Error::Timeout);
    QCOMPARE(notReady.size(), 1);
    QTRY_VERIFY(retry.size() >= 1);
}

void tst_SocketIoDialect::connectErrorStopsRetries()
{
    IMConnector c;
    c.setSettings(fastSettings());
    SocketIoDialect d(&c);
    QSignalSpy refused(&d, &SocketIoDialect::connectRefused);
    QSignalSpy retry(&c, &IMConnector::reconnectScheduled);
    QSignalSpy err(&c, &IMConnector::errorOccurred);
    c.open(SocketIoDialect::endpointUrl(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_server->serverPort()))));
    QVERIFY(QSignalSpy(m_server, &QWebSocketServer::newConnection).wait());
    QWebSocket *peer = m_server->nextPendingConnection();
    peer->setParent(m_server);
    QSignalSpy text(peer, &QWebSocket::textMessageReceived);
    peer->sendTextMessage(kOpen);
    QVERIFY(text.wait());
    peer->sendTextMessage(QStringLiteral("44{\"message\":\"Not authorized\"}"));
    QVERIFY(refused.wait());
    QCOMPARE(refused.at(0).at(0).toString(), QStringLiteral("Not authorized"));
    QCOMPARE(err.at(0).at(0).value<IMConnector::Error>(), IMConnector::Error::Refused);
    QCOMPARE(c.state(), IMConnector::State::Disconnected);
    QVERIFY(!QSignalSpy(m_server, &QWebSocketServer::newConnection).wait(500));
    QCOMPARE(retry.size(), 0);
}

void tst_SocketIoDialect::notASocketIoServer()
{
    // A plain websocket server that greets with text: a protocol error, retried (transient).
    IMConnector c;
    c.setSettings(fastSettings());
    SocketIoDialect d(&c);
    QSignalSpy err(&c, &IMConnector::errorOccurred);
    c.open(SocketIoDialect::endpointUrl(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_server->serverPort()))));
    QVERIFY(QSignalSpy(m_server, &QWebSocketServer::newConnection).wait());
    QWebSocket *peer = m_server->nextPendingConnection();
    peer->setParent(m_server);
    peer->sendTextMessage(QStringLiteral("0Welcome to my plain server"));
    QVERIFY(err.wait());
    QCOMPARE(err.at(0).at(0).value<IMConnector::Error>(), IMConnector::Error::Protocol);
    QVERIFY(!d.isReady());
}

QTEST_GUILESS_MAIN(tst_SocketIoDialect)
#include "tst_socketiodialect.moc"
