#include "historycopy.h"

#include "accountstore.h"
#include "historystore.h"
#include "sqlconnection.h"
#include "sqltransaction.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

#include <tuple>

namespace {

//! One table to copy: its columns (the same names on both sides), the order to read it in (ids
//! and insertion order are kept), and whether ids generated ALWAYS are given explicitly.
struct Spec
{
    QLatin1String table;
    QLatin1String columns;
    QLatin1String order;
    bool overridingIds = false;
};

const QList<Spec> kTables{
        {QLatin1String("accounts"),
         QLatin1String("id, username, username_key, display_name, password_hash, is_admin, is_guest,"
                       " created_ms, disabled, last_seen_ms, read_receipts"),
         QLatin1String("id")},
        {QLatin1String("tokens"),
         QLatin1String("token_hash, account_id, device_label, created_ms, expires_ms, last_used_ms"),
         QLatin1String("rowid")},
        {QLatin1String("invites"), QLatin1String("code_hash, uses_left, expires_ms, created_by, created_ms"),
         QLatin1String("rowid")},
        {QLatin1String("messages"),
         QLatin1String("id, room, seq, time, sender, text, client_id, sender_id, sender_username,"
                       " sender_guest, kind, target_seq, reply_to, edited, deleted, reaction_on, file_id,"
                       " file_name, file_size, file_type, file_thumb"),
         QLatin1String("id"), true},
        {QLatin1String("reactions"), QLatin1String("room, seq, user_id, emoji, time"), QLatin1String("rowid")},
        {QLatin1String("receipts"), QLatin1String("room, account_id, seq"), QLatin1String("rowid")},
        {QLatin1String("uploads"),
         QLatin1String("key, account_id, sha256, size, room, name, type, started_ms"), QLatin1String("rowid")},
        {QLatin1String("files"), QLatin1String("sha256, account_id, size, type, stored_ms"), QLatin1String("rowid")},
        {QLatin1String("file_rooms"), QLatin1String("sha256, room"), QLatin1String("rowid")},
};

QString reason(const QSqlError &error)
{
    return error.databaseText().isEmpty() ? error.text() : error.databaseText();
}

//! Every room's (lowest seq, highest seq, rows) on \a connection; nullopt on failure.
std::optional<QHash<QString, std::tuple<qint64, qint64, qint64>>> roomSeqs(SqlConnection &connection,
                                                                          QString *error)
{
    QSqlQuery q(connection.database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT room, MIN(seq), MAX(seq), COUNT(*) FROM messages GROUP BY room"))) {
        *error = reason(q.lastError());
        return std::nullopt;
    }
    QHash<QString, std::tuple<qint64, qint64, qint64>> rooms;
    while (q.next()) {
        rooms.insert(q.value(0).toString(),
                     {q.value(1).toLongLong(), q.value(2).toLongLong(), q.value(3).toLongLong()});
    }
    return rooms;
}

std::optional<qint64> countOf(SqlConnection &connection, const QString &table)
{
    const std::optional<QVariant> n = connection.execute(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table));
    return n ? std::optional<qint64>(n->toLongLong()) : std::nullopt;
}

} // namespace

