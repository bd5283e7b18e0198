#pragma once
// One chat room's live membership. Pure bookkeeping with no socket, no JSON and no storage: the
// room's messages, its sequence numbers and the de-dup memory live in HistoryStore (SQLite).

#include <QList>
#include <QString>

class ServerSession;

//! Who is in a room right now, in joining order.
//!
//! Why so little: the sequence counter and the (sender, clientId) de-dup memory used to live here,
//! in memory, and were lost on restart. They now come from the database (HistoryStore), so a Room
//! can be forgotten as soon as its last member leaves and rebuilt on the next join.
//!
//! Room never dereferences the ServerSession pointers it stores; ChatHub owns that knowledge.
class Room
{
public:
    explicit Room(const QString &name);

    QString name() const { return m_name; }

    //! Adds \a session; false if it already was a member.
    bool join(ServerSession *session);
    //! Removes \a session; false if it was not a member.
    bool leave(ServerSession *session);
    bool contains(const ServerSession *session) const;
    //! Members in the order they joined.
    const QList<ServerSession *> &members() const { return m_members; }
    bool isEmpty() const { return m_members.isEmpty(); }

private:
    QString m_name;
    QList<ServerSession *> m_members;
};
