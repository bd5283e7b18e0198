#include "serversession.h"

#include "authenticator.h"
#include "chathub.h"
#include "filestore.h"
#include "logging.h"
#include "socketiocodec.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QWebSocket>

#include <array>
#include <utility>

namespace {

const QString kDefaultNamespace = QStringLiteral("/");

//! 120 random bits, base64url: unguessable and safe in URLs, like engine.io's ids.
QString randomId()
{
    std::array<quint32, 4> words{};
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray bytes(reinterpret_cast<const char *>(words.data()), 15);
    return QString::fromLatin1(
            bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString socketIoFrame(SocketIoType type, const QString &nsp, const QJsonValue &data)
{
    SocketIoPacket packet;
    packet.type = type;
    packet.nsp = nsp;
    packet.data = data;
    return SocketIoCodec::encodeEngine(EngineIoType::Message, SocketIoCodec::encodeSocket(packet));
}

} // namespace

ServerSession::ServerSession(QWebSocket *socket, const ServerSettings &settings, ChatHub *hub,
                             Authenticator *authenticator, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_settings(settings)
    , m_hub(hub)
    , m_authenticator(authenticator)
    , m_engineSid(randomId())
    , m_socketSid(randomId())
    , m_addressKey(Authenticator::addressKey(socket->peerAddress()))
{
    m_socket->setParent(this);
    m_socket->setOutgoingFrameSize(
            qMin(m_settings.outgoingFrameSize, QWebSocket::maxOutgoingFrameSize()));
    m_socket->setMaxAllowedIncomingMessageSize(static_cast<quint64>(m_settings.maxPayload));
    m_socket->setMaxAllowedIncomingFrameSize(static_cast<quint64>(m_settings.maxPayload));

    m_pingTimer.setSingleShot(true);
    m_pingTimer.setInterval(m_settings.pingInterval);
    m_pongTimer.setSingleShot(true);
    m_pongTimer.setInterval(m_settings.pingTimeout);
    m_connectTimer.setSingleShot(true);
    m_connectTimer.setInterval(m_settings.connectTimeout);

    connect(&m_pingTimer, &QTimer::timeout, this, &ServerSession::onPingDue);
    connect(&m_pongTimer, &QTimer::timeout, this, &ServerSession::onPongTimeout);
    connect(&m_connectTimer, &QTimer::timeout, this, &ServerSession::onConnectTimeout);
    m_attachments.setLimits({1, FileStore::kMaxChunk});
    m_attachmentTimer.setSingleShot(true);
    connect(&m_attachmentTimer, &QTimer::timeout, this, [this] {
        qCWarning(lcServer).noquote() << logId() << "binary packet dropped: its frames did not come within"
                                      << m_settings.attachmentTimeout.count() << "ms";
        // Every request is answered once: a client waiting for this one (a chunk's answer) is
        // told, not left waiting.
        const std::optional<qint64> ackId = m_attachments.held() ? m_attachments.held()->id : std::nullopt;
        m_attachments.drop();
        if (ackId)
            sendAck(*ackId, ChatHub::errorReply(QStringLiteral("attachment timeout")));
    });
    connect(m_socket, &QWebSocket::textMessageReceived, this, &ServerSession::onTextMessage);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &ServerSession::onBinaryMessage);
    connect(m_socket, &QWebSocket::disconnected, this, &ServerSession::onSocketDisconnected);
    connect(m_socket, &QWebSocket::bytesWritten, this, [this] {
        if (!m_abortQueued)
            m_hub->outgoing().setQueued(this, m_socket->bytesToWrite());
    });
}

ServerSession::~ServerSession()
{
    m_socket->disconnect(this);
    m_hub->detach(this);  // no-op unless destroyed while still attached (server teardown)
    m_hub->outgoing().forget(this);
}

QString ServerSession::logId() const
{
    return QLatin1Char('[') + m_engineSid + QLatin1Char(']');
}

QJsonObject ServerSession::userObject() const
{
    return QJsonObject{{QLatin1String("id"), m_account.id},
                       {QLatin1String("username"), m_account.username},
                       {QLatin1String("displayName"), m_account.displayName},
                       {QLatin1String("guest"), m_account.isGuest},
                       {QLatin1String("admin"), m_account.isAdmin},
                       {QLatin1String("readReceipts"), m_account.readReceipts}};
}

void ServerSession::start()
{
    EngineIoOpen open;
    open.sid = m_engineSid;
    open.pingIntervalMs = static_cast<int>(m_settings.pingInterval.count());
    open.pingTimeoutMs = static_cast<int>(m_settings.pingTimeout.count());
    open.maxPayload = m_settings.maxPayload;
    sendFrame(SocketIoCodec::encodeOpen(open));
    m_pingTimer.start();
    m_connectTimer.start();
    qCInfo(lcServer).noquote() << logId() << "opened from"
                               << m_socket->peerAddress().toString() << m_socket->peerPort();
}

void ServerSession::setState(State state)
{
    if (m_state != state) {
        m_state = state;
        Q_EMIT stateChanged(state);
    }
}

void ServerSession::sendFrame(const QString &frame)
{
    if (m_state == State::Closing || m_state == State::Closed || m_abortQueued)
        return;
    if (m_socket->bytesToWrite() > m_settings.maxOutgoingBuffer) {
        qCWarning(lcServer).noquote() << logId() << "peer stopped reading,"
                                      << m_socket->bytesToWrite() << "bytes unsent: aborting";
        return abortStalled("stopped reading");
    }
    m_socket->sendTextMessage(frame);
    reportQueued();
}

void ServerSession::flushOutgoing()
{
    if (m_abortQueued)
        return;
    m_socket->flush();
    m_hub->outgoing().setQueued(this, m_socket->bytesToWrite());
}

void ServerSession::reportQueued()
{
    OutgoingBudget &budget = m_hub->outgoing();
    budget.setQueued(this, m_socket->bytesToWrite());
    if (!budget.isOver())
        return;
    // A reader that keeps up only holds what the event loop has not written yet: flushing hands
    // it to the kernel. Whoever still holds the most after that is not reading: dropped first.
    const QList<ServerSession *> slowest = budget.overflow();
    for (ServerSession *session : slowest)
        session->flushOutgoing();
    const QList<ServerSession *> dropped = budget.overflow();
    for (ServerSession *session : dropped) {
        qCWarning(lcServer).noquote() << session->logId() << "holds"
                                      << session->m_socket->bytesToWrite()
                                      << "unsent bytes while all sessions hold" << budget.total()
                                      << "(cap" << budget.cap() << "): dropped as the slowest reader";
        session->abortStalled("over the outgoing budget");
    }
}

void ServerSession::abortStalled(const char *why)
{
    if (m_abortQueued)
        return;
    m_abortQueued = true;
    m_hub->outgoing().forget(this);
    qCDebug(lcServer).noquote() << logId() << "aborting:" << why;
    // Queued: this may run inside a broadcast loop that must not see sessions vanish.
    QMetaObject::invokeMethod(m_socket, &QWebSocket::abort, Qt::QueuedConnection);
}

void ServerSession::sendAck(qint64 ackId, const QJsonObject &answer)
{
    sendFrame(SocketIoCodec::ackFrame(ackId, QJsonArray{answer}));
}

void ServerSession::sendBinaryAck(qint64 ackId, const QJsonObject &answer, const QList<QByteArray> &attachments)
{
    sendFrame(SocketIoCodec::binaryAckFrame(ackId, QJsonArray{answer}, int(attachments.size())));
    for (const QByteArray &bytes : attachments) {
        if (m_state == State::Closing || m_state == State::Closed || m_abortQueued)
            return;
        m_socket->sendBinaryMessage(bytes);
        reportQueued();
    }
}

void ServerSession::close(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    if (m_state == State::Closing || m_state == State::Closed)
        return;
    qCInfo(lcServer).noquote() << logId() << "closing:" << reason;
    m_hub->detach(this);
    setState(State::Closing);
    m_pingTimer.stop();
    m_connectTimer.stop();
    m_pongTimer.start();  // now the deadline for the closing handshake
    m_socket->close(code, reason);
}

void ServerSession::endSignIn(const QString &reason)
{
    sendFrame(SocketIoCodec::eventFrame(QStringLiteral("auth"),
                                        QJsonArray{QJsonObject{{QLatin1String("reason"), reason}}}));
    close(QWebSocketProtocol::CloseCodeNormal, reason);
}

void ServerSession::onTextMessage(const QString &frame)
{
    EngineIoPacket packet;
    QString error;
    if (!SocketIoCodec::decodeEngine(frame, &packet, &error)) {
        qCWarning(lcServer).noquote() << logId() << "ignored frame of" << frame.size()
                                      << "characters:" << error;
        return;
    }
    switch (packet.type) {
    case EngineIoType::Message:
        onSocketIoPayload(packet.data);
        break;
    case EngineIoType::Pong:
        onPong();
        break;
    case EngineIoType::Close:
        close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("client closed"));
        break;
    case EngineIoType::Ping:  // Engine.IO 4 clients never ping; the server does
    case EngineIoType::Open:
    case EngineIoType::Upgrade:
    case EngineIoType::Noop:
        qCDebug(lcServer).noquote() << logId() << "ignored Engine.IO packet type"
                                    << QChar(QLatin1Char(static_cast<char>(packet.type)));
        break;
    }
}

void ServerSession::onBinaryMessage(const QByteArray &data)
{
    const std::optional<qint64> ackId = m_attachments.held() ? m_attachments.held()->id : std::nullopt;
    switch (m_attachments.feed(data)) {
    case AttachmentAssembler::Fed::NeedMore:
    case AttachmentAssembler::Fed::Skipped:
        return;
    case AttachmentAssembler::Fed::Unannounced:
        qCWarning(lcServer).noquote() << logId() << "ignored binary frame of" << data.size()
                                      << "bytes that no packet announced";
        return;
    case AttachmentAssembler::Fed::OverBytes:
        m_attachmentTimer.stop();
        qCWarning(lcServer).noquote() << logId() << "binary packet dropped: a frame of" << data.size() << "bytes";
        if (ackId)
            sendAck(*ackId, ChatHub::errorReply(QStringLiteral("invalid chunk")));
        return;
    case AttachmentAssembler::Fed::Complete:
        break;
    }
    m_attachmentTimer.stop();
    const auto [packet, attachments] = m_attachments.take();
    if (m_state == State::Connected)
        m_hub->handleEvent(this, packet.eventName(), packet.arguments(), packet.id, attachments);
}

void ServerSession::onSocketIoPayload(const QString &payload)
{
    if (m_attachments.textArrived()) {
        m_attachmentTimer.stop();
        qCWarning(lcServer).noquote() << logId() << "binary packet dropped: a text packet came before its frames";
    }
    SocketIoPacket packet;
    QString error;
    if (!SocketIoCodec::decodeSocket(payload, &packet, &error)) {
        qCWarning(lcServer).noquote() << logId() << "ignored Socket.IO packet of"
                                      << payload.size() << "characters:" << error;
        return;
    }
    if (packet.nsp != kDefaultNamespace) {
        qCWarning(lcServer).noquote() << logId() << "packet for unknown namespace"
                                      << packet.nsp.left(64);
        if (packet.type == SocketIoType::Connect) {
            refuseConnect(packet.nsp,
                          QJsonObject{{QLatin1String("message"), QStringLiteral("Invalid namespace")}});
        }
        return;
    }

    switch (packet.type) {
    case SocketIoType::Connect:
        onConnectPacket(packet.data);
        break;
    case SocketIoType::Disconnect:
        if (m_state == State::Connected || m_state == State::SigningIn)
            close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("client disconnected"));
        break;
    case SocketIoType::Event:
    case SocketIoType::BinaryEvent:
        onEventPacket(packet);
        break;
    case SocketIoType::Ack:
    case SocketIoType::BinaryAck:
    case SocketIoType::ConnectError:
        qCWarning(lcServer).noquote() << logId() << "ignored unexpected Socket.IO packet type"
                                      << static_cast<int>(packet.type);
        break;
    }
}

