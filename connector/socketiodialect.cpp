#include "socketiodialect.h"

#include "logging.h"

#include <QUrlQuery>

SocketIoDialect::SocketIoDialect(IMConnector *connector, QObject *parent)
    : QObject(parent)
    , m_connector(connector)
{
    m_keepalive.setSingleShot(true);
    connect(&m_keepalive, &QTimer::timeout, this, [this] {
        m_connector->fail(IMConnector::Error::Timeout,
                          tr("The server's keepalive stopped (no ping for %1 ms).")
                              .arg(m_open.pingIntervalMs + m_open.pingTimeoutMs));
    });
    connect(connector, &IMConnector::opened, this, &SocketIoDialect::onOpened);
    connect(connector, &IMConnector::textReceived, this, &SocketIoDialect::onText);
    connect(connector, &IMConnector::stateChanged, this, [this](IMConnector::State s) {
        if (s != IMConnector::State::Connected)
            onLinkDown();
    });
    connect(connector, &IMConnector::binaryReceived, this, [this](const QByteArray &data) {
        // Binary attachments (451-[…]) are not supported yet: say so, keep the link.
        qCWarning(lcDialect) << "ignoring a binary frame of" << data.size() << "bytes";
        Q_EMIT protocolError(tr("Ignored a binary attachment of %n byte(s).", nullptr, int(data.size())));
    });
}

QUrl SocketIoDialect::endpointUrl(const QUrl &serverUrl)
{
    QUrl u = serverUrl;
    if (u.path().isEmpty() || u.path() == QLatin1String("/"))
        u.setPath(QStringLiteral("/socket.io/"));
    else if (!u.path().endsWith(QLatin1Char('/')))
        u.setPath(u.path() + QLatin1Char('/'));
    QUrlQuery q(u);
    q.removeAllQueryItems(QStringLiteral("EIO"));
    q.removeAllQueryItems(QStringLiteral("transport"));
    q.addQueryItem(QStringLiteral("EIO"), QStringLiteral("4"));
    q.addQueryItem(QStringLiteral("transport"), QStringLiteral("websocket"));
    u.setQuery(q);
    return u;
}

void SocketIoDialect::setNamespace(const QString &nsp)
{
    m_nsp = nsp.startsWith(QLatin1Char('/')) ? nsp : QLatin1Char('/') + nsp;
}

void SocketIoDialect::setAuth(const QJsonObject &auth)
{
    m_auth = auth;
}

bool SocketIoDialect::emitEvent(const QString &event, const QJsonArray &args, AckCallback onAck)
{
    if (!isReady())
        return false;
    std::optional<qint64> id;
    if (onAck) {
        id = m_nextAckId++;
        m_pendingAcks.insert(*id, std::move(onAck));
    }
    if (!m_connector->sendText(SocketIoCodec::eventFrame(event, args, id, m_nsp))) {
        if (id)
            m_pendingAcks.remove(*id);
        return false;
    }
    return true;
}

void SocketIoDialect::sendAck(qint64 ackId, const QJsonArray &args)
{
    if (isReady())
        m_connector->sendText(SocketIoCodec::ackFrame(ackId, args, m_nsp));
}

void SocketIoDialect::onOpened()
{
    m_phase = Phase::AwaitingOpen;
    m_pendingAcks.clear();
    m_nextAckId = 0;
}

void SocketIoDialect::onLinkDown()
{
    m_keepalive.stop();
    m_pendingAcks.clear();
    const bool wasReady = isReady();
    m_phase = Phase::Down;
    if (wasReady)
        Q_EMIT notReady();
}

void SocketIoDialect::armKeepalive()
{
    m_keepalive.start(m_open.pingIntervalMs + m_open.pingTimeoutMs);
}

