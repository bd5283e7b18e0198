#pragma once
// MemberAnnouncer: who hears that a room's membership changed, how (a full "members" list or a
// "membersDelta"), and how often (docs/protocol.md, "members" and "membersDelta").

#include "serversettings.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTimer>

class PresenceEvents;
class Room;
class RoomRegistry;
class ServerSession;

//! Coalesces membership changes per room and announces them.
//!
//! Why: with a full list to every member on every change, N clients joining one room cost N
//! lists of up to N people to up to N members -- cubic work, quadratic bytes (1,000 joins took
//! 38 s). Now a change only marks its room (and the account) due; a room is announced at most
//! every membersAnnounceDelay, plus one such delay per membersPerAnnounceStep members (at most
//! maxMembersAnnounceDelay), so a crowd costs O(N) frames. Sessions that joined with
//! {"memberDeltas": true} get only what changed ("membersDelta": {room, joined: [person…],
//! left: [ids…]}); the others keep getting the full "members" list, as before.
class MemberAnnouncer
{
public:
    //! \a rooms and \a presence must outlive the announcer.
    MemberAnnouncer(const ServerSettings &settings, const RoomRegistry *rooms,
                    const PresenceEvents *presence);

    MemberAnnouncer(const MemberAnnouncer &) = delete;
    MemberAnnouncer &operator=(const MemberAnnouncer &) = delete;

    //! \a accountId joined or left \a room (a session of it did): the room is due.
    void changed(const Room &room, qint64 accountId);
    //! \a session asked for deltas (a join with "memberDeltas": true).
    void setWantsDeltas(ServerSession *session) { m_deltaSessions.insert(session); }
    //! \a session is gone.
    void sessionEnded(ServerSession *session) { m_deltaSessions.remove(session); }

    //! Display names in \a room, each once, in joining order (the legacy "members" field).
    static QStringList memberNames(const Room &room);
    //! \a room's members as person objects, each account once, in joining order.
    QJsonArray people(const Room &room) const;
    //! The delay before \a room's next announcement, given its size.
    std::chrono::milliseconds delayFor(const Room &room) const;

private:
    struct Due
    {
        QSet<qint64> touched; //!< accounts that joined or left since the last announcement
        qint64 atMs = 0;      //!< when it goes out
    };
    void flush();
    void announce(const Room &room, const QSet<qint64> &touched);
    void arm();

    ServerSettings m_settings;
    const RoomRegistry *m_rooms;
    const PresenceEvents *m_presence;
    QHash<QString, Due> m_due;
    QHash<QString, qint64> m_lastAnnouncedMs; //!< rooms announced before (dropped with the room)
    QSet<ServerSession *> m_deltaSessions;
    QTimer m_timer;
};
