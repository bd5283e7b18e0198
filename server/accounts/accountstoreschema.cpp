#include "accountstoreschema.h"

#include "sqliteconnection.h"
#include "sqlitetransaction.h"

#include <QVariant>

#include <optional>

QList<SqliteMigrations::Migration> AccountStoreSchema::migrations()
{
    return {
            {1,
             {QStringLiteral("CREATE TABLE accounts ("
                             " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                             " username TEXT NOT NULL,"
                             " username_key TEXT NOT NULL UNIQUE,"
                             " display_name TEXT NOT NULL,"
                             " password_hash TEXT NOT NULL DEFAULT '',"
                             " is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),"
                             " is_guest INTEGER NOT NULL DEFAULT 0 CHECK (is_guest IN (0, 1)),"
                             " created_ms INTEGER NOT NULL,"
                             " disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)))"),
              QStringLiteral("CREATE TABLE tokens ("
                             " token_hash TEXT PRIMARY KEY,"
                             " account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,"
                             " device_label TEXT NOT NULL DEFAULT '',"
                             " created_ms INTEGER NOT NULL,"
                             " expires_ms INTEGER NOT NULL,"
                             " last_used_ms INTEGER NOT NULL)"),
              QStringLiteral("CREATE INDEX tokens_account ON tokens (account_id)"),
              QStringLiteral("CREATE TABLE invites ("
                             " code_hash TEXT PRIMARY KEY,"
                             " uses_left INTEGER NOT NULL CHECK (uses_left >= 0),"
                             " expires_ms INTEGER NOT NULL,"
                             " created_by INTEGER REFERENCES accounts (id) ON DELETE SET NULL,"
                             " created_ms INTEGER NOT NULL)")}},
            // Presence: when an account's last session ended, kept across restarts ("lastSeen").
            {2, {QStringLiteral("ALTER TABLE accounts ADD COLUMN last_seen_ms INTEGER NOT NULL DEFAULT 0")}},
            // Read receipts: whether the account shares them ("privacy"), on unless turned off.
            {3, {QStringLiteral("ALTER TABLE accounts ADD COLUMN read_receipts INTEGER NOT NULL DEFAULT 1"
                                " CHECK (read_receipts IN (0, 1))")}},
    };
}

SqliteMigrations::Outcome AccountStoreSchema::apply(SqliteConnection &connection, int *version,
                                                    QString *error)
{
    using Outcome = SqliteMigrations::Outcome;
    *version = 0;
    const auto failed = [&connection, error] {
        *error = connection.errorString();
        return Outcome::Failed;
    };
    const QList<SqliteMigrations::Migration> steps = migrations();
    const int latest = steps.constLast().version;

    SqliteTransaction transaction(connection);
    if (!transaction.isActive()
        || !connection.execute(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_versions ("
                                              " name TEXT PRIMARY KEY,"
                                              " version INTEGER NOT NULL)"))) {
        return failed();
    }
    const std::optional<QVariant> found = connection.execute(
            QStringLiteral("SELECT version FROM schema_versions WHERE name = '%1'").arg(kSchemaName));
    if (!found)
        return failed();
    *version = found->toInt(); // no row: an invalid QVariant, 0
    if (*version > latest) {
        *error = QStringLiteral("accounts schema version %1 is newer than the latest known, %2")
                         .arg(*version)
                         .arg(latest);
        return Outcome::Newer;
    }
    if (*version == latest)
        return transaction.commit() ? Outcome::UpToDate : failed();

    for (const SqliteMigrations::Migration &step : steps) {
        if (step.version <= *version)
            continue;
        for (const QString &sql : step.statements) {
            if (!connection.execute(sql))
                return failed();
        }
    }
    if (!connection.execute(QStringLiteral("INSERT OR REPLACE INTO schema_versions (name, version)"
                                           " VALUES ('%1', %2)")
                                    .arg(kSchemaName)
                                    .arg(latest))
        || !transaction.commit()) {
        return failed();
    }
    *version = latest;
    return Outcome::Migrated;
}
