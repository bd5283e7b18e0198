#pragma once
// MessageChanges: what an edit, a delete or a reaction does to the message it changes, inside
// HistoryStore's write transaction; and the reactions of a page of history.

#include "historystore.h"
#include "sqlconnection.h"

#include <QSqlQuery>
#include <QString>

#include <chrono>
#include <optional>

class QSqlDatabase;

//! The rules of docs/protocol.md ("Conversations: replies, edits, deletes, reactions") applied to
//! the history database, for HistoryStore.
//!
//! Why a class of its own: HistoryStore keeps the order of a room (seq, de-dup, pages); this class
//! knows what a change means for its target -- who may make it and when, what it does to the
//! text, the edited time, the deleted flag and the reactions table -- so that neither grows past
//! its room. It runs no transaction of its own: apply() runs inside HistoryStore's, after the
//! de-dup lookup, and everything it writes commits or rolls back with the change's own row.
//!
//! A delete forgets the file the message sent (HistoryStore drops the file with its last message)
//! and empties the text of the message and of its earlier edit rows (the words are gone from
//! the file, not only hidden) and drops its reactions. The statements are prepared once, on the
//! store's connection; destroy this object before the connection closes.
class MessageChanges
{
public:
    //! Most different emoji on one message: one more is refused with "too many reactions".
    static constexpr int kMaxEmojiPerMessage = 20;
    //! Most account ids a page lists per emoji of a message (its count is always the whole number).
    static constexpr int kMaxListedUsers = 50;

    //! What apply() decided: Stored (the target changed; the caller writes the change's own row),
    //! Unchanged (nothing to do), Refused (error says why) or Failed (errorString()).
    struct Verdict
    {
        HistoryStore::Outcome outcome = HistoryStore::Outcome::Failed;
        QString error;
        QString deletedFile; //!< a Stored delete of a message that sent a file: its id
    };

    //! Prepares the statements on \a db (open, schema current); isValid() says whether it could.
    //! Prepares the statements on \a connection (open), in its engine's SQL.
    explicit MessageChanges(SqlConnection &connection);

    bool isValid() const { return m_error.isEmpty(); }
    //! Why the last failed call (or the preparation) failed.
    QString errorString() const { return m_error; }

    //! Checks \a change from account \a senderId against its target in \a room and, when it
    //! changes something, applies it to the target at \a nowMs. Refusals: "unknown message" (no
    //! message with that seq; a change's seq is none), "not allowed" (someone else's message --
    //! except a delete by an \a admin --, or a deleted one), "edit window passed" (an edit more
    //! than \a editWindow after the posting; 0: no limit), "too many reactions". Unchanged: an
    //! edit to the same text, a reaction one has already, taking back one one has not.
    Verdict apply(const QString &room, qint64 senderId, const HistoryStore::Change &change,
                  qint64 nowMs, bool admin, std::chrono::milliseconds editWindow);

    //! Whether \a seq is a message (not a change; deleted or not) of \a room; nullopt on failure.
    std::optional<bool> isMessage(const QString &room, qint64 seq);

    //! Fills the reactions of the message rows in \a messages (a page of \a room) with one query
    //! for the whole page: emoji in the order they were first given, users in the order they
    //! reacted (at most kMaxListedUsers each). False (errorString()) when the query failed.
    bool readReactions(const QString &room, QList<HistoryStore::Message> *messages);

private:
    MessageChanges(const QSqlDatabase &db, SqlConnection::Backend backend);
    //! The row a change aims at, as apply() needs it.
    struct Target
    {
        bool found = false;
        HistoryStore::Message::Kind kind = HistoryStore::Message::Kind::Message;
        qint64 senderId = 0;  //!< 0: legacy, nobody's
        qint64 timeMs = 0;
        QString text;
        bool deleted = false;
        QString file;  //!< the id of the file it sends; empty: none
    };

    std::optional<Target> target(const QString &room, qint64 seq);
    Verdict edit(const QString &room, const HistoryStore::Change &change, const Target &target,
                 qint64 nowMs, std::chrono::milliseconds editWindow);
    Verdict remove(const QString &room, const HistoryStore::Change &change, const QString &file);
    Verdict react(const QString &room, qint64 senderId, const HistoryStore::Change &change,
                  qint64 nowMs);
    //! Runs \a query with \a values bound in order; false (errorString()) when it fails.
    bool run(QSqlQuery &query, const char *what, std::initializer_list<QVariant> values);
    //! Records why \a query failed doing \a what; always false.
    bool fail(const QSqlQuery &query, const char *what);
    Verdict failed() const { return Verdict{}; }

    QSqlQuery m_target, m_setText, m_markDeleted, m_clearEdits, m_dropReactions, m_reactionState,
            m_addReaction, m_removeReaction, m_pageReactions;
    QString m_error;
};
