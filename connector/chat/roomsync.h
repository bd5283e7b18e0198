#pragma once
// How far one room's history is known, and what to ask the server for next. Pure bookkeeping:
// no timers, no sockets; ChatClient feeds it what happened and sends the requests it returns.
//
//   Joining ──joined()──▶ CatchingUp ──pageReceived(…, hasMore = false)──▶ Synced
//      ▲        │ nothing missed                          ▲    │ liveSeq() reveals a gap,
//      │        └────────────────────────────────────────┘    │ tailCheckDue()
//      └── reset() (link lost, room left) ◀────────────────────┘
//
// The watermark (ChatStore::syncedSeq) moves only over a run without gaps: by a live message
// that is the next one, or by a catch-up page (which the server sends without gaps from its start).
// A catch-up goes on until the watermark reaches the newest seq seen on any path.
//
// The tail: a message lost at the very end of a burst (a broadcast that went to a dying session,
// or was dropped on the way) reveals no gap, because nothing follows it. So after every join and
// every live message the room owes a tail check: once it has been quiet for the tail-check delay,
// ChatClient asks once for what lies after the watermark (tailCheckDue()). An empty answer
// settles it; a non-empty one is taken like any catch-up page and owes another check.
//
// A server drives the catch-up, so it is bounded: a page that does not move the watermark while
// more is asked for (the same page again, an empty page under a claimed lastSeq) stops it at once
// (Synced, the server's claim forgotten, no tail check owed: the next live message starts over);
// after kMaxPagesPerCatchUp pages it stops too and the owed tail check goes on later. Both are
// logged and counted in stops().
#include <QDeadlineTimer>
#include <QString>
#include <chrono>
#include <optional>

class ChatStore;

class RoomSync
{
public:
    enum class SyncState { Joining, CatchingUp, Synced };

    //! A history request: messages after \a after, at most \a limit of them.
    struct Request
    {
        qint64 after = 0;
        int limit = 0;
        bool operator==(const Request &o) const { return after == o.after && limit == o.limit; }
    };

    //! Messages per history request while catching up.
    static constexpr int kPage = 500;
    //! Messages fetched on the first join of a room with no local history.
    static constexpr int kInitialPage = 100;
    //! Pages one catch-up asks for at most (an endless hasMore); then it stops until the tail check.
    static constexpr int kMaxPagesPerCatchUp = 50;

    //! Why catch-ups were cut short (for logs and tests).
    struct Stops
    {
        int noProgress = 0; //!< a page that did not move the watermark
        int pageCap = 0;    //!< kMaxPagesPerCatchUp reached
    };

    //! \a store (not owned) keeps the watermark.
    RoomSync(const QString &room, ChatStore *store, std::chrono::milliseconds tailCheckDelay);
    //! A new delay for the next tail checks (new settings); the state is kept.
    void setTailCheckDelay(std::chrono::milliseconds delay) { m_tailCheckDelay = delay; }

    QString room() const { return m_room; }
    SyncState state() const { return m_state; }
    //! Joined on the current link (any state but Joining).
    bool isJoined() const { return m_state != SyncState::Joining; }
    //! Every message after the first sync point up to this seq is known.
    qint64 watermark() const;
    //! The newest seq seen for the room on any path, this run.
    qint64 highestSeen() const { return m_highestSeen; }

    //! The link is gone (or the room left): back to Joining; no tail check is owed.
    void reset();
    //! The server acknowledged the join; \a serverLastSeq is its newest seq. Returns the catch-up
    //! to ask for, or nullopt when nothing was missed (then Synced).
    std::optional<Request> joined(qint64 serverLastSeq);
    //! For a server without history: joined, and Synced at once.
    void joinedWithoutHistory();
    //! A sequenced message (or an ack of one's own) arrived live. Returns a catch-up when it
    //! reveals a gap.
    std::optional<Request> liveSeq(qint64 seq);
    //! A catch-up page whose highest seq is \a highest (0 if empty) arrived. Returns the next
    //! request, or nullopt when the room is Synced.
    std::optional<Request> pageReceived(qint64 highest, bool hasMore);
    //! The sync watchdog: a catch-up with no answer, or a room left behind its newest seq, is asked
    //! again. Returns that request, or nullopt when all is well.
    std::optional<Request> recheck();
    //! When a tail check is owed: the deadline, else forever.
    QDeadlineTimer tailCheckDeadline() const { return m_tailCheck; }
    //! The owed tail check, if its deadline has passed and the room is Synced: the request to make.
    std::optional<Request> tailCheckDue();
    //! Catch-ups cut short so far.
    Stops stops() const { return m_stops; }

private:
    Request catchUp(qint64 after, int limit);
    void owesTailCheck();
    //! Ends the catch-up under way without reaching the newest seq seen (\a why for the log).
    void stopCatchUp(const char *why);

    QString m_room;
    ChatStore *m_store;
    std::chrono::milliseconds m_tailCheckDelay;
    SyncState m_state = SyncState::Joining;
    qint64 m_highestSeen = 0;
    int m_pages = 0; //!< pages received by the catch-up under way
    Stops m_stops;
    QDeadlineTimer m_tailCheck{QDeadlineTimer::Forever};
};
