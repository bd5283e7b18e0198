#pragma once
// ReadEvents: read receipts on the wire (docs/protocol.md, "Read receipts") -- the client's
// "read" and "privacy" events, the coalesced "read" events to a room, and the join answer's
// "receipts".

#include "serversettings.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QTimer>

#include <optional>

class AccountStore;
class ClientLimits;
class HistoryStore;
class MemberAnnouncer;
class Room;
class RoomRegistry;
class RoomRelay;
class ServerSession;

//! Handles "read" and "privacy" for ChatHub, which hands over every event handles() accepts.
//!
//! Why apart from ChatHub: receipts are state, not messages -- no seq, no history row, no
//! de-dup --, kept per (account, room) by ReceiptStore and only moved forward, with a privacy
//! setting (AccountStore) that hides them both ways. The hub stays the rooms.
//!
//! Why coalesced: a room of N readers each moving its receipt would cost N frames to N members
//! per message. A moved receipt only marks its room due (the account's highest seq kept); the
//! room's receipts go out after MemberAnnouncer::delayFor() the room (the member lists' delay:
//! membersAnnounceDelay, longer for bigger rooms), one "read" event per account that moved.
//!
//! Privacy: an account with receipts off has none kept (turning them off drops its receipts),
//! sends none (a "read" is answered, nothing stored or told) and hears none (no "read" events,
//! an empty "receipts" list in its join answers).
class ReadEvents
{
public:
    //! Most receipts a join answer lists (the highest first).
    static constexpr int kMaxJoinReceipts = 1000;

    //! Every pointer must outlive this object; \a history open.
    ReadEvents(const ServerSettings &settings, HistoryStore *history, AccountStore *accounts,
               const RoomRegistry *rooms, ClientLimits *limits, const MemberAnnouncer *members,
               RoomRelay *relay);

    ReadEvents(const ReadEvents &) = delete;
    ReadEvents &operator=(const ReadEvents &) = delete;

    //! True for "read" and "privacy".
    static bool handles(const QString &event);
    //! \a sessions: every signed-in session (a "privacy" change reaches the account's others).
    void handle(ServerSession *from, const QString &event, const QJsonArray &args,
                std::optional<qint64> ackId, const QList<ServerSession *> &sessions);

    //! The join answer's "receipts" of \a room for \a asker ([] when its receipts are off);
    //! nullopt when the database failed.
    std::optional<QJsonArray> joinReceipts(const ServerSession &asker, const QString &room);

private:
    struct Due
    {
        QHash<qint64, qint64> seqs;  //!< account -> its receipt, moved since the last "read" events
        qint64 atMs = 0;             //!< when they go out
    };
    void handleRead(ServerSession *from, const QJsonArray &args, std::optional<qint64> ackId);
    void handlePrivacy(ServerSession *from, const QJsonArray &args, std::optional<qint64> ackId,
                       const QList<ServerSession *> &sessions);
    //! \a accountId's receipt in \a room moved to \a seq: the room is due.
    void moved(const Room &room, qint64 accountId, qint64 seq);
    void flush();
    void arm();

    ServerSettings m_settings;
    HistoryStore *m_history;
    AccountStore *m_accounts;
    const RoomRegistry *m_rooms;
    ClientLimits *m_limits;
    const MemberAnnouncer *m_members;
    RoomRelay *m_relay;
    QHash<QString, Due> m_due;
    QTimer m_timer;
};
