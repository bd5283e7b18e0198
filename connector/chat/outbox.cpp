#include "outbox.h"

#include "messagechange.h"

#include "chatstore.h"
#include "logging.h"

#include <QSet>

#include <algorithm>

using Delivery = ChatMessage::Delivery;

Outbox::Outbox(QObject *parent)
    : QObject(parent)
{
    m_ackTimer.setSingleShot(true);
    connect(&m_ackTimer, &QTimer::timeout, this, &Outbox::onAckTimer);
}

void Outbox::setStore(ChatStore *store)
{
    m_store = store;
    m_entries.clear();
    m_failed = store->failed();
    const QList<ChatMessage> waiting = store->unacknowledged();
    for (const ChatMessage &m : waiting) {
        Entry e;
        e.message = m;
        e.message.delivery = Delivery::Pending; // whether it was written before the restart is unknown
        m_entries << e;
        Q_EMIT queued(e.message);
    }
    if (!waiting.isEmpty())
        qCInfo(lcChat) << "outbox restored from the store:" << waiting.size() << "message(s)";
}

void Outbox::setAckPolicy(std::chrono::milliseconds ackTimeout, int ackRetries)
{
    m_ackTimeout = ackTimeout;
    m_ackRetries = ackRetries;
}

bool Outbox::add(const ChatMessage &message)
{
    Entry e;
    e.message = message;
    e.message.delivery = Delivery::Pending;
    // Stored before anything is written: a crash from here on loses nothing.
    if (!m_store->saveOutgoing(e.message))
        return false;
    m_entries << e;
    Q_EMIT queued(e.message);
    return true;
}

bool Outbox::retry(const QString &clientId)
{
    const int i = failedIndex(clientId);
    if (i < 0)
        return false;
    Entry e;
    e.message = m_failed.takeAt(i);
    setDelivery(e.message, Delivery::Pending);
    m_entries << e;
    return true;
}

bool Outbox::remove(const QString &clientId)
{
    const int waiting = indexOf(clientId);
    const int failed = failedIndex(clientId);
    if (waiting < 0 && failed < 0)
        return false;
    if (waiting >= 0 && m_entries.at(waiting).message.delivery != Delivery::Pending)
        return false; // written: the server may have it
    if (!m_store->removeOutgoing(clientId))
        return false;
    if (waiting >= 0)
        m_entries.removeAt(waiting);
    else
        m_failed.removeAt(failed);
    return true;
}

QList<ChatMessage> Outbox::messages() const
{
    QList<ChatMessage> out;
    out.reserve(m_entries.size());
    for (const Entry &e : m_entries)
        out << e.message;
    return out;
}

bool Outbox::waitsWithSubjectOf(const ChatMessage &change) const
{
    if (!change.isChange())
        return false;
    const QString subject = MessageChange::subjectOf(change);
    return std::any_of(m_entries.cbegin(), m_entries.cend(), [&subject](const Entry &e) {
        return e.message.isChange() && MessageChange::subjectOf(e.message) == subject;
    });
}

std::optional<ChatMessage> Outbox::message(const QString &clientId) const
{
    const int i = indexOf(clientId);
    return i < 0 ? std::nullopt : std::optional<ChatMessage>(m_entries.at(i).message);
}

QStringList Outbox::pending(const QString &room) const
{
    QStringList out;
    for (const Entry &e : m_entries) {
        if (e.message.delivery == Delivery::Pending && (room.isNull() || e.message.room == room))
            out << e.message.clientId;
    }
    return out;
}

void Outbox::written(const QString &clientId, bool expectAck)
{
    const int i = indexOf(clientId);
    if (i < 0)
        return;
    Entry &e = m_entries[i];
    ++e.attempts;
    if (!expectAck) {
        // Nobody will acknowledge it: written is as far as we can know.
        setDelivery(e.message, Delivery::Sent);
        m_entries.removeAt(i);
        return;
    }
    e.ackDeadline.setRemainingTime(m_ackTimeout);
    if (e.message.delivery == Delivery::Pending)
        setDelivery(e.message, Delivery::Sent);
    armAckTimer();
}

void Outbox::linkLost()
{
    m_ackTimer.stop();
    m_holds.clear(); // the server's wait was for that link's session
    for (Entry &e : m_entries) {
        e.attempts = 0;
        e.held = false;
        e.ackDeadline = QDeadlineTimer(QDeadlineTimer::Forever);
        if (e.message.delivery == Delivery::Sent)
            setDelivery(e.message, Delivery::Pending);
    }
}

std::optional<ChatMessage> Outbox::acknowledge(const QString &clientId, qint64 seq, const QDateTime &time)
{
    const int i = indexOf(clientId);
    if (i < 0)
        return std::nullopt; // acknowledged twice (a resend): already done
    ChatMessage settled = m_entries.takeAt(i).message;
    setDelivery(settled, Delivery::Delivered, seq, time);
    armAckTimer();
    return settled;
}

