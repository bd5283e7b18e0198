#include "messagestore.h"

#include "logging.h"

#include <QAtomicInteger>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUrl>

#include <algorithm>
#include <optional>

using Delivery = ChatMessage::Delivery;

namespace {

const QString kDriver = QStringLiteral("QSQLITE");
//! Columns every SELECT of whole rows reads, in the order rowFrom() expects.
const QString kColumns = QStringLiteral("id, client_id, room, seq, sender, text, time_ms, own, delivery");
//! Characters of a user or host name kept readable in defaultPath()'s file name.
constexpr int kReadableNameChars = 40;
//! Hex digits of the SHA-256 of "host:port/user" that keep defaultPath()'s names apart.
constexpr int kNameHashChars = 16;
constexpr int kWsDefaultPort = 80;
constexpr int kWssDefaultPort = 443;

//! Delivery states as stored. Spelled out (not the enum's underlying values) so the file keeps
//! its meaning if ChatMessage::Delivery ever gains or reorders values.
enum StoredDelivery : int {
    StoredNone = 0,
    StoredPending = 1,
    StoredSent = 2,
    StoredDelivered = 3,
    StoredFailed = 4,
};

int toStored(Delivery delivery)
{
    switch (delivery) {
    case Delivery::None:
        return StoredNone;
    case Delivery::Pending:
        return StoredPending;
    case Delivery::Sent:
        return StoredSent;
    case Delivery::Delivered:
        return StoredDelivered;
    case Delivery::Failed:
        return StoredFailed;
    }
    return StoredNone;
}

Delivery fromStored(int value)
{
    switch (value) {
    case StoredPending:
        return Delivery::Pending;
    case StoredSent:
        return Delivery::Sent;
    case StoredDelivered:
        return Delivery::Delivered;
    case StoredFailed:
        return Delivery::Failed;
    default:
        return Delivery::None;
    }
}

//! Qt binds a null QString as SQL NULL; the text columns are NOT NULL.
QString text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

QVariant timeValue(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant();
}

//! SQLite uses a partial index only where the query's WHERE implies the index's: "client_id = ?"
//! does not imply "client_id <> ''" (the ? might be empty), so every lookup by an identity says
//! so, or it scans the table (measured: 80-100 ms per message at 1,000,000 rows instead of µs).
const QString kByClientId = QStringLiteral("client_id = ? AND client_id <> ''");
const QString kByRoomSeq = QStringLiteral("room = ? AND seq = ? AND seq > 0");

QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("parley-messagestore-%1").arg(counter.fetchAndAddRelaxed(1));
}

//! Lower case [a-z0-9._-], at most kReadableNameChars; anything else becomes '_'.
QString readableName(const QString &name)
{
    QString out;
    const QString lower = name.toLower();
    for (const QChar c : lower) {
        if (out.size() >= kReadableNameChars)
            break;
        const char16_t u = c.unicode();
        const bool keep = (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9') || u == u'.'
                || u == u'-';
        out += keep ? c : QLatin1Char('_');
    }
    return out;
}

struct Row
{
    MessageStore::Position position;
    ChatMessage message;
};

Row rowFrom(const QSqlQuery &q)
{
    Row row;
    row.position.localId = q.value(0).toLongLong();
    ChatMessage &m = row.message;
    m.clientId = q.value(1).toString();
    m.room = q.value(2).toString();
    m.seq = q.value(3).toLongLong();
    m.sender = q.value(4).toString();
    m.text = q.value(5).toString();
    const QVariant time = q.value(6);
    if (!time.isNull())
        m.time = QDateTime::fromMSecsSinceEpoch(time.toLongLong(), Qt::UTC);
    m.own = q.value(7).toBool();
    m.delivery = fromStored(q.value(8).toInt());
    row.position.seq = m.seq;
    return row;
}

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

struct MessageStore::Private
{
    //! Prepared once per open(); destroyed before the connection is removed.
    struct Statements
    {
        explicit Statements(const QSqlDatabase &db)
            : insert(db), ownerOf(db), updateDelivery(db), setSeqByClientId(db),
              setClientIdBySeq(db), settleOwn(db), lastSeq(db), unacknowledged(db), failed(db),
              sequencedUpTo{QSqlQuery(db), QSqlQuery(db)},
              unsequencedBefore{QSqlQuery(db), QSqlQuery(db)}, count(db)
        {
        }
        QSqlQuery insert;
        QSqlQuery ownerOf;
        QSqlQuery updateDelivery;
        QSqlQuery setSeqByClientId;
        QSqlQuery setClientIdBySeq;
        QSqlQuery settleOwn;
        QSqlQuery lastSeq;
        QSqlQuery unacknowledged;
        QSqlQuery failed;
        //! Page parts, each read newest first through its index: [0] the room, [1] room-less.
        //! Two statements each, as a page steps through up to four of them at once.
        QSqlQuery sequencedUpTo[2];
        QSqlQuery unsequencedBefore[2];
        QSqlQuery count;
    };

    QString connectionName;
    QSqlDatabase db;
    std::unique_ptr<Statements> st;
    QString path;
    QString journalMode;
    QString error;

    //! Runs one statement that needs no binding; its first value, if any, or nullopt on error.
    std::optional<QVariant> run(const QString &sql);
    bool prepare(QSqlQuery &query, const QString &sql);
    bool exec(QSqlQuery &query, const char *what);
    bool begin() { return run(QStringLiteral("BEGIN IMMEDIATE")).has_value(); }
    bool commit() { return run(QStringLiteral("COMMIT")).has_value(); }
    //! Keeps error: the cause of the rollback is what to report.
    void rollback()
    {
        const QString cause = error;
        run(QStringLiteral("ROLLBACK"));
        error = cause;
    }
    bool setUp();
    bool createSchema();
    bool prepareAll();
    //! The insert-or-reconcile of saveReceived(), inside the caller's transaction; nullopt on error.
    std::optional<bool> saveReceived(const ChatMessage &message);
    QList<ChatMessage> ownByState(QSqlQuery &query) const;
};

std::optional<QVariant> MessageStore::Private::run(const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql)) {
        error = QStringLiteral("%1: %2").arg(sql, q.lastError().text());
        return std::nullopt;
    }
    QVariant first;
    if (q.next())
        first = q.value(0);
    return first;
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

