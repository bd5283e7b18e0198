#include "messagestore.h"

#include "logging.h"
#include "messagestore_p.h"
#include "messagestorepath.h"
#include "messagestoreschema.h"
#include "sqltransaction.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <optional>

using Delivery = ChatMessage::Delivery;
using Schema = MessageStoreSchema;

namespace {

//! SQLite uses a partial index only where the query's WHERE implies the index's: "client_id = ?"
//! does not imply "client_id <> ''" (the ? might be empty), so every lookup by an identity says
//! so, or it scans the table (measured: 80-100 ms per message at 1,000,000 rows instead of µs).
const QString kByClientId = QStringLiteral("client_id = ? AND client_id <> ''");
const QString kByRoomSeq = QStringLiteral("room = ? AND seq = ? AND seq > 0");

} // namespace

bool MessageStore::Position::operator<(const Position &other) const
{
    // Rows with a seq come first (by seq), then rows without (by local order).
    const bool unsequenced = seq == 0;
    const bool otherUnsequenced = other.seq == 0;
    if (unsequenced != otherUnsequenced)
        return !unsequenced;
    if (seq != other.seq)
        return seq < other.seq;
    return localId < other.localId;
}

bool MessageStore::Private::prepare(QSqlQuery &query, const QString &sql)
{
    query.setForwardOnly(true);
    if (query.prepare(sql))
        return true;
    error = QStringLiteral("cannot prepare \"%1\": %2").arg(sql, query.lastError().text());
    return false;
}

bool MessageStore::Private::exec(QSqlQuery &query, const char *what)
{
    if (query.exec())
        return true;
    error = QStringLiteral("%1 failed: %2").arg(QLatin1String(what), query.lastError().text());
    qCWarning(lcModel).noquote() << "message store:" << error;
    return false;
}

bool MessageStore::Private::migrate()
{
    SqlMigrations migrations(MessageStoreSchema::migrations());
    switch (migrations.apply(connection)) {
    case SqlMigrations::Outcome::Migrated:
        if (migrations.foundVersion() > 0) {
            qCInfo(lcModel) << "message store" << path << "migrated to schema" << migrations.version();
        }
        if (migrations.foundVersion() > 0 && migrations.foundVersion() < 5) {
            // Not fatal: a name not folded is found when typed in its stored case.
            SqlTransaction transaction(connection);
            QString why;
            if (!transaction.isActive() || !Schema::foldOldSenderKeys(connection.database(), &why)
                || !transaction.commit()) {
                qCWarning(lcModel).noquote() << "message store: folding the senders' names failed:"
                                             << (why.isEmpty() ? connection.errorString() : why);
            }
        }
        return true;
    case SqlMigrations::Outcome::UpToDate: {
        // A write in every case, or a file we may only read would open fine and then refuse the
        // first outgoing message (BEGIN IMMEDIATE alone does not tell, in WAL mode). The write is
        // rolled back and nothing reaches the disk, so opening a big file stays cheap
        // (bench/history_open.cpp: under a millisecond at 1,000,000 rows).
        SqlTransaction probe(connection);
        return (probe.isActive()
                && connection.execute(QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion)))
                || connectionFailed();
    }
    case SqlMigrations::Outcome::Newer:
        error = QStringLiteral("the file was written by a newer Parley (schema version %1; "
                               "this version reads up to %2)")
                        .arg(migrations.foundVersion())
                        .arg(kSchemaVersion);
        return false;
    case SqlMigrations::Outcome::Failed:
        break;
    }
    error = migrations.errorString();
    return false;
}

