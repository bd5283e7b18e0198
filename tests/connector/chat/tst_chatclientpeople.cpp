// ChatClient on a server with accounts (scripted on 127.0.0.1): people from join answers and member
// lists, presence (Unknown while our link is down), direct rooms (opened, listed at every sign-in,
// or written to us first: joined, and the message shown once, live), away said again after a
// reconnect, devices, a session the server ended (no reconnect), and a throttled sign-in tried
// again once after the server's wait.
#include "chatclient.h"
#include "parleyprotocol.h"
#include "receivedmessages.h"
#include "scriptedsocketioserver.h"
#include "testmain.h"
#include "testsettings.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

namespace {
// We are dana, id 7; bob is id 12. Their direct room is "@dm:7:12".
const QString kWelcome = QStringLiteral(R"(40{"sid":"s","user":{"id":7,"username":"dana","displayName":"Dana"}})");
const QString kDirect = QStringLiteral("@dm:7:12");
const QString kLobby = QStringLiteral("lobby");

QJsonObject person(qint64 id, const QString &name, const QString &presence = QStringLiteral("online"))
{
    return QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("username"), name.toLower()},
                       {QStringLiteral("displayName"), name}, {QStringLiteral("guest"), false},
                       {QStringLiteral("presence"), presence}};
}

QJsonObject bobWrites(qint64 seq)
{
    return QJsonObject{{QStringLiteral("room"), kDirect}, {QStringLiteral("seq"), seq},
                       {QStringLiteral("time"), 1700000000000.0}, {QStringLiteral("senderId"), 12},
                       {QStringLiteral("sender"), QStringLiteral("Bob")}, {QStringLiteral("senderUsername"), QStringLiteral("bob")},
                       {QStringLiteral("text"), QStringLiteral("hello %1").arg(seq)},
                       {QStringLiteral("clientId"), QStringLiteral("b%1").arg(seq)}};
}

QJsonObject ok(std::initializer_list<QPair<QString, QJsonValue>> fields = {})
{
    QJsonObject o{{QStringLiteral("ok"), true}};
    for (const auto &f : fields)
        o.insert(f.first, f.second);
    return o;
}

QString throttled(int retryAfterMs)
{
    return QStringLiteral(R"(44{"message":"Too many attempts.","reason":"throttled","retryAfterMs":%1,"data":{"reason":"throttled","retryAfterMs":%1}})")
        .arg(retryAfterMs);
}

//! A scripted parley-server with accounts: answers join (with people), directs (none unless set),
//! history of the direct room (bob's first message) and presence; records what it was asked.
struct Server
{
    Server()
    {
        QVERIFY(server.listen());
        server.setConnectHandler([](QWebSocket *, const QJsonObject &) { return kWelcome; });
        server.setEventHandler([this](QWebSocket *s, const QString &event, const QJsonArray &args, qint64 ackId) {
            const QJsonObject a = args.at(0).toObject();
            if (event == QLatin1String("join")) {
                const QString room = a.value(QLatin1String("room")).toString();
                joins << room;
                const bool direct = room == kDirect;
                ScriptedSocketIoServer::ack(s, ackId, {ok({{QStringLiteral("room"), room},
                                                           {QStringLiteral("members"), QJsonArray{QStringLiteral("Dana"), QStringLiteral("Bob")}},
                                                           {QStringLiteral("people"), QJsonArray{person(7, QStringLiteral("Dana")), person(12, QStringLiteral("Bob"))}},
                                                           {QStringLiteral("lastSeq"), direct ? 1 : 0}})});
            } else if (event == QLatin1String("history")) {
                ScriptedSocketIoServer::ack(s, ackId, {ok({{QStringLiteral("room"), kDirect},
                                                           {QStringLiteral("messages"), QJsonArray{bobWrites(1)}},
                                                           {QStringLiteral("hasMore"), false}, {QStringLiteral("lastSeq"), 1}})});
            } else if (event == QLatin1String("directs") && refuseDirects) {
                ScriptedSocketIoServer::ack(s, ackId, {QJsonObject{{QStringLiteral("ok"), false}, {QStringLiteral("error"), QStringLiteral("unknown event")}}});
            } else if (event == QLatin1String("directs")) {
                ScriptedSocketIoServer::ack(s, ackId, {ok({{QStringLiteral("directs"), directs}})});
            } else if (event == QLatin1String("presence")) {
                presences << a.value(QLatin1String("presence")).toString();
                ScriptedSocketIoServer::ack(s, ackId, {ok()});
            } else if (extra) {
                extra(s, event, a, ackId);
            }
        });
    }
    QWebSocket *link() const { return server.sockets().constLast(); }

