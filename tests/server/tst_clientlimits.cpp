// ClientLimits: which limit refuses, with which error and wait, and that a refusal takes nothing.

#include "clientlimits.h"
#include "testmain.h"

#include <QTest>

class tst_ClientLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void messages_data();
    void messages();
    void refusedMessageTakesNothing();
    void refusedRoomIsHeldUntilTheRefusedMessageReturns();
    void holdOfANeverResentMessageEndsAfterTheGrace();
    void otherKinds_data();
    void otherKinds();
    void sessionEndedKeepsTheAccountsBucket();
};

namespace {

//! Everything unlimited: each test switches on the one limit it is about.
ServerSettings unlimited()
{
    ServerSettings s;
    for (TokenBucket::Rate *r : {&s.messageRate, &s.textRate, &s.typingRate, &s.joinRate,
                                 &s.historyRate, &s.plainRate, &s.roomsCreatedPerAccount,
                                 &s.roomsCreatedPerAddress, &s.messagesPerAccountPerDay,
                                 &s.textPerAccountPerDay, &s.messagesPerRoomPerDay})
        *r = {};
    s.accountRateFactor = 2;
    return s;
}

ClientLimits::Who who(const char *session, qint64 account, const char *address = "127.0.0.1")
{
    return {QLatin1String(session), account, QLatin1String(address)};
}

struct Send
{
    const char *session;
    qint64 account;
    const char *room;
    qsizetype length;
};

} // namespace

using Sends = QList<Send>;
Q_DECLARE_METATYPE(Send)

void tst_ClientLimits::messages_data()
{
    QTest::addColumn<ServerSettings>("settings");
    QTest::addColumn<Sends>("sends");          // all at time 0
    QTest::addColumn<QStringList>("errors");   // "" for ok
    QTest::addColumn<qint64>("lastRetryAfterMs");

    ServerSettings perSecond = unlimited();
    perSecond.messageRate = {1, 2};
    QTest::newRow("session rate") << perSecond
                                  << Sends{{"s1", 1, "r", 1}, {"s1", 1, "r", 1}, {"s1", 1, "r", 1}}
                                  << QStringList{{}, {}, QStringLiteral("rate limited")} << qint64(1000);
    QTest::newRow("account is twice a session")
            << perSecond
            << Sends{{"s1", 1, "r", 1}, {"s1", 1, "r", 1}, {"s2", 1, "r", 1}, {"s2", 1, "r", 1},
                     {"s3", 1, "r", 1}}
            << QStringList{{}, {}, {}, {}, QStringLiteral("rate limited")} << qint64(500);
    QTest::newRow("another account is not touched")
            << perSecond << Sends{{"s1", 1, "r", 1}, {"s1", 1, "r", 1}, {"s2", 2, "r", 1}}
            << QStringList{{}, {}, {}} << qint64(0);

    ServerSettings text = unlimited();
    text.textRate = {100, 1000};
    QTest::newRow("text rate") << text << Sends{{"s", 1, "r", 600}, {"s", 1, "r", 600}}
                               << QStringList{{}, QStringLiteral("rate limited")} << qint64(2000);
    QTest::newRow("one maximal message passes a full bucket")
            << text << Sends{{"s", 1, "r", 1'000'000}} << QStringList{{}} << qint64(0);

    ServerSettings quota = unlimited();
    quota.messagesPerAccountPerDay = {1.0 / 86400, 2};
    QTest::newRow("account quota") << quota
                                   << Sends{{"a", 7, "r", 1}, {"b", 7, "q", 1}, {"c", 7, "z", 1}}
                                   << QStringList{{}, {}, QStringLiteral("quota exceeded")}
                                   << qint64(86'400'000);
    ServerSettings room = unlimited();
    room.messagesPerRoomPerDay = {1.0 / 86400, 2};
    QTest::newRow("room quota, whoever writes")
            << room << Sends{{"a", 1, "r", 1}, {"b", 2, "r", 1}, {"c", 3, "r", 1}, {"c", 3, "other", 1}}
            << QStringList{{}, {}, QStringLiteral("quota exceeded"), {}} << qint64(0);
    ServerSettings both = quota;
    both.messageRate = {1, 1};
    QTest::newRow("rate before quota") << both << Sends{{"a", 7, "r", 1}, {"a", 7, "r", 1}}
                                       << QStringList{{}, QStringLiteral("rate limited")} << qint64(1000);
}

