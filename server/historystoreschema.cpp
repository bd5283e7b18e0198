#include "historystoreschema.h"

QList<SqlMigrations::Migration> HistoryStoreSchema::migrations()
{
    return {
            {1,
             {QStringLiteral("CREATE TABLE messages ("
                             " id INTEGER PRIMARY KEY,"
                             " room TEXT NOT NULL,"
                             " seq INTEGER NOT NULL CHECK (seq > 0),"
                             " time INTEGER NOT NULL,"
                             " sender TEXT NOT NULL,"
                             " text TEXT NOT NULL,"
                             " client_id TEXT NOT NULL DEFAULT '',"
                             " UNIQUE (room, seq))"),
              QStringLiteral("CREATE UNIQUE INDEX messages_sender_client_id ON messages (sender, client_id)"
                             " WHERE client_id <> ''")}},
            // Accounts (issue 10): who sent a message is an account id. Rows from version 1 keep
            // sender_id NULL (posted under a bare name: "legacy"). De-duplication moves from the
            // name to the id: a guest who comes back as a new guest under the same name must not
            // collide with the old one's client ids.
            {2,
             {QStringLiteral("ALTER TABLE messages ADD COLUMN sender_id INTEGER"),
              QStringLiteral("ALTER TABLE messages ADD COLUMN sender_username TEXT NOT NULL DEFAULT ''"),
              QStringLiteral("ALTER TABLE messages ADD COLUMN sender_guest INTEGER NOT NULL DEFAULT 0"
                             " CHECK (sender_guest IN (0, 1))"),
              QStringLiteral("DROP INDEX messages_sender_client_id"),
              QStringLiteral("CREATE UNIQUE INDEX messages_sender_id_client_id ON messages"
                             " (sender_id, client_id) WHERE client_id <> '' AND sender_id IS NOT NULL")}},
            // Conversations (docs/protocol.md, "replies, edits, deletes, reactions"): a change is a
            // row of its own with the room's next seq (kind 1 edit, 2 delete, 3 react; text holds
            // the new text or the emoji), so catch-up by seq sees it. A message row keeps its
            // current state. Old rows read as plain messages. Reactions in force live in their own
            // table; the index keeps "messages only" pages (before, newest) on an index.
            {3,
             {QStringLiteral("ALTER TABLE messages ADD COLUMN kind INTEGER NOT NULL DEFAULT 0"
                             " CHECK (kind IN (0, 1, 2, 3))"),
              QStringLiteral("ALTER TABLE messages ADD COLUMN target_seq INTEGER"),
              QStringLiteral("ALTER TABLE messages ADD COLUMN reply_to INTEGER"),
              QStringLiteral("ALTER TABLE messages ADD COLUMN edited INTEGER"),
              QStringLiteral("ALTER TABLE messages ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0"
                             " CHECK (deleted IN (0, 1))"),
              QStringLiteral("ALTER TABLE messages ADD COLUMN reaction_on INTEGER NOT NULL DEFAULT 0"
                             " CHECK (reaction_on IN (0, 1))"),
              QStringLiteral("CREATE INDEX messages_room_kind_seq ON messages (room, kind, seq)"),
              QStringLiteral("CREATE INDEX messages_room_target ON messages (room, target_seq)"
                             " WHERE target_seq IS NOT NULL"),
              QStringLiteral("CREATE TABLE reactions ("
                             " room TEXT NOT NULL,"
                             " seq INTEGER NOT NULL,"
                             " user_id INTEGER NOT NULL,"
                             " emoji TEXT NOT NULL,"
                             " time INTEGER NOT NULL,"
                             " PRIMARY KEY (room, seq, emoji, user_id))")}},
            // Read receipts (docs/protocol.md, "Read receipts"): state, not log -- one row per
            // (room, account), only ever moved forward; no seq of the room is used.
            {4,
             {QStringLiteral("CREATE TABLE receipts ("
                             " room TEXT NOT NULL,"
                             " account_id INTEGER NOT NULL,"
                             " seq INTEGER NOT NULL CHECK (seq > 0),"
                             " PRIMARY KEY (room, account_id))"),
              QStringLiteral("CREATE INDEX receipts_account ON receipts (account_id)")}},
            // Search (docs/protocol.md, "Search"): an FTS5 trigram index of the current texts of
            // messages -- not of changes, not of deleted messages --, rowid = messages.id. It is
            // contentless (content=''), so the texts are not stored twice and the index never
            // reads the messages table by itself; the triggers keep it in step with every insert,
            // edit and delete inside the writing transaction, giving the index the old text to
            // remove ('delete' needs it). Existing rows are indexed here.
            {5,
             {QStringLiteral("CREATE VIRTUAL TABLE message_search USING fts5("
                             "text, content='', columnsize=0, tokenize='trigram')"),
              QStringLiteral("INSERT INTO message_search (rowid, text)"
                             " SELECT id, text FROM messages WHERE kind = 0 AND deleted = 0"),
              QStringLiteral("CREATE TRIGGER message_search_insert AFTER INSERT ON messages"
                             " WHEN new.kind = 0 AND new.deleted = 0 BEGIN"
                             " INSERT INTO message_search (rowid, text) VALUES (new.id, new.text);"
                             " END"),
              QStringLiteral("CREATE TRIGGER message_search_update AFTER UPDATE OF text, deleted"
                             " ON messages WHEN old.kind = 0 BEGIN"
                             " INSERT INTO message_search (message_search, rowid, text)"
                             "  SELECT 'delete', old.id, old.text WHERE old.deleted = 0;"
                             " INSERT INTO message_search (rowid, text)"
                             "  SELECT new.id, new.text WHERE new.deleted = 0;"
                             " END"),
              QStringLiteral("CREATE TRIGGER message_search_delete AFTER DELETE ON messages"
                             " WHEN old.kind = 0 AND old.deleted = 0 BEGIN"
                             " INSERT INTO message_search (message_search, rowid, text)"
                             "  VALUES ('delete', old.id, old.text);"
                             " END")}},
            // Files (docs/protocol.md, "Files"; FileIndex): uploads under way (one per account
            // and content; their announced size counts against the quota until they end), the
            // files each account stored (its quota), and the rooms a file was sent to (who may
            // fetch it). The bytes live in FileStore, beside the database.
            {6,
             {QStringLiteral("CREATE TABLE uploads ("
                             " key TEXT PRIMARY KEY,"
                             " account_id INTEGER NOT NULL,"
                             " sha256 TEXT NOT NULL,"
                             " size INTEGER NOT NULL CHECK (size > 0),"
                             " room TEXT NOT NULL,"
                             " name TEXT NOT NULL,"
                             " type TEXT NOT NULL,"
                             " started_ms INTEGER NOT NULL)"),
              QStringLiteral("CREATE INDEX uploads_account ON uploads (account_id)"),
              QStringLiteral("CREATE INDEX uploads_started ON uploads (started_ms)"),
              QStringLiteral("CREATE TABLE files ("
                             " sha256 TEXT NOT NULL,"
                             " account_id INTEGER NOT NULL,"
                             " size INTEGER NOT NULL CHECK (size > 0),"
                             " type TEXT NOT NULL,"
                             " stored_ms INTEGER NOT NULL,"
                             " PRIMARY KEY (sha256, account_id))"),
              QStringLiteral("CREATE INDEX files_account ON files (account_id)"),
              QStringLiteral("CREATE TABLE file_rooms ("
                             " sha256 TEXT NOT NULL,"
                             " room TEXT NOT NULL,"
                             " PRIMARY KEY (sha256, room))")}},
            // A message that sends a file (docs/protocol.md, "Files"): the file's id (SHA-256),
            // name, size and type as the sender gave them; NULL for other rows. A delete clears
            // them; the index finds the messages that still send a file, to drop the file with
            // the last one.
            {7,
             {QStringLiteral("ALTER TABLE messages ADD COLUMN file_id TEXT"),
              QStringLiteral("ALTER TABLE messages ADD COLUMN file_name TEXT"),
              QStringLiteral("ALTER TABLE messages ADD COLUMN file_size INTEGER"),
              QStringLiteral("ALTER TABLE messages ADD COLUMN file_type TEXT"),
              QStringLiteral("CREATE INDEX messages_file ON messages (file_id, room)"
                             " WHERE file_id IS NOT NULL")}},
            // The thumbnail its sender made, for a message that sends a file (at most
            // FileNaming::kMaxThumbnailBytes); NULL without one. A delete clears it.
            {8, {QStringLiteral("ALTER TABLE messages ADD COLUMN file_thumb BLOB")}},
    };
}