    ScriptedSocketIoServer server;
    QStringList joins;
    QStringList presences;
    QJsonArray directs;
    bool refuseDirects = false;
    std::function<void(QWebSocket *, const QString &, const QJsonObject &, qint64)> extra;
};

struct Client
{
    explicit Client(const QUrl &url)
    {
        client.setSettings(ParleyTest::withoutHeartbeat(ParleyTest::fastSettings()));
        client.setSignIn(SignIn::withToken(QStringLiteral("tok-7")));
        client.joinRoom(kLobby);
        client.connectToServer(url);
    }
    ChatClient client;
    ReceivedMessages received{&client};
};
} // namespace

class tst_ChatClientPeople : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void peopleFromJoinAndMembers();
    void presenceIsUnknownWhileNotReady();
    void directEventJoinsAndShowsOnceLive();
    void directsAskedAtEverySignIn();
    void directsRefusedSaysNothing();
    void openDirect();
    void openDirectRefused();
    void awaySaidAgainAfterReconnect();
    void devicesListedAndRevoked();
    void sessionEndedStopsReconnecting_data();
    void sessionEndedStopsReconnecting();
    void throttledTriesAgainOnceAfterTheWait();
    void throttledRetriesAreBounded();
    void throttledRetryCancelled_data();
    void throttledRetryCancelled();
};

void tst_ChatClientPeople::peopleFromJoinAndMembers()
{
    Server s;
    Client c(s.server.url());
    QSignalSpy changed(&c.client, &ChatClient::peopleChanged);
    QTRY_COMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toString(), kLobby);
    QCOMPARE(c.client.people(kLobby).size(), 2);
    QCOMPARE(c.client.people(kLobby).at(1).displayName, QStringLiteral("Bob"));
    QCOMPARE(c.client.person(12).presence, Person::Presence::Online);

    // Two people called "Bob" (two ids), bob's entry twice, and one without an id: kept by id, once.
    const QJsonArray people{person(7, QStringLiteral("Dana")), person(12, QStringLiteral("Bob"), QStringLiteral("away")),
                            person(13, QStringLiteral("Bob")), person(12, QStringLiteral("Impostor")),
                            QJsonObject{{QStringLiteral("username"), QStringLiteral("x")}}};
    ScriptedSocketIoServer::emitTo(s.link(), QStringLiteral("members"),
                                   {QJsonObject{{QStringLiteral("room"), kLobby},
                                                {QStringLiteral("members"), QJsonArray{QStringLiteral("Dana"), QStringLiteral("Bob")}},
                                                {QStringLiteral("people"), people}}});
    // A member list of a room we are not in is nobody's business.
    ScriptedSocketIoServer::emitTo(s.link(), QStringLiteral("members"),
                                   {QJsonObject{{QStringLiteral("room"), QStringLiteral("elsewhere")},
                                                {QStringLiteral("people"), QJsonArray{person(99, QStringLiteral("Zed"))}}}});
    QTRY_COMPARE(changed.size(), 2);
    const QList<Person> now = c.client.people(kLobby);
    QCOMPARE(now.size(), 3);
    QCOMPARE(now.at(1).displayName, QStringLiteral("Bob"));
    QCOMPARE(now.at(1).presence, Person::Presence::Away);
    QCOMPARE(now.at(2).id, 13);
    QVERIFY(c.client.people(QStringLiteral("elsewhere")).isEmpty());
    QVERIFY(!c.client.person(99).isValid());
    QCOMPARE(changed.size(), 2);
}

