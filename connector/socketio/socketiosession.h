#pragma once
// Socket.IO 5 over Engine.IO 4, websocket transport only, on top of an IMConnector.
//
// Per link: waits for the Engine.IO open packet, connects the namespace (with an auth object),
// answers every server ping "2" with "3", and declares the link dead (IMConnector::fail(Timeout))
// after pingInterval + pingTimeout of silence. A connect_error (44) is a permanent refusal: the
// connector is stopped rather than hammering the server. Events and acks go both ways, with binary
// attachments too (45/46 packets followed by their binary frames).
//
// A server drives what is held here, so it is bounded (ConnectorSettings, docs/security.md): the
// open packet's pingInterval and pingTimeout must lie in [minServerPing, maxServerPing] or the
// handshake is refused; a dialect that never uses binary (setBinaryAccepted(false)) drops binary
// packets and their frames at once; otherwise a packet's attachments are bounded in count
// (maxAttachments), bytes (maxAttachmentBytes) and time (attachmentTimeout). Each drop is logged.
//
// Connection state recovery (stock socket.io >= 4.6 with `connectionStateRecovery`): when the
// connect reply carries a "pid", the dialect remembers it and the offset the server appends to each
// stored event, and sends both back in the auth of the next connect after a lost link, so the
// server replays what was broadcast meanwhile. parley-server has its own resync (history) instead.
#include "imconnector.h"
#include "attachmentassembler.h"
#include "socketiocodec.h"

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QTimer>
#include <functional>
#include <optional>

class SocketIoSession : public QObject
{
    Q_OBJECT
public:
    using AckCallback = std::function<void(const QJsonArray &args)>;
    //! An ack that may carry binary attachments: \a args keep their placeholders
    //! (SocketIoCodec::placeholderIndex()) and \a attachments hold the bytes they stand for.
    using BinaryAckCallback = std::function<void(const QJsonArray &args, const QList<QByteArray> &attachments)>;

    explicit SocketIoSession(IMConnector *connector, QObject *parent = nullptr);

    //! ws://host:port[/path] → ws://host:port/socket.io/?EIO=4&transport=websocket. A path other
    //! than "/" is kept as the Engine.IO path (servers mounted elsewhere).
    static QUrl endpointUrl(const QUrl &serverUrl);

    //! The namespace to connect ("/admin"); a leading '/' is added when missing. Forgets any
    //! recovery session (it belongs to the old namespace).
    void setNamespace(const QString &nsp);
    QString nameSpace() const { return m_nsp; }
    //! The auth object sent with each namespace connect (e.g. {"name":"alice"}).
    void setAuth(const QJsonObject &auth);
    QJsonObject auth() const { return m_auth; }

    //! Where the current link is in the Socket.IO handshake.
    enum class Phase { Down, AwaitingOpen, AwaitingConnect, Ready };
    Q_ENUM(Phase)
    Phase phase() const { return m_phase; }
    //! True between the namespace connect reply (40) and the loss of the link.
    bool isReady() const { return m_phase == Phase::Ready; }
    QString sid() const { return m_sid; }
    //! The server's namespace connect reply (40's data: "sid" and whatever else it sends, e.g.
    //! parley-server's "user"), from the current link.
    QJsonObject connectReply() const { return m_connectReply; }
    const EngineIoOpen &handshake() const { return m_open; }

    //! The server offers connection state recovery (its connect reply carried a "pid").
    bool recoveryOffered() const { return !m_pid.isEmpty(); }
    //! The recovery session id and the offset of the last stored event received (empty if none).
    QString recoveryPid() const { return m_pid; }
    QString recoveryOffset() const { return m_offset; }
    //! The last connect resumed the previous session: the server replays what was missed.
    bool wasRecovered() const { return m_recovered; }
    //! Forgets the recovery session: the next connect starts a fresh one.
    void resetRecovery();
    //! Called from a connectRefused() handler that changed what the next connect sends (e.g. a
    //! new guest instead of a forgotten token): the refusal then counts as transient and the link
    //! reconnects by itself instead of stopping.
    void retryAfterRefusal() { m_retryRefusal = true; }
    //! Whether binary packets are taken (default true). A dialect that never uses binary says
    //! false: then binary packets and their attachments are dropped as they come, nothing held.
    void setBinaryAccepted(bool accepted) { m_binaryAccepted = accepted; }
    //! Binary attachments dropped so far (refused, over a bound, or too late; for tests and logs).
    int droppedAttachments() const { return m_attachments.dropped(); }
    //! Bytes of attachments held now for an incomplete packet.
    qint64 heldAttachmentBytes() const { return m_attachments.heldBytes(); }

