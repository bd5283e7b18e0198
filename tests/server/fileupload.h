#pragma once
// What the end-to-end file tests (tst_parleyserver_files, tst_parleyserver_filemessages) share:
// uploading in chunks, fetching whole files, and a server that takes files.
#include "parleyserverfixtures.h"
#include "filebytes.h"
#include "filestore.h"
#include "socketiocodec.h"

#include <QTemporaryDir>

inline const QString kBegin = QStringLiteral("file.begin");
inline const QString kChunkEvent = QStringLiteral("file.chunk");
inline const QString kFetch = QStringLiteral("file.fetch");
inline constexpr qint64 kChunk = FileStore::kMaxChunk;

inline QString errorOf(const std::optional<QJsonObject> &answer)
{
    if (!answer)
        return QStringLiteral("(no answer)");
    return answer->value(QLatin1String("ok")).toBool() ? QStringLiteral("ok")
                                                      : answer->value(QLatin1String("error")).toString();
}

inline QJsonObject beginOf(const QByteArray &bytes, const QString &room = kLobby, const QString &name = QStringLiteral("shot.png"))
{
    return QJsonObject{{QLatin1String("room"), room}, {QLatin1String("name"), name},
                       {QLatin1String("size"), double(bytes.size())}, {QLatin1String("sha256"), sha256Of(bytes)},
                       {QLatin1String("type"), QStringLiteral("image/png")}};
}

inline std::optional<QJsonObject> sendChunk(SioClient &client, const QString &upload, qint64 offset, const QByteArray &bytes)
{
    return client.requestWithAttachments(
            kChunkEvent,
            {QJsonObject{{QLatin1String("upload"), upload}, {QLatin1String("offset"), double(offset)},
                         {QLatin1String("data"), SocketIoCodec::placeholder(0)}}},
            {bytes});
}

//! Uploads \a bytes from \a from on; the last chunk's answer.
inline std::optional<QJsonObject> sendFrom(SioClient &client, const QString &upload, const QByteArray &bytes, qint64 from)
{
    std::optional<QJsonObject> last;
    for (qint64 at = from; at < bytes.size(); at += kChunk) {
        last = sendChunk(client, upload, at, bytes.mid(at, kChunk));
        if (errorOf(last) != QLatin1String("ok"))
            return last;
    }
    return last;
}

//! The whole file \a sha256 as \a client may fetch it; nullopt at the first refusal.
inline std::optional<QByteArray> fetchAll(SioClient &client, const QString &sha256, QString *error = nullptr)
{
    QByteArray all;
    for (;;) {
        const auto answer = client.requestBinaryAnswer(
                kFetch, {QJsonObject{{QLatin1String("file"), sha256}, {QLatin1String("offset"), double(all.size())}}});
        if (!answer || !answer->first.value(QLatin1String("ok")).toBool() || answer->second.size() != 1) {
            if (error)
                *error = answer ? answer->first.value(QLatin1String("error")).toString() : QStringLiteral("(no answer)");
            return std::nullopt;
        }
        if (answer->second.constFirst().isEmpty())
            return all;
        all += answer->second.constFirst();
    }
}

inline bool joined(SioClient &client, const QString &room)
{
    const auto ack = joinRoom(client, room);
    return ack && ack->value(QLatin1String("ok")).toBool();
}

inline ServerSettings withFilesIn(const QTemporaryDir &dir, ServerSettings settings = fastHashing())
{
    settings.filesDirectory = dir.filePath(QStringLiteral("files"));
    settings.fileBeginRate = {};
    return settings;
}

//! Uploads \a bytes to \a room whole; the file's id (its SHA-256), or empty on a refusal.
inline QString uploadWhole(SioClient &client, const QByteArray &bytes, const QString &room = kLobby,
                           const QString &name = QStringLiteral("shot.png"))
{
    const auto begun = client.request(kBegin, {beginOf(bytes, room, name)});
    if (errorOf(begun) != QLatin1String("ok"))
        return {};
    if (begun->contains(QLatin1String("file")))
        return begun->value(QLatin1String("file")).toString();
    const auto last = sendFrom(client, begun->value(QLatin1String("upload")).toString(), bytes,
                               begun->value(QLatin1String("offset")).toInteger());
    return errorOf(last) == QLatin1String("ok") ? last->value(QLatin1String("file")).toString() : QString();
}
