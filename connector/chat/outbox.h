#pragma once
// One's own messages on their way: Pending (not written on this link) → Sent (written, waiting for
// the server's ack) → Delivered, or Failed when the server refuses one or the ack retries run out
// (retry() puts it back). Every change goes through the ChatStore first, so what the outbox holds
// survives a crash. The outbox does not write anything itself: ChatClient decides when a message
// may go out (its room joined on this link) and tells the outbox what it wrote.
//
// Ack deadlines: a written message that is not acknowledged within ackTimeout is due again
// (resendDue); after ackRetries writes on one link it is Failed. A lost link does not count:
// linkLost() puts every written message back to Pending with its attempts reset.
#include "chatmessage.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <chrono>
#include <optional>

class ChatStore;

class Outbox : public QObject
{
    Q_OBJECT
public:
    explicit Outbox(QObject *parent = nullptr);

    //! Where the outbox lives (not owned, never null once set). Loads its unacknowledged messages
    //! (as Pending: whether they were written before the restart is unknown) and its Failed ones.
    void setStore(ChatStore *store);
    void setAckPolicy(std::chrono::milliseconds ackTimeout, int ackRetries);

    //! Stores \a message (Pending) and queues it; false (nothing queued) if it could not be stored.
    bool add(const ChatMessage &message);
    //! Puts Failed message \a clientId back (Pending); false if there is no such Failed message.
    bool retry(const QString &clientId);

    //! Drops one's own message \a clientId that was not written on this link (Pending) or is
    //! Failed, from the store first; false when there is none such (or the store failed).
    bool remove(const QString &clientId);
    //! Waiting for an ack (Pending or Sent), oldest first.
    QList<ChatMessage> messages() const;
    bool contains(const QString &clientId) const { return indexOf(clientId) >= 0; }
    //! Whether a change with \a change's subject (MessageChange::subjectOf) waits for its ack.
    bool waitsWithSubjectOf(const ChatMessage &change) const;
    bool isFailed(const QString &clientId) const { return failedIndex(clientId) >= 0; }
    //! The waiting message \a clientId, or nullopt.
    std::optional<ChatMessage> message(const QString &clientId) const;
    //! Client ids of the Pending messages of \a room, oldest first (every room if \a room is null).
    QStringList pending(const QString &room = QString()) const;

    //! \a clientId was written on the link. With \a expectAck its ack deadline starts (Sent);
    //! without (a server that never acknowledges), Sent is as far as anyone can know: it leaves.
    void written(const QString &clientId, bool expectAck);
    //! The link is gone: written messages go back to Pending, their attempts and deadlines reset.
    void linkLost();
    //! The server acknowledged \a clientId as \a seq: Delivered, and it leaves the outbox. Returns
    //! the settled message, or nullopt if it was not waiting (a second ack for a resend).
    std::optional<ChatMessage> acknowledge(const QString &clientId, qint64 seq, const QDateTime &time);
    //! The server refused \a clientId: Failed. False if it was not waiting.
    bool refuse(const QString &clientId);
    //! The server was not refusing \a clientId, only too busy with us ("rate limited"): it is
    //! written again after \a retryAfterMs (at most kMaxDeferWait), and that write does not count
    //! against the ack retries. Never Failed for being throttled, unless a server does it
    //! kMaxDeferrals times in a row to one message (a bound on a loop the server drives).
    //!
    //! The message's room is held until then: nothing more of that room is written (isHeld()),
    //! and when the wait is over the room's held and Pending messages are due again together,
    //! oldest first (resendDue), so a throttled burst reaches the server in the order it was typed.
    void defer(const QString &clientId, qint64 retryAfterMs);
    //! True while a message of \a room waits out a "rate limited" (see defer()).
    bool isHeld(const QString &room) const;

    static constexpr std::chrono::milliseconds kMaxDeferWait{60'000};
    static constexpr int kMaxDeferrals = 100;
    //! A Failed message \a seen with a seq after all (it reached the server): Delivered.
    bool settleFailed(const ChatMessage &seen);

Q_SIGNALS:
    //! A new message, one put back by retry(), or one restored from the store: Pending.
    void queued(const ChatMessage &message);
    void deliveryChanged(const QString &clientId, ChatMessage::Delivery state, qint64 seq,
                         const QDateTime &time);
    //! \a clientId's ack did not come in time and it has writes left: write it again.
    void resendDue(const QString &clientId);

private:
    struct Entry
    {
        ChatMessage message;
        int attempts = 0;                                     //!< writes on the current link
        int deferrals = 0;                                    //!< "rate limited" in a row
        bool held = false;                                    //!< written again when its room's hold ends
        QDeadlineTimer ackDeadline{QDeadlineTimer::Forever}; //!< forever while not written
    };

    int indexOf(const QString &clientId) const;
    int failedIndex(const QString &clientId) const;
    void setDelivery(ChatMessage &message, ChatMessage::Delivery state, qint64 seq = 0,
                     const QDateTime &time = {});
    void onAckTimer();
    void armAckTimer();

    ChatStore *m_store = nullptr;
    std::chrono::milliseconds m_ackTimeout{10000};
    int m_ackRetries = 3;
    QList<Entry> m_entries;
    QList<ChatMessage> m_failed; //!< Failed messages, oldest first (retry() takes them back)
    QHash<QString, QDeadlineTimer> m_holds; //!< room -> end of its "rate limited" wait
    QTimer m_ackTimer;
};
