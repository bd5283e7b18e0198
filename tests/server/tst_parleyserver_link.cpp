// ParleyServer end to end, the link: listening, the Engine.IO / Socket.IO handshake and guests' names,
// the heartbeat, wrong endpoints, and how sessions end. A real server on 127.0.0.1 in-process,
// driven by plain QWebSocket clients that speak raw strings built with SocketIoCodec.

#include "parleyserverfixtures.h"
#include "testmain.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

using namespace std::chrono_literals;

namespace {

//! A fresh server, a client on it with the Engine.IO link open, and the server's answer to the
//! client's "40" with \a auth to \a nsp. Any part is empty when that step failed.
struct ConnectAttempt
{
    std::unique_ptr<ParleyServer> server;
    std::unique_ptr<SioClient> client;
    std::optional<SocketIoPacket> answer;
};

ConnectAttempt connectAttempt(const QJsonObject &auth, const QString &nsp = QStringLiteral("/"))
{
    ConnectAttempt attempt;
    attempt.server = startServer();
    if (attempt.server)
        attempt.client = openedClient(*attempt.server);
    if (attempt.client)
        attempt.answer = attempt.client->connectIo(auth, nsp);
    return attempt;
}

} // namespace

class tst_ParleyServerLink : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listensOnAFreePort();
    void listenFailsOnABusyPort();
    void openPacketCarriesTheSettings();
    void connectNamesTheUser_data();
    void connectNamesTheUser();
    void connectRefusesBadNames_data();
    void connectRefusesBadNames();
    void connectRefusesOtherNamespaces();
    void eventsBeforeConnectAreIgnored();
    void connectTimeoutClosesSilentSockets();
    void pongsKeepTheLinkAlive();
    void missingPongClosesTheSocket();
    void disconnectPacketEndsTheSession();
    void wrongEndpointsAreRejected_data();
    void wrongEndpointsAreRejected();
    void closeDisconnectsEveryone();
    void clientSignalsAndCount();
};

void tst_ParleyServerLink::listensOnAFreePort()
{
    const auto server = startServer();
    QVERIFY(server);
    QVERIFY(server->isListening());
    QVERIFY(server->port() != 0);
    QCOMPARE(server->address(), QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(server->url(), QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(server->port())));
    QCOMPARE(server->clientCount(), 0);
}

void tst_ParleyServerLink::listenFailsOnABusyPort()
{
    const auto first = startServer();
    QVERIFY(first);
    ParleyServer second;
    QVERIFY(!second.listen(QHostAddress(QHostAddress::LocalHost), first->port()));
    QVERIFY(!second.isListening());
    QVERIFY(!second.errorString().isEmpty());
    QCOMPARE(second.port(), quint16(0));
}

void tst_ParleyServerLink::openPacketCarriesTheSettings()
{
    ServerSettings settings;
    settings.pingInterval = 1234ms;
    settings.pingTimeout = 567ms;
    settings.maxPayload = 4242;
    const auto server = startServer(settings);
    QVERIFY(server);
    const auto client = openedClient(*server);
    QVERIFY(client);
    QCOMPARE(client->frames.size(), 1);
    QVERIFY(client->frames.constFirst().startsWith(QLatin1Char('0')));
    QCOMPARE(client->openPacket.sid.size(), 20);
    QVERIFY(client->openPacket.upgrades.isEmpty());
    QCOMPARE(client->openPacket.pingIntervalMs, 1234);
    QCOMPARE(client->openPacket.pingTimeoutMs, 567);
    QCOMPARE(client->openPacket.maxPayload, qint64(4242));
    const QJsonObject raw = QJsonDocument::fromJson(client->frames.constFirst().mid(1).toUtf8()).object();
    QVERIFY(raw.value(QLatin1String("upgrades")).isArray());

    const auto other = openedClient(*server);
    QVERIFY(other);
    QVERIFY(other->openPacket.sid != client->openPacket.sid);
}

