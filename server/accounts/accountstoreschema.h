#pragma once
// AccountStoreSchema: the accounts' tables as data, one {version, statements} step per version,
// and their own version number, so they can share a file with HistoryStore's tables.

#include "sqlmigrations.h"

#include <QLatin1String>

class SqlConnection;

//! The schema of AccountStore, as the list of steps that builds it, and the routine that applies
//! them.
//!
//! The accounts may live in the same file as the history (issue 10: one server, one database),
//! whose schema owns PRAGMA user_version, so their version is a row of their own in
//! schema_versions(name, version), under kSchemaName (SqlMigrations with a name): one
//! transaction, a newer version refused untouched, the steps above the file's version run in
//! order, any failure rolled back. A released step is never edited. On PostgreSQL (a cluster's
//! shared database) the tables are made in their latest form in one step, postgresMigrations().
//!
//! Version 1: accounts(id AUTOINCREMENT -- never reused --, username, username_key UNIQUE,
//! display_name, password_hash, is_admin, is_guest, created_ms, disabled); tokens(token_hash
//! PRIMARY KEY, account_id, device_label, created_ms, expires_ms, last_used_ms); invites(code_hash
//! PRIMARY KEY, uses_left, expires_ms, created_by, created_ms).
//! Version 2: accounts.last_seen_ms (0: never), when the account's last session ended.
//! Version 3: accounts.read_receipts (1, the default: the account shares its read receipts).
class AccountStoreSchema
{
public:
    //! The row of schema_versions that holds the accounts' version.
    static constexpr QLatin1String kSchemaName{"accounts"};

    //! Every step, oldest first; the last one's version is AccountStore::kSchemaVersion.
    static QList<SqlMigrations::Migration> migrations();
    //! The same tables on PostgreSQL: one step to the latest version, 64-bit integers.
    static QList<SqlMigrations::Migration> postgresMigrations();

    //! Brings the accounts' tables in \a connection (open) up to the last step. \a version gets
    //! the version found (Newer) or reached (UpToDate, Migrated); \a error why it Failed or is Newer.
    static SqlMigrations::Outcome apply(SqlConnection &connection, int *version,
                                           QString *error);
};
