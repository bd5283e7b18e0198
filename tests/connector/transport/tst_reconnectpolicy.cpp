#include "reconnectpolicy.h"
#include "testmain.h"

#include <QTest>

using namespace std::chrono_literals;

class tst_ReconnectPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaultsSchedule();
    void jitterWithinBounds();
    void jitterSpreadsClients();
    void maxAttempts();
    void noJitterIsExact();
};

void tst_ReconnectPolicy::defaultsSchedule()
{
    // Documented defaults: 1 s base, ×2, cap 30 s.
    const ReconnectPolicy p;
    const QList<qint64> expected{1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
    for (int i = 0; i < expected.size(); ++i)
        QCOMPARE(p.nominalDelay(i + 1).count(), expected.at(i));
    QCOMPARE(p.nominalDelay(1000000).count(), 30000); // no overflow far out
    QVERIFY(p.mayRetry(1000000));                      // unlimited by default
}

void tst_ReconnectPolicy::jitterWithinBounds()
{
    const ReconnectPolicy p;
    QRandomGenerator rng(42);
    for (int attempt = 1; attempt <= 10; ++attempt) {
        for (int i = 0; i < 200; ++i) {
            const auto d = p.delay(attempt, &rng);
            QVERIFY(d >= p.minDelay(attempt));
            QVERIFY(d <= p.maxDelay(attempt));
        }
    }
    QCOMPARE(p.minDelay(1).count(), 500);
    QCOMPARE(p.maxDelay(1).count(), 1000);
}

void tst_ReconnectPolicy::jitterSpreadsClients()
{
    // 200 clients retrying at the cap must not come back in lockstep: with 50 % jitter over 30 s,
    // no 100 ms window may hold more than a few of them.
    const ReconnectPolicy p;
    QRandomGenerator rng(7);
    QList<int> buckets(300, 0);
    for (int i = 0; i < 200; ++i)
        ++buckets[int((p.delay(10, &rng).count() - 15000) / 100)];
    const int largest = *std::max_element(buckets.begin(), buckets.end());
    QVERIFY2(largest <= 6, qPrintable(QString::number(largest)));
}

void tst_ReconnectPolicy::maxAttempts()
{
    ConnectorSettings s;
    s.maxAttempts = 3;
    const ReconnectPolicy p(s);
    QVERIFY(p.mayRetry(1));
    QVERIFY(p.mayRetry(3));
    QVERIFY(!p.mayRetry(4));
}

void tst_ReconnectPolicy::noJitterIsExact()
{
    ConnectorSettings s;
    s.backoffJitter = 0;
    s.backoffBase = 100ms;
    s.backoffMultiplier = 3;
    s.backoffCap = 1000ms;
    const ReconnectPolicy p(s);
    QCOMPARE(p.delay(1).count(), 100);
    QCOMPARE(p.delay(2).count(), 300);
    QCOMPARE(p.delay(3).count(), 900);
    QCOMPARE(p.delay(4).count(), 1000);
}

PARLEY_TEST_GUILESS_MAIN(tst_ReconnectPolicy)
#include "tst_reconnectpolicy.moc"