void tst_ParleyServerLink::connectNamesTheUser_data()
{
    QTest::addColumn<QJsonObject>("auth");
    QTest::addColumn<QString>("expectedPattern");
    QTest::newRow("name") << obj(R"({"name":"alice"})") << QStringLiteral("^alice$");
    QTest::newRow("trimmed") << obj(R"({"name":"  bob \t"})") << QStringLiteral("^bob$");
    QTest::newRow("unicode") << obj(R"({"name":"Zoë 😀"})") << QStringLiteral("^Zoë 😀$");
    QTest::newRow("bidi marks stripped") << QJsonObject{{QLatin1String("name"), QString::fromUtf8("ev\xE2\x80\xAE" "e")}}
                                         << QStringLiteral("^eve$");
    // Nothing to go by: the guest's account name, "guest-<id>".
    QTest::newRow("empty") << obj(R"({"name":""})") << QStringLiteral("^guest-[0-9]+$");
    QTest::newRow("blank") << obj(R"({"name":"   "})") << QStringLiteral("^guest-[0-9]+$");
    QTest::newRow("null") << obj(R"({"name":null})") << QStringLiteral("^guest-[0-9]+$");
    QTest::newRow("no auth") << QJsonObject() << QStringLiteral("^guest-[0-9]+$");
    QTest::newRow("other fields") << obj(R"({"colour":"red"})") << QStringLiteral("^guest-[0-9]+$");
    QTest::newRow("as a guest") << obj(R"({"guest":true,"name":"Dana"})") << QStringLiteral("^Dana$");
}

void tst_ParleyServerLink::connectNamesTheUser()
{
    QFETCH(QJsonObject, auth);
    QFETCH(QString, expectedPattern);
    const auto [server, client, answer] = connectAttempt(auth);
    QVERIFY(server && client && answer);
    QCOMPARE(answer->type, SocketIoType::Connect);
    QCOMPARE(answer->nsp, QStringLiteral("/"));
    const QString sid = answer->data.toObject().value(QLatin1String("sid")).toString();
    QVERIFY(!sid.isEmpty());
    QVERIFY(sid != client->openPacket.sid);
    // A guest: an id of its own, the name as its display name, a token to come back with.
    const QJsonObject user = userOf(*client);
    QVERIFY(user.value(QLatin1String("id")).toInteger() > 0);
    QCOMPARE(user.value(QLatin1String("username")).toString(),
             QStringLiteral("guest-%1").arg(user.value(QLatin1String("id")).toInteger()));
    QCOMPARE(user.value(QLatin1String("guest")), QJsonValue(true));
    QCOMPARE(user.value(QLatin1String("admin")), QJsonValue(false));
    QVERIFY(!answer->data.toObject().value(QLatin1String("token")).toString().isEmpty());

    // The name the server chose shows in the room's member list.
    const auto ack = client->request(QStringLiteral("join"), {obj(R"({"room":"lobby"})")});
    QVERIFY(ack);
    const QJsonArray members = ack->value(QLatin1String("members")).toArray();
    QCOMPARE(members.size(), 1);
    const QString name = members.at(0).toString();
    QVERIFY2(QRegularExpression(expectedPattern).match(name).hasMatch(), qPrintable(name));

    QCOMPARE(members.at(0).toString(), user.value(QLatin1String("displayName")).toString());

    // A repeated "40" is answered with the same sid and user, and no new token; the limits a
    // client may check its drafts against and the features it may use come each time.
    const auto again = client->connectIo(auth);
    QVERIFY(again);
    const QJsonObject limits{{QLatin1String("maxTextLength"), qint64(ServerSettings::kDefaultMaxTextLength)}};
    QCOMPARE(again->data.toObject(), (QJsonObject{{QLatin1String("sid"), sid}, {QLatin1String("user"), user},
                                                  {QLatin1String("limits"), limits},
                                                  {QLatin1String("features"), QJsonArray{QStringLiteral("search")}}}));
}

void tst_ParleyServerLink::connectRefusesBadNames_data()
{
    QTest::addColumn<QJsonObject>("auth");
    QTest::addColumn<QString>("reason");
    QTest::newRow("too long") << QJsonObject{{QLatin1String("name"), QString(65, QLatin1Char('n'))}}
                              << QStringLiteral("name too long");
    QTest::newRow("number") << obj(R"({"name":42})") << QStringLiteral("invalid name");
    QTest::newRow("object") << obj(R"({"name":{"first":"a"}})") << QStringLiteral("invalid name");
    QTest::newRow("newline") << obj(R"({"name":"a\nb"})") << QStringLiteral("invalid name");
    QTest::newRow("a token that is none") << obj(R"({"token":"x"})") << QStringLiteral("invalid token");
    QTest::newRow("a token of another type") << obj(R"({"token":7})") << QStringLiteral("invalid token");
}

void tst_ParleyServerLink::connectRefusesBadNames()
{
    QFETCH(QJsonObject, auth);
    QFETCH(QString, reason);
    const auto [server, client, answer] = connectAttempt(auth);
    QVERIFY(server && client && answer);
    QCOMPARE(answer->type, SocketIoType::ConnectError);
    QCOMPARE(answer->data.toObject().value(QLatin1String("reason")).toString(), reason);
    QVERIFY(!answer->data.toObject().value(QLatin1String("message")).toString().isEmpty());

    // Still usable: a valid connect on the same link works.
    const auto retry = client->connectIo(obj(R"({"name":"ok"})"));
    QVERIFY(retry);
    QCOMPARE(retry->type, SocketIoType::Connect);
}

