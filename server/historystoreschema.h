#pragma once
// HistoryStoreSchema: the server's history schema as data, one SqlMigrations step per version.

#include "sqlmigrations.h"

//! The schema of HistoryStore's file, as the list of steps SqlMigrations applies.
//!
//! Why its own file: the steps are the file format's history; files on disk were made by them, so
//! a released step is never edited, only followed by a new one (and HistoryStore::kSchemaVersion
//! raised to it). Kept apart from the client's MessageStoreSchema: the two files are unrelated.
//!
//! Version 1: messages(id, room, seq, time, sender, text, client_id) with UNIQUE(room, seq), and a
//! partial unique index on (sender, client_id) where client_id is not empty -- a (user, clientId)
//! pair is unique across all rooms, as docs/protocol.md promised then.
//!
//! Version 2 (accounts): sender_id (the account's id; NULL for the rows of version 1, which were
//! posted under a bare name), sender_username and sender_guest; the de-dup index moves to
//! (sender_id, client_id), so resends are recognised by account, not by a name anyone could take.
//!
//! Version 3 (replies, edits, deletes, reactions): kind (0 message, 1 edit, 2 delete, 3 react),
//! target_seq (a change's message), reply_to, edited (ms, NULL), deleted and reaction_on (0/1),
//! all defaulting so that older rows read as plain messages; an index on (room, kind, seq) for
//! the pages of messages only and one on (room, target_seq) for a message's changes;
//! reactions(room, seq, user_id, emoji, time), the reactions in force.
//!
//! Version 4 (read receipts): receipts(room, account_id, seq), one row per (room, account).
//!
//! Version 5 (search): message_search, an FTS5 trigram index of the messages' current texts
//! (contentless, rowid = messages.id; change rows and deleted messages are never in it), kept in
//! step by triggers on messages (insert, edit, delete); the migration indexes the existing rows.
//! Never 'rebuild' it: a contentless index has nothing to rebuild from (HistorySearch,
//! SearchIndexPurge).
class HistoryStoreSchema
{
public:
    //! Every step, oldest first; the last one's version is HistoryStore::kSchemaVersion.
    static QList<SqlMigrations::Migration> migrations();
    //! The same schema on PostgreSQL (a cluster's shared database, docs/deploy.md): one step to
    //! version 8, with rooms(room, last_seq), the row each post bumps for its seq, and a pg_trgm
    //! index for search (the extension is created by the step: the role must own the database).
    static QList<SqlMigrations::Migration> postgresMigrations();
};