void tst_ChatClientPeople::presenceIsUnknownWhileNotReady()
{
    Server s;
    Client c(s.server.url());
    QSignalSpy presence(&c.client, &ChatClient::presenceChanged);
    QTRY_COMPARE(c.client.people(kLobby).size(), 2);
    QJsonObject away = person(12, QStringLiteral("Bob"), QStringLiteral("away"));
    ScriptedSocketIoServer::emitTo(s.link(), QStringLiteral("presence"), {away});
    ScriptedSocketIoServer::emitTo(s.link(), QStringLiteral("presence"), {QJsonObject{{QStringLiteral("id"), -1}}});
    QJsonObject gone = person(13, QStringLiteral("Carol"), QStringLiteral("offline"));
    gone.insert(QStringLiteral("lastSeen"), 1700000000000.0);
    ScriptedSocketIoServer::emitTo(s.link(), QStringLiteral("presence"), {gone});
    QTRY_COMPARE(presence.size(), 2); // the one without a valid id is dropped
    QCOMPARE(presence.at(0).at(0).value<Person>().presence, Person::Presence::Away);
    QCOMPARE(c.client.person(12).presence, Person::Presence::Away);
    QCOMPARE(c.client.people(kLobby).at(1).presence, Person::Presence::Away); // member lists follow
    QCOMPARE(c.client.person(13).presence, Person::Presence::Offline);
    QCOMPARE(c.client.person(13).lastSeen.toMSecsSinceEpoch(), 1700000000000);

    c.client.disconnectFromServer();
    QTRY_VERIFY(!c.client.isReady());
    QCOMPARE(c.client.person(12).presence, Person::Presence::Unknown);
    QCOMPARE(c.client.person(12).displayName, QStringLiteral("Bob")); // still known, just not current
    QCOMPARE(c.client.people(kLobby).at(1).presence, Person::Presence::Unknown);
}

void tst_ChatClientPeople::directEventJoinsAndShowsOnceLive()
{
    Server s;
    Client c(s.server.url());
    QSignalSpy opened(&c.client, &ChatClient::directOpened);
    QSignalSpy synced(&c.client, &ChatClient::roomSynced);
    QTRY_VERIFY(s.joins.contains(kLobby));
    // Not ours (we are 7), and a peer that is not the room's other account: both ignored.
    ScriptedSocketIoServer::emitTo(s.link(), QStringLiteral("direct"),
                                   {QJsonObject{{QStringLiteral("room"), QStringLiteral("@dm:3:12")},
                                                {QStringLiteral("peer"), person(12, QStringLiteral("Bob"))},
                                                {QStringLiteral("message"), bobWrites(1)}}});
    ScriptedSocketIoServer::emitTo(s.link(), QStringLiteral("direct"),
                                   {QJsonObject{{QStringLiteral("room"), kDirect},
                                                {QStringLiteral("peer"), person(13, QStringLiteral("Carol"))},
                                                {QStringLiteral("message"), bobWrites(1)}}});
    ScriptedSocketIoServer::emitTo(s.link(), QStringLiteral("direct"),
                                   {QJsonObject{{QStringLiteral("room"), kDirect},
                                                {QStringLiteral("peer"), person(12, QStringLiteral("Bob"))},
                                                {QStringLiteral("message"), bobWrites(1)}}});
    QTRY_COMPARE(opened.size(), 1);
    QCOMPARE(opened.at(0).at(0).toString(), kDirect);
    QCOMPARE(opened.at(0).at(1).value<Person>().id, 12);
    QVERIFY(c.client.rooms().contains(kDirect));
    QCOMPARE(c.client.directPeer(kDirect).displayName, QStringLiteral("Bob"));
    QTRY_COMPARE(c.received.size(), 1);
    QCOMPARE(c.received.arrivals().constFirst(), ChatClient::Arrival::Live);
    QCOMPARE(c.received.at(0).room, kDirect);
    QCOMPARE(c.received.at(0).text, QStringLiteral("hello 1"));
    QVERIFY(!c.received.at(0).own);
    // The room is joined and caught up; the catch-up brings the same message, not shown again.
    QTRY_VERIFY(s.joins.contains(kDirect));
    QTRY_VERIFY(synced.contains(QVariantList{kDirect}));
    QVERIFY(s.server.eventCount(QStringLiteral("history")) >= 1);
    QCOMPARE(c.received.size(), 1);
    QCOMPARE(s.joins.count(kDirect), 1);
    QVERIFY(!c.client.rooms().contains(QStringLiteral("@dm:3:12")));
}

