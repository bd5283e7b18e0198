#include "room.h"

Room::Room(const QString &name, qsizetype maxRemembered)
    : m_name(name)
    , m_maxRemembered(qMax<qsizetype>(0, maxRemembered))
{
}

bool Room::join(ServerSession *session)
{
    if (m_members.contains(session))
        return false;
    m_members.append(session);
    return true;
}

bool Room::leave(ServerSession *session)
{
    return m_members.removeOne(session);
}

bool Room::contains(const ServerSession *session) const
{
    return m_members.contains(session);
}

Room::Posting Room::post(const QString &sender, const QString &clientId, qint64 nowMs)
{
    const Key key(sender, clientId);
    if (!clientId.isEmpty()) {
        const auto it = m_remembered.constFind(key);
        if (it != m_remembered.constEnd()) {
            Posting again = *it;
            again.duplicate = true;
            return again;
        }
    }

    const Posting posting{m_nextSeq++, nowMs, false};
    if (!clientId.isEmpty() && m_maxRemembered > 0) {
        m_remembered.insert(key, posting);
        m_rememberOrder.push_back(key);
        while (m_remembered.size() > m_maxRemembered) {
            m_remembered.remove(m_rememberOrder.front());
            m_rememberOrder.pop_front();
        }
    }
    return posting;
}
