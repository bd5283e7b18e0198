// OutgoingBudget: the total of every session's backlog, and who is over it (largest first).

#include "outgoingbudget.h"
#include "testmain.h"

#include <QTest>

class tst_OutgoingBudget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void overflow_data();
    void overflow();
    void totalAndPeak();
};

namespace {

ServerSession *fakeSession(quintptr n)
{
    return reinterpret_cast<ServerSession *>(n * 16);
}

} // namespace

using Backlogs = QList<qint64>; // session n+1 has backlogs[n] queued

void tst_OutgoingBudget::overflow_data()
{
    QTest::addColumn<qint64>("cap");
    QTest::addColumn<Backlogs>("backlogs");
    QTest::addColumn<QList<int>>("dropped"); // session numbers, in order

    QTest::newRow("within the cap") << qint64(100) << Backlogs{50, 50} << QList<int>{};
    QTest::newRow("slowest first") << qint64(100) << Backlogs{10, 80, 30} << QList<int>{2};
    QTest::newRow("as many as needed") << qint64(100) << Backlogs{90, 80, 70, 5} << QList<int>{1, 2};
    QTest::newRow("ties by address") << qint64(25) << Backlogs{20, 20} << QList<int>{1};
}

void tst_OutgoingBudget::overflow()
{
    QFETCH(qint64, cap);
    QFETCH(Backlogs, backlogs);
    QFETCH(QList<int>, dropped);
    OutgoingBudget budget(cap);
    for (int i = 0; i < backlogs.size(); ++i)
        budget.setQueued(fakeSession(quintptr(i + 1)), backlogs.at(i));
    QList<ServerSession *> expected;
    for (int n : std::as_const(dropped))
        expected << fakeSession(quintptr(n));
    QCOMPARE(budget.overflow(), expected);
}

void tst_OutgoingBudget::totalAndPeak()
{
    OutgoingBudget budget(1000);
    budget.setQueued(fakeSession(1), 300);
    budget.setQueued(fakeSession(2), 500);
    QCOMPARE(budget.total(), 800);
    budget.setQueued(fakeSession(1), 0);
    QCOMPARE(budget.total(), 500);
    budget.forget(fakeSession(2));
    budget.forget(fakeSession(3)); // never seen
    QCOMPARE(budget.total(), 0);
    QCOMPARE(budget.peak(), 800);
    QVERIFY(!budget.isOver());
}

PARLEY_TEST_GUILESS_MAIN(tst_OutgoingBudget)
#include "tst_outgoingbudget.moc"
