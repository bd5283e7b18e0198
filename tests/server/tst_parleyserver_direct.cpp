// ParleyServer end to end, direct messages: a direct room "@dm:<low>:<high>" is open only to its
// two registered accounts (join and history), other "@" names are refused, openDirect and
// directs answer as docs/protocol.md says, and a new message reaches the sessions of both
// accounts that are not in the room as a "direct" event.

#include "directroomname.h"
#include "parleyserverfixtures.h"
#include "testmain.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

namespace {

const QString kDirect = QStringLiteral("direct");

QString errorOf(const std::optional<QJsonObject> &answer)
{
    return answer ? answer->value(QLatin1String("error")).toString() : QStringLiteral("(no answer)");
}

//! Waits until the server's clock has moved past \a ms (messages then get a later time).
bool clockPassed(qint64 ms)
{
    return QTest::qWaitFor([ms] { return QDateTime::currentMSecsSinceEpoch() > ms; }, kWaitMs);
}

} // namespace

class tst_ParleyServerDirect : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void thirdAccountCannotReadADirectRoom();
    void guestsAreRefused();
    void reservedNamesAreRefused_data();
    void reservedNamesAreRefused();
    void joinAnswerCarriesThePeer();
    void openDirect_data();
    void openDirect();
    void openDirectAsAGuestIsRefused();
    void directsListsExactlyTheAskersRooms();
    void directEventReachesSessionsNotInTheRoom();
};

void tst_ParleyServerDirect::thirdAccountCannotReadADirectRoom()
{
    const ThreePeople t = threePeople();
    QVERIFY(t.alice && t.bob && t.carol);
    const QString room = DirectRoomName::make(t.aliceId, t.bobId);
    QVERIFY(joinRoom(*t.alice, room)->value(QLatin1String("ok")).toBool());
    QVERIFY(t.alice->request(kChat, {roomMessage(room, QStringLiteral("secret"), QStringLiteral("s1"))})
                    ->value(QLatin1String("ok")).toBool());

    QCOMPARE(errorOf(joinRoom(*t.carol, room)), QStringLiteral("not allowed"));
    // Refused before any other check: not "not in room", not "invalid after".
    QCOMPARE(errorOf(history(*t.carol, QJsonObject{{QLatin1String("room"), room}})), QStringLiteral("not allowed"));
    QCOMPARE(errorOf(history(*t.carol, QJsonObject{{QLatin1String("room"), room}, {QLatin1String("after"), -1}})),
             QStringLiteral("not allowed"));
    QCOMPARE(errorOf(t.carol->request(kChat, {roomMessage(room, QStringLiteral("hi"), QStringLiteral("c1"))})),
             QStringLiteral("not joined"));
    // bob, the other one, reads it.
    QVERIFY(joinRoom(*t.bob, room)->value(QLatin1String("ok")).toBool());
    const auto page = history(*t.bob, QJsonObject{{QLatin1String("room"), room}});
    QVERIFY(page);
    QCOMPARE(seqsOf(*page), (QList<qint64>{1}));
    QVERIFY(t.carol->events(kChat).isEmpty());
}

void tst_ParleyServerDirect::guestsAreRefused()
{
    const ThreePeople t = threePeople();
    QVERIFY(t.alice);
    auto guest = connectClient(*t.server, QStringLiteral("Dana"));
    QVERIFY(guest);
    const qint64 guestId = userOf(*guest).value(QLatin1String("id")).toInteger();
    const QString withGuest = DirectRoomName::make(t.aliceId, guestId);
    QCOMPARE(errorOf(joinRoom(*guest, withGuest)), QStringLiteral("not allowed"));
    QCOMPARE(errorOf(history(*guest, QJsonObject{{QLatin1String("room"), withGuest}})), QStringLiteral("not allowed"));
    QCOMPARE(errorOf(joinRoom(*t.alice, withGuest)), QStringLiteral("not allowed")); // the peer is a guest
    QCOMPARE(errorOf(joinRoom(*guest, DirectRoomName::make(t.aliceId, t.bobId))), QStringLiteral("not allowed"));
    // An account that does not exist cannot be the other one either.
    QCOMPARE(errorOf(joinRoom(*t.alice, DirectRoomName::make(t.aliceId, 999))), QStringLiteral("not allowed"));
}

