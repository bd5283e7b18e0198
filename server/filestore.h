#pragma once
// FileStore: the bytes of the files people upload to parley-server, on disk, content-addressed by
// SHA-256, and the partial uploads that resume where they stopped (docs/protocol.md, "Files").
#include <QCryptographicHash>
#include <QFile>
#include <QHash>
#include <QString>
#include <QThreadPool>

#include <memory>
#include <optional>

//! Why content-addressed: a file sent twice (or by two people) is stored once, its name on disk
//! says what it must contain, and a reader can verify what it got.
//!
//! Layout under the directory given: `ab/abcdef…` (complete files, by their lowercase hex SHA-256)
//! and `partial/<upload key>` (uploads under way). An upload's hash is computed as its bytes
//! arrive; one resumed by a fresh FileStore (a server restart, or an upload closed to keep within
//! kMaxOpenUploads) hashes what is on disk once, on a worker thread: 1.2 s for 100 MiB here
//! (bench_file_store), far too long for the server's event loop. Meanwhile append() says Busy.
//!
//! Bounds: a chunk is at most kMaxChunk bytes and never goes past the size announced; at most
//! kMaxOpenUploads uploads hold an open file and a hash state at once (the least recently used is
//! closed; it resumes from disk). Who may upload how much (size limit, quota) is decided by the
//! caller, before append().
class FileStore
{
public:
    //! The largest chunk append() takes and read() gives (bytes).
    static constexpr qint64 kMaxChunk = 256 * 1024;
    //! Uploads kept open (file handle and hash state) at once.
    static constexpr int kMaxOpenUploads = 64;

    //! What became of a chunk.
    enum class Appended {
        Stored,       //!< appended; more to come
        Complete,     //!< the last chunk: the hash matched, the file is stored under its hash
        WrongOffset,  //!< not where the upload stands (received() says where)
        TooLong,      //!< larger than kMaxChunk, or past the size announced
        HashMismatch, //!< the last chunk, but the bytes are not what the hash said: discarded
        Failed,       //!< the disk refused (errorString())
        Busy,         //!< its bytes on disk are being hashed (a resume): nothing written, try again
    };

    //! Files in \a directory (created by open()).
    explicit FileStore(const QString &directory);
    ~FileStore();
    FileStore(const FileStore &) = delete;
    FileStore &operator=(const FileStore &) = delete;

    //! Creates the directories; false (errorString()) if it cannot.
    bool open();
    QString errorString() const { return m_error; }

    //! True for 64 lowercase hex digits.
    static bool isValidHash(const QString &sha256);
    //! True for an upload key FileStore takes: 1 to 100 characters of [0-9a-z_-].
    static bool isValidKey(const QString &key);

    //! Whether the file with \a sha256 is stored complete.
    bool contains(const QString &sha256) const;
    //! Its size in bytes, or -1 when it is not stored.
    qint64 size(const QString &sha256) const;
    //! Bytes received so far of upload \a key (0: none).
    qint64 received(const QString &key) const;

    //! Appends \a bytes at \a offset to upload \a key of a file of \a size bytes with \a sha256.
    //! The last byte verifies the hash and moves the file in place (a file already stored
    //! complete is kept, the upload dropped).
    Appended append(const QString &key, const QString &sha256, qint64 size, qint64 offset,
                    const QByteArray &bytes);
    //! Forgets upload \a key and its bytes.
    void discard(const QString &key);

    //! Up to \a maxLength (at most kMaxChunk) bytes of file \a sha256 from \a offset; empty at
    //! its end; nullopt when it is not stored or cannot be read.
    std::optional<QByteArray> read(const QString &sha256, qint64 offset, qint64 maxLength) const;
    //! Removes the stored file \a sha256; false if it was not there or could not be removed.
    bool remove(const QString &sha256);

    //! Uploads holding an open file and hash state now (at most kMaxOpenUploads).
    int openUploadCount() const { return int(m_uploads.size()); }
    //! Where file \a sha256 lives (for tests and for the server's own checks).
    QString pathOf(const QString &sha256) const;

private:
    struct Upload;
    QString partialPath(const QString &key) const;
    //! The open upload \a key, opened (and its bytes on disk hashed) if need be; null on error.
    Upload *openUpload(const QString &key, const QString &sha256);
    Appended finish(const QString &key, Upload *upload, const QString &sha256);
    void closeLeastRecent();

    struct Resuming;
    //! Starts hashing upload \a key's bytes on disk on the worker (once).
    void startResuming(const QString &key, const QString &sha256);

    QString m_dir;
    QString m_error;
    QHash<QString, std::shared_ptr<Upload>> m_uploads;
    QHash<QString, std::shared_ptr<Resuming>> m_resuming; //!< hashed on the worker now
    quint64 m_useCounter = 0;
    QThreadPool m_pool; //!< last: destroyed (after waiting for its thread) first
};
