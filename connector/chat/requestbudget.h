#pragma once
// RequestBudget: a token bucket for requests that a server's answers can drive in a loop (history
// pages). Up to \a burst requests go at once; after that one more per refill interval. Pure: the
// caller passes the time (a monotonic clock in ms), so tests drive it by hand.
#include <QtGlobal>
#include <limits>

class RequestBudget
{
public:
    //! \a burst requests at once, then one per \a refillMs (> 0).
    RequestBudget(int burst, qint64 refillMs);

    //! Takes one request at time \a nowMs: true if it may go now.
    bool take(qint64 nowMs);
    //! Milliseconds from \a nowMs until take() would succeed (0 = now).
    qint64 waitMs(qint64 nowMs) const;
    //! Requests that may go now (for tests and logs).
    int available(qint64 nowMs) const;

private:
    int m_burst;
    qint64 m_refillMs;
    //! The bucket is full at this time; each request taken moves it m_refillMs later. Starts
    //! "full long ago" so the first burst goes at once.
    qint64 m_fullAt = std::numeric_limits<qint64>::min() / 2;
};
