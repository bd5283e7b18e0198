#pragma once
// StoredChanges: applies an edit, a delete or a reaction to the row of the message it targets in
// MessageStore's file, inside MessageStore's transaction (docs/protocol.md "Conversations").
#include "chatmessage.h"

#include <QSqlQuery>
#include <QString>

#include <memory>

class QSqlDatabase;

//! The stored side of MessageChange: reads the target row, applies the change with the same rule
//! the models use, writes the row back.
//!
//! Why a delete touches more than its target: "a deletion must remove the text everywhere it is
//! stored", and the text of a message also lives in the rows of its earlier edits (ours, kept for
//! the outbox, and others', kept for their seqs); they are emptied in the same transaction.
//! A change whose target is not stored does nothing: when that message is paged in later, the
//! server sends it in its current state.
class StoredChanges
{
public:
    StoredChanges();
    ~StoredChanges();

    //! Prepares the statements on \a db (MessageStore's open connection); false on error.
    bool prepare(const QSqlDatabase &db);
    //! Drops the statements (before the connection closes).
    void finish();
    //! Applies \a change to its target's row, if stored; false only on a database error.
    bool apply(const ChatMessage &change);
    QString errorString() const { return m_error; }

private:
    bool exec(QSqlQuery &query, const char *what);

    struct Statements;
    std::unique_ptr<Statements> m_st;
    QString m_error;
};
