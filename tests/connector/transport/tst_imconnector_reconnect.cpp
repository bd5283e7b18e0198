// IMConnector's reconnect against a real in-process QWebSocketServer on 127.0.0.1: the backoff
// schedule, one pending retry at a time, a user's close or "reconnect now" cutting a wait short,
// the server coming back, and no attempt spent while the network is down. Opening, closing and
// error kinds are in tst_imconnector.cpp. Every wait is on a signal.
#include "imconnector.h"
#include "imconnectortestbase.h"
#include "manualnetworkmonitor.h"
#include "reconnectpolicy.h"
#include "testmain.h"

#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

class tst_IMConnectorReconnect : public LocalServerTest
{
    Q_OBJECT
private Q_SLOTS:
    void userCloseDuringPendingRetry();
    void serverGoneThenBack();
    void refusedFollowsSchedule();
    void throttleOnePendingRetry();
    void reconnectNow();
    void offlineSpendsNoAttempts();
};

void tst_IMConnectorReconnect::userCloseDuringPendingRetry()
{
    ConnectorSettings s = connectorSettings();
    s.backoffBase = 300ms;
    s.backoffJitter = 0;
    IMConnector c;
    c.setSettings(s);
    const QUrl refused = stopListening();
    QSignalSpy retrySpy(&c, &IMConnector::reconnectScheduled);
    QSignalSpy stateSpy(&c, &IMConnector::stateChanged);
    c.open(refused);
    QVERIFY(retrySpy.wait());
    QCOMPARE(c.state(), State::Reconnecting);
    QVERIFY(c.retryRemainingMs() > 0);
    c.close();
    // The pending retry is cancelled, not merely outlived: no timer is left to start an attempt.
    QCOMPARE(c.state(), State::Disconnected);
    QCOMPARE(c.retryRemainingMs(), -1);
    QCOMPARE(states(stateSpy), (QList<State>{State::Connecting, State::Reconnecting, State::Disconnected}));
    QCOMPARE(retrySpy.size(), 1);
}

void tst_IMConnectorReconnect::serverGoneThenBack()
{
    IMConnector c;
    c.setSettings(connectorSettings());
    QSignalSpy openedSpy(&c, &IMConnector::opened);
    QSignalSpy retrySpy(&c, &IMConnector::reconnectScheduled);
    QSignalSpy stateSpy(&c, &IMConnector::stateChanged);
    c.open(serverUrl());
    QVERIFY(openedSpy.wait());
    QVERIFY(nextServerSocket());
    const quint16 port = m_server->serverPort();

    delete m_server; // server gone, its sockets with it
    m_server = nullptr;
    QVERIFY(retrySpy.wait());
    QCOMPARE(retrySpy.at(0).at(0).toInt(), 1);
    QTRY_VERIFY(retrySpy.size() >= 2); // keeps trying while nobody listens

    m_server = new QWebSocketServer(QStringLiteral("test"), QWebSocketServer::NonSecureMode, this);
    QVERIFY(m_server->listen(QHostAddress::LocalHost, port));
    QTRY_COMPARE_WITH_TIMEOUT(openedSpy.size(), 2, 5000);
    QCOMPARE(c.state(), State::Connected);
    const QList<State> seen = states(stateSpy);
    QCOMPARE(seen.mid(0, 4), (QList<State>{State::Connecting, State::Connected, State::Reconnecting, State::Connecting}));
    QCOMPARE(seen.last(), State::Connected);
}

void tst_IMConnectorReconnect::refusedFollowsSchedule()
{
    ConnectorSettings s = connectorSettings();
    s.backoffBase = 20ms;
    s.backoffCap = 160ms;
    s.backoffJitter = 0.5;
    IMConnector c;
    c.setSettings(s);
    const QUrl refused = stopListening();
    QSignalSpy retrySpy(&c, &IMConnector::reconnectScheduled);
    QSignalSpy errSpy(&c, &IMConnector::errorOccurred);
    c.open(refused);
    QTRY_VERIFY_WITH_TIMEOUT(retrySpy.size() >= 7, 10000);
    c.close();
    // Each refused attempt is reported, as a transient network error in plain words.
    QVERIFY(errSpy.size() >= 7);
    QCOMPARE(errSpy.at(0).at(0).value<IMConnector::Error>(), IMConnector::Error::Network);
    QVERIFY(!errSpy.at(0).at(1).toString().isEmpty());
    const ReconnectPolicy policy(s);
    for (int i = 0; i < 7; ++i) {
        const int attempt = retrySpy.at(i).at(0).toInt();
        const int delay = retrySpy.at(i).at(1).toInt();
        QCOMPARE(attempt, i + 1);
        QVERIFY2(delay >= policy.minDelay(attempt).count() && delay <= policy.maxDelay(attempt).count(),
                 qPrintable(QStringLiteral("attempt %1 delay %2").arg(attempt).arg(delay)));
        QVERIFY(delay <= 160);
    }
}

