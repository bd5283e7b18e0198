#pragma once
// HistoryRow: one row of the history's messages table read into a HistoryStore::Message, for
// every query that returns rows (HistoryStore's pages and de-dup lookup, HistorySearch).

#include "historystore.h"

class QSqlQuery;

//! The columns HistoryRow::read() expects first, in this order: a macro, so that the queries that
//! select them stay string literals prepared once.
#define PARLEY_HISTORY_ROW_COLUMNS                                                                 \
    "seq, time, sender, text, client_id, sender_id, sender_username, sender_guest, kind,"         \
    " target_seq, reply_to, edited, deleted, reaction_on, file_id, file_name, file_size, file_type,"  \
    " file_thumb"

//! Reads the columns of a messages row, in the order of PARLEY_HISTORY_ROW_COLUMNS.
//!
//! Why its own class: the pages of HistoryStore and the results of HistorySearch are the same
//! rows and must come back as the same Message; one reader keeps the column order in one place.
class HistoryRow
{
public:
    //! How many columns PARLEY_HISTORY_ROW_COLUMNS names: a query's own columns come after them.
    static constexpr int kColumnCount = 19;

    //! The row \a query is on (its first kColumnCount columns those of
    //! PARLEY_HISTORY_ROW_COLUMNS, or expressions in their places), in \a room.
    static HistoryStore::Message read(const QSqlQuery &query, const QString &room);
};
