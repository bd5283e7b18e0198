#pragma once
// One connected websocket speaking Engine.IO 4 / Socket.IO 5: handshake, keepalive, packet
// decoding, acks. Chat semantics live in ChatHub.

#include "attachmentassembler.h"
#include "accountstore.h"
#include "authenticator.h"
#include "serversettings.h"
#include "socketiocodec.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QWebSocketProtocol>

class Authenticator;
class ChatHub;
class QWebSocket;

//! The server side of one client link.
//!
//! Lifecycle: ParleyServer accepts a websocket, builds a session and calls start(), which sends the
//! Engine.IO open packet and starts the keepalive. The client's "40" (within connectTimeout) hands
//! its auth object to the Authenticator (SigningIn); once that names an account, the session is
//! Connected (attached to the ChatHub) and answers "40{sid, user, token}"; a refusal answers
//! "44{message, reason}" and the client may try again on the same link. "41", "1", a missed pong or
//! a dropped socket end it. When the socket is gone the session detaches from the hub, emits
//! finished() and deletes itself later. A closing handshake the peer never completes is cut after
//! pingTimeout.
//!
//! Who the session is (account()) comes only from the Authenticator, never from a payload. Events
//! that arrive while the sign-in is checked wait (at most maxPacketsBeforeSignIn of them; more are
//! refused "not signed in") and are handled once it succeeded.
//!
//! Keepalive, as engine.io does it: pingInterval after the open packet (and after each pong) the
//! server sends "2"; a pong "3" must arrive within pingTimeout or the socket is closed. Only one
//! ping is ever outstanding.
//!
//! Nothing a peer sends can crash it: malformed frames, unknown packet types and binary frames no
//! packet announced are logged (qCWarning(lcServer)) and ignored; a bad event with an ack id is
//! answered ok:false. A binary event (a file chunk) is held for its one frame of at most
//! FileStore::kMaxChunk bytes, for at most attachmentTimeout (AttachmentAssembler).
class ServerSession : public QObject
{
    Q_OBJECT

public:
    enum class State {
        AwaitingConnect,  //!< Engine.IO open sent, waiting for the Socket.IO "40" (or refused)
        SigningIn,        //!< "40" received, the Authenticator is checking its credentials
        Connected,        //!< signed in and Socket.IO connected on "/": attached to the hub
        Closing,          //!< we asked the socket to close
        Closed,           //!< the socket is gone; finished() was emitted
    };
    Q_ENUM(State)

    //! Takes ownership of \a socket (an accepted, open websocket). \a hub and \a authenticator
    //! must outlive the session.
    ServerSession(QWebSocket *socket, const ServerSettings &settings, ChatHub *hub,
                  Authenticator *authenticator, QObject *parent = nullptr);
    ~ServerSession() override;

    //! Sends the Engine.IO open packet and starts the keepalive. Call once.
    void start();

    State state() const { return m_state; }
    //! Engine.IO session id (the "sid" of the open packet).
    QString engineSid() const { return m_engineSid; }
    //! Socket.IO session id (the "sid" of the "40" reply).
    QString socketSid() const { return m_socketSid; }
    //! The signed-in account (id 0 before the sign-in succeeded).
    const AccountStore::Account &account() const { return m_account; }
    //! The id (IssuedToken::idOf) of the token this session signed in with or was given.
    QString tokenId() const { return m_tokenId; }
    //! The account's display name: what others see as the sender.
    QString name() const { return m_account.displayName; }
    //! The account changed its "privacy" (kept by AccountStore): later "40" answers and the
    //! read receipts this session hears follow it.
    void setReadReceipts(bool on) { m_account.readReceipts = on; }
    //! The connect reply's "user" object: {id, username, displayName, guest, admin, readReceipts}.
    QJsonObject userObject() const;
    //! A short prefix for log lines: the Engine.IO sid.
    QString logId() const;
    //! The peer's address as the per-address limits count it (Authenticator::addressKey()).
    QString addressKey() const { return m_addressKey; }

    //! Sends one complete Engine.IO frame. Dropped once the socket is closing; aborts the socket
    //! (later, never from inside a broadcast) when the peer stopped reading, or when the server's
    //! outgoing bytes are over maxOutgoingTotal and this peer holds the largest backlog.
    void sendFrame(const QString &frame);
    //! Writes what the socket can take now and reports the rest to the hub's OutgoingBudget.
    void flushOutgoing();
    //! Answers the client's "42<id>[…]" with "43<id>[answer]".
    void sendAck(qint64 ackId, const QJsonObject &answer);
    //! Answers with "46<n>-<id>[answer]" and the n binary frames of \a attachments (\a answer
    //! holds their placeholders, SocketIoCodec::placeholder()).
    void sendBinaryAck(qint64 ackId, const QJsonObject &answer, const QList<QByteArray> &attachments);
    //! Closes the websocket with \a code and \a reason; the session ends when the socket is gone.
    void close(QWebSocketProtocol::CloseCode code, const QString &reason);
    //! The session's sign-in ended (its token revoked, signed out): tells the client with an
    //! "auth" event {"reason": \a reason}, then closes.
    void endSignIn(const QString &reason);

Q_SIGNALS:
    void stateChanged(ServerSession::State state);
    //! The socket is gone and the hub forgotten; the session deletes itself right after.
    void finished();

private:
    void setState(State state);
    void onTextMessage(const QString &frame);
    void onBinaryMessage(const QByteArray &data);
    void onSocketIoPayload(const QString &payload);
    void onConnectPacket(const QJsonValue &auth);
    void onSignedIn(const Authenticator::Outcome &outcome);
    void onEventPacket(const SocketIoPacket &packet);
    //! The connect answer's "features": "search", and "files" where the hub takes them.
    QJsonArray features() const;
    //! Sends "40" with the sid, the user and, when one was issued now, \a newToken.
    void sendConnectReply(const QString &newToken);
    void onPingDue();
    void onPong();
    void onPongTimeout();
    void onConnectTimeout();
    void onSocketDisconnected();
    //! Sends a Socket.IO connect_error ("44") on \a nsp with \a data ({message, …}).
    void refuseConnect(const QString &nsp, const QJsonObject &data);
    //! Reports the socket's unsent bytes to the hub's OutgoingBudget; over the cap, the slowest
    //! sessions are flushed, and dropped if that did not help.
    void reportQueued();
    //! Aborts the socket later (never from inside a broadcast loop), once.
    void abortStalled(const char *why);

    QWebSocket *m_socket;
    ServerSettings m_settings;
    ChatHub *m_hub;
    Authenticator *m_authenticator;
    State m_state = State::AwaitingConnect;
    QString m_engineSid;
    QString m_socketSid;
    AccountStore::Account m_account;
    QString m_tokenId;
    QString m_addressKey;
    QList<SocketIoPacket> m_early; //!< events received while SigningIn, bounded
    //! A binary event and its frames (file chunks): one attachment of at most FileStore::kMaxChunk.
    AttachmentAssembler m_attachments;
    QTimer m_attachmentTimer;   //!< single shot: attachmentTimeout for the frames of a held packet
    QTimer m_pingTimer;         //!< single shot: pingInterval until the next ping
    QTimer m_pongTimer;         //!< single shot: pingTimeout for the pong (or for a closing handshake)
    QTimer m_connectTimer;      //!< single shot: connectTimeout for the Socket.IO "40"
    bool m_abortQueued = false; //!< an abort for a stalled peer is already on its way
};
