// SocketIoSession over a real IMConnector against a scripted in-process QWebSocketServer that
// speaks raw Engine.IO strings, so every protocol path (and every kind of garbage) is exercised.
#include "socketiosession.h"

#include "socketiocodec.h"
#include "testmain.h"
#include "testsettings.h"

#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace std::chrono_literals;

namespace {
const QString kOpen = QStringLiteral(
    "0{\"sid\":\"abc\",\"upgrades\":[],\"pingInterval\":200,\"pingTimeout\":200,\"maxPayload\":1000000}");

//! Every test here: no RFC 6455 pings (only Engine.IO's own keepalive is under test), retries
//! capped at 200 ms.
ConnectorSettings sessionSettings()
{
    ConnectorSettings s = ParleyTest::withoutHeartbeat(ParleyTest::fastSettings());
    s.backoffCap = 200ms;
    return s;
}
} // namespace

class tst_SocketIoSession : public QObject
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
    void namespaceConnect();
    void binaryEventIn();
    void binaryOut();
    void binaryIncompleteDropped();
    void recoveryAuthAfterReconnect();
    void recoveryForgottenForAnotherServer();

private:
    //! Connects a dialect and returns the server side after the "40…" connect packet.
    QWebSocket *connectDialect(SocketIoSession *dialect, IMConnector *connector, QString *connectPacket = nullptr);

    QWebSocketServer *m_server = nullptr;
};

void tst_SocketIoSession::init()
{
    m_server = new QWebSocketServer(QStringLiteral("sio"), QWebSocketServer::NonSecureMode, this);
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
}

void tst_SocketIoSession::cleanup()
{
    delete m_server;
    m_server = nullptr;
}

QWebSocket *tst_SocketIoSession::connectDialect(SocketIoSession *dialect, IMConnector *connector,
                                                QString *connectPacket)
{
    QSignalSpy ready(dialect, &SocketIoSession::ready);
    connector->open(SocketIoSession::endpointUrl(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_server->serverPort()))));
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

void tst_SocketIoSession::endpointUrl_data()
{
    QTest::addColumn<QString>("in");
    QTest::addColumn<QString>("out");
    QTest::newRow("bare") << QStringLiteral("ws://h:1") << QStringLiteral("ws://h:1/socket.io/?EIO=4&transport=websocket");
    QTest::newRow("slash") << QStringLiteral("ws://h:1/") << QStringLiteral("ws://h:1/socket.io/?EIO=4&transport=websocket");
    QTest::newRow("custom path") << QStringLiteral("wss://h/chat/io") << QStringLiteral("wss://h/chat/io/?EIO=4&transport=websocket");
    QTest::newRow("keeps query") << QStringLiteral("ws://h:1/?token=x") << QStringLiteral("ws://h:1/socket.io/?token=x&EIO=4&transport=websocket");
}

void tst_SocketIoSession::endpointUrl()
{
    QFETCH(QString, in);
    QFETCH(QString, out);
    QCOMPARE(SocketIoSession::endpointUrl(QUrl(in)).toString(), out);
}

