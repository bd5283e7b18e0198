// ParleyServer end to end, presence: an account is online, away (all its sessions said so) or
// offline with lastSeen (kept across a restart); a change goes to everybody sharing a room with
// it, direct rooms included, and to nobody else; a client flipping its presence 10,000 times
// causes a handful of announcements, not 10,000.

#include "directroomname.h"
#include "parleyserverfixtures.h"
#include "testmain.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kPresence = QStringLiteral("presence");

QJsonObject said(const char *presence)
{
    return QJsonObject{{kPresence, QString::fromLatin1(presence)}};
}

//! The person \a client heard of \a accountId last (in a "presence" event); empty when none.
QJsonObject lastPresence(const SioClient &client, qint64 accountId)
{
    const QList<QJsonArray> events = client.events(kPresence);
    for (auto it = events.crbegin(); it != events.crend(); ++it) {
        const QJsonObject person = it->at(0).toObject();
        if (person.value(QLatin1String("id")).toInteger() == accountId)
            return person;
    }
    return {};
}

//! The presence \a client heard of \a accountId last, empty when none.
QString lastWord(const SioClient &client, qint64 accountId)
{
    return lastPresence(client, accountId).value(kPresence).toString();
}

//! The presence of \a accountId among the "people" of a join answer or members event \a list.
QString presenceIn(const QJsonObject &list, qint64 accountId)
{
    const QJsonArray people = list.value(QLatin1String("people")).toArray();
    for (const QJsonValue &p : people) {
        if (p.toObject().value(QLatin1String("id")).toInteger() == accountId)
            return p.toObject().value(kPresence).toString();
    }
    return QStringLiteral("(absent)");
}

} // namespace

class tst_ParleyServerPresence : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void onlineAwayOnlineOffline();
    void awayOnlyWhenEverySessionIsAway();
    void malformedPresenceIsRefused_data();
    void malformedPresenceIsRefused();
    void lastSeenSurvivesARestart();
    void onlyRoomMatesHear();
    void directRoomMatesHearWithoutTheAccountInIt();
    void guestsHavePresence();
    void flippingIsCoalesced();
};

void tst_ParleyServerPresence::onlineAwayOnlineOffline()
{
    // Whether a room-mate hears the "online" of a sign-in depends on joining the room within
    // membersAnnounceDelay of it, so every test here starts from an "away" it waited for.
    const auto server = startServer();
    QVERIFY(server);
    const qint64 aliceId = registerAccount(*server, QStringLiteral("alice"));
    const qint64 bobId = registerAccount(*server, QStringLiteral("bob"));
    auto alice = signedInAs(*server, aliceId);
    QVERIFY(alice && joinRoom(*alice, kLobby));
    auto bob = signedInAs(*server, bobId);
    QVERIFY(bob);
    const auto joined = joinRoom(*bob, kLobby);
    QVERIFY(joined);
    QCOMPARE(presenceIn(*joined, aliceId), QStringLiteral("online"));

    QCOMPARE(*alice->request(kPresence, {said("away")}), obj(R"({"ok":true})"));
    QTRY_COMPARE(lastWord(*bob, aliceId), QStringLiteral("away"));
    QCOMPARE(lastPresence(*bob, aliceId),
             (QJsonObject{{QLatin1String("id"), aliceId},
                          {QLatin1String("username"), QStringLiteral("alice")},
                          {QLatin1String("displayName"), QStringLiteral("alice")},
                          {QLatin1String("guest"), false},
                          {kPresence, QStringLiteral("away")}}));
    const qsizetype heard = presencesOf(*bob, aliceId).size();
    // Member lists carry it too.
    auto carol = connectClient(*server, QStringLiteral("carol"));
    QVERIFY(carol);
    QCOMPARE(presenceIn(*joinRoom(*carol, kLobby), aliceId), QStringLiteral("away"));
    QTRY_COMPARE(bob->lastMembers(kLobby).size(), 3);
    QCOMPARE(presenceIn(bob->events(QStringLiteral("members")).constLast().at(0).toObject(), aliceId),
             QStringLiteral("away"));

    QVERIFY(alice->request(kPresence, {said("online")}));
    QTRY_COMPARE(presencesOf(*bob, aliceId).mid(heard), QStringList{QStringLiteral("online")});

    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    alice->socket.close();
    QTRY_COMPARE(presencesOf(*bob, aliceId).mid(heard),
                 (QStringList{QStringLiteral("online"), QStringLiteral("offline")}));
    const QJsonObject gone = lastPresence(*bob, aliceId);
    const qint64 lastSeen = gone.value(QLatin1String("lastSeen")).toInteger();
    QVERIFY2(lastSeen >= before && lastSeen <= QDateTime::currentMSecsSinceEpoch(), qPrintable(QString::number(lastSeen)));
    QCOMPARE(server->accounts()->account(aliceId).value.lastSeenMs, lastSeen);
}

