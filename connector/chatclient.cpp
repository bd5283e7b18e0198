#include "chatclient.h"

#include "chatstore.h"
#include "logging.h"
#include "parleyprotocol.h"

#include <QUuid>

using Delivery = ChatMessage::Delivery;

ChatClient::ChatClient(QObject *parent)
    : QObject(parent)
    , m_connector(new IMConnector(this))
{
    m_ackTimer.setSingleShot(true);
    connect(&m_ackTimer, &QTimer::timeout, this, &ChatClient::onAckTimer);
    m_syncWatchdog.setSingleShot(true);
    connect(&m_syncWatchdog, &QTimer::timeout, this, &ChatClient::onSyncWatchdog);
    connect(m_connector, &IMConnector::stateChanged, this, &ChatClient::connectionStateChanged);
    connect(m_connector, &IMConnector::reconnectScheduled, this, &ChatClient::reconnectScheduled);
    connect(m_connector, &IMConnector::latencyChanged, this, &ChatClient::latencyChanged);
    connect(m_connector, &IMConnector::errorOccurred, this, [this](IMConnector::Error kind, const QString &text) {
        Q_EMIT linkError(kind, text);
        Q_EMIT errorOccurred(text);
    });
    setProtocol(new ParleyProtocol(m_connector));
}

ChatClient::~ChatClient() = default;

void ChatClient::setProtocol(ChatProtocol *protocol)
{
    if (m_protocol == protocol)
        return;
    delete m_protocol;
    m_protocol = protocol;
    m_protocol->setParent(this);
    m_protocol->setUserName(m_userName);
    wireProtocol();
}

void ChatClient::wireProtocol()
{
    connect(m_protocol, &ChatProtocol::ready, this, &ChatClient::onReady);
    connect(m_protocol, &ChatProtocol::notReady, this, &ChatClient::onNotReady);
    connect(m_protocol, &ChatProtocol::joined, this, &ChatClient::onJoined);
    connect(m_protocol, &ChatProtocol::joinFailed, this, [this](const QString &room, const QString &error) {
        Q_EMIT errorOccurred(tr("Could not join #%1: %2").arg(room, error));
    });
    connect(m_protocol, &ChatProtocol::acknowledged, this, &ChatClient::onAcknowledged);
    connect(m_protocol, &ChatProtocol::refused, this, &ChatClient::onRefused);
    connect(m_protocol, &ChatProtocol::messageReceived, this, &ChatClient::onIncoming);
    connect(m_protocol, &ChatProtocol::historyReceived, this, &ChatClient::onHistory);
    connect(m_protocol, &ChatProtocol::membersChanged, this, [this](const QString &room, const QStringList &members) {
        m_members.insert(room, members);
        Q_EMIT membersChanged(room, members);
    });
    connect(m_protocol, &ChatProtocol::typingReceived, this, [this](const QString &room, const QString &who) {
        if (who != m_userName)
            Q_EMIT typingReceived(room, who);
    });
    connect(m_protocol, &ChatProtocol::problem, this, &ChatClient::errorOccurred);
}

void ChatClient::setSettings(const ConnectorSettings &settings)
{
    m_settings = settings;
    m_connector->setSettings(settings);
}

void ChatClient::setNetworkMonitor(NetworkMonitor *monitor)
{
    m_connector->setNetworkMonitor(monitor);
}

void ChatClient::setStore(ChatStore *store)
{
    m_store = store;
    if (!store)
        return;
    const QList<ChatMessage> pending = store->unacknowledged();
    for (const ChatMessage &m : pending) {
        if (outboxIndex(m.clientId) >= 0)
            continue;
        Outgoing e;
        e.message = m;
        e.message.delivery = Delivery::Pending; // whether it was written before the restart is unknown
        e.ackDeadline = QDeadlineTimer(QDeadlineTimer::Forever);
        m_outbox << e;
        Q_EMIT messageQueued(e.message);
    }
    if (!pending.isEmpty())
        qCInfo(lcChat) << "outbox restored from the store:" << pending.size() << "message(s)";
    const QList<ChatMessage> failed = store->failed();
    for (const ChatMessage &m : failed)
        m_failed.insert(m.clientId, m);
}

void ChatClient::setUserName(const QString &name)
{
    m_userName = name.trimmed();
    m_protocol->setUserName(m_userName);
}

IMConnector::State ChatClient::connectionState() const { return m_connector->state(); }
bool ChatClient::isReady() const { return m_protocol->isReady(); }
int ChatClient::latencyMs() const { return m_connector->latencyMs(); }
int ChatClient::retryRemainingMs() const { return m_connector->retryRemainingMs(); }

