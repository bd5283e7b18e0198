#include "heartbeat.h"

#include "logging.h"

Heartbeat::Heartbeat(QObject *parent)
    : QObject(parent)
{
    m_pingTimer.setSingleShot(false);
    m_timeoutTimer.setSingleShot(true);
    m_pingTimer.setInterval(std::chrono::milliseconds(15000));
    m_timeoutTimer.setInterval(std::chrono::milliseconds(10000));
    connect(&m_pingTimer, &QTimer::timeout, this, &Heartbeat::sendPing);
    connect(&m_timeoutTimer, &QTimer::timeout, this, [this] {
        qCInfo(lcConnector) << "heartbeat: no sign of life within" << m_timeoutTimer.interval() << "ms";
        stop();
        Q_EMIT timedOut();
    });
}

void Heartbeat::setInterval(std::chrono::milliseconds interval) { m_pingTimer.setInterval(interval); }
void Heartbeat::setTimeout(std::chrono::milliseconds timeout) { m_timeoutTimer.setInterval(timeout); }
std::chrono::milliseconds Heartbeat::interval() const { return m_pingTimer.intervalAsDuration(); }
std::chrono::milliseconds Heartbeat::timeout() const { return m_timeoutTimer.intervalAsDuration(); }
bool Heartbeat::isRunning() const { return m_pingTimer.isActive(); }

void Heartbeat::start()
{
    m_awaitingPong = false;
    m_timeoutTimer.stop();
    m_pingTimer.start();
}

void Heartbeat::stop()
{
    m_pingTimer.stop();
    m_timeoutTimer.stop();
    m_awaitingPong = false;
}

void Heartbeat::proofOfLife()
{
    m_timeoutTimer.stop();
}

void Heartbeat::pongReceived()
{
    m_timeoutTimer.stop();
    if (m_awaitingPong) {
        m_awaitingPong = false;
        Q_EMIT latencyMeasured(int(m_sinceLastPing.elapsed()));
    }
}

void Heartbeat::sendPing()
{
    m_awaitingPong = true;
    m_sinceLastPing.start();
    if (!m_timeoutTimer.isActive())
        m_timeoutTimer.start();
    Q_EMIT pingRequested();
}
