#include "roomadmission.h"

namespace {

template <typename Key>
void decrement(QHash<Key, int> &counts, const Key &key)
{
    const auto it = counts.find(key);
    if (it == counts.end())
        return;
    if (--*it <= 0)
        counts.erase(it);
}

} // namespace

RoomAdmission::RoomAdmission(Limits limits)
    : m_limits(limits)
{
}

QString RoomAdmission::admit(const Holder &holder) const
{
    if (sessionCount(holder.session) >= m_limits.perSession
        || accountCount(holder.account) >= m_limits.perAccount
        || addressCount(holder.address) >= m_limits.perAddress)
        return QStringLiteral("too many rooms joined");
    return {};
}

void RoomAdmission::joined(const Holder &holder)
{
    ++m_sessions[holder.session];
    ++m_accounts[holder.account];
    ++m_addresses[holder.address];
}

void RoomAdmission::left(const Holder &holder)
{
    decrement(m_sessions, holder.session);
    decrement(m_accounts, holder.account);
    decrement(m_addresses, holder.address);
}
