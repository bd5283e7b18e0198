#include "syncdriver.h"

#include "logging.h"

using SyncState = RoomSync::SyncState;

namespace {
qint64 textBytes(const ChatMessage &m)
{
    return (m.text.size() + m.raw.size() + m.sender.size()) * qint64(sizeof(QChar));
}
} // namespace

SyncDriver::SyncDriver(RequestHistory request, ChatStore *store, QObject *parent)
    : QObject(parent)
    , m_request(std::move(request))
    , m_store(store)
{
    m_clock.start();
    m_watchdog.setSingleShot(true);
    connect(&m_watchdog, &QTimer::timeout, this, &SyncDriver::onWatchdog);
    m_tailTimer.setSingleShot(true);
    connect(&m_tailTimer, &QTimer::timeout, this, &SyncDriver::onTailTimer);
    m_budgetTimer.setSingleShot(true);
    connect(&m_budgetTimer, &QTimer::timeout, this, &SyncDriver::onBudgetTimer);
    m_joinTimer.setSingleShot(true);
    connect(&m_joinTimer, &QTimer::timeout, this, &SyncDriver::onJoinTimer);
}

void SyncDriver::setSettings(const ConnectorSettings &settings)
{
    // New timings only: a room's sync state stays (starting it over on a connected client held
    // every live message back for a catch-up that was never asked for).
    m_settings = settings;
    for (auto &[name, room] : m_rooms)
        room.sync.setTailCheckDelay(settings.tailCheckDelay);
}

void SyncDriver::setStore(ChatStore *store)
{
    // Called before connecting: rooms joined before get the new store and timings.
    m_store = store;
    for (auto &[name, room] : m_rooms)
        room.sync = RoomSync(name, m_store, m_settings.tailCheckDelay);
}

void SyncDriver::addRoom(const QString &room)
{
    m_rooms.insert_or_assign(room, Room(RoomSync(room, m_store, m_settings.tailCheckDelay)));
}

void SyncDriver::removeRoom(const QString &room)
{
    m_rooms.erase(room);
}

SyncDriver::Room *SyncDriver::roomOf(const QString &room)
{
    const auto it = m_rooms.find(room);
    return it == m_rooms.end() ? nullptr : &it->second;
}

const RoomSync *SyncDriver::sync(const QString &room) const
{
    const auto it = m_rooms.find(room);
    return it == m_rooms.end() ? nullptr : &it->second.sync;
}

int SyncDriver::requestsSent(const QString &room) const
{
    const auto it = m_rooms.find(room);
    return it == m_rooms.end() ? 0 : it->second.sent;
}

RoomSync::SyncState SyncDriver::state(const QString &room) const
{
    const RoomSync *s = sync(room);
    return s ? s->state() : SyncState::Joining;
}

void SyncDriver::joined(const QString &room, qint64 serverLastSeq, bool history,
                        const std::function<void()> &announce)
{
    if (!roomOf(room))
        return;
    roomOf(room)->joinDue = QDeadlineTimer(QDeadlineTimer::Forever);
    roomOf(room)->joinsSent = 0;
    armJoinTimer();
    std::optional<RoomSync::Request> request;
    if (history)
        request = roomOf(room)->sync.joined(serverLastSeq);
    else
        roomOf(room)->sync.joinedWithoutHistory();
    announce();
    if (Room *r = roomOf(room)) // a listener may have left it meanwhile
        follow(*r, SyncState::Joining, request);
}

void SyncDriver::joinSent(const QString &room)
{
    Room *r = roomOf(room);
    if (!r)
        return;
    r->joinDue = QDeadlineTimer(m_settings.ackTimeout);
    ++r->joinsSent;
    armJoinTimer();
}

void SyncDriver::joinRefused(const QString &room)
{
    if (Room *r = roomOf(room)) {
        r->joinDue = QDeadlineTimer(QDeadlineTimer::Forever);
        r->joinsSent = 0;
        armJoinTimer();
    }
}

void SyncDriver::armAtEarliest(QTimer &timer, const std::function<QDeadlineTimer(const Room &)> &due)
{
    qint64 earliest = -1;
    for (const auto &[name, room] : m_rooms) {
        const QDeadlineTimer deadline = due(room);
        if (deadline.isForever())
            continue;
        const qint64 left = std::max<qint64>(0, deadline.remainingTime());
        earliest = earliest < 0 ? left : std::min(earliest, left);
    }
    if (earliest < 0)
        timer.stop();
    else
        timer.start(std::chrono::milliseconds(earliest));
}

