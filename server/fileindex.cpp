#include "fileindex.h"

#include "sqlconnection.h"

#include <QSqlError>
#include <QVariant>

namespace {
const QLatin1String kBegin(
        "INSERT INTO uploads (key, account_id, sha256, size, room, name, type, started_ms)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
const QLatin1String kUpload(
        "SELECT key, account_id, sha256, size, room, name, type, started_ms FROM uploads WHERE key = ?");
const QLatin1String kUploadCount("SELECT COUNT(*) FROM uploads WHERE account_id = ?");
const QLatin1String kUsedBytes(
        "SELECT (SELECT COALESCE(SUM(size), 0) FROM files WHERE account_id = ?)"
        " + (SELECT COALESCE(SUM(size), 0) FROM uploads WHERE account_id = ?)");
const QLatin1String kStore(
        "INSERT INTO files (sha256, account_id, size, type, stored_ms)"
        " SELECT sha256, account_id, size, type, ? FROM uploads WHERE key = ? ON CONFLICT DO NOTHING");
const QLatin1String kStoreRoom(
        "INSERT INTO file_rooms (sha256, room) SELECT sha256, room FROM uploads WHERE key = ?"
        " ON CONFLICT DO NOTHING");
const QLatin1String kDrop("DELETE FROM uploads WHERE key = ?");
const QLatin1String kStartedBefore(
        "SELECT key FROM uploads WHERE started_ms < ? ORDER BY started_ms, key LIMIT ?");
const QLatin1String kAddRoom(
        "INSERT INTO file_rooms (sha256, room) VALUES (?, ?) ON CONFLICT DO NOTHING");
const QLatin1String kIsStored("SELECT EXISTS (SELECT 1 FROM files WHERE sha256 = ?)");
const QLatin1String kStoredSize("SELECT size FROM files WHERE sha256 = ? AND account_id = ?");
// On the messages_file index: the messages that still send a file (a delete clears file_id).
const QLatin1String kSentIn("SELECT EXISTS (SELECT 1 FROM messages WHERE file_id = ? AND room = ?)");
const QLatin1String kSentAnywhere("SELECT EXISTS (SELECT 1 FROM messages WHERE file_id = ?)");
const QLatin1String kDropRoom("DELETE FROM file_rooms WHERE sha256 = ? AND room = ?");
const QLatin1String kDropFile("DELETE FROM files WHERE sha256 = ?");
const QLatin1String kDropFileRooms("DELETE FROM file_rooms WHERE sha256 = ?");
} // namespace

FileIndex::FileIndex(const QSqlDatabase &db)
    : m_db(db), m_begin(db), m_upload(db), m_uploadCount(db), m_usedBytes(db), m_store(db), m_storeRoom(db),
      m_drop(db), m_startedBefore(db), m_addRoom(db), m_isStored(db), m_storedSize(db),
      m_sentIn(db), m_sentAnywhere(db), m_dropRoom(db), m_dropFile(db), m_dropFileRooms(db)
{
    m_error = SqlConnection::prepareAll({{&m_begin, kBegin},
                                            {&m_upload, kUpload},
                                            {&m_uploadCount, kUploadCount},
                                            {&m_usedBytes, kUsedBytes},
                                            {&m_store, kStore},
                                            {&m_storeRoom, kStoreRoom},
                                            {&m_drop, kDrop},
                                            {&m_startedBefore, kStartedBefore},
                                            {&m_addRoom, kAddRoom},
                                            {&m_isStored, kIsStored},
                                            {&m_storedSize, kStoredSize},
                                            {&m_sentIn, kSentIn},
                                            {&m_sentAnywhere, kSentAnywhere},
                                            {&m_dropRoom, kDropRoom},
                                            {&m_dropFile, kDropFile},
                                            {&m_dropFileRooms, kDropFileRooms}});
}

QString FileIndex::uploadKey(qint64 accountId, const QString &sha256)
{
    return QString::number(accountId) + QLatin1Char('-') + sha256;
}

bool FileIndex::run(QSqlQuery &query, const char *what, std::initializer_list<QVariant> values)
{
    int i = 0;
    for (const QVariant &value : values)
        query.bindValue(i++, value);
    if (query.exec()) {
        m_error.clear();
        return true;
    }
    const QSqlError error = query.lastError();
    m_error = (error.databaseText().isEmpty() ? error.text() : error.databaseText())
            + QLatin1String(" (") + QLatin1String(what) + QLatin1Char(')');
    return false;
}

bool FileIndex::begin(const Upload &u)
{
    return run(m_begin, "upload begin",
               {u.key, u.accountId, u.sha256, u.size, u.room, u.name, u.type, u.startedMs});
}

std::optional<FileIndex::Upload> FileIndex::upload(const QString &key)
{
    if (!run(m_upload, "upload", {key}))
        return std::nullopt;
    std::optional<Upload> found;
    if (m_upload.next()) {
        found = Upload{m_upload.value(0).toString(), m_upload.value(1).toLongLong(),
                       m_upload.value(2).toString(), m_upload.value(3).toLongLong(),
                       m_upload.value(4).toString(), m_upload.value(5).toString(),
                       m_upload.value(6).toString(), m_upload.value(7).toLongLong()};
    }
    m_upload.finish();
    return found;
}

std::optional<int> FileIndex::uploadCount(qint64 accountId)
{
    if (!run(m_uploadCount, "upload count", {accountId}))
        return std::nullopt;
    const int count = m_uploadCount.next() ? m_uploadCount.value(0).toInt() : 0;
    m_uploadCount.finish();
    return count;
}

std::optional<qint64> FileIndex::usedBytes(qint64 accountId)
{
    if (!run(m_usedBytes, "used bytes", {accountId, accountId}))
        return std::nullopt;
    const qint64 used = m_usedBytes.next() ? m_usedBytes.value(0).toLongLong() : 0;
    m_usedBytes.finish();
    return used;
}

bool FileIndex::complete(const QString &key, qint64 storedMs)
{
    if (!m_db.transaction()) {
        m_error = m_db.lastError().text() + QLatin1String(" (file complete: begin)");
        return false;
    }
    if (run(m_store, "file store", {storedMs, key}) && run(m_storeRoom, "file room", {key})
        && run(m_drop, "upload drop", {key})) {
        if (m_db.commit())
            return true;
        m_error = m_db.lastError().text() + QLatin1String(" (file complete: commit)");
    }
    m_db.rollback();
    return false;
}

bool FileIndex::drop(const QString &key)
{
    return run(m_drop, "upload drop", {key});
}

std::optional<QStringList> FileIndex::startedBefore(qint64 beforeMs, int limit)
{
    if (!run(m_startedBefore, "stale uploads", {beforeMs, limit}))
        return std::nullopt;
    QStringList keys;
    while (m_startedBefore.next())
        keys << m_startedBefore.value(0).toString();
    m_startedBefore.finish();
    return keys;
}

bool FileIndex::addRoom(const QString &sha256, const QString &room)
{
    return run(m_addRoom, "file room", {sha256, room});
}

std::optional<bool> FileIndex::isInRooms(const QString &sha256, const QStringList &rooms)
{
    if (rooms.isEmpty())
        return false;
    // One statement for the rooms given (a session's rooms are bounded: RoomAdmission).
    QString sql = QStringLiteral("SELECT EXISTS (SELECT 1 FROM file_rooms WHERE sha256 = ? AND room IN (");
    for (qsizetype i = 0; i < rooms.size(); ++i)
        sql += i == 0 ? QStringLiteral("?") : QStringLiteral(", ?");
    sql += QStringLiteral("))");
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.prepare(sql)) {
        m_error = query.lastError().text() + QLatin1String(" (file rooms)");
        return std::nullopt;
    }
    query.addBindValue(sha256);
    for (const QString &room : rooms)
        query.addBindValue(room);
    if (!query.exec()) {
        m_error = query.lastError().text() + QLatin1String(" (file rooms)");
        return std::nullopt;
    }
    return query.next() && query.value(0).toBool();
}

