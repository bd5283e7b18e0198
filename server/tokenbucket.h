#pragma once
// TokenBucket: the one rate-limiting primitive of parley-server. Pure: it is told the time and
// never reads a clock or starts a timer, so every limit built on it is table-tested.

#include <QtGlobal>

//! A bucket of at most Rate::burst tokens that refills at Rate::perSecond; a request of some cost
//! goes ahead when that many tokens are in it and takes them.
//!
//! Why a token bucket: it allows the bursts a real client makes (an outbox flushed after a
//! reconnect, joining every room at sign-in) yet bounds the sustained rate, and it says exactly
//! how long the caller must wait (retryAfterMs) instead of a vague "slow down".
class TokenBucket
{
public:
    //! Sustained rate and burst. A rate with perSecond <= 0 or burst <= 0 is unlimited.
    struct Rate
    {
        double perSecond = 0;
        double burst = 0;
        bool isUnlimited() const { return perSecond <= 0 || burst <= 0; }
    };

    //! A full bucket at \a nowMs.
    TokenBucket(Rate rate, qint64 nowMs);

    //! How many ms from \a nowMs until \a cost tokens are in the bucket; 0: now. A cost above the
    //! burst counts as the burst (one maximal request passes when the bucket is full).
    qint64 waitFor(double cost, qint64 nowMs) const;
    //! Takes \a cost tokens (clamped to the burst) if they are there: 0. Otherwise takes nothing
    //! and returns waitFor().
    qint64 take(double cost, qint64 nowMs);
    //! Takes \a cost tokens even when they are not there (the bucket goes negative: the debt is
    //! paid by waiting). For limits checked together: see RateLimiter.
    void consume(double cost, qint64 nowMs);
    //! Tokens in the bucket at \a nowMs.
    double tokens(qint64 nowMs) const;
    //! True when the bucket is full at \a nowMs: it is then the same as a new one (forgettable).
    bool isFull(qint64 nowMs) const { return tokens(nowMs) >= m_rate.burst; }

private:
    Rate m_rate;
    double m_tokens;
    qint64 m_atMs;
};
