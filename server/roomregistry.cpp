#include "roomregistry.h"

#include "directroomname.h"
#include "serversession.h"

RoomRegistry::RoomRegistry(qsizetype maxRooms)
    : m_maxRooms(maxRooms)
{
}

RoomRegistry::~RoomRegistry() = default;

bool RoomRegistry::mayRead(const ServerSession &session, const QString &room) const
{
    if (const Room *joined = find(room); joined && joined->contains(&session))
        return true;
    const std::optional<DirectRoomName::Pair> pair = DirectRoomName::parse(room);
    return pair && !session.account().isGuest && pair->contains(session.account().id);
}

Room *RoomRegistry::find(const QString &name) const
{
    const auto it = m_rooms.find(name);
    return it == m_rooms.end() ? nullptr : it->second.get();
}

Room *RoomRegistry::findOrCreate(const QString &name)
{
    if (Room *room = find(name))
        return room;
    if (count() >= m_maxRooms)
        return nullptr;
    auto room = std::make_unique<Room>(name);
    Room *result = room.get();
    m_rooms.emplace(name, std::move(room));
    return result;
}

QList<Room *> RoomRegistry::roomsOf(const ServerSession *session) const
{
    QList<Room *> result;
    for (const auto &entry : m_rooms) {
        if (entry.second->contains(session))
            result.append(entry.second.get());
    }
    return result;
}

QList<Room *> RoomRegistry::roomsStartingWith(const QString &prefix) const
{
    QList<Room *> result;
    for (auto it = m_rooms.lower_bound(prefix); it != m_rooms.end() && it->first.startsWith(prefix); ++it)
        result.append(it->second.get());
    return result;
}

void RoomRegistry::dropIfUnused(Room *room)
{
    if (room && room->isEmpty())
        m_rooms.erase(room->name());
}