bool Outbox::refuse(const QString &clientId)
{
    const int i = indexOf(clientId);
    if (i < 0)
        return false;
    ChatMessage m = m_entries.takeAt(i).message;
    setDelivery(m, Delivery::Failed);
    m_failed << m;
    armAckTimer();
    return true;
}

void Outbox::defer(const QString &clientId, qint64 retryAfterMs)
{
    const int i = indexOf(clientId);
    if (i < 0)
        return;
    Entry &e = m_entries[i];
    if (++e.deferrals > kMaxDeferrals) {
        qCWarning(lcChat) << "message" << clientId << "throttled" << kMaxDeferrals << "times in a row; failed";
        refuse(clientId);
        return;
    }
    e.attempts = qMax(0, e.attempts - 1); // a throttled write is not a lost one
    const qint64 wait = std::clamp<qint64>(retryAfterMs, 1, qint64(kMaxDeferWait.count()));
    qCInfo(lcChat) << "message" << clientId << "throttled by the server; writing it again in" << wait << "ms";
    e.held = true;
    e.ackDeadline = QDeadlineTimer(QDeadlineTimer::Forever); // the room's hold says when
    QDeadlineTimer &hold = m_holds[e.message.room];
    if (hold.remainingTime() < wait) // a new (default) QDeadlineTimer has expired: 0 left
        hold.setRemainingTime(wait);
    armAckTimer();
}

bool Outbox::isHeld(const QString &room) const
{
    const auto hold = m_holds.constFind(room);
    return hold != m_holds.cend() && !hold->hasExpired();
}

bool Outbox::settleFailed(const ChatMessage &seen)
{
    const int i = failedIndex(seen.clientId);
    if (i < 0 || seen.seq <= 0)
        return false;
    ChatMessage m = m_failed.takeAt(i);
    setDelivery(m, Delivery::Delivered, seen.seq, seen.time);
    return true;
}

void Outbox::setDelivery(ChatMessage &m, Delivery state, qint64 seq, const QDateTime &time)
{
    m.delivery = state;
    if (seq > 0)
        m.seq = seq;
    if (time.isValid())
        m.time = time;
    m_store->updateDelivery(m.clientId, state, seq, time);
    Q_EMIT deliveryChanged(m.clientId, state, seq, time);
}

void Outbox::armAckTimer()
{
    qint64 earliest = -1;
    const auto consider = [&earliest](const QDeadlineTimer &deadline) {
        if (deadline.isForever())
            return;
        const qint64 left = std::max<qint64>(0, deadline.remainingTime());
        earliest = earliest < 0 ? left : std::min(earliest, left);
    };
    for (const Entry &e : std::as_const(m_entries))
        consider(e.ackDeadline);
    for (const QDeadlineTimer &hold : std::as_const(m_holds))
        consider(hold);
    if (earliest < 0)
        m_ackTimer.stop();
    else
        m_ackTimer.start(std::chrono::milliseconds(earliest));
}

void Outbox::onAckTimer()
{
    QSet<QString> released; // rooms whose hold ended now
    for (auto it = m_holds.begin(); it != m_holds.end();) {
        if (it->hasExpired()) {
            released.insert(it.key());
            it = m_holds.erase(it);
        } else {
            ++it;
        }
    }
    QStringList due;
    for (int i = 0; i < m_entries.size();) {
        Entry &e = m_entries[i];
        if (released.contains(e.message.room) && (e.held || e.message.delivery == Delivery::Pending)) {
            e.held = false; // the wait is over: due again, in the order they were typed
            e.ackDeadline = QDeadlineTimer(QDeadlineTimer::Forever);
            due << e.message.clientId;
            ++i;
            continue;
        }
        if (e.ackDeadline.isForever() || !e.ackDeadline.hasExpired()) {
            ++i;
            continue;
        }
        if (isHeld(e.message.room)) { // its ack is late, but its room waits: resent with the others
            e.held = true;
            e.ackDeadline = QDeadlineTimer(QDeadlineTimer::Forever);
            ++i;
            continue;
        }
        if (e.attempts > m_ackRetries) {
            qCWarning(lcChat) << "message" << e.message.clientId << "never acknowledged; failed";
            ChatMessage m = m_entries.takeAt(i).message;
            setDelivery(m, Delivery::Failed);
            m_failed << m;
            continue;
        }
        qCInfo(lcChat) << "no ack for" << e.message.clientId << "; writing it again";
        e.ackDeadline = QDeadlineTimer(QDeadlineTimer::Forever);
        due << e.message.clientId;
        ++i;
    }
    // Emitted after the loop: a handler writes (and so changes) entries.
    for (const QString &clientId : std::as_const(due))
        Q_EMIT resendDue(clientId);
    armAckTimer();
}

int Outbox::indexOf(const QString &clientId) const
{
    for (int i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).message.clientId == clientId)
            return i;
    }
    return -1;
}

int Outbox::failedIndex(const QString &clientId) const
{
    for (int i = 0; i < m_failed.size(); ++i) {
        if (m_failed.at(i).clientId == clientId)
            return i;
    }
    return -1;
}