void SyncDriver::armJoinTimer()
{
    armAtEarliest(m_joinTimer, [](const Room &r) {
        return r.sync.state() == SyncState::Joining ? r.joinDue : QDeadlineTimer(QDeadlineTimer::Forever);
    });
}

void SyncDriver::onJoinTimer()
{
    QStringList again, givenUp;
    for (auto &[name, room] : m_rooms) {
        if (room.joinDue.isForever() || !room.joinDue.hasExpired() || room.sync.state() != SyncState::Joining)
            continue;
        room.joinDue = QDeadlineTimer(QDeadlineTimer::Forever);
        if (room.joinsSent > m_settings.ackRetries) {
            qCWarning(lcChat).noquote() << "join of" << name << "unanswered" << room.joinsSent << "times";
            givenUp << name;
        } else {
            qCInfo(lcChat).noquote() << "join of" << name << "unanswered after" << m_settings.ackTimeout.count()
                                     << "ms; asking again";
            again << name;
        }
    }
    // The handlers may add or remove rooms: emitted after the walk.
    for (const QString &room : std::as_const(again))
        Q_EMIT rejoin(room);
    if (!givenUp.isEmpty())
        Q_EMIT joinsUnanswered(givenUp.constFirst());
    armJoinTimer();
}

void SyncDriver::liveSeq(const QString &room, qint64 seq)
{
    if (Room *r = roomOf(room)) {
        const SyncState before = r->sync.state();
        follow(*r, before, r->sync.liveSeq(seq));
    }
}

bool SyncDriver::holdBack(const ChatMessage &m)
{
    Room *r = roomOf(m.room);
    if (!r || r->sync.state() != SyncState::CatchingUp || m.seq <= 0)
        return false;
    // Handed over with the catch-up page it belongs after, so the order stays seq order.
    if (r->held.size() >= kMaxHeldLive || r->heldBytes + textBytes(m) > kMaxHeldBytes) {
        qCWarning(lcChat) << "more than" << kMaxHeldLive << "live messages or" << kMaxHeldBytes
                          << "bytes held during a catch-up of" << m.room << "; handing them over out of order";
        return false;
    }
    const auto at = std::upper_bound(r->held.begin(), r->held.end(), m,
                                     [](const ChatMessage &a, const ChatMessage &b) { return a.seq < b.seq; });
    r->held.insert(at, m);
    r->heldBytes += textBytes(m);
    follow(*r, SyncState::CatchingUp, r->sync.liveSeq(m.seq));
    return true;
}

bool SyncDriver::pageReceived(const QString &room, const QList<ChatMessage> &fresh, qint64 highest, bool hasMore)
{
    Room *r = roomOf(room);
    if (!r || r->sync.state() != SyncState::CatchingUp)
        return false;
    const std::optional<RoomSync::Request> next = r->sync.pageReceived(highest, hasMore);
    // What the page covers, and every held live message once the catch-up ended.
    handOver(*r, fresh, next ? highest : -1);
    if (!next)
        qCInfo(lcChat).noquote() << "catch-up of" << room << "ended at seq" << r->sync.watermark();
    follow(*r, SyncState::CatchingUp, next);
    return true;
}

void SyncDriver::linkLost()
{
    for (auto &[name, room] : m_rooms) {
        handOver(room, {}, -1); // held live messages are stored already: never lost with the link
        room.sync.reset();
    }
    m_watchdog.stop();
    m_tailTimer.stop();
    m_budgetTimer.stop();
    m_joinTimer.stop();
    for (auto &[name, room] : m_rooms) {
        room.waiting.reset();
        room.olderWaiting.reset();
        room.joinDue = QDeadlineTimer(QDeadlineTimer::Forever);
        room.joinsSent = 0;
    }
}