void tst_ChatClientPeople::directsAskedAtEverySignIn()
{
    Server s;
    s.directs = QJsonArray{
        QJsonObject{{QStringLiteral("room"), kDirect}, {QStringLiteral("peer"), person(12, QStringLiteral("Bob"))}, {QStringLiteral("lastSeq"), 1}},
        QJsonObject{{QStringLiteral("room"), QStringLiteral("@dm:7:7")}, {QStringLiteral("peer"), person(7, QStringLiteral("Dana"))}},
        QJsonObject{{QStringLiteral("room"), QStringLiteral("@dm:4:7")}, {QStringLiteral("peer"), person(4, QStringLiteral("Abe"))}},
    };
    Client c(s.server.url());
    QSignalSpy opened(&c.client, &ChatClient::directOpened);
    QTRY_COMPARE(opened.size(), 2);
    QCOMPARE(s.server.eventCount(QStringLiteral("directs")), 1);
    QTRY_VERIFY(s.joins.contains(kDirect) && s.joins.contains(QStringLiteral("@dm:4:7")));
    QCOMPARE(c.client.directPeer(QStringLiteral("@dm:4:7")).displayName, QStringLiteral("Abe"));
    QVERIFY(!c.client.directPeer(kLobby).isValid());

    // After a reconnect: asked again; the rooms are rejoined once each, not twice.
    s.link()->abort();
    QTRY_COMPARE(s.server.eventCount(QStringLiteral("directs")), 2);
    QTRY_COMPARE(opened.size(), 4);
    QTRY_COMPARE(s.joins.count(kDirect), 2);
    QCOMPARE(c.client.rooms().count(kDirect), 1);
}

void tst_ChatClientPeople::directsRefusedSaysNothing()
{
    // Asked by the client itself at sign-in (an older server may not know "directs"): a refusal
    // is logged, not put before the user.
    Server s;
    s.refuseDirects = true;
    s.extra = [](QWebSocket *link, const QString &event, const QJsonObject &, qint64 ackId) {
        if (event == QLatin1String("tokens"))
            ScriptedSocketIoServer::ack(link, ackId, {QJsonObject{{QStringLiteral("ok"), false}, {QStringLiteral("error"), QStringLiteral("unknown event")}}});
    };
    Client c(s.server.url());
    QSignalSpy errors(&c.client, &ChatClient::errorOccurred);
    c.client.setAway(true);
    QTRY_COMPARE(s.server.eventCount(QStringLiteral("directs")), 1);
    QTRY_COMPARE(s.presences.size(), 1);
    // A request of the user's afterwards: its refusal is said, so the one before was not lost.
    c.client.requestDevices();
    QTRY_COMPARE(errors.size(), 1);
    QVERIFY(errors.at(0).at(0).toString().contains(QLatin1String("unknown event")));
}

