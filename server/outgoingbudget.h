#pragma once
// OutgoingBudget: the bytes every session has queued for its peer, added up, against one cap.
// Pure bookkeeping: the sessions report, it says who is over.

#include <QHash>
#include <QList>
#include <QtGlobal>

class ServerSession;

//! A global cap on queued outgoing bytes across all sessions (ServerSettings::maxOutgoingTotal).
//!
//! Why global: each session's own cap (maxOutgoingBuffer) bounds one stalled reader, but twenty
//! of them under large broadcasts still add up to gigabytes. When the sum goes over the cap, the
//! sessions with the largest backlog -- the slowest consumers -- are named first (overflow());
//! the caller flushes them and drops those that still hold their bytes. The sessions are only
//! keys here, never dereferenced.
class OutgoingBudget
{
public:
    explicit OutgoingBudget(qint64 cap);

    //! \a session now has \a bytes queued (its socket's bytesToWrite()).
    void setQueued(ServerSession *session, qint64 bytes);
    //! \a session is gone or being dropped: its bytes no longer count.
    void forget(ServerSession *session);

    qint64 cap() const { return m_cap; }
    qint64 total() const { return m_total; }
    //! The largest total ever reported (for tests and the log).
    qint64 peak() const { return m_peak; }
    bool isOver() const { return m_total > m_cap; }
    //! The fewest sessions, largest backlog first, whose bytes taken away bring the total within
    //! the cap; empty when it is within.
    QList<ServerSession *> overflow() const;

private:
    qint64 m_cap;
    qint64 m_total = 0;
    qint64 m_peak = 0;
    QHash<ServerSession *, qint64> m_queued;
};
