#pragma once
// StoredChanges: applies an edit, a delete or a reaction to the row of the message it targets in
// MessageStore's file, inside MessageStore's transaction (docs/protocol.md "Conversations").
#include "chatmessage.h"

#include <QSqlQuery>
#include <QString>

#include <memory>
#include <optional>
#include <utility>

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
    //! Applies \a change to its target's row, if stored and unless a later change (by seq) of
    //! the same kind -- for a reaction, of the same person and emoji -- is stored already (then
    //! this one is decided); false only on a database error.
    bool apply(const ChatMessage &change);
    //! Whether a change of \a change's subject (MessageChange::subjectOf) with a higher seq is
    //! stored; false on a database error (logged).
    bool isSuperseded(const ChatMessage &change);
    //! Whether one's own message with \a clientId is stored without a seq (not yet acknowledged).
    bool awaitsSeq(const QString &clientId);
    //! The own message with \a clientId has just got its seq: applies to it, in seq order, the
    //! changes to that (room, seq) stored before it had one; false only on a database error.
    //! Why: others may react to a message (they got its broadcast) before its ack reaches its
    //! sender, after a cut link; apply() found no target for those changes then.
    bool applyEarlierChanges(const QString &clientId);
    QString errorString() const { return m_error; }

private:
    bool exec(QSqlQuery &query, const char *what);
    //! Writes \a message's changeable state to row \a rowId.
    bool write(qint64 rowId, const ChatMessage &message);
    //! The row id (0: none) and message of one's own message \a clientId; nullopt on error.
    std::optional<std::pair<qint64, ChatMessage>> ownMessage(const QString &clientId);

    struct Statements;
    std::unique_ptr<Statements> m_st;
    QString m_error;
};
