#include "ratelimiter.h"

RateLimiter::RateLimiter(TokenBucket::Rate rate, qsizetype maxKeys)
    : m_rate(rate)
    , m_maxKeys(qMax<qsizetype>(1, maxKeys))
{
}

qint64 RateLimiter::waitFor(const QString &key, double cost, qint64 nowMs) const
{
    if (m_rate.isUnlimited())
        return 0;
    const auto it = m_buckets.constFind(key);
    return it == m_buckets.cend() ? TokenBucket(m_rate, nowMs).waitFor(cost, nowMs)
                                  : it->waitFor(cost, nowMs);
}

void RateLimiter::consume(const QString &key, double cost, qint64 nowMs)
{
    if (m_rate.isUnlimited())
        return;
    auto it = m_buckets.find(key);
    if (it == m_buckets.end()) {
        if (m_buckets.size() >= m_maxKeys)
            makeRoom(nowMs);
        it = m_buckets.insert(key, TokenBucket(m_rate, nowMs));
    }
    it->consume(cost, nowMs);
}

qint64 RateLimiter::take(const QString &key, double cost, qint64 nowMs)
{
    const qint64 wait = waitFor(key, cost, nowMs);
    if (wait == 0)
        consume(key, cost, nowMs);
    return wait;
}

void RateLimiter::makeRoom(qint64 nowMs)
{
    m_buckets.removeIf([nowMs](const QHash<QString, TokenBucket>::iterator &it) {
        return it.value().isFull(nowMs);
    });
    if (m_buckets.size() >= m_maxKeys)
        m_buckets.erase(m_buckets.begin());
}
