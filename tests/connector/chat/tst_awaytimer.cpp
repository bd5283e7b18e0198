// AwayTimer: away after awayAfter without activity, back at the next activity, activity in between
// puts it off, 0 means never.
#include "awaytimer.h"
#include "testmain.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;

class tst_AwayTimer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sequence_data();
    void sequence();
    void activityPutsItOff();
    void zeroMeansNever();
};

void tst_AwayTimer::sequence_data()
{
    // Steps: 'w' waits for awayChanged, 'a' is activity. Expected: the awayChanged values in order.
    QTest::addColumn<QString>("steps");
    QTest::addColumn<QList<bool>>("changes");
    QTest::newRow("away") << QStringLiteral("w") << QList<bool>{true};
    QTest::newRow("away, back") << QStringLiteral("wa") << QList<bool>{true, false};
    QTest::newRow("away, back, away again") << QStringLiteral("waw") << QList<bool>{true, false, true};
    QTest::newRow("activity while back says nothing") << QStringLiteral("waaw") << QList<bool>{true, false, true};
}

void tst_AwayTimer::sequence()
{
    QFETCH(QString, steps);
    QFETCH(QList<bool>, changes);
    AwayTimer timer(60ms);
    QSignalSpy spy(&timer, &AwayTimer::awayChanged);
    int expected = 0;
    for (const QChar step : steps) {
        if (step == QLatin1Char('w')) {
            ++expected;
            QTRY_COMPARE(spy.size(), expected);
        } else {
            const bool wasAway = timer.isAway();
            timer.activity();
            if (wasAway)
                ++expected;
            QCOMPARE(spy.size(), expected); // back at once, synchronously
        }
        QCOMPARE(timer.isAway(), spy.constLast().at(0).toBool());
    }
    QList<bool> got;
    for (const QList<QVariant> &args : std::as_const(spy))
        got << args.at(0).toBool();
    QCOMPARE(got, changes);
}

void tst_AwayTimer::activityPutsItOff()
{
    AwayTimer timer(150ms);
    QSignalSpy spy(&timer, &AwayTimer::awayChanged);
    QElapsedTimer clock;
    clock.start();
    QElapsedTimer sinceLast; // from the last activity itself, not from after the loop's last wait
    // Activity every 30 ms for 300 ms: never away meanwhile.
    while (clock.elapsed() < 300) {
        timer.activity();
        sinceLast.start();
        QVERIFY(!spy.wait(30));
    }
    QVERIFY(spy.wait(2000));
    QVERIFY2(sinceLast.elapsed() >= 120, qPrintable(QString::number(sinceLast.elapsed())));
    QCOMPARE(spy.size(), 1);
    QVERIFY(timer.isAway());
}

void tst_AwayTimer::zeroMeansNever()
{
    AwayTimer timer(0ms);
    QSignalSpy spy(&timer, &AwayTimer::awayChanged);
    QVERIFY(!spy.wait(200));
    timer.setAwayAfter(50ms); // turned on: counts from the last activity
    QVERIFY(spy.wait(2000));
    QVERIFY(timer.isAway());
}

PARLEY_TEST_GUILESS_MAIN(tst_AwayTimer)
#include "tst_awaytimer.moc"