bool MessageStore::Private::setUp()
{
    const std::optional<QVariant> mode = run(QStringLiteral("PRAGMA journal_mode = WAL"));
    if (!mode)
        return false;
    journalMode = mode->toString().toLower();
    if (journalMode == QLatin1String("wal"))
        return run(QStringLiteral("PRAGMA synchronous = NORMAL")).has_value();
    // No WAL (e.g. a file system without shared memory): a rollback journal keeps SQLite's
    // default synchronous=FULL, as NORMAL there may corrupt the file on a power cut.
    qCInfo(lcModel) << "message store: WAL unavailable for" << path << "; journal" << journalMode
                    << "with synchronous=FULL";
    return run(QStringLiteral("PRAGMA synchronous = FULL")).has_value();
}

namespace {
//! Schema 2: how far each room is known without gaps (ChatStore::syncedSeq()).
const QString kCreateRooms = QStringLiteral(
    "CREATE TABLE IF NOT EXISTS rooms (room TEXT PRIMARY KEY, synced_seq INTEGER NOT NULL DEFAULT 0)");
} // namespace

bool MessageStore::Private::createSchema()
{
    const QStringList statements = {
        QStringLiteral("CREATE TABLE messages ("
                       " id INTEGER PRIMARY KEY,"
                       " client_id TEXT NOT NULL DEFAULT '',"
                       " room TEXT NOT NULL DEFAULT '',"
                       " seq INTEGER NOT NULL DEFAULT 0 CHECK (seq >= 0),"
                       " sender TEXT NOT NULL DEFAULT '',"
                       " text TEXT NOT NULL DEFAULT '',"
                       " time_ms INTEGER,"
                       " own INTEGER NOT NULL DEFAULT 0,"
                       " delivery INTEGER NOT NULL DEFAULT 0)"),
        QStringLiteral("CREATE UNIQUE INDEX messages_client_id ON messages (client_id)"
                       " WHERE client_id <> ''"),
        QStringLiteral("CREATE UNIQUE INDEX messages_room_seq ON messages (room, seq) WHERE seq > 0"),
        QStringLiteral("CREATE INDEX messages_unsequenced ON messages (room, id) WHERE seq = 0"),
        QStringLiteral("CREATE INDEX messages_own ON messages (delivery, id) WHERE own = 1"),
        kCreateRooms,
        QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion),
    };
    for (const QString &sql : statements) {
        if (!run(sql))
            return false;
    }
    return true;
}

