#include "awaytimer.h"

AwayTimer::AwayTimer(std::chrono::milliseconds awayAfter, QObject *parent)
    : QObject(parent)
    , m_awayAfter(awayAfter)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &AwayTimer::onTimeout);
    m_sinceActivity.start();
    arm(m_awayAfter.count());
}

void AwayTimer::setAwayAfter(std::chrono::milliseconds awayAfter)
{
    m_awayAfter = awayAfter;
    if (!m_away)
        arm(m_awayAfter.count() - m_sinceActivity.elapsed());
}

void AwayTimer::arm(qint64 ms)
{
    if (m_awayAfter.count() <= 0)
        m_timer.stop();
    else
        m_timer.start(std::chrono::milliseconds(std::max<qint64>(0, ms)));
}

void AwayTimer::activity()
{
    m_sinceActivity.restart();
    if (!m_away)
        return; // the pending timer looks at the time of the last activity when it fires
    m_away = false;
    arm(m_awayAfter.count());
    Q_EMIT awayChanged(false);
}

void AwayTimer::onTimeout()
{
    const qint64 left = m_awayAfter.count() - m_sinceActivity.elapsed();
    if (left > 0) {
        arm(left); // there was input meanwhile
        return;
    }
    m_away = true;
    Q_EMIT awayChanged(true);
}