void SocketIoDialect::onText(const QString &frame)
{
    if (m_phase == Phase::Down)
        return;
    EngineIoPacket packet;
    QString error;
    if (!SocketIoCodec::decodeEngine(frame, &packet, &error)) {
        qCWarning(lcDialect).noquote() << error << "in frame" << frame.left(80);
        Q_EMIT protocolError(error);
        return;
    }
    if (m_phase != Phase::AwaitingOpen)
        armKeepalive(); // any frame is a sign of life

    switch (packet.type) {
    case EngineIoType::Open: {
        if (m_phase != Phase::AwaitingOpen) {
            qCWarning(lcDialect) << "unexpected second open packet ignored";
            return;
        }
        if (!SocketIoCodec::decodeOpen(packet.data, &m_open, &error)) {
            m_connector->fail(IMConnector::Error::Protocol, tr("Not a Socket.IO server: %1").arg(error));
            return;
        }
        qCDebug(lcDialect) << "engine.io open, sid" << m_open.sid << "ping" << m_open.pingIntervalMs
                           << "/" << m_open.pingTimeoutMs;
        m_phase = Phase::AwaitingConnect;
        armKeepalive();
        m_connector->sendText(SocketIoCodec::connectFrame(m_nsp, m_auth));
        return;
    }
    case EngineIoType::Ping:
        m_connector->sendText(SocketIoCodec::encodeEngine(EngineIoType::Pong, packet.data));
        return;
    case EngineIoType::Pong:
    case EngineIoType::Noop:
    case EngineIoType::Upgrade:
        return;
    case EngineIoType::Close:
        m_connector->fail(IMConnector::Error::ServerError, tr("The server closed the session."));
        return;
    case EngineIoType::Message:
        onSocketPacket(packet.data);
        return;
    }
}

void SocketIoDialect::onSocketPacket(const QString &payload)
{
    SocketIoPacket p;
    QString error;
    if (!SocketIoCodec::decodeSocket(payload, &p, &error)) {
        qCWarning(lcDialect).noquote() << error << "in packet" << payload.left(80);
        Q_EMIT protocolError(error);
        return;
    }
    if (p.nsp != m_nsp) {
        qCDebug(lcDialect) << "packet for another namespace ignored:" << p.nsp;
        return;
    }
    switch (p.type) {
    case SocketIoType::Connect:
        m_sid = p.data.toObject().value(QLatin1String("sid")).toString();
        if (m_phase == Phase::Ready)
            return;
        m_phase = Phase::Ready;
        qCInfo(lcDialect) << "socket.io namespace" << m_nsp << "connected, sid" << m_sid;
        Q_EMIT ready(m_sid);
        return;
    case SocketIoType::ConnectError: {
        const QString message = p.data.isString()
            ? p.data.toString()
            : p.data.toObject().value(QLatin1String("message")).toString();
        const QString text = tr("The server refused the connection: %1").arg(message);
        qCWarning(lcDialect).noquote() << text;
        m_connector->fail(IMConnector::Error::Refused, text);
        Q_EMIT connectRefused(message);
        return;
    }
    case SocketIoType::Disconnect:
        m_connector->fail(IMConnector::Error::ServerError, tr("The server ended the session."));
        return;
    case SocketIoType::Event:
        if (m_phase != Phase::Ready)
            qCDebug(lcDialect) << "event before connect accepted";
        Q_EMIT eventReceived(p.eventName(), p.arguments(), p.id.value_or(-1));
        return;
    case SocketIoType::Ack: {
        const AckCallback cb = m_pendingAcks.take(p.id.value_or(-1));
        if (cb)
            cb(p.arguments());
        else
            qCDebug(lcDialect) << "ack for unknown id" << p.id.value_or(-1);
        return;
    }
    case SocketIoType::BinaryEvent:
    case SocketIoType::BinaryAck:
        qCWarning(lcDialect) << "binary Socket.IO packets are not supported yet; ignored";
        Q_EMIT protocolError(tr("Ignored a message with binary attachments."));
        return;
    }
}