bool MessageStore::Private::prepareAll()
{
    st = std::make_unique<Statements>(db);
    const QString select = QLatin1String("SELECT ") + kColumns + QLatin1String(" FROM messages ");
    const QString sequencedUpTo = QStringLiteral("WHERE room = ? AND seq > 0 AND seq <= ?"
                                                 " ORDER BY seq DESC LIMIT ?");
    const QString unsequencedBefore = QStringLiteral("WHERE room = ? AND seq = 0 AND id < ?"
                                                     " ORDER BY id DESC LIMIT ?");
    return prepare(st->insert,
                   QStringLiteral("INSERT INTO messages (client_id, room, seq, sender, text, time_ms,"
                                  " own, delivery) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
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
                           .arg(StoredDelivered)
                           .arg(StoredPending)
                           .arg(StoredSent)
                           .arg(StoredFailed)
                           .arg(kByClientId))
        && prepare(st->lastSeq,
                   QStringLiteral("SELECT MAX(seq) FROM messages WHERE room = ? AND seq > 0"))
        && prepare(st->unacknowledged,
                   select
                           + QStringLiteral("WHERE own = 1 AND delivery IN (%1, %2) ORDER BY id")
                                     .arg(StoredPending)
                                     .arg(StoredSent))
        && prepare(st->failed,
                   select + QStringLiteral("WHERE own = 1 AND delivery = %1 ORDER BY id").arg(StoredFailed))
        && prepare(st->sequencedUpTo[0], select + sequencedUpTo)
        && prepare(st->sequencedUpTo[1], select + sequencedUpTo)
        && prepare(st->unsequencedBefore[0], select + unsequencedBefore)
        && prepare(st->unsequencedBefore[1], select + unsequencedBefore)
        && prepare(st->count, QStringLiteral("SELECT COUNT(*) FROM messages WHERE room = ?"));
}

std::optional<bool> MessageStore::Private::saveReceived(const ChatMessage &m)
{
    QSqlQuery &insert = st->insert;
    insert.addBindValue(text(m.clientId));
    insert.addBindValue(text(m.room));
    insert.addBindValue(std::max<qint64>(0, m.seq));
    insert.addBindValue(text(m.sender));
    insert.addBindValue(text(m.text));
    insert.addBindValue(timeValue(m.time));
    insert.addBindValue(m.own ? 1 : 0);
    insert.addBindValue(toStored(m.delivery));
    if (!exec(insert, "storing a received message"))
        return std::nullopt;
    if (insert.numRowsAffected() > 0)
        return true;

    // Known under one identity or both: keep what this copy adds, store nothing twice.
    if (!m.clientId.isEmpty() && m.seq > 0) {
        QSqlQuery &setSeq = st->setSeqByClientId;
        setSeq.addBindValue(m.seq);
        setSeq.addBindValue(m.clientId);
        QSqlQuery &setClientId = st->setClientIdBySeq;
        setClientId.addBindValue(m.clientId);
        setClientId.addBindValue(text(m.room));
        setClientId.addBindValue(m.seq);
        if (!exec(setSeq, "adding a seq") || !exec(setClientId, "adding a client id"))
            return std::nullopt;
    }
    if (m.own && m.delivery == Delivery::Delivered && !m.clientId.isEmpty()) {
        // One's own message seen in history: it reached the server, whatever we believed.
        QSqlQuery &settle = st->settleOwn;
        settle.addBindValue(timeValue(m.time));
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
        out << rowFrom(query).message;
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
    if (!QSqlDatabase::isDriverAvailable(kDriver))
        return fail(QStringLiteral("the Qt SQLite driver (QSQLITE) is not installed"));
    const QFileInfo file(path);
    if (file.isDir())
        return fail(QStringLiteral("it is a folder, not a database file"));
    const QString folder = file.absolutePath();
    if (!QDir().mkpath(folder))
        return fail(QStringLiteral("cannot create the folder %1").arg(folder));

    d->path = path;
    d->connectionName = nextConnectionName();
    d->db = QSqlDatabase::addDatabase(kDriver, d->connectionName);
    d->db.setDatabaseName(path);
    d->db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(kBusyTimeoutMs));
    bool ok = d->db.open();
    if (!ok)
        d->error = d->db.lastError().text();
    ok = ok && d->setUp();
    std::optional<QVariant> version;
    if (ok) {
        version = d->run(QStringLiteral("PRAGMA user_version"));
        ok = version.has_value();
    }
    if (ok && version->toInt() > kSchemaVersion) {
        d->error = QStringLiteral("the file was written by a newer Parley (schema version %1; "
                                  "this version reads up to %2)")
                           .arg(version->toInt())
                           .arg(kSchemaVersion);
        ok = false;
    }
    // A write in every case, or a file we may only read would open fine and then refuse the
    // first outgoing message (BEGIN IMMEDIATE alone does not tell, in WAL mode). An existing
    // file is only probed: the write is rolled back and nothing reaches the disk, so opening
    // a big file stays cheap (bench/history_open.cpp: under a millisecond at 1,000,000 rows).
    if (ok && d->begin()) {
        if (version->toInt() == 0) {
            ok = d->createSchema() && d->commit();
            if (!ok)
                d->rollback();
        } else if (version->toInt() == 1) {
            // 1 → 2: the rooms table. Until a room is synced again, its watermark is 0 and the
            // next join fetches the newest messages (nothing stored is lost).
            ok = d->run(kCreateRooms).has_value()
                && d->run(QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion)).has_value()
                && d->commit();
            if (!ok)
                d->rollback();
            else
                qCInfo(lcModel) << "message store" << path << "migrated to schema" << kSchemaVersion;
        } else {
            ok = d->run(QStringLiteral("PRAGMA user_version = %1").arg(version->toInt())).has_value();
            d->rollback();
        }
    } else {
        ok = false;
    }
    ok = ok && d->prepareAll();
    if (!ok)
        return fail(d->error);
    qCInfo(lcModel).noquote() << "message store" << path << "open; journal" << d->journalMode;
    return true;
}

