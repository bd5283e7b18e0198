#pragma once
// What the IMConnector tests (tst_imconnector.cpp, tst_imconnector_reconnect.cpp) share: their
// connector timings, the state sequence a spy saw, and a real QWebSocketServer on 127.0.0.1 that
// the base's init()/cleanup() slots start and stop around every test (Qt Test runs the slots a
// test class inherits). List this header in the test's SOURCES so that moc sees it.
#include "imconnector.h"
#include "testsettings.h"

#include <QList>
#include <QObject>
#include <QSignalSpy>
#include <QTest>
#include <QUrl>
#include <QWebSocket>
#include <QWebSocketServer>

using State = IMConnector::State;
using namespace std::chrono_literals;

//! Every IMConnector test: the test base with a heartbeat quick enough for the heartbeat's own
//! tests (ping every 100 ms, dead after 150 ms of silence), a 500 ms stable period, a 2 s
//! handshake limit and retries capped at 400 ms.
inline ConnectorSettings connectorSettings()
{
    ConnectorSettings s = ParleyTest::fastSettings();
    s.backoffCap = 400ms;
    s.connectTimeout = 2000ms;
    s.heartbeatInterval = 100ms;
    s.heartbeatTimeout = 150ms;
    s.stablePeriod = 500ms;
    return s;
}

//! The states a stateChanged spy saw, in order, so a test can assert the whole sequence.
inline QList<State> states(const QSignalSpy &spy)
{
    QList<State> out;
    for (const auto &args : spy)
        out << args.at(0).value<State>();
    return out;
}

//! A plain ws:// server on 127.0.0.1 (a free port), fresh for every test.
class LocalServerTest : public QObject
{
    Q_OBJECT

protected:
    QUrl serverUrl() const
    {
        return QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(m_server->serverPort()));
    }
    //! Stops the server listening, so that a connection to its address is refused, and returns
    //! that address: for the tests of what a connector does while nobody answers.
    QUrl stopListening()
    {
        const QUrl url = serverUrl();
        m_server->close();
        return url;
    }
    //! The server's next accepted socket (waiting up to 5 s for it), owned by the server.
    QWebSocket *nextServerSocket()
    {
        if (!m_server->hasPendingConnections())
            QSignalSpy(m_server, &QWebSocketServer::newConnection).wait(5000);
        QWebSocket *s = m_server->nextPendingConnection();
        if (s)
            s->setParent(m_server);
        return s;
    }

    QWebSocketServer *m_server = nullptr;

private Q_SLOTS:
    void init()
    {
        m_server = new QWebSocketServer(QStringLiteral("test"), QWebSocketServer::NonSecureMode, this);
        QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    }
    void cleanup()
    {
        delete m_server;
        m_server = nullptr;
    }
};
