// Floods (issue 11): one client used to store 100,000 messages in 27 s. Now messages, text,
// typing, history requests and plain broadcasts have token buckets per session and account, a
// refusal says "rate limited" and when to try again, and the history has quotas per account and
// room. A probe client's messages go through meanwhile.

#include "hostilefixtures.h"
#include "testmain.h"

#include <QElapsedTimer>
#include <QTest>

class tst_HostileRates : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void messageFloodIsRateLimited();
    void historyAndTypingFloods();
    void plainBroadcastsAreCappedAndLimited();
    void quotasPerAccountAndRoom();
};

namespace {

//! Answers to \a count requests sent without waiting in between: ok ones and refusals.
struct Flood
{
    int ok = 0;
    int limited = 0;
    QStringList otherErrors;
    qint64 minRetry = std::numeric_limits<qint64>::max();
    qint64 maxRetry = 0;
    qint64 elapsedMs = 0;
};

template <typename MakeArgs>
Flood flood(SioClient &client, const QString &event, int count, MakeArgs makeArgs)
{
    QElapsedTimer clock;
    clock.start();
    const qint64 first = client.nextAckId;
    for (int i = 0; i < count; ++i)
        client.emitEvent(event, makeArgs(i), client.nextAckId++);
    Flood result;
    for (qint64 id = first; id < client.nextAckId; ++id) {
        const auto ack = client.waitForAck(id);
        if (!ack) {
            result.otherErrors << QStringLiteral("no answer");
            return result;
        }
        const QString error = ack->value(QLatin1String("error")).toString();
        if (ack->value(QLatin1String("ok")).toBool()) {
            ++result.ok;
        } else if (error == QLatin1String("rate limited")) {
            ++result.limited;
            const qint64 retry = ack->value(QLatin1String("retryAfterMs")).toInteger();
            result.minRetry = qMin(result.minRetry, retry);
            result.maxRetry = qMax(result.maxRetry, retry);
        } else {
            result.otherErrors << error;
        }
    }
    result.elapsedMs = clock.elapsed();
    return result;
}

//! The limits' clock in these tests: it stands still unless a test moves it, so every count and
//! every retryAfterMs is exact however loaded the machine is.
qint64 g_nowMs = 1'000'000;

ServerSettings frozenClock(ServerSettings settings = fastHashing())
{
    settings.clock = [] { return g_nowMs; };
    return settings;
}

} // namespace

void tst_HostileRates::messageFloodIsRateLimited()
{
    ServerSettings settings = frozenClock();
    settings.messageRate = {50, 100}; // test-sized
    auto [server, mallory, probe] = aliceAndBob(settings);
    QVERIFY(server && mallory && probe);

    const Flood f = flood(*mallory, kChat, 2000, [](int i) {
        return QJsonArray{roomMessage(kLobby, QStringLiteral("spam"), QStringLiteral("m%1").arg(i))};
    });
    qInfo("2,000 messages in %lld ms: %d stored, %d rate limited (retryAfterMs %lld-%lld)",
          f.elapsedMs, f.ok, f.limited, f.minRetry, f.maxRetry);
    QCOMPARE(f.otherErrors, QStringList());
    QCOMPARE(f.ok + f.limited, 2000);
    QCOMPARE(f.ok, int(settings.messageRate.burst)); // the clock stood still: no refill
    QCOMPARE(f.minRetry, 1000 / 50);
    QCOMPARE(f.maxRetry, 1000 / 50);
    QCOMPARE(server->lastSeq(kLobby), qint64(f.ok)); // nothing refused was stored

    // The probe meanwhile: each of its messages goes through at once.
    for (int i = 0; i < 5; ++i) {
        const auto ack = probe->request(kChat, {roomMessage(kLobby, QStringLiteral("hi"), QStringLiteral("p%1").arg(i))});
        QVERIFY(ack);
        QCOMPARE(ack->value(QLatin1String("ok")), QJsonValue(true));
    }
    // The flooder is still refused; after the wait it was told, the same message goes through --
    // after the first message it was refused (m100): the room keeps the order messages were sent in.
    const QJsonArray late{roomMessage(kLobby, QStringLiteral("again"), QStringLiteral("late"))};
    const auto refused = mallory->request(kChat, late);
    QVERIFY(refused);
    QCOMPARE(refused->value(QLatin1String("error")).toString(), QStringLiteral("rate limited"));
    const qint64 retryAfterMs = refused->value(QLatin1String("retryAfterMs")).toInteger();
    QCOMPARE(retryAfterMs, 1000 / 50);
    g_nowMs += retryAfterMs - 1;
    QCOMPARE(mallory->request(kChat, late)->value(QLatin1String("retryAfterMs")).toInteger(), 1);
    g_nowMs += 1;
    QCOMPARE(mallory->request(kChat, late)->value(QLatin1String("error")).toString(), QStringLiteral("rate limited"));
    const QJsonArray first{roomMessage(kLobby, QStringLiteral("spam"), QStringLiteral("m%1").arg(f.ok))};
    QCOMPARE(mallory->request(kChat, first)->value(QLatin1String("ok")), QJsonValue(true));
    g_nowMs += retryAfterMs;
    const auto accepted = mallory->request(kChat, late);
    QVERIFY(accepted);
    QCOMPARE(accepted->value(QLatin1String("ok")), QJsonValue(true));
    // A sender that never resends the refused one is held for the wait plus throttleHoldGrace.
    g_nowMs += 1000; // the bucket is full again
    const QJsonArray burst{roomMessage(kLobby, QStringLiteral("x"), QStringLiteral("b0"))};
    for (int i = 0; i < int(settings.messageRate.burst); ++i)
        QVERIFY(mallory->request(kChat, {roomMessage(kLobby, QStringLiteral("x"), QStringLiteral("n%1").arg(i))}));
    QCOMPARE(mallory->request(kChat, burst)->value(QLatin1String("error")).toString(), QStringLiteral("rate limited"));
    g_nowMs += retryAfterMs + settings.throttleHoldGrace.count() - 1;
    const QJsonArray other{roomMessage(kLobby, QStringLiteral("x"), QStringLiteral("other"))};
    QCOMPARE(mallory->request(kChat, other)->value(QLatin1String("error")).toString(), QStringLiteral("rate limited"));
    g_nowMs += 1;
    QCOMPARE(mallory->request(kChat, other)->value(QLatin1String("ok")), QJsonValue(true));
}

