#include "inmemorychatstore.h"

#include "messagechange.h"

#include "logging.h"

using Delivery = ChatMessage::Delivery;

InMemoryChatStore::InMemoryChatStore(qsizetype maxKnown)
    : m_maxKnown(std::max<qsizetype>(1, maxKnown))
{
}

void InMemoryChatStore::know(const QString &key)
{
    if (m_known.contains(key))
        return;
    m_known.insert(key);
    m_knownOrder.push_back(key);
    if (m_knownOrder.size() <= size_t(m_maxKnown))
        return;
    if (!std::exchange(m_forgetting, true)) // once, when the bound is first reached
        qCInfo(lcChat) << "over" << m_maxKnown << "message identities known; forgetting the oldest";
    m_known.remove(m_knownOrder.front());
    m_knownOrder.pop_front();
}

bool InMemoryChatStore::roomFits(const QHash<QString, qint64> &seqs, const QString &room)
{
    if (seqs.contains(room) || seqs.size() < kMaxRooms)
        return true;
    if (!std::exchange(m_roomsFull, true))
        qCWarning(lcChat).noquote() << "over" << kMaxRooms << "rooms known; seqs of further rooms (first"
                                    << room.left(80) << ") are not kept";
    return false;
}

void InMemoryChatStore::setSyncedSeq(const QString &room, qint64 seq)
{
    if (roomFits(m_synced, room))
        m_synced.insert(room, seq);
}

QString InMemoryChatStore::seqKey(const QString &room, qint64 seq)
{
    return QLatin1String("s:") + room + QLatin1Char(':') + QString::number(seq);
}

void InMemoryChatStore::noteSeq(const QString &room, qint64 seq)
{
    if (seq <= 0)
        return;
    know(seqKey(room, seq));
    if (!roomFits(m_lastSeq, room))
        return;
    qint64 &last = m_lastSeq[room];
    last = std::max(last, seq);
}

bool InMemoryChatStore::saveOutgoing(const ChatMessage &message)
{
    know(message.key());
    m_own << message;
    return true;
}

void InMemoryChatStore::updateDelivery(const QString &clientId, Delivery state, qint64 seq,
                                       const QDateTime &time)
{
    for (int i = 0; i < m_own.size(); ++i) {
        ChatMessage &m = m_own[i];
        if (m.clientId != clientId)
            continue;
        m.delivery = state;
        if (seq > 0) {
            m.seq = seq;
            noteSeq(m.room, seq);
        }
        if (time.isValid())
            m.time = time;
        if (state == Delivery::Delivered)
            m_own.removeAt(i); // settled: only its identity is kept
        return;
    }
    if (seq > 0) {
        // A message settled outside the outbox (a Failed one seen delivered): keep its identity.
        know(QLatin1String("c:") + clientId);
    }
}

QList<ChatMessage> InMemoryChatStore::unacknowledged() const
{
    QList<ChatMessage> out;
    for (const ChatMessage &m : m_own) {
        if (m.delivery == Delivery::Pending || m.delivery == Delivery::Sent)
            out << m;
    }
    return out;
}

bool InMemoryChatStore::removeOutgoing(const QString &clientId)
{
    for (qsizetype i = 0; i < m_own.size(); ++i) {
        if (m_own.at(i).clientId == clientId && m_own.at(i).seq <= 0) {
            m_own.removeAt(i);
            return true;
        }
    }
    return false;
}

QList<ChatMessage> InMemoryChatStore::failed() const
{
    QList<ChatMessage> out;
    for (const ChatMessage &m : m_own) {
        if (m.delivery == Delivery::Failed)
            out << m;
    }
    return out;
}

void InMemoryChatStore::noteChange(const ChatMessage &change)
{
    if (!change.isChange() || change.seq <= 0)
        return;
    const QString subject = MessageChange::subjectOf(change);
    const auto it = m_latestChange.find(subject);
    if (it != m_latestChange.end()) {
        *it = std::max(*it, change.seq);
        return;
    }
    m_latestChange.insert(subject, change.seq);
    m_changeOrder.push_back(subject);
    if (m_changeOrder.size() > size_t(m_maxKnown)) {
        m_latestChange.remove(m_changeOrder.front());
        m_changeOrder.pop_front();
    }
}

bool InMemoryChatStore::isSuperseded(const ChatMessage &change) const
{
    return change.isChange() && change.seq > 0
        && m_latestChange.value(MessageChange::subjectOf(change)) > change.seq;
}

bool InMemoryChatStore::saveReceived(const ChatMessage &m)
{
    noteChange(m);
    const QString key = m.key();
    if (key.isEmpty())
        return true; // no identity (classic broadcast): cannot be a known duplicate
    bool fresh = !m_known.contains(key);
    know(key);
    if (m.seq > 0 && !m.room.isEmpty()) {
        // Known under either identity: a message seen live (client id) and again in history.
        fresh = fresh && !m_known.contains(seqKey(m.room, m.seq));
        noteSeq(m.room, m.seq);
    }
    return fresh;
}
