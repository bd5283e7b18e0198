#pragma once
// The chat itself: what "join", "leave", "chat message" and "history" mean, and who hears about
// it. It knows nothing of websockets or Engine.IO; ServerSession hands it decoded events.

#include "accountevents.h"
#include "changeevents.h"
#include "clientlimits.h"
#include "directrooms.h"
#include "historystore.h"
#include "memberannouncer.h"
#include "outgoingbudget.h"
#include "presenceevents.h"
#include "readevents.h"
#include "roomadmission.h"
#include "servermetrics.h"
#include "roomregistry.h"
#include "roomrelay.h"
#include "fileevents.h"
#include "filestore.h"
#include "searchevents.h"
#include "serversettings.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

class AccountStore;
class Room;
class ServerSession;

//! Dispatches the Parley events of docs/protocol.md for every Socket.IO-connected session,
//! validates their arguments, answers through the ack and broadcasts to rooms.
//!
//! Why a class of its own: ServerSession is the transport (one socket), ChatHub is the meeting
//! place (all sockets). Keeping them apart lets history and presence grow here without touching
//! the keepalive or the codec.
//!
//! Every room message goes through the HistoryStore before anybody hears of it: the ack (with the
//! seq and time the database assigned) and the broadcast follow the commit. When the write fails,
//! the sender gets {"ok":false,"error":"storage failure","retry":true} and nobody else gets
//! anything, so the client keeps the message in its outbox and resends it later.
//!
//! The sender of every message, typing event, member list and history row is the session's
//! account (ServerSession::account(): id, display name, username, guest), never a field of the
//! payload. Messages are de-duplicated by (account id, clientId). The accounts' own events
//! ("tokens", "revokeToken", "signOut", "createInvite") go to AccountEvents, presence to
//! PresenceEvents, and direct rooms ("openDirect", "directs", who may join or read "@…" rooms,
//! the "direct" event) to DirectRooms, changes of messages ("edit", "delete", "react") to
//! ChangeEvents, read receipts ("read", "privacy", the join answer's "receipts") to ReadEvents,
//! "search" to SearchEvents.
//! Member lists go out through MemberAnnouncer; message objects are MessageJson's.
//!
//! Hostile clients (docs/security.md): before a request does anything, ClientLimits checks its
//! rates and quotas and RoomAdmission its room slots; a refusal costs the server one ack. The
//! sessions' queued bytes add up in OutgoingBudget (ServerSession reports to it).
//!
//! Sessions must be attach()ed after their sign-in and detach()ed before they go away;
//! ChatHub holds plain pointers and never outlives that contract.
class ChatHub
{
public:
    //! \a history must be open and outlive the hub; it is the single source of seq and de-dup.
    //! \a accounts (open, outliving the hub) serves the accounts' events.
    //! \a fanOut (outliving the hub) reaches the other nodes of a cluster; null: a single server
    //! (LocalFanOut).
    ChatHub(const ServerSettings &settings, HistoryStore *history, AccountStore *accounts,
            FanOut *fanOut = nullptr);
    ~ChatHub();

    ChatHub(const ChatHub &) = delete;
    ChatHub &operator=(const ChatHub &) = delete;

    //! \a session completed the Socket.IO connect ("40"): it now hears plain-string broadcasts.
    void attach(ServerSession *session);
    //! \a session left (disconnect or closed socket): it leaves every room, the rooms are told.
    void detach(ServerSession *session);

    //! Handles one event. When \a ackId is set the answer goes back as "43<ackId>[{…}]".
    //! \a attachments: the binary frames of a binary event (only "file.chunk" takes one).
    void handleEvent(ServerSession *from, const QString &event, const QJsonArray &args,
                     std::optional<qint64> ackId, const QList<QByteArray> &attachments = {});
    //! Whether this server takes files (settings.filesDirectory given and usable): the connect
    //! answer's "features" then lists "files".
    bool takesFiles() const { return m_files.isEnabled(); }
    //! The fan-out missed events (its Redis subscription was down): each room with members here
    //! gets its newest row (message or change) again, from the database. A client that has it
    //! drops it as a duplicate; one that missed rows sees the gap in seq and catches up by
    //! "history" (docs/protocol.md), so nothing stays unseen until the room's next message.
    void catchUpAfterRelayGap();
    //! Drops uploads abandoned for longer than uploadLifetime (FileEvents::pruneAbandoned).
    void pruneUploads();

