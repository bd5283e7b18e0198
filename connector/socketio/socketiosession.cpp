#include "socketiosession.h"

#include "logging.h"

#include <QUrlQuery>

SocketIoSession::SocketIoSession(IMConnector *connector, QObject *parent)
    : QObject(parent)
    , m_connector(connector)
{
    m_keepalive.setSingleShot(true);
    connect(&m_keepalive, &QTimer::timeout, this, [this] {
        m_connector->fail(IMConnector::Error::Timeout,
                          tr("The server's keepalive stopped (no ping for %1 ms).")
                              .arg(m_open.pingIntervalMs + m_open.pingTimeoutMs));
    });
    m_partialTimer.setSingleShot(true);
    connect(&m_partialTimer, &QTimer::timeout, this, [this] {
        dropPartial("its attachments did not all arrive within attachmentTimeout");
    });
    connect(connector, &IMConnector::opened, this, &SocketIoSession::onOpened);
    connect(connector, &IMConnector::textReceived, this, &SocketIoSession::onText);
    connect(connector, &IMConnector::stateChanged, this, [this](IMConnector::State s) {
        if (s != IMConnector::State::Connected)
            onLinkDown();
    });
    connect(connector, &IMConnector::binaryReceived, this, &SocketIoSession::onBinary);
}

QUrl SocketIoSession::endpointUrl(const QUrl &serverUrl)
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

void SocketIoSession::setNamespace(const QString &nsp)
{
    const QString n = nsp.isEmpty() ? QStringLiteral("/")
                                    : nsp.startsWith(QLatin1Char('/')) ? nsp : QLatin1Char('/') + nsp;
    if (n != m_nsp)
        resetRecovery();
    m_nsp = n;
}

void SocketIoSession::resetRecovery()
{
    m_pid.clear();
    m_offset.clear();
    m_recovered = false;
}

void SocketIoSession::setAuth(const QJsonObject &auth)
{
    m_auth = auth;
}

bool SocketIoSession::emitEvent(const QString &event, const QJsonArray &args, AckCallback onAck)
{
    BinaryAckCallback wrapped;
    if (onAck)
        wrapped = [cb = std::move(onAck)](const QJsonArray &a, const QList<QByteArray> &) { cb(a); };
    return emitPlainEvent(event, args, std::move(wrapped));
}

bool SocketIoSession::emitPlainEvent(const QString &event, const QJsonArray &args, BinaryAckCallback onAck)
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

bool SocketIoSession::emitEventWithAttachments(const QString &event, const QJsonArray &args,
                                               const QList<QByteArray> &attachments,
                                               BinaryAckCallback onAck)
{
    if (attachments.isEmpty()) // a plain event; its ack may still bring attachments
        return emitPlainEvent(event, args, std::move(onAck));
    if (!isReady())
        return false;
    if (attachments.size() > SocketIoCodec::kMaxAttachments
        || !SocketIoCodec::placeholdersValid(args, int(attachments.size()))) {
        qCWarning(lcSocketIo) << "emit of" << event << "refused: placeholders do not match"
                             << attachments.size() << "attachment(s)";
        return false;
    }
    std::optional<qint64> id;
    if (onAck) {
        id = m_nextAckId++;
        m_pendingAcks.insert(*id, std::move(onAck));
    }
    bool ok = m_connector->sendText(
        SocketIoCodec::binaryEventFrame(event, args, int(attachments.size()), id, m_nsp));
    for (qsizetype i = 0; ok && i < attachments.size(); ++i)
        ok = m_connector->sendBinary(attachments.at(i));
    if (!ok && id)
        m_pendingAcks.remove(*id);
    return ok;
}

void SocketIoSession::sendAck(qint64 ackId, const QJsonArray &args, const QList<QByteArray> &attachments)
{
    if (!isReady())
        return;
    if (attachments.isEmpty()) {
        m_connector->sendText(SocketIoCodec::ackFrame(ackId, args, m_nsp));
        return;
    }
    if (m_connector->sendText(SocketIoCodec::binaryAckFrame(ackId, args, int(attachments.size()), m_nsp))) {
        for (const QByteArray &a : attachments) {
            if (!m_connector->sendBinary(a))
                return;
        }
    }
}

void SocketIoSession::onOpened()
{
    m_phase = Phase::AwaitingOpen;
    m_pendingAcks.clear();
    m_nextAckId = 0;
    m_attachments.reset();
    m_partialTimer.stop();
    if (m_connector->url() != m_sessionUrl) {
        // Another server (or path): a recovery session of the old one means nothing here.
        resetRecovery();
        m_sessionUrl = m_connector->url();
    }
}

