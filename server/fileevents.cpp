#include "fileevents.h"

#include "chathub.h"
#include "clientlimits.h"
#include "fileindex.h"
#include "filenaming.h"
#include "filestore.h"
#include "historystore.h"
#include "logging.h"
#include "room.h"
#include "roomregistry.h"
#include "serversession.h"
#include "socketiocodec.h"

#include <QJsonObject>

namespace {

const QLatin1String kBegin("file.begin");
const QLatin1String kChunk("file.chunk");
const QLatin1String kFetch("file.fetch");
const QLatin1String kCancel("file.cancel");
const QString kMalformed = QStringLiteral("malformed arguments");
const QString kInvalidFile = QStringLiteral("invalid file");
const QString kInvalidChunk = QStringLiteral("invalid chunk");
const QString kUnknownUpload = QStringLiteral("unknown upload");
const QString kNotFound = QStringLiteral("not found");
//! What a "busy" answer asks the client to wait before sending the chunk again.
constexpr qint64 kBusyRetryMs = 200;

QJsonObject refusal(const QString &error, std::initializer_list<std::pair<QLatin1String, QJsonValue>> more = {})
{
    QJsonObject answer = ChatHub::errorReply(error);
    for (const auto &[key, value] : more)
        answer.insert(key, value);
    return answer;
}

} // namespace

FileEvents::FileEvents(const ServerSettings &settings, HistoryStore *history, const RoomRegistry *rooms,
                       ClientLimits *limits, FileStore *files)
    : m_settings(settings), m_history(history), m_rooms(rooms), m_limits(limits), m_files(files)
{
}

bool FileEvents::handles(const QString &event)
{
    return event == kBegin || event == kChunk || event == kFetch || event == kCancel;
}

std::optional<int> FileEvents::pruneAbandoned(qint64 nowMs, int limit)
{
    FileIndex *index = m_history->files();
    if (!m_files || !index)
        return 0;
    const std::optional<QStringList> stale = index->startedBefore(nowMs - m_settings.uploadLifetime.count(), limit);
    if (!stale)
        return std::nullopt;
    for (const QString &key : *stale) {
        if (!index->drop(key))
            return std::nullopt;
        m_files->discard(key);
    }
    return int(stale->size());
}

bool FileEvents::isValidName(const QString &name)
{
    return FileNaming::isValidName(name);
}

void FileEvents::handle(ServerSession *from, const QString &event, const QJsonArray &args,
                        const QList<QByteArray> &attachments, std::optional<qint64> ackId)
{
    if (!m_files)
        return ChatHub::reply(from, ackId, ChatHub::errorReply(QStringLiteral("files not supported")));
    if (!args.at(0).isObject()) {
        qCWarning(lcServer).noquote() << from->logId() << event << "with malformed arguments";
        return ChatHub::reply(from, ackId, ChatHub::errorReply(kMalformed));
    }
    if (event != kChunk && !attachments.isEmpty())
        return ChatHub::reply(from, ackId, ChatHub::errorReply(kMalformed));
    const QJsonObject request = args.at(0).toObject();
    if (event == kBegin)
        begin(from, request, ackId);
    else if (event == kChunk)
        chunk(from, request, attachments, ackId);
    else if (event == kCancel)
        cancel(from, request, ackId);
    else
        fetch(from, request, ackId);
}

