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

using HistoryStoreDetail::newRow;
using HistoryStoreDetail::notNull;

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
