#pragma once
// DirectRooms: the private rooms of two accounts (docs/protocol.md, "Direct messages") -- who may
// enter them, "openDirect", "directs", and the "direct" event that tells a person's other
// sessions about a new message.

#include "accountstore.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>

class HistoryStore;
class PresenceEvents;
class RoomRelay;
class Room;
class ServerSession;

//! The server's side of direct messages, for ChatHub.
//!
//! Why a class: a direct room is an ordinary room (seq, history, de-dup) with a guard at its
//! door, and the guard must say the same in "join" and "history". Its name (DirectRoomName,
//! "@dm:<low>:<high>") says who may enter: only those two accounts, both registered (guests have
//! no direct rooms), each one existing. Everything else about it -- the room list, what was
//! last said -- comes from the history and the accounts, nothing is kept here.
//!
//! Nobody else can read a direct room: admit() refuses before any other check of a request, so
//! the refusal tells nothing of the room's contents.
class DirectRooms
{
public:
    //! Most rooms one "directs" answer lists (the most recent ones).
    static constexpr int kMaxDirects = 500;

    //! \a history, \a accounts (both open) and \a presence must outlive this object.
    DirectRooms(HistoryStore *history, AccountStore *accounts, const PresenceEvents *presence,
                RoomRelay *relay);

    //! True for "openDirect" and "directs".
    static bool handles(const QString &event);
    void handle(ServerSession *from, const QString &event, const QJsonArray &args,
                std::optional<qint64> ackId);

    //! Whether \a from may join or read \a room: empty for an ordinary room and for a direct
    //! room of \a from's (\a peer then holds the other account), else the refusal: "invalid
    //! room" (reserved but no direct room), "not allowed", "storage failure".
    QString admit(const ServerSession &from, const QString &room, AccountStore::Account *peer);

    //! \a message (a "chat message" object) was committed in \a room by \a sender: if it is a
    //! direct room, each session of its two accounts not in it gets a "direct" event.
    void posted(const Room &room, const QJsonObject &message, const ServerSession &sender);

private:
    void openDirect(ServerSession *from, const QJsonArray &args, std::optional<qint64> ackId);
    void listDirects(ServerSession *from, std::optional<qint64> ackId);
    //! The account \a id if it may have direct rooms: "not allowed" for a guest's (and none),
    //! "unknown user", "storage failure".
    AccountStore::Result<AccountStore::Account> registered(qint64 id, const QString &unknown);

    HistoryStore *m_history;
    AccountStore *m_accounts;
    const PresenceEvents *m_presence;
    RoomRelay *m_relay;
};