void tst_ParleyServerDirect::reservedNamesAreRefused_data()
{
    QTest::addColumn<QString>("room");
    QTest::newRow("@foo") << QStringLiteral("@foo");
    QTest::newRow("@") << QStringLiteral("@");
    QTest::newRow("leading zero") << QStringLiteral("@dm:01:2");
    QTest::newRow("high first") << QStringLiteral("@dm:2:1");
    QTest::newRow("same id") << QStringLiteral("@dm:1:1");
    QTest::newRow("three ids") << QStringLiteral("@dm:1:2:3");
    QTest::newRow("upper case") << QStringLiteral("@DM:1:2");
}

void tst_ParleyServerDirect::reservedNamesAreRefused()
{
    QFETCH(QString, room);
    const ThreePeople t = threePeople();
    QVERIFY(t.alice);
    QCOMPARE(errorOf(joinRoom(*t.alice, room)), QStringLiteral("invalid room"));
    QCOMPARE(errorOf(history(*t.alice, QJsonObject{{QLatin1String("room"), room}})), QStringLiteral("invalid room"));
}

void tst_ParleyServerDirect::joinAnswerCarriesThePeer()
{
    const ThreePeople t = threePeople();
    QVERIFY(t.alice && t.bob);
    t.bob->socket.close();
    const auto answer = joinRoom(*t.alice, DirectRoomName::make(t.aliceId, t.bobId));
    QVERIFY(answer && answer->value(QLatin1String("ok")).toBool());
    QTRY_VERIFY(t.server->accounts()->account(t.bobId).value.lastSeenMs > 0);
    const QJsonObject again = *joinRoom(*t.alice, DirectRoomName::make(t.aliceId, t.bobId));
    const QJsonObject peer = again.value(QLatin1String("peer")).toObject();
    QCOMPARE(without(peer, QStringLiteral("lastSeen")),
             (QJsonObject{{QLatin1String("id"), t.bobId},
                          {QLatin1String("username"), QStringLiteral("bob")},
                          {QLatin1String("displayName"), QStringLiteral("Bob")},
                          {QLatin1String("guest"), false},
                          {QLatin1String("presence"), QStringLiteral("offline")}}));
    QCOMPARE(peer.value(QLatin1String("lastSeen")).toInteger(),
             t.server->accounts()->account(t.bobId).value.lastSeenMs);
    QVERIFY(!joinRoom(*t.alice, kLobby)->contains(QLatin1String("peer"))); // ordinary rooms have none
}

void tst_ParleyServerDirect::openDirect_data()
{
    QTest::addColumn<QJsonValue>("argument");
    QTest::addColumn<QString>("error"); // empty: ok, the room with bob

    QTest::newRow("by id") << QJsonValue(obj(R"({"userId":2})")) << QString();
    QTest::newRow("by username") << QJsonValue(obj(R"({"username":"BOB"})")) << QString();
    QTest::newRow("unknown id") << QJsonValue(obj(R"({"userId":999})")) << QStringLiteral("unknown user");
    QTest::newRow("unknown name") << QJsonValue(obj(R"({"username":"nobody"})")) << QStringLiteral("unknown user");
    QTest::newRow("long name") << QJsonValue(QJsonObject{{QLatin1String("username"), QString(5000, QLatin1Char('b'))}})
                               << QStringLiteral("unknown user");
    QTest::newRow("myself by id") << QJsonValue(obj(R"({"userId":1})")) << QStringLiteral("cannot message yourself");
    QTest::newRow("myself by name") << QJsonValue(obj(R"({"username":"alice"})")) << QStringLiteral("cannot message yourself");
    QTest::newRow("a guest") << QJsonValue(obj(R"({"userId":4})")) << QStringLiteral("not allowed");
    QTest::newRow("no object") << QJsonValue(QStringLiteral("bob")) << QStringLiteral("malformed arguments");
    QTest::newRow("empty") << QJsonValue(QJsonObject()) << QStringLiteral("malformed arguments");
    QTest::newRow("id as text") << QJsonValue(obj(R"({"userId":"2"})")) << QStringLiteral("malformed arguments");
    QTest::newRow("id zero") << QJsonValue(obj(R"({"userId":0})")) << QStringLiteral("malformed arguments");
    QTest::newRow("id fraction") << QJsonValue(obj(R"({"userId":2.5})")) << QStringLiteral("malformed arguments");
    QTest::newRow("name not text") << QJsonValue(obj(R"({"username":2})")) << QStringLiteral("malformed arguments");
}

