#pragma once
// FileTransfers: ChatClient's files (docs/protocol.md, "Files"). Sending: a local file is looked at
// on a worker (hash, size, type) and becomes a message in the outbox; that message is written only
// once its upload is done (FileUploads), so a file sent offline goes when the link is back, and an
// interrupted upload resumes where it stopped. Fetching: a file of a message is downloaded into a
// local file, verified (FileDownload). Every failure is told in words a user can act on.
#include "chatmessage.h"
#include "localfile.h"

#include <QHash>
#include <QObject>
#include <functional>

class ChatProtocol;
class FileDownload;
class FileUploads;

class FileTransfers : public QObject
{
    Q_OBJECT
public:
    //! \a protocol gives the current protocol (it may be replaced; never null).
    explicit FileTransfers(std::function<ChatProtocol *()> protocol, QObject *parent = nullptr);

    //! Looks at \a path (on a worker) and, when it can be sent, calls \a queue with a message of
    //! \a room sending it with \a caption; else fileRefused(). \a maxSize: the server's bound.
    void prepare(const QString &room, const QString &path, const QString &caption, qint64 maxSize,
                 std::function<void(const ChatMessage &)> queue);
    //! Files being looked at, not yet queued.
    int preparing() const { return m_preparing; }
    //! What makes the thumbnails of images sent from now on (none by default).
    void setThumbnailMaker(LocalFile::ThumbnailMaker maker) { m_thumbnails = std::move(maker); }
    //! Chunks in flight per upload or download started from now on
    //! (ConnectorSettings::transferWindow).
    void setWindow(int window);

    //! Whether \a message may be written now: it sends no file, or its file is on the server.
    //! Otherwise its upload is started or resumed (uploaded() says when it is done) and false.
    bool readyToWrite(const ChatMessage &message);
    //! \a clientId left the outbox or is tried again from the start: its upload is dropped.
    void forgetUpload(const QString &clientId);
    //! The user gave \a clientId's upload up: it stops, and the server is told to drop what it
    //! has ("file.cancel").
    void cancelUpload(const QString &clientId);
    //! Whether \a clientId's file is on the server.
    bool isUploaded(const QString &clientId) const;

    //! Fetches \a file into \a target; returns the download's id (downloadFinished() or
    //! downloadFailed() follow, exactly one), or empty (and downloadFailed is not emitted) when
    //! the server takes no files. A lost link pauses it until resume().
    //! A \a file of size 0 (only its id known) may be at most \a maxSize bytes.
    QString fetch(const FileRef &file, const QString &target, qint64 maxSize);
    void cancelFetch(const QString &id);
    //! The link is back: interrupted downloads go on.
    void resume();
    //! The protocol is replaced: every transfer stops (its channel is gone).
    void reset();

    //! Words for an upload or download failure \a error (FileUpload's, FileDownload's, the
    //! server's refusal).
    static QString describe(const QString &error);

Q_SIGNALS:
    void fileRefused(const QString &path, const QString &why);
    void uploadProgressed(const QString &clientId, qint64 sent, qint64 total);
    void uploaded(const QString &clientId);
    void uploadFailed(const QString &clientId, const QString &why);
    void downloadProgressed(const QString &id, qint64 received, qint64 total);
    void downloadFinished(const QString &id, const QString &path);
    void downloadFailed(const QString &id, const QString &why);

private:
    QString problemText(const LocalFile::Inspection &inspection, const QString &path, qint64 maxSize) const;

    std::function<ChatProtocol *()> m_protocol;
    FileUploads *m_uploads;
    QHash<QString, FileDownload *> m_downloads;
    int m_preparing = 0;
    LocalFile::ThumbnailMaker m_thumbnails;
    int m_window = 4;
};
