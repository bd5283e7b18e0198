#include "filetransfers.h"

#include "chatprotocol.h"
#include "filedownload.h"
#include "fileupload.h"
#include "fileuploads.h"
#include "inlinefile.h"
#include "logging.h"

#include <QFileInfo>
#include <QLocale>
#include <QUuid>

FileTransfers::FileTransfers(std::function<ChatProtocol *()> protocol, QObject *parent)
    : QObject(parent), m_protocol(std::move(protocol)), m_uploads(new FileUploads(this))
{
    connect(m_uploads, &FileUploads::progress, this, &FileTransfers::uploadProgressed);
    connect(m_uploads, &FileUploads::uploaded, this, &FileTransfers::uploaded);
    connect(m_uploads, &FileUploads::failed, this, [this](const QString &clientId, const QString &error) {
        Q_EMIT uploadFailed(clientId, describe(error));
    });
}

QString FileTransfers::describe(const QString &error)
{
    if (error == FileUpload::kGone)
        return tr("the file is no longer there");
    if (error == FileUpload::kChanged)
        return tr("the file changed while it was being sent");
    if (error == FileUpload::kUnreadable)
        return tr("the file cannot be read");
    if (error == FileDownload::kCorrupt)
        return tr("the file that arrived is not the one that was sent");
    if (error == FileDownload::kCannotWrite)
        return tr("the file cannot be written there");
    if (error == QLatin1String("too large"))
        return tr("the file is larger than the server takes");
    if (error == QLatin1String("over quota"))
        return tr("your storage on the server is full");
    if (error == QLatin1String("not found"))
        return tr("the file is not on the server (any more)");
    if (error == QLatin1String("not allowed"))
        return tr("guests cannot send files");
    return error;
}

QString FileTransfers::problemText(const LocalFile::Inspection &inspection, const QString &path,
                                   qint64 maxSize) const
{
    const QString name = QFileInfo(path).fileName();
    const QLocale locale;
    switch (inspection.problem) {
    case LocalFile::Problem::NotFound:
        return tr("%1 was not sent: it does not exist.").arg(name);
    case LocalFile::Problem::NotAFile:
        return tr("%1 was not sent: it is not a file.").arg(name);
    case LocalFile::Problem::Empty:
        return tr("%1 was not sent: it is empty.").arg(name);
    case LocalFile::Problem::TooLarge:
        return tr("%1 was not sent: it is %2, and the server takes at most %3.")
                .arg(name, locale.formattedDataSize(inspection.size), locale.formattedDataSize(maxSize));
    case LocalFile::Problem::Unreadable:
        return tr("%1 was not sent: it cannot be read.").arg(name);
    case LocalFile::Problem::Changed:
        return tr("%1 was not sent: it changed while it was being read.").arg(name);
    case LocalFile::Problem::None:
        break;
    }
    return {};
}

void FileTransfers::prepare(const QString &room, const QString &path, const QString &caption,
                            qint64 maxSize, std::function<void(const ChatMessage &)> queue)
{
    ++m_preparing;
    LocalFile::inspect(path, maxSize, this, [this, room, path, caption, maxSize, queue](const LocalFile::Inspection &found) {
        --m_preparing;
        if (found.problem != LocalFile::Problem::None) {
            Q_EMIT fileRefused(path, problemText(found, path, maxSize));
            return;
        }
        ChatMessage m;
        m.room = room;
        m.text = caption;
        m.file = found.file;
        queue(m);
    }, m_thumbnails);
}

void FileTransfers::setWindow(int window)
{
    m_window = window;
    m_uploads->setWindow(window);
}

bool FileTransfers::readyToWrite(const ChatMessage &message)
{
    if (message.file.isNull() || m_uploads->isDone(message.clientId))
        return true;
    FileChannel *channel = m_protocol()->files();
    if (!channel) {
        // Sent inline, whole, with its message (a stock Socket.IO or plain WebSocket server).
        if (const qint64 inlineMax = m_protocol()->capabilities().inlineFiles; inlineMax > 0) {
            const QString problem = InlineFile::problem(message.file, inlineMax);
            if (problem.isEmpty())
                return true;
            Q_EMIT uploadFailed(message.clientId, problem);
            return false;
        }
        Q_EMIT uploadFailed(message.clientId, tr("this server does not take files"));
        return false;
    }
    m_uploads->ensure(message, channel);
    return false;
}

void FileTransfers::forgetUpload(const QString &clientId)
{
    m_uploads->forget(clientId);
}

void FileTransfers::cancelUpload(const QString &clientId)
{
    const QString upload = m_uploads->uploadId(clientId);
    m_uploads->forget(clientId);
    if (FileChannel *channel = m_protocol()->files(); channel && !upload.isEmpty())
        channel->cancel(upload, [](const FileChannel::Answer &) {}); // best effort: the server prunes it anyway
}

bool FileTransfers::isUploaded(const QString &clientId) const
{
    return m_uploads->isDone(clientId);
}

QString FileTransfers::fetch(const FileRef &file, const QString &target, qint64 maxSize)
{
    FileChannel *channel = m_protocol()->files();
    if (!channel || file.isNull())
        return {};
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    auto *download = new FileDownload(channel, file, target, maxSize, m_window, this);
    m_downloads.insert(id, download);
    connect(download, &FileDownload::progress, this, [this, id](qint64 received, qint64 total) {
        Q_EMIT downloadProgressed(id, received, total);
    });
    connect(download, &FileDownload::finished, this, [this, id] {
        FileDownload *done = m_downloads.take(id);
        done->deleteLater();
        Q_EMIT downloadFinished(id, done->target());
    });
    connect(download, &FileDownload::failed, this, [this, id](const QString &error) {
        if (FileDownload *gone = m_downloads.take(id))
            gone->deleteLater();
        Q_EMIT downloadFailed(id, describe(error));
    });
    download->start();
    return id;
}

void FileTransfers::cancelFetch(const QString &id)
{
    if (FileDownload *download = m_downloads.take(id)) {
        download->cancel();
        download->deleteLater();
    }
}

void FileTransfers::resume()
{
    const QList<FileDownload *> all = m_downloads.values();
    for (FileDownload *download : all)
        download->start();
}

void FileTransfers::reset()
{
    m_uploads->clear();
    const QStringList ids = m_downloads.keys();
    for (const QString &id : ids) {
        cancelFetch(id);
        Q_EMIT downloadFailed(id, tr("the connection was replaced"));
    }
}