void tst_HostileRates::historyAndTypingFloods()
{
    ServerSettings settings = frozenClock();
    settings.historyRate = {10, 20};
    settings.typingRate = {2, 10};
    auto [server, mallory, probe] = aliceAndBob(settings);
    QVERIFY(server && mallory && probe);
    QVERIFY(postMany(*probe, kLobby, 10));

    const Flood history = flood(*mallory, kHistory, 500, [](int) {
        return QJsonArray{QJsonObject{{QLatin1String("room"), kLobby}}};
    });
    qInfo("500 history requests in %lld ms: %d answered, %d rate limited", history.elapsedMs,
          history.ok, history.limited);
    QCOMPARE(history.otherErrors, QStringList());
    QCOMPARE(history.ok, int(settings.historyRate.burst));
    const auto probeHistory = probe->request(kHistory, {QJsonObject{{QLatin1String("room"), kLobby}}});
    QVERIFY(probeHistory);
    QCOMPARE(seqsOf(*probeHistory), range(1, 10));

    const Flood typing = flood(*mallory, QStringLiteral("typing"), 500, [](int) {
        return QJsonArray{QJsonObject{{QLatin1String("room"), kLobby}}};
    });
    QCOMPARE(typing.otherErrors, QStringList());
    QCOMPARE(typing.ok, int(settings.typingRate.burst));
    // What the probe hears is what passed, not the flood.
    QTRY_COMPARE(probe->events(QStringLiteral("typing")).size(), typing.ok);
}

void tst_HostileRates::plainBroadcastsAreCappedAndLimited()
{
    auto [server, mallory, probe] = aliceAndBob(frozenClock()); // default plain rate and cap
    QVERIFY(server && mallory && probe);
    auto classic = connectClient(*server, QStringLiteral("classic")); // in no room: a classic client
    QVERIFY(classic);
    const qsizetype cap = ServerSettings::kDefaultMaxPlainTextLength;
    const auto tooLong = mallory->request(kChat, {QString(cap + 1, QLatin1Char('x'))});
    QVERIFY(tooLong);
    QCOMPARE(*tooLong, obj(R"({"ok":false,"error":"text too long"})"));

    const Flood f = flood(*mallory, kChat, 50, [cap](int) { return QJsonArray{QString(cap, QLatin1Char('y'))}; });
    QCOMPARE(f.otherErrors, QStringList());
    QCOMPARE(f.ok, int(ServerSettings::kDefaultPlainRate.burst));
    QCOMPARE(f.limited, 50 - f.ok);
    QTRY_COMPARE(classic->events(kChat).size(), f.ok);
    // Sent in the same turn to every target: the probe, in a room, was none of them.
    QCOMPARE(probe->events(kChat).size(), 0);
}

void tst_HostileRates::quotasPerAccountAndRoom()
{
    ServerSettings settings = frozenClock();
    settings.messagesPerAccountPerDay = {5.0 / 86400, 5};
    settings.messagesPerRoomPerDay = {8.0 / 86400, 8};
    auto [server, mallory, probe] = aliceAndBob(settings);
    QVERIFY(server && mallory && probe);

    QVERIFY(postMany(*mallory, kLobby, 5));
    const auto over = mallory->request(kChat, {roomMessage(kLobby, QStringLiteral("six"), QStringLiteral("six"))});
    QVERIFY(over);
    QCOMPARE(over->value(QLatin1String("error")).toString(), QStringLiteral("quota exceeded"));
    // A day's quota of 5 comes back one message every 86,400 s / 5 (to the ms, floating point).
    QVERIFY(qAbs(over->value(QLatin1String("retryAfterMs")).toInteger() - 86'400'000 / 5) <= 1);
    // The room has 3 left of its day: the probe takes them, then the room is full for everybody.
    QVERIFY(postMany(*probe, kLobby, 3, QStringLiteral("p")));
    const auto roomFull = probe->request(kChat, {roomMessage(kLobby, QStringLiteral("p4"), QStringLiteral("p4"))});
    QVERIFY(roomFull);
    QCOMPARE(roomFull->value(QLatin1String("error")).toString(), QStringLiteral("quota exceeded"));
    QCOMPARE(server->lastSeq(kLobby), 8);
    // Another room is not this one.
    QVERIFY(probe->request(QStringLiteral("join"), {QJsonObject{{QLatin1String("room"), QStringLiteral("other")}}}));
    QVERIFY(postMany(*probe, QStringLiteral("other"), 1, QStringLiteral("o")));
}

PARLEY_TEST_GUILESS_MAIN(tst_HostileRates)
#include "tst_hostile_rates.moc"