void tst_ParleyServerLink::connectRefusesOtherNamespaces()
{
    const auto [server, client, answer] = connectAttempt({}, QStringLiteral("/admin"));
    QVERIFY(server && client && answer);
    QCOMPARE(answer->type, SocketIoType::ConnectError);
    QCOMPARE(answer->nsp, QStringLiteral("/admin"));
    QCOMPARE(answer->data.toObject().value(QLatin1String("message")).toString(),
             QStringLiteral("Invalid namespace"));
    QCOMPARE(client->frames.constLast(), QStringLiteral(R"(44/admin,{"message":"Invalid namespace"})"));
    QCOMPARE(client->socket.state(), QAbstractSocket::ConnectedState);
}

void tst_ParleyServerLink::eventsBeforeConnectAreIgnored()
{
    const auto server = startServer();
    QVERIFY(server);
    const auto client = openedClient(*server);
    QVERIFY(client);
    client->emitEvent(QStringLiteral("join"), {obj(R"({"room":"lobby"})")}, 7);
    client->emitEvent(kChat, {QStringLiteral("early")});
    const auto answer = client->connectIo(obj(R"({"name":"late"})"));
    QVERIFY(answer);
    QCOMPARE(answer->type, SocketIoType::Connect);
    // Frames are handled in order: had the early events been answered, it would be by now.
    QCOMPARE(client->packets.size(), 1);
    QVERIFY(client->request(QStringLiteral("join"), {obj(R"({"room":"lobby"})")}));
}