void ServerSession::onEventPacket(const SocketIoPacket &packet)
{
    if (packet.type == SocketIoType::BinaryEvent && packet.attachments > 0 && m_state != State::Connected) {
        // Not held for later like other early events: its frames follow now. They are skipped.
        m_attachments.skip(packet.attachments);
        qCWarning(lcServer).noquote() << logId() << "binary event before the sign-in ended: refused";
        if (packet.id && m_state == State::SigningIn)
            sendAck(*packet.id, ChatHub::errorReply(QStringLiteral("not signed in")));
        return;
    }
    switch (m_state) {
    case State::AwaitingConnect:
        qCWarning(lcServer).noquote() << logId() << "ignored event before connect";
        return;
    case State::SigningIn:
        if (m_early.size() < m_settings.maxPacketsBeforeSignIn) {
            m_early.append(packet);
        } else {
            qCWarning(lcServer).noquote() << logId() << "refused event while signing in";
            if (packet.id)
                sendAck(*packet.id, ChatHub::errorReply(QStringLiteral("not signed in")));
        }
        return;
    case State::Closing:
    case State::Closed:
        return;
    case State::Connected:
        break;
    }
    if (packet.type == SocketIoType::BinaryEvent && packet.attachments > 0) {
        // Held until its frames come (bounded: one attachment, one chunk's bytes, a timeout).
        if (!m_attachments.start(packet)) {
            qCWarning(lcServer).noquote() << logId() << "binary event with" << packet.attachments
                                          << "attachments refused";
            if (packet.id)
                sendAck(*packet.id, ChatHub::errorReply(QStringLiteral("too many attachments")));
            return;
        }
        m_attachmentTimer.start(m_settings.attachmentTimeout);
        return;
    }
    m_hub->handleEvent(this, packet.eventName(), packet.arguments(), packet.id);
}