void ChatClient::connectToServer(const QUrl &serverUrl)
{
    m_serverUrl = serverUrl;
    m_connector->open(m_protocol->endpointUrl(serverUrl));
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
        m_protocol->join(r);
}

void ChatClient::leaveRoom(const QString &room)
{
    if (!m_rooms.removeOne(room))
        return;
    m_members.remove(room);
    m_joinedOnLink.remove(room);
    if (isReady())
        m_protocol->leave(room);
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
    Outgoing e;
    e.message.clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    e.message.room = room;
    e.message.sender = m_userName;
    e.message.text = text;
    e.message.time = QDateTime::currentDateTimeUtc();
    e.message.own = true;
    e.message.delivery = Delivery::Pending;
    e.ackDeadline = QDeadlineTimer(QDeadlineTimer::Forever);
    // Stored before anything is written: a crash from here on loses nothing.
    if (m_store && !m_store->saveOutgoing(e.message)) {
        Q_EMIT errorOccurred(tr("The message could not be saved, so it was not sent."));
        return {};
    }
    m_seenKeys.insert(e.message.key());
    m_outbox << e;
    Q_EMIT messageQueued(e.message);
    if (isReady() && (m_joinedOnLink.contains(room) || !m_protocol->capabilities().rooms))
        transmit(m_outbox.last());
    return e.message.clientId;
}

bool ChatClient::retry(const QString &clientId)
{
    if (!m_failed.contains(clientId))
        return false;
    Outgoing e;
    e.message = m_failed.take(clientId);
    e.ackDeadline = QDeadlineTimer(QDeadlineTimer::Forever);
    m_outbox << e;
    setDelivery(m_outbox.last(), Delivery::Pending);
    if (isReady() && (m_joinedOnLink.contains(e.message.room) || !m_protocol->capabilities().rooms))
        transmit(m_outbox.last());
    return true;
}

QList<ChatMessage> ChatClient::outbox() const
{
    QList<ChatMessage> out;
    out.reserve(m_outbox.size());
    for (const Outgoing &e : m_outbox)
        out << e.message;
    return out;
}

void ChatClient::notifyTyping(const QString &room)
{
    if (!isReady() || !m_protocol->capabilities().typing)
        return;
    QElapsedTimer &last = m_lastTyping[room];
    if (last.isValid() && last.elapsed() < m_settings.typingThrottle.count())
        return;
    last.start();
    m_protocol->sendTyping(room);
}

void ChatClient::fetchOlder(const QString &room, qint64 beforeSeq, int limit)
{
    if (isReady() && m_protocol->capabilities().history && beforeSeq > 1)
        m_protocol->requestHistory(room, 0, beforeSeq, limit);
}

void ChatClient::onReady()
{
    qCInfo(lcChat) << "ready; joining" << m_rooms << "with" << m_outbox.size() << "message(s) to send";
    Q_EMIT readyChanged(true);
    if (!m_protocol->capabilities().rooms) {
        for (Outgoing &e : m_outbox)
            transmit(e);
        return;
    }
    // Each room's outbox is resent once its join is acknowledged (see onJoined()).
    for (const QString &room : std::as_const(m_rooms))
        m_protocol->join(room);
}

void ChatClient::onNotReady()
{
    m_joinedOnLink.clear();
    m_catchingUp.clear();
    m_syncWatchdog.stop();
    m_ackTimer.stop();
    Q_EMIT readyChanged(false);
    // Messages written but never acknowledged go back to Pending until resent; a lost link does
    // not count against their ack retries.
    for (Outgoing &e : m_outbox) {
        e.attempts = 0;
        e.ackDeadline = QDeadlineTimer(QDeadlineTimer::Forever);
        if (e.message.delivery == Delivery::Sent)
            setDelivery(e, Delivery::Pending);
    }
}

void ChatClient::onJoined(const QString &room, const QStringList &members, qint64 serverLastSeq)
{
    if (!m_rooms.contains(room))
        return; // left again meanwhile
    m_members.insert(room, members);
    m_joinedOnLink.insert(room);
    Q_EMIT joined(room);
    Q_EMIT membersChanged(room, members);
    flushOutbox(room);

    if (!m_protocol->capabilities().history) {
        Q_EMIT roomSynced(room);
        return;
    }
    const qint64 known = syncedSeq(room);
    if (known == 0 && serverLastSeq > 0)
        catchUp(room, 0, kInitialHistory); // a new room: the latest only, older ones on scrolling
    else if (serverLastSeq > known)
        catchUp(room, known, kHistoryPage); // what was missed since the watermark
    else
        Q_EMIT roomSynced(room);
}

