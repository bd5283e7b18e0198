#include "outgoingbudget.h"

#include <algorithm>
#include <functional>

OutgoingBudget::OutgoingBudget(qint64 cap)
    : m_cap(cap)
{
}

void OutgoingBudget::setQueued(ServerSession *session, qint64 bytes)
{
    bytes = qMax<qint64>(0, bytes);
    qint64 &entry = m_queued[session];
    m_total += bytes - entry;
    entry = bytes;
    if (bytes == 0)
        m_queued.remove(session);
    m_peak = qMax(m_peak, m_total);
}

void OutgoingBudget::forget(ServerSession *session)
{
    m_total -= m_queued.take(session);
}

QList<ServerSession *> OutgoingBudget::overflow() const
{
    if (!isOver())
        return {};
    QList<QPair<qint64, ServerSession *>> bySize;
    bySize.reserve(m_queued.size());
    for (auto it = m_queued.cbegin(); it != m_queued.cend(); ++it)
        bySize.append({it.value(), it.key()});
    std::sort(bySize.begin(), bySize.end(), [](const auto &a, const auto &b) {
        return a.first != b.first ? a.first > b.first : std::less<>()(a.second, b.second);
    });
    QList<ServerSession *> result;
    qint64 total = m_total;
    for (const auto &entry : std::as_const(bySize)) {
        if (total <= m_cap)
            break;
        result.append(entry.second);
        total -= entry.first;
    }
    return result;
}
