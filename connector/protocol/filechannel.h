#pragma once
// FileChannel: how a client moves a file's bytes to and from a server that takes files
// (docs/protocol.md, "Files"): begin an upload, send a chunk at an offset, fetch a chunk of a
// stored file. Every request gets exactly one answer through its callback -- the server's, or a
// failure when the link is not up or goes down first -- so that whoever waits never hangs.
#include "fileref.h"

#include <QByteArray>
#include <QString>
#include <functional>

class FileChannel
{
public:
    //! The largest chunk sent or asked for (the server's bound: 256 KiB).
    static constexpr qint64 kMaxChunk = 256 * 1024;

    //! One answer, as the server gave it (checked), or a local failure.
    struct Answer
    {
        bool ok = false;
        //! Refused or failed: the server's reason ("wrong offset", "over quota", …), or
        //! kLinkLost / kNotConnected / kMalformed for failures on this side.
        QString error;
        //! The link went away (or was not there): try again once it is back. The server did not
        //! refuse anything.
        bool linkFailure = false;
        qint64 offset = 0;       //!< begin/chunk: where the server is; fetch: the data's offset
        QString upload;          //!< begin: the upload's id
        QString file;            //!< begin/chunk: the stored file's id, once complete
        qint64 size = 0;         //!< fetch: the whole file's size
        QByteArray data;         //!< fetch: the bytes (empty at the end of the file)
        qint64 retryAfterMs = 0; //!< "busy", "rate limited": when to ask again
    };
    using Callback = std::function<void(const Answer &answer)>;

    static inline const QString kLinkLost = QStringLiteral("link lost");
    static inline const QString kNotConnected = QStringLiteral("not connected");
    static inline const QString kMalformed = QStringLiteral("malformed answer");

    virtual ~FileChannel() = default;
    //! Starts (or resumes) the upload of \a file (id, name, size, type) to \a room.
    virtual void begin(const QString &room, const FileRef &file, Callback done) = 0;
    //! Sends \a data (at most kMaxChunk bytes) at \a offset of upload \a upload.
    virtual void chunk(const QString &upload, qint64 offset, const QByteArray &data, Callback done) = 0;
    //! Asks for at most \a length (≤ kMaxChunk) bytes of file \a fileId from \a offset.
    virtual void fetch(const QString &fileId, qint64 offset, qint64 length, Callback done) = 0;
    //! Gives upload \a upload up: the server drops its bytes and its count against the quota.
    virtual void cancel(const QString &upload, Callback done) = 0;
};