void FileEvents::begin(ServerSession *from, const QJsonObject &request, std::optional<qint64> ackId)
{
    const QJsonValue roomValue = request.value(QLatin1String("room"));
    const QJsonValue nameValue = request.value(QLatin1String("name"));
    const QJsonValue shaValue = request.value(QLatin1String("sha256"));
    const QJsonValue typeValue = request.value(QLatin1String("type"));
    std::optional<qint64> size;
    if (!roomValue.isString() || !nameValue.isString() || !shaValue.isString()
        || !(typeValue.isUndefined() || typeValue.isNull() || typeValue.isString())
        || !ChatHub::optionalCount(request, QLatin1String("size"), &size))
        return ChatHub::reply(from, ackId, ChatHub::errorReply(kMalformed));
    if (from->account().isGuest)
        return ChatHub::reply(from, ackId, ChatHub::errorReply(QStringLiteral("not allowed")));
    const QString room = roomValue.toString().trimmed();
    if (!m_rooms->mayRead(*from, room))
        return ChatHub::reply(from, ackId, ChatHub::errorReply(QStringLiteral("not in room")));
    const QString name = nameValue.toString();
    const QString sha256 = shaValue.toString();
    const QString type = typeValue.isString() && !typeValue.toString().isEmpty()
            ? FileNaming::mediaType(typeValue.toString())
            : QStringLiteral("application/octet-stream");
    if (!isValidName(name) || !FileStore::isValidHash(sha256) || type.isEmpty() || !size || *size <= 0)
        return ChatHub::reply(from, ackId, ChatHub::errorReply(kInvalidFile));
    if (*size > m_settings.maxFileSize)
        return ChatHub::reply(from, ackId, refusal(QStringLiteral("too large"),
                                                   {{QLatin1String("maxFileSize"), double(m_settings.maxFileSize)}}));
    const ClientLimits::Verdict verdict = m_limits->fileBegin(ChatHub::whoIs(*from), m_settings.nowMs());
    if (!verdict.ok())
        return ChatHub::refuse(from, ackId, verdict);

    FileIndex *index = m_history->files();
    const qint64 account = from->account().id;
    const QString key = FileIndex::uploadKey(account, sha256);
    const std::optional<FileIndex::Upload> known = index ? index->upload(key) : std::nullopt;
    if (!index || (!known && !index->errorString().isEmpty()))
        return ChatHub::reply(from, ackId, ChatHub::storageFailureReply());
    if (known && known->size != *size) // one content has one size: this is not that upload
        return ChatHub::reply(from, ackId, ChatHub::errorReply(kInvalidFile));
    if (!known) {
        // This account stored these bytes before (sent every one of them): nothing to send again.
        const std::optional<qint64> stored = index->storedSize(sha256, account);
        if (!stored)
            return ChatHub::reply(from, ackId, ChatHub::storageFailureReply());
        if (*stored == *size && m_files->contains(sha256)) {
            if (!index->addRoom(sha256, room))
                return ChatHub::reply(from, ackId, ChatHub::storageFailureReply());
            return ChatHub::reply(from, ackId, QJsonObject{{QStringLiteral("ok"), true},
                                                           {QStringLiteral("upload"), key},
                                                           {QStringLiteral("offset"), double(*size)},
                                                           {QStringLiteral("file"), sha256}});
        }
        const std::optional<int> uploads = index->uploadCount(account);
        const std::optional<qint64> used = index->usedBytes(account);
        if (!uploads || !used)
            return ChatHub::reply(from, ackId, ChatHub::storageFailureReply());
        if (*uploads >= m_settings.maxUploadsPerAccount)
            return ChatHub::reply(from, ackId, refusal(QStringLiteral("too many uploads"),
                                                       {{QLatin1String("maxUploads"), m_settings.maxUploadsPerAccount}}));
        if (*used + *size > m_settings.fileQuota)
            return ChatHub::reply(from, ackId, refusal(QStringLiteral("over quota"),
                                                       {{QLatin1String("quota"), double(m_settings.fileQuota)},
                                                        {QLatin1String("used"), double(*used)}}));
        m_files->discard(key); // bytes of an upload the index forgot (dropped) are not part of this one
        const FileIndex::Upload upload{key, account, sha256, *size, room, name, type, m_settings.wallNowMs()};
        if (!index->begin(upload))
            return ChatHub::reply(from, ackId, ChatHub::storageFailureReply());
    }
    ChatHub::reply(from, ackId, QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("upload"), key},
                                            {QStringLiteral("offset"), double(m_files->received(key))}});
}

