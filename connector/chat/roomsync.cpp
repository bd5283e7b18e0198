#include "roomsync.h"

#include "chatstore.h"
#include "logging.h"

RoomSync::RoomSync(const QString &room, ChatStore *store, std::chrono::milliseconds tailCheckDelay)
    : m_room(room)
    , m_store(store)
    , m_tailCheckDelay(tailCheckDelay)
{
}

qint64 RoomSync::watermark() const
{
    return m_store->syncedSeq(m_room);
}

void RoomSync::reset()
{
    m_state = SyncState::Joining;
    m_tailCheck = QDeadlineTimer(QDeadlineTimer::Forever);
}

RoomSync::Request RoomSync::catchUp(qint64 after, int limit)
{
    if (m_state != SyncState::CatchingUp)
        m_pages = 0; // a new catch-up
    m_state = SyncState::CatchingUp;
    return Request{after, limit};
}

void RoomSync::owesTailCheck()
{
    m_tailCheck.setRemainingTime(m_tailCheckDelay);
}

std::optional<RoomSync::Request> RoomSync::joined(qint64 serverLastSeq)
{
    m_highestSeen = std::max(m_highestSeen, serverLastSeq);
    owesTailCheck();
    const qint64 known = watermark();
    if (known == 0 && serverLastSeq > 0)
        return catchUp(0, kInitialPage); // a new room: the latest only, older ones on scrolling
    if (serverLastSeq > known)
        return catchUp(known, kPage); // what was missed since the watermark
    m_state = SyncState::Synced;
    return std::nullopt;
}

void RoomSync::joinedWithoutHistory()
{
    m_state = SyncState::Synced;
}

std::optional<RoomSync::Request> RoomSync::liveSeq(qint64 seq)
{
    if (seq <= 0)
        return std::nullopt;
    m_highestSeen = std::max(m_highestSeen, seq);
    if (m_state == SyncState::Joining)
        return std::nullopt; // the join's answer will say how far the room is
    owesTailCheck();
    if (m_state == SyncState::CatchingUp)
        return std::nullopt; // the catch-up under way moves the watermark (and looks again at its end)
    const qint64 synced = watermark();
    if (seq == synced + 1) {
        m_store->setSyncedSeq(m_room, seq);
        return std::nullopt;
    }
    if (seq > synced + 1) {
        // Something between was missed (or arrived before a catch-up ended): fetch it.
        qCInfo(lcChat) << "gap in" << m_room << "after" << synced << "(got" << seq << "); catching up";
        return catchUp(synced, kPage);
    }
    return std::nullopt;
}

std::optional<RoomSync::Request> RoomSync::pageReceived(qint64 highest, bool hasMore)
{
    if (m_state != SyncState::CatchingUp)
        return std::nullopt; // an answer to an older-history request, or from before a reset
    ++m_pages;
    // A catch-up page runs without gaps from its start: everything up to its end is known.
    const bool progress = highest > watermark();
    if (progress) {
        m_store->setSyncedSeq(m_room, highest);
        owesTailCheck(); // something was missing: the tail after it may be too
    }
    m_highestSeen = std::max(m_highestSeen, highest);
    // Messages that came live during the catch-up lie beyond its end, and one of them may have
    // been lost on the way: go on until the watermark reaches the newest seq seen.
    const bool more = (hasMore && highest > 0) || m_highestSeen > watermark();
    if (!more) {
        m_state = SyncState::Synced;
        return std::nullopt;
    }
    if (!progress) {
        ++m_stops.noProgress;
        m_tailCheck = QDeadlineTimer(QDeadlineTimer::Forever); // asking again would bring the same
        stopCatchUp("a page that does not move the watermark");
        return std::nullopt;
    }
    if (m_pages >= kMaxPagesPerCatchUp) {
        ++m_stops.pageCap;
        stopCatchUp("the page cap (RoomSync::kMaxPagesPerCatchUp)");
        return std::nullopt;
    }
    return Request{hasMore && highest > 0 ? highest : watermark(), kPage};
}

void RoomSync::stopCatchUp(const char *why)
{
    qCWarning(lcChat).noquote() << "catch-up of" << m_room << "stopped after" << m_pages << "page(s) at seq"
                                << watermark() << "(the server claimed" << m_highestSeen << "):" << why;
    // The server's claim is forgotten: the next live message past the watermark starts over.
    m_highestSeen = watermark();
    m_state = SyncState::Synced;
}

std::optional<RoomSync::Request> RoomSync::recheck()
{
    if (m_state == SyncState::Joining)
        return std::nullopt;
    if (m_state == SyncState::CatchingUp || m_highestSeen > watermark())
        return catchUp(watermark(), kPage);
    return std::nullopt;
}

std::optional<RoomSync::Request> RoomSync::tailCheckDue()
{
    if (m_tailCheck.isForever() || !m_tailCheck.hasExpired() || m_state != SyncState::Synced)
        return std::nullopt;
    m_tailCheck = QDeadlineTimer(QDeadlineTimer::Forever);
    return catchUp(watermark(), kPage);
}
