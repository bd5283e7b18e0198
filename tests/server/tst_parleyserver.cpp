// ParleyServer end to end: a real server on 127.0.0.1 (port 0) in-process, driven by plain
// QWebSocket clients that speak raw Engine.IO / Socket.IO strings built with SocketIoCodec.

#include "parleyserver.h"
#include "sioclient.h"
#include "socketiocodec.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <memory>
#include <optional>

using namespace std::chrono_literals;

namespace {

QJsonObject obj(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

const QString kChat = QStringLiteral("chat message");
const QString kHistory = QStringLiteral("history");
const QString kLobby = QStringLiteral("lobby");

//! The seqs of a "history" reply's messages, in the order received.
QList<qint64> seqsOf(const QJsonObject &reply)
{
    QList<qint64> result;
    const QJsonArray messages = reply.value(QLatin1String("messages")).toArray();
    for (const QJsonValue &m : messages)
        result << m.toObject().value(QLatin1String("seq")).toInteger();
    return result;
}

QList<qint64> range(qint64 first, qint64 last)
{
    QList<qint64> result;
    for (qint64 i = first; i <= last; ++i)
        result << i;
    return result;
}

//! Runs \a sql on the database file \a path through a connection of its own, as another process
//! would (used to provoke storage failures without a hook in the server).
bool execOnFile(const QString &path, const QString &sql)
{
    const QString name = QStringLiteral("tst_parleyserver.side");
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        ok = db.open() && QSqlQuery(db).exec(sql);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace

class tst_ParleyServer : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ParleyServer> startServer(const ServerSettings &settings = {})
    {
        auto server = std::make_unique<ParleyServer>(settings);
        if (!server->listen(QHostAddress(QHostAddress::LocalHost), 0))
            return nullptr;
        return server;
    }

    //! A client that completed the Socket.IO connect as \a name (nullptr on failure).
    std::unique_ptr<SioClient> connectClient(const ParleyServer &server, const QString &name)
    {
        auto client = std::make_unique<SioClient>();
        if (!client->openEngine(server.url()))
            return nullptr;
        const auto answer = client->connectIo(QJsonObject{{QLatin1String("name"), name}});
        if (!answer || answer->type != SocketIoType::Connect)
            return nullptr;
        return client;
    }

    //! A client connected as \a name that joined \a room.
    std::unique_ptr<SioClient> joinedClient(const ParleyServer &server, const QString &name,
                                            const QString &room)
    {
        auto client = connectClient(server, name);
        if (!client)
            return nullptr;
        const auto ack = client->request(QStringLiteral("join"),
                                         {QJsonObject{{QLatin1String("room"), room}}});
        if (!ack || !ack->value(QLatin1String("ok")).toBool())
            return nullptr;
        return client;
    }

    static QJsonObject roomMessage(const QString &room, const QString &text, const QString &clientId)
    {
        return QJsonObject{{QLatin1String("room"), room},
                           {QLatin1String("text"), text},
                           {QLatin1String("clientId"), clientId}};
    }

    //! Posts \a count messages "<prefix><n>" (n from 1, clientId the same) to \a room without
    //! waiting for each ack in turn; true when every ack came back ok.
    static bool postMany(SioClient &client, const QString &room, int count,
                         const QString &prefix = QStringLiteral("m"))
    {
        QList<qint64> ids;
        for (int n = 1; n <= count; ++n) {
            const QString text = prefix + QString::number(n);
            ids << client.nextAckId;
            client.emitEvent(kChat, {roomMessage(room, text, text)}, client.nextAckId++);
        }
        for (const qint64 id : std::as_const(ids)) {
            const auto ack = client.waitForAck(id);
            if (!ack || !ack->value(QLatin1String("ok")).toBool())
                return false;
        }
        return true;
    }

    static std::optional<QJsonObject> history(SioClient &client, const QJsonObject &request)
    {
        return client.request(kHistory, {request});
    }

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
    void twoClientsInOneRoomChat();
    void acksCarryIncreasingSeqAndServerTime();
    void resentClientIdIsAckedAgainNotBroadcast();
    void plainStringIsBroadcastToEveryone();
    void membersFollowJoinLeaveAndDisconnect();
    void joinAckReportsMembersAndLastSeq();
    void leaveStopsDelivery();
    void disconnectPacketEndsTheSession();
    void refusalsAreAcked_data();
    void refusalsAreAcked();
    void textOverMaxLengthIsRefused();
    void longMultiByteTextArrivesIntact();
    void messageOverMaxPayloadClosesOnlyThatLink();
    void malformedFramesAreSurvived_data();
    void malformedFramesAreSurvived();
    void binaryFramesAreSurvived();
    void wrongEndpointsAreRejected_data();
    void wrongEndpointsAreRejected();
    void closeDisconnectsEveryone();
    void clientSignalsAndCount();

    // History, persistence, de-dup backed by the database ("Nothing lost, nothing twice").
    void historyQueries_data();
    void historyQueries();
    void historyMessagesAreTheBroadcastMessages();
    void historyLimitDefaultsAndCap();
    void historyPagesUntilComplete();
    void historyLongTextsArePagedByTheTextBudget();
    void historyRefusals_data();
    void historyRefusals();
    void restartContinuesSeqAndKeepsHistory();
    void resendAfterRestartIsAckedWithTheOriginalNotBroadcast();
    void clientIdReusedInAnotherRoomIsTheOriginal();
    void storageFailureIsRefusedForARetryAndNotBroadcast();
    void unopenableDatabaseRefusesToListen();
    void serversInOneProcessHaveTheirOwnHistory();
};

void tst_ParleyServer::listensOnAFreePort()
{
    const auto server = startServer();
    QVERIFY(server);
    QVERIFY(server->isListening());
    QVERIFY(server->port() != 0);
    QCOMPARE(server->address(), QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(server->url(), QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(server->port())));
    QCOMPARE(server->clientCount(), 0);
}

void tst_ParleyServer::listenFailsOnABusyPort()
{
    const auto first = startServer();
    QVERIFY(first);
    ParleyServer second;
    QVERIFY(!second.listen(QHostAddress(QHostAddress::LocalHost), first->port()));
    QVERIFY(!second.isListening());
    QVERIFY(!second.errorString().isEmpty());
    QCOMPARE(second.port(), quint16(0));
}

void tst_ParleyServer::openPacketCarriesTheSettings()
{
    ServerSettings settings;
    settings.pingInterval = 1234ms;
    settings.pingTimeout = 567ms;
    settings.maxPayload = 4242;
    const auto server = startServer(settings);
    QVERIFY(server);
    SioClient client;
    QVERIFY(client.openEngine(server->url()));
    QCOMPARE(client.frames.size(), 1);
    QVERIFY(client.frames.constFirst().startsWith(QLatin1Char('0')));
    QCOMPARE(client.openPacket.sid.size(), 20);
    QVERIFY(client.openPacket.upgrades.isEmpty());
    QCOMPARE(client.openPacket.pingIntervalMs, 1234);
    QCOMPARE(client.openPacket.pingTimeoutMs, 567);
    QCOMPARE(client.openPacket.maxPayload, qint64(4242));
    const QJsonObject raw = QJsonDocument::fromJson(client.frames.constFirst().mid(1).toUtf8()).object();
    QVERIFY(raw.value(QLatin1String("upgrades")).isArray());

    SioClient other;
    QVERIFY(other.openEngine(server->url()));
    QVERIFY(other.openPacket.sid != client.openPacket.sid);
}

void tst_ParleyServer::connectNamesTheUser_data()
{
    QTest::addColumn<QJsonObject>("auth");
    QTest::addColumn<QString>("expectedPattern");
    QTest::newRow("name") << obj(R"({"name":"alice"})") << QStringLiteral("^alice$");
    QTest::newRow("trimmed") << obj(R"({"name":"  bob \t"})") << QStringLiteral("^bob$");
    QTest::newRow("unicode") << obj(R"({"name":"Zoë 😀"})") << QStringLiteral("^Zoë 😀$");
    QTest::newRow("empty") << obj(R"({"name":""})") << QStringLiteral("^guest-[0-9a-f]{4}$");
    QTest::newRow("blank") << obj(R"({"name":"   "})") << QStringLiteral("^guest-[0-9a-f]{4}$");
    QTest::newRow("null") << obj(R"({"name":null})") << QStringLiteral("^guest-[0-9a-f]{4}$");
    QTest::newRow("no auth") << QJsonObject() << QStringLiteral("^guest-[0-9a-f]{4}$");
    QTest::newRow("other fields") << obj(R"({"token":"x"})") << QStringLiteral("^guest-[0-9a-f]{4}$");
}

void tst_ParleyServer::connectNamesTheUser()
{
    QFETCH(QJsonObject, auth);
    QFETCH(QString, expectedPattern);
    const auto server = startServer();
    QVERIFY(server);
    SioClient client;
    QVERIFY(client.openEngine(server->url()));
    const auto answer = client.connectIo(auth);
    QVERIFY(answer);
    QCOMPARE(answer->type, SocketIoType::Connect);
    QCOMPARE(answer->nsp, QStringLiteral("/"));
    const QString sid = answer->data.toObject().value(QLatin1String("sid")).toString();
    QVERIFY(!sid.isEmpty());
    QVERIFY(sid != client.openPacket.sid);

    // The name the server chose shows in the room's member list.
    const auto ack = client.request(QStringLiteral("join"), {obj(R"({"room":"lobby"})")});
    QVERIFY(ack);
    const QJsonArray members = ack->value(QLatin1String("members")).toArray();
    QCOMPARE(members.size(), 1);
    const QString name = members.at(0).toString();
    QVERIFY2(QRegularExpression(expectedPattern).match(name).hasMatch(), qPrintable(name));

    // A repeated "40" is answered with the same sid.
    const auto again = client.connectIo(auth);
    QVERIFY(again);
    QCOMPARE(again->data.toObject().value(QLatin1String("sid")).toString(), sid);
}

void tst_ParleyServer::connectRefusesBadNames_data()
{
    QTest::addColumn<QJsonObject>("auth");
    QTest::addColumn<QString>("message");
    QTest::newRow("too long") << QJsonObject{{QLatin1String("name"), QString(65, QLatin1Char('n'))}}
                              << QStringLiteral("name too long");
    QTest::newRow("number") << obj(R"({"name":42})") << QStringLiteral("invalid name");
    QTest::newRow("object") << obj(R"({"name":{"first":"a"}})") << QStringLiteral("invalid name");
    QTest::newRow("newline") << obj(R"({"name":"a\nb"})") << QStringLiteral("invalid name");
}

void tst_ParleyServer::connectRefusesBadNames()
{
    QFETCH(QJsonObject, auth);
    QFETCH(QString, message);
    const auto server = startServer();
    QVERIFY(server);
    SioClient client;
    QVERIFY(client.openEngine(server->url()));
    const auto answer = client.connectIo(auth);
    QVERIFY(answer);
    QCOMPARE(answer->type, SocketIoType::ConnectError);
    QCOMPARE(answer->data.toObject().value(QLatin1String("message")).toString(), message);

    // Still usable: a valid connect on the same link works.
    const auto retry = client.connectIo(obj(R"({"name":"ok"})"));
    QVERIFY(retry);
    QCOMPARE(retry->type, SocketIoType::Connect);
}

void tst_ParleyServer::connectRefusesOtherNamespaces()
{
    const auto server = startServer();
    QVERIFY(server);
    SioClient client;
    QVERIFY(client.openEngine(server->url()));
    const auto answer = client.connectIo({}, QStringLiteral("/admin"));
    QVERIFY(answer);
    QCOMPARE(answer->type, SocketIoType::ConnectError);
    QCOMPARE(answer->nsp, QStringLiteral("/admin"));
    QCOMPARE(answer->data.toObject().value(QLatin1String("message")).toString(),
             QStringLiteral("Invalid namespace"));
    QCOMPARE(client.frames.constLast(), QStringLiteral(R"(44/admin,{"message":"Invalid namespace"})"));
    QCOMPARE(client.socket.state(), QAbstractSocket::ConnectedState);
}

void tst_ParleyServer::eventsBeforeConnectAreIgnored()
{
    const auto server = startServer();
    QVERIFY(server);
    SioClient client;
    QVERIFY(client.openEngine(server->url()));
    client.emitEvent(QStringLiteral("join"), {obj(R"({"room":"lobby"})")}, 7);
    client.emitEvent(QStringLiteral("chat message"), {QStringLiteral("early")});
    const auto answer = client.connectIo(obj(R"({"name":"late"})"));
    QVERIFY(answer);
    QCOMPARE(answer->type, SocketIoType::Connect);
    // Frames are handled in order: had the early events been answered, it would be by now.
    QCOMPARE(client.packets.size(), 1);
    QVERIFY(client.request(QStringLiteral("join"), {obj(R"({"room":"lobby"})")}));
}

void tst_ParleyServer::connectTimeoutClosesSilentSockets()
{
    ServerSettings settings;
    settings.connectTimeout = 100ms;
    const auto server = startServer(settings);
    QVERIFY(server);
    auto prompt = connectClient(*server, QStringLiteral("prompt"));  // opened first
    QVERIFY(prompt);
    QSignalSpy promptClosed(&prompt->socket, &QWebSocket::disconnected);
    SioClient silent;
    QVERIFY(silent.openEngine(server->url()));
    QSignalSpy closed(&silent.socket, &QWebSocket::disconnected);
    QVERIFY(closed.wait(kWaitMs));
    QCOMPARE(silent.socket.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(silent.socket.closeReason(), QStringLiteral("connect timeout"));
    QTRY_COMPARE(server->clientCount(), 1);

    // The prompt client is older than the silent one, so its connect timeout would have fired
    // by now: it was cancelled by the "40".
    QVERIFY(prompt->request(QStringLiteral("join"), {obj(R"({"room":"r"})")}));
    QCOMPARE(promptClosed.size(), 0);
}

void tst_ParleyServer::pongsKeepTheLinkAlive()
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

void tst_ParleyServer::missingPongClosesTheSocket()
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

void tst_ParleyServer::twoClientsInOneRoomChat()
{
    const auto server = startServer();
    QVERIFY(server);
    auto alice = joinedClient(*server, QStringLiteral("alice"), QStringLiteral("lobby"));
    auto bob = joinedClient(*server, QStringLiteral("bob"), QStringLiteral("lobby"));
    QVERIFY(alice && bob);

    const QString aliceText = QStringLiteral("hi bob, ça va? 😀 <b>not bold</b>\n  ");
    const auto ackA = alice->request(QStringLiteral("chat message"),
                                     {roomMessage(QStringLiteral("lobby"), aliceText, QStringLiteral("a-1"))});
    QVERIFY(ackA);
    QVERIFY(ackA->value(QLatin1String("ok")).toBool());
    QVERIFY(bob->waitForEvents(QStringLiteral("chat message"), 1));
    const QJsonObject atBob = bob->events(QStringLiteral("chat message")).constFirst().at(0).toObject();
    QCOMPARE(atBob.value(QLatin1String("sender")).toString(), QStringLiteral("alice"));
    QCOMPARE(atBob.value(QLatin1String("room")).toString(), QStringLiteral("lobby"));
    QCOMPARE(atBob.value(QLatin1String("text")).toString(), aliceText);  // exactly as sent
    QCOMPARE(atBob.value(QLatin1String("clientId")).toString(), QStringLiteral("a-1"));
    QCOMPARE(atBob.value(QLatin1String("seq")), ackA->value(QLatin1String("seq")));
    QCOMPARE(atBob.value(QLatin1String("time")), ackA->value(QLatin1String("time")));

    const auto ackB = bob->request(QStringLiteral("chat message"),
                                   {roomMessage(QStringLiteral("lobby"), QStringLiteral("hello alice"),
                                                QStringLiteral("b-1"))});
    QVERIFY(ackB);
    QVERIFY(alice->waitForEvents(QStringLiteral("chat message"), 1));
    const QJsonObject atAlice = alice->events(QStringLiteral("chat message")).constFirst().at(0).toObject();
    QCOMPARE(atAlice.value(QLatin1String("sender")).toString(), QStringLiteral("bob"));
    QCOMPARE(atAlice.value(QLatin1String("text")).toString(), QStringLiteral("hello alice"));
    QCOMPARE(atAlice.value(QLatin1String("seq")).toInteger(), 2);

    // Nobody hears their own room message back.
    QCOMPARE(alice->events(QStringLiteral("chat message")).size(), 1);
    QCOMPARE(bob->events(QStringLiteral("chat message")).size(), 1);
}

void tst_ParleyServer::acksCarryIncreasingSeqAndServerTime()
{
    const auto server = startServer();
    QVERIFY(server);
    auto alice = joinedClient(*server, QStringLiteral("alice"), QStringLiteral("lobby"));
    auto carol = joinedClient(*server, QStringLiteral("carol"), QStringLiteral("other"));
    QVERIFY(alice && carol);
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    for (int i = 1; i <= 3; ++i) {
        const QString clientId = QStringLiteral("id-%1").arg(i);
        const auto ack = alice->request(QStringLiteral("chat message"),
                                        {roomMessage(QStringLiteral("lobby"), QStringLiteral("m"), clientId)});
        QVERIFY(ack);
        QCOMPARE(ack->value(QLatin1String("ok")).toBool(), true);
        QCOMPARE(ack->value(QLatin1String("room")).toString(), QStringLiteral("lobby"));
        QCOMPARE(ack->value(QLatin1String("seq")).toInteger(), i);
        QCOMPARE(ack->value(QLatin1String("clientId")).toString(), clientId);
        const qint64 time = ack->value(QLatin1String("time")).toInteger();
        QVERIFY(time >= before && time <= QDateTime::currentMSecsSinceEpoch());
    }
    // Sequences are per room.
    const auto other = carol->request(QStringLiteral("chat message"),
                                      {roomMessage(QStringLiteral("other"), QStringLiteral("x"), QStringLiteral("c"))});
    QVERIFY(other);
    QCOMPARE(other->value(QLatin1String("seq")).toInteger(), 1);
}

void tst_ParleyServer::resentClientIdIsAckedAgainNotBroadcast()
{
    const auto server = startServer();
    QVERIFY(server);
    auto alice = joinedClient(*server, QStringLiteral("alice"), QStringLiteral("lobby"));
    auto bob = joinedClient(*server, QStringLiteral("bob"), QStringLiteral("lobby"));
    QVERIFY(alice && bob);
    const QJsonObject message = roomMessage(QStringLiteral("lobby"), QStringLiteral("once"),
                                            QStringLiteral("dup-1"));
    const auto first = alice->request(QStringLiteral("chat message"), {message});
    const auto second = alice->request(QStringLiteral("chat message"), {message});
    QVERIFY(first && second);
    QCOMPARE(second->value(QLatin1String("ok")).toBool(), true);
    QCOMPARE(second->value(QLatin1String("seq")), first->value(QLatin1String("seq")));
    QCOMPARE(second->value(QLatin1String("time")), first->value(QLatin1String("time")));
    QCOMPARE(second->value(QLatin1String("clientId")).toString(), QStringLiteral("dup-1"));

    // The same clientId from another sender is another message.
    const auto bobs = bob->request(QStringLiteral("chat message"), {message});
    QVERIFY(bobs);
    QCOMPARE(bobs->value(QLatin1String("seq")).toInteger(), 2);

    // A marker proves the resend was not delivered: it would have arrived before it.
    const auto marker = alice->request(QStringLiteral("chat message"),
                                       {roomMessage(QStringLiteral("lobby"), QStringLiteral("marker"), QStringLiteral("m"))});
    QVERIFY(marker);
    QCOMPARE(marker->value(QLatin1String("seq")).toInteger(), 3);
    QVERIFY(bob->waitForEvents(QStringLiteral("chat message"), 2));
    const QList<QJsonArray> atBob = bob->events(QStringLiteral("chat message"));
    QCOMPARE(atBob.size(), 2);
    QCOMPARE(atBob.at(0).at(0).toObject().value(QLatin1String("text")).toString(), QStringLiteral("once"));
    QCOMPARE(atBob.at(1).at(0).toObject().value(QLatin1String("text")).toString(), QStringLiteral("marker"));
}

void tst_ParleyServer::plainStringIsBroadcastToEveryone()
{
    const auto server = startServer();
    QVERIFY(server);
    auto alice = joinedClient(*server, QStringLiteral("alice"), QStringLiteral("lobby"));
    auto bob = connectClient(*server, QStringLiteral("bob"));  // in no room at all
    QVERIFY(alice && bob);
    SioClient unconnected;  // Engine.IO open but no "40": not a Socket.IO client yet
    QVERIFY(unconnected.openEngine(server->url()));

    const auto ack = bob->request(QStringLiteral("chat message"), {QStringLiteral("hello world")});
    QVERIFY(ack);
    QCOMPARE(*ack, obj(R"({"ok":true})"));
    alice->emitEvent(QStringLiteral("chat message"), {QStringLiteral("no ack wanted")});

    for (SioClient *client : {alice.get(), bob.get()}) {
        QVERIFY(client->waitForEvents(QStringLiteral("chat message"), 2));
        const QList<QJsonArray> got = client->events(QStringLiteral("chat message"));
        QCOMPARE(got.size(), 2);
        QCOMPARE(got.at(0), QJsonArray{QStringLiteral("hello world")});
        QCOMPARE(got.at(1), QJsonArray{QStringLiteral("no ack wanted")});
    }
    QCOMPARE(unconnected.packets.size(), 0);
}

void tst_ParleyServer::membersFollowJoinLeaveAndDisconnect()
{
    const auto server = startServer();
    QVERIFY(server);
    auto alice = joinedClient(*server, QStringLiteral("alice"), QStringLiteral("lobby"));
    QVERIFY(alice);
    QTRY_COMPARE(alice->lastMembers(QStringLiteral("lobby")), QStringList{QStringLiteral("alice")});

    auto bob = joinedClient(*server, QStringLiteral("bob"), QStringLiteral("lobby"));
    QVERIFY(bob);
    const QStringList both{QStringLiteral("alice"), QStringLiteral("bob")};
    QTRY_COMPARE(alice->lastMembers(QStringLiteral("lobby")), both);
    QTRY_COMPARE(bob->lastMembers(QStringLiteral("lobby")), both);

    auto carol = joinedClient(*server, QStringLiteral("carol"), QStringLiteral("lobby"));
    QVERIFY(carol);
    const QStringList three{QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("carol")};
    QTRY_COMPARE(alice->lastMembers(QStringLiteral("lobby")), three);

    QVERIFY(bob->request(QStringLiteral("leave"), {obj(R"({"room":"lobby"})")}));
    const QStringList afterLeave{QStringLiteral("alice"), QStringLiteral("carol")};
    QTRY_COMPARE(alice->lastMembers(QStringLiteral("lobby")), afterLeave);
    QTRY_COMPARE(carol->lastMembers(QStringLiteral("lobby")), afterLeave);

    const qsizetype bobMembersEvents = bob->events(QStringLiteral("members")).size();
    carol->socket.close();
    QTRY_COMPARE(alice->lastMembers(QStringLiteral("lobby")), QStringList{QStringLiteral("alice")});
    // Bob left the room: he is not told about it any more.
    QVERIFY(bob->request(QStringLiteral("join"), {obj(R"({"room":"elsewhere"})")}));
    QTRY_COMPARE(bob->lastMembers(QStringLiteral("elsewhere")), QStringList{QStringLiteral("bob")});
    QCOMPARE(bob->events(QStringLiteral("members")).size(), bobMembersEvents + 1);

    // An abrupt drop counts as a disconnect too.
    auto dave = joinedClient(*server, QStringLiteral("dave"), QStringLiteral("lobby"));
    QVERIFY(dave);
    QTRY_COMPARE(alice->lastMembers(QStringLiteral("lobby")),
                 (QStringList{QStringLiteral("alice"), QStringLiteral("dave")}));
    dave->socket.abort();
    QTRY_COMPARE(alice->lastMembers(QStringLiteral("lobby")), QStringList{QStringLiteral("alice")});
}

void tst_ParleyServer::joinAckReportsMembersAndLastSeq()
{
    const auto server = startServer();
    QVERIFY(server);
    auto alice = connectClient(*server, QStringLiteral("alice"));
    QVERIFY(alice);
    const auto first = alice->request(QStringLiteral("join"), {obj(R"({"room":" lobby "})")});
    QVERIFY(first);
    QCOMPARE(*first, obj(R"({"ok":true,"room":"lobby","members":["alice"],"lastSeq":0})"));
    for (int i = 0; i < 2; ++i) {
        QVERIFY(alice->request(QStringLiteral("chat message"),
                               {roomMessage(QStringLiteral("lobby"), QStringLiteral("m"), QString())}));
    }
    auto bob = connectClient(*server, QStringLiteral("bob"));
    QVERIFY(bob);
    const auto second = bob->request(QStringLiteral("join"), {obj(R"({"room":"lobby"})")});
    QVERIFY(second);
    QCOMPARE(*second, obj(R"({"ok":true,"room":"lobby","members":["alice","bob"],"lastSeq":2})"));
    // Joining twice is harmless and does not announce anything new.
    QTRY_COMPARE(alice->lastMembers(QStringLiteral("lobby")),
                 (QStringList{QStringLiteral("alice"), QStringLiteral("bob")}));
    const qsizetype announcements = alice->events(QStringLiteral("members")).size();
    QVERIFY(bob->request(QStringLiteral("join"), {obj(R"({"room":"lobby"})")}));
    QVERIFY(alice->request(QStringLiteral("chat message"), {QStringLiteral("sync")}));
    QVERIFY(alice->waitForEvents(QStringLiteral("chat message"), 1));
    QCOMPARE(alice->events(QStringLiteral("members")).size(), announcements);
}

void tst_ParleyServer::leaveStopsDelivery()
{
    const auto server = startServer();
    QVERIFY(server);
    auto alice = joinedClient(*server, QStringLiteral("alice"), QStringLiteral("lobby"));
    auto bob = joinedClient(*server, QStringLiteral("bob"), QStringLiteral("lobby"));
    QVERIFY(alice && bob);
    const auto left = alice->request(QStringLiteral("leave"), {obj(R"({"room":"lobby"})")});
    QVERIFY(left);
    QCOMPARE(*left, obj(R"({"ok":true,"room":"lobby"})"));

    QVERIFY(bob->request(QStringLiteral("chat message"),
                         {roomMessage(QStringLiteral("lobby"), QStringLiteral("after leave"), QStringLiteral("b"))}));
    bob->emitEvent(QStringLiteral("chat message"), {QStringLiteral("marker")});  // goes to everyone
    QVERIFY(alice->waitForEvents(QStringLiteral("chat message"), 1));
    QCOMPARE(alice->events(QStringLiteral("chat message")),
             (QList<QJsonArray>{QJsonArray{QStringLiteral("marker")}}));

    // Not a member any more: posting and leaving again are refused.
    const auto post = alice->request(QStringLiteral("chat message"),
                                     {roomMessage(QStringLiteral("lobby"), QStringLiteral("x"), QStringLiteral("a"))});
    QVERIFY(post);
    QCOMPARE(*post, obj(R"({"ok":false,"error":"not joined"})"));
    const auto again = alice->request(QStringLiteral("leave"), {obj(R"({"room":"lobby"})")});
    QVERIFY(again);
    QCOMPARE(*again, obj(R"({"ok":false,"error":"not joined"})"));
}

void tst_ParleyServer::disconnectPacketEndsTheSession()
{
    const auto server = startServer();
    QVERIFY(server);
    auto alice = joinedClient(*server, QStringLiteral("alice"), QStringLiteral("lobby"));
    auto bob = joinedClient(*server, QStringLiteral("bob"), QStringLiteral("lobby"));
    QVERIFY(alice && bob);
    QSignalSpy closed(&bob->socket, &QWebSocket::disconnected);
    bob->send(QStringLiteral("41"));
    QVERIFY(closed.wait(kWaitMs));
    QCOMPARE(bob->socket.closeCode(), QWebSocketProtocol::CloseCodeNormal);
    QTRY_COMPARE(alice->lastMembers(QStringLiteral("lobby")), QStringList{QStringLiteral("alice")});
    QTRY_COMPARE(server->clientCount(), 1);
}

void tst_ParleyServer::refusalsAreAcked_data()
{
    QTest::addColumn<QString>("event");
    QTest::addColumn<QJsonArray>("args");
    QTest::addColumn<QString>("error");
    const QString join = QStringLiteral("join");
    const QString leave = QStringLiteral("leave");
    const QString chat = QStringLiteral("chat message");
    const QString malformed = QStringLiteral("malformed arguments");

    QTest::newRow("join without args") << join << QJsonArray() << malformed;
    QTest::newRow("join with a string") << join << QJsonArray{QStringLiteral("lobby")} << malformed;
    QTest::newRow("join without room") << join << QJsonArray{obj(R"({"name":"x"})")} << malformed;
    QTest::newRow("join numeric room") << join << QJsonArray{obj(R"({"room":7})")} << malformed;
    QTest::newRow("join empty room") << join << QJsonArray{obj(R"({"room":"  "})")}
                                     << QStringLiteral("invalid room name");
    QTest::newRow("join long room")
            << join << QJsonArray{QJsonObject{{QLatin1String("room"), QString(65, QLatin1Char('r'))}}}
            << QStringLiteral("room name too long");
    QTest::newRow("leave without args") << leave << QJsonArray() << malformed;
    QTest::newRow("leave never joined") << leave << QJsonArray{obj(R"({"room":"nowhere"})")}
                                        << QStringLiteral("not joined");
    QTest::newRow("chat without args") << chat << QJsonArray() << malformed;
    QTest::newRow("chat number") << chat << QJsonArray{42} << malformed;
    QTest::newRow("chat array") << chat << QJsonArray{QJsonArray{1}} << malformed;
    QTest::newRow("chat null") << chat << QJsonArray{QJsonValue()} << malformed;
    QTest::newRow("chat numeric text")
            << chat << QJsonArray{obj(R"({"room":"lobby","text":5,"clientId":"c"})")} << malformed;
    QTest::newRow("chat no text") << chat << QJsonArray{obj(R"({"room":"lobby","clientId":"c"})")}
                                  << malformed;
    QTest::newRow("chat numeric clientId")
            << chat << QJsonArray{obj(R"({"room":"lobby","text":"t","clientId":5})")} << malformed;
    QTest::newRow("chat long clientId")
            << chat
            << QJsonArray{QJsonObject{{QLatin1String("room"), QStringLiteral("lobby")},
                                      {QLatin1String("text"), QStringLiteral("t")},
                                      {QLatin1String("clientId"), QString(129, QLatin1Char('c'))}}}
            << QStringLiteral("clientId too long");
    QTest::newRow("chat empty text")
            << chat << QJsonArray{obj(R"({"room":"lobby","text":"","clientId":"c"})")}
            << QStringLiteral("empty text");
    QTest::newRow("chat blank text")
            << chat << QJsonArray{obj(R"({"room":"lobby","text":" \n\t ","clientId":"c"})")}
            << QStringLiteral("empty text");
    QTest::newRow("chat not joined")
            << chat << QJsonArray{obj(R"({"room":"elsewhere","text":"t","clientId":"c"})")}
            << QStringLiteral("not joined");
    QTest::newRow("plain empty") << chat << QJsonArray{QString()} << QStringLiteral("empty text");
    QTest::newRow("plain blank") << chat << QJsonArray{QStringLiteral("   ")}
                                 << QStringLiteral("empty text");
    QTest::newRow("unknown event") << QStringLiteral("dance") << QJsonArray{obj(R"({"room":"lobby"})")}
                                   << QStringLiteral("unknown event");
    QTest::newRow("empty event name") << QString() << QJsonArray() << QStringLiteral("unknown event");
}

void tst_ParleyServer::refusalsAreAcked()
{
    QFETCH(QString, event);
    QFETCH(QJsonArray, args);
    QFETCH(QString, error);
    const auto server = startServer();
    QVERIFY(server);
    auto client = joinedClient(*server, QStringLiteral("alice"), QStringLiteral("lobby"));
    auto peer = joinedClient(*server, QStringLiteral("bob"), QStringLiteral("lobby"));
    QVERIFY(client && peer);
    const auto ack = client->request(event, args);
    QVERIFY(ack);
    QCOMPARE(*ack, (QJsonObject{{QLatin1String("ok"), false}, {QLatin1String("error"), error}}));
    // Nothing was delivered and the session still works.
    QVERIFY(client->request(QStringLiteral("chat message"),
                            {roomMessage(QStringLiteral("lobby"), QStringLiteral("fine"), QStringLiteral("f"))}));
    QVERIFY(peer->waitForEvents(QStringLiteral("chat message"), 1));
    QCOMPARE(peer->events(QStringLiteral("chat message")).size(), 1);
    QCOMPARE(peer->events(QStringLiteral("chat message")).constFirst().at(0).toObject()
                     .value(QLatin1String("seq")).toInteger(),
             1);
}

void tst_ParleyServer::textOverMaxLengthIsRefused()
{
    const auto server = startServer();  // default limits: 1,000,000 characters
    QVERIFY(server);
    auto alice = joinedClient(*server, QStringLiteral("alice"), QStringLiteral("lobby"));
    auto bob = joinedClient(*server, QStringLiteral("bob"), QStringLiteral("lobby"));
    QVERIFY(alice && bob);
    const qsizetype max = ServerSettings::kDefaultMaxTextLength;

    const auto tooLong = alice->request(QStringLiteral("chat message"),
                                        {roomMessage(QStringLiteral("lobby"), QString(max + 1, QLatin1Char('x')),
                                                     QStringLiteral("long"))});
    QVERIFY(tooLong);
    QCOMPARE(*tooLong, obj(R"({"ok":false,"error":"text too long"})"));
    const auto plain = alice->request(QStringLiteral("chat message"), {QString(max + 1, QLatin1Char('x'))});
    QVERIFY(plain);
    QCOMPARE(*plain, obj(R"({"ok":false,"error":"text too long"})"));

    const QString longest(max, QLatin1Char('y'));
    const auto atLimit = alice->request(QStringLiteral("chat message"),
                                        {roomMessage(QStringLiteral("lobby"), longest, QStringLiteral("max"))});
    QVERIFY(atLimit);
    QCOMPARE(atLimit->value(QLatin1String("seq")).toInteger(), 1);
    QVERIFY(bob->waitForEvents(QStringLiteral("chat message"), 1));
    QCOMPARE(bob->events(QStringLiteral("chat message")).size(), 1);
    QCOMPARE(bob->events(QStringLiteral("chat message")).constFirst().at(0).toObject()
                     .value(QLatin1String("text")).toString(),
             longest);
}

void tst_ParleyServer::longMultiByteTextArrivesIntact()
{
    // Over Qt's 512 KiB default frame size, made of 2- and 4-byte UTF-8 characters: a receiver
    // of a message split inside a character would close with 1007 (Qt 6.4 defect).
    const auto server = startServer();
    QVERIFY(server);
    auto alice = joinedClient(*server, QStringLiteral("alice"), QStringLiteral("lobby"));
    auto bob = joinedClient(*server, QStringLiteral("bob"), QStringLiteral("lobby"));
    QVERIFY(alice && bob);
    QString text;
    for (int i = 0; i < 150'000; ++i)
        text += QStringLiteral("é😀");  // 3 UTF-16 units, 6 UTF-8 bytes
    QVERIFY(text.toUtf8().size() > 512 * 1024);
    QSignalSpy bobClosed(&bob->socket, &QWebSocket::disconnected);
    QVERIFY(alice->request(QStringLiteral("chat message"),
                           {roomMessage(QStringLiteral("lobby"), text, QStringLiteral("big"))}));
    QVERIFY(bob->waitForEvents(QStringLiteral("chat message"), 1));
    QCOMPARE(bob->events(QStringLiteral("chat message")).constFirst().at(0).toObject()
                     .value(QLatin1String("text")).toString(),
             text);
    QCOMPARE(bobClosed.size(), 0);
}

void tst_ParleyServer::messageOverMaxPayloadClosesOnlyThatLink()
{
    ServerSettings settings;
    settings.maxPayload = 1000;
    const auto server = startServer(settings);
    QVERIFY(server);
    auto alice = connectClient(*server, QStringLiteral("alice"));
    auto bob = connectClient(*server, QStringLiteral("bob"));
    QVERIFY(alice && bob);
    QSignalSpy closed(&alice->socket, &QWebSocket::disconnected);
    alice->emitEvent(QStringLiteral("chat message"), {QString(2000, QLatin1Char('x'))}, 1);
    QVERIFY(closed.wait(kWaitMs));
    QCOMPARE(alice->socket.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    QVERIFY(alice->events(QStringLiteral("chat message")).isEmpty());
    QTRY_COMPARE(server->clientCount(), 1);
    QVERIFY(bob->request(QStringLiteral("join"), {obj(R"({"room":"lobby"})")}));
}

void tst_ParleyServer::malformedFramesAreSurvived_data()
{
    QTest::addColumn<QString>("frame");
    QTest::newRow("empty") << QString();
    QTest::newRow("unknown engine type") << QStringLiteral("9");
    QTest::newRow("letter") << QStringLiteral("x");
    QTest::newRow("empty message") << QStringLiteral("4");
    QTest::newRow("unknown socket type") << QStringLiteral("49[]");
    QTest::newRow("truncated json") << QStringLiteral("42[");
    QTest::newRow("event object") << QStringLiteral("42{}");
    QTest::newRow("event empty array") << QStringLiteral("42[]");
    QTest::newRow("event numeric name") << QStringLiteral("42[1,2]");
    QTest::newRow("event string") << QStringLiteral(R"(42"join")");
    QTest::newRow("ack without id") << QStringLiteral("43");
    QTest::newRow("ack without id, args") << QStringLiteral("43[]");
    QTest::newRow("ack with id") << QStringLiteral("431[{}]");
    QTest::newRow("huge ack id") << QStringLiteral(R"(429999999999999999999["join",{"room":"x"}])");
    QTest::newRow("binary event") << QStringLiteral(R"(451-["chat message",{"_placeholder":true,"num":0}])");
    QTest::newRow("binary event bad count") << QStringLiteral(R"(45x-["a"])");
    QTest::newRow("connect error from client") << QStringLiteral(R"(44{"message":"x"})");
    QTest::newRow("connect with array") << QStringLiteral("40[1]");
    QTest::newRow("namespace without comma") << QStringLiteral("42/admin");
    QTest::newRow("event for other namespace") << QStringLiteral(R"(42/admin,["join",{"room":"x"}])");
    QTest::newRow("client ping") << QStringLiteral("2");
    QTest::newRow("client ping probe") << QStringLiteral("2probe");
    QTest::newRow("unsolicited pong") << QStringLiteral("3");
    QTest::newRow("upgrade") << QStringLiteral("5");
    QTest::newRow("noop") << QStringLiteral("6");
    QTest::newRow("open from client") << QStringLiteral("0{}");
    QTest::newRow("nul bytes") << QString(3, QChar(0));
    QTest::newRow("lone surrogate") << QStringLiteral("42[\"chat message\",\"") + QChar(0xD800)
                    + QStringLiteral("\"]");
    QTest::newRow("deep nesting") << QStringLiteral("42[\"join\",") + QString(5000, QLatin1Char('['))
                    + QString(5000, QLatin1Char(']')) + QStringLiteral("]");
}

void tst_ParleyServer::malformedFramesAreSurvived()
{
    QFETCH(QString, frame);
    const auto server = startServer();
    QVERIFY(server);
    auto client = connectClient(*server, QStringLiteral("alice"));
    QVERIFY(client);
    QSignalSpy closed(&client->socket, &QWebSocket::disconnected);
    client->send(frame);
    client->send(frame);  // twice: nothing accumulates into a broken state
    const auto ack = client->request(QStringLiteral("join"), {obj(R"({"room":"lobby"})")});
    QVERIFY(ack);
    QCOMPARE(ack->value(QLatin1String("ok")).toBool(), true);
    QCOMPARE(ack->value(QLatin1String("members")).toArray(), QJsonArray{QStringLiteral("alice")});
    QCOMPARE(closed.size(), 0);
    QCOMPARE(server->clientCount(), 1);
}

void tst_ParleyServer::binaryFramesAreSurvived()
{
    const auto server = startServer();
    QVERIFY(server);
    auto client = connectClient(*server, QStringLiteral("alice"));
    QVERIFY(client);
    QSignalSpy closed(&client->socket, &QWebSocket::disconnected);
    client->socket.sendBinaryMessage(QByteArrayLiteral("\x04\x00\xff binary"));
    // A binary event with an ack id is refused through the ack; its attachment is ignored.
    client->send(QStringLiteral(R"(451-7["chat message",{"_placeholder":true,"num":0}])"));
    client->socket.sendBinaryMessage(QByteArray(1000, 'b'));
    const auto refused = client->waitForAck(7);
    QVERIFY(refused);
    QCOMPARE(*refused, obj(R"({"ok":false,"error":"binary attachments are not supported"})"));
    QVERIFY(client->request(QStringLiteral("join"), {obj(R"({"room":"lobby"})")}));
    QCOMPARE(closed.size(), 0);
}

void tst_ParleyServer::wrongEndpointsAreRejected_data()
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

void tst_ParleyServer::wrongEndpointsAreRejected()
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

void tst_ParleyServer::closeDisconnectsEveryone()
{
    const auto server = startServer();
    QVERIFY(server);
    auto alice = joinedClient(*server, QStringLiteral("alice"), QStringLiteral("lobby"));
    auto bob = joinedClient(*server, QStringLiteral("bob"), QStringLiteral("lobby"));
    QVERIFY(alice && bob);
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

void tst_ParleyServer::clientSignalsAndCount()
{
    auto server = startServer();
    QVERIFY(server);
    QSignalSpy connected(server.get(), &ParleyServer::clientConnected);
    QSignalSpy disconnected(server.get(), &ParleyServer::clientDisconnected);
    auto alice = std::make_unique<SioClient>();
    QVERIFY(alice->openEngine(server->url()));
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

void tst_ParleyServer::historyQueries_data()
{
    QTest::addColumn<QJsonObject>("request");
    QTest::addColumn<QList<qint64>>("expected");
    QTest::addColumn<bool>("hasMore");
    // The room holds seq 1..12.
    QTest::newRow("newest, default limit") << obj(R"({"room":"lobby"})") << range(1, 12) << false;
    QTest::newRow("newest 5") << obj(R"({"room":"lobby","limit":5})") << range(8, 12) << true;
    QTest::newRow("after 3, limit 4") << obj(R"({"room":"lobby","after":3,"limit":4})") << range(4, 7) << true;
    QTest::newRow("after 8, the rest") << obj(R"({"room":"lobby","after":8,"limit":4})") << range(9, 12) << false;
    QTest::newRow("after 0") << obj(R"({"room":"lobby","after":0})") << range(1, 12) << false;
    QTest::newRow("after the last") << obj(R"({"room":"lobby","after":12})") << QList<qint64>() << false;
    QTest::newRow("before 6, limit 3") << obj(R"({"room":"lobby","before":6,"limit":3})") << range(3, 5) << true;
    QTest::newRow("before 4") << obj(R"({"room":"lobby","before":4})") << range(1, 3) << false;
    QTest::newRow("before 1") << obj(R"({"room":"lobby","before":1})") << QList<qint64>() << false;
    QTest::newRow("null means absent") << obj(R"({"room":"lobby","after":null,"before":null,"limit":null})")
                                       << range(1, 12) << false;
    QTest::newRow("integral double") << obj(R"({"room":"lobby","after":1e1,"limit":2.0})") << range(11, 12) << false;
    QTest::newRow("room name trimmed") << obj(R"({"room":" lobby ","limit":1})") << range(12, 12) << true;
}

void tst_ParleyServer::historyQueries()
{
    QFETCH(QJsonObject, request);
    QFETCH(QList<qint64>, expected);
    QFETCH(bool, hasMore);
    const auto server = startServer();
    QVERIFY(server);
    auto alice = joinedClient(*server, QStringLiteral("alice"), kLobby);
    QVERIFY(alice);
    QVERIFY(postMany(*alice, kLobby, 12));
    auto carol = joinedClient(*server, QStringLiteral("carol"), QStringLiteral("other"));
    QVERIFY(carol);
    QVERIFY(postMany(*carol, QStringLiteral("other"), 2, QStringLiteral("o")));  // not in lobby's

    const auto reply = history(*alice, request);
    QVERIFY(reply);
    QCOMPARE(reply->value(QLatin1String("ok")), QJsonValue(true));
    QCOMPARE(reply->value(QLatin1String("room")).toString(), kLobby);
    QCOMPARE(seqsOf(*reply), expected);
    QCOMPARE(reply->value(QLatin1String("hasMore")), QJsonValue(hasMore));
    QCOMPARE(reply->value(QLatin1String("lastSeq")).toInteger(), 12);
    QCOMPARE(reply->size(), 5);  // ok, room, messages, lastSeq, hasMore and nothing else
}

void tst_ParleyServer::historyMessagesAreTheBroadcastMessages()
{
    const auto server = startServer();
    QVERIFY(server);
    auto alice = joinedClient(*server, QStringLiteral("alice"), kLobby);
    auto bob = joinedClient(*server, QStringLiteral("bob"), kLobby);
    QVERIFY(alice && bob);
    QVERIFY(postMany(*alice, kLobby, 3));
    QVERIFY(alice->request(kChat, {roomMessage(kLobby, QStringLiteral("no id 😀 <b>"), QString())}));
    QVERIFY(bob->waitForEvents(kChat, 4));

    const auto reply = history(*bob, obj(R"({"room":"lobby"})"));
    QVERIFY(reply);
    const QJsonArray messages = reply->value(QLatin1String("messages")).toArray();
    const QList<QJsonArray> broadcasts = bob->events(kChat);
    QCOMPARE(messages.size(), 4);
    for (int i = 0; i < 4; ++i)
        QCOMPARE(messages.at(i).toObject(), broadcasts.at(i).at(0).toObject());
    QCOMPARE(messages.at(3).toObject().value(QLatin1String("clientId")).toString(), QString());
}

void tst_ParleyServer::historyLimitDefaultsAndCap()
{
    // The numbers of docs/protocol.md: 100 without a limit, never more than 500.
    const auto server = startServer();
    QVERIFY(server);
    auto alice = joinedClient(*server, QStringLiteral("alice"), kLobby);
    QVERIFY(alice);
    QVERIFY(postMany(*alice, kLobby, 501));

    auto reply = history(*alice, obj(R"({"room":"lobby"})"));
    QVERIFY(reply);
    QCOMPARE(seqsOf(*reply), range(402, 501));
    QCOMPARE(reply->value(QLatin1String("hasMore")), QJsonValue(true));
    reply = history(*alice, obj(R"({"room":"lobby","limit":100000})"));
    QVERIFY(reply);
    QCOMPARE(seqsOf(*reply), range(2, 501));
    QCOMPARE(reply->value(QLatin1String("hasMore")), QJsonValue(true));
    reply = history(*alice, obj(R"({"room":"lobby","after":0,"limit":501})"));
    QVERIFY(reply);
    QCOMPARE(seqsOf(*reply), range(1, 500));
    QCOMPARE(reply->value(QLatin1String("hasMore")), QJsonValue(true));
    QCOMPARE(reply->value(QLatin1String("lastSeq")).toInteger(), 501);

    // And the limits are settings.
    ServerSettings settings;
    settings.defaultHistoryLimit = 2;
    settings.maxHistoryLimit = 3;
    const auto small = startServer(settings);
    QVERIFY(small);
    auto bob = joinedClient(*small, QStringLiteral("bob"), kLobby);
    QVERIFY(bob);
    QVERIFY(postMany(*bob, kLobby, 5));
    QCOMPARE(seqsOf(*history(*bob, obj(R"({"room":"lobby"})"))), range(4, 5));
    QCOMPARE(seqsOf(*history(*bob, obj(R"({"room":"lobby","limit":50})"))), range(3, 5));
}

void tst_ParleyServer::historyPagesUntilComplete()
{
    const auto server = startServer();
    QVERIFY(server);
    auto alice = joinedClient(*server, QStringLiteral("alice"), kLobby);
    QVERIFY(alice);
    QVERIFY(postMany(*alice, kLobby, 23));

    // Catching up: "after" the last seq received until hasMore is false.
    QList<qint64> forward;
    int requests = 0;
    for (bool more = true; more; ++requests) {
        QVERIFY(requests < 10);
        const qint64 after = forward.isEmpty() ? 0 : forward.constLast();
        const auto reply = history(*alice, QJsonObject{{QLatin1String("room"), kLobby},
                                                       {QLatin1String("after"), after},
                                                       {QLatin1String("limit"), 5}});
        QVERIFY(reply);
        forward += seqsOf(*reply);
        more = reply->value(QLatin1String("hasMore")).toBool();
    }
    QCOMPARE(forward, range(1, 23));
    QCOMPARE(requests, 5);

    // Scrolling back: newest first, then "before" the oldest seq received.
    QList<qint64> backward;
    requests = 0;
    for (bool more = true; more; ++requests) {
        QVERIFY(requests < 10);
        QJsonObject request{{QLatin1String("room"), kLobby}, {QLatin1String("limit"), 5}};
        if (!backward.isEmpty())
            request.insert(QLatin1String("before"), backward.constFirst());
        const auto reply = history(*alice, request);
        QVERIFY(reply);
        backward = seqsOf(*reply) + backward;
        more = reply->value(QLatin1String("hasMore")).toBool();
    }
    QCOMPARE(backward, range(1, 23));
    QCOMPARE(requests, 5);
}

void tst_ParleyServer::historyLongTextsArePagedByTheTextBudget()
{
    ServerSettings settings;
    settings.maxHistoryReplyText = 2500;
    const auto server = startServer(settings);
    QVERIFY(server);
    auto alice = joinedClient(*server, QStringLiteral("alice"), kLobby);
    QVERIFY(alice);
    for (int i = 1; i <= 5; ++i) {
        QVERIFY(alice->request(kChat, {roomMessage(kLobby, QString(1000, QLatin1Char('a' + i)),
                                                   QString::number(i))}));
    }
    const auto reply = history(*alice, obj(R"({"room":"lobby","after":0})"));
    QVERIFY(reply);
    QCOMPARE(seqsOf(*reply), range(1, 2));
    QCOMPARE(reply->value(QLatin1String("hasMore")), QJsonValue(true));
}

void tst_ParleyServer::historyRefusals_data()
{
    QTest::addColumn<QJsonArray>("args");
    QTest::addColumn<QString>("error");
    const QString malformed = QStringLiteral("malformed arguments");
    QTest::newRow("no args") << QJsonArray() << malformed;
    QTest::newRow("string") << QJsonArray{kLobby} << malformed;
    QTest::newRow("number") << QJsonArray{7} << malformed;
    QTest::newRow("no room") << QJsonArray{obj(R"({"after":1})")} << malformed;
    QTest::newRow("numeric room") << QJsonArray{obj(R"({"room":1})")} << malformed;
    QTest::newRow("blank room") << QJsonArray{obj(R"({"room":" "})")} << QStringLiteral("invalid room name");
    QTest::newRow("never joined") << QJsonArray{obj(R"({"room":"elsewhere"})")} << QStringLiteral("not in room");
    QTest::newRow("joined by others only") << QJsonArray{obj(R"({"room":"bobs"})")} << QStringLiteral("not in room");
    QTest::newRow("negative after") << QJsonArray{obj(R"({"room":"lobby","after":-1})")} << QStringLiteral("invalid after");
    QTest::newRow("fractional after") << QJsonArray{obj(R"({"room":"lobby","after":2.5})")} << QStringLiteral("invalid after");
    QTest::newRow("string after") << QJsonArray{obj(R"({"room":"lobby","after":"3"})")} << QStringLiteral("invalid after");
    QTest::newRow("huge after") << QJsonArray{obj(R"({"room":"lobby","after":1e300})")} << QStringLiteral("invalid after");
    QTest::newRow("object before") << QJsonArray{obj(R"({"room":"lobby","before":{}})")} << QStringLiteral("invalid before");
    QTest::newRow("zero limit") << QJsonArray{obj(R"({"room":"lobby","limit":0})")} << QStringLiteral("invalid limit");
    QTest::newRow("negative limit") << QJsonArray{obj(R"({"room":"lobby","limit":-5})")} << QStringLiteral("invalid limit");
    QTest::newRow("bool limit") << QJsonArray{obj(R"({"room":"lobby","limit":true})")} << QStringLiteral("invalid limit");
    QTest::newRow("after and before") << QJsonArray{obj(R"({"room":"lobby","after":1,"before":5})")}
                                      << QStringLiteral("after and before are exclusive");
}

void tst_ParleyServer::historyRefusals()
{
    QFETCH(QJsonArray, args);
    QFETCH(QString, error);
    const auto server = startServer();
    QVERIFY(server);
    auto alice = joinedClient(*server, QStringLiteral("alice"), kLobby);
    auto bob = joinedClient(*server, QStringLiteral("bob"), QStringLiteral("bobs"));
    QVERIFY(alice && bob);
    QVERIFY(postMany(*bob, QStringLiteral("bobs"), 2));
    QVERIFY(postMany(*alice, kLobby, 2));
    QSignalSpy closed(&alice->socket, &QWebSocket::disconnected);
    const auto reply = alice->request(kHistory, args);
    QVERIFY(reply);
    QCOMPARE(*reply, (QJsonObject{{QLatin1String("ok"), false}, {QLatin1String("error"), error}}));
    // The session still works and nothing leaked from bob's room.
    const auto fine = history(*alice, obj(R"({"room":"lobby"})"));
    QVERIFY(fine);
    QCOMPARE(seqsOf(*fine), range(1, 2));
    QCOMPARE(closed.size(), 0);
    // Without an ack id there is nobody to answer: silently ignored.
    alice->emitEvent(kHistory, args);
    QVERIFY(alice->request(QStringLiteral("join"), {obj(R"({"room":"lobby"})")}));
}

void tst_ParleyServer::restartContinuesSeqAndKeepsHistory()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ServerSettings settings;
    settings.databasePath = dir.filePath(QStringLiteral("history.sqlite"));
    QList<QJsonObject> acks;
    {
        const auto first = startServer(settings);
        QVERIFY(first);
        auto alice = joinedClient(*first, QStringLiteral("alice"), kLobby);
        QVERIFY(alice);
        for (int i = 1; i <= 3; ++i) {
            const auto ack = alice->request(kChat, {roomMessage(kLobby, QStringLiteral("before restart %1").arg(i),
                                                                QStringLiteral("a%1").arg(i))});
            QVERIFY(ack);
            QCOMPARE(ack->value(QLatin1String("seq")).toInteger(), i);
            acks << *ack;
        }
    }  // the server goes away, clients with it

    const auto second = startServer(settings);
    QVERIFY(second);
    auto bob = connectClient(*second, QStringLiteral("bob"));
    QVERIFY(bob);
    const auto joined = bob->request(QStringLiteral("join"), {obj(R"({"room":"lobby"})")});
    QVERIFY(joined);
    QCOMPARE(*joined, obj(R"({"ok":true,"room":"lobby","members":["bob"],"lastSeq":3})"));
    const auto next = bob->request(kChat, {roomMessage(kLobby, QStringLiteral("after restart"), QStringLiteral("b1"))});
    QVERIFY(next);
    QCOMPARE(next->value(QLatin1String("seq")).toInteger(), 4);

    const auto reply = history(*bob, obj(R"({"room":"lobby"})"));
    QVERIFY(reply);
    QCOMPARE(seqsOf(*reply), range(1, 4));
    QCOMPARE(reply->value(QLatin1String("lastSeq")).toInteger(), 4);
    const QJsonArray messages = reply->value(QLatin1String("messages")).toArray();
    for (int i = 0; i < 3; ++i) {
        const QJsonObject m = messages.at(i).toObject();
        QCOMPARE(m.value(QLatin1String("text")).toString(), QStringLiteral("before restart %1").arg(i + 1));
        QCOMPARE(m.value(QLatin1String("sender")).toString(), QStringLiteral("alice"));
        QCOMPARE(m.value(QLatin1String("clientId")).toString(), QStringLiteral("a%1").arg(i + 1));
        QCOMPARE(m.value(QLatin1String("time")), acks.at(i).value(QLatin1String("time")));
    }
    QCOMPARE(messages.at(3).toObject().value(QLatin1String("sender")).toString(), QStringLiteral("bob"));
}

void tst_ParleyServer::resendAfterRestartIsAckedWithTheOriginalNotBroadcast()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ServerSettings settings;
    settings.databasePath = dir.filePath(QStringLiteral("history.sqlite"));
    const QJsonObject message = roomMessage(kLobby, QStringLiteral("sent once"), QStringLiteral("u-1"));
    QJsonObject original;
    {
        const auto first = startServer(settings);
        QVERIFY(first);
        auto alice = joinedClient(*first, QStringLiteral("alice"), kLobby);
        QVERIFY(alice);
        const auto ack = alice->request(kChat, {message});
        QVERIFY(ack);
        original = *ack;
    }  // "the ack was lost": the client only learns of it by resending

    const auto second = startServer(settings);
    QVERIFY(second);
    auto alice = joinedClient(*second, QStringLiteral("alice"), kLobby);
    auto bob = joinedClient(*second, QStringLiteral("bob"), kLobby);
    QVERIFY(alice && bob);
    const auto again = alice->request(kChat, {message});
    QVERIFY(again);
    QCOMPARE(*again, original);
    QCOMPARE(again->value(QLatin1String("seq")).toInteger(), 1);

    // A marker proves the resend was not delivered: it would have arrived before it.
    const auto marker = alice->request(kChat, {roomMessage(kLobby, QStringLiteral("marker"), QStringLiteral("u-2"))});
    QVERIFY(marker);
    QCOMPARE(marker->value(QLatin1String("seq")).toInteger(), 2);
    QVERIFY(bob->waitForEvents(kChat, 1));
    const QList<QJsonArray> atBob = bob->events(kChat);
    QCOMPARE(atBob.size(), 1);
    QCOMPARE(atBob.constFirst().at(0).toObject().value(QLatin1String("text")).toString(), QStringLiteral("marker"));
    QCOMPARE(seqsOf(*history(*bob, obj(R"({"room":"lobby"})"))), range(1, 2));
}

void tst_ParleyServer::clientIdReusedInAnotherRoomIsTheOriginal()
{
    // (user name, clientId) names one message whatever the room it is sent to again.
    const auto server = startServer();
    QVERIFY(server);
    auto alice = joinedClient(*server, QStringLiteral("alice"), kLobby);
    auto bob = joinedClient(*server, QStringLiteral("bob"), QStringLiteral("other"));
    QVERIFY(alice && bob);
    QVERIFY(alice->request(QStringLiteral("join"), {obj(R"({"room":"other"})")}));
    const auto first = alice->request(kChat, {roomMessage(kLobby, QStringLiteral("x"), QStringLiteral("same"))});
    const auto second = alice->request(kChat, {roomMessage(QStringLiteral("other"), QStringLiteral("x"), QStringLiteral("same"))});
    QVERIFY(first && second);
    QCOMPARE(*second, *first);
    QCOMPARE(second->value(QLatin1String("room")).toString(), kLobby);
    QVERIFY(bob->request(kChat, {QStringLiteral("sync")}));  // plain: reaches everyone, bob too
    QVERIFY(bob->waitForEvents(kChat, 1));
    QCOMPARE(bob->events(kChat), (QList<QJsonArray>{QJsonArray{QStringLiteral("sync")}}));
    QCOMPARE(seqsOf(*history(*bob, obj(R"({"room":"other"})"))), QList<qint64>());
}

void tst_ParleyServer::storageFailureIsRefusedForARetryAndNotBroadcast()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ServerSettings settings;
    settings.databasePath = dir.filePath(QStringLiteral("history.sqlite"));
    const auto server = startServer(settings);
    QVERIFY(server);
    auto alice = joinedClient(*server, QStringLiteral("alice"), kLobby);
    auto bob = joinedClient(*server, QStringLiteral("bob"), kLobby);
    QVERIFY(alice && bob);
    QVERIFY(alice->request(kChat, {roomMessage(kLobby, QStringLiteral("first"), QStringLiteral("u-1"))}));

    // Another process makes every insert fail (a full disk or a read-only file would too).
    QVERIFY(execOnFile(settings.databasePath,
                       QStringLiteral("CREATE TRIGGER refuse BEFORE INSERT ON messages"
                                      " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")));
    const QRegularExpression logged(QStringLiteral("refused by the test"));
    QTest::ignoreMessage(QtWarningMsg, logged);  // the store's SQL error
    QTest::ignoreMessage(QtWarningMsg, logged);  // the hub's "not stored, refused for a retry"
    const QJsonObject message = roomMessage(kLobby, QStringLiteral("must not be lost"), QStringLiteral("u-2"));
    const auto refused = alice->request(kChat, {message});
    QVERIFY(refused);
    QCOMPARE(*refused, obj(R"({"ok":false,"error":"storage failure","retry":true})"));

    // The fault goes away; the client's retry is stored with the next seq and delivered once.
    QVERIFY(execOnFile(settings.databasePath, QStringLiteral("DROP TRIGGER refuse")));
    const auto retried = alice->request(kChat, {message});
    QVERIFY(retried);
    QCOMPARE(retried->value(QLatin1String("ok")), QJsonValue(true));
    QCOMPARE(retried->value(QLatin1String("seq")).toInteger(), 2);
    QVERIFY(bob->waitForEvents(kChat, 2));
    const QList<QJsonArray> atBob = bob->events(kChat);
    QCOMPARE(atBob.size(), 2);
    QCOMPARE(atBob.at(0).at(0).toObject().value(QLatin1String("text")).toString(), QStringLiteral("first"));
    QCOMPARE(atBob.at(1).at(0).toObject().value(QLatin1String("text")).toString(), QStringLiteral("must not be lost"));
    QCOMPARE(seqsOf(*history(*bob, obj(R"({"room":"lobby"})"))), range(1, 2));
}

void tst_ParleyServer::unopenableDatabaseRefusesToListen()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ServerSettings settings;
    settings.databasePath = dir.path();  // a directory, not a database file
    ParleyServer server(settings);
    QVERIFY(!server.isHistoryOpen());
    QVERIFY(!server.historyError().isEmpty());
    QVERIFY(!server.listen(QHostAddress(QHostAddress::LocalHost), 0));
    QVERIFY(!server.isListening());
    QVERIFY2(server.errorString().contains(QLatin1String("history database")),
             qPrintable(server.errorString()));
}

void tst_ParleyServer::serversInOneProcessHaveTheirOwnHistory()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ServerSettings onFile;
    onFile.databasePath = dir.filePath(QStringLiteral("history.sqlite"));
    const auto a = startServer();
    const auto b = startServer();
    const auto c = startServer(onFile);
    QVERIFY(a && b && c);
    QVERIFY(a->isHistoryOpen() && b->isHistoryOpen() && c->isHistoryOpen());
    auto atA = joinedClient(*a, QStringLiteral("alice"), kLobby);
    QVERIFY(atA);
    QVERIFY(postMany(*atA, kLobby, 3));
    for (ParleyServer *other : {b.get(), c.get()}) {
        auto client = connectClient(*other, QStringLiteral("alice"));
        QVERIFY(client);
        const auto joined = client->request(QStringLiteral("join"), {obj(R"({"room":"lobby"})")});
        QVERIFY(joined);
        QCOMPARE(joined->value(QLatin1String("lastSeq")).toInteger(), 0);
        // Same user and clientId on another server: a new message there.
        const auto ack = client->request(kChat, {roomMessage(kLobby, QStringLiteral("m1"), QStringLiteral("m1"))});
        QVERIFY(ack);
        QCOMPARE(ack->value(QLatin1String("seq")).toInteger(), 1);
    }
}

QTEST_GUILESS_MAIN(tst_ParleyServer)
#include "tst_parleyserver.moc"