void ServerSession::onConnectPacket(const QJsonValue &auth)
{
    switch (m_state) {
    case State::Connected:
        qCDebug(lcServer).noquote() << logId() << "repeated connect: answered again";
        return sendConnectReply(QString());
    case State::SigningIn:
        qCDebug(lcServer).noquote() << logId() << "connect while signing in: ignored";
        return;
    case State::Closing:
    case State::Closed:
        return;
    case State::AwaitingConnect:
        break;
    }
    setState(State::SigningIn);
    m_authenticator->signIn(auth, m_socket->peerAddress(), this,
                            [this](const Authenticator::Outcome &outcome) { onSignedIn(outcome); });
}

void ServerSession::onSignedIn(const Authenticator::Outcome &outcome)
{
    if (m_state != State::SigningIn)
        return; // closed meanwhile
    const QList<SocketIoPacket> early = std::exchange(m_early, {});
    if (!outcome.ok()) {
        setState(State::AwaitingConnect);
        QJsonObject details{{QLatin1String("reason"), outcome.error}};
        if (outcome.retryAfterMs > 0)
            details.insert(QLatin1String("retryAfterMs"), outcome.retryAfterMs);
        if (outcome.error == QLatin1String("storage failure"))
            details.insert(QLatin1String("retry"), true);
        // The details at the top (Parley's clients) and under "data", where a stock
        // socket.io-client shows them (err.data), as a socket.io server's middleware error would.
        QJsonObject data = details;
        data.insert(QLatin1String("message"), Authenticator::describe(outcome.error));
        data.insert(QLatin1String("data"), details);
        refuseConnect(kDefaultNamespace, data);
        for (const SocketIoPacket &packet : early) {
            if (packet.id)
                sendAck(*packet.id, ChatHub::errorReply(QStringLiteral("not signed in")));
        }
        return;
    }
    m_account = outcome.account;
    m_tokenId = outcome.tokenId;
    m_connectTimer.stop();
    setState(State::Connected);
    m_hub->attach(this);
    qCInfo(lcServer).noquote() << logId() << "signed in as" << m_account.username << "id"
                               << m_account.id << (m_account.isGuest ? "(guest)" : "");
    sendConnectReply(outcome.newToken);
    for (const SocketIoPacket &packet : early) {
        if (m_state != State::Connected)
            break; // an early event ended the session (signOut)
        onEventPacket(packet);
    }
}