void ChatClient::catchUp(const QString &room, qint64 after, int limit)
{
    qCInfo(lcChat).noquote() << m_userName << "catching up on" << room << "after seq" << after;
    m_catchingUp.insert(room);
    m_protocol->requestHistory(room, after, 0, limit);
    m_syncWatchdog.start(m_settings.ackTimeout);
}

void ChatClient::onSyncWatchdog()
{
    bool behind = false;
    for (const QString &room : std::as_const(m_rooms)) {
        if (!m_joinedOnLink.contains(room))
            continue;
        const bool stuck = m_catchingUp.contains(room); // no answer within ackTimeout
        if (stuck || m_highestSeen.value(room) > syncedSeq(room)) {
            qCInfo(lcChat).noquote() << m_userName << "sync of" << room << "stalled at" << syncedSeq(room)
                                     << "; asking again";
            catchUp(room, syncedSeq(room), kHistoryPage);
            behind = true;
        }
    }
    if (!behind)
        m_syncWatchdog.stop();
}

qint64 ChatClient::syncedSeq(const QString &room) const
{
    return m_store ? m_store->syncedSeq(room) : m_synced.value(room);
}

void ChatClient::setSyncedSeq(const QString &room, qint64 seq)
{
    if (seq <= syncedSeq(room))
        return;
    if (m_store)
        m_store->setSyncedSeq(room, seq);
    else
        m_synced.insert(room, seq);
}

void ChatClient::noteLiveSeq(const QString &room, qint64 seq)
{
    if (seq <= 0 || room.isEmpty())
        return;
    m_highestSeen[room] = std::max(m_highestSeen.value(room), seq);
    if (m_catchingUp.contains(room))
        return; // the catch-up under way will move the watermark (and look again at its end)
    const qint64 synced = syncedSeq(room);
    if (seq == synced + 1) {
        setSyncedSeq(room, seq);
    } else if (seq > synced + 1 && m_joinedOnLink.contains(room)) {
        // Something between was missed (or arrived before a catch-up ended): fetch it.
        qCInfo(lcChat) << "gap in" << room << "after" << synced << "(got" << seq << "); catching up";
        catchUp(room, synced, kHistoryPage);
    }
}

void ChatClient::onHistory(const QString &room, const QList<ChatMessage> &messages, bool hasMore)
{
    QList<ChatMessage> fresh;
    qint64 highest = 0;
    for (const ChatMessage &m : messages) {
        ChatMessage copy = m;
        if (accept(&copy))
            fresh << copy;
        highest = std::max(highest, m.seq);
    }
    if (!fresh.isEmpty())
        Q_EMIT messagesReceived(fresh);
    if (!m_catchingUp.contains(room))
        return; // an answer to fetchOlder(): nothing more to do
    // A catch-up page runs without gaps from its start: everything up to its end is known.
    setSyncedSeq(room, highest);
    if (hasMore && highest > 0 && m_joinedOnLink.contains(room)) {
        m_protocol->requestHistory(room, highest, 0, kHistoryPage);
        return;
    }
    m_catchingUp.remove(room);
    qCInfo(lcChat).noquote() << m_userName << "caught up on" << room << "to seq" << syncedSeq(room)
                             << "(highest seen" << m_highestSeen.value(room) << ")";
    // Messages that came live during the catch-up lie beyond its end, and one of them may have
    // been lost on the way: go on until the watermark reaches the newest seq seen.
    if (m_highestSeen.value(room) > syncedSeq(room) && m_joinedOnLink.contains(room)) {
        catchUp(room, syncedSeq(room), kHistoryPage);
        return;
    }
    Q_EMIT roomSynced(room);
}

bool ChatClient::remember(const ChatMessage &m)
{
    const QString key = m.key();
    if (m_store)
        return m_store->saveReceived(m);
    if (key.isEmpty())
        return true; // no identity (classic broadcast): cannot be a known duplicate
    bool fresh = !m_seenKeys.contains(key);
    m_seenKeys.insert(key);
    if (m.seq > 0 && !m.clientId.isEmpty()) {
        // Known under either identity: a message seen live (client id) and again in history.
        const QString seqKey = QLatin1String("s:") + m.room + QLatin1Char(':') + QString::number(m.seq);
        fresh = fresh && !m_seenKeys.contains(seqKey);
        m_seenKeys.insert(seqKey);
    }
    return fresh;
}

bool ChatClient::accept(ChatMessage *m)
{
    if (!m->clientId.isEmpty() && outboxIndex(m->clientId) >= 0)
        return false; // our own message coming back before its ack: the ack will settle it
    if (!m->clientId.isEmpty() && m_failed.contains(m->clientId) && m->seq > 0) {
        // A message we had given up on did reach the server after all.
        Outgoing e;
        e.message = m_failed.take(m->clientId);
        remember(*m);
        setDelivery(e, Delivery::Delivered, m->seq, m->time);
        return false;
    }
    m->own = !m->sender.isEmpty() && m->sender == m_userName;
    if (m->own)
        m->delivery = Delivery::Delivered;
    if (!remember(*m)) {
        qCDebug(lcChat) << "duplicate message" << m->key() << "dropped";
        return false;
    }
    return true;
}

