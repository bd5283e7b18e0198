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
    };
}
