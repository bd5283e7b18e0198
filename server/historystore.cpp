#include "historystore.h"

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

namespace {

//! QSQLITE binds a null QString as SQL NULL, which the NOT NULL columns refuse: a message without
//! a clientId must store '' instead.
QString notNull(const QString &text)
{
    return text.isNull() ? QString(0, QChar()) : text;
}

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

//! A new row of \a sender with its \a seq, time and \a clientId; the rest is up to the caller.
HistoryStore::Message newRow(const QString &room, qint64 seq, qint64 nowMs,
                             const HistoryStore::Sender &sender, const QString &clientId)
{
    HistoryStore::Message m;
    m.room = room;
    m.seq = seq;
    m.timeMs = nowMs;
    m.sender = sender.name;
    m.clientId = clientId;
    m.senderId = sender.id;
    m.senderUsername = sender.username;
    m.senderGuest = sender.guest;
    return m;
}

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

HistoryStore::HistoryStore(std::chrono::milliseconds busyTimeout)
    : d(std::make_unique<Private>(busyTimeout))
{
}

HistoryStore::~HistoryStore()
{
    close();
}

bool HistoryStore::open(const QString &databasePath)
{
    close();
    d->error.clear();
    d->path = databasePath;
    SqlConnection::Options options;
    options.busyTimeout = d->busyTimeout;
    // A deleted message's text must not linger in the file's free space (docs/protocol.md).
    options.secureDelete = true;
    if (!d->connection.open(databasePath, options)) {
        d->error = d->connection.errorString();
        return false;
    }
    if (!databasePath.isEmpty() && d->connection.backend() == SqlConnection::Backend::Sqlite
        && journalMode() != QLatin1String("wal")) {
        qCWarning(lcServer).noquote() << "history database" << databasePath << "runs in journal mode"
                                      << journalMode() << "instead of wal (slower commits)";
    }
    if (!d->migrate() || !d->prepare()) {
        close();
        return false;
    }
    if (d->connection.backend() == SqlConnection::Backend::Postgres) {
        // Search folds case by the database's character type: "C" knows only ASCII letters.
        const QString ctype = d->connection.execute(QStringLiteral("SHOW lc_ctype"))
                                      .value_or(QVariant()).toString();
        if (ctype == QLatin1String("C") || ctype == QLatin1String("POSIX")) {
            qCWarning(lcServer).noquote()
                    << "history database" << SqlConnection::displayLocation(databasePath)
                    << "has LC_CTYPE" << ctype << "- search ignores the case of ASCII letters only;"
                    << "create it with a UTF-8 locale (docs/deploy.md)";
        }
    }
    return true;
}

template <typename Call>
auto HistoryStore::retriedOnce(const Call &call) -> decltype(call())
{
    auto result = call();
    const bool failed = [&] {
        if constexpr (std::is_same_v<decltype(result), Posting>)
            return result.outcome == Outcome::Failed;
        else
            return !result.has_value();
    }();
    // PostgreSQL: the link may have gone since the last request (a restart, a fail-over); one
    // more try on a new link, so that a request after a database restart does not fail at all.
    if (failed && recover())
        result = call();
    return result;
}

bool HistoryStore::recover()
{
    if (!d->connection.needsReopen())
        return false;
    const QString path = d->path;
    qCInfo(lcServer).noquote() << "history database" << SqlConnection::displayLocation(path)
                               << "lost: connecting again";
    const bool reopened = open(path); // closes the statements before the link
    if (!reopened) {
        qCWarning(lcServer).noquote() << "history database" << SqlConnection::displayLocation(path)
                                      << "still unreachable:" << d->error;
    }
    return reopened;
}

void HistoryStore::close()
{
    // A delete's words leave the index's pages before the file is left (SearchIndexPurge).
    if (d->purge && d->purge->isPending() && !d->purge->finish())
        qCWarning(lcServer).noquote() << "search index purge at close failed:" << d->purge->errorString();
    d->purge.reset();
    d->search.reset();
    d->changes.reset();     // queries must be gone before their connection
    d->receipts.reset();
    d->files.reset();
    d->statements.reset();
    d->connection.close();
    d->schemaVersion = 0;
}

bool HistoryStore::isOpen() const
{
    return d->statements.has_value();
}

QString HistoryStore::databasePath() const
{
    return d->path;
}

QString HistoryStore::journalMode() const
{
    return d->connection.journalMode();
}

ReceiptStore *HistoryStore::receipts()
{
    return d->receipts ? &*d->receipts : nullptr;
}

FileIndex *HistoryStore::files()
{
    return d->files ? &*d->files : nullptr;
}

HistorySearch *HistoryStore::search()
{
    return d->search ? &*d->search : nullptr;
}

bool HistoryStore::purgeSearchIndex()
{
    if (!isOpen()) {
        d->error = QStringLiteral("history database is not open");
        return false;
    }
    return !d->purge || d->purge->finish() || d->fail(d->purge->errorString());
}

int HistoryStore::schemaVersion() const
{
    return d->schemaVersion;
}

QString HistoryStore::errorString() const
{
    return d->error;
}

std::optional<qint64> HistoryStore::lastSeq(const QString &room)
{
    return retriedOnce([&]() -> std::optional<qint64> {
        if (!isOpen()) {
            d->error = QStringLiteral("history database is not open");
            return std::nullopt;
        }
        QSqlQuery &query = d->statements->lastSeq;
        query.bindValue(0, notNull(room));
        if (!d->run(query, "last seq"))
            return std::nullopt;
        const qint64 seq = query.next() ? query.value(0).toLongLong() : 0;
        const QSqlError rowError = query.lastError();
        query.finish();
        if (rowError.isValid()) {
            d->fail(QStringLiteral("last seq"), rowError);
            return std::nullopt;
        }
        return seq;
    });
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

HistoryStore::Posting HistoryStore::post(const QString &room, const Sender &sender,
                                         const QString &text, const QString &clientId, qint64 nowMs,
                                         qint64 replyTo, const File &file)
{
    return retriedOnce([&] { return postOnce(room, sender, text, clientId, nowMs, replyTo, file); });
}

HistoryStore::Posting HistoryStore::postOnce(const QString &room, const Sender &sender,
                                             const QString &text, const QString &clientId,
                                             qint64 nowMs, qint64 replyTo, const File &file)
{
    return d->write(room, sender, clientId, [&](qint64 seq) {
        Posting result;
        if (replyTo != 0) {
            const std::optional<bool> known = d->changes->isMessage(room, replyTo);
            if (!known) {
                d->fail(d->changes->errorString());
                return result;
            }
            if (!*known) {
                result.outcome = Outcome::Refused;
                result.error = QStringLiteral("unknown message");
                return result;
            }
        }
        Message message = newRow(room, seq, nowMs, sender, clientId);
        message.text = text;
        message.replyTo = replyTo;
        message.file = file;
        if (!file.isNull() && (!d->files || !d->files->addRoom(file.id, room))) {
            d->fail(d->files ? d->files->errorString() : QStringLiteral("no file index"));
            return result;
        }
        if (d->insert(message)) {
            result.outcome = Outcome::Stored;
            result.message = std::move(message);
        }
        return result;
    });
}

HistoryStore::Posting HistoryStore::change(const QString &room, const Sender &sender,
                                           const Change &change, qint64 nowMs, bool admin,
                                           std::chrono::milliseconds editWindow)
{
    return retriedOnce([&] { return changeOnce(room, sender, change, nowMs, admin, editWindow); });
}

HistoryStore::Posting HistoryStore::changeOnce(const QString &room, const Sender &sender,
                                               const Change &change, qint64 nowMs, bool admin,
                                               std::chrono::milliseconds editWindow)
{
    const Posting posting = d->write(room, sender, change.clientId, [&](qint64 seq) {
        Posting result;
        const MessageChanges::Verdict verdict =
                d->changes->apply(room, sender.id, change, nowMs, admin, editWindow);
        switch (verdict.outcome) {
        case Outcome::Stored:
            if (!verdict.deletedFile.isEmpty()) {
                const std::optional<bool> orphaned =
                        d->files ? d->files->unsent(verdict.deletedFile, room) : std::nullopt;
                if (!orphaned) {
                    d->fail(d->files ? d->files->errorString() : QStringLiteral("no file index"));
                    return result;
                }
                if (*orphaned)
                    result.orphanedFile = verdict.deletedFile;
            }
            break;
        case Outcome::Unchanged:  // acknowledged without a seq; nothing written
            result.outcome = Outcome::Unchanged;
            result.message.room = room;
            result.message.kind = change.kind;
            result.message.target = change.target;
            result.message.timeMs = nowMs;
            result.message.clientId = change.clientId;
            return result;
        case Outcome::Refused:
            result.outcome = Outcome::Refused;
            result.error = verdict.error;
            return result;
        case Outcome::Duplicate:
        case Outcome::Failed:
            d->fail(d->changes->errorString());
            return result;
        }
        Message row = newRow(room, seq, nowMs, sender, change.clientId);
        row.kind = change.kind;
        row.target = change.target;
        row.reactionOn = change.kind == Message::Kind::React && change.on;
        if (change.kind != Message::Kind::Delete)
            row.text = change.text;  // the new text, or the emoji
        if (d->insert(row)) {
            result.outcome = Outcome::Stored;
            result.message = std::move(row);
        }
        return result;
    });
    if (posting.outcome == Outcome::Stored && change.kind == Message::Kind::Delete && d->purge)
        d->purge->removed();  // committed: the words leave the index's pages too
    return posting;
}

std::optional<HistoryStore::Page> HistoryStore::after(const QString &room, qint64 seq, int limit,
                                                      qsizetype maxText)
{
    return retriedOnce([&]() -> std::optional<Page> {
        if (!isOpen()) {
            d->error = QStringLiteral("history database is not open");
            return std::nullopt;
        }
        limit = qMax(1, limit);
        QSqlQuery &query = d->statements->after;
        query.bindValue(0, notNull(room));
        query.bindValue(1, seq);
        query.bindValue(2, qint64(limit) + 1);
        return d->readPage(query, room, limit, maxText, false);
    });
}

std::optional<HistoryStore::Page> HistoryStore::before(const QString &room, qint64 seq, int limit,
                                                       qsizetype maxText)
{
    return retriedOnce([&]() -> std::optional<Page> {
        if (!isOpen()) {
            d->error = QStringLiteral("history database is not open");
            return std::nullopt;
        }
        limit = qMax(1, limit);
        QSqlQuery &query = d->statements->before;
        query.bindValue(0, notNull(room));
        query.bindValue(1, seq);
        query.bindValue(2, qint64(limit) + 1);
        return d->readPage(query, room, limit, maxText, true);
    });
}

std::optional<HistoryStore::Page> HistoryStore::newest(const QString &room, int limit,
                                                       qsizetype maxText)
{
    return retriedOnce([&]() -> std::optional<Page> {
        if (!isOpen()) {
            d->error = QStringLiteral("history database is not open");
            return std::nullopt;
        }
        limit = qMax(1, limit);
        QSqlQuery &query = d->statements->newest;
        query.bindValue(0, notNull(room));
        query.bindValue(1, qint64(limit) + 1);
        return d->readPage(query, room, limit, maxText, true);
    });
}

std::optional<qint64> HistoryStore::messageCount()
{
    if (!isOpen()) {
        d->error = QStringLiteral("history database is not open");
        return std::nullopt;
    }
    QSqlQuery &query = d->statements->count;
    if (!d->run(query, "count"))
        return std::nullopt;
    const std::optional<qint64> count =
            query.next() ? std::optional<qint64>(query.value(0).toLongLong()) : std::nullopt;
    if (!count)
        d->fail(QStringLiteral("count"), query.lastError());
    query.finish();
    return count;
}

std::optional<QList<HistoryStore::RoomActivity>> HistoryStore::directRooms(qint64 userId, int limit)
{
    return retriedOnce([&]() -> std::optional<QList<RoomActivity>> {
        if (!isOpen()) {
            d->error = QStringLiteral("history database is not open");
            return std::nullopt;
        }
        const QString id = QString::number(userId);
        QSqlQuery &query = d->statements->directRooms;
        query.bindValue(0, QString(QLatin1String("@dm:") + id + QLatin1String(":%")));
        query.bindValue(1, QString(QLatin1String("@dm:%:") + id));
        query.bindValue(2, qint64(qMax(0, limit)));
        if (!d->run(query, "direct rooms"))
            return std::nullopt;
        QList<RoomActivity> rooms;
        while (query.next()) {
            RoomActivity activity{query.value(0).toString(), query.value(1).toLongLong(),
                                  query.value(2).toLongLong()};
            const std::optional<DirectRoomName::Pair> pair = DirectRoomName::parse(activity.room);
            if (pair && pair->contains(userId))
                rooms.append(std::move(activity));
        }
        const QSqlError rowError = query.lastError();
        query.finish();
        if (rowError.isValid()) {
            d->fail(QStringLiteral("direct rooms"), rowError);
            return std::nullopt;
        }
        return rooms;
    });
}