void tst_ClientLimits::messages()
{
    QFETCH(ServerSettings, settings);
    QFETCH(Sends, sends);
    QFETCH(QStringList, errors);
    QFETCH(qint64, lastRetryAfterMs);
    ClientLimits limits(settings);
    QStringList actual;
    qint64 lastRetry = 0;
    int n = 0;
    for (const Send &s : std::as_const(sends)) {
        const auto verdict = limits.message(who(s.session, s.account), QLatin1String(s.room),
                                            QString::number(++n), s.length, 0);
        actual << verdict.error;
        lastRetry = verdict.retryAfterMs;
    }
    QCOMPARE(actual, errors);
    QCOMPARE(lastRetry, lastRetryAfterMs);
}

void tst_ClientLimits::refusedMessageTakesNothing()
{
    ServerSettings s = unlimited();
    s.messageRate = {1, 1};
    s.messagesPerAccountPerDay = {1.0 / 86400, 1};
    ClientLimits limits(s);
    const QString r = QStringLiteral("r");
    QVERIFY(limits.message(who("s", 1), r, QStringLiteral("a"), 1, 0).ok());
    // Refused by the rate: the day's quota is not charged for it...
    QCOMPARE(limits.message(who("s", 1), r, QStringLiteral("b"), 1, 0).error, QStringLiteral("rate limited"));
    // ...so another account's quota is whole and this account's is spent by the one that passed.
    QVERIFY(limits.message(who("t", 2), r, QStringLiteral("c"), 1, 0).ok());
    QCOMPARE(limits.message(who("s", 1), r, QStringLiteral("b"), 1, 1000).error, QStringLiteral("quota exceeded"));
}

void tst_ClientLimits::refusedRoomIsHeldUntilTheRefusedMessageReturns()
{
    ServerSettings s = unlimited();
    s.textRate = {100, 1000};
    ClientLimits limits(s);
    const QString room = QStringLiteral("r");
    const auto send = [&](const char *session, const QString &to, const char *clientId, qsizetype length,
                          qint64 nowMs) {
        return limits.message(who(session, 1), to, QLatin1String(clientId), length, nowMs);
    };
    QVERIFY(send("s", room, "m1", 600, 0).ok());
    const auto refused = send("s", room, "m2", 600, 0);
    QCOMPARE(refused.error, QStringLiteral("rate limited"));
    QCOMPARE(refused.retryAfterMs, qint64(2000));
    // A short message would fit the text bucket, but it would overtake the refused one.
    const auto held = send("s", room, "m3", 10, 500);
    QCOMPARE(held.error, QStringLiteral("rate limited"));
    QCOMPARE(held.retryAfterMs, qint64(1500));
    // Neither another session of the account nor another room of the session is held.
    QVERIFY(send("t", room, "t1", 10, 500).ok());
    QVERIFY(send("s", QStringLiteral("other"), "o1", 1, 500).ok());
    // The wait is over, but m2 has not come back: m3 still waits for it...
    QCOMPARE(send("s", room, "m3", 10, 2100).error, QStringLiteral("rate limited"));
    // ...and goes through after it.
    QVERIFY(send("s", room, "m2", 600, 2200).ok());
    QVERIFY(send("s", room, "m3", 10, 2400).ok());
}

