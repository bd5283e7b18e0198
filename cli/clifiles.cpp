#include "clifiles.h"

#include <QFileInfo>
#include <QLocale>

CliFiles::CliFiles(ChatClient *client, QObject *parent) : QObject(parent), m_client(client) {}

CliFiles *CliFiles::sending(ChatClient *client, const QString &room, const QStringList &paths,
                            const QString &caption, QObject *parent)
{
    auto *files = new CliFiles(client, parent);
    files->m_room = room;
    files->m_paths = paths;
    files->m_caption = caption;
    return files;
}

CliFiles *CliFiles::fetching(ChatClient *client, const QString &id, const QString &output, QObject *parent)
{
    auto *files = new CliFiles(client, parent);
    files->m_fileId = id;
    files->m_output = output;
    return files;
}

void CliFiles::start()
{
    if (std::exchange(m_started, true))
        return;
    if (!m_client->hasFiles()) {
        Q_EMIT failed(tr("this server takes no files"));
        Q_EMIT finished(false);
        return;
    }
    if (m_fileId.isEmpty())
        sendAll();
    else
        fetch();
}

void CliFiles::settle(bool ok)
{
    ++m_settled;
    if (!ok)
        ++m_failed;
    const int total = m_fileId.isEmpty() ? int(m_paths.size()) : 1;
    if (m_settled == total)
        Q_EMIT finished(m_failed == 0);
}

void CliFiles::sendAll()
{
    connect(m_client, &ChatClient::fileRefused, this, [this](const QString &path, const QString &why) {
        Q_UNUSED(why) // ChatClient::errorOccurred() said it already
        if (!m_waiting.remove(QFileInfo(path).absoluteFilePath()))
            return;
        settle(false);
    });
    connect(m_client, &ChatClient::messageQueued, this, [this](const ChatMessage &m) {
        if (m.file.isNull() || !m_waiting.remove(m.file.path))
            return;
        m_names.insert(m.clientId, m.file.name);
    });
    connect(m_client, &ChatClient::uploadProgress, this, [this](const QString &clientId, qint64 sent, qint64 total) {
        Q_EMIT progressed();
        const int percent = total > 0 ? int(sent * 100 / total) : 100;
        if (percent / 10 != m_lastPercent / 10 || percent == 100) {
            m_lastPercent = percent;
            Q_EMIT note(tr("%1: %2% of %3").arg(m_names.value(clientId)).arg(percent)
                                .arg(QLocale().formattedDataSize(total)));
        }
    });
    connect(m_client, &ChatClient::deliveryChanged, this,
            [this](const QString &clientId, ChatMessage::Delivery state, qint64 seq) {
                if (!m_names.contains(clientId))
                    return;
                if (state == ChatMessage::Delivery::Delivered) {
                    Q_EMIT note(tr("%1 sent to #%2 as message %3").arg(m_names.take(clientId), m_room).arg(seq));
                    settle(true);
                } else if (state == ChatMessage::Delivery::Failed) {
                    Q_EMIT failed(tr("%1 was not sent").arg(m_names.take(clientId)));
                    settle(false);
                }
            });
    for (const QString &path : std::as_const(m_paths)) {
        const QString absolute = QFileInfo(path).absoluteFilePath();
        if (m_waiting.contains(absolute)) { // the same file twice: once is enough
            settle(true);
            continue;
        }
        m_waiting.insert(absolute);
        if (!m_client->sendFile(m_room, absolute, m_caption)) {
            m_waiting.remove(absolute);
            settle(false);
        }
    }
}

void CliFiles::fetch()
{
    connect(m_client, &ChatClient::downloadProgress, this, [this](const QString &, qint64 received, qint64 total) {
        Q_EMIT progressed();
        const int percent = total > 0 ? int(received * 100 / total) : 100;
        if (percent / 10 != m_lastPercent / 10) {
            m_lastPercent = percent;
            Q_EMIT note(tr("%1% of %2").arg(percent).arg(QLocale().formattedDataSize(total)));
        }
    });
    connect(m_client, &ChatClient::downloadFinished, this, [this](const QString &id, const QString &path) {
        if (id != m_download)
            return;
        Q_EMIT note(tr("written to %1, SHA-256 verified").arg(path));
        settle(true);
    });
    connect(m_client, &ChatClient::downloadFailed, this, [this](const QString &id, const QString &why) {
        if (id != m_download)
            return;
        Q_EMIT failed(tr("the file could not be fetched: %1").arg(why));
        settle(false);
    });
    FileRef file;
    file.id = m_fileId;
    m_download = m_client->fetchFile(file, QFileInfo(m_output).absoluteFilePath());
    if (m_download.isEmpty()) {
        Q_EMIT failed(tr("this server takes no files"));
        settle(false);
    }
}