void tst_SocketIoSession::handshakeAndAuth()
{
    IMConnector c;
    c.setSettings(sessionSettings());
    SocketIoSession d(&c);
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

void tst_SocketIoSession::answersPing()
{
    IMConnector c;
    c.setSettings(sessionSettings());
    SocketIoSession d(&c);
    QWebSocket *peer = connectDialect(&d, &c);
    QVERIFY(peer);
    QSignalSpy text(peer, &QWebSocket::textMessageReceived);
    peer->sendTextMessage(QStringLiteral("2"));
    QVERIFY(text.wait());
    QCOMPARE(text.at(0).at(0).toString(), QStringLiteral("3"));
}

void tst_SocketIoSession::eventsAndAcksBothWays()
{
    IMConnector c;
    c.setSettings(sessionSettings());
    SocketIoSession d(&c);
    QWebSocket *peer = connectDialect(&d, &c);
    QVERIFY(peer);
    QSignalSpy text(peer, &QWebSocket::textMessageReceived);
    QSignalSpy events(&d, &SocketIoSession::eventReceived);

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

void tst_SocketIoSession::garbageDoesNotKill_data()
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

void tst_SocketIoSession::garbageDoesNotKill()
{
    QFETCH(QString, frame);
    IMConnector c;
    c.setSettings(sessionSettings());
    SocketIoSession d(&c);
    QWebSocket *peer = connectDialect(&d, &c);
    QVERIFY(peer);
    QSignalSpy events(&d, &SocketIoSession::eventReceived);
    peer->sendTextMessage(frame);
    peer->sendBinaryMessage(QByteArray("\xff\x00", 2));
    peer->sendTextMessage(QStringLiteral("42[\"after\",1]"));
    QVERIFY(events.wait());
    QCOMPARE(events.last().at(0).toString(), QStringLiteral("after"));
    QVERIFY(d.isReady());
    QCOMPARE(c.state(), IMConnector::State::Connected);
}

void tst_SocketIoSession::silenceIsDeath()
{
    IMConnector c;
    c.setSettings(sessionSettings());
    SocketIoSession d(&c);
    QSignalSpy err(&c, &IMConnector::errorOccurred);
    QSignalSpy notReady(&d, &SocketIoSession::notReady);
    QSignalSpy retry(&c, &IMConnector::reconnectScheduled);
    QWebSocket *peer = connectDialect(&d, &c);
    QVERIFY(peer);
    // The server stops pinging: after pingInterval + pingTimeout (400 ms) the link is dead.
    QVERIFY(err.wait(3000));
    QCOMPARE(err.at(0).at(0).value<IMConnector::Error>(), IMConnector::Error::Timeout);
    QCOMPARE(notReady.size(), 1);
    QTRY_VERIFY(retry.size() >= 1);
}

void tst_SocketIoSession::connectErrorStopsRetries()
{
    IMConnector c;
    c.setSettings(sessionSettings());
    SocketIoSession d(&c);
    QSignalSpy refused(&d, &SocketIoSession::connectRefused);
    QSignalSpy retry(&c, &IMConnector::reconnectScheduled);
    QSignalSpy err(&c, &IMConnector::errorOccurred);
    c.open(SocketIoSession::endpointUrl(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_server->serverPort()))));
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
    // Stopped for good: no retry scheduled, none pending, so no second connection can come.
    QCOMPARE(c.state(), IMConnector::State::Disconnected);
    QCOMPARE(retry.size(), 0);
    QCOMPARE(c.retryRemainingMs(), -1);
}

void tst_SocketIoSession::notASocketIoServer()
{
    // A plain websocket server that greets with text: a protocol error, retried (transient).
    IMConnector c;
    c.setSettings(sessionSettings());
    SocketIoSession d(&c);
    QSignalSpy err(&c, &IMConnector::errorOccurred);
    c.open(SocketIoSession::endpointUrl(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_server->serverPort()))));
    QVERIFY(QSignalSpy(m_server, &QWebSocketServer::newConnection).wait());
    QWebSocket *peer = m_server->nextPendingConnection();
    peer->setParent(m_server);
    peer->sendTextMessage(QStringLiteral("0Welcome to my plain server"));
    QVERIFY(err.wait());
    QCOMPARE(err.at(0).at(0).value<IMConnector::Error>(), IMConnector::Error::Protocol);
    QVERIFY(!d.isReady());
}