void SyncDriver::handOver(Room &r, QList<ChatMessage> fresh, qint64 upTo)
{
    // Held messages alone are still live news (notifications); mixed into a page they are history.
    const bool live = fresh.isEmpty();
    qsizetype taken = 0;
    while (taken < r.held.size() && (upTo < 0 || r.held.at(taken).seq <= upTo))
        r.heldBytes -= textBytes(r.held.at(taken++));
    if (taken > 0) {
        fresh << r.held.mid(0, taken);
        r.held.remove(0, taken);
        std::stable_sort(fresh.begin(), fresh.end(),
                         [](const ChatMessage &a, const ChatMessage &b) { return a.seq < b.seq; });
    }
    if (r.held.isEmpty())
        r.heldBytes = 0;
    if (!fresh.isEmpty())
        Q_EMIT handedOver(fresh, live);
}

void SyncDriver::follow(Room &r, SyncState before, std::optional<RoomSync::Request> request)
{
    if (request)
        send(r, *request);
    else if (before != SyncState::Synced && r.sync.state() == SyncState::Synced) {
        Q_EMIT roomSynced(r.sync.room());
        if (r.olderWaiting) // asked for during the catch-up
            sendOlder(r, r.olderWaiting->first, r.olderWaiting->second);
    }
    armTailTimer();
}

void SyncDriver::send(Room &r, const RoomSync::Request &request)
{
    if (!m_watchdog.isActive())
        m_watchdog.start(m_settings.ackTimeout);
    if (!takeBudget(r, request.after)) {
        r.waiting = request;
        return;
    }
    r.waiting.reset();
    qCInfo(lcChat).noquote() << "asking for" << r.sync.room() << "after seq" << request.after;
    m_request(r.sync.room(), request.after, 0, request.limit);
    m_watchdog.start(m_settings.ackTimeout);
}

bool SyncDriver::takeBudget(Room &r, qint64 after)
{
    if (!r.budget.take(m_clock.elapsed())) {
        const auto wait = std::chrono::milliseconds(r.budget.waitMs(m_clock.elapsed()));
        if (!m_budgetTimer.isActive() || m_budgetTimer.remainingTimeAsDuration() > wait)
            m_budgetTimer.start(wait);
        if (r.deferred++ == 0)
            qCWarning(lcChat).noquote() << "history requests of" << r.sync.room() << "over budget (" << kRequestBurst
                                        << "at once, then one per" << kRequestRefill.count()
                                        << "ms); request after seq" << after << "deferred";
        return false;
    }
    r.deferred = 0;
    ++r.sent;
    return true;
}

void SyncDriver::fetchOlder(const QString &room, qint64 beforeSeq, int limit)
{
    if (Room *r = roomOf(room))
        sendOlder(*r, beforeSeq, limit);
}

void SyncDriver::sendOlder(Room &r, qint64 before, int limit)
{
    // During a catch-up its answer would pass for a catch-up page (and end the catch-up): it
    // waits until the room is synced.
    if (r.sync.state() == SyncState::CatchingUp || !takeBudget(r, 0)) {
        r.olderWaiting = std::pair(before, limit);
        return;
    }
    r.olderWaiting.reset();
    qCDebug(lcChat).noquote() << "asking for" << r.sync.room() << "before seq" << before;
    m_request(r.sync.room(), 0, before, limit);
}

void SyncDriver::onWatchdog()
{
    for (auto &[name, room] : m_rooms) {
        if (const std::optional<RoomSync::Request> request = room.sync.recheck()) {
            qCInfo(lcChat).noquote() << "sync of" << name << "stalled at" << room.sync.watermark() << "; asking again";
            send(room, *request);
        }
    }
}

void SyncDriver::onBudgetTimer()
{
    for (auto &[name, room] : m_rooms) {
        if (room.waiting && room.sync.state() == SyncState::CatchingUp)
            send(room, *room.waiting);
        else
            room.waiting.reset();
        if (room.olderWaiting)
            sendOlder(room, room.olderWaiting->first, room.olderWaiting->second);
    }
}

void SyncDriver::armTailTimer()
{
    armAtEarliest(m_tailTimer, [](const Room &r) {
        return r.sync.state() == SyncState::Synced ? r.sync.tailCheckDeadline() : QDeadlineTimer(QDeadlineTimer::Forever);
    });
}

void SyncDriver::onTailTimer()
{
    for (auto &[name, room] : m_rooms) {
        if (const std::optional<RoomSync::Request> request = room.sync.tailCheckDue()) {
            qCDebug(lcChat).noquote() << "tail check of" << name << "after seq" << request->after;
            send(room, *request);
        }
    }
    armTailTimer();
}
