#include "reconnectpolicy.h"

#include <algorithm>
#include <cmath>

ReconnectPolicy::ReconnectPolicy(const ConnectorSettings &settings)
    : m_settings(settings)
{
}

std::chrono::milliseconds ReconnectPolicy::nominalDelay(int attempt) const
{
    const double base = double(m_settings.backoffBase.count());
    const double cap = double(m_settings.backoffCap.count());
    const int n = std::max(1, attempt);
    // Stop multiplying once past the cap (and far before double overflow).
    double d = base;
    for (int i = 1; i < n && d < cap; ++i)
        d *= m_settings.backoffMultiplier;
    return std::chrono::milliseconds(qint64(std::min(d, cap)));
}

std::chrono::milliseconds ReconnectPolicy::minDelay(int attempt) const
{
    const double d = double(nominalDelay(attempt).count());
    return std::chrono::milliseconds(qint64(std::floor(d * (1.0 - m_settings.backoffJitter))));
}

std::chrono::milliseconds ReconnectPolicy::maxDelay(int attempt) const
{
    return nominalDelay(attempt);
}

std::chrono::milliseconds ReconnectPolicy::delay(int attempt, QRandomGenerator *rng) const
{
    const qint64 lo = minDelay(attempt).count();
    const qint64 hi = maxDelay(attempt).count();
    if (hi <= lo)
        return std::chrono::milliseconds(hi);
    return std::chrono::milliseconds(lo + qint64(rng->bounded(double(hi - lo + 1))));
}

bool ReconnectPolicy::mayRetry(int attempt) const
{
    return m_settings.maxAttempts <= 0 || attempt <= m_settings.maxAttempts;
}