void tst_ParleyServerPresence::awayOnlyWhenEverySessionIsAway()
{
    const auto server = startServer();
    QVERIFY(server);
    const qint64 aliceId = registerAccount(*server, QStringLiteral("alice"));
    auto laptop = signedInAs(*server, aliceId);
    auto phone = signedInAs(*server, aliceId);
    auto bob = joinedClient(*server, QStringLiteral("bob"), kLobby);
    QVERIFY(laptop && phone && bob && joinRoom(*laptop, kLobby));

    QVERIFY(laptop->request(kPresence, {said("away")}));
    QVERIFY(joinRoom(*bob, kLobby)); // a round trip: the laptop alone being away changed nothing
    QCOMPARE(presenceIn(*joinRoom(*bob, kLobby), aliceId), QStringLiteral("online"));
    QVERIFY(phone->request(kPresence, {said("away")}));
    QTRY_COMPARE(lastWord(*bob, aliceId), QStringLiteral("away"));
    const qsizetype heard = presencesOf(*bob, aliceId).size();
    // The phone, away, goes: the laptop is still away. The laptop comes back: online.
    phone->socket.close();
    QVERIFY(laptop->request(kPresence, {said("online")}));
    QTRY_COMPARE(presencesOf(*bob, aliceId).mid(heard), QStringList{QStringLiteral("online")});
    // A third session that comes and goes is no change: the next thing bob hears is "away".
    auto tablet = signedInAs(*server, aliceId);
    QVERIFY(tablet);
    tablet->socket.close();
    QTRY_COMPARE(server->clientCount(), 2);
    QVERIFY(laptop->request(kPresence, {said("away")}));
    QTRY_COMPARE(presencesOf(*bob, aliceId).mid(heard), (QStringList{QStringLiteral("online"), QStringLiteral("away")}));
}

void tst_ParleyServerPresence::malformedPresenceIsRefused_data()
{
    QTest::addColumn<QJsonValue>("argument");
    QTest::newRow("unknown word") << QJsonValue(said("busy"));
    QTest::newRow("offline") << QJsonValue(said("offline"));
    QTest::newRow("not text") << QJsonValue(obj(R"({"presence":true})"));
    QTest::newRow("no field") << QJsonValue(QJsonObject());
    QTest::newRow("plain string") << QJsonValue(QStringLiteral("away"));
}

void tst_ParleyServerPresence::malformedPresenceIsRefused()
{
    QFETCH(QJsonValue, argument);
    const auto server = startServer();
    QVERIFY(server);
    auto alice = joinedClient(*server, QStringLiteral("alice"), kLobby);
    QVERIFY(alice);
    QCOMPARE(*alice->request(kPresence, {argument}), obj(R"({"ok":false,"error":"malformed arguments"})"));
    // Still online: a later join answer says so.
    auto bob = joinedClient(*server, QStringLiteral("bob"), kLobby);
    QVERIFY(bob);
    const qint64 aliceId = userOf(*alice).value(QLatin1String("id")).toInteger();
    QCOMPARE(presenceIn(*joinRoom(*bob, kLobby), aliceId), QStringLiteral("online"));
}

