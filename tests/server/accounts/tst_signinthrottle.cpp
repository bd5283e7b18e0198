// SignInThrottle on a clock the test moves: the exponential schedule, both keys, what a success
// resets, forgetting, and the bound on what it remembers.

#include "signinthrottle.h"
#include "testmain.h"

#include <QTest>

#include <climits>

using namespace std::chrono_literals;

class tst_SignInThrottle : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void delayAfter_data();
    void delayAfter();
    void delaysDoubleUpToTheCap();
    void perAccount();
    void perAddress();
    void successResetsTheAccountOnly();
    void forgottenAfterAQuietHour();
    void emptyKeysAreNotCounted();
    void boundEvictsTheOldest();
    void floodStaysBounded();

private:
    SignInThrottle::Settings settings(qsizetype maxKeys = SignInThrottle::kDefaultMaxTrackedKeys)
    {
        SignInThrottle::Settings s;
        s.maxTrackedKeys = maxKeys;
        s.clock = [this] { return m_now; };
        return s;
    }
    //! \a n failures in a row, one ms apart (the clock moves on).
    void fail(SignInThrottle &throttle, const QString &account, const QString &address, int n)
    {
        for (int i = 0; i < n; ++i) {
            throttle.failed(account, address);
            ++m_now;
        }
    }

    qint64 m_now = 1'000'000;
};

void tst_SignInThrottle::delayAfter_data()
{
    QTest::addColumn<int>("failures");
    QTest::addColumn<qint64>("delayMs");
    QTest::newRow("0") << 0 << qint64(0);
    QTest::newRow("3 free") << 3 << qint64(0);
    QTest::newRow("4") << 4 << qint64(1000);
    QTest::newRow("5") << 5 << qint64(2000);
    QTest::newRow("6") << 6 << qint64(4000);
    QTest::newRow("12") << 12 << qint64(256000);
    QTest::newRow("13 capped") << 13 << qint64(300000);
    QTest::newRow("100") << 100 << qint64(300000);
    QTest::newRow("INT_MAX") << INT_MAX << qint64(300000);
}

void tst_SignInThrottle::delayAfter()
{
    QFETCH(int, failures);
    QFETCH(qint64, delayMs);
    QCOMPARE(SignInThrottle::delayAfter(failures, SignInThrottle::Settings()).count(), delayMs);
}

void tst_SignInThrottle::delaysDoubleUpToTheCap()
{
    SignInThrottle throttle(settings());
    const QString alice = QStringLiteral("alice");
    const QString ip = QStringLiteral("192.0.2.1");
    for (int i = 0; i < SignInThrottle::kDefaultFreeFailures; ++i) {
        throttle.failed(alice, ip);
        QCOMPARE(throttle.check(alice, ip), 0);
    }
    qint64 expected = SignInThrottle::kDefaultBaseDelay.count();
    QList<qint64> waits;
    for (int i = 0; i < 12; ++i) {
        throttle.failed(alice, ip);
        const qint64 wait = throttle.check(alice, ip);
        QCOMPARE(wait, expected);
        waits.append(wait);
        m_now += wait - 1;
        QCOMPARE(throttle.check(alice, ip), 1);
        m_now += 1;
        QCOMPARE(throttle.check(alice, ip), 0);
        expected = std::min<qint64>(expected * 2, SignInThrottle::kDefaultMaxDelay.count());
    }
    const QList<qint64> schedule{1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000,
                                 256000, 300000, 300000, 300000};
    QCOMPARE(waits, schedule);
}

void tst_SignInThrottle::perAccount()
{
    // A guesser spread over many addresses still meets the account's delay.
    SignInThrottle throttle(settings());
    const QString alice = QStringLiteral("alice");
    for (int i = 0; i < 4; ++i)
        fail(throttle, alice, QStringLiteral("198.51.100.%1").arg(i), 1);
    QVERIFY(throttle.check(alice, QStringLiteral("203.0.113.9")) > 0);
    QCOMPARE(throttle.check(QStringLiteral("bob"), QStringLiteral("203.0.113.9")), 0);
}