void tst_ParleyServerDirect::openDirect()
{
    QFETCH(QJsonValue, argument);
    QFETCH(QString, error);
    const ThreePeople t = threePeople();
    QVERIFY(t.alice && t.aliceId == 1 && t.bobId == 2);
    auto guest = connectClient(*t.server, QStringLiteral("Dana"));
    QVERIFY(guest);
    QCOMPARE(userOf(*guest).value(QLatin1String("id")).toInteger(), 4);
    const auto answer = t.alice->request(QStringLiteral("openDirect"), {argument});
    QVERIFY(answer);
    if (!error.isEmpty()) {
        QCOMPARE(*answer, (QJsonObject{{QLatin1String("ok"), false}, {QLatin1String("error"), error}}));
        return;
    }
    QCOMPARE(*answer,
             (QJsonObject{{QLatin1String("ok"), true},
                          {QLatin1String("room"), QStringLiteral("@dm:1:2")},
                          {QLatin1String("peer"),
                           QJsonObject{{QLatin1String("id"), 2},
                                       {QLatin1String("username"), QStringLiteral("bob")},
                                       {QLatin1String("displayName"), QStringLiteral("Bob")},
                                       {QLatin1String("guest"), false},
                                       {QLatin1String("presence"), QStringLiteral("online")}}}}));
}

void tst_ParleyServerDirect::openDirectAsAGuestIsRefused()
{
    const ThreePeople t = threePeople();
    QVERIFY(t.alice);
    auto guest = connectClient(*t.server, QStringLiteral("Dana"));
    QVERIFY(guest);
    QCOMPARE(errorOf(guest->request(QStringLiteral("openDirect"), {obj(R"({"username":"alice"})")})),
             QStringLiteral("not allowed"));
    const auto directs = guest->request(QStringLiteral("directs"), {});
    QVERIFY(directs);
    QCOMPARE(*directs, obj(R"({"ok":true,"directs":[]})"));
}

void tst_ParleyServerDirect::directsListsExactlyTheAskersRooms()
{
    const auto server = startServer();
    QVERIFY(server);
    for (int n = 1; n <= 21; ++n)
        QCOMPARE(registerAccount(*server, QStringLiteral("user%1").arg(n)), n);
    auto one = signedInAs(*server, 1);
    auto two = signedInAs(*server, 2);
    auto twelve = signedInAs(*server, 12);
    auto twentyOne = signedInAs(*server, 21);
    QVERIFY(one && two && twelve && twentyOne);

    // Written in this order, each later than the one before.
    const QList<QPair<SioClient *, QString>> writes{{one.get(), QStringLiteral("@dm:1:12")},
                                                   {one.get(), QStringLiteral("@dm:1:21")},
                                                   {twelve.get(), QStringLiteral("@dm:1:12")},
                                                   {two.get(), QStringLiteral("@dm:2:12")}};
    int n = 0;
    for (const auto &[client, room] : writes) {
        QVERIFY(joinRoom(*client, room)->value(QLatin1String("ok")).toBool());
        const auto ack = client->request(kChat, {roomMessage(room, QStringLiteral("hi"), QString::number(++n))});
        QVERIFY(ack && ack->value(QLatin1String("ok")).toBool());
        QVERIFY(clockPassed(ack->value(QLatin1String("time")).toInteger()));
    }
    QVERIFY(joinRoom(*one, QStringLiteral("@dm:1:2"))); // joined, never written in: not listed

    const auto listOf = [](SioClient &client) {
        QStringList rooms;
        const auto answer = client.request(QStringLiteral("directs"), {});
        if (!answer || !answer->value(QLatin1String("ok")).toBool())
            return QStringList{QStringLiteral("(failed)")};
        const QJsonArray directs = answer->value(QLatin1String("directs")).toArray();
        for (const QJsonValue &d : directs) {
            const QJsonObject o = d.toObject();
            rooms << QStringLiteral("%1 peer %2 seq %3")
                             .arg(o.value(QLatin1String("room")).toString())
                             .arg(o.value(QLatin1String("peer")).toObject().value(QLatin1String("id")).toInteger())
                             .arg(o.value(QLatin1String("lastSeq")).toInteger());
        }
        return rooms;
    };
    QCOMPARE(listOf(*one), (QStringList{QStringLiteral("@dm:1:12 peer 12 seq 2"), QStringLiteral("@dm:1:21 peer 21 seq 1")}));
    QCOMPARE(listOf(*two), QStringList{QStringLiteral("@dm:2:12 peer 12 seq 1")});
    QCOMPARE(listOf(*twelve), (QStringList{QStringLiteral("@dm:2:12 peer 2 seq 1"), QStringLiteral("@dm:1:12 peer 1 seq 2")}));
    QCOMPARE(listOf(*twentyOne), QStringList{QStringLiteral("@dm:1:21 peer 1 seq 1")});
    // The peer is a whole person.
    const QJsonObject first = twentyOne->request(QStringLiteral("directs"), {})
                                      ->value(QLatin1String("directs")).toArray().at(0).toObject();
    QCOMPARE(first.value(QLatin1String("peer")).toObject().value(QLatin1String("username")).toString(),
             QStringLiteral("user1"));
    QCOMPARE(first.value(QLatin1String("peer")).toObject().value(QLatin1String("presence")).toString(),
             QStringLiteral("online"));
}

