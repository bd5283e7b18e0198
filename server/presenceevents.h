#pragma once
// PresenceEvents: presence on the wire -- the client's "presence" event, the server's "presence"
// events to everybody who shares a room with an account, and person objects that carry it
// (docs/protocol.md, "People and presence").

#include "accountstore.h"
#include "presenceboard.h"
#include "serversettings.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QString>
#include <QTimer>

#include <optional>

class RoomRegistry;
class ServerSession;

//! Keeps a PresenceBoard of the hub's sessions and tells people about changes.
//!
//! Why coalesced: a client decides when it is away, so a client (or a thousand reconnecting) can
//! flip its presence as fast as it can send. Each change only marks its account due; at most
//! every ServerSettings::membersAnnounceDelay the due accounts' presence goes out, once each,
//! and only when it differs from what was last announced. A client flipping 10,000 times costs
//! a handful of broadcasts, never 10,000.
//!
//! Who hears: every session that shares a room with one of the account's sessions, and every
//! session in a direct room of the account (DirectRoomName) whether or not the account is in it.
//! A session that ends is counted with the rooms it was in (sessionEnded() comes before it leaves
//! them), so its room-mates hear that it went offline.
//!
//! lastSeen: when an account's last session ends, the time goes to AccountStore::setLastSeen()
//! at once (it survives a restart) and into the "offline" announcement.
class PresenceEvents
{
public:
    //! \a rooms and \a accounts (open) must outlive this object.
    PresenceEvents(const ServerSettings &settings, const RoomRegistry *rooms, AccountStore *accounts);

    PresenceEvents(const PresenceEvents &) = delete;
    PresenceEvents &operator=(const PresenceEvents &) = delete;

    //! True for the client's "presence" event.
    static bool handles(const QString &event);
    //! {"presence":"away"|"online"} from \a from; anything else is "malformed arguments".
    void handle(ServerSession *from, const QJsonArray &args, std::optional<qint64> ackId);

    //! \a session signed in (ChatHub::attach()).
    void sessionStarted(ServerSession *session);
    //! \a session is ending; call while it is still in its rooms (ChatHub::detach()).
    void sessionEnded(ServerSession *session);

    //! \a account as a person object: {id, username, displayName, guest, presence} and, when
    //! offline and seen before, lastSeen.
    QJsonObject person(const AccountStore::Account &account) const;
    const PresenceBoard &board() const { return m_board; }

private:
    //! An account whose presence may have changed, not announced yet.
    struct Due
    {
        AccountStore::Account account;
        QSet<ServerSession *> audience; //!< room-mates of sessions that ended meanwhile
    };
    //! Marks \a account due (its presence was \a before), with \a audience added to who hears.
    void changed(const AccountStore::Account &account, PresenceBoard::Presence before,
                 const QSet<ServerSession *> &audience = {});
    //! Every session sharing a room with \a accountId's sessions or in one of its direct rooms.
    QSet<ServerSession *> audienceOf(qint64 accountId) const;
    void flush();

    ServerSettings m_settings;
    const RoomRegistry *m_rooms;
    AccountStore *m_accounts;
    PresenceBoard m_board;
    QHash<qint64, Due> m_due;
    //! What was last announced of each account not offline (absent: offline).
    QHash<qint64, PresenceBoard::Presence> m_announced;
    QTimer m_timer;
};
