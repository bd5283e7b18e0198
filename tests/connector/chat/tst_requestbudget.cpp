// RequestBudget: the token bucket that bounds history requests per room, driven by hand.
#include "requestbudget.h"
#include "testmain.h"

#include <QTest>

class tst_RequestBudget : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void takes_data();
    void takes();
};

void tst_RequestBudget::takes_data()
{
    QTest::addColumn<int>("burst");
    QTest::addColumn<qint64>("refillMs");
    QTest::addColumn<QList<qint64>>("times"); // a take() at each time
    QTest::addColumn<QList<bool>>("granted");
    QTest::addColumn<qint64>("waitAfter"); // waitMs() at the last time
    QTest::newRow("burst at once, then refused") << 3 << qint64(100) << QList<qint64>{0, 0, 0, 0}
                                                 << QList<bool>{true, true, true, false} << qint64(100);
    QTest::newRow("one back per refill") << 2 << qint64(100) << QList<qint64>{0, 0, 50, 100, 100}
                                         << QList<bool>{true, true, false, true, false} << qint64(100);
    QTest::newRow("full again after a quiet spell") << 2 << qint64(100) << QList<qint64>{0, 0, 1000, 1000, 1000}
                                                    << QList<bool>{true, true, true, true, false} << qint64(100);
    QTest::newRow("steady rate") << 1 << qint64(500) << QList<qint64>{0, 499, 500, 999, 1000}
                                 << QList<bool>{true, false, true, false, true} << qint64(500);
    QTest::newRow("huge time") << 1 << qint64(10) << QList<qint64>{std::numeric_limits<qint64>::max() / 4}
                               << QList<bool>{true} << qint64(10);
}

void tst_RequestBudget::takes()
{
    QFETCH(int, burst);
    QFETCH(qint64, refillMs);
    QFETCH(QList<qint64>, times);
    QFETCH(QList<bool>, granted);
    QFETCH(qint64, waitAfter);
    RequestBudget budget(burst, refillMs);
    for (qsizetype i = 0; i < times.size(); ++i)
        QCOMPARE(budget.take(times.at(i)), granted.at(i));
    QCOMPARE(budget.waitMs(times.constLast()), waitAfter);
    QVERIFY(budget.available(times.constLast()) <= burst);
}

PARLEY_TEST_GUILESS_MAIN(tst_RequestBudget)
#include "tst_requestbudget.moc"
