#include "heartbeat.h"
#include "testmain.h"

#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;

class tst_Heartbeat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pingsThenTimesOut();
    void proofOfLifeKeepsAlive();
    void pongGivesLatency();
    void stopStopsEverything();
};

void tst_Heartbeat::pingsThenTimesOut()
{
    Heartbeat h;
    h.setInterval(50ms);
    h.setTimeout(80ms);
    QSignalSpy pings(&h, &Heartbeat::pingRequested);
    QSignalSpy dead(&h, &Heartbeat::timedOut);
    h.start();
    QVERIFY(dead.wait(2000));
    QVERIFY(pings.size() >= 1);
    QCOMPARE(dead.size(), 1);
    // Reports once, then stays quiet: the ping timer is stopped, and only a ping starts the
    // single-shot timeout again.
    QVERIFY(!h.isRunning());
}

void tst_Heartbeat::proofOfLifeKeepsAlive()
{
    Heartbeat h;
    h.setInterval(30ms);
    h.setTimeout(60ms);
    QSignalSpy dead(&h, &Heartbeat::timedOut);
    QSignalSpy pings(&h, &Heartbeat::pingRequested);
    connect(&h, &Heartbeat::pingRequested, &h, &Heartbeat::proofOfLife); // an answering peer
    h.start();
    QTRY_VERIFY(pings.size() >= 10);
    QCOMPARE(dead.size(), 0);
}

void tst_Heartbeat::pongGivesLatency()
{
    Heartbeat h;
    h.setInterval(20ms);
    h.setTimeout(1000ms);
    QSignalSpy latency(&h, &Heartbeat::latencyMeasured);
    connect(&h, &Heartbeat::pingRequested, &h, &Heartbeat::pongReceived);
    h.start();
    QVERIFY(latency.wait());
    QVERIFY(latency.at(0).at(0).toInt() >= 0);
    // An unsolicited pong gives no sample.
    h.stop();
    latency.clear();
    h.pongReceived();
    QCOMPARE(latency.size(), 0);
}

void tst_Heartbeat::stopStopsEverything()
{
    Heartbeat h;
    h.setInterval(20ms);
    h.setTimeout(20ms);
    QSignalSpy pings(&h, &Heartbeat::pingRequested);
    QSignalSpy dead(&h, &Heartbeat::timedOut);
    h.start();
    QVERIFY(pings.wait());
    h.stop();
    QVERIFY(!h.isRunning()); // no more pings
    pings.clear();
    // The timeout armed by that ping (20 ms) has no public state: the condition is that it never fires.
    QVERIFY(!dead.wait(150));
    QCOMPARE(pings.size(), 0);
}

PARLEY_TEST_GUILESS_MAIN(tst_Heartbeat)
#include "tst_heartbeat.moc"