std::optional<bool> FileIndex::isStored(const QString &sha256)
{
    if (!run(m_isStored, "file stored", {sha256}))
        return std::nullopt;
    const bool stored = m_isStored.next() && m_isStored.value(0).toBool();
    m_isStored.finish();
    return stored;
}

std::optional<qint64> FileIndex::storedSize(const QString &sha256, qint64 accountId)
{
    if (!run(m_storedSize, "stored size", {sha256, accountId}))
        return std::nullopt;
    const qint64 size = m_storedSize.next() ? m_storedSize.value(0).toLongLong() : 0;
    m_storedSize.finish();
    return size;
}

std::optional<bool> FileIndex::exists(QSqlQuery &query, const char *what,
                                      std::initializer_list<QVariant> values)
{
    if (!run(query, what, values))
        return std::nullopt;
    const bool found = query.next() && query.value(0).toBool();
    query.finish();
    return found;
}

std::optional<bool> FileIndex::unsent(const QString &sha256, const QString &room)
{
    const std::optional<bool> inRoom = exists(m_sentIn, "file sent in room", {sha256, room});
    if (!inRoom)
        return std::nullopt;
    if (*inRoom)
        return false;
    if (!run(m_dropRoom, "drop file room", {sha256, room}))
        return std::nullopt;
    const std::optional<bool> anywhere = exists(m_sentAnywhere, "file sent", {sha256});
    if (!anywhere)
        return std::nullopt;
    if (*anywhere)
        return false;
    if (!run(m_dropFile, "drop file", {sha256}) || !run(m_dropFileRooms, "drop file rooms", {sha256}))
        return std::nullopt;
    return true;
}
