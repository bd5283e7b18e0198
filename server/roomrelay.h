#pragma once
// RoomRelay: where a frame for a room's members, or for an account's sessions, goes -- to the
// sessions of this server and, through the FanOut, to those of the cluster's other nodes.

#include "fanout.h"
#include "servermetrics.h"

#include <QString>

class PresenceBoard;
class Room;
class RoomRegistry;
class ServerSession;

//! The one way ChatHub and its parts (ChangeEvents, ReadEvents, DirectRooms) reach people.
//!
//! Why a class: on one server a room's members are the Room's sessions; in a cluster they are
//! spread over the nodes. Every broadcast goes to the local sessions at once and is published
//! once (FanOut::publish); what other nodes publish arrives in fromOtherNode(), which hands it
//! to the matching local sessions by the same rules. With LocalFanOut the publishing costs
//! nothing and nothing arrives, so a single server behaves as before.
//!
//! The rules of an audience (FanOutEnvelope::Audience) are applied on each node to its own
//! sessions: a room's members but the sender's session; those whose accounts share read
//! receipts; an account's sessions but those in a given room (they hear the room itself).
class RoomRelay
{
public:
    //! \a rooms and \a presence (the hub's, outliving this) say who is here; \a fanOut reaches
    //! the other nodes and must outlive this too; \a metrics counts cross-node traffic.
    RoomRelay(const RoomRegistry *rooms, const PresenceBoard *presence, FanOut *fanOut,
              ServerMetrics *metrics);

    //! \a frame to every member of \a room but \a except (may be null), here and on the other
    //! nodes; how many local sessions it was handed to.
    qsizetype toRoom(const Room &room, const ServerSession *except, const QString &frame);
    //! The same for the members whose accounts share their read receipts.
    qsizetype toReceiptSharers(const Room &room, const QString &frame);
    //! \a frame to every session of account \a accountId that is not a member of \a exceptRoom
    //! (empty: none), here and on the other nodes.
    void toAccount(qint64 accountId, const QString &exceptRoom, const QString &frame);

    //! \a frame to the members of \a room on this node only.
    qsizetype toLocalMembers(const Room &room, const QString &frame) const
    {
        return deliverToRoom(room, nullptr, false, frame);
    }

    //! What another node published: handed to the local sessions its audience names.
    void fromOtherNode(const FanOutEnvelope &envelope);

    FanOut *fanOut() const { return m_fanOut; }

private:
    qsizetype deliverToRoom(const Room &room, const ServerSession *except, bool receiptSharersOnly,
                            const QString &frame) const;
    void deliverToAccount(qint64 accountId, const QString &exceptRoom, const QString &frame) const;

    const RoomRegistry *m_rooms;
    const PresenceBoard *m_presence;
    FanOut *m_fanOut;
    ServerMetrics *m_metrics;
};
