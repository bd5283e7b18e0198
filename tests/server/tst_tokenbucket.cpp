// TokenBucket: refill, burst, the wait it names, the clamp of a cost above the burst.

#include "testmain.h"
#include "tokenbucket.h"

#include <QTest>

class tst_TokenBucket : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void take_data();
    void take();
    void consumeGoesIntoDebt();
    void unlimited();
};

using Steps = QList<QPair<qint64, double>>; // (time ms, cost)

void tst_TokenBucket::take_data()
{
    QTest::addColumn<double>("perSecond");
    QTest::addColumn<double>("burst");
    QTest::addColumn<Steps>("steps");
    QTest::addColumn<QList<qint64>>("waits"); // what take() returned at each step

    QTest::newRow("burst then wait") << 1.0 << 3.0 << Steps{{0, 1}, {0, 1}, {0, 1}, {0, 1}}
                                     << QList<qint64>{0, 0, 0, 1000};
    QTest::newRow("refills with time") << 2.0 << 2.0 << Steps{{0, 2}, {0, 1}, {500, 1}, {500, 1}}
                                       << QList<qint64>{0, 500, 0, 500};
    QTest::newRow("never above burst") << 10.0 << 2.0 << Steps{{0, 2}, {60'000, 2}, {60'000, 1}}
                                       << QList<qint64>{0, 0, 100};
    QTest::newRow("refused takes nothing") << 1.0 << 1.0 << Steps{{0, 1}, {400, 1}, {1000, 1}}
                                           << QList<qint64>{0, 600, 0};
    QTest::newRow("cost above burst clamped") << 1.0 << 5.0 << Steps{{0, 50}, {0, 1}, {5000, 50}}
                                              << QList<qint64>{0, 1000, 0};
    QTest::newRow("partial token rounds up") << 3.0 << 1.0 << Steps{{0, 1}, {1, 1}}
                                             << QList<qint64>{0, 333};
    QTest::newRow("clock going back counts as no time") << 1.0 << 1.0 << Steps{{1000, 1}, {0, 1}}
                                                        << QList<qint64>{0, 1000};
}

void tst_TokenBucket::take()
{
    QFETCH(double, perSecond);
    QFETCH(double, burst);
    QFETCH(Steps, steps);
    QFETCH(QList<qint64>, waits);
    TokenBucket bucket({perSecond, burst}, 0);
    QList<qint64> actual;
    for (const auto &[at, cost] : std::as_const(steps))
        actual << bucket.take(cost, at);
    QCOMPARE(actual, waits);
}

void tst_TokenBucket::consumeGoesIntoDebt()
{
    TokenBucket bucket({1, 2}, 0);
    bucket.consume(2, 0);
    bucket.consume(2, 0);
    QCOMPARE(bucket.tokens(0), -2.0);
    QCOMPARE(bucket.waitFor(1, 0), 3000);
    QVERIFY(!bucket.isFull(3999));
    QVERIFY(bucket.isFull(4000));
}

void tst_TokenBucket::unlimited()
{
    TokenBucket bucket({0, 0}, 0);
    for (int i = 0; i < 1000; ++i)
        QCOMPARE(bucket.take(1e9, 0), 0);
}

PARLEY_TEST_GUILESS_MAIN(tst_TokenBucket)
#include "tst_tokenbucket.moc"