void tst_ParleyServerPresence::lastSeenSurvivesARestart()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    qint64 aliceId = 0;
    qint64 lastSeen = 0;
    {
        const auto server = startServer(onFileIn(dir));
        QVERIFY(server);
        aliceId = registerAccount(*server, QStringLiteral("alice"));
        QVERIFY(registerAccount(*server, QStringLiteral("bob")) > 0);
        auto alice = signedInAs(*server, aliceId);
        QVERIFY(alice);
        alice->socket.close();
        QTRY_VERIFY(server->accounts()->account(aliceId).value.lastSeenMs > 0);
        lastSeen = server->accounts()->account(aliceId).value.lastSeenMs;
    }
    const auto server = startServer(onFileIn(dir));
    QVERIFY(server);
    auto bob = signedInAs(*server, server->accounts()->findAccount(QStringLiteral("bob")).value.id);
    QVERIFY(bob);
    const auto opened = bob->request(QStringLiteral("openDirect"), {obj(R"({"username":"alice"})")});
    QVERIFY(opened);
    const QJsonObject peer = opened->value(QLatin1String("peer")).toObject();
    QCOMPARE(peer.value(kPresence).toString(), QStringLiteral("offline"));
    QCOMPARE(peer.value(QLatin1String("lastSeen")).toInteger(), lastSeen);
    // Never seen: no lastSeen at all.
    const qint64 carolId = registerAccount(*server, QStringLiteral("carol"));
    const QJsonObject carol = bob->request(QStringLiteral("openDirect"), {QJsonObject{{QLatin1String("userId"), carolId}}})
                                      ->value(QLatin1String("peer")).toObject();
    QCOMPARE(carol.value(kPresence).toString(), QStringLiteral("offline"));
    QVERIFY(!carol.contains(QLatin1String("lastSeen")));
}

void tst_ParleyServerPresence::onlyRoomMatesHear()
{
    const auto server = startServer();
    QVERIFY(server);
    auto alice = joinedClient(*server, QStringLiteral("alice"), kLobby);
    auto bob = joinedClient(*server, QStringLiteral("bob"), kLobby);
    auto carol = joinedClient(*server, QStringLiteral("carol"), QStringLiteral("elsewhere"));
    auto dave = connectClient(*server, QStringLiteral("dave")); // in no room
    QVERIFY(alice && bob && carol && dave);
    const qint64 aliceId = userOf(*alice).value(QLatin1String("id")).toInteger();

    QVERIFY(alice->request(kPresence, {said("away")}));
    QTRY_COMPARE(lastWord(*bob, aliceId), QStringLiteral("away"));
    const qsizetype heard = presencesOf(*bob, aliceId).size();
    // alice joins carol's room (a members list reaches carol, after the "away" went out), then
    // comes back: carol hears that, and only that.
    QVERIFY(joinRoom(*alice, QStringLiteral("elsewhere")));
    QTRY_COMPARE(carol->lastMembers(QStringLiteral("elsewhere")),
                 (QStringList{QStringLiteral("carol"), QStringLiteral("alice")}));
    QVERIFY(presencesOf(*carol, aliceId).isEmpty());
    QVERIFY(alice->request(kPresence, {said("online")}));
    QTRY_COMPARE(presencesOf(*carol, aliceId), QStringList{QStringLiteral("online")});
    QTRY_COMPARE(presencesOf(*bob, aliceId).mid(heard), QStringList{QStringLiteral("online")});
    // dave shares no room with anybody: he has heard nothing at all, even of himself.
    QVERIFY(dave->request(QStringLiteral("directs"), {}));
    QVERIFY(dave->events(kPresence).isEmpty());
    // alice leaves the lobby, then goes: bob, no longer in a room with her, does not hear it.
    QVERIFY(alice->request(QStringLiteral("leave"), {obj(R"({"room":"lobby"})")}));
    alice->socket.close();
    QTRY_COMPARE(presencesOf(*carol, aliceId), (QStringList{QStringLiteral("online"), QStringLiteral("offline")}));
    QCOMPARE(presencesOf(*bob, aliceId).mid(heard), QStringList{QStringLiteral("online")});
}