void ChatClient::onIncoming(const ChatMessage &incoming)
{
    ChatMessage m = incoming;
    const bool show = accept(&m);
    noteLiveSeq(m.room, m.seq);
    if (show)
        Q_EMIT messageReceived(m);
}

void ChatClient::flushOutbox(const QString &room)
{
    // Resend in original order. The server acknowledges a duplicate (same user + client id) with its
    // original sequence number, so a resend of a message that did arrive is harmless.
    for (Outgoing &e : m_outbox) {
        if (e.message.room == room && e.message.delivery == Delivery::Pending)
            transmit(e);
    }
}

void ChatClient::transmit(Outgoing &e)
{
    if (!m_protocol->send(e.message))
        return;
    ++e.attempts;
    if (!m_protocol->capabilities().acks) {
        // Nobody will acknowledge it: written is as far as we can know.
        const QString clientId = e.message.clientId;
        setDelivery(e, Delivery::Sent);
        const int i = outboxIndex(clientId);
        if (i >= 0)
            m_outbox.removeAt(i);
        return;
    }
    e.ackDeadline = QDeadlineTimer(m_settings.ackTimeout);
    if (e.message.delivery == Delivery::Pending)
        setDelivery(e, Delivery::Sent);
    armAckTimer();
}

void ChatClient::setDelivery(Outgoing &e, Delivery state, qint64 seq, const QDateTime &time)
{
    e.message.delivery = state;
    if (seq > 0)
        e.message.seq = seq;
    if (time.isValid())
        e.message.time = time;
    if (m_store)
        m_store->updateDelivery(e.message.clientId, state, seq, time);
    Q_EMIT deliveryChanged(e.message.clientId, state, seq, time);
}

void ChatClient::armAckTimer()
{
    qint64 earliest = -1;
    for (const Outgoing &e : std::as_const(m_outbox)) {
        if (e.ackDeadline.isForever())
            continue;
        const qint64 left = std::max<qint64>(0, e.ackDeadline.remainingTime());
        earliest = earliest < 0 ? left : std::min(earliest, left);
    }
    if (earliest < 0)
        m_ackTimer.stop();
    else
        m_ackTimer.start(std::chrono::milliseconds(earliest));
}

void ChatClient::onAckTimer()
{
    for (int i = 0; i < m_outbox.size();) {
        Outgoing &e = m_outbox[i];
        if (e.ackDeadline.isForever() || !e.ackDeadline.hasExpired()) {
            ++i;
            continue;
        }
        if (e.attempts > m_settings.ackRetries) {
            qCWarning(lcChat) << "message" << e.message.clientId << "never acknowledged; failed";
            Outgoing failed = m_outbox.takeAt(i);
            setDelivery(failed, Delivery::Failed);
            m_failed.insert(failed.message.clientId, failed.message);
            continue;
        }
        qCInfo(lcChat) << "no ack for" << e.message.clientId << "; writing it again";
        e.ackDeadline = QDeadlineTimer(QDeadlineTimer::Forever);
        transmit(e);
        ++i;
    }
    armAckTimer();
}

void ChatClient::onAcknowledged(const QString &clientId, qint64 seq, const QDateTime &time)
{
    const int i = outboxIndex(clientId);
    if (i < 0)
        return; // acknowledged twice (a resend): already done
    Outgoing e = m_outbox.takeAt(i);
    ChatMessage settled = e.message;
    settled.seq = seq;
    remember(settled); // its room+seq is now known: the history echo will be dropped
    setDelivery(e, Delivery::Delivered, seq, time);
    noteLiveSeq(settled.room, seq);
    armAckTimer();
}

void ChatClient::onRefused(const QString &clientId, const QString &error)
{
    const int i = outboxIndex(clientId);
    if (i < 0)
        return;
    qCWarning(lcChat) << "message" << clientId << "refused:" << error;
    Outgoing e = m_outbox.takeAt(i);
    setDelivery(e, Delivery::Failed);
    m_failed.insert(clientId, e.message);
    Q_EMIT errorOccurred(tr("The server refused a message: %1").arg(error));
    armAckTimer();
}

int ChatClient::outboxIndex(const QString &clientId) const
{
    for (int i = 0; i < m_outbox.size(); ++i) {
        if (m_outbox.at(i).message.clientId == clientId)
            return i;
    }
    return -1;
}

