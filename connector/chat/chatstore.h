#pragma once
// Where ChatClient keeps what must survive a crash: the outbox (written before anything is sent),
// delivery states and received history. An interface so connector/ stays free of storage code:
// model/MessageStore implements it on SQLite; without a store ChatClient keeps all in memory.
#include "chatmessage.h"

#include <QList>
#include <QString>

class ChatStore
{
public:
    virtual ~ChatStore() = default;

    //! Stores one's own new message (state Pending). False if it could not be stored: then
    //! ChatClient refuses to send it rather than risk losing it.
    virtual bool saveOutgoing(const ChatMessage &message) = 0;
    virtual void updateDelivery(const QString &clientId, ChatMessage::Delivery state, qint64 seq,
                                const QDateTime &time) = 0;
    //! Own messages not yet acknowledged (Pending or Sent), oldest first: the outbox after a restart.
    virtual QList<ChatMessage> unacknowledged() const = 0;
    //! Stores a received message. False if it was already known (same client id, or same room+seq):
    //! the caller then does not show it again.
    virtual bool saveReceived(const ChatMessage &message) = 0;
    //! Highest sequence number stored for \a room (0 = none).
    virtual qint64 lastSeq(const QString &room) const = 0;
    //! How far \a room is known without gaps: every message after the first sync point up to
    //! this seq is stored. Resync asks the server for what comes after it (0 = never synced).
    virtual qint64 syncedSeq(const QString &room) const = 0;
    virtual void setSyncedSeq(const QString &room, qint64 seq) = 0;
    //! Own messages in state Failed, oldest first: after a restart the user can still retry them.
    virtual QList<ChatMessage> failed() const { return {}; }
    //! Forgets one's own message \a clientId that never reached the server (the user cancelled
    //! it: Pending or Failed, no seq). False if there is no such message.
    virtual bool removeOutgoing(const QString &clientId) = 0;
    //! Whether a change with \a change's subject (MessageChange::subjectOf) and a higher seq is
    //! stored: then \a change, stored or not, arrived out of order (a live change before the gap
    //! it revealed was filled; an ack to a resend after a later change's ack) and is not shown.
    virtual bool isSuperseded(const ChatMessage &change) const = 0;
};