QJsonArray ServerSession::features() const
{
    QJsonArray features{QStringLiteral("search")};
    if (m_hub->takesFiles())
        features.append(QStringLiteral("files"));
    return features;
}

void ServerSession::sendConnectReply(const QString &newToken)
{
    // "features": the events of docs/protocol.md a client may use only where they are listed
    // (added after the first parley-servers, which answer them "unknown event").
    QJsonObject limits{{QLatin1String("maxTextLength"), qint64(m_settings.maxTextLength)}};
    if (m_hub->takesFiles())
        limits.insert(QLatin1String("maxFileSize"), double(m_settings.maxFileSize));
    QJsonObject reply{{QLatin1String("sid"), m_socketSid}, {QLatin1String("user"), userObject()},
                      {QLatin1String("limits"), limits},
                      {QLatin1String("features"), features()}};
    if (!newToken.isEmpty())
        reply.insert(QLatin1String("token"), newToken);
    sendFrame(socketIoFrame(SocketIoType::Connect, kDefaultNamespace, reply));
}

void ServerSession::refuseConnect(const QString &nsp, const QJsonObject &data)
{
    qCInfo(lcServer).noquote() << logId() << "connect refused:"
                               << data.value(QLatin1String("reason")).toString(
                                          data.value(QLatin1String("message")).toString());
    sendFrame(socketIoFrame(SocketIoType::ConnectError, nsp, data));
}

