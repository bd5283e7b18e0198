#pragma once
// One chat room: who is in it, the next sequence number, and the memory that makes a resend
// harmless. Pure bookkeeping with no socket and no JSON, so history (SQLite) can be added beside it.

#include <QHash>
#include <QList>
#include <QPair>
#include <QString>

#include <deque>

class ServerSession;

//! A room's members, its per-room sequence counter (the first message gets 1) and the de-dup map
//! (sender name, clientId) -> (seq, time).
//!
//! Why the map: a client that lost its link before the ack arrived resends the message with the
//! same clientId. The room must answer with the original seq and time and must not deliver it a
//! second time. The map is bounded (oldest forgotten first) because resends happen within moments.
//!
//! Room never dereferences the ServerSession pointers it stores; ChatHub owns that knowledge.
class Room
{
public:
    //! The outcome of posting one message.
    struct Posting
    {
        qint64 seq = 0;          //!< per-room sequence number, 1 for the first message
        qint64 timeMs = 0;       //!< server time, ms since the Unix epoch (UTC)
        bool duplicate = false;  //!< true: seen before; seq/timeMs are the original ones
    };

    //! \a maxRemembered bounds the de-dup map (see ServerSettings::maxRememberedPerRoom).
    Room(const QString &name, qsizetype maxRemembered);

    QString name() const { return m_name; }

    //! Adds \a session; false if it already was a member.
    bool join(ServerSession *session);
    //! Removes \a session; false if it was not a member.
    bool leave(ServerSession *session);
    bool contains(const ServerSession *session) const;
    //! Members in the order they joined.
    const QList<ServerSession *> &members() const { return m_members; }
    bool isEmpty() const { return m_members.isEmpty(); }

    //! The seq of the newest message, 0 while the room has none.
    qint64 lastSeq() const { return m_nextSeq - 1; }

    //! Assigns the next seq to a message from \a sender, stamped \a nowMs. A message with an empty
    //! \a clientId cannot be recognised again and always gets a new seq. A known
    //! (sender, clientId) returns the original Posting with duplicate set.
    Posting post(const QString &sender, const QString &clientId, qint64 nowMs);

    //! How many (sender, clientId) pairs are remembered right now.
    qsizetype rememberedCount() const { return m_remembered.size(); }

private:
    using Key = QPair<QString, QString>;  // (sender name, clientId)

    QString m_name;
    qsizetype m_maxRemembered;
    qint64 m_nextSeq = 1;
    QList<ServerSession *> m_members;
    QHash<Key, Posting> m_remembered;
    std::deque<Key> m_rememberOrder;  // oldest first, for eviction
};
