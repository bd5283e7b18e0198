#pragma once
// The ChatStore that ChatClient uses when nobody gives it one (parley-cli, tests, a failed disk):
// one code path for the client whether or not there is a database. It keeps the outbox, the
// delivery states, the per-room watermarks and the identities of received messages (not their
// text) for de-duplication. Nothing survives the process.
#include "chatstore.h"

#include <QHash>
#include <QList>
#include <QSet>

class InMemoryChatStore : public ChatStore
{
public:
    bool saveOutgoing(const ChatMessage &message) override;
    void updateDelivery(const QString &clientId, ChatMessage::Delivery state, qint64 seq,
                        const QDateTime &time) override;
    QList<ChatMessage> unacknowledged() const override;
    bool saveReceived(const ChatMessage &message) override;
    qint64 lastSeq(const QString &room) const override { return m_lastSeq.value(room); }
    qint64 syncedSeq(const QString &room) const override { return m_synced.value(room); }
    void setSyncedSeq(const QString &room, qint64 seq) override { m_synced.insert(room, seq); }
    QList<ChatMessage> failed() const override;

    //! Identities remembered for de-duplication (for tests of its bounds).
    qsizetype knownCount() const { return m_known.size(); }

private:
    static QString seqKey(const QString &room, qint64 seq);
    void noteSeq(const QString &room, qint64 seq);

    QList<ChatMessage> m_own;          //!< own messages not yet Delivered, oldest first
    QSet<QString> m_known;             //!< "c:<clientId>" and "s:<room>:<seq>" of messages seen
    QHash<QString, qint64> m_lastSeq;  //!< highest seq stored per room
    QHash<QString, qint64> m_synced;   //!< resync watermark per room
};