void tst_ParleyServerLink::connectTimeoutClosesSilentSockets()
{
    ServerSettings settings;
    settings.connectTimeout = 100ms;
    const auto server = startServer(settings);
    QVERIFY(server);
    auto prompt = connectClient(*server, QStringLiteral("prompt"));  // opened first
    QVERIFY(prompt);
    QSignalSpy promptClosed(&prompt->socket, &QWebSocket::disconnected);
    const auto silent = openedClient(*server);
    QVERIFY(silent);
    QSignalSpy closed(&silent->socket, &QWebSocket::disconnected);
    QVERIFY(closed.wait(kWaitMs));
    QCOMPARE(silent->socket.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(silent->socket.closeReason(), QStringLiteral("connect timeout"));
    QTRY_COMPARE(server->clientCount(), 1);

    // The prompt client is older than the silent one, so its connect timeout would have fired
    // by now: it was cancelled by the "40".
    QVERIFY(prompt->request(QStringLiteral("join"), {obj(R"({"room":"r"})")}));
    QCOMPARE(promptClosed.size(), 0);
}

void tst_ParleyServerLink::pongsKeepTheLinkAlive()
{
    ServerSettings settings;
    settings.pingInterval = 100ms;
    settings.pingTimeout = 100ms;
    const auto server = startServer(settings);
    QVERIFY(server);
    auto client = connectClient(*server, QStringLiteral("alive"));
    QVERIFY(client);
    QSignalSpy closed(&client->socket, &QWebSocket::disconnected);
    QTRY_VERIFY_WITH_TIMEOUT(client->pings >= 4, kWaitMs);  // > interval + timeout, twice over
    QCOMPARE(closed.size(), 0);
    QCOMPARE(server->clientCount(), 1);
    QVERIFY(client->request(QStringLiteral("join"), {obj(R"({"room":"lobby"})")}));
}

void tst_ParleyServerLink::missingPongClosesTheSocket()
{
    ServerSettings settings;
    settings.pingInterval = 100ms;
    settings.pingTimeout = 100ms;
    const auto server = startServer(settings);
    QVERIFY(server);
    SioClient mute;
    mute.autoPong = false;
    QElapsedTimer clock;
    clock.start();
    QVERIFY(mute.openEngine(server->url()));
    QSignalSpy closed(&mute.socket, &QWebSocket::disconnected);
    QVERIFY(closed.wait(kWaitMs));
    const qint64 elapsed = clock.elapsed();
    // One ping, then pingTimeout of silence: closed after about interval + timeout (200 ms).
    QCOMPARE(mute.pings, 1);
    QVERIFY2(elapsed >= 150, qPrintable(QString::number(elapsed)));
    QVERIFY2(elapsed < 2000, qPrintable(QString::number(elapsed)));
    QTRY_COMPARE(server->clientCount(), 0);
}

void tst_ParleyServerLink::disconnectPacketEndsTheSession()
{
    auto [server, alice, bob] = aliceAndBob();
    QVERIFY(server && alice && bob);
    QSignalSpy closed(&bob->socket, &QWebSocket::disconnected);
    bob->send(QStringLiteral("41"));
    QVERIFY(closed.wait(kWaitMs));
    QCOMPARE(bob->socket.closeCode(), QWebSocketProtocol::CloseCodeNormal);
    QTRY_COMPARE(alice->lastMembers(kLobby), QStringList{QStringLiteral("alice")});
    QTRY_COMPARE(server->clientCount(), 1);
}

void tst_ParleyServerLink::wrongEndpointsAreRejected_data()
{
    QTest::addColumn<QString>("pathAndQuery");
    QTest::addColumn<QString>("reasonContains");
    QTest::newRow("root") << QStringLiteral("/") << QStringLiteral("unknown path");
    QTest::newRow("other path") << QStringLiteral("/chat?EIO=4&transport=websocket")
                                << QStringLiteral("unknown path");
    QTest::newRow("no query") << QStringLiteral("/socket.io/") << QStringLiteral("EIO=4");
    QTest::newRow("EIO 3") << QStringLiteral("/socket.io/?EIO=3&transport=websocket")
                           << QStringLiteral("EIO=4");
    QTest::newRow("polling") << QStringLiteral("/socket.io/?EIO=4&transport=polling")
                             << QStringLiteral("transport=websocket");
}

void tst_ParleyServerLink::wrongEndpointsAreRejected()
{
    QFETCH(QString, pathAndQuery);
    QFETCH(QString, reasonContains);
    const auto server = startServer();
    QVERIFY(server);
    QSignalSpy connected(server.get(), &ParleyServer::clientConnected);
    SioClient client;
    QSignalSpy closed(&client.socket, &QWebSocket::disconnected);
    client.open(server->url(), pathAndQuery);
    QVERIFY(closed.wait(kWaitMs));
    QCOMPARE(client.socket.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QVERIFY2(client.socket.closeReason().contains(reasonContains),
             qPrintable(client.socket.closeReason()));
    QVERIFY(client.frames.isEmpty());
    QCOMPARE(connected.size(), 0);
    QCOMPARE(server->clientCount(), 0);

    // "/socket.io" without the trailing slash is accepted as well.
    SioClient lenient;
    lenient.open(server->url(), QStringLiteral("/socket.io?EIO=4&transport=websocket"));
    QTRY_VERIFY_WITH_TIMEOUT(lenient.haveOpen, kWaitMs);
}

void tst_ParleyServerLink::closeDisconnectsEveryone()
{
    auto [server, alice, bob] = aliceAndBob();
    QVERIFY(server && alice && bob);
    QSignalSpy aliceClosed(&alice->socket, &QWebSocket::disconnected);
    QSignalSpy bobClosed(&bob->socket, &QWebSocket::disconnected);
    server->close();
    QVERIFY(!server->isListening());
    QTRY_COMPARE(aliceClosed.size(), 1);
    QTRY_COMPARE(bobClosed.size(), 1);
    QCOMPARE(alice->socket.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    QTRY_COMPARE(server->clientCount(), 0);
    server->close();  // twice is fine

    // And it can listen again.
    QVERIFY(server->listen(QHostAddress(QHostAddress::LocalHost), 0));
    QVERIFY(connectClient(*server, QStringLiteral("again")));
}

void tst_ParleyServerLink::clientSignalsAndCount()
{
    auto server = startServer();
    QVERIFY(server);
    QSignalSpy connected(server.get(), &ParleyServer::clientConnected);
    QSignalSpy disconnected(server.get(), &ParleyServer::clientDisconnected);
    auto alice = openedClient(*server);
    QVERIFY(alice);
    QTRY_COMPARE(connected.size(), 1);
    QCOMPARE(connected.constFirst().constFirst().toString(), alice->openPacket.sid);
    QCOMPARE(server->clientCount(), 1);
    auto bob = connectClient(*server, QStringLiteral("bob"));
    QVERIFY(bob);
    QCOMPARE(server->clientCount(), 2);

    alice->socket.close();
    QVERIFY(disconnected.wait(kWaitMs));
    QCOMPARE(disconnected.constFirst().constFirst().toString(), alice->openPacket.sid);
    QCOMPARE(server->clientCount(), 1);

    // Destroying the server with a live client must be clean (sessions die before the hub).
    QSignalSpy bobClosed(&bob->socket, &QWebSocket::disconnected);
    server.reset();
    QVERIFY(bobClosed.wait(kWaitMs));
}

PARLEY_TEST_GUILESS_MAIN(tst_ParleyServerLink)
#include "tst_parleyserver_link.moc"