HistoryCopy::Result HistoryCopy::copy(const QString &sqliteFile, const QString &postgresLocation)
{
    Result result;
    const auto fail = [&result](const QString &why) {
        result.ok = false;
        result.error = why;
        return result;
    };
    if (sqliteFile.isEmpty() || SqlConnection::isPostgresLocation(sqliteFile))
        return fail(QStringLiteral("the source must be an SQLite file"));
    if (!SqlConnection::isPostgresLocation(postgresLocation))
        return fail(QStringLiteral("the target must be a postgresql:// database"));

    // Both sides at the current schema, as parley-server would leave them when started on them.
    for (const QString &location : {sqliteFile, postgresLocation}) {
        HistoryStore history;
        if (!history.open(location))
            return fail(SqlConnection::displayLocation(location) + QLatin1String(": ") + history.errorString());
        AccountStore accounts{AccountStore::Settings()};
        if (!accounts.open(location))
            return fail(SqlConnection::displayLocation(location) + QLatin1String(": ") + accounts.errorString());
    }
    SqlConnection source;
    SqlConnection target;
    if (!source.open(sqliteFile))
        return fail(source.errorString());
    if (!target.open(postgresLocation))
        return fail(target.errorString());
    for (const QLatin1String table : {QLatin1String("accounts"), QLatin1String("messages")}) {
        const std::optional<qint64> n = countOf(target, table);
        if (!n)
            return fail(target.errorString());
        if (*n > 0)
            return fail(QStringLiteral("the target database already holds %1 (%2 rows): import into an empty one")
                                .arg(table)
                                .arg(*n));
    }

    {
        SqlTransaction transaction(target);
        if (!transaction.isActive())
            return fail(target.errorString());
        for (const Spec &spec : kTables) {
            QSqlQuery read(source.database());
            read.setForwardOnly(true);
            if (!read.exec(QStringLiteral("SELECT %1 FROM %2 ORDER BY %3").arg(spec.columns, spec.table, spec.order)))
                return fail(QStringLiteral("reading %1: %2").arg(spec.table, reason(read.lastError())));
            const int columns = int(spec.columns.count(QLatin1Char(','))) + 1;
            QStringList marks;
            for (int i = 0; i < columns; ++i)
                marks << QStringLiteral("?");
            QSqlQuery write(target.database());
            if (!write.prepare(QStringLiteral("INSERT INTO %1 (%2)%3 VALUES (%4)")
                                       .arg(spec.table, spec.columns,
                                            spec.overridingIds ? QLatin1String(" OVERRIDING SYSTEM VALUE") : QLatin1String(),
                                            marks.join(QLatin1String(", "))))) {
                return fail(QStringLiteral("preparing %1: %2").arg(spec.table, reason(write.lastError())));
            }
            qint64 rows = 0;
            while (read.next()) {
                for (int i = 0; i < columns; ++i)
                    write.bindValue(i, read.value(i));
                if (!write.exec())
                    return fail(QStringLiteral("writing %1 row %2: %3").arg(spec.table).arg(rows + 1).arg(reason(write.lastError())));
                ++rows;
            }
            if (read.lastError().isValid())
                return fail(QStringLiteral("reading %1: %2").arg(spec.table, reason(read.lastError())));
            result.tables.append(Table{spec.table, rows});
        }
        // Each room's next seq follows its last; new accounts and messages get ids above the
        // copied ones.
        for (const QString &sql : {QStringLiteral("INSERT INTO rooms (room, last_seq)"
                                                  " SELECT room, MAX(seq) FROM messages GROUP BY room"),
                                   QStringLiteral("SELECT setval(pg_get_serial_sequence('accounts', 'id'),"
                                                  " COALESCE(MAX(id), 0) + 1, false) FROM accounts"),
                                   QStringLiteral("SELECT setval(pg_get_serial_sequence('messages', 'id'),"
                                                  " COALESCE(MAX(id), 0) + 1, false) FROM messages")}) {
            if (!target.execute(sql))
                return fail(target.errorString());
        }
        if (!transaction.commit())
            return fail(target.errorString());
    }

    // The checks: as many rows on both sides, and the same seqs in every room.
    for (const Table &table : std::as_const(result.tables)) {
        const std::optional<qint64> there = countOf(target, table.name);
        const std::optional<qint64> here = countOf(source, table.name);
        if (!there || !here || *there != table.rows || *here != table.rows) {
            return fail(QStringLiteral("%1: %2 rows in the file, %3 copied, %4 in the database")
                                .arg(table.name)
                                .arg(here.value_or(-1))
                                .arg(table.rows)
                                .arg(there.value_or(-1)));
        }
    }
    QString error;
    const auto before = roomSeqs(source, &error);
    const auto after = before ? roomSeqs(target, &error) : std::nullopt;
    if (!before || !after)
        return fail(QStringLiteral("checking seqs: ") + error);
    if (*before != *after)
        return fail(QStringLiteral("the rooms' seqs differ after the copy"));
    const std::optional<QVariant> lastSeqs = target.execute(QStringLiteral(
            "SELECT COUNT(*) FROM rooms AS r JOIN (SELECT room, MAX(seq) AS m FROM messages GROUP BY room) AS x"
            " ON x.room = r.room WHERE r.last_seq = x.m"));
    if (!lastSeqs || lastSeqs->toLongLong() != qint64(after->size()))
        return fail(QStringLiteral("rooms.last_seq does not follow every room's last message"));
    result.rooms = after->size();
    result.ok = true;
    return result;
}
