#include "room.h"

Room::Room(const QString &name)
    : m_name(name)
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