void tst_ChatClientPeople::openDirect()
{
    Server s;
    s.extra = [](QWebSocket *link, const QString &event, const QJsonObject &a, qint64 ackId) {
        if (event == QLatin1String("openDirect") && a.value(QLatin1String("userId")).toInteger() == 12)
            ScriptedSocketIoServer::ack(link, ackId, {ok({{QStringLiteral("room"), kDirect}, {QStringLiteral("peer"), person(12, QStringLiteral("Bob"))}})});
    };
    Client c(s.server.url());
    QSignalSpy opened(&c.client, &ChatClient::directOpened);
    QTRY_VERIFY(c.client.isReady());
    c.client.openDirect(12);
    QTRY_COMPARE(opened.size(), 1);
    QCOMPARE(opened.at(0).at(0).toString(), kDirect);
    QTRY_VERIFY(s.joins.contains(kDirect));
    QVERIFY(c.client.rooms().contains(kDirect));
}

void tst_ChatClientPeople::openDirectRefused()
{
    Server s;
    s.extra = [](QWebSocket *link, const QString &event, const QJsonObject &, qint64 ackId) {
        if (event == QLatin1String("openDirect"))
            ScriptedSocketIoServer::ack(link, ackId, {QJsonObject{{QStringLiteral("ok"), false}, {QStringLiteral("error"), QStringLiteral("unknown user")}}});
    };
    Client c(s.server.url());
    QSignalSpy errors(&c.client, &ChatClient::errorOccurred);
    QSignalSpy opened(&c.client, &ChatClient::directOpened);
    c.client.openDirect(12); // not ready yet: said at once, nothing sent
    QCOMPARE(errors.size(), 1);
    QTRY_VERIFY(c.client.isReady());
    c.client.openDirect(40);
    QTRY_COMPARE(errors.size(), 2);
    QVERIFY(errors.at(1).at(0).toString().contains(QLatin1String("unknown user")));
    QCOMPARE(opened.size(), 0);
    QCOMPARE(s.server.eventCount(QStringLiteral("openDirect")), 1);
}

void tst_ChatClientPeople::awaySaidAgainAfterReconnect()
{
    Server s;
    Client c(s.server.url());
    QTRY_VERIFY(c.client.isReady());
    QCOMPARE(s.presences, QStringList{}); // online is what a new session is anyway
    c.client.setAway(true);
    c.client.setAway(true); // no change: nothing sent
    QTRY_COMPARE(s.presences, QStringList{QStringLiteral("away")});
    QVERIFY(c.client.isAway());

    s.link()->abort();
    QTRY_COMPARE(s.server.connectAuths().size(), 2);
    QTRY_COMPARE(s.presences, (QStringList{QStringLiteral("away"), QStringLiteral("away")}));
    c.client.setAway(false);
    QTRY_COMPARE(s.presences.size(), 3);
    QCOMPARE(s.presences.constLast(), QStringLiteral("online"));

    // Back and away while the link is down: the state after the reconnect is what counts.
    s.link()->abort();
    QTRY_VERIFY(!c.client.isReady());
    c.client.setAway(true);
    c.client.setAway(false);
    QTRY_COMPARE(s.server.connectAuths().size(), 3);
    QTRY_COMPARE(s.server.eventCount(QStringLiteral("directs")), 3);
    QCOMPARE(s.presences.size(), 3);
}