void tst_SocketIoSession::namespaceConnect()
{
    IMConnector c;
    c.setSettings(sessionSettings());
    SocketIoSession d(&c);
    d.setNamespace(QStringLiteral("admin"));
    QCOMPARE(d.nameSpace(), QStringLiteral("/admin"));
    d.setAuth(QJsonObject{{QStringLiteral("token"), QStringLiteral("s3cret")}});
    QSignalSpy ready(&d, &SocketIoSession::ready);
    QSignalSpy events(&d, &SocketIoSession::eventReceived);
    c.open(SocketIoSession::endpointUrl(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_server->serverPort()))));
    QVERIFY(QSignalSpy(m_server, &QWebSocketServer::newConnection).wait());
    QWebSocket *peer = m_server->nextPendingConnection();
    peer->setParent(m_server);
    QSignalSpy text(peer, &QWebSocket::textMessageReceived);
    peer->sendTextMessage(kOpen);
    QVERIFY(text.wait());
    QCOMPARE(text.at(0).at(0).toString(), QStringLiteral("40/admin,{\"token\":\"s3cret\"}"));
    // A reply for the default namespace is not ours; the /admin one is.
    peer->sendTextMessage(QStringLiteral("40{\"sid\":\"main\"}"));
    peer->sendTextMessage(QStringLiteral("40/admin,{\"sid\":\"adm\"}"));
    QVERIFY(ready.wait());
    QCOMPARE(d.sid(), QStringLiteral("adm"));
    peer->sendTextMessage(QStringLiteral("42[\"main only\"]"));
    peer->sendTextMessage(QStringLiteral("42/admin,[\"admin only\"]"));
    QVERIFY(events.wait());
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).at(0).toString(), QStringLiteral("admin only"));
    QVERIFY(d.emitEvent(QStringLiteral("x"), {1}));
    QTRY_COMPARE(text.size(), 2);
    QCOMPARE(text.at(1).at(0).toString(), QStringLiteral("42/admin,[\"x\",1]"));
}

void tst_SocketIoSession::binaryEventIn()
{
    IMConnector c;
    c.setSettings(sessionSettings());
    SocketIoSession d(&c);
    QWebSocket *peer = connectDialect(&d, &c);
    QVERIFY(peer);
    QSignalSpy binary(&d, &SocketIoSession::binaryEventReceived);
    QSignalSpy problems(&d, &SocketIoSession::protocolError);
    QSignalSpy frames(&c, &IMConnector::binaryReceived); // after the session's own connection
    // socket.emit("file", {name:"a", data: <Buffer 00 ff>}, <Buffer 68 69>) with an ack request
    peer->sendTextMessage(QStringLiteral("452-9[\"file\",{\"name\":\"a\",\"data\":{\"_placeholder\":true,\"num\":0}},"
                                         "{\"_placeholder\":true,\"num\":1}]"));
    peer->sendBinaryMessage(QByteArray("\x00\xff", 2));
    QTRY_COMPARE(frames.size(), 1); // the session has seen the first attachment...
    QCOMPARE(binary.size(), 0);     // ...and waits for the second
    peer->sendBinaryMessage(QByteArray("hi"));
    QVERIFY(binary.wait());
    QCOMPARE(binary.at(0).at(0).toString(), QStringLiteral("file"));
    const QJsonArray args = binary.at(0).at(1).toJsonArray();
    QCOMPARE(SocketIoCodec::placeholderIndex(args.at(0).toObject().value(QLatin1String("data"))), 0);
    QCOMPARE(SocketIoCodec::placeholderIndex(args.at(1)), 1);
    const auto attachments = binary.at(0).at(2).value<QList<QByteArray>>();
    QCOMPARE(attachments, (QList<QByteArray>{QByteArray("\x00\xff", 2), QByteArray("hi")}));
    QCOMPARE(binary.at(0).at(3).toLongLong(), 9);
    QCOMPARE(problems.size(), 0);

    // A binary ack to the server's request.
    QSignalSpy text(peer, &QWebSocket::textMessageReceived);
    QSignalSpy bytes(peer, &QWebSocket::binaryMessageReceived);
    d.sendAck(9, {SocketIoCodec::placeholder(0)}, {QByteArray("ok")});
    QTRY_COMPARE(bytes.size(), 1);
    QCOMPARE(text.at(0).at(0).toString(), QStringLiteral("461-9[{\"_placeholder\":true,\"num\":0}]"));
    QCOMPARE(bytes.at(0).at(0).toByteArray(), QByteArray("ok"));
}