void ServerSession::onPingDue()
{
    sendFrame(SocketIoCodec::encodeEngine(EngineIoType::Ping));
    m_pongTimer.start();
}

void ServerSession::onPong()
{
    if (m_state == State::Closing || !m_pongTimer.isActive()) {
        qCDebug(lcServer).noquote() << logId() << "ignored unsolicited pong";
        return;
    }
    m_pongTimer.stop();
    m_pingTimer.start();
}

void ServerSession::onPongTimeout()
{
    if (m_state == State::Closing) {
        qCWarning(lcServer).noquote() << logId() << "peer did not complete the close: aborting";
    } else {
        qCInfo(lcServer).noquote() << logId() << "no pong within"
                                   << m_settings.pingTimeout.count() << "ms: closing";
        close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("ping timeout"));
    }
    // The peer is presumed dead: do not wait for it to read the close frame (already flushed).
    m_socket->abort();
}

void ServerSession::onConnectTimeout()
{
    if (m_state == State::AwaitingConnect) {
        qCInfo(lcServer).noquote() << logId() << "no Socket.IO connect within"
                                   << m_settings.connectTimeout.count() << "ms: closing";
        close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("connect timeout"));
    }
}

void ServerSession::onSocketDisconnected()
{
    m_hub->outgoing().forget(this);
    m_pingTimer.stop();
    m_pongTimer.stop();
    m_connectTimer.stop();
    m_hub->detach(this);
    qCInfo(lcServer).noquote() << logId() << "gone:" << static_cast<int>(m_socket->closeCode())
                               << m_socket->closeReason();
    setState(State::Closed);
    Q_EMIT finished();
    deleteLater();
}
