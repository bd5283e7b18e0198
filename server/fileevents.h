#pragma once
// FileEvents: "file.begin", "file.chunk" and "file.fetch" of docs/protocol.md ("Files") --
// uploads in chunks into FileStore, bounded by size, quota and uploads per account; files served
// to the members of the rooms they were sent to.
#include "fileindex.h"
#include "filenaming.h"
#include "historystore.h"
#include "serversettings.h"

#include <QByteArray>
#include <QJsonArray>
#include <QList>
#include <QString>

#include <optional>

class ClientLimits;
class FileStore;
class RoomRegistry;
class ServerSession;

//! Every argument is checked before it is used; a refusal names what was wrong and costs no disk.
//! Guests (no lasting account) cannot upload: a quota needs an account that stays.
//! Why content is never taken on trust: an upload is complete only when the server has all its
//! bytes and their SHA-256 matches. Knowing a file's hash is not having it, so a file already
//! stored is never "found" by its hash alone (that would hand anyone who learnt a hash the file).
class FileEvents
{
public:
    //! Longest file name taken (UTF-16 code units); longest media type.
    static constexpr int kMaxNameLength = FileNaming::kMaxNameLength;
    static constexpr int kMaxTypeLength = FileNaming::kMaxTypeLength;

    //! \a history (open), \a rooms, \a limits and \a files (open; null: files are off) must
    //! outlive this object.
    FileEvents(const ServerSettings &settings, HistoryStore *history, const RoomRegistry *rooms,
               ClientLimits *limits, FileStore *files);

    FileEvents(const FileEvents &) = delete;
    FileEvents &operator=(const FileEvents &) = delete;

    //! True for "file.begin", "file.chunk", "file.fetch", "file.cancel".
    static bool handles(const QString &event);
    //! Whether the server takes files (a FileStore was given).
    bool isEnabled() const { return m_files != nullptr; }
    void handle(ServerSession *from, const QString &event, const QJsonArray &args,
                const QList<QByteArray> &attachments, std::optional<qint64> ackId);

    //! Drops the uploads started more than uploadLifetime before \a nowMs (wall clock), their
    //! bytes too, at most \a limit of them; the number dropped (nullopt on a failure).
    std::optional<int> pruneAbandoned(qint64 nowMs, int limit = 1000);

    //! The "file" of a chat message \a from sends (docs/protocol.md, "Files"), into \a file: empty
    //! when there is none or it is fine, else the refusal -- "malformed arguments", "invalid
    //! file", "unknown file" (not one this account stored whole, or another size),
    //! "files not supported", "storage failure".
    QString sentFile(const ServerSession &from, const QJsonValue &value, HistoryStore::File *file) const;

    //! A file name as given, if it is one: not blank, at most kMaxNameLength, no path separators
    //! or control characters (it is shown and offered for saving, never used as a path here).
    static bool isValidName(const QString &name);

private:
    void begin(ServerSession *from, const QJsonObject &request, std::optional<qint64> ackId);
    void chunk(ServerSession *from, const QJsonObject &request, const QList<QByteArray> &attachments,
               std::optional<qint64> ackId);
    void fetch(ServerSession *from, const QJsonObject &request, std::optional<qint64> ackId);
    void cancel(ServerSession *from, const QJsonObject &request, std::optional<qint64> ackId);
    //! Upload \a key if it is \a from's account's (else, or unknown, nullopt).
    std::optional<FileIndex::Upload> ownUpload(const ServerSession &from, const QString &key) const;

    ServerSettings m_settings;
    HistoryStore *m_history;
    const RoomRegistry *m_rooms;
    ClientLimits *m_limits;
    FileStore *m_files;
};
