#pragma once
// SyncDriver: runs the RoomSync of every joined room for ChatClient. It sends the history requests
// they ask for, looks again when an answer does not come (the watchdog) or a room owes a tail check
// (the tail timer), and holds back live messages of a room that is catching up, so that what is
// handed over comes in seq order. ChatClient de-duplicates and stores before it gets here.
//
// Bounded, since a server drives it (docs/security.md, "Hostile servers"):
//  * a catch-up that makes no progress, or asks for more than RoomSync::kMaxPagesPerCatchUp
//    pages, stops (RoomSync);
//  * history requests of one room go through a RequestBudget (kRequestBurst at once, then one per
//    kRequestRefill): past it a request waits until the budget allows it;
//  * live messages held back per room: at most kMaxHeldLive of them and kMaxHeldBytes of text;
//    past either, they are handed over at once (out of order) rather than pile up;
//  * a join not answered within ackTimeout is sent again (rejoin()), up to ackRetries times;
//    then the link is given up on (joinsUnanswered()): a lost join must not leave a room, its
//    outbox and its catch-up waiting for ever on a link that otherwise looks alive.
#include "chatmessage.h"
#include "connectorsettings.h"
#include "requestbudget.h"
#include "roomsync.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>
#include <chrono>
#include <functional>
#include <map>
#include <optional>

class ChatStore;

class SyncDriver : public QObject
{
    Q_OBJECT
public:
    //! Sends one history request: messages of \a room after \a after (and, when \a before > 0,
    //! before \a before: the newest of those), at most \a limit.
    using RequestHistory = std::function<void(const QString &room, qint64 after, qint64 before, int limit)>;

    SyncDriver(RequestHistory request, ChatStore *store, QObject *parent = nullptr);

    //! New timings / a new store (before connecting): rooms start over with them.
    void setSettings(const ConnectorSettings &settings);
    void setStore(ChatStore *store);

    void addRoom(const QString &room);
    void removeRoom(const QString &room);
    //! \a room's sync, or nullptr when it is not joined.
    const RoomSync *sync(const QString &room) const;
    //! History requests sent for \a room since it was added (for tests of the bounds).
    int requestsSent(const QString &room) const;
    RoomSync::SyncState state(const QString &room) const;

    //! The server acknowledged the join of \a room (its newest seq \a serverLastSeq); without
    //! \a history the room is Synced at once. \a announce runs once the room counts as joined
    //! and before its catch-up is asked for (the caller's signals and outbox).
    void joined(const QString &room, qint64 serverLastSeq, bool history, const std::function<void()> &announce);
    //! A join of \a room was sent (call it before sending: an answer may come at once). Its answer
    //! is watched for: see rejoin() and joinsUnanswered().
    void joinSent(const QString &room);
    //! The server refused the join of \a room: no answer is awaited any more.
    void joinRefused(const QString &room);
    //! A live message of \a room with \a seq was accepted (or an ack of one's own gave it): may
    //! reveal a gap.
    void liveSeq(const QString &room, qint64 seq);
    //! A fresh live message: true if it is held back (handed over later through handedOver()).
    bool holdBack(const ChatMessage &message);
    //! A history page for \a room: \a fresh its new messages, \a highest its highest seq. False
    //! when the room is not catching up (an answer to fetchOlder()): then the caller hands it over.
    bool pageReceived(const QString &room, const QList<ChatMessage> &fresh, qint64 highest, bool hasMore);
    //! Asks for up to \a limit messages of \a room older than \a beforeSeq (scrolling back), within
    //! the room's request budget: past it the request waits (the newest one asked for replaces an
    //! older waiting one), and not during a catch-up of the room (it waits until the room is
    //! synced). The answer comes through pageReceived() (false: not a catch-up page).
    void fetchOlder(const QString &room, qint64 beforeSeq, int limit);
    //! The link is gone: held messages are handed over, every room back to Joining.
    void linkLost();

    //! Live messages held back per room at most, and the most text they may hold (bytes of UTF-16).
    static constexpr int kMaxHeldLive = 10'000;
    static constexpr qint64 kMaxHeldBytes = 64 * 1024 * 1024;
    //! History requests per room: this many at once…
    static constexpr int kRequestBurst = 60;
    //! …then one per this interval.
    static constexpr std::chrono::milliseconds kRequestRefill{500};

Q_SIGNALS:
    //! Messages ready to show, in seq order: a page (with what it released), or held live ones.
    void handedOver(const QList<ChatMessage> &messages, bool live);
    //! Catching up on \a room after a (re)join is complete.
    void roomSynced(const QString &room);
    //! The join of \a room was not answered within ackTimeout: send it again (then joinSent()).
    void rejoin(const QString &room);
    //! The join of \a room went unanswered 1 + ackRetries times: the link is not working.
    void joinsUnanswered(const QString &room);

private:
    struct Room
    {
        explicit Room(RoomSync s) : sync(std::move(s)) {}
        RoomSync sync;
        RequestBudget budget{kRequestBurst, kRequestRefill.count()};
        //! Live messages held back while the room catches up, in seq order, and their text size.
        QList<ChatMessage> held;
        qint64 heldBytes = 0;
        //! History requests refused by the budget since the last one sent (logged once per run).
        int deferred = 0;
        int sent = 0;
        //! The request waiting for the budget (the newest one asked for).
        std::optional<RoomSync::Request> waiting;
        //! A fetchOlder() waiting for the budget: {before, limit}.
        std::optional<std::pair<qint64, int>> olderWaiting;
        //! When the join sent last must have been answered (Forever: none awaited), and how many
        //! joins were sent on this link without an answer.
        QDeadlineTimer joinDue{QDeadlineTimer::Forever};
        int joinsSent = 0;
    };
    Room *roomOf(const QString &room);
    //! Sends \a request if any (within the room's budget) and watches for its answer; emits
    //! roomSynced() when the room became Synced from \a before.
    void follow(Room &r, RoomSync::SyncState before, std::optional<RoomSync::Request> request);
    void send(Room &r, const RoomSync::Request &request);
    //! Takes one request from \a r's budget; false (and the budget timer armed) when it is spent.
    bool takeBudget(Room &r, qint64 after);
    void sendOlder(Room &r, qint64 before, int limit);
    //! Hands over \a fresh with the live messages of \a r held up to seq \a upTo (all if < 0).
    void handOver(Room &r, QList<ChatMessage> fresh, qint64 upTo);
    void onWatchdog();
    void onJoinTimer();
    //! Arms m_joinTimer for the earliest join answer awaited, if any.
    void armJoinTimer();
    //! Starts \a timer for the earliest of the rooms' \a due deadlines (stops it when all are
    //! Forever).
    void armAtEarliest(QTimer &timer, const std::function<QDeadlineTimer(const Room &)> &due);
    void onBudgetTimer();
    void onTailTimer();
    void armTailTimer();

    RequestHistory m_request;
    ChatStore *m_store;
    ConnectorSettings m_settings;
    std::map<QString, Room> m_rooms;
    QElapsedTimer m_clock; //!< for the request budgets
    //! While a room is catching up or behind its newest seq, this looks again after ackTimeout:
    //! a history answer refused or lost without the link dropping must not leave a gap for ever.
    QTimer m_watchdog;
    //! Fires at the earliest tail check owed by a Synced room (RoomSync::tailCheckDeadline()).
    QTimer m_tailTimer;
    //! Fires when the earliest request waiting for its room's budget may go.
    QTimer m_budgetTimer;
    //! Fires when the earliest join answer awaited is overdue.
    QTimer m_joinTimer;
};