void MessageStore::close()
{
    if (d->connectionName.isEmpty())
        return;
    d->st.reset();
    d->db.close();
    d->db = QSqlDatabase();
    QSqlDatabase::removeDatabase(d->connectionName);
    d->connectionName.clear();
    d->journalMode.clear();
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
    return d->journalMode;
}

QString MessageStore::errorString() const
{
    return d->error;
}

QString MessageStore::defaultPath(const QUrl &server, const QString &user)
{
    const QString scheme = server.scheme().toLower();
    const int defaultPort = (scheme == QLatin1String("wss") || scheme == QLatin1String("https"))
            ? kWssDefaultPort
            : (scheme == QLatin1String("ws") || scheme == QLatin1String("http")) ? kWsDefaultPort : 0;
    const QString host = server.host().toLower();
    const QString port = QString::number(server.port(defaultPort));
    const QString exact = host + QLatin1Char(':') + port + QLatin1Char('/') + user;
    const QByteArray hash = QCryptographicHash::hash(exact.toUtf8(), QCryptographicHash::Sha256)
                                    .toHex()
                                    .left(kNameHashChars);
    const QString name = readableName(host) + QLatin1Char('_') + port + QLatin1Char('-')
            + readableName(user) + QLatin1Char('-') + QString::fromLatin1(hash)
            + QLatin1String(".sqlite");
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
            + QLatin1String("/history/") + name;
}