void tst_ParleyServerPresence::directRoomMatesHearWithoutTheAccountInIt()
{
    const auto server = startServer();
    QVERIFY(server);
    const qint64 aliceId = registerAccount(*server, QStringLiteral("alice"));
    const qint64 bobId = registerAccount(*server, QStringLiteral("bob"));
    auto bob = signedInAs(*server, bobId);
    QVERIFY(bob && joinRoom(*bob, DirectRoomName::make(aliceId, bobId))->value(QLatin1String("ok")).toBool());
    auto alice = signedInAs(*server, aliceId); // in no room at all
    QVERIFY(alice);
    QTRY_COMPARE(presencesOf(*bob, aliceId), QStringList{QStringLiteral("online")});
    QVERIFY(alice->request(kPresence, {said("away")}));
    QTRY_COMPARE(presencesOf(*bob, aliceId), (QStringList{QStringLiteral("online"), QStringLiteral("away")}));
    alice->socket.close();
    QTRY_COMPARE(presencesOf(*bob, aliceId).size(), 3);
    QCOMPARE(lastPresence(*bob, aliceId).value(kPresence).toString(), QStringLiteral("offline"));
    QVERIFY(lastPresence(*bob, aliceId).value(QLatin1String("lastSeen")).toInteger() > 0);
}

void tst_ParleyServerPresence::guestsHavePresence()
{
    const auto server = startServer();
    QVERIFY(server);
    auto dana = joinedClient(*server, QStringLiteral("Dana"), kLobby);
    auto bob = joinedClient(*server, QStringLiteral("bob"), kLobby);
    QVERIFY(dana && bob);
    const qint64 danaId = userOf(*dana).value(QLatin1String("id")).toInteger();
    QVERIFY(dana->request(kPresence, {said("away")}));
    QTRY_COMPARE(lastPresence(*bob, danaId).value(kPresence).toString(), QStringLiteral("away"));
    QCOMPARE(lastPresence(*bob, danaId).value(QLatin1String("guest")), QJsonValue(true));
}

void tst_ParleyServerPresence::flippingIsCoalesced()
{
    const auto server = startServer();
    QVERIFY(server);
    auto alice = joinedClient(*server, QStringLiteral("alice"), kLobby);
    auto bob = joinedClient(*server, QStringLiteral("bob"), kLobby);
    QVERIFY(alice && bob);
    const qint64 aliceId = userOf(*alice).value(QLatin1String("id")).toInteger();
    QVERIFY(alice->request(kPresence, {said("away")}));
    QTRY_COMPARE(lastWord(*bob, aliceId), QStringLiteral("away"));
    const qsizetype before = presencesOf(*bob, aliceId).size();

    // 9,999 flips from "away" (online, away, …, online, away), then "online", acknowledged:
    // it ends where nothing was announced yet, so something must be heard.
    constexpr int kFlips = 10'000;
    QElapsedTimer elapsed;
    elapsed.start();
    for (int i = 0; i < kFlips - 1; ++i)
        alice->emitEvent(kPresence, {said(i % 2 == 0 ? "online" : "away")});
    const auto last = alice->request(kPresence, {said("online")});
    QVERIFY(last && last->value(QLatin1String("ok")).toBool());
    QTRY_COMPARE(lastWord(*bob, aliceId), QStringLiteral("online"));
    const qint64 spanMs = elapsed.elapsed();
    // At most one announcement per membersAnnounceDelay while the flips lasted, and one after.
    const qsizetype heard = presencesOf(*bob, aliceId).size() - before;
    const qint64 bound = spanMs / server->settings().membersAnnounceDelay.count() + 2;
    QVERIFY2(heard >= 1 && heard <= bound,
             qPrintable(QStringLiteral("%1 announcements in %2 ms").arg(heard).arg(spanMs)));
    QVERIFY2(heard < 200, qPrintable(QString::number(heard)));
}

PARLEY_TEST_GUILESS_MAIN(tst_ParleyServerPresence)
#include "tst_parleyserver_presence.moc"