void tst_SocketIoSession::binaryOut()
{
    IMConnector c;
    c.setSettings(sessionSettings());
    SocketIoSession d(&c);
    QWebSocket *peer = connectDialect(&d, &c);
    QVERIFY(peer);
    QSignalSpy text(peer, &QWebSocket::textMessageReceived);
    QSignalSpy bytes(peer, &QWebSocket::binaryMessageReceived);
    const QByteArray png("\x89PNG\r\n\x1a\n", 8);
    QJsonArray ackArgs;
    QList<QByteArray> ackAttachments;
    bool acked = false;
    QVERIFY(d.emitEventWithAttachments(QStringLiteral("upload"), {SocketIoCodec::placeholder(0)}, {png},
                                       [&](const QJsonArray &a, const QList<QByteArray> &b) {
                                           acked = true;
                                           ackArgs = a;
                                           ackAttachments = b;
                                       }));
    QTRY_COMPARE(bytes.size(), 1);
    QCOMPARE(text.at(0).at(0).toString(), QStringLiteral("451-0[\"upload\",{\"_placeholder\":true,\"num\":0}]"));
    QCOMPARE(bytes.at(0).at(0).toByteArray(), png);
    // The server acknowledges with binary data too.
    peer->sendTextMessage(QStringLiteral("461-0[{\"_placeholder\":true,\"num\":0}]"));
    peer->sendBinaryMessage(QByteArray("thumb"));
    QTRY_VERIFY(acked);
    QCOMPARE(ackAttachments, QList<QByteArray>{QByteArray("thumb")});

    // Placeholders that do not match the attachments are refused before anything is written.
    QVERIFY(!d.emitEventWithAttachments(QStringLiteral("bad"), {SocketIoCodec::placeholder(1)}, {png}));
    // No attachments: a plain event.
    QVERIFY(d.emitEventWithAttachments(QStringLiteral("plain"), {1}, {}));
    QTRY_COMPARE(text.size(), 2);
    QCOMPARE(text.at(1).at(0).toString(), QStringLiteral("42[\"plain\",1]"));
}

void tst_SocketIoSession::binaryIncompleteDropped()
{
    IMConnector c;
    c.setSettings(sessionSettings());
    SocketIoSession d(&c);
    QWebSocket *peer = connectDialect(&d, &c);
    QVERIFY(peer);
    QSignalSpy binary(&d, &SocketIoSession::binaryEventReceived);
    QSignalSpy events(&d, &SocketIoSession::eventReceived);
    QSignalSpy problems(&d, &SocketIoSession::protocolError);
    peer->sendTextMessage(QStringLiteral("452-[\"f\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"));
    peer->sendBinaryMessage(QByteArray("a"));
    peer->sendTextMessage(QStringLiteral("42[\"next\"]")); // the second attachment never came
    QVERIFY(events.wait());
    QCOMPARE(events.at(0).at(0).toString(), QStringLiteral("next"));
    QCOMPARE(binary.size(), 0);
    QCOMPARE(problems.size(), 1);
    // A stray binary frame is reported, not fatal.
    peer->sendBinaryMessage(QByteArray("stray"));
    QTRY_COMPARE(problems.size(), 2);
    QVERIFY(d.isReady());
}

