#pragma once
// ReadTracker: ChatClient's read receipts (docs/protocol.md, "Read receipts"): what one has read,
// sent to the server at most once per readReceiptInterval per room, and how far everybody else
// has read (ReadReceipts), from join answers and "read" events.
//
// Sending: markRead() only moves forward; the newest seq goes out when the room's interval since
// the last "read" has passed (a scroll through a room is one frame a second). A "read" in flight
// when the link drops is sent again once the room is joined on the next link; a "rate limited"
// one after the server's wait. With receipts off ("privacy") nothing is sent: the server would
// drop it. The own read position moves with markRead(), with the server's answer (the kept one)
// and with one's own receipts from other devices, so the app can clear unread counts.
#include "chatprotocol.h"
#include "readreceipts.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <chrono>
#include <functional>
#include <optional>

class ReadTracker : public QObject
{
    Q_OBJECT
public:
    //! \a isOurRoom says whether a room is joined by the client (receipts of others are ignored).
    explicit ReadTracker(std::function<bool(const QString &)> isOurRoom, QObject *parent = nullptr);

    //! Listens to \a protocol (the client's current one; signals of an earlier one stop with it).
    void setProtocol(ChatProtocol *protocol);
    void setInterval(std::chrono::milliseconds interval) { m_interval = interval; }

    //! One has seen \a room up to \a seq: see the class comment.
    void markRead(const QString &room, qint64 seq);
    //! Share one's receipts or not: told to the server now if the link is up, else at the next
    //! sign-in; readReceipts() changes when the server took it.
    void setReadReceipts(bool on);
    //! Whether the account shares read receipts (as the server last said; true before it did).
    bool readReceipts() const { return m_enabled; }
    //! Everybody but oneself who has read \a room at least up to \a seq, furthest first.
    QList<qint64> readers(const QString &room, qint64 seq) const;
    //! How far one has read \a room (this device or another); 0 when unknown.
    qint64 readPosition(const QString &room) const { return m_rooms.value(room).position; }
    //! \a room was left: nothing of it is kept or sent.
    void forgetRoom(const QString &room);
    //! "read" events sent since construction (for tests of the throttle).
    int sentCount() const { return m_sent; }
    const ReadReceipts &table() const { return m_table; }

Q_SIGNALS:
    //! What is known of \a room's readers changed (readers()).
    void receiptsChanged(const QString &room);
    //! One's own read position in \a room moved forward to \a seq.
    void readPositionChanged(const QString &room, qint64 seq);

private:
    struct Room
    {
        qint64 position = 0;  //!< the furthest one has read, wherever
        qint64 acked = 0;     //!< the server keeps at least this
        qint64 inFlight = 0;  //!< sent on this link, not answered yet
        QElapsedTimer lastSent;
        qint64 notBeforeMs = 0;  //!< after a "rate limited": m_clock's time to wait for
    };
    void moveTo(const QString &room, qint64 seq);
    void onReceipt(const ReadReceipt &receipt);
    void onReplaced(const QString &room, const QList<ReadReceipt> &receipts);
    void onAcknowledged(const QString &room, qint64 seq);
    void onDeferred(const QString &room, qint64 retryAfterMs);
    void onPrivacy(bool on);
    //! Sends what is due now and arms the timer for the rest.
    void pump();
    qint64 ownId() const;

    std::function<bool(const QString &)> m_isOurRoom;
    QPointer<ChatProtocol> m_protocol;
    std::chrono::milliseconds m_interval{1000};
    QHash<QString, Room> m_rooms;
    QSet<QString> m_joined;  //!< rooms joined on the current link
    ReadReceipts m_table;
    bool m_enabled = true;
    std::optional<bool> m_wanted;  //!< a privacy change not taken by the server yet
    QElapsedTimer m_clock;
    QTimer m_timer;
    int m_sent = 0;
};
