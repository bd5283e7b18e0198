#include "readtracker.h"

#include "logging.h"

#include <limits>

ReadTracker::ReadTracker(std::function<bool(const QString &)> isOurRoom, QObject *parent)
    : QObject(parent)
    , m_isOurRoom(std::move(isOurRoom))
{
    m_clock.start();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ReadTracker::pump);
}

void ReadTracker::setProtocol(ChatProtocol *p)
{
    m_protocol = p;
    m_joined.clear();
    connect(p, &ChatProtocol::joined, this, [this](const QString &room) {
        m_joined.insert(room);
        pump();
    });
    connect(p, &ChatProtocol::notReady, this, [this] {
        m_joined.clear();
        for (Room &r : m_rooms)
            r.inFlight = 0; // its answer is lost with the link: sent again after the next join
    });
    connect(p, &ChatProtocol::signedIn, this, [this](const Identity &identity) {
        m_enabled = identity.readReceipts;
        if (m_wanted && *m_wanted != m_enabled && m_protocol)
            m_protocol->sendPrivacy(*m_wanted);
    });
    connect(p, &ChatProtocol::receiptReceived, this, &ReadTracker::onReceipt);
    connect(p, &ChatProtocol::receiptsReplaced, this, &ReadTracker::onReplaced);
    connect(p, &ChatProtocol::readAcknowledged, this, &ReadTracker::onAcknowledged);
    connect(p, &ChatProtocol::readDeferred, this, &ReadTracker::onDeferred);
    connect(p, &ChatProtocol::privacyChanged, this, &ReadTracker::onPrivacy);
}

qint64 ReadTracker::ownId() const
{
    return m_protocol ? m_protocol->identity().userId : 0;
}

void ReadTracker::markRead(const QString &room, qint64 seq)
{
    if (seq <= 0 || !m_isOurRoom(room) || !m_protocol || !m_protocol->capabilities().receipts)
        return;
    moveTo(room, seq);
    pump();
}

void ReadTracker::moveTo(const QString &room, qint64 seq)
{
    Room &r = m_rooms[room];
    if (seq <= r.position)
        return;
    r.position = seq;
    Q_EMIT readPositionChanged(room, seq);
}

void ReadTracker::setReadReceipts(bool on)
{
    m_wanted = on;
    if (m_protocol && m_protocol->isReady() && m_protocol->capabilities().receipts)
        m_protocol->sendPrivacy(on);
}

QList<qint64> ReadTracker::readers(const QString &room, qint64 seq) const
{
    QList<qint64> ids = m_table.readers(room, seq);
    ids.removeAll(ownId());
    return ids;
}

void ReadTracker::forgetRoom(const QString &room)
{
    m_rooms.remove(room);
    m_joined.remove(room);
    m_table.forgetRoom(room);
}

void ReadTracker::onReceipt(const ReadReceipt &receipt)
{
    if (!m_isOurRoom(receipt.room))
        return;
    if (receipt.userId == ownId()) { // another device of ours (or this one's echo)
        Room &r = m_rooms[receipt.room];
        r.acked = qMax(r.acked, receipt.seq);
        moveTo(receipt.room, receipt.seq);
    }
    if (m_table.advance(receipt))
        Q_EMIT receiptsChanged(receipt.room);
}

void ReadTracker::onReplaced(const QString &room, const QList<ReadReceipt> &receipts)
{
    if (!m_isOurRoom(room))
        return;
    for (const ReadReceipt &r : receipts) {
        if (r.userId == ownId()) {
            Room &own = m_rooms[room];
            own.acked = qMax(own.acked, r.seq);
            moveTo(room, r.seq);
        }
    }
    if (m_table.replaceRoom(room, receipts))
        Q_EMIT receiptsChanged(room);
}

void ReadTracker::onAcknowledged(const QString &room, qint64 seq)
{
    const auto it = m_rooms.find(room);
    if (it == m_rooms.end())
        return; // left meanwhile
    it->acked = qMax(it->acked, seq);
    if (it->inFlight <= seq)
        it->inFlight = 0;
    moveTo(room, seq);
    pump(); // a newer position may be waiting
}

void ReadTracker::onDeferred(const QString &room, qint64 retryAfterMs)
{
    const auto it = m_rooms.find(room);
    if (it == m_rooms.end())
        return;
    it->inFlight = 0;
    it->notBeforeMs = m_clock.elapsed() + qMax<qint64>(retryAfterMs, 1);
    pump();
}

void ReadTracker::onPrivacy(bool on)
{
    m_enabled = on;
    if (m_wanted == on)
        m_wanted.reset();
    if (on) {
        pump();
        return;
    }
    // Off: the server sends nobody's receipts any more; what was known is not current.
    const QList<QString> rooms = m_table.rooms();
    m_table.clear();
    for (const QString &room : rooms)
        Q_EMIT receiptsChanged(room);
}

void ReadTracker::pump()
{
    if (!m_protocol || !m_enabled)
        return;
    const qint64 now = m_clock.elapsed();
    qint64 nextWait = std::numeric_limits<qint64>::max();
    for (auto it = m_rooms.begin(); it != m_rooms.end(); ++it) {
        Room &r = *it;
        if (!m_joined.contains(it.key()) || r.position <= r.acked || r.position <= r.inFlight)
            continue;
        qint64 wait = r.notBeforeMs - now;
        if (r.lastSent.isValid())
            wait = qMax(wait, qint64(m_interval.count()) - r.lastSent.elapsed());
        if (wait > 0) {
            nextWait = qMin(nextWait, wait);
            continue;
        }
        r.inFlight = r.position;
        r.lastSent.start();
        ++m_sent;
        qCDebug(lcChat) << "read" << it.key() << "up to" << r.position;
        m_protocol->sendRead(it.key(), r.position);
    }
    if (nextWait != std::numeric_limits<qint64>::max()
        && (!m_timer.isActive() || m_timer.remainingTime() > nextWait))
        m_timer.start(std::chrono::milliseconds(nextWait));
}