void tst_ChatClientPeople::devicesListedAndRevoked()
{
    Server s;
    QJsonArray tokens{QJsonObject{{QStringLiteral("id"), QStringLiteral("aaaa")}, {QStringLiteral("device"), QStringLiteral("laptop")}, {QStringLiteral("current"), true}},
                      QJsonObject{{QStringLiteral("id"), QStringLiteral("bbbb")}, {QStringLiteral("device"), QStringLiteral("phone")}}};
    s.extra = [&tokens](QWebSocket *link, const QString &event, const QJsonObject &a, qint64 ackId) {
        if (event == QLatin1String("tokens")) {
            ScriptedSocketIoServer::ack(link, ackId, {ok({{QStringLiteral("tokens"), tokens}})});
        } else if (event == QLatin1String("revokeToken") && a.value(QLatin1String("id")).toString() == QLatin1String("bbbb")) {
            tokens.removeLast();
            ScriptedSocketIoServer::ack(link, ackId, {ok()});
        } else if (event == QLatin1String("revokeToken")) {
            ScriptedSocketIoServer::ack(link, ackId, {QJsonObject{{QStringLiteral("ok"), false}, {QStringLiteral("error"), QStringLiteral("unknown token")}}});
        }
    };
    Client c(s.server.url());
    QSignalSpy devices(&c.client, &ChatClient::devicesReceived);
    QSignalSpy errors(&c.client, &ChatClient::errorOccurred);
    QTRY_VERIFY(c.client.isReady());
    c.client.requestDevices();
    QTRY_COMPARE(devices.size(), 1);
    const QList<DeviceToken> first = devices.at(0).at(0).value<QList<DeviceToken>>();
    QCOMPARE(first.size(), 2);
    QVERIFY(first.at(0).current);
    QCOMPARE(first.at(1).device, QStringLiteral("phone"));

    c.client.revokeDevice(QStringLiteral("bbbb")); // then the list again, by itself
    QTRY_COMPARE(devices.size(), 2);
    QCOMPARE(devices.at(1).at(0).value<QList<DeviceToken>>().size(), 1);
    QCOMPARE(s.server.eventCount(QStringLiteral("tokens")), 2);

    c.client.revokeDevice(QStringLiteral("somebody else's"));
    QTRY_COMPARE(errors.size(), 1);
    QVERIFY(errors.at(0).at(0).toString().contains(QLatin1String("unknown token")));
    QCOMPARE(s.server.eventCount(QStringLiteral("tokens")), 2);
}

void tst_ChatClientPeople::sessionEndedStopsReconnecting_data()
{
    QTest::addColumn<QString>("reason");
    QTest::addColumn<bool>("askedBySignOut");
    QTest::newRow("signed out here") << QStringLiteral("signed out") << true;
    QTest::newRow("revoked from another device") << QStringLiteral("token revoked") << false;
}

void tst_ChatClientPeople::sessionEndedStopsReconnecting()
{
    QFETCH(QString, reason);
    QFETCH(bool, askedBySignOut);
    Server s;
    auto endSession = [reason](QWebSocket *link) {
        // As parley-server does it: the auth event, then the link is closed.
        ScriptedSocketIoServer::emitTo(link, QStringLiteral("auth"), {QJsonObject{{QStringLiteral("reason"), reason}}});
        link->close();
    };
    s.extra = [endSession](QWebSocket *link, const QString &event, const QJsonObject &, qint64 ackId) {
        if (event == QLatin1String("signOut")) {
            ScriptedSocketIoServer::ack(link, ackId, {ok()});
            endSession(link);
        }
    };
    Client c(s.server.url());
    QSignalSpy ended(&c.client, &ChatClient::sessionEnded);
    QSignalSpy states(&c.client, &ChatClient::connectionStateChanged);
    QTRY_VERIFY(c.client.isReady());
    if (askedBySignOut)
        c.client.signOut();
    else
        endSession(s.link());
    QTRY_COMPARE(ended.size(), 1);
    QCOMPARE(ended.at(0).at(0).toString(), reason);
    QTRY_COMPARE(c.client.connectionState(), IMConnector::State::Disconnected);
    QCOMPARE(c.client.retryRemainingMs(), -1); // no reconnect pending
    QCOMPARE(states.constLast().at(0).value<IMConnector::State>(), IMConnector::State::Disconnected);
    QVERIFY(!states.wait(300)); // and none comes: the token is no good
    QCOMPARE(s.server.connectAuths().size(), 1);
}

