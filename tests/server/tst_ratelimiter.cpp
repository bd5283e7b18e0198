// RateLimiter: one bucket per key, keys independent, and the bound on how many are kept.

#include "ratelimiter.h"
#include "testmain.h"

#include <QTest>

class tst_RateLimiter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keysAreIndependent();
    void fullBucketsAreForgottenAtTheBound();
    void boundHoldsWhenAllAreInUse();
    void forgetStartsOver();
};

void tst_RateLimiter::keysAreIndependent()
{
    RateLimiter limiter({1, 2});
    QCOMPARE(limiter.take(QStringLiteral("a"), 2, 0), 0);
    QCOMPARE(limiter.take(QStringLiteral("a"), 1, 0), 1000);
    QCOMPARE(limiter.take(QStringLiteral("b"), 2, 0), 0);
    QCOMPARE(limiter.waitFor(QStringLiteral("never seen"), 2, 0), 0);
    QCOMPARE(limiter.keyCount(), 2);
}

void tst_RateLimiter::fullBucketsAreForgottenAtTheBound()
{
    RateLimiter limiter({1, 1}, 3);
    for (const char *key : {"a", "b", "c"})
        QCOMPARE(limiter.take(QLatin1String(key), 1, 0), 0);
    // a and b are full again at 1000; c was spent again just now.
    QCOMPARE(limiter.take(QStringLiteral("c"), 1, 1000), 0);
    QCOMPARE(limiter.take(QStringLiteral("d"), 1, 1000), 0);
    QCOMPARE(limiter.keyCount(), 2);
    QCOMPARE(limiter.waitFor(QStringLiteral("c"), 1, 1000), 1000); // still remembered
}

void tst_RateLimiter::boundHoldsWhenAllAreInUse()
{
    RateLimiter limiter({1, 1}, 10);
    for (int i = 0; i < 1000; ++i)
        limiter.take(QString::number(i), 1, 0);
    QVERIFY(limiter.keyCount() <= 10);
}

void tst_RateLimiter::forgetStartsOver()
{
    RateLimiter limiter({1, 1});
    limiter.take(QStringLiteral("s"), 1, 0);
    limiter.forget(QStringLiteral("s"));
    QCOMPARE(limiter.take(QStringLiteral("s"), 1, 0), 0);
}

PARLEY_TEST_GUILESS_MAIN(tst_RateLimiter)
#include "tst_ratelimiter.moc"
