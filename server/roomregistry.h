#pragma once
// The set of rooms, looked up by name. Owns the Room objects; addresses stay stable while a room
// exists, so callers may hold a Room * for the duration of one request.

#include "room.h"

#include <QList>
#include <QString>

#include <map>
#include <memory>

//! Creates rooms on first join, finds them by name, answers "which rooms is this session in" and
//! drops rooms nobody is in. Dropping loses nothing: a room's messages, seq counter and de-dup
//! memory are in the history database, not in the Room.
class RoomRegistry
{
public:
    //! \a maxRooms bounds how many rooms are held in memory at once (ServerSettings::maxRooms).
    explicit RoomRegistry(qsizetype maxRooms);
    ~RoomRegistry();

    RoomRegistry(const RoomRegistry &) = delete;
    RoomRegistry &operator=(const RoomRegistry &) = delete;

    //! The room called \a name, or nullptr.
    Room *find(const QString &name) const;
    //! The room called \a name, created if needed; nullptr when the room limit is reached.
    Room *findOrCreate(const QString &name);
    //! Whether \a session may read \a room: it has joined it, or it is a direct room of its
    //! account (DirectRoomName; never a guest's). Search and file fetches ask this.
    bool mayRead(const ServerSession &session, const QString &room) const;
    //! Every room \a session is a member of, ordered by name.
    QList<Room *> roomsOf(const ServerSession *session) const;
    //! Every room whose name starts with \a prefix, ordered by name (the direct rooms: "@dm:"),
    //! found without visiting the others.
    QList<Room *> roomsStartingWith(const QString &prefix) const;
    //! Forgets \a room if it has no members; \a room is dangling afterwards in that case.
    void dropIfUnused(Room *room);

    qsizetype count() const { return static_cast<qsizetype>(m_rooms.size()); }

private:
    qsizetype m_maxRooms;
    std::map<QString, std::unique_ptr<Room>> m_rooms;
};
