// HistoryStore::Private: the statements, the schema and the write transaction behind
// HistoryStore (historystore.cpp has the public side).

#include "directroomname.h"
#include "historyrow.h"
#include "historystore_p.h"
#include "historystoreschema.h"
#include "logging.h"
#include "sqltransaction.h"

#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <functional>

using HistoryStoreDetail::newRow;
using HistoryStoreDetail::notNull;

namespace {


#define PARLEY_ROW_COLUMNS "SELECT " PARLEY_HISTORY_ROW_COLUMNS
// "client_id <> ''" repeats the partial index's condition so that SQLite may use the index.
const QLatin1String kFindClientId(
        PARLEY_ROW_COLUMNS ", room FROM messages"
        " WHERE sender_id = ? AND client_id = ? AND client_id <> '' AND sender_id IS NOT NULL");
const QLatin1String kLastSeq("SELECT seq FROM messages WHERE room = ? ORDER BY seq DESC LIMIT 1");
// The seq a write takes (no row: 1). SQLite: the write transaction holds the file's lock, so the
// newest row's seq + 1 is free. PostgreSQL: several nodes write at once; the room's row is
// bumped, which locks it until the transaction ends, so writers of one room take turns and a
// rolled-back write gives its seq back.
const QLatin1String kNextSeqSqlite(
        "SELECT seq + 1 FROM messages WHERE room = ? ORDER BY seq DESC LIMIT 1");
const QLatin1String kNextSeqPostgres(
        "INSERT INTO rooms (room, last_seq) VALUES (?, 1)"
        " ON CONFLICT (room) DO UPDATE SET last_seq = rooms.last_seq + 1 RETURNING last_seq");
const QLatin1String kInsert(
        "INSERT INTO messages (room, seq, time, sender, text, client_id, sender_id, sender_username,"
        " sender_guest, kind, target_seq, reply_to, reaction_on, file_id, file_name, file_size,"
        " file_type, file_thumb)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
// Catching up: messages and changes. Scrolling back: messages only ("kind = 0" on the
// (room, kind, seq) index).
const QLatin1String kAfter(
        PARLEY_ROW_COLUMNS " FROM messages WHERE room = ? AND seq > ? ORDER BY seq ASC LIMIT ?");
const QLatin1String kBefore(
        PARLEY_ROW_COLUMNS " FROM messages WHERE room = ? AND kind = 0 AND seq < ?"
        " ORDER BY seq DESC LIMIT ?");
const QLatin1String kNewest(
        PARLEY_ROW_COLUMNS " FROM messages WHERE room = ? AND kind = 0 ORDER BY seq DESC LIMIT ?");
#undef PARLEY_ROW_COLUMNS
const QLatin1String kCount("SELECT COUNT(*) FROM messages");
// The direct rooms of one account: "@dm:<id>:…" (it is the low one) or "@dm:…:<id>" (the high
// one). The range keeps the (room, seq) index in use and the LIKEs exact (case-insensitive LIKE
// cannot reach "@DM:" outside the range); DirectRoomName checks each name again. time is the
// newest row's, found by its (room, seq).
const QLatin1String kDirectRooms(
        "SELECT m.room, m.seq, m.time FROM messages AS m JOIN"
        " (SELECT room, MAX(seq) AS last_seq FROM messages"
        "  WHERE room >= '@dm:' AND room < '@dm;' AND (room LIKE ? OR room LIKE ?)"
        "  GROUP BY room) AS l ON m.room = l.room AND m.seq = l.last_seq"
        " ORDER BY m.time DESC, m.seq DESC, m.room LIMIT ?");


//! \a seq for a column where 0 means none: NULL then.
QVariant seqOrNull(qint64 seq)
{
    return seq > 0 ? QVariant(seq) : QVariant();
}

} // namespace

bool HistoryStore::Private::migrate()
{
    const bool postgres = connection.backend() == SqlConnection::Backend::Postgres;
    // SQLite: the file's PRAGMA user_version (files made before accounts shared them).
    SqlMigrations migrations(postgres ? HistoryStoreSchema::postgresMigrations()
                                      : HistoryStoreSchema::migrations(),
                             postgres ? QStringLiteral("history") : QString());
    switch (migrations.apply(connection)) {
    case SqlMigrations::Outcome::UpToDate:
    case SqlMigrations::Outcome::Migrated:
        schemaVersion = migrations.version();
        return true;
    case SqlMigrations::Outcome::Newer:
        error = QStringLiteral("schema version %1 is newer than this parley-server supports (%2)")
                        .arg(migrations.foundVersion())
                        .arg(kSchemaVersion);
        return false;
    case SqlMigrations::Outcome::Failed:
        break;
    }
    error = migrations.errorString();
    return false;
}

bool HistoryStore::Private::prepare()
{
    statements.emplace(connection.database());
    Statements &s = *statements;
    const std::initializer_list<std::pair<QSqlQuery *, QString>> all{
            {&s.findClientId, kFindClientId},
            {&s.lastSeq, kLastSeq},
            {&s.nextSeq, connection.backend() == SqlConnection::Backend::Postgres ? kNextSeqPostgres
                                                                                  : kNextSeqSqlite},
            {&s.insert, kInsert},
            {&s.after, kAfter},
            {&s.before, kBefore},
            {&s.newest, kNewest},
            {&s.count, kCount},
            {&s.directRooms, kDirectRooms},
    };
    for (const auto &[query, sql] : all) {
        query->setForwardOnly(true);
        if (!query->prepare(sql))
            return fail(QStringLiteral("prepare ") + sql, query->lastError());
    }
    changes.emplace(connection);
    receipts.emplace(connection.database());
    files.emplace(connection.database());
    search.emplace(connection, &*changes);
    // PostgreSQL has no FTS5 index to merge; VACUUM reclaims deleted rows (docs/deploy.md).
    if (connection.backend() == SqlConnection::Backend::Sqlite)
        purge.emplace(connection.database(), QStringLiteral("message_search"), lcServer());
    return (changes->isValid() || fail(changes->errorString()))
            && (receipts->isValid() || fail(receipts->errorString()))
            && (files->isValid() || fail(files->errorString()))
            && (search->isValid() || fail(search->errorString()))
            && (!purge || purge->isValid() || fail(purge->errorString()));
}

std::optional<HistoryStore::Page> HistoryStore::Private::readPage(QSqlQuery &query,
                                                                  const QString &room, int limit,
                                                                  qsizetype maxText,
                                                                  bool descending)
{
    if (!run(query, "history query"))
        return std::nullopt;
    Page page;
    qsizetype textSize = 0;
    while (query.next()) {
        if (page.messages.size() >= limit) {
            page.hasMore = true;  // the extra row asked for by LIMIT limit + 1
            break;
        }
        Message m = HistoryRow::read(query, room);
        if (!page.messages.isEmpty() && textSize + m.text.size() > maxText) {
            page.hasMore = true;
            break;
        }
        textSize += m.text.size();
        page.messages.append(std::move(m));
    }
    const QSqlError rowError = query.lastError();
    query.finish();
    if (rowError.isValid()) {
        fail(QStringLiteral("history query"), rowError);
        return std::nullopt;
    }
    if (descending)
        std::reverse(page.messages.begin(), page.messages.end());
    if (!changes->readReactions(room, &page.messages)) {
        fail(changes->errorString());
        return std::nullopt;
    }
    return page;
}

HistoryStore::Posting HistoryStore::Private::write(const QString &room, const Sender &sender,
                                                  const QString &clientId,
                                                  const std::function<Posting(qint64 seq)> &body)
{
    Posting result;
    if (!statements) {
        error = QStringLiteral("history database is not open");
        return result;
    }
    if (sender.id <= 0) {
        error = QStringLiteral("a message needs a sender id");
        return result;
    }
    Statements &s = *statements;
    SqlTransaction transaction(connection);
    if (!transaction.isActive()) {
        connectionFailed();
        return result;
    }
    // Destroyed before the transaction: no read is left open when an early return rolls back.
    const auto finishReads = qScopeGuard([&s] {
        s.findClientId.finish();
        s.nextSeq.finish();
    });

    // The seq first: on PostgreSQL it locks the room, after which the de-dup lookup sees every
    // write to it that committed before.
    s.nextSeq.bindValue(0, notNull(room));
    if (!run(s.nextSeq, "next seq"))
        return result;
    const qint64 seq = s.nextSeq.next() ? s.nextSeq.value(0).toLongLong() : 1;
    if (s.nextSeq.lastError().isValid()) {
        fail(QStringLiteral("next seq"), s.nextSeq.lastError());
        return result;
    }
    s.nextSeq.finish();

    if (!clientId.isEmpty()) {
        s.findClientId.bindValue(0, sender.id);
        s.findClientId.bindValue(1, clientId);
        if (!run(s.findClientId, "de-dup lookup"))
            return result;
        if (s.findClientId.next()) {
            result.outcome = Outcome::Duplicate;
            result.message = HistoryRow::read(s.findClientId, s.findClientId.value(HistoryRow::kColumnCount).toString());
            return result;  // nothing written: the transaction rolls back
        }
        if (s.findClientId.lastError().isValid()) {
            fail(QStringLiteral("de-dup lookup"), s.findClientId.lastError());
            return result;
        }
        s.findClientId.finish();
    }

    result = body(seq);
    if (result.outcome == Outcome::Stored && !transaction.commit()) {
        connectionFailed();
        return Posting{};
    }
    return result;
}

bool HistoryStore::Private::insert(const Message &row)
{
    QSqlQuery &insert = statements->insert;
    insert.bindValue(0, notNull(row.room));
    insert.bindValue(1, row.seq);
    insert.bindValue(2, row.timeMs);
    insert.bindValue(3, notNull(row.sender));
    insert.bindValue(4, notNull(row.text));
    insert.bindValue(5, notNull(row.clientId));
    insert.bindValue(6, row.senderId);
    insert.bindValue(7, notNull(row.senderUsername));
    insert.bindValue(8, int(row.senderGuest));
    insert.bindValue(9, int(row.kind));
    insert.bindValue(10, seqOrNull(row.target));
    insert.bindValue(11, seqOrNull(row.replyTo));
    insert.bindValue(12, int(row.reactionOn));
    const bool file = !row.file.isNull();
    insert.bindValue(13, file ? QVariant(row.file.id) : QVariant());
    insert.bindValue(14, file ? QVariant(notNull(row.file.name)) : QVariant());
    insert.bindValue(15, file ? QVariant(row.file.size) : QVariant());
    insert.bindValue(16, file ? QVariant(notNull(row.file.type)) : QVariant());
    insert.bindValue(17, file && !row.file.thumbnail.isEmpty() ? QVariant(row.file.thumbnail) : QVariant());
    return run(insert, "insert");
}

