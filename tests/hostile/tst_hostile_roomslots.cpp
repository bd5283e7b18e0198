// Room-slot exhaustion (issue 11): one client used to take all 10,000 room slots in 3.4 s, and
// then nobody could join anything. Now slots are counted per session, account and address, and
// new rooms per account and address per hour; a probe client still joins.

#include "hostilefixtures.h"
#include "testmain.h"

#include <QElapsedTimer>
#include <QTest>

class tst_HostileRoomSlots : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void oneClientCannotShutTheDoor();
    void slotsPerSessionAccountAndAddress();
    void roomsCreatedPerHour();
};

namespace {

QJsonArray joinArgs(const QString &room)
{
    return {QJsonObject{{QLatin1String("room"), room}}};
}

//! Sends \a count joins to rooms "<prefix>0…" without waiting in between, then waits for every
//! answer; returns how many were ok and the errors of the others (empty list on a lost answer).
struct Joins
{
    int ok = 0;
    QStringList errors;
    qint64 lastRetryAfterMs = 0;
};

Joins joinMany(SioClient &client, const QString &prefix, int count)
{
    const qint64 first = client.nextAckId;
    for (int i = 0; i < count; ++i)
        client.emitEvent(QStringLiteral("join"), joinArgs(prefix + QString::number(i)), client.nextAckId++);
    Joins result;
    if (!client.waitForAck(client.nextAckId - 1))
        return result;
    for (qint64 id = first; id < client.nextAckId; ++id) {
        const auto ack = client.waitForAck(id);
        if (!ack)
            return {};
        if (ack->value(QLatin1String("ok")).toBool()) {
            ++result.ok;
        } else {
            const QString error = ack->value(QLatin1String("error")).toString();
            if (!result.errors.contains(error))
                result.errors << error;
            result.lastRetryAfterMs = ack->value(QLatin1String("retryAfterMs")).toInteger();
        }
    }
    return result;
}

} // namespace

void tst_HostileRoomSlots::oneClientCannotShutTheDoor()
{
    ServerSettings settings = fastHashing(); // every room limit at its default
    settings.joinRate = {};                  // only the slots are under test here
    auto server = startServer(settings);
    QVERIFY(server);
    auto mallory = connectClient(*server, QStringLiteral("mallory"));
    QVERIFY(mallory);

    QElapsedTimer clock;
    clock.start();
    const Joins joins = joinMany(*mallory, QStringLiteral("slot"), int(ServerSettings::kDefaultMaxRooms / 10));
    qInfo("10,000 joins from one client answered in %lld ms: %d rooms taken, refused with %s",
          clock.elapsed(), joins.ok, qPrintable(joins.errors.join(QLatin1String(", "))));
    // The account may create kDefaultRoomsCreatedPerAccount rooms at once (fewer than the
    // session's slots); nowhere near the global cap.
    QCOMPARE(joins.ok, int(ServerSettings::kDefaultRoomsCreatedPerAccount.burst));
    QVERIFY(joins.ok <= ServerSettings::kDefaultMaxRoomsPerSession);
    QCOMPARE(joins.errors, QStringList{QStringLiteral("too many rooms created")});
    QVERIFY(joins.lastRetryAfterMs > 0);

    auto probe = connectClient(*server, QStringLiteral("probe"));
    QVERIFY(probe);
    const auto answer = probe->request(QStringLiteral("join"), joinArgs(QStringLiteral("lobby")));
    QVERIFY(answer);
    QCOMPARE(answer->value(QLatin1String("ok")), QJsonValue(true));
}

void tst_HostileRoomSlots::slotsPerSessionAccountAndAddress()
{
    ServerSettings settings = fastHashing();
    settings.joinRate = {};
    settings.roomsCreatedPerAccount = {};
    settings.roomsCreatedPerAddress = {};
    settings.maxRoomsPerSession = 20;
    settings.maxRoomsPerAccount = 30;
    settings.maxRoomsPerAddress = 45;
    auto server = startServer(settings);
    QVERIFY(server);
    auto first = signedInClient(*server, signUp(QStringLiteral("mallory"), QStringLiteral("secret-password-1")));
    QVERIFY(first);
    auto second = signedInClient(*server, withPassword(QStringLiteral("mallory"), QStringLiteral("secret-password-1")));
    QVERIFY(second);
    auto guest = connectClient(*server, QStringLiteral("guest"));
    QVERIFY(guest);

    const Joins bySession = joinMany(*first, QStringLiteral("a"), 100);
    QCOMPARE(bySession.ok, 20);
    QCOMPARE(bySession.errors, QStringList{QStringLiteral("too many rooms joined")});
    const Joins byAccount = joinMany(*second, QStringLiteral("b"), 100);
    QCOMPARE(byAccount.ok, 10);
    const Joins byAddress = joinMany(*guest, QStringLiteral("c"), 100);
    QCOMPARE(byAddress.ok, 15);

    // A slot given back is a slot to take again: the account's second session gets one more.
    QVERIFY(first->request(QStringLiteral("leave"), joinArgs(QStringLiteral("a0"))));
    const auto again = second->request(QStringLiteral("join"), joinArgs(QStringLiteral("d")));
    QVERIFY(again);
    QCOMPARE(again->value(QLatin1String("ok")), QJsonValue(true));
    // Joining a room one is in already takes no slot.
    const auto twice = second->request(QStringLiteral("join"), joinArgs(QStringLiteral("d")));
    QVERIFY(twice);
    QCOMPARE(twice->value(QLatin1String("ok")), QJsonValue(true));
    // A session that goes gives its slots back to its address.
    first.reset();
    QTRY_COMPARE(server->clientCount(), 2);
    QCOMPARE(joinMany(*guest, QStringLiteral("e"), 5).ok, 5);
}

void tst_HostileRoomSlots::roomsCreatedPerHour()
{
    ServerSettings settings = fastHashing();
    settings.roomsCreatedPerAccount = {5.0 / 3600, 5};
    auto server = startServer(settings);
    QVERIFY(server);
    auto mallory = connectClient(*server, QStringLiteral("mallory"));
    auto host = joinedClient(*server, QStringLiteral("host"), QStringLiteral("existing"));
    QVERIFY(mallory && host);

    const Joins joins = joinMany(*mallory, QStringLiteral("new"), 10);
    QCOMPARE(joins.ok, 5);
    QCOMPARE(joins.errors, QStringList{QStringLiteral("too many rooms created")});
    // One more an hour / 5 = 720,000 ms, less the little that refilled while the test ran.
    QVERIFY2(joins.lastRetryAfterMs > 700'000 && joins.lastRetryAfterMs <= 720'000,
             qPrintable(QString::number(joins.lastRetryAfterMs)));
    // Leaving and coming back does not refill it; a room that exists is no creation.
    for (int i = 0; i < 5; ++i)
        QVERIFY(mallory->request(QStringLiteral("leave"), joinArgs(QStringLiteral("new") + QString::number(i))));
    QCOMPARE(joinMany(*mallory, QStringLiteral("new"), 1).ok, 0);
    const auto existing = mallory->request(QStringLiteral("join"), joinArgs(QStringLiteral("existing")));
    QVERIFY(existing);
    QCOMPARE(existing->value(QLatin1String("ok")), QJsonValue(true));
}

PARLEY_TEST_GUILESS_MAIN(tst_HostileRoomSlots)
#include "tst_hostile_roomslots.moc"