void SocketIoSession::onLinkDown()
{
    m_keepalive.stop();
    m_pendingAcks.clear();
    m_attachments.reset();
    m_partialTimer.stop();
    const bool wasReady = isReady();
    m_phase = Phase::Down;
    if (wasReady)
        Q_EMIT notReady();
}

void SocketIoSession::armKeepalive()
{
    m_keepalive.start(m_open.pingIntervalMs + m_open.pingTimeoutMs);
}

bool SocketIoSession::keepaliveSane()
{
    const ConnectorSettings &s = m_connector->settings();
    const auto inRange = [&s](int ms) { return ms >= s.minServerPing.count() && ms <= s.maxServerPing.count(); };
    if (inRange(m_open.pingIntervalMs) && inRange(m_open.pingTimeoutMs))
        return true;
    qCWarning(lcSocketIo) << "handshake refused: pingInterval" << m_open.pingIntervalMs << "ms / pingTimeout"
                          << m_open.pingTimeoutMs << "ms outside" << s.minServerPing.count() << "-"
                          << s.maxServerPing.count() << "ms";
    m_connector->fail(IMConnector::Error::Protocol,
                      tr("The server asks for a keepalive of %1 ms / %2 ms; Parley accepts %3 to %4 ms.")
                          .arg(m_open.pingIntervalMs)
                          .arg(m_open.pingTimeoutMs)
                          .arg(s.minServerPing.count())
                          .arg(s.maxServerPing.count()));
    return false;
}

void SocketIoSession::dropPartial(const char *why)
{
    if (!m_attachments.isHolding())
        return;
    qCWarning(lcSocketIo).noquote() << "binary packet dropped (" << m_attachments.heldBytes() << "bytes held,"
                                    << m_attachments.due() << "attachment(s) still due):" << why;
    m_attachments.drop();
    m_partialTimer.stop();
}