void tst_ChatClientPeople::throttledTriesAgainOnceAfterTheWait()
{
    constexpr int kWaitMs = 200;
    Server s;
    int connects = 0;
    s.server.setConnectHandler([&connects](QWebSocket *, const QJsonObject &) {
        return ++connects == 1 ? throttled(kWaitMs) : kWelcome;
    });
    Client c(s.server.url());
    QSignalSpy refused(&c.client, &ChatClient::authRefused);
    QSignalSpy ready(&c.client, &ChatClient::readyChanged);
    QTRY_COMPARE(refused.size(), 1);
    QElapsedTimer sinceRefusal;
    sinceRefusal.start();
    QCOMPARE(refused.at(0).at(0).value<AuthRefusal>().reason, QStringLiteral("throttled"));
    QCOMPARE(c.client.connectionState(), IMConnector::State::Disconnected); // stopped, no backoff storm
    QTRY_VERIFY(c.client.isReady());
    QVERIFY2(sinceRefusal.elapsed() >= kWaitMs * 9 / 10, qPrintable(QString::number(sinceRefusal.elapsed())));
    QCOMPARE(s.server.connectAuths().size(), 2);
    QCOMPARE(s.server.connectAuths().at(1).value(QLatin1String("token")).toString(), QStringLiteral("tok-7"));
    QCOMPARE(refused.size(), 1);
}

void tst_ChatClientPeople::throttledRetriesAreBounded()
{
    Server s;
    s.server.setConnectHandler([](QWebSocket *, const QJsonObject &) { return throttled(20); });
    Client c(s.server.url());
    QSignalSpy refused(&c.client, &ChatClient::authRefused);
    QSignalSpy states(&c.client, &ChatClient::connectionStateChanged);
    QTRY_COMPARE(refused.size(), ParleyProtocol::kMaxThrottledRetries + 1);
    QTRY_COMPARE(c.client.connectionState(), IMConnector::State::Disconnected);
    QVERIFY(!states.wait(300)); // 15 times the server's wait: nothing more
    QCOMPARE(s.server.connectAuths().size(), ParleyProtocol::kMaxThrottledRetries + 1);
    // The user's "retry now" is made, and counts anew: as many automatic retries again, no more.
    c.client.reconnectNow();
    QTRY_COMPARE(refused.size(), 2 * (ParleyProtocol::kMaxThrottledRetries + 1));
    QTRY_COMPARE(c.client.connectionState(), IMConnector::State::Disconnected);
    QVERIFY(!states.wait(300));
    QCOMPARE(s.server.connectAuths().size(), 2 * (ParleyProtocol::kMaxThrottledRetries + 1));
}

void tst_ChatClientPeople::throttledRetryCancelled_data()
{
    QTest::addColumn<QString>("by");
    QTest::newRow("disconnect") << QStringLiteral("disconnect");
    QTest::newRow("new sign-in") << QStringLiteral("sign-in");
}

void tst_ChatClientPeople::throttledRetryCancelled()
{
    QFETCH(QString, by);
    Server s;
    s.server.setConnectHandler([](QWebSocket *, const QJsonObject &) { return throttled(100); });
    Client c(s.server.url());
    QSignalSpy refused(&c.client, &ChatClient::authRefused);
    QSignalSpy states(&c.client, &ChatClient::connectionStateChanged);
    QTRY_COMPARE(refused.size(), 1);
    QTRY_COMPARE(c.client.connectionState(), IMConnector::State::Disconnected);
    if (by == QLatin1String("disconnect"))
        c.client.disconnectFromServer();
    else
        c.client.setSignIn(SignIn::withPassword(QStringLiteral("dana"), QStringLiteral("pw"), QStringLiteral("test")));
    QVERIFY(!states.wait(400));
    QCOMPARE(s.server.connectAuths().size(), 1);
}

PARLEY_TEST_GUILESS_MAIN(tst_ChatClientPeople)
#include "tst_chatclientpeople.moc"