QList<SqlMigrations::Migration> HistoryStoreSchema::postgresMigrations()
{
    // Version 8 of migrations() in one step, in PostgreSQL's types, plus what a cluster needs:
    // rooms.last_seq, the row a post bumps (UPDATE … RETURNING) so that seqs stay gap-free and
    // unique however many nodes write; reactions.id for their order (SQLite's rowid); search by
    // a pg_trgm index on the live messages' texts instead of FTS5 (HistorySearch).
    return {
            {8,
             {QStringLiteral("CREATE EXTENSION IF NOT EXISTS pg_trgm"),
              QStringLiteral("CREATE TABLE rooms ("
                             " room TEXT PRIMARY KEY,"
                             " last_seq BIGINT NOT NULL CHECK (last_seq > 0))"),
              QStringLiteral("CREATE TABLE messages ("
                             " id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                             " room TEXT NOT NULL,"
                             " seq BIGINT NOT NULL CHECK (seq > 0),"
                             " time BIGINT NOT NULL,"
                             " sender TEXT NOT NULL,"
                             " text TEXT NOT NULL,"
                             " client_id TEXT NOT NULL DEFAULT '',"
                             " sender_id BIGINT,"
                             " sender_username TEXT NOT NULL DEFAULT '',"
                             " sender_guest INTEGER NOT NULL DEFAULT 0 CHECK (sender_guest IN (0, 1)),"
                             " kind INTEGER NOT NULL DEFAULT 0 CHECK (kind IN (0, 1, 2, 3)),"
                             " target_seq BIGINT,"
                             " reply_to BIGINT,"
                             " edited BIGINT,"
                             " deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),"
                             " reaction_on INTEGER NOT NULL DEFAULT 0 CHECK (reaction_on IN (0, 1)),"
                             " file_id TEXT,"
                             " file_name TEXT,"
                             " file_size BIGINT,"
                             " file_type TEXT,"
                             " file_thumb BYTEA,"
                             " UNIQUE (room, seq))"),
              QStringLiteral("CREATE UNIQUE INDEX messages_sender_id_client_id ON messages"
                             " (sender_id, client_id) WHERE client_id <> '' AND sender_id IS NOT NULL"),
              QStringLiteral("CREATE INDEX messages_room_kind_seq ON messages (room, kind, seq)"),
              QStringLiteral("CREATE INDEX messages_room_target ON messages (room, target_seq)"
                             " WHERE target_seq IS NOT NULL"),
              QStringLiteral("CREATE INDEX messages_file ON messages (file_id, room)"
                             " WHERE file_id IS NOT NULL"),
              QStringLiteral("CREATE INDEX messages_search ON messages USING gin (text gin_trgm_ops)"
                             " WHERE kind = 0 AND deleted = 0"),
              QStringLiteral("CREATE TABLE reactions ("
                             " id BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,"
                             " room TEXT NOT NULL,"
                             " seq BIGINT NOT NULL,"
                             " user_id BIGINT NOT NULL,"
                             " emoji TEXT NOT NULL,"
                             " time BIGINT NOT NULL,"
                             " PRIMARY KEY (room, seq, emoji, user_id))"),
              QStringLiteral("CREATE TABLE receipts ("
                             " room TEXT NOT NULL,"
                             " account_id BIGINT NOT NULL,"
                             " seq BIGINT NOT NULL CHECK (seq > 0),"
                             " PRIMARY KEY (room, account_id))"),
              QStringLiteral("CREATE INDEX receipts_account ON receipts (account_id)"),
              QStringLiteral("CREATE TABLE uploads ("
                             " key TEXT PRIMARY KEY,"
                             " account_id BIGINT NOT NULL,"
                             " sha256 TEXT NOT NULL,"
                             " size BIGINT NOT NULL CHECK (size > 0),"
                             " room TEXT NOT NULL,"
                             " name TEXT NOT NULL,"
                             " type TEXT NOT NULL,"
                             " started_ms BIGINT NOT NULL)"),
              QStringLiteral("CREATE INDEX uploads_account ON uploads (account_id)"),
              QStringLiteral("CREATE INDEX uploads_started ON uploads (started_ms)"),
              QStringLiteral("CREATE TABLE files ("
                             " sha256 TEXT NOT NULL,"
                             " account_id BIGINT NOT NULL,"
                             " size BIGINT NOT NULL CHECK (size > 0),"
                             " type TEXT NOT NULL,"
                             " stored_ms BIGINT NOT NULL,"
                             " PRIMARY KEY (sha256, account_id))"),
              QStringLiteral("CREATE INDEX files_account ON files (account_id)"),
              QStringLiteral("CREATE TABLE file_rooms ("
                             " sha256 TEXT NOT NULL,"
                             " room TEXT NOT NULL,"
                             " PRIMARY KEY (sha256, room))")}},
    };
}
