#pragma once
// SearchIndexPurge: makes the words of deleted messages leave a search index's file pages, not
// only its answers (docs/protocol.md: a deleted text is removed from the server's history and
// from every client's store). Used by parley-server's history (message_search) and by the
// client's MessageStore (messages_search).

#include <QLoggingCategory>
#include <QSqlQuery>
#include <QString>
#include <QTimer>

#include <chrono>

class QSqlDatabase;

//! Merges an FTS5 index after deletes, a bounded step at a time.
//!
//! Why: FTS5 removes an entry from its index by writing a "delete" marker into a new segment; the
//! old segment keeps the words (trigrams and their positions, from which the text can be read
//! again) until the two are merged. SQLite 3.40 has no 'secure-delete' option for FTS5 (3.42 has),
//! and PRAGMA secure_delete only clears pages that are freed. So after a delete the index's
//! segments are merged into one ('merge' with a negative page count, continued until it does no
//! more work): the merge drops the deleted entries, the old segments' pages are freed and, with
//! secure_delete, overwritten.
//!
//! Why in steps: a full merge rewrites the whole index (about half a second for 200,000
//! messages) and the server is single-threaded. Each step writes about kPagesPerStep pages and
//! the next one comes kStepInterval later, from the event loop, so chat goes on meanwhile.
//! Deletes during a round make one more round follow it (their markers are in segments the round
//! did not start with). A round is at most as long as the index; deletes only queue one more.
//! finish() (at close) runs what is left at once, so a stop does not leave a purge undone; a
//! crash does (the next delete's round merges everything again).
class SearchIndexPurge
{
public:
    //! Index pages one step writes (4 KiB each): a few milliseconds.
    static constexpr int kPagesPerStep = 128;
    //! Pause between two steps.
    static constexpr std::chrono::milliseconds kStepInterval{20};

    //! Prepares the statements for the FTS5 table \a table (a name of the schema's, never
    //! user input) on \a db; isValid() says whether it could. Steps run from the event loop of
    //! the creating thread; a failed one is logged in \a category.
    SearchIndexPurge(const QSqlDatabase &db, const QString &table, const QLoggingCategory &category);

    bool isValid() const { return m_error.isEmpty(); }
    //! Why the last failed step (or the preparation) failed.
    QString errorString() const { return m_error; }

    //! Text left the index (a delete was committed): a purge round starts soon.
    void removed();
    //! Whether a round is due or under way.
    bool isPending() const { return m_state != State::Idle; }
    //! Runs every due round to its end now. False (errorString()) when a step failed.
    bool finish();

private:
    enum class State { Idle, Due, Merging };
    //! One step of the current round; false on failure (the round is then tried again at the
    //! next removed()).
    bool step();
    void onTimer();
    //! sqlite3_total_changes() of the connection; -1 on failure.
    qint64 totalChanges();

    QSqlQuery m_merge;
    QSqlQuery m_changes;
    QTimer m_timer;
    const QLoggingCategory *m_category;
    State m_state = State::Idle;
    bool m_again = false;  //!< removed() during a round: one more round after it
    int m_steps = 0;       //!< steps of the current round
    QString m_error;
};