std::optional<FileIndex::Upload> FileEvents::ownUpload(const ServerSession &from, const QString &key) const
{
    FileIndex *index = m_history->files();
    std::optional<FileIndex::Upload> upload = index && FileStore::isValidKey(key) ? index->upload(key) : std::nullopt;
    if (upload && upload->accountId != from.account().id)
        return std::nullopt; // another account's is none of this session's business
    return upload;
}

void FileEvents::cancel(ServerSession *from, const QJsonObject &request, std::optional<qint64> ackId)
{
    const QJsonValue keyValue = request.value(QLatin1String("upload"));
    if (!keyValue.isString())
        return ChatHub::reply(from, ackId, ChatHub::errorReply(kMalformed));
    const QString key = keyValue.toString();
    if (!ownUpload(*from, key))
        return ChatHub::reply(from, ackId, ChatHub::errorReply(kUnknownUpload));
    if (!m_history->files()->drop(key))
        return ChatHub::reply(from, ackId, ChatHub::storageFailureReply());
    m_files->discard(key); // its bytes, and its count against the quota, go now
    ChatHub::reply(from, ackId, QJsonObject{{QStringLiteral("ok"), true}});
}

void FileEvents::chunk(ServerSession *from, const QJsonObject &request, const QList<QByteArray> &attachments,
                       std::optional<qint64> ackId)
{
    const QJsonValue keyValue = request.value(QLatin1String("upload"));
    std::optional<qint64> offset;
    if (!keyValue.isString() || !ChatHub::optionalCount(request, QLatin1String("offset"), &offset) || !offset
        || attachments.size() != 1 || SocketIoCodec::placeholderIndex(request.value(QLatin1String("data"))) != 0)
        return ChatHub::reply(from, ackId, ChatHub::errorReply(kInvalidChunk));
    const QString key = keyValue.toString();
    const std::optional<FileIndex::Upload> upload = ownUpload(*from, key);
    if (!upload)
        return ChatHub::reply(from, ackId, ChatHub::errorReply(kUnknownUpload));
    FileIndex *index = m_history->files();
    switch (m_files->append(key, upload->sha256, upload->size, *offset, attachments.constFirst())) {
    case FileStore::Appended::Stored:
        return ChatHub::reply(from, ackId, QJsonObject{{QStringLiteral("ok"), true},
                                                       {QStringLiteral("offset"), double(m_files->received(key))}});
    case FileStore::Appended::Busy:
        return ChatHub::reply(from, ackId, refusal(QStringLiteral("busy"),
                                                   {{QLatin1String("retryAfterMs"), double(kBusyRetryMs)}}));
    case FileStore::Appended::WrongOffset:
        return ChatHub::reply(from, ackId, refusal(QStringLiteral("wrong offset"),
                                                   {{QLatin1String("offset"), double(m_files->received(key))}}));
    case FileStore::Appended::TooLong:
        return ChatHub::reply(from, ackId, ChatHub::errorReply(kInvalidChunk));
    case FileStore::Appended::HashMismatch:
        qCInfo(lcServer).noquote() << from->logId() << "upload" << key << "did not match its hash: dropped";
        index->drop(key);
        return ChatHub::reply(from, ackId, ChatHub::errorReply(QStringLiteral("hash mismatch")));
    case FileStore::Appended::Failed:
        qCWarning(lcServer).noquote() << from->logId() << "upload" << key << "failed:" << m_files->errorString();
        return ChatHub::reply(from, ackId, ChatHub::storageFailureReply());
    case FileStore::Appended::Complete:
        break;
    }
    if (!index->complete(key, m_settings.wallNowMs())) {
        qCWarning(lcServer).noquote() << from->logId() << "upload" << key << "not recorded:" << index->errorString();
        return ChatHub::reply(from, ackId, ChatHub::storageFailureReply());
    }
    ChatHub::reply(from, ackId, QJsonObject{{QStringLiteral("ok"), true},
                                            {QStringLiteral("offset"), double(upload->size)},
                                            {QStringLiteral("file"), upload->sha256}});
}

