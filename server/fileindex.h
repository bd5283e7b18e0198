#pragma once
// FileIndex: what parley-server knows about files besides their bytes (FileStore) -- uploads
// under way, which account stored which file (its quota), and the rooms a file was sent to (who
// may fetch it). Tables uploads, files, file_rooms of HistoryStoreSchema version 6, on
// HistoryStore's connection (docs/protocol.md, "Files").
#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <initializer_list>
#include <optional>

//! Why in the history database: a file is sent as a message, and a message's delete must be able
//! to drop the file's rooms and, with the last one, the file, in the history's own transaction.
//!
//! The quota of an account (usedBytes()) counts the files it stored, once each however often it
//! sent them, and the announced size of every upload it has under way -- so starting many uploads
//! cannot get round it. Each statement is one autocommitted write or read, but complete(), which
//! is one transaction. Prepared once on the store's connection: destroy this object before the
//! connection closes.
class FileIndex
{
public:
    //! An upload under way: one per account and content.
    struct Upload
    {
        QString key; //!< uploadKey(accountId, sha256): FileStore's name for its bytes
        qint64 accountId = 0;
        QString sha256;
        qint64 size = 0;
        QString room; //!< where it will be sent
        QString name;
        QString type;
        qint64 startedMs = 0;
    };

    //! Prepares the statements on \a db (open, schema current); isValid() says whether it could.
    explicit FileIndex(const QSqlDatabase &db);

    bool isValid() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }

    //! FileStore's key of \a accountId's upload of \a sha256: "<id>-<sha256>".
    static QString uploadKey(qint64 accountId, const QString &sha256);

    //! Records \a upload; an upload with its key already recorded is kept as it was. False on failure.
    bool begin(const Upload &upload);
    //! The upload \a key (nullopt: none, or a failure -- errorString() says which when not empty).
    std::optional<Upload> upload(const QString &key);
    //! Uploads \a accountId has under way.
    std::optional<int> uploadCount(qint64 accountId);
    //! Bytes counted against \a accountId's quota: its stored files and its uploads under way.
    std::optional<qint64> usedBytes(qint64 accountId);
    //! Upload \a key is complete: its file is \a accountId's (counted once), it belongs to the
    //! upload's room, and the upload is gone -- in one transaction. False on failure.
    bool complete(const QString &key, qint64 storedMs);
    //! Forgets upload \a key (cancelled, failed, abandoned). False on failure.
    bool drop(const QString &key);
    //! Keys of uploads started before \a beforeMs, oldest first, at most \a limit.
    std::optional<QStringList> startedBefore(qint64 beforeMs, int limit);

    //! Records that file \a sha256 was sent to \a room. False on failure.
    bool addRoom(const QString &sha256, const QString &room);
    //! Whether file \a sha256 was sent to one of \a rooms.
    std::optional<bool> isInRooms(const QString &sha256, const QStringList &rooms);
    //! Whether any account has stored \a sha256.
    std::optional<bool> isStored(const QString &sha256);
    //! The size of \a sha256 as \a accountId stored it; 0 when that account has not stored it.
    std::optional<qint64> storedSize(const QString &sha256, qint64 accountId);
    //! A message that sent \a sha256 to \a room was deleted (its file columns cleared): when no
    //! other message sends it there, \a room loses it; when none sends it anywhere, the file's
    //! rows go (every account's) and the answer is true: the caller removes its bytes. Meant to
    //! run inside the delete's transaction. A file stored but not sent yet is not touched.
    std::optional<bool> unsent(const QString &sha256, const QString &room);

private:
    bool run(QSqlQuery &query, const char *what, std::initializer_list<QVariant> values);
    //! Runs a "SELECT EXISTS (…)" \a query.
    std::optional<bool> exists(QSqlQuery &query, const char *what,
                               std::initializer_list<QVariant> values);

    QSqlDatabase m_db;
    QSqlQuery m_begin, m_upload, m_uploadCount, m_usedBytes, m_store, m_storeRoom, m_drop,
            m_startedBefore, m_addRoom, m_isStored, m_storedSize, m_sentIn, m_sentAnywhere,
            m_dropRoom, m_dropFile, m_dropFileRooms;
    QString m_error;
};