    //! Emits \a event with \a args. With \a onAck, asks for an acknowledgement; the callback runs
    //! once when it arrives and is dropped if the link is lost first. False if not ready.
    bool emitEvent(const QString &event, const QJsonArray &args, AckCallback onAck = {});
    //! Emits \a event whose \a args hold SocketIoCodec::placeholder(n) for each of
    //! \a attachments (a "45" packet, then one binary frame per attachment). With no attachments
    //! it is a plain event ("42"), whose ack may still be a binary one (\a onAck gets its
    //! attachments). False if not ready or the placeholders do not match the attachments.
    bool emitEventWithAttachments(const QString &event, const QJsonArray &args,
                                  const QList<QByteArray> &attachments, BinaryAckCallback onAck = {});
    //! Answers an ack request received with eventReceived() or binaryEventReceived(); with
    //! \a attachments it is a binary ack ("46") whose \a args hold their placeholders.
    void sendAck(qint64 ackId, const QJsonArray &args, const QList<QByteArray> &attachments = {});

Q_SIGNALS:
    //! The Engine.IO open packet arrived (the server speaks Engine.IO); the namespace connect
    //! has been sent.
    void handshakeReceived();
    void ready(const QString &sid);
    //! The link this dialect was ready on is gone.
    void notReady();
    //! \a ackId is -1 when the sender wants no acknowledgement.
    void eventReceived(const QString &event, const QJsonArray &args, qint64 ackId);
    //! An event with binary attachments, complete: \a args keep their placeholders, \a attachments
    //! hold the bytes in placeholder order (num 0 first). \a ackId as in eventReceived().
    void binaryEventReceived(const QString &event, const QJsonArray &args,
                             const QList<QByteArray> &attachments, qint64 ackId);
    //! The server refused the namespace connect (connect_error); the connector has stopped.
    //! \a data is the connect_error's data as sent (an object with "message", or a string).
    void connectRefused(const QString &message, const QJsonValue &data);
    //! A frame we could not understand (logged; the link stays up).
    void protocolError(const QString &text);

private:
    bool emitPlainEvent(const QString &event, const QJsonArray &args, BinaryAckCallback onAck);
    void onOpened();
    void onLinkDown();
    void onText(const QString &frame);
    void onBinary(const QByteArray &data);
    void onSocketPacket(const QString &payload);
    void deliver(const SocketIoPacket &packet, const QList<QByteArray> &attachments);
    void armKeepalive();
    //! False (and the link failed) if the open packet's keepalive is out of the sane range.
    bool keepaliveSane();
    //! Drops the incomplete binary packet (\a why for the log); its frames still due are skipped.
    void dropPartial(const char *why);

    IMConnector *m_connector;
    QString m_nsp = QStringLiteral("/");
    QJsonObject m_auth;
    EngineIoOpen m_open;
    QString m_sid;
    QJsonObject m_connectReply;
    Phase m_phase = Phase::Down;
    qint64 m_nextAckId = 0;
    QHash<qint64, BinaryAckCallback> m_pendingAcks;
    QTimer m_keepalive;
    //! A binary packet waiting for its attachments, and those received so far.
    AttachmentAssembler m_attachments;
    //! From the packet's announcement: its attachments must all arrive before this fires.
    QTimer m_partialTimer;
    bool m_binaryAccepted = true;
    QString m_pid;      //!< recovery session id from the connect reply
    QString m_offset;   //!< offset of the last stored event received in that session
    QUrl m_sessionUrl;  //!< the endpoint the recovery session belongs to
    bool m_recovered = false;
    bool m_retryRefusal = false; //!< set by a connectRefused() handler, for that refusal only
};
