#pragma once
// DirectRoomName: the name of the private room of two accounts, "@dm:<low id>:<high id>"
// (docs/protocol.md, "Direct messages"). Client and server read it the same way, so it lives in
// the one library both link. The name says who may be in the room: the server lets only those two
// accounts join it or read its history, and the client shows it under the other person's name.
//
// Every room name starting with '@' is reserved for such rooms: no ordinary room can look like one.
#include <QString>
#include <optional>

class DirectRoomName
{
public:
    //! The two accounts of a direct room, low id first.
    struct Pair
    {
        qint64 low = 0;
        qint64 high = 0;
        bool contains(qint64 userId) const { return userId == low || userId == high; }
        //! The other one of the pair (0 when \a userId is neither).
        qint64 peerOf(qint64 userId) const;
    };

    //! "@dm:3:12" for (12, 3) or (3, 12); empty when an id is not positive or both are the same.
    static QString make(qint64 a, qint64 b);
    //! The pair of a well-formed direct room name (positive decimal ids without leading zeros or
    //! signs, low < high, nothing else); nullopt for anything else.
    static std::optional<Pair> parse(const QString &room);
    //! True when \a room is reserved (starts with '@'): a direct room or nothing valid.
    static bool isReserved(const QString &room) { return room.startsWith(QLatin1Char('@')); }
    //! True when \a room is a well-formed direct room name.
    static bool isDirect(const QString &room) { return parse(room).has_value(); }
    //! The other account of \a room for \a userId, or 0 when \a room is not a direct room of theirs.
    static qint64 peerOf(const QString &room, qint64 userId);
};