    //! Answer for events the server cannot handle at all (binary attachments, unknown names).
    static QJsonObject errorReply(const QString &error);
    //! Answer when the history database failed: "retry" tells the client that the message (or
    //! request) was fine and should be sent again later, unlike the other refusals.
    static QJsonObject storageFailureReply();
    //! The answer to a request refused with \a error: storageFailureReply() for "storage
    //! failure", errorReply() otherwise.
    static QJsonObject failureReply(const QString &error);
    //! Sends \a answer as the ack \a ackId to \a to (nothing when no ack was asked for).
    static void reply(ServerSession *to, std::optional<qint64> ackId, const QJsonObject &answer);
    //! Refuses the request with \a verdict's error and retryAfterMs ("rate limited", "quota
    //! exceeded", "too many rooms created"); a debug line, since a flood would flood the log.
    static void refuse(ServerSession *from, std::optional<qint64> ackId,
                       const ClientLimits::Verdict &verdict);
    //! Sends one already encoded frame (encoded once, whatever the audience) to each of \a targets.
    static void sendToAll(const QList<ServerSession *> &targets, const QString &frame);
    //! The room name in args[0].room, trimmed, or an error text in \a error ("malformed
    //! arguments", "invalid room name", "room name too long" over \a maxLength).
    static QString roomArgument(const QJsonArray &args, qsizetype maxLength, QString *error);
    //! Reads the optional non-negative integer \a key of \a request into \a out (left alone
    //! when the key is absent or null). False when it is there but not such a number (2.5, -1,
    //! "7", 1e300).
    static bool optionalCount(const QJsonObject &request, QLatin1String key,
                              std::optional<qint64> *out);
    //! Nothing when \a text (from \a from) is acceptable, otherwise the refusal to answer with:
    //! "empty text", or "text too long" with the limit \a maxTextLength ("maxTextLength") so
    //! that a client can say why and how much fits.
    static std::optional<QJsonObject> refuseText(const ServerSession *from, const QString &text,
                                                 qsizetype maxTextLength);
    //! Who \a session is for the rate limits and quotas.
    static ClientLimits::Who whoIs(const ServerSession &session);
    //! Who \a session is, as HistoryStore keeps the sender of a message.
    static HistoryStore::Sender senderOf(const ServerSession &session);

    //! Sessions currently attached, in the order they connected.
    const QList<ServerSession *> &sessions() const { return m_sessions; }
    const RoomRegistry &rooms() const { return m_rooms; }
    //! Every session's queued outgoing bytes against ServerSettings::maxOutgoingTotal; the
    //! sessions report to it (ServerSession::sendFrame()).
    OutgoingBudget &outgoing() { return m_outgoing; }
    const OutgoingBudget &outgoing() const { return m_outgoing; }
    //! What the hub counted (AdminEndpoint's /metrics).
    const ServerMetrics &metrics() const { return m_metrics; }
    const RoomAdmission &admission() const { return m_admission; }

private:
    void handleJoin(ServerSession *from, const QJsonArray &args, std::optional<qint64> ackId);
    void handleLeave(ServerSession *from, const QJsonArray &args, std::optional<qint64> ackId);
    //! "typing": relayed to the room's other members as {room, name, senderId}; nothing is stored.
    void handleTyping(ServerSession *from, const QJsonArray &args, std::optional<qint64> ackId);
    void handleChatMessage(ServerSession *from, const QJsonArray &args, std::optional<qint64> ackId);
    void handleRoomMessage(ServerSession *from, const QJsonObject &message,
                           std::optional<qint64> ackId);
    void handlePlainMessage(ServerSession *from, const QString &text, std::optional<qint64> ackId);
    void handleHistory(ServerSession *from, const QJsonArray &args, std::optional<qint64> ackId);

    //! roomArgument() with this hub's limit.
    QString roomArgument(const QJsonArray &args, QString *error) const
    {
        return roomArgument(args, m_settings.maxRoomNameLength, error);
    }
    //! \a from joined \a room: its slot is counted and the room's members are told (coalesced).
    void joinedRoom(ServerSession *from, const Room &room);
    //! \a from left \a room: its slot is given back, the members told, an empty room dropped
    //! (\a room is dangling afterwards then).
    void leftRoom(ServerSession *from, Room *room);

    ServerSettings m_settings;
    HistoryStore *m_history;
    RoomRegistry m_rooms;
    AccountEvents m_accountEvents;
    PresenceEvents m_presence;  //!< after m_rooms, which it reads
    std::unique_ptr<LocalFanOut> m_localFanOut; //!< when no fan-out was given
    RoomRelay m_relay;          //!< after m_rooms and m_presence, which it reads
    DirectRooms m_directs;      //!< after m_presence, which it reads
    MemberAnnouncer m_members;  //!< after m_rooms and m_presence, which it reads
    ClientLimits m_limits;
    std::unique_ptr<FileStore> m_fileStore; //!< null: files are off
    ChangeEvents m_changes;  //!< after m_rooms, m_limits and m_fileStore, which it uses
    ReadEvents m_reads;      //!< after m_rooms, m_limits and m_members, which it uses
    SearchEvents m_search;   //!< after m_rooms and m_limits, which it uses
    FileEvents m_files;      //!< after m_rooms, m_limits and m_fileStore, which it uses
    RoomAdmission m_admission;
    OutgoingBudget m_outgoing;
    ServerMetrics m_metrics;
    QList<ServerSession *> m_sessions;
};
