#pragma once
// MessageStoreSchema: the file format of the client's history and outbox -- its versions, as
// SqlMigrations steps, and how a ChatMessage is written to and read from a row.

#include "chatmessage.h"
#include "sqlmigrations.h"

#include <QDateTime>
#include <QString>
#include <QVariant>

class QSqlDatabase;
class QSqlQuery;

//! What MessageStore's file holds and how to read it; MessageStore holds the queries.
//!
//! Why apart from MessageStore: this is what files on disk depend on. A released migration step
//! is never edited (files were made by it), only followed by a new one, with
//! MessageStore::kSchemaVersion raised to it; a stored delivery code never changes meaning. Kept
//! separate from the server's HistoryStoreSchema: the two files are unrelated.
//!
//! Version 1: messages(id INTEGER PRIMARY KEY = local insertion order, client_id, room, seq,
//! sender, text, time_ms, own, delivery); unique indexes on client_id (where not empty) and
//! (room, seq) (where seq > 0); an index on (room, id) for rows without a seq, and one on
//! (delivery, id) for one's own messages (outbox, failed).
//! Version 2: rooms(room, synced_seq), how far each room is known without gaps. A file migrated
//! from 1 has no rows there: each room's watermark is 0 until it is synced again, so the next
//! join fetches the newest messages (nothing stored is lost).
//! Version 3: sender_id, sender_username (accounts).
//! Version 4: conversations (docs/protocol.md): kind (0 message, 1 edit, 2 delete, 3 react: a
//! change row, kept for its seq, de-duplication and the outbox, never shown as a message),
//! target_seq, reply_to, edited_ms, deleted, reaction_on, reactions (JSON of the message's
//! reactions); an index on (room, target_seq) of the change rows (a delete empties its edits).
//! Version 5: search -- messages_search, a contentless FTS5 trigram index (detail=none) of the
//! texts of the messages (kind 0, not deleted, not empty; row id = messages.id), filled from the
//! rows already there and kept in step by three triggers on messages (insert, delete, an update of
//! text, kind or deleted); messages_search_order, an index on (ifnull(time_ms, 0), room DESC) of
//! the messages, read backwards for results newest first (StoredSearch); sender_key, a virtual
//! column equal to senderKey() of the sender's name (lower() of it, or sender_fold where that
//! differs), and messages_search_sender on (sender_key, ifnull(time_ms, 0)), the same for the
//! from: filter.
//! Version 6: file, the file a message sends (JSON of FileRef::toStored(); '' for none).
//! (Ties in time are rare: SQLite sorts those few rows by the rest of the order as it reads, so
//! the indexes leave out what a tie needs, saving disk.)
class MessageStoreSchema
{
public:
    //! Every step, oldest first; the last one's version is MessageStore::kSchemaVersion.
    static QList<SqlMigrations::Migration> migrations();

    //! Delivery states as stored in messages.delivery. Spelled out (not the enum's underlying
    //! values) so the file keeps its meaning if ChatMessage::Delivery ever gains or reorders values.
    enum StoredDelivery : int {
        StoredNone = 0,
        StoredPending = 1,
        StoredSent = 2,
        StoredDelivered = 3,
        StoredFailed = 4,
    };
    static int toStored(ChatMessage::Delivery delivery);
    //! An unknown code reads as None.
    static ChatMessage::Delivery fromStored(int value);

    //! The key a message's sender is found by (the from: filter): the user name, or for a
    //! message without one (a stock server's) the display name, compared as parley-server
    //! compares user names (NFKC, case folded: "Émile" and "ÉMILE" are one).
    static QString senderKey(const QString &name);
    //! What messages.sender_fold holds for \a message: its senderKey() where that is not what
    //! SQLite's lower() makes of the name, else '' (nearly always; and for change rows).
    static QString senderFold(const ChatMessage &message);
    //! SQLite's lower() without ICU: ASCII letters only.
    static QString sqlLower(const QString &text);
    //! After the migration to 5, inside the caller's transaction: sender_fold for the rows whose
    //! sender's name needs it (see senderFold()). False with \a error on a database error.
    static bool foldOldSenderKeys(const QSqlDatabase &db, QString *error);

    //! The columns of a whole-row SELECT: the row id (local order), then what messageFrom() reads.
    static QString columns();
    //! The message in the current row of \a query, a SELECT of columns().
    static ChatMessage messageFrom(const QSqlQuery &query);
    //! \a s for a text column: Qt binds a null QString as SQL NULL, and they are NOT NULL.
    static QString text(const QString &s);
    //! \a time for time_ms: ms since the epoch (UTC), NULL when \a time is invalid.
    static QVariant time(const QDateTime &time);
    //! A message's reactions as stored in messages.reactions ('' for none) and back (bounded
    //! as from the wire: a damaged file is no more trusted than a server).
    static QString reactionsText(const QList<ChatMessage::Reaction> &reactions);
    static QList<ChatMessage::Reaction> reactionsFrom(const QString &text);
    //! The file column: FileRef::toStored() as JSON, '' for none; read back checked.
    static QString fileText(const FileRef &file);
    static FileRef fileFrom(const QString &text);
};
