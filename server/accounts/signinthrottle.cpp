#include "signinthrottle.h"

#include <QHash>

#include <algorithm>
#include <iterator>
#include <list>
#include <utility>

namespace {

//! Failures per key, in the order of their last failure (oldest first), for eviction.
class FailureTable
{
public:
    struct Entry
    {
        int failures = 0;
        qint64 lastFailureMs = 0;
        std::list<QString>::iterator position;
    };

    //! The entry of \a key, or nullptr when there is none or it was last touched before
    //! \a forgetBeforeMs.
    const Entry *find(const QString &key, qint64 forgetBeforeMs) const
    {
        const auto it = m_entries.constFind(key);
        if (it == m_entries.cend() || it->lastFailureMs < forgetBeforeMs)
            return nullptr;
        return &*it;
    }

    void fail(const QString &key, qint64 nowMs, qint64 forgetBeforeMs, qsizetype maxKeys)
    {
        dropForgotten(forgetBeforeMs);
        auto it = m_entries.find(key);
        if (it == m_entries.end()) {
            while (!m_order.empty() && m_entries.size() >= maxKeys)
                erase(m_order.front());
            if (maxKeys <= 0)
                return;
            m_order.push_back(key);
            it = m_entries.insert(key, Entry{0, nowMs, std::prev(m_order.end())});
        }
        ++it->failures;
        it->lastFailureMs = nowMs;
        m_order.splice(m_order.end(), m_order, it->position);
    }

    void erase(const QString &key)
    {
        const auto it = m_entries.find(key);
        if (it == m_entries.end())
            return;
        m_order.erase(it->position);
        m_entries.erase(it);
    }

    qsizetype size() const { return m_entries.size(); }

private:
    //! The oldest entries come first: drop them while they are forgotten anyway.
    void dropForgotten(qint64 forgetBeforeMs)
    {
        while (!m_order.empty() && m_entries.value(m_order.front()).lastFailureMs < forgetBeforeMs)
            erase(m_order.front());
    }

    QHash<QString, Entry> m_entries;
    std::list<QString> m_order;
};

qint64 steadyNowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
            .count();
}

} // namespace

struct SignInThrottle::Private
{
    Settings settings;
    FailureTable accounts;
    FailureTable addresses;

    qint64 now() const { return settings.clock ? settings.clock() : steadyNowMs(); }
    qint64 forgetBefore(qint64 nowMs) const { return nowMs - settings.forgetAfter.count(); }

    //! The wait left for one key of \a table at \a nowMs.
    qint64 waitFor(const FailureTable &table, const QString &key, qint64 nowMs) const
    {
        if (key.isEmpty())
            return 0;
        const FailureTable::Entry *entry = table.find(key, forgetBefore(nowMs));
        if (!entry)
            return 0;
        const qint64 until = entry->lastFailureMs + delayAfter(entry->failures, settings).count();
        return std::max<qint64>(0, until - nowMs);
    }
};

SignInThrottle::SignInThrottle()
    : SignInThrottle(Settings())
{
}

SignInThrottle::SignInThrottle(Settings settings)
    : d(std::make_unique<Private>())
{
    d->settings = std::move(settings);
}

SignInThrottle::~SignInThrottle() = default;

std::chrono::milliseconds SignInThrottle::delayAfter(int failures, const Settings &settings)
{
    const int doublings = failures - settings.freeFailures - 1;
    if (doublings < 0)
        return std::chrono::milliseconds(0);
    std::chrono::milliseconds delay = settings.baseDelay;
    for (int i = 0; i < doublings && delay < settings.maxDelay; ++i)
        delay *= 2;
    return std::min(delay, settings.maxDelay);
}

qint64 SignInThrottle::check(const QString &accountKey, const QString &address) const
{
    const qint64 nowMs = d->now();
    return std::max(d->waitFor(d->accounts, accountKey, nowMs),
                    d->waitFor(d->addresses, address, nowMs));
}

void SignInThrottle::failed(const QString &accountKey, const QString &address)
{
    const qint64 nowMs = d->now();
    const qint64 forgetBeforeMs = d->forgetBefore(nowMs);
    if (!accountKey.isEmpty())
        d->accounts.fail(accountKey, nowMs, forgetBeforeMs, d->settings.maxTrackedKeys);
    if (!address.isEmpty())
        d->addresses.fail(address, nowMs, forgetBeforeMs, d->settings.maxTrackedKeys);
}

void SignInThrottle::succeeded(const QString &accountKey, const QString &address)
{
    Q_UNUSED(address) // an address's failures stay: see the class comment
    if (!accountKey.isEmpty())
        d->accounts.erase(accountKey);
}

qsizetype SignInThrottle::trackedAccounts() const
{
    return d->accounts.size();
}

qsizetype SignInThrottle::trackedAddresses() const
{
    return d->addresses.size();
}