void tst_ClientLimits::holdOfANeverResentMessageEndsAfterTheGrace()
{
    ServerSettings s = unlimited();
    s.messageRate = {1, 1};
    s.throttleHoldGrace = std::chrono::milliseconds(5000);
    ClientLimits limits(s);
    const QString room = QStringLiteral("r");
    QVERIFY(limits.message(who("s", 1), room, QStringLiteral("a"), 1, 0).ok());
    QCOMPARE(limits.message(who("s", 1), room, QStringLiteral("b"), 1, 0).retryAfterMs, qint64(1000));
    QCOMPARE(limits.message(who("s", 1), room, QStringLiteral("c"), 1, 5999).error, QStringLiteral("rate limited"));
    QVERIFY(limits.message(who("s", 1), room, QStringLiteral("c"), 1, 6000).ok());
    // A message without a client id cannot be recognised when it returns: its hold is the wait.
    QCOMPARE(limits.message(who("s", 1), room, QString(), 1, 6000).retryAfterMs, qint64(1000));
    QVERIFY(limits.message(who("s", 1), room, QStringLiteral("d"), 1, 7000).ok());
    // A session that ends takes its holds with it.
    QCOMPARE(limits.message(who("s", 1), room, QStringLiteral("e"), 1, 7000).error, QStringLiteral("rate limited"));
    limits.sessionEnded(QStringLiteral("s"));
    QVERIFY(limits.message(who("s", 1), room, QStringLiteral("f"), 1, 9000).ok());
}

void tst_ClientLimits::otherKinds_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("error");
    QTest::newRow("typing") << QStringLiteral("typing") << QStringLiteral("rate limited");
    QTest::newRow("join") << QStringLiteral("join") << QStringLiteral("rate limited");
    QTest::newRow("history") << QStringLiteral("history") << QStringLiteral("rate limited");
    QTest::newRow("plain") << QStringLiteral("plain") << QStringLiteral("rate limited");
    QTest::newRow("createRoom") << QStringLiteral("createRoom") << QStringLiteral("too many rooms created");
}

void tst_ClientLimits::otherKinds()
{
    QFETCH(QString, kind);
    QFETCH(QString, error);
    ServerSettings s = unlimited();
    const TokenBucket::Rate threeASecond{3, 3};
    s.typingRate = s.joinRate = s.historyRate = s.plainRate = threeASecond;
    s.roomsCreatedPerAccount = threeASecond;
    ClientLimits limits(s);
    const auto once = [&](qint64 now) {
        const ClientLimits::Who w = who("s", 1);
        if (kind == QLatin1String("typing"))
            return limits.typing(w, now);
        if (kind == QLatin1String("join"))
            return limits.join(w, now);
        if (kind == QLatin1String("history"))
            return limits.history(w, now);
        if (kind == QLatin1String("plain"))
            return limits.plain(w, 10, now);
        return limits.createRoom(w, now);
    };
    for (int i = 0; i < 3; ++i)
        QVERIFY(once(0).ok());
    const ClientLimits::Verdict refused = once(0);
    QCOMPARE(refused.error, error);
    QCOMPARE(refused.retryAfterMs, 334);
    QVERIFY(once(334).ok());
}

void tst_ClientLimits::sessionEndedKeepsTheAccountsBucket()
{
    ServerSettings s = unlimited();
    s.messageRate = {1, 1};
    s.accountRateFactor = 1;
    ClientLimits limits(s);
    QVERIFY(limits.message(who("s", 1), QStringLiteral("r"), QStringLiteral("a"), 1, 0).ok());
    limits.sessionEnded(QStringLiteral("s"));
    // A reconnect (new session, same account) does not refill the account's bucket.
    QCOMPARE(limits.message(who("s2", 1), QStringLiteral("r"), QStringLiteral("b"), 1, 0).error, QStringLiteral("rate limited"));
}

PARLEY_TEST_GUILESS_MAIN(tst_ClientLimits)
#include "tst_clientlimits.moc"