void SocketIoSession::onText(const QString &frame)
{
    if (m_phase == Phase::Down)
        return;
    EngineIoPacket packet;
    QString error;
    if (!SocketIoCodec::decodeEngine(frame, &packet, &error)) {
        qCWarning(lcSocketIo).noquote() << error << "in frame" << frame.left(80);
        Q_EMIT protocolError(error);
        return;
    }
    if (m_phase != Phase::AwaitingOpen)
        armKeepalive(); // any frame is a sign of life

    switch (packet.type) {
    case EngineIoType::Open: {
        if (m_phase != Phase::AwaitingOpen) {
            qCWarning(lcSocketIo) << "unexpected second open packet ignored";
            return;
        }
        if (!SocketIoCodec::decodeOpen(packet.data, &m_open, &error)) {
            m_connector->fail(IMConnector::Error::Protocol, tr("Not a Socket.IO server: %1").arg(error));
            return;
        }
        if (!keepaliveSane())
            return;
        qCDebug(lcSocketIo) << "engine.io open, sid" << m_open.sid << "ping" << m_open.pingIntervalMs
                           << "/" << m_open.pingTimeoutMs;
        m_phase = Phase::AwaitingConnect;
        armKeepalive();
        if (!m_pid.isEmpty() && !m_offset.isEmpty())
            qCInfo(lcSocketIo) << "asking the server to recover session" << m_pid << "from offset" << m_offset;
        m_connector->sendText(SocketIoCodec::connectFrame(m_nsp, SocketIoCodec::recoveryAuth(m_auth, m_pid, m_offset)));
        Q_EMIT handshakeReceived();
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

void SocketIoSession::onBinary(const QByteArray &data)
{
    if (m_phase == Phase::Down)
        return;
    if (m_phase != Phase::AwaitingOpen)
        armKeepalive(); // a sign of life like any other frame
    const qint64 heldBefore = m_attachments.heldBytes();
    switch (m_attachments.feed(data)) {
    case AttachmentAssembler::Fed::NeedMore:
        return;
    case AttachmentAssembler::Fed::Skipped: // announced by a packet that was dropped
        qCDebug(lcSocketIo) << "binary frame of" << data.size() << "bytes of a dropped packet skipped";
        return;
    case AttachmentAssembler::Fed::Unannounced:
        qCWarning(lcSocketIo) << "ignoring a binary frame of" << data.size() << "bytes that no packet announced";
        Q_EMIT protocolError(tr("Ignored a binary frame of %n byte(s) that no message announced.", nullptr,
                                int(data.size())));
        return;
    case AttachmentAssembler::Fed::OverBytes:
        qCWarning(lcSocketIo).noquote() << "binary packet dropped (" << heldBefore << "bytes held and"
                                        << data.size() << "more): over maxAttachmentBytes";
        m_partialTimer.stop();
        return;
    case AttachmentAssembler::Fed::Complete:
        break;
    }
    m_partialTimer.stop();
    const auto [packet, attachments] = m_attachments.take();
    deliver(packet, attachments);
}

void SocketIoSession::onSocketPacket(const QString &payload)
{
    const int due = m_attachments.due();
    if (m_attachments.textArrived()) {
        // socket.io-parser: "got plaintext data when reconstructing a packet". Drop the half.
        qCWarning(lcSocketIo) << "text packet while" << due
                             << "binary attachment(s) were still due; the incomplete packet is dropped";
        Q_EMIT protocolError(tr("A message with binary attachments arrived incomplete and was dropped."));
        m_partialTimer.stop();
    }
    SocketIoPacket p;
    QString error;
    if (!SocketIoCodec::decodeSocket(payload, &p, &error)) {
        qCWarning(lcSocketIo).noquote() << error << "in packet" << payload.left(80);
        Q_EMIT protocolError(error);
        return;
    }
    if (p.nsp != m_nsp) {
        qCDebug(lcSocketIo) << "packet for another namespace ignored:" << p.nsp;
        return;
    }
    const bool binary = p.type == SocketIoType::BinaryEvent || p.type == SocketIoType::BinaryAck;
    if (binary && !m_binaryAccepted) {
        qCWarning(lcSocketIo) << "binary packet" << p.eventName().left(80) << "with" << p.attachments
                              << "attachment(s) dropped: this dialect never uses binary";
        m_attachments.skip(p.attachments);
        return;
    }
    if (binary && p.attachments > 0) {
        m_attachments.setLimits({m_connector->settings().maxAttachments, m_connector->settings().maxAttachmentBytes});
        if (!m_attachments.start(p)) {
            qCWarning(lcSocketIo) << "binary packet" << p.eventName().left(80) << "with" << p.attachments
                                  << "attachments dropped: over maxAttachments" << m_connector->settings().maxAttachments;
            return;
        }
        m_partialTimer.start(m_connector->settings().attachmentTimeout);
        return;
    }
    deliver(p, {});
}

void SocketIoSession::deliver(const SocketIoPacket &p, const QList<QByteArray> &attachments)
{
    switch (p.type) {
    case SocketIoType::Connect: {
        const QJsonObject reply = p.data.toObject();
        m_sid = reply.value(QLatin1String("sid")).toString();
        m_connectReply = reply;
        if (m_phase == Phase::Ready)
            return;
        const QString pid = reply.value(QLatin1String("pid")).toString();
        m_recovered = !pid.isEmpty() && pid == m_pid && !m_offset.isEmpty();
        if (pid != m_pid)
            m_offset.clear(); // a new session: old offsets mean nothing in it
        m_pid = pid;
        m_phase = Phase::Ready;
        qCInfo(lcSocketIo) << "socket.io namespace" << m_nsp << "connected, sid" << m_sid
                          << (m_pid.isEmpty() ? "" : (m_recovered ? "(session recovered)" : "(recovery offered)"));
        Q_EMIT ready(m_sid);
        return;
    }
    case SocketIoType::ConnectError: {
        const QString message = p.data.isString()
            ? p.data.toString()
            : p.data.toObject().value(QLatin1String("message")).toString();
        const QString text = tr("The server refused the connection: %1").arg(message);
        qCWarning(lcSocketIo).noquote() << text;
        // Why first (the protocol's authRefused), then the link stops: a listener of the link's
        // permanent error already knows the reason.
        m_retryRefusal = false;
        Q_EMIT connectRefused(message, p.data);
        m_connector->fail(std::exchange(m_retryRefusal, false) ? IMConnector::Error::ServerError
                                                                : IMConnector::Error::Refused,
                          text);
        return;
    }
    case SocketIoType::Disconnect:
        m_connector->fail(IMConnector::Error::ServerError, tr("The server ended the session."));
        return;
    case SocketIoType::Event:
    case SocketIoType::BinaryEvent: {
        if (m_phase != Phase::Ready)
            qCDebug(lcSocketIo) << "event before connect accepted";
        if (!m_pid.isEmpty()) {
            const QString offset = SocketIoCodec::recoveryOffset(p);
            if (!offset.isEmpty())
                m_offset = offset;
        }
        if (p.type == SocketIoType::Event)
            Q_EMIT eventReceived(p.eventName(), p.arguments(), p.id.value_or(-1));
        else
            Q_EMIT binaryEventReceived(p.eventName(), p.arguments(), attachments, p.id.value_or(-1));
        return;
    }
    case SocketIoType::Ack:
    case SocketIoType::BinaryAck: {
        const BinaryAckCallback cb = m_pendingAcks.take(p.id.value_or(-1));
        if (cb)
            cb(p.arguments(), attachments);
        else
            qCDebug(lcSocketIo) << "ack for unknown id" << p.id.value_or(-1);
        return;
    }
    }
}
