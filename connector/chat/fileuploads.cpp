#include "fileuploads.h"

#include "fileupload.h"

void FileUploads::ensure(const ChatMessage &message, FileChannel *channel)
{
    if (m_done.contains(message.clientId))
        return;
    FileUpload *upload = m_uploads.value(message.clientId);
    if (!upload) {
        upload = new FileUpload(channel, message.room, message.file, m_window, this);
        const QString clientId = message.clientId;
        m_uploads.insert(clientId, upload);
        connect(upload, &FileUpload::progress, this, [this, clientId](qint64 sent, qint64 total) {
            Q_EMIT progress(clientId, sent, total);
        });
        connect(upload, &FileUpload::finished, this, [this, clientId] {
            if (FileUpload *done = m_uploads.take(clientId))
                done->deleteLater();
            m_done.insert(clientId);
            Q_EMIT uploaded(clientId);
        });
        connect(upload, &FileUpload::failed, this, [this, clientId](const QString &error) {
            if (FileUpload *gone = m_uploads.take(clientId))
                gone->deleteLater();
            Q_EMIT failed(clientId, error);
        });
    }
    upload->start();
}

void FileUploads::forget(const QString &clientId)
{
    m_done.remove(clientId);
    if (FileUpload *upload = m_uploads.take(clientId)) {
        upload->cancel();
        upload->deleteLater();
    }
}

void FileUploads::clear()
{
    const QList<QString> ids = m_uploads.keys();
    for (const QString &id : ids)
        forget(id);
    m_done.clear();
}

QString FileUploads::uploadId(const QString &clientId) const
{
    const FileUpload *upload = m_uploads.value(clientId);
    return upload ? upload->uploadId() : QString();
}