void tst_SocketIoSession::recoveryAuthAfterReconnect()
{
    // socket.io >= 4.6 with connectionStateRecovery: {sid, pid} on connect, offsets after events.
    IMConnector c;
    c.setSettings(sessionSettings());
    SocketIoSession d(&c);
    d.setAuth(QJsonObject{{QStringLiteral("name"), QStringLiteral("alice")}});
    QSignalSpy ready(&d, &SocketIoSession::ready);
    QSignalSpy events(&d, &SocketIoSession::eventReceived);
    const QUrl url = SocketIoSession::endpointUrl(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_server->serverPort())));
    c.open(url);
    QVERIFY(QSignalSpy(m_server, &QWebSocketServer::newConnection).wait());
    QWebSocket *peer = m_server->nextPendingConnection();
    peer->setParent(m_server);
    {
        QSignalSpy text(peer, &QWebSocket::textMessageReceived);
        peer->sendTextMessage(kOpen);
        QVERIFY(text.wait());
        QCOMPARE(text.at(0).at(0).toString(), QStringLiteral("40{\"name\":\"alice\"}"));
    }
    peer->sendTextMessage(QStringLiteral("40{\"sid\":\"s1\",\"pid\":\"P1\"}"));
    QVERIFY(ready.wait());
    QVERIFY(d.recoveryOffered());
    QVERIFY(!d.wasRecovered());
    QCOMPARE(d.recoveryPid(), QStringLiteral("P1"));
    peer->sendTextMessage(QStringLiteral("42[\"chat message\",\"one\",\"OFF1\"]"));
    peer->sendTextMessage(QStringLiteral("421[\"question\",\"not stored: asks for an ack\"]"));
    QTRY_COMPARE(events.size(), 2);
    QCOMPARE(d.recoveryOffset(), QStringLiteral("OFF1"));

    // The link drops; the next connect asks for the session back.
    peer->abort();
    QVERIFY(QSignalSpy(m_server, &QWebSocketServer::newConnection).wait(5000));
    QWebSocket *again = m_server->nextPendingConnection();
    again->setParent(m_server);
    QSignalSpy text(again, &QWebSocket::textMessageReceived);
    again->sendTextMessage(kOpen);
    QVERIFY(text.wait());
    QCOMPARE(text.at(0).at(0).toString(),
             QStringLiteral("40{\"name\":\"alice\",\"offset\":\"OFF1\",\"pid\":\"P1\"}"));
    again->sendTextMessage(QStringLiteral("40{\"sid\":\"s1\",\"pid\":\"P1\"}"));
    QVERIFY(ready.wait());
    QVERIFY(d.wasRecovered());

    // A server without recovery (no pid): nothing is added to the auth.
    again->sendTextMessage(QStringLiteral("42[\"chat message\",\"two\",\"OFF2\"]"));
    QTRY_COMPARE(d.recoveryOffset(), QStringLiteral("OFF2"));
    d.resetRecovery();
    again->abort();
    QVERIFY(QSignalSpy(m_server, &QWebSocketServer::newConnection).wait(5000));
    QWebSocket *third = m_server->nextPendingConnection();
    third->setParent(m_server);
    QSignalSpy text3(third, &QWebSocket::textMessageReceived);
    third->sendTextMessage(kOpen);
    QVERIFY(text3.wait());
    QCOMPARE(text3.at(0).at(0).toString(), QStringLiteral("40{\"name\":\"alice\"}"));
}

void tst_SocketIoSession::recoveryForgottenForAnotherServer()
{
    IMConnector c;
    c.setSettings(sessionSettings());
    SocketIoSession d(&c);
    QSignalSpy ready(&d, &SocketIoSession::ready);
    c.open(SocketIoSession::endpointUrl(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_server->serverPort()))));
    QVERIFY(QSignalSpy(m_server, &QWebSocketServer::newConnection).wait());
    QWebSocket *peer = m_server->nextPendingConnection();
    peer->setParent(m_server);
    QSignalSpy text1(peer, &QWebSocket::textMessageReceived);
    peer->sendTextMessage(kOpen);
    QVERIFY(text1.wait());
    peer->sendTextMessage(QStringLiteral("40{\"sid\":\"s\",\"pid\":\"P\"}"));
    QVERIFY(ready.wait());
    peer->sendTextMessage(QStringLiteral("42[\"x\",\"a\",\"OFF\"]"));
    QTRY_COMPARE(d.recoveryOffset(), QStringLiteral("OFF"));

    // Another server: the session of the first one must not be offered to it.
    QWebSocketServer other(QStringLiteral("other"), QWebSocketServer::NonSecureMode);
    QVERIFY(other.listen(QHostAddress::LocalHost, 0));
    c.open(SocketIoSession::endpointUrl(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(other.serverPort()))));
    QVERIFY(QSignalSpy(&other, &QWebSocketServer::newConnection).wait());
    QWebSocket *p2 = other.nextPendingConnection();
    QSignalSpy text(p2, &QWebSocket::textMessageReceived);
    p2->sendTextMessage(kOpen);
    QVERIFY(text.wait());
    QCOMPARE(text.at(0).at(0).toString(), QStringLiteral("40"));
    QVERIFY(!d.recoveryOffered());
    c.close();
    delete p2;
}

PARLEY_TEST_GUILESS_MAIN(tst_SocketIoSession)
#include "tst_socketiosession.moc"
