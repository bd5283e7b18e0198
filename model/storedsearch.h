#pragma once
// StoredSearch: full-text search over MessageStore's file (MessageStore::search), through the
// trigram index messages_search and the indexes messages_search_order and messages_search_sender
// (MessageStoreSchema 5).
#include "messagestore.h"

#include <QSqlDatabase>
#include <QString>

class SearchTerms;

//! Finds the messages whose text contains every term, newest first.
//!
//! Why two ways to read: the index answers "which rows contain these trigrams" in no order, and
//! results are wanted newest first, a page at a time. For a rare term the rows it selects are
//! few: read them all, check them, sort them (ByIndex). For a common one ("the") they are a good
//! part of the history, and sorting them all costs far more than walking the messages newest
//! first through messages_search_order (messages_search_sender for from:), checking each, until
//! the page is full (Walk). So the index is first asked whether more than kMaxSortedCandidates
//! rows may match; if so the walk runs, and only if it stopped at its bound without filling the
//! page (a filter or the cursor leaves few matches in the rows it reads) the index is read after
//! all, so that such a search is slower, never incomplete.
//! Terms shorter than 3 characters have no trigram: a query of only those walks, at most
//! MessageStore::kMaxSearchScanRows rows (docs/protocol.md "Search", "Bounds").
//!
//! Each search is built as one statement (the number of terms and filters varies) with every
//! value the user typed bound, never spliced into the SQL.
class StoredSearch
{
public:
    //! Above this many candidate rows of the index, a walk newest first is tried first.
    static constexpr int kMaxSortedCandidates = 20'000;

    //! With the bounds MessageStore::kMaxSearchScanRows and kMaxSortedCandidates.
    StoredSearch();
    //! With other bounds: a walk reads at most \a scanRows rows, the index's candidates are
    //! sorted up to \a sortedCandidates (tests reach both without a million rows).
    StoredSearch(qint64 scanRows, int sortedCandidates);

    //! Searches \a db (MessageStore's open connection) from now on. Statements are built per
    //! search (see the class comment), so nothing can fail yet: true.
    bool prepare(const QSqlDatabase &db);
    //! Lets go of the connection (before it closes).
    void finish();
    //! MessageStore::search(); \a limit is in 1..MessageStore::kMaxSearchResults.
    QList<ChatMessage> find(const SearchQuery &query, int limit, const MessageStore::SearchCursor &after);
    //! MessageStore::cursorOf().
    MessageStore::SearchCursor cursorOf(const ChatMessage &message);

private:
    enum class Way { ByIndex, Walk };
    //! Runs the search one way; results after C++ checks, at most \a limit.
    QList<ChatMessage> read(Way way, const SearchTerms &terms, const SearchQuery &query, int limit,
                            const MessageStore::SearchCursor &after);
    //! Whether a walk for \a query after \a after may have stopped at m_scanRows rows.
    bool walkWasBounded(const SearchQuery &query, const MessageStore::SearchCursor &after);
    //! How many rows the index selects for \a ftsQuery, counting up to m_sortedCandidates + 1.
    qint64 candidates(const QString &ftsQuery);

    qint64 m_scanRows;
    int m_sortedCandidates;
    QSqlDatabase m_db;
    bool m_open = false;
};