bool MessageStore::saveOutgoing(const ChatMessage &message)
{
    if (!isOpen() || message.clientId.isEmpty()) {
        qCWarning(lcModel) << "message store: cannot save an outgoing message"
                           << (isOpen() ? "without a client id" : "(store not open)");
        return false;
    }
    QSqlQuery &insert = d->st->insert;
    insert.addBindValue(message.clientId);
    insert.addBindValue(text(message.room));
    insert.addBindValue(std::max<qint64>(0, message.seq));
    insert.addBindValue(text(message.sender));
    insert.addBindValue(text(message.text));
    insert.addBindValue(timeValue(message.time));
    insert.addBindValue(1);
    insert.addBindValue(toStored(message.delivery == Delivery::None ? Delivery::Pending
                                                                    : message.delivery));
    if (!d->exec(insert, "saving an outgoing message"))
        return false;
    if (insert.numRowsAffected() > 0)
        return true;
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
    update.addBindValue(toStored(state));
    update.addBindValue(std::max<qint64>(0, seq));
    update.addBindValue(timeValue(time));
    update.addBindValue(clientId);
    if (update.exec())
        return;
    // (room, seq) is taken: by this very message, stored first from history without its client
    // id (a server that does not echo client ids). Keep one row, the one with the client id.
    qCInfo(lcModel).noquote() << "message store: seq" << seq << "of" << clientId
                              << "already stored:" << update.lastError().text() << "; merging";
    QSqlQuery merge(d->db);
    merge.prepare(QStringLiteral("DELETE FROM messages WHERE client_id = '' AND seq = ? AND seq > 0"
                                 " AND room = (SELECT room FROM messages WHERE %1)")
                          .arg(kByClientId));
    merge.addBindValue(seq);
    merge.addBindValue(clientId);
    if (!d->begin()) {
        qCWarning(lcModel).noquote() << "message store: delivery of" << clientId << "not stored:" << d->error;
        return;
    }
    update.addBindValue(toStored(state));
    update.addBindValue(std::max<qint64>(0, seq));
    update.addBindValue(timeValue(time));
    update.addBindValue(clientId);
    if (d->exec(merge, "merging two copies") && d->exec(update, "updating a delivery state")
        && d->commit()) {
        return;
    }
    d->rollback();
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

bool MessageStore::saveReceived(const ChatMessage &message)
{
    if (!isOpen())
        return true; // nothing to compare with: showing it beats losing it
    if (!d->begin())
        return true;
    const std::optional<bool> fresh = d->saveReceived(message);
    if (!fresh || !d->commit()) {
        d->rollback();
        return true;
    }
    return *fresh;
}

QList<bool> MessageStore::saveReceivedBatch(const QList<ChatMessage> &messages)
{
    QList<bool> fresh;
    if (!isOpen() || !d->begin())
        return fresh;
    fresh.reserve(messages.size());
    for (const ChatMessage &m : messages) {
        const std::optional<bool> isNew = d->saveReceived(m);
        if (!isNew) {
            d->rollback();
            return {};
        }
        fresh << *isNew;
    }
    if (!d->commit()) {
        d->rollback();
        return {};
    }
    return fresh;
}

qint64 MessageStore::lastSeq(const QString &room) const
{
    if (!isOpen())
        return 0;
    QSqlQuery &q = d->st->lastSeq;
    q.addBindValue(text(room));
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
    QSqlQuery q(d->db);
    q.prepare(QStringLiteral("SELECT synced_seq FROM rooms WHERE room = ?"));
    q.addBindValue(text(room));
    return d->exec(q, "reading the synced seq") && q.next() ? q.value(0).toLongLong() : 0;
}

void MessageStore::setSyncedSeq(const QString &room, qint64 seq)
{
    if (!isOpen())
        return;
    QSqlQuery q(d->db);
    q.prepare(QStringLiteral("INSERT INTO rooms (room, synced_seq) VALUES (?, ?)"
                             " ON CONFLICT (room) DO UPDATE SET synced_seq = excluded.synced_seq"));
    q.addBindValue(text(room));
    q.addBindValue(seq);
    d->exec(q, "writing the synced seq");
}

qint64 MessageStore::messageCount(const QString &room) const
{
    if (!isOpen())
        return 0;
    QSqlQuery &q = d->st->count;
    q.addBindValue(text(room));
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
    Page page;
    if (!isOpen() || limit <= 0)
        return page;
    // Up to four parts (rows with and without seq, of the room and room-less), each read newest
    // first through its index, merged a row at a time: only rows that make the page are read
    // (plus one per part), so a page of huge texts stays a page.
    struct Part
    {
        QSqlQuery *query = nullptr;
        std::optional<Row> head;
    };
    QList<Part> parts;
    const qint64 fetch = qint64(limit) + 2; // one more tells hasMore, one at before.seq is skipped
    const QStringList rooms = room.isEmpty() ? QStringList{text(room)}
                                             : QStringList{text(room), text(QString())};
    for (int r = 0; r < rooms.size(); ++r) {
        if (before.seq == 0) {
            QSqlQuery &unsequenced = d->st->unsequencedBefore[r];
            unsequenced.addBindValue(rooms.at(r));
            unsequenced.addBindValue(before.localId);
            unsequenced.addBindValue(fetch);
            parts << Part{&unsequenced, {}};
        }
        QSqlQuery &sequenced = d->st->sequencedUpTo[r];
        sequenced.addBindValue(rooms.at(r));
        sequenced.addBindValue(before.seq == 0 ? std::numeric_limits<qint64>::max() : before.seq);
        sequenced.addBindValue(fetch);
        parts << Part{&sequenced, {}};
    }
    const auto advance = [&before](Part &part) {
        part.head.reset();
        while (part.query->next()) {
            Row row = rowFrom(*part.query);
            if (row.position < before) {
                part.head = std::move(row);
                return;
            }
        }
    };
    for (Part &part : parts) {
        if (d->exec(*part.query, "reading a page"))
            advance(part);
    }

    QList<Row> rows; // newest first
    qsizetype textChars = 0;
    while (true) {
        Part *next = nullptr;
        for (Part &part : parts) {
            if (part.head && (!next || next->head->position < part.head->position))
                next = &part;
        }
        if (!next)
            break;
        const qsizetype size = next->head->message.text.size();
        if (rows.size() == limit || (!rows.isEmpty() && textChars + size > kPageTextChars)) {
            page.hasMore = true;
            break;
        }
        textChars += size;
        rows << std::move(*next->head);
        advance(*next);
    }
    for (Part &part : parts)
        part.query->finish();
    if (rows.isEmpty())
        return page;
    page.oldest = rows.last().position;
    page.messages.reserve(rows.size());
    for (auto it = rows.crbegin(); it != rows.crend(); ++it)
        page.messages << it->message;
    return page;
}
