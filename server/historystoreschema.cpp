#include "historystoreschema.h"

QList<SqliteMigrations::Migration> HistoryStoreSchema::migrations()
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
    };
}
