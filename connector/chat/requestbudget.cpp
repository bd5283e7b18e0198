#include "requestbudget.h"

#include <algorithm>

RequestBudget::RequestBudget(int burst, qint64 refillMs)
    : m_burst(std::max(1, burst))
    , m_refillMs(std::max<qint64>(1, refillMs))
{
}

int RequestBudget::available(qint64 nowMs) const
{
    // Tokens missing = time until full / refill interval, rounded up.
    const qint64 missing = m_fullAt <= nowMs ? 0 : (m_fullAt - nowMs + m_refillMs - 1) / m_refillMs;
    return int(std::max<qint64>(0, m_burst - missing));
}

qint64 RequestBudget::waitMs(qint64 nowMs) const
{
    if (available(nowMs) > 0)
        return 0;
    // One token comes back when the bucket is (burst - 1) refills from full.
    return m_fullAt - qint64(m_burst - 1) * m_refillMs - nowMs;
}

bool RequestBudget::take(qint64 nowMs)
{
    if (available(nowMs) <= 0)
        return false;
    m_fullAt = std::max(m_fullAt, nowMs) + m_refillMs;
    return true;
}