void tst_IMConnectorReconnect::throttleOnePendingRetry()
{
    IMConnector c;
    ConnectorSettings s = connectorSettings();
    s.backoffBase = 300ms;
    c.setSettings(s);
    QSignalSpy openedSpy(&c, &IMConnector::opened);
    QSignalSpy retrySpy(&c, &IMConnector::reconnectScheduled);
    c.open(serverUrl());
    QVERIFY(openedSpy.wait());
    // A storm of failures from every layer at once...
    for (int i = 0; i < 20; ++i)
        c.fail(IMConnector::Error::Timeout, QStringLiteral("storm %1").arg(i));
    // ...gives exactly one pending retry, and exactly one new connection.
    QCOMPARE(retrySpy.size(), 1);
    QVERIFY(openedSpy.wait(3000));
    QCOMPARE(retrySpy.size(), 1);
    QCOMPARE(openedSpy.size(), 2);
}

void tst_IMConnectorReconnect::reconnectNow()
{
    ConnectorSettings s = connectorSettings();
    s.backoffBase = 60000ms; // a long wait the user cuts short
    s.backoffCap = 60000ms;
    IMConnector c;
    c.setSettings(s);
    const QUrl refused = stopListening();
    QSignalSpy retrySpy(&c, &IMConnector::reconnectScheduled);
    QSignalSpy openedSpy(&c, &IMConnector::opened);
    c.open(refused);
    QVERIFY(retrySpy.wait());
    QVERIFY(m_server->listen(QHostAddress::LocalHost, quint16(refused.port())));
    c.reconnectNow();
    QVERIFY(openedSpy.wait());
    QCOMPARE(c.state(), State::Connected);
}

void tst_IMConnectorReconnect::offlineSpendsNoAttempts()
{
    ManualNetworkMonitor network;
    network.setReachability(NetworkMonitor::Reachability::Online);
    ConnectorSettings s = connectorSettings();
    s.backoffBase = 30000ms; // if "online" did not act at once, the test would time out
    s.backoffCap = 30000ms;
    IMConnector c;
    c.setSettings(s);
    c.setNetworkMonitor(&network);
    QSignalSpy openedSpy(&c, &IMConnector::opened);
    QSignalSpy retrySpy(&c, &IMConnector::reconnectScheduled);
    QSignalSpy stateSpy(&c, &IMConnector::stateChanged);
    c.open(serverUrl());
    QVERIFY(openedSpy.wait());
    QWebSocket *peer = nextServerSocket();
    QVERIFY(peer);

    network.setReachability(NetworkMonitor::Reachability::Offline);
    QCOMPARE(c.state(), State::Connected); // a live link is not dropped on a hint
    peer->abort();
    QTRY_COMPARE(c.state(), State::Reconnecting);
    QVERIFY(c.isWaitingForNetwork());
    QCOMPARE(retrySpy.size(), 0);     // no attempt burnt while offline
    QCOMPARE(c.retryRemainingMs(), -1); // and no timer pending: nothing happens by itself
    QCOMPARE(states(stateSpy), (QList<State>{State::Connecting, State::Connected, State::Reconnecting}));

    network.setReachability(NetworkMonitor::Reachability::Online);
    QCOMPARE(c.state(), State::Connecting); // at once, not after the 30 s backoff
    QVERIFY(openedSpy.wait());
    QCOMPARE(openedSpy.size(), 2);
    QCOMPARE(retrySpy.size(), 0);
}

PARLEY_TEST_GUILESS_MAIN(tst_IMConnectorReconnect)
#include "tst_imconnector_reconnect.moc"
