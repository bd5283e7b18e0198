#include "presenceboard.h"

#include <algorithm>

QString PresenceBoard::nameOf(Presence presence)
{
    switch (presence) {
    case Presence::Online:
        return QStringLiteral("online");
    case Presence::Away:
        return QStringLiteral("away");
    case Presence::Offline:
        break;
    }
    return QStringLiteral("offline");
}

void PresenceBoard::add(qint64 accountId, ServerSession *session)
{
    if (m_accountOf.contains(session))
        return;
    m_accountOf.insert(session, accountId);
    m_accounts[accountId].append(Entry{session, false});
}

qint64 PresenceBoard::remove(const ServerSession *session)
{
    const qint64 accountId = m_accountOf.take(session);
    if (accountId == 0)
        return 0;
    QList<Entry> &entries = m_accounts[accountId];
    entries.removeIf([session](const Entry &e) { return e.session == session; });
    if (entries.isEmpty())
        m_accounts.remove(accountId);
    return accountId;
}

bool PresenceBoard::setAway(const ServerSession *session, bool away)
{
    const qint64 accountId = m_accountOf.value(session);
    if (accountId == 0)
        return false;
    for (Entry &e : m_accounts[accountId]) {
        if (e.session == session)
            e.away = away;
    }
    return true;
}

PresenceBoard::Presence PresenceBoard::presenceOf(qint64 accountId) const
{
    const auto it = m_accounts.constFind(accountId);
    if (it == m_accounts.cend() || it->isEmpty())
        return Presence::Offline;
    const bool allAway = std::all_of(it->cbegin(), it->cend(), [](const Entry &e) { return e.away; });
    return allAway ? Presence::Away : Presence::Online;
}

QList<ServerSession *> PresenceBoard::sessionsOf(qint64 accountId) const
{
    QList<ServerSession *> sessions;
    for (const Entry &e : m_accounts.value(accountId))
        sessions.append(e.session);
    return sessions;
}

qint64 PresenceBoard::accountOf(const ServerSession *session) const
{
    return m_accountOf.value(session);
}
