#include "chatclient.h"

#include "logging.h"
#include "socketiodialect.h"

#include <QJsonObject>
#include <QUuid>

namespace {
QDateTime fromServerTime(const QJsonValue &v)
{
    const double ms = v.toDouble(-1);
    return ms >= 0 ? QDateTime::fromMSecsSinceEpoch(qint64(ms), Qt::UTC)
                   : QDateTime::currentDateTimeUtc();
}
} // namespace

ChatClient::ChatClient(QObject *parent)
    : QObject(parent)
    , m_connector(new IMConnector(this))
    , m_dialect(new SocketIoDialect(m_connector, this))
{
    connect(m_connector, &IMConnector::stateChanged, this, &ChatClient::connectionStateChanged);
    connect(m_connector, &IMConnector::reconnectScheduled, this, &ChatClient::reconnectScheduled);
    connect(m_connector, &IMConnector::latencyChanged, this, &ChatClient::latencyChanged);
    connect(m_connector, &IMConnector::errorOccurred, this,
            [this](IMConnector::Error, const QString &text) { Q_EMIT errorOccurred(text); });
    connect(m_dialect, &SocketIoDialect::ready, this, &ChatClient::onReady);
    connect(m_dialect, &SocketIoDialect::notReady, this, &ChatClient::onNotReady);
    connect(m_dialect, &SocketIoDialect::eventReceived, this, &ChatClient::onEvent);
}

ChatClient::~ChatClient() = default;

void ChatClient::setSettings(const ConnectorSettings &settings)
{
    m_connector->setSettings(settings);
}

void ChatClient::setNetworkMonitor(NetworkMonitor *monitor)
{
    m_connector->setNetworkMonitor(monitor);
}

void ChatClient::setUserName(const QString &name)
{
    m_userName = name.trimmed();
    m_dialect->setAuth(QJsonObject{{QStringLiteral("name"), m_userName}});
}

IMConnector::State ChatClient::connectionState() const { return m_connector->state(); }
bool ChatClient::isReady() const { return m_dialect->isReady(); }
int ChatClient::latencyMs() const { return m_connector->latencyMs(); }
int ChatClient::retryRemainingMs() const { return m_connector->retryRemainingMs(); }

void ChatClient::connectToServer(const QUrl &serverUrl)
{
    m_serverUrl = serverUrl;
    m_connector->open(SocketIoDialect::endpointUrl(serverUrl));
}

void ChatClient::disconnectFromServer()
{
    m_connector->close();
}

void ChatClient::reconnectNow()
{
    m_connector->reconnectNow();
}

void ChatClient::joinRoom(const QString &room)
{
    const QString r = room.trimmed();
    if (r.isEmpty() || m_rooms.contains(r))
        return;
    m_rooms << r;
    if (isReady())
        sendJoin(r);
}

void ChatClient::leaveRoom(const QString &room)
{
    if (!m_rooms.removeOne(room))
        return;
    m_members.remove(room);
    m_joinedOnLink.remove(room);
    if (isReady())
        m_dialect->emitEvent(QStringLiteral("leave"), {QJsonObject{{QStringLiteral("room"), room}}});
}

QString ChatClient::sendMessage(const QString &room, const QString &text)
{
    if (text.trimmed().isEmpty())
        return {};
    if (text.size() > kMaxTextLength) {
        Q_EMIT errorOccurred(tr("The message is too long (%1 characters; at most %2).")
                                 .arg(text.size())
                                 .arg(kMaxTextLength));
        return {};
    }
    ChatMessage m;
    m.clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m.room = room;
    m.sender = m_userName;
    m.text = text;
    m.time = QDateTime::currentDateTimeUtc();
    m.own = true;
    m.delivery = ChatMessage::Delivery::Pending;
    m_outbox << m;
    Q_EMIT messageQueued(m);
    if (isReady() && m_joinedOnLink.contains(room))
        transmit(m);
    return m.clientId;
}

void ChatClient::onReady()
{
    qCInfo(lcChat) << "ready; joining" << m_rooms << "and resending" << m_outbox.size() << "message(s)";
    Q_EMIT readyChanged(true);
    // Each room's outbox is resent once its join is acknowledged (see sendJoin()).
    for (const QString &room : std::as_const(m_rooms))
        sendJoin(room);
}

void ChatClient::flushOutbox(const QString &room)
{
    // Resend in original order. The server acknowledges a duplicate (same user + client id) with its
    // original sequence number, so a resend of a message that did arrive is harmless.
    const QList<ChatMessage> pending = m_outbox;
    for (const ChatMessage &m : pending) {
        if (m.room == room && m.delivery == ChatMessage::Delivery::Pending)
            transmit(m);
    }
}

void ChatClient::onNotReady()
{
    m_joinedOnLink.clear();
    Q_EMIT readyChanged(false);
    // Messages written but never acknowledged go back to Pending until resent.
    for (ChatMessage &m : m_outbox) {
        if (m.delivery == ChatMessage::Delivery::Sent) {
            m.delivery = ChatMessage::Delivery::Pending;
            Q_EMIT deliveryChanged(m.clientId, m.delivery, 0, QDateTime());
        }
    }
}