void tst_SignInThrottle::perAddress()
{
    // One guesser trying many accounts meets its address's delay.
    SignInThrottle throttle(settings());
    const QString ip = QStringLiteral("192.0.2.1");
    for (int i = 0; i < 4; ++i)
        fail(throttle, QStringLiteral("user%1").arg(i), ip, 1);
    QVERIFY(throttle.check(QStringLiteral("fresh"), ip) > 0);
    QCOMPARE(throttle.check(QStringLiteral("fresh"), QStringLiteral("192.0.2.2")), 0);
}

void tst_SignInThrottle::successResetsTheAccountOnly()
{
    SignInThrottle throttle(settings());
    const QString alice = QStringLiteral("alice");
    const QString ip = QStringLiteral("192.0.2.1");
    fail(throttle, alice, ip, 5);
    QVERIFY(throttle.check(alice, QStringLiteral("192.0.2.2")) > 0);
    throttle.succeeded(alice, ip);
    QCOMPARE(throttle.check(alice, QStringLiteral("192.0.2.2")), 0);
    QVERIFY(throttle.check(QStringLiteral("bob"), ip) > 0); // the address's count stays
    QCOMPARE(throttle.trackedAccounts(), 0);
    QCOMPARE(throttle.trackedAddresses(), 1);
}

void tst_SignInThrottle::forgottenAfterAQuietHour()
{
    SignInThrottle throttle(settings());
    const QString alice = QStringLiteral("alice");
    fail(throttle, alice, QString(), 10);
    QVERIFY(throttle.check(alice, QString()) > 0);
    m_now += SignInThrottle::kDefaultForgetAfter.count();
    QCOMPARE(throttle.check(alice, QString()), 0);
    // The count starts over: the next failures are free again.
    fail(throttle, alice, QString(), SignInThrottle::kDefaultFreeFailures);
    QCOMPARE(throttle.check(alice, QString()), 0);
    QCOMPARE(throttle.trackedAccounts(), 1);
}

void tst_SignInThrottle::emptyKeysAreNotCounted()
{
    SignInThrottle throttle(settings());
    fail(throttle, QString(), QString(), 10);
    QCOMPARE(throttle.check(QString(), QString()), 0);
    QCOMPARE(throttle.trackedAccounts(), 0);
    QCOMPARE(throttle.trackedAddresses(), 0);
}

void tst_SignInThrottle::boundEvictsTheOldest()
{
    SignInThrottle throttle(settings(3));
    const QStringList names{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
    for (const QString &name : names)
        fail(throttle, name, name, 4);
    for (const QString &name : names)
        QVERIFY(throttle.check(name, QString()) > 0);
    fail(throttle, QStringLiteral("a"), QString(), 1); // "a" is now the most recent
    fail(throttle, QStringLiteral("d"), QStringLiteral("d"), 4);
    QCOMPARE(throttle.trackedAccounts(), 3);
    QCOMPARE(throttle.trackedAddresses(), 3);
    QCOMPARE(throttle.check(QStringLiteral("b"), QString()), 0); // oldest last failure: evicted
    QVERIFY(throttle.check(QStringLiteral("a"), QString()) > 0);
    QVERIFY(throttle.check(QStringLiteral("c"), QString()) > 0);
    QVERIFY(throttle.check(QStringLiteral("d"), QString()) > 0);
    QCOMPARE(throttle.check(QString(), QStringLiteral("a")), 0); // address "a" was the oldest
}

void tst_SignInThrottle::floodStaysBounded()
{
    SignInThrottle throttle(settings(100));
    for (int i = 0; i < 10000; ++i) {
        throttle.failed(QStringLiteral("name%1").arg(i), QStringLiteral("10.0.%1.%2").arg(i / 256).arg(i % 256));
        QVERIFY(throttle.trackedAccounts() <= 100);
    }
    QCOMPARE(throttle.trackedAccounts(), 100);
    QCOMPARE(throttle.trackedAddresses(), 100);
}

PARLEY_TEST_GUILESS_MAIN(tst_SignInThrottle)
#include "tst_signinthrottle.moc"
