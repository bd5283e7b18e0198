#pragma once
// The retry schedule as data: exponential backoff with a cap and jitter. Pure: no timers.
// delay(n) = min(cap, base * multiplier^(n-1)), then jittered into [d*(1-j), d].
#include "connectorsettings.h"

#include <QRandomGenerator>
#include <chrono>

class ReconnectPolicy
{
public:
    explicit ReconnectPolicy(const ConnectorSettings &settings = {});

    //! The un-jittered delay before attempt \a attempt (1-based).
    std::chrono::milliseconds nominalDelay(int attempt) const;
    //! Lowest and highest delay jitter can produce for \a attempt.
    std::chrono::milliseconds minDelay(int attempt) const;
    std::chrono::milliseconds maxDelay(int attempt) const;
    //! A jittered delay for \a attempt, drawn from \a rng.
    std::chrono::milliseconds delay(int attempt, QRandomGenerator *rng = QRandomGenerator::global()) const;
    //! False once maxAttempts (if any) is used up.
    bool mayRetry(int attempt) const;

private:
    ConnectorSettings m_settings;
};
