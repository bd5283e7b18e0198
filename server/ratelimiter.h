#pragma once
// RateLimiter: one TokenBucket per key (a session, an account, a room, an address), all with the
// same rate, bounded in number. Pure: told the time, never reads a clock.

#include "tokenbucket.h"

#include <QHash>
#include <QString>

//! Keyed token buckets of one rate.
//!
//! Why keyed and pruned: a limit per session or per account needs a bucket per session or
//! account, and a peer choosing keys (new guests, new rooms) must not grow the table for ever. A
//! full bucket is the same as no bucket, so full ones are forgotten whenever the table reaches
//! maxKeys; if every bucket is still in use an arbitrary one is dropped -- that key starts full
//! again, which only ever errs towards letting a request through.
class RateLimiter
{
public:
    //! Keys remembered at most (a few dozen bytes each).
    static constexpr qsizetype kDefaultMaxKeys = 100'000;

    explicit RateLimiter(TokenBucket::Rate rate = {}, qsizetype maxKeys = kDefaultMaxKeys);

    TokenBucket::Rate rate() const { return m_rate; }
    bool isUnlimited() const { return m_rate.isUnlimited(); }

    //! ms until \a key has \a cost tokens; 0: now. A key never seen has a full bucket.
    qint64 waitFor(const QString &key, double cost, qint64 nowMs) const;
    //! Takes \a cost tokens from \a key's bucket (it may go into debt): call after waitFor() said 0
    //! for every limit that must agree (ClientLimits).
    void consume(const QString &key, double cost, qint64 nowMs);
    //! waitFor() and, when it is 0, consume().
    qint64 take(const QString &key, double cost, qint64 nowMs);
    //! Forgets \a key (its session ended).
    void forget(const QString &key) { m_buckets.remove(key); }

    qsizetype keyCount() const { return m_buckets.size(); }

private:
    void makeRoom(qint64 nowMs);

    TokenBucket::Rate m_rate;
    qsizetype m_maxKeys;
    QHash<QString, TokenBucket> m_buckets;
};