void ChatClient::sendJoin(const QString &room)
{
    m_dialect->emitEvent(QStringLiteral("join"), {QJsonObject{{QStringLiteral("room"), room}}},
                         [this, room](const QJsonArray &args) {
                             const QJsonObject o = args.at(0).toObject();
                             if (!o.value(QLatin1String("ok")).toBool()) {
                                 Q_EMIT errorOccurred(tr("Could not join #%1: %2")
                                                          .arg(room, o.value(QLatin1String("error")).toString()));
                                 return;
                             }
                             QStringList members;
                             const QJsonArray list = o.value(QLatin1String("members")).toArray();
                             for (const QJsonValue &v : list)
                                 members << v.toString();
                             if (!m_rooms.contains(room))
                                 return; // left again meanwhile
                             m_members.insert(room, members);
                             m_joinedOnLink.insert(room);
                             Q_EMIT joined(room);
                             Q_EMIT membersChanged(room, members);
                             flushOutbox(room);
                         });
}

void ChatClient::transmit(const ChatMessage &message)
{
    const QString clientId = message.clientId;
    const QJsonObject payload{
        {QStringLiteral("room"), message.room},
        {QStringLiteral("text"), message.text},
        {QStringLiteral("clientId"), clientId},
    };
    const bool written = m_dialect->emitEvent(QStringLiteral("chat message"), {payload},
                                              [this, clientId](const QJsonArray &args) { onAck(clientId, args); });
    const int i = outboxIndex(clientId);
    if (written && i >= 0 && m_outbox[i].delivery == ChatMessage::Delivery::Pending) {
        m_outbox[i].delivery = ChatMessage::Delivery::Sent;
        Q_EMIT deliveryChanged(clientId, ChatMessage::Delivery::Sent, 0, QDateTime());
    }
}

void ChatClient::onAck(const QString &clientId, const QJsonArray &args)
{
    const int i = outboxIndex(clientId);
    if (i < 0)
        return; // acknowledged twice (a resend): already done
    const QJsonObject o = args.at(0).toObject();
    ChatMessage m = m_outbox.takeAt(i);
    if (o.value(QLatin1String("ok")).toBool()) {
        const qint64 seq = qint64(o.value(QLatin1String("seq")).toDouble());
        const QDateTime time = fromServerTime(o.value(QLatin1String("time")));
        m_seenKeys.insert(QLatin1String("s:") + m.room + QLatin1Char(':') + QString::number(seq));
        Q_EMIT deliveryChanged(clientId, ChatMessage::Delivery::Delivered, seq, time);
    } else {
        const QString error = o.value(QLatin1String("error")).toString();
        qCWarning(lcChat) << "message" << clientId << "refused:" << error;
        Q_EMIT errorOccurred(tr("The server refused a message: %1").arg(error));
        Q_EMIT deliveryChanged(clientId, ChatMessage::Delivery::Failed, 0, QDateTime());
    }
}

int ChatClient::outboxIndex(const QString &clientId) const
{
    for (int i = 0; i < m_outbox.size(); ++i) {
        if (m_outbox.at(i).clientId == clientId)
            return i;
    }
    return -1;
}

void ChatClient::onEvent(const QString &event, const QJsonArray &args, qint64 ackId)
{
    if (event == QLatin1String("chat message")) {
        const QJsonValue v = args.at(0);
        ChatMessage m;
        if (v.isString()) {
            // Classic socket.io chat: a bare string, broadcast to everyone, no room, no sender.
            m.text = v.toString();
            m.time = QDateTime::currentDateTimeUtc();
        } else if (v.isObject()) {
            const QJsonObject o = v.toObject();
            m.room = o.value(QLatin1String("room")).toString();
            m.seq = qint64(o.value(QLatin1String("seq")).toDouble());
            m.sender = o.value(QLatin1String("sender")).toString();
            m.text = o.value(QLatin1String("text")).toString();
            m.clientId = o.value(QLatin1String("clientId")).toString();
            m.time = fromServerTime(o.value(QLatin1String("time")));
        } else {
            qCWarning(lcChat) << "chat message with an unexpected payload ignored";
            return;
        }
        const QString key = m.key();
        if (!key.isEmpty()) {
            if (m_seenKeys.contains(key)) {
                qCDebug(lcChat) << "duplicate message" << key << "dropped";
                return;
            }
            m_seenKeys.insert(key);
        }
        Q_EMIT messageReceived(m);
    } else if (event == QLatin1String("members")) {
        const QJsonObject o = args.at(0).toObject();
        const QString room = o.value(QLatin1String("room")).toString();
        QStringList members;
        const QJsonArray list = o.value(QLatin1String("members")).toArray();
        for (const QJsonValue &v : list)
            members << v.toString();
        m_members.insert(room, members);
        Q_EMIT membersChanged(room, members);
    } else {
        qCDebug(lcChat) << "unhandled event" << event;
    }
    if (ackId >= 0)
        m_dialect->sendAck(ackId, {});
}
