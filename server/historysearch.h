#pragma once
// HistorySearch: parley-server's "search" in the history database (docs/protocol.md, "Search"):
// which stored messages contain every term, in the rooms a person may read, newest first, in
// bounded pages.

#include "historystore.h"
#include "serversettings.h"
#include "sqlconnection.h"

#include <QSqlQuery>
#include <QString>
#include <QStringList>

#include <map>
#include <optional>

class MessageChanges;
class QSqlDatabase;

//! Finds messages by their current text, on HistoryStore's connection (HistoryStore::search()).
//!
//! What matches: a message whose current text contains every term as a substring, ignoring case;
//! never a change row (edit, delete, reaction) and never a deleted message. A term of at least
//! kMinIndexedLength characters (code points) is looked up in the FTS5 trigram index of schema
//! version 5 (message_search), as one FTS5 string each -- quoted, '"' doubled --, so that what a
//! person types is only ever searched for, never read as FTS5 syntax (AND, NEAR(, -, *, :, ^).
//! Shorter terms cannot use a trigram index: they are checked (QString::contains, case-insensitive
//! as Unicode folds it) on the rows the index selected, or, when all terms are short, on the newest
//! rows of the history.
//!
//! On PostgreSQL (a cluster's database) each indexable term is an ILIKE '%term%' (its % _ \
//! escaped) on the pg_trgm index of the live messages' texts; case is folded by the database's
//! rules there. Everything else, the bounds included, is the same.
//!
//! Why bounded: one search reads at most Query::maxRows rows (index matches in every room, or
//! the newest rows), in the order they were stored, newest first; when it stops there, the page
//! says hasMore with the position to go on from, whatever it found. So a common word on a large
//! server costs the same as a rare one, and a person who can read one small room of a large
//! server pages through the matches of others' rooms at that cost, never more.
//!
//! Why in the order stored: the index gives its matches by rowid (messages.id), which is the order
//! of storing; reading them in that order is what lets a page stop after maxRows rows and the next
//! one start exactly there, with no gap and no duplicate. It is the order of the messages' times,
//! except where the server's clock was set back, and orders messages of the same millisecond by
//! when they were stored.
class HistorySearch
{
public:
    //! Shortest term the trigram index can find (characters, i.e. code points).
    static constexpr int kMinIndexedLength = 3;

    //! One search: what to find, where, and where the page starts.
    struct Query
    {
        //! Every one must be contained in a message's text (case-insensitively); at least one.
        QStringList terms;
        //! The rooms searched, by name.
        QStringList rooms;
        //! Also every direct room (DirectRoomName) of this account; 0: none.
        qint64 directsOf = 0;
        //! Only messages whose sender's username has this key (UsernamePolicy::keyOf()); empty:
        //! anyone. Legacy rows (no username) never match a sender.
        QString fromKey;
        //! Only messages posted after / before these times (ms, exclusive).
        std::optional<qint64> after;
        std::optional<qint64> before;
        //! Only rows stored before this position (Page::resumeBelow of the previous page); 0:
        //! from the newest.
        qint64 below = 0;
        int limit = 20;
        qint64 maxRows = ServerSettings::kDefaultMaxSearchRows;
        //! A page stops adding messages once their texts add up to this many UTF-16 code units
        //! (always at least one message; hasMore then).
        qsizetype maxText = ServerSettings::kDefaultMaxHistoryReplyText;
    };

    //! One page of results.
    struct Page
    {
        //! Newest first; each in its current state, with its room and its reactions.
        QList<HistoryStore::Message> messages;
        //! Older matches may remain (more than limit found, maxRows read, or maxText reached).
        bool hasMore = false;
        //! With hasMore: Query::below of the next page.
        qint64 resumeBelow = 0;
    };

    //! Prepares the statements on \a connection (open, schema version 5 or later); \a changes
    //! (on the same connection) reads the results' reactions and must outlive this object.
    HistorySearch(SqlConnection &connection, MessageChanges *changes);

    bool isValid() const { return m_error.isEmpty(); }
    //! Why the last failed call (or the preparation) failed.
    QString errorString() const { return m_error; }

    //! The page of \a query; nullopt (errorString()) when the database failed.
    std::optional<Page> search(const Query &query);

    //! Whether the trigram index can find \a term: kMinIndexedLength code points or more.
    static bool isIndexable(const QString &term);
    //! The FTS5 query that finds every indexable one of \a terms: each an FTS5 string ("…",
    //! '"' doubled), joined by spaces (AND). Empty when none is indexable.
    static QString matchExpression(const QStringList &terms);

private:
    //! Records why \a query failed doing \a what; always nullopt.
    std::nullopt_t fail(const QSqlQuery &query, const char *what);

    //! The statement for \a terms indexable terms (PostgreSQL: one per count, prepared when
    //! first needed); nullptr (errorString()) when it cannot be prepared.
    QSqlQuery *indexedQuery(int terms);

    MessageChanges *m_changes;
    QSqlDatabase m_db;
    SqlConnection::Backend m_backend;
    QSqlQuery m_indexed; //!< rows the index selects (SQLite)
    std::map<int, QSqlQuery> m_postgresIndexed; //!< PostgreSQL: by number of terms
    QSqlQuery m_newest;  //!< the newest rows (short terms only)
    QString m_error;
};
