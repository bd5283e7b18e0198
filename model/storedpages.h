#pragma once
// StoredPages: reads MessageStore's file a page at a time, newest first (MessageStore::pageBefore).
#include "messagestore.h"

#include <QSqlQuery>
#include <QString>

#include <memory>

class QSqlDatabase;

//! A page of one room's messages (and the room-less ones, shown in every room) before a position.
//!
//! Why apart: paging is its own job with its own statements -- up to four parts (rows with and
//! without a seq, of the room and room-less), each read newest first through its index and merged
//! a row at a time, so only the rows that make the page are read and a page of huge texts stays
//! a page (MessageStore::kPageTextChars). Change rows (edits, deletes, reactions) are never read:
//! they are applied to their targets (StoredChanges).
class StoredPages
{
public:
    StoredPages();
    ~StoredPages();

    //! Prepares the statements on \a db (MessageStore's open connection); false on error.
    bool prepare(const QSqlDatabase &db);
    //! Drops the statements (before the connection closes).
    void finish();
    //! Up to \a limit messages of \a room before \a before, oldest first.
    MessageStore::Page read(const QString &room, const MessageStore::Position &before, int limit);

private:
    struct Statements;
    std::unique_ptr<Statements> m_st;
};
