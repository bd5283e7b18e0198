#pragma once
// The set of rooms, looked up by name. Owns the Room objects; addresses stay stable while a room
// exists, so callers may hold a Room * for the duration of one request.

#include "room.h"

#include <QList>
#include <QString>

#include <map>
#include <memory>

//! Creates rooms on first join, finds them by name, answers "which rooms is this session in" and
//! drops rooms nobody uses. A room that has carried messages is kept even when empty: its seq
//! must keep increasing and its de-dup memory must survive a member's reconnect.
class RoomRegistry
{
public:
    //! \a maxRooms bounds how many rooms exist at once; \a maxRememberedPerRoom is passed to Room.
    RoomRegistry(qsizetype maxRooms, qsizetype maxRememberedPerRoom);
    ~RoomRegistry();

    RoomRegistry(const RoomRegistry &) = delete;
    RoomRegistry &operator=(const RoomRegistry &) = delete;

    //! The room called \a name, or nullptr.
    Room *find(const QString &name) const;
    //! The room called \a name, created if needed; nullptr when the room limit is reached.
    Room *findOrCreate(const QString &name);
    //! Every room \a session is a member of, ordered by name.
    QList<Room *> roomsOf(const ServerSession *session) const;
    //! Forgets \a room if it has no members and never carried a message (nothing to remember).
    void dropIfUnused(Room *room);

    qsizetype count() const { return static_cast<qsizetype>(m_rooms.size()); }

private:
    qsizetype m_maxRooms;
    qsizetype m_maxRememberedPerRoom;
    std::map<QString, std::unique_ptr<Room>> m_rooms;
};
