#include "serversession.h"

#include "chathub.h"
#include "logging.h"
#include "socketiocodec.h"

#include <QRandomGenerator>
#include <QWebSocket>

#include <algorithm>
#include <array>

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

QString guestName()
{
    const quint32 n = QRandomGenerator::global()->bounded(0x10000u);
    return QStringLiteral("guest-%1").arg(n, 4, 16, QLatin1Char('0'));
}

bool hasControlCharacters(const QString &text)
{
    return std::any_of(text.cbegin(), text.cend(),
                       [](QChar c) { return c.category() == QChar::Other_Control; });
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
                             QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_settings(settings)
    , m_hub(hub)
    , m_engineSid(randomId())
    , m_socketSid(randomId())
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
    connect(m_socket, &QWebSocket::textMessageReceived, this, &ServerSession::onTextMessage);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &ServerSession::onBinaryMessage);
    connect(m_socket, &QWebSocket::disconnected, this, &ServerSession::onSocketDisconnected);
}

ServerSession::~ServerSession()
{
    m_socket->disconnect(this);
    m_hub->detach(this);  // no-op unless destroyed while still attached (server teardown)
}

QString ServerSession::logId() const
{
    return QLatin1Char('[') + m_engineSid + QLatin1Char(']');
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
    if (m_state == State::Closing || m_state == State::Closed)
        return;
    if (m_socket->bytesToWrite() > m_settings.maxOutgoingBuffer) {
        if (!m_abortQueued) {
            m_abortQueued = true;
            qCWarning(lcServer).noquote() << logId() << "peer stopped reading,"
                                          << m_socket->bytesToWrite() << "bytes unsent: aborting";
            // Queued: this may run inside a broadcast loop that must not see sessions vanish.
            QMetaObject::invokeMethod(m_socket, &QWebSocket::abort, Qt::QueuedConnection);
        }
        return;
    }
    m_socket->sendTextMessage(frame);
}

void ServerSession::sendAck(qint64 ackId, const QJsonObject &answer)
{
    sendFrame(SocketIoCodec::ackFrame(ackId, QJsonArray{answer}));
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
    qCWarning(lcServer).noquote() << logId() << "ignored binary frame of" << data.size()
                                  << "bytes (binary attachments are not supported)";
}

void ServerSession::onSocketIoPayload(const QString &payload)
{
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
        if (packet.type == SocketIoType::Connect)
            refuseConnect(packet.nsp, QStringLiteral("Invalid namespace"));
        return;
    }

    switch (packet.type) {
    case SocketIoType::Connect:
        onConnectPacket(packet.data);
        break;
    case SocketIoType::Disconnect:
        if (m_state == State::Connected)
            close(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("client disconnected"));
        break;
    case SocketIoType::Event:
        if (m_state != State::Connected) {
            qCWarning(lcServer).noquote() << logId() << "ignored event before connect";
            break;
        }
        m_hub->handleEvent(this, packet.eventName(), packet.arguments(), packet.id);
        break;
    case SocketIoType::BinaryEvent:
        qCWarning(lcServer).noquote() << logId() << "ignored event with binary attachments";
        if (m_state == State::Connected && packet.id) {
            sendAck(*packet.id,
                    ChatHub::errorReply(QStringLiteral("binary attachments are not supported")));
        }
        break;
    case SocketIoType::Ack:
    case SocketIoType::BinaryAck:
    case SocketIoType::ConnectError:
        qCWarning(lcServer).noquote() << logId() << "ignored unexpected Socket.IO packet type"
                                      << static_cast<int>(packet.type);
        break;
    }
}

void ServerSession::onConnectPacket(const QJsonValue &auth)
{
    if (m_state == State::Connected) {
        qCDebug(lcServer).noquote() << logId() << "repeated connect: answered again";
    } else {
        const QJsonValue nameValue = auth.toObject().value(QLatin1String("name"));
        if (!nameValue.isString() && !nameValue.isUndefined() && !nameValue.isNull())
            return refuseConnect(kDefaultNamespace, QStringLiteral("invalid name"));
        QString name = nameValue.toString().trimmed();
        if (name.size() > m_settings.maxNameLength)
            return refuseConnect(kDefaultNamespace, QStringLiteral("name too long"));
        if (hasControlCharacters(name))
            return refuseConnect(kDefaultNamespace, QStringLiteral("invalid name"));
        if (name.isEmpty())
            name = guestName();
        m_name = name;
        m_connectTimer.stop();
        setState(State::Connected);
        m_hub->attach(this);
        qCInfo(lcServer).noquote() << logId() << "connected as" << m_name;
    }
    sendFrame(socketIoFrame(SocketIoType::Connect, kDefaultNamespace,
                            QJsonObject{{QLatin1String("sid"), m_socketSid}}));
}

void ServerSession::refuseConnect(const QString &nsp, const QString &message)
{
    qCInfo(lcServer).noquote() << logId() << "connect refused:" << message;
    sendFrame(socketIoFrame(SocketIoType::ConnectError, nsp,
                            QJsonObject{{QLatin1String("message"), message}}));
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
