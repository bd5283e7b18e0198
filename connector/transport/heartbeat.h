#pragma once
// Finds a dead link (QXmpp PingManager habit): a repeating ping timer, and a single-shot timeout
// started after each ping. Any proof of life (a frame, a pong) stops the timeout. Knows nothing of
// sockets: it asks for pings through pingRequested() and reports timedOut().
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <chrono>

class Heartbeat : public QObject
{
    Q_OBJECT
public:
    explicit Heartbeat(QObject *parent = nullptr);

    void setInterval(std::chrono::milliseconds interval);
    void setTimeout(std::chrono::milliseconds timeout);
    std::chrono::milliseconds interval() const;
    std::chrono::milliseconds timeout() const;

    bool isRunning() const;

    void start();
    void stop();
    //! Any inbound frame: the link is alive.
    void proofOfLife();
    //! A pong arrived: proof of life and, if it answers our last ping, a latency sample.
    void pongReceived();

Q_SIGNALS:
    void pingRequested();
    void timedOut();
    void latencyMeasured(int ms);

private:
    void sendPing();

    QTimer m_pingTimer;
    QTimer m_timeoutTimer;
    QElapsedTimer m_sinceLastPing;
    bool m_awaitingPong = false;
};