void tst_ParleyServerDirect::directEventReachesSessionsNotInTheRoom()
{
    const ThreePeople t = threePeople();
    QVERIFY(t.alice && t.bob && t.carol);
    auto alicePhone = signedInAs(*t.server, t.aliceId);
    auto bobPhone = signedInAs(*t.server, t.bobId);
    QVERIFY(alicePhone && bobPhone);
    const QString room = DirectRoomName::make(t.aliceId, t.bobId);
    QVERIFY(joinRoom(*t.alice, room)->value(QLatin1String("ok")).toBool());
    QVERIFY(joinRoom(*t.bob, room)->value(QLatin1String("ok")).toBool());

    const auto ack = t.alice->request(kChat, {roomMessage(room, QStringLiteral("psst"), QStringLiteral("p1"))});
    QVERIFY(ack && ack->value(QLatin1String("ok")).toBool());
    QVERIFY(bobPhone->waitForEvents(kDirect, 1));
    QVERIFY(alicePhone->waitForEvents(kDirect, 1));
    QVERIFY(t.bob->waitForEvents(kChat, 1));

    const QJsonObject message = t.bob->events(kChat).constFirst().at(0).toObject();
    QCOMPARE(message.value(QLatin1String("text")).toString(), QStringLiteral("psst"));
    const QJsonObject toBob = bobPhone->events(kDirect).constFirst().at(0).toObject();
    QCOMPARE(toBob.value(QLatin1String("room")).toString(), room);
    QCOMPARE(toBob.value(QLatin1String("message")).toObject(), message);
    QCOMPARE(toBob.value(QLatin1String("peer")).toObject(),
             (QJsonObject{{QLatin1String("id"), t.aliceId},
                          {QLatin1String("username"), QStringLiteral("alice")},
                          {QLatin1String("displayName"), QStringLiteral("Alice")},
                          {QLatin1String("guest"), false},
                          {QLatin1String("presence"), QStringLiteral("online")}}));
    const QJsonObject toAlice = alicePhone->events(kDirect).constFirst().at(0).toObject();
    QCOMPARE(toAlice.value(QLatin1String("message")).toObject(), message);
    QCOMPARE(toAlice.value(QLatin1String("peer")).toObject().value(QLatin1String("id")).toInteger(), t.bobId);

    // Sessions in the room get the message itself, never a "direct"; carol gets nothing. Each
    // answers a request after the events above went out.
    for (SioClient *client : {t.alice.get(), t.bob.get(), t.carol.get()}) {
        QVERIFY(client->request(QStringLiteral("directs"), {}));
        QVERIFY(client->events(kDirect).isEmpty());
    }
    QVERIFY(t.carol->events(kChat).isEmpty());
    QCOMPARE(bobPhone->events(kDirect).size(), 1);
    QCOMPARE(alicePhone->events(kDirect).size(), 1);
}

PARLEY_TEST_GUILESS_MAIN(tst_ParleyServerDirect)
#include "tst_parleyserver_direct.moc"