bool MessageStore::Private::prepareAll()
{
    st = std::make_unique<Statements>(connection.database());
    const QString select = QLatin1String("SELECT ") + Schema::columns() + QLatin1String(" FROM messages ");
    return prepare(st->insert,
                   QStringLiteral("INSERT INTO messages (client_id, room, seq, sender, text, time_ms,"
                                  " own, delivery, sender_id, sender_username, kind, target_seq,"
                                  " reply_to, edited_ms, deleted, reaction_on, reactions, sender_fold, file)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                  " ON CONFLICT DO NOTHING"))
        && prepare(st->ownerOf, QStringLiteral("SELECT own FROM messages WHERE ") + kByClientId)
        && prepare(st->updateDelivery,
                   QStringLiteral("UPDATE messages SET delivery = ?, seq = MAX(seq, ?),"
                                  " time_ms = COALESCE(?, time_ms) WHERE ")
                           + kByClientId)
        && prepare(st->setSeqByClientId,
                   QStringLiteral("UPDATE OR IGNORE messages SET seq = ? WHERE ") + kByClientId
                           + QStringLiteral(" AND seq = 0"))
        && prepare(st->setClientIdBySeq,
                   QStringLiteral("UPDATE OR IGNORE messages SET client_id = ? WHERE ") + kByRoomSeq
                           + QStringLiteral(" AND client_id = ''"))
        && prepare(st->settleOwn,
                   QStringLiteral("UPDATE messages SET delivery = %1, time_ms = COALESCE(?, time_ms)"
                                  " WHERE %5 AND own = 1 AND delivery IN (%2, %3, %4)")
                           .arg(Schema::StoredDelivered)
                           .arg(Schema::StoredPending)
                           .arg(Schema::StoredSent)
                           .arg(Schema::StoredFailed)
                           .arg(kByClientId))
        && prepare(st->lastSeq,
                   QStringLiteral("SELECT MAX(seq) FROM messages WHERE room = ? AND seq > 0"))
        && prepare(st->unacknowledged,
                   select
                           + QStringLiteral("WHERE own = 1 AND delivery IN (%1, %2) ORDER BY id")
                                     .arg(Schema::StoredPending)
                                     .arg(Schema::StoredSent))
        && prepare(st->failed,
                   select + QStringLiteral("WHERE own = 1 AND delivery = %1 ORDER BY id").arg(Schema::StoredFailed))
        && prepare(st->count, QStringLiteral("SELECT COUNT(*) FROM messages WHERE room = ? AND kind = 0"))
        && changes.prepare(connection.database()) && pages.prepare(connection.database())
        && search.prepare(connection.database()) && preparePurge();
}

std::optional<bool> MessageStore::Private::insert(const ChatMessage &m, const char *what)
{
    QSqlQuery &insert = st->insert;
    insert.addBindValue(Schema::text(m.clientId));
    insert.addBindValue(Schema::text(m.room));
    insert.addBindValue(std::max<qint64>(0, m.seq));
    insert.addBindValue(Schema::text(m.sender));
    insert.addBindValue(Schema::text(m.text));
    insert.addBindValue(Schema::time(m.time));
    insert.addBindValue(m.own ? 1 : 0);
    insert.addBindValue(Schema::toStored(m.delivery));
    insert.addBindValue(std::max<qint64>(0, m.senderId));
    insert.addBindValue(Schema::text(m.senderUsername));
    insert.addBindValue(int(m.kind));
    insert.addBindValue(std::max<qint64>(0, m.target));
    insert.addBindValue(std::max<qint64>(0, m.replyTo));
    insert.addBindValue(Schema::time(m.edited));
    insert.addBindValue(m.deleted ? 1 : 0);
    insert.addBindValue(m.reactionOn ? 1 : 0);
    insert.addBindValue(Schema::reactionsText(m.reactions));
    insert.addBindValue(Schema::senderFold(m));
    insert.addBindValue(Schema::fileText(m.file));
    if (!exec(insert, what))
        return std::nullopt;
    return insert.numRowsAffected() > 0;
}

std::optional<bool> MessageStore::Private::saveReceived(const ChatMessage &m)
{
    const std::optional<bool> inserted = insert(m, "storing a received message");
    // A change alters its target whether it is new or one's own now acknowledged (idempotent).
    if (inserted && m.isChange() && m.seq > 0 && !changes.apply(m)) {
        error = changes.errorString();
        return std::nullopt;
    }
    if (inserted && m.kind == ChatMessage::Kind::Delete && m.seq > 0 && purge)
        purge->removed(); // the deleted words leave the index's pages too, a step at a time
    if (!inserted || *inserted)
        return inserted;

    // Known under one identity or both: keep what this copy adds, store nothing twice.
    if (!m.clientId.isEmpty() && m.seq > 0) {
        QSqlQuery &setSeq = st->setSeqByClientId;
        setSeq.addBindValue(m.seq);
        setSeq.addBindValue(m.clientId);
        QSqlQuery &setClientId = st->setClientIdBySeq;
        setClientId.addBindValue(m.clientId);
        setClientId.addBindValue(Schema::text(m.room));
        setClientId.addBindValue(m.seq);
        if (!exec(setSeq, "adding a seq"))
            return std::nullopt;
        // One's own message that got its seq here: changes stored before apply to it now.
        // (Read at once: SQLite counts the changes of the connection's last statement.)
        if (setSeq.numRowsAffected() > 0 && !changes.applyEarlierChanges(m.clientId)) {
            error = changes.errorString();
            return std::nullopt;
        }
        if (!exec(setClientId, "adding a client id"))
            return std::nullopt;
    }
    if (m.own && m.delivery == Delivery::Delivered && !m.clientId.isEmpty()) {
        // One's own message seen in history: it reached the server, whatever we believed.
        QSqlQuery &settle = st->settleOwn;
        settle.addBindValue(Schema::time(m.time));
        settle.addBindValue(m.clientId);
        if (!exec(settle, "settling an own message"))
            return std::nullopt;
    }
    return false;
}

QList<ChatMessage> MessageStore::Private::ownByState(QSqlQuery &query) const
{
    QList<ChatMessage> out;
    if (!query.exec()) {
        qCWarning(lcModel).noquote() << "message store: reading own messages failed:"
                                     << query.lastError().text();
        return out;
    }
    while (query.next())
        out << Schema::messageFrom(query);
    query.finish();
    return out;
}

MessageStore::MessageStore()
    : d(std::make_unique<Private>())
{
}

MessageStore::~MessageStore()
{
    close();
}

bool MessageStore::open(const QString &path)
{
    close();
    d->error.clear();
    const auto fail = [this, &path](const QString &why) {
        close();
        d->path.clear();
        d->error = QStringLiteral("cannot open the message history %1: %2").arg(path, why);
        qCWarning(lcModel).noquote() << d->error;
        return false;
    };
    if (path.isEmpty())
        return fail(QStringLiteral("no file name given"));
    const QFileInfo file(path);
    if (file.isDir())
        return fail(QStringLiteral("it is a folder, not a database file"));
    const QString folder = file.absolutePath();
    if (!QDir().mkpath(folder))
        return fail(QStringLiteral("cannot create the folder %1").arg(folder));

    d->path = path;
    SqlConnection::Options options;
    options.busyTimeout = std::chrono::milliseconds(kBusyTimeoutMs);
    options.secureDelete = true; // a deleted message's text must not linger in free pages
    if (!d->connection.open(path, options))
        return fail(d->connection.errorString());
    if (journalMode() != QLatin1String("wal")) {
        // No WAL (e.g. a file system without shared memory): SqlConnection keeps
        // synchronous=FULL, as NORMAL there may corrupt the file on a power cut.
        qCInfo(lcModel) << "message store: WAL unavailable for" << path << "; journal"
                        << journalMode() << "with synchronous=FULL";
    }
    if (!d->migrate() || !d->prepareAll())
        return fail(d->error);
    qCInfo(lcModel).noquote() << "message store" << path << "open; journal" << journalMode();
    return true;
}

void MessageStore::close()
{
    // A delete's words leave the search index's pages before the file is left.
    if (d->purge && d->purge->isPending() && !d->purge->finish())
        qCWarning(lcModel).noquote() << "search index purge at close failed:" << d->purge->errorString();
    d->purge.reset();
    d->changes.finish(); // queries must be gone before their connection
    d->pages.finish();
    d->search.finish();
    d->st.reset();
    d->connection.close();
}

bool MessageStore::isOpen() const
{
    return d->st != nullptr;
}

QString MessageStore::path() const
{
    return d->path;
}

QString MessageStore::journalMode() const
{
    return d->connection.journalMode();
}

QString MessageStore::errorString() const
{
    return d->error;
}

QString MessageStore::defaultPath(const QUrl &server, const QString &user)
{
    return MessageStorePath::defaultPath(server, user);
}

bool MessageStore::removeOutgoing(const QString &clientId)
{
    if (!isOpen() || clientId.isEmpty())
        return false;
    // Only what never reached the server: one's own, without a seq, not Delivered.
    QSqlQuery remove(d->connection.database());
    remove.prepare(QStringLiteral("DELETE FROM messages WHERE ") + kByClientId
                   + QStringLiteral(" AND own = 1 AND seq = 0 AND kind = 0 AND delivery IN (%1, %2)")
                             .arg(Schema::StoredPending)
                             .arg(Schema::StoredFailed));
    remove.addBindValue(clientId);
    if (!remove.exec()) {
        qCWarning(lcModel) << "message store: could not remove cancelled message" << clientId << remove.lastError().text();
        return false;
    }
    return remove.numRowsAffected() > 0;
}

bool MessageStore::saveOutgoing(const ChatMessage &message)
{
    if (!isOpen() || message.clientId.isEmpty()) {
        qCWarning(lcModel) << "message store: cannot save an outgoing message"
                           << (isOpen() ? "without a client id" : "(store not open)");
        return false;
    }
    ChatMessage own = message;
    own.own = true;
    if (own.delivery == Delivery::None)
        own.delivery = Delivery::Pending;
    const std::optional<bool> inserted = d->insert(own, "saving an outgoing message");
    if (inserted)
        d->unsaved.noteSaved(); // the file takes writes (again)
    if (!inserted || *inserted)
        return inserted.value_or(false);
    // The client id is taken: fine if it is this very message saved again, not if it is another.
    QSqlQuery &owner = d->st->ownerOf;
    owner.addBindValue(message.clientId);
    const bool ownAlready = d->exec(owner, "looking up a client id") && owner.next()
            && owner.value(0).toBool();
    owner.finish();
    if (!ownAlready) {
        d->error = QStringLiteral("client id %1 belongs to a received message").arg(message.clientId);
        qCWarning(lcModel).noquote() << "message store:" << d->error;
    }
    return ownAlready;
}

void MessageStore::updateDelivery(const QString &clientId, ChatMessage::Delivery state, qint64 seq,
                                  const QDateTime &time)
{
    if (!isOpen() || clientId.isEmpty())
        return;
    QSqlQuery &update = d->st->updateDelivery;
    const auto bindUpdate = [&] {
        update.addBindValue(Schema::toStored(state));
        update.addBindValue(std::max<qint64>(0, seq));
        update.addBindValue(Schema::time(time));
        update.addBindValue(clientId);
    };
    // Its first seq: changes to it that others sent before its ack reached us are applied too.
    if (seq <= 0 || !d->changes.awaitsSeq(clientId)) {
        bindUpdate();
        if (!d->exec(update, "updating a delivery state"))
            qCWarning(lcModel).noquote() << "message store: delivery of" << clientId << "not stored";
        return;
    }
    SqlTransaction transaction(d->connection);
    if (!d->began(transaction)) {
        qCWarning(lcModel).noquote() << "message store: delivery of" << clientId << "not stored:" << d->error;
        return;
    }
    bindUpdate();
    if (update.exec()) {
        if (d->changes.applyEarlierChanges(clientId) && d->committed(transaction))
            return;
        qCWarning(lcModel).noquote() << "message store: delivery of" << clientId << "not stored:"
                                     << d->changes.errorString() << d->error;
        return;
    }
    // (room, seq) is taken: by this very message, stored first from history without its client
    // id (a server that does not echo client ids). Keep one row, the one with the client id.
    qCInfo(lcModel).noquote() << "message store: seq" << seq << "of" << clientId
                              << "already stored:" << update.lastError().text() << "; merging";
    QSqlQuery merge(d->connection.database());
    merge.prepare(QStringLiteral("DELETE FROM messages WHERE client_id = '' AND seq = ? AND seq > 0"
                                 " AND room = (SELECT room FROM messages WHERE %1)")
                          .arg(kByClientId));
    merge.addBindValue(seq);
    merge.addBindValue(clientId);
    bindUpdate();
    if (d->exec(merge, "merging two copies") && d->exec(update, "updating a delivery state")
        && d->changes.applyEarlierChanges(clientId) && d->committed(transaction)) {
        return;
    }
    qCWarning(lcModel).noquote() << "message store: delivery of" << clientId << "not stored:" << d->error;
}

QList<ChatMessage> MessageStore::unacknowledged() const
{
    return isOpen() ? d->ownByState(d->st->unacknowledged) : QList<ChatMessage>{};
}

QList<ChatMessage> MessageStore::failed() const
{
    return isOpen() ? d->ownByState(d->st->failed) : QList<ChatMessage>{};
}

bool MessageStore::isSuperseded(const ChatMessage &change) const
{
    return isOpen() && d->changes.isSuperseded(change);
}

bool MessageStore::saveReceived(const ChatMessage &message)
{
    if (!isOpen())
        return true; // nothing to compare with: showing it beats losing it
    // Written nowhere (UnsavedMessages): shown, kept in memory, and the watermark on disk stays
    // below it so that it is fetched again once writing works.
    const auto unsaved = [this, &message] {
        if (d->unsaved.contains(message.key()))
            return false; // a copy of what memory already has
        d->unsaved.noteUnsaved(message.room, message.seq, message.key(), d->error);
        return true;
    };
    SqlTransaction transaction(d->connection);
    if (!d->began(transaction))
        return unsaved();
    const std::optional<bool> fresh = d->saveReceived(message);
    if (!fresh || !d->committed(transaction))
        return unsaved();
    d->unsaved.noteSaved();
    // Fetched again after a full disk: new on disk, but shown already.
    return *fresh && !d->unsaved.takeSaved(message.key());
}

QList<bool> MessageStore::saveReceivedBatch(const QList<ChatMessage> &messages)
{
    if (!isOpen())
        return {};
    SqlTransaction transaction(d->connection);
    if (!d->began(transaction))
        return {};
    QList<bool> fresh;
    fresh.reserve(messages.size());
    for (const ChatMessage &m : messages) {
        const std::optional<bool> isNew = d->saveReceived(m);
        if (!isNew)
            return {};
        fresh << *isNew;
    }
    if (!d->committed(transaction))
        return {};
    return fresh;
}

qint64 MessageStore::lastSeq(const QString &room) const
{
    if (!isOpen())
        return 0;
    QSqlQuery &q = d->st->lastSeq;
    q.addBindValue(Schema::text(room));
    qint64 seq = 0;
    if (d->exec(q, "reading the last seq") && q.next())
        seq = q.value(0).toLongLong();
    q.finish();
    return seq;
}

qint64 MessageStore::syncedSeq(const QString &room) const
{
    if (!isOpen())
        return 0;
    const qint64 inMemory = d->unsaved.memoryWatermark(room);
    if (inMemory >= 0)
        return inMemory; // writes fail: the sync goes on from memory
    QSqlQuery q(d->connection.database());
    q.prepare(QStringLiteral("SELECT synced_seq FROM rooms WHERE room = ?"));
    q.addBindValue(Schema::text(room));
    return d->exec(q, "reading the synced seq") && q.next() ? q.value(0).toLongLong() : 0;
}

void MessageStore::setSyncedSeq(const QString &room, qint64 requested)
{
    if (!isOpen())
        return;
    // Never past a message that is not on disk; memory knows where the sync really is.
    const qint64 seq = d->unsaved.clampWatermark(room, requested);
    QSqlQuery q(d->connection.database());
    q.prepare(QStringLiteral("INSERT INTO rooms (room, synced_seq) VALUES (?, ?)"
                             " ON CONFLICT (room) DO UPDATE SET synced_seq = excluded.synced_seq"));
    q.addBindValue(Schema::text(room));
    q.addBindValue(seq);
    d->exec(q, "writing the synced seq");
}

qint64 MessageStore::messageCount(const QString &room) const
{
    if (!isOpen())
        return 0;
    QSqlQuery &q = d->st->count;
    q.addBindValue(Schema::text(room));
    qint64 n = 0;
    if (d->exec(q, "counting messages") && q.next())
        n = q.value(0).toLongLong();
    q.finish();
    return n;
}

MessageStore::Page MessageStore::newestPage(const QString &room, int limit) const
{
    return pageBefore(room, Position::end(), limit);
}

MessageStore::Page MessageStore::pageBefore(const QString &room, const Position &before,
                                            int limit) const
{
    if (!isOpen() || limit <= 0)
        return {};
    return d->pages.read(room, before, limit);
}

QList<ChatMessage> MessageStore::search(const SearchQuery &query, int limit, const SearchCursor &after) const
{
    if (!isOpen())
        return {};
    return d->search.find(query, std::min(limit, kMaxSearchResults), after);
}

MessageStore::SearchCursor MessageStore::cursorOf(const ChatMessage &message) const
{
    return d->search.cursorOf(message);
}

void MessageStore::setWriteNotify(std::function<void(bool failing, const QString &why)> notify)
{
    d->unsaved.setNotify(std::move(notify));
}

bool MessageStore::isWriteFailing() const
{
    return d->unsaved.isFailing();
}

bool MessageStore::setMaxPages(qint64 pages)
{
    if (!isOpen() || pages <= 0)
        return false;
    QSqlQuery q(d->connection.database());
    return q.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages));
}
