#pragma once
// PresenceBoard: who is online, away or offline, per account, from the sessions each account has
// and what each of them said (docs/protocol.md, "People and presence"). Pure bookkeeping: no
// socket, no JSON, no timer.

#include <QHash>
#include <QList>
#include <QString>

class ServerSession;

//! Each signed-in account's sessions and their away flags, and the presence that follows.
//!
//! Why per account: a person with a laptop and a phone is online while either is in use. The
//! account is online when one of its sessions is not away, away when all of them are, offline
//! when it has none. ChatHub's PresenceEvents turns changes into "presence" events; this class
//! only answers what the presence is now, so it is tested by tables alone.
//!
//! The ServerSession pointers are keys, never dereferenced here (as Room does).
class PresenceBoard
{
public:
    enum class Presence { Offline, Online, Away };

    //! "offline", "online" or "away": the wire's words.
    static QString nameOf(Presence presence);

    //! \a session of \a accountId signed in (not away). Adding a known session does nothing.
    void add(qint64 accountId, ServerSession *session);
    //! \a session ended; the account it belonged to, 0 when it was not on the board.
    qint64 remove(const ServerSession *session);
    //! \a session says it is \a away (or back); false when it is not on the board.
    bool setAway(const ServerSession *session, bool away);

    //! The presence of \a accountId now.
    Presence presenceOf(qint64 accountId) const;
    //! \a accountId's sessions, in the order they signed in.
    QList<ServerSession *> sessionsOf(qint64 accountId) const;
    //! The account of \a session, 0 when it is not on the board.
    qint64 accountOf(const ServerSession *session) const;
    //! Accounts with at least one session.
    qsizetype accountCount() const { return m_accounts.size(); }

private:
    struct Entry
    {
        ServerSession *session = nullptr;
        bool away = false;
    };
    QHash<qint64, QList<Entry>> m_accounts;
    QHash<const ServerSession *, qint64> m_accountOf;
};
