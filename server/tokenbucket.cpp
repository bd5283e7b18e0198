#include "tokenbucket.h"

#include <algorithm>
#include <cmath>

namespace {
constexpr double kEpsilon = 1e-9;
}

TokenBucket::TokenBucket(Rate rate, qint64 nowMs)
    : m_rate(rate)
    , m_tokens(rate.burst)
    , m_atMs(nowMs)
{
}

double TokenBucket::tokens(qint64 nowMs) const
{
    if (m_rate.isUnlimited())
        return m_rate.burst;
    const double elapsedS = double(std::max<qint64>(0, nowMs - m_atMs)) / 1000.0;
    return std::min(m_rate.burst, m_tokens + elapsedS * m_rate.perSecond);
}

qint64 TokenBucket::waitFor(double cost, qint64 nowMs) const
{
    if (m_rate.isUnlimited())
        return 0;
    // Within kEpsilon counts as there: refills in floating point must not make a wait of 1 ms 2.
    const double missing = std::min(cost, m_rate.burst) - tokens(nowMs);
    if (missing <= kEpsilon)
        return 0;
    return std::max<qint64>(1, qint64(std::ceil(missing * 1000.0 / m_rate.perSecond - kEpsilon)));
}

qint64 TokenBucket::take(double cost, qint64 nowMs)
{
    const qint64 wait = waitFor(cost, nowMs);
    if (wait == 0)
        consume(cost, nowMs);
    return wait;
}

void TokenBucket::consume(double cost, qint64 nowMs)
{
    if (m_rate.isUnlimited())
        return;
    m_tokens = tokens(nowMs) - std::min(cost, m_rate.burst);
    m_atMs = std::max(m_atMs, nowMs);
}
