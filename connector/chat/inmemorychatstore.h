#pragma once
// The ChatStore that ChatClient uses when nobody gives it one (parley-cli, tests, a failed disk):
// one code path for the client whether or not there is a database. It keeps the outbox, the
// delivery states, the per-room watermarks and the identities of received messages (not their
// text) for de-duplication. Nothing survives the process.
//
// Bounded, since the server decides how many messages come (a long-running parley-cli listen):
// the identities are the newest \a maxKnown ones (oldest forgotten first; a resend or a history
// echo comes within seconds, not a hundred thousand messages later), and per-room seqs are kept for
// at most kMaxRooms rooms.
#include "chatstore.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <deque>

class InMemoryChatStore : public ChatStore
{
public:
    //! Identities remembered for de-duplication by default (~190 bytes each: about 10 MB).
    static constexpr qsizetype kMaxKnownIds = 50'000;
    //! Rooms whose highest seq and watermark are kept; a message of a room past it is still
    //! de-duplicated but its seq not remembered.
    static constexpr qsizetype kMaxRooms = 10'000;

    explicit InMemoryChatStore(qsizetype maxKnown = kMaxKnownIds);

    bool saveOutgoing(const ChatMessage &message) override;
    void updateDelivery(const QString &clientId, ChatMessage::Delivery state, qint64 seq,
                        const QDateTime &time) override;
    QList<ChatMessage> unacknowledged() const override;
    bool saveReceived(const ChatMessage &message) override;
    qint64 lastSeq(const QString &room) const override { return m_lastSeq.value(room); }
    qint64 syncedSeq(const QString &room) const override { return m_synced.value(room); }
    void setSyncedSeq(const QString &room, qint64 seq) override;
    QList<ChatMessage> failed() const override;
    bool removeOutgoing(const QString &clientId) override;
    bool isSuperseded(const ChatMessage &change) const override;

    //! Identities remembered for de-duplication (for tests of its bounds).
    qsizetype knownCount() const { return m_known.size(); }

private:
    static QString seqKey(const QString &room, qint64 seq);
    void noteSeq(const QString &room, qint64 seq);
    //! Remembers \a key, forgetting the oldest past the bound.
    void know(const QString &key);
    bool roomFits(const QHash<QString, qint64> &seqs, const QString &room);
    //! Remembers the seq of \a change for its subject, forgetting the oldest subject past the bound.
    void noteChange(const ChatMessage &change);

    QList<ChatMessage> m_own;          //!< own messages not yet Delivered, oldest first
    qsizetype m_maxKnown;
    QSet<QString> m_known;             //!< "c:<clientId>" and "s:<room>:<seq>" of messages seen
    std::deque<QString> m_knownOrder;  //!< m_known oldest first, for forgetting
    bool m_roomsFull = false;          //!< kMaxRooms reached (logged once)
    bool m_forgetting = false;         //!< the identity bound reached (logged once)
    QHash<QString, qint64> m_lastSeq;  //!< highest seq stored per room
    QHash<QString, qint64> m_synced;   //!< resync watermark per room
    QHash<QString, qint64> m_latestChange;  //!< highest seq per change subject (at most m_maxKnown)
    std::deque<QString> m_changeOrder;      //!< m_latestChange's subjects oldest first
};