void FileEvents::fetch(ServerSession *from, const QJsonObject &request, std::optional<qint64> ackId)
{
    const QJsonValue fileValue = request.value(QLatin1String("file"));
    std::optional<qint64> offset;
    std::optional<qint64> length;
    if (!fileValue.isString() || !ChatHub::optionalCount(request, QLatin1String("offset"), &offset)
        || !ChatHub::optionalCount(request, QLatin1String("length"), &length))
        return ChatHub::reply(from, ackId, ChatHub::errorReply(kMalformed));
    if (!ackId)
        return; // nowhere to send the bytes
    const QString sha256 = fileValue.toString();
    if (!FileStore::isValidHash(sha256))
        return ChatHub::reply(from, ackId, ChatHub::errorReply(kNotFound));
    QStringList rooms;
    for (const Room *joined : m_rooms->roomsOf(from))
        rooms << joined->name();
    FileIndex *index = m_history->files();
    const std::optional<bool> allowed = index ? index->isInRooms(sha256, rooms) : std::nullopt;
    if (!allowed)
        return ChatHub::reply(from, ackId, ChatHub::storageFailureReply());
    // Not in a room of the asker's: as if it did not exist (a hash says nothing to whoever lacks it).
    const std::optional<QByteArray> bytes =
            *allowed ? m_files->read(sha256, offset.value_or(0), length.value_or(FileStore::kMaxChunk))
                     : std::nullopt;
    if (!bytes)
        return ChatHub::reply(from, ackId, ChatHub::errorReply(kNotFound));
    from->sendBinaryAck(*ackId,
                        QJsonObject{{QStringLiteral("ok"), true},
                                    {QStringLiteral("size"), double(m_files->size(sha256))},
                                    {QStringLiteral("offset"), double(offset.value_or(0))},
                                    {QStringLiteral("data"), SocketIoCodec::placeholder(0)}},
                        {*bytes});
}

QString FileEvents::sentFile(const ServerSession &from, const QJsonValue &value,
                             HistoryStore::File *file) const
{
    if (value.isUndefined() || value.isNull())
        return {};
    if (!m_files)
        return QStringLiteral("files not supported");
    if (!value.isObject())
        return kMalformed;
    const QJsonObject o = value.toObject();
    const QJsonValue idValue = o.value(QLatin1String("id"));
    const QJsonValue nameValue = o.value(QLatin1String("name"));
    const QJsonValue typeValue = o.value(QLatin1String("type"));
    std::optional<qint64> size;
    if (!idValue.isString() || !nameValue.isString()
        || !(typeValue.isUndefined() || typeValue.isNull() || typeValue.isString())
        || !ChatHub::optionalCount(o, QLatin1String("size"), &size))
        return kMalformed;
    const QString type = typeValue.isString() && !typeValue.toString().isEmpty()
            ? FileNaming::mediaType(typeValue.toString())
            : QStringLiteral("application/octet-stream");
    if (!isValidName(nameValue.toString()) || !FileStore::isValidHash(idValue.toString())
        || type.isEmpty() || !size || *size <= 0)
        return kInvalidFile;
    const std::optional<QByteArray> thumbnail = FileNaming::thumbnailFromWire(o.value(QLatin1String("thumb")));
    if (thumbnail && thumbnail->isEmpty())
        return kInvalidFile;
    FileIndex *index = m_history->files();
    const std::optional<qint64> stored =
            index ? index->storedSize(idValue.toString(), from.account().id) : std::nullopt;
    if (!stored)
        return QStringLiteral("storage failure");
    // Only what this account uploaded, whole, with the size it has: a hash alone sends nothing.
    if (*stored != *size || !m_files->contains(idValue.toString()))
        return QStringLiteral("unknown file");
    *file = HistoryStore::File{idValue.toString(), nameValue.toString(), *size, type, thumbnail.value_or(QByteArray())};
    return {};
}
