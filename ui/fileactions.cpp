#include "fileactions.h"

#include "chatclient.h"
#include "filecache.h"
#include "imageviewer.h"
#include "logging.h"

#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QImage>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStandardPaths>
#include <QUrl>
#include <QUuid>

namespace {
QStringList localFiles(const QMimeData *data)
{
    QStringList paths;
    if (!data || !data->hasUrls())
        return paths;
    for (const QUrl &url : data->urls()) {
        if (url.isLocalFile() && QFileInfo(url.toLocalFile()).isFile())
            paths << url.toLocalFile();
    }
    return paths;
}
} // namespace

FileActions::FileActions(ChatClient *client, QWidget *dialogParent)
    : QObject(dialogParent), m_client(client), m_dialogParent(dialogParent), m_cache(new FileCache)
{
    if (m_client) {
        connect(m_client, &ChatClient::downloadFinished, this, &FileActions::onFinished);
        connect(m_client, &ChatClient::downloadFailed, this, &FileActions::onFailed);
    }
}

FileActions::~FileActions()
{
    delete m_cache;
}

bool FileActions::available() const
{
    return m_client && m_client->hasFiles();
}

bool FileActions::carriesFiles(const QMimeData *data)
{
    return data && (data->hasImage() || !localFiles(data).isEmpty());
}

QString FileActions::outgoingDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/outgoing");
}

int FileActions::sendPaths(const QString &room, const QStringList &paths, const QString &caption)
{
    if (!available() || room.isEmpty())
        return 0;
    int sent = 0;
    for (const QString &path : paths) {
        if (m_client->sendFile(room, path, sent == 0 ? caption : QString()))
            ++sent;
    }
    return sent;
}

bool FileActions::sendImage(const QString &room, const QImage &image, const QString &caption)
{
    if (!available() || image.isNull())
        return false;
    QDir().mkpath(outgoingDirectory());
    const QString name = tr("Pasted image %1.png")
                                 .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd hh.mm.ss")));
    // One folder per image: the name stays readable, two pastes in one second do not collide.
    const QString folder = outgoingDirectory() + QLatin1Char('/') + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QDir().mkpath(folder);
    const QString path = folder + QLatin1Char('/') + FileCache::safeName(name);
    if (!image.save(path, "PNG")) {
        Q_EMIT problem(tr("The pasted image could not be saved, so it was not sent."));
        return false;
    }
    return sendPaths(room, {path}, caption) == 1;
}

int FileActions::sendMimeData(const QString &room, const QMimeData *data, const QString &caption)
{
    const QStringList paths = localFiles(data);
    if (!paths.isEmpty())
        return sendPaths(room, paths, caption);
    if (data && data->hasImage())
        return sendImage(room, qvariant_cast<QImage>(data->imageData()), caption) ? 1 : 0;
    return 0;
}

void FileActions::chooseAndSend(const QString &room, const QString &caption)
{
    if (!available())
        return;
    const QStringList paths = QFileDialog::getOpenFileNames(m_dialogParent, tr("Send Files"));
    sendPaths(room, paths, caption);
}

QString FileActions::fetchTo(const FileRef &file, const QString &target, bool openAfter)
{
    return fetchInto(file, target, openAfter ? Then::Open : Then::Nothing);
}

QString FileActions::fetchInto(const FileRef &file, const QString &target, Then then)
{
    if (!m_client)
        return {};
    const QString id = m_client->fetchFile(file, target);
    if (id.isEmpty()) {
        Q_EMIT problem(tr("Files cannot be fetched from this server now."));
        return {};
    }
    m_fetches.insert(id, Pending{file, then});
    return id;
}

QString FileActions::localCopy(const FileRef &file) const
{
    if (m_cache->contains(file))
        return m_cache->pathFor(file);
    // One's own file, still as it was sent (a stock server keeps no copy to fetch).
    if (!file.path.isEmpty() && QFileInfo(file.path).isFile() && QFileInfo(file.path).size() == file.size)
        return file.path;
    return {};
}

void FileActions::open(const FileRef &file)
{
    if (const QString local = localCopy(file); !local.isEmpty()) {
        QDesktopServices::openUrl(QUrl::fromLocalFile(local));
        Q_EMIT fetched(file, local);
        return;
    }
    QSettings settings;
    m_cache->trim(settings.value(QStringLiteral("files/cacheMaxBytes"), FileCache::kDefaultMaxBytes).toLongLong()
                          - file.size,
                  file.id);
    fetchTo(file, m_cache->pathFor(file), true);
}

void FileActions::showImage(const FileRef &file)
{
    if (const QString local = localCopy(file); !local.isEmpty())
        return view(file, local);
    fetchInto(file, m_cache->pathFor(file), Then::View);
}

void FileActions::view(const FileRef &file, const QString &path)
{
    auto *viewer = new ImageViewer(file, path, m_dialogParent);
    viewer->setObjectName(QStringLiteral("imageViewer"));
    connect(viewer, &ImageViewer::saveRequested, this, &FileActions::saveAs);
    viewer->show();
}

void FileActions::saveAs(const FileRef &file)
{
    const QString suggested = QDir(QStandardPaths::writableLocation(QStandardPaths::DownloadLocation))
                                      .filePath(FileCache::safeName(file.name));
    const QString target = QFileDialog::getSaveFileName(m_dialogParent, tr("Save File"), suggested);
    if (target.isEmpty())
        return;
    if (const QString local = localCopy(file); !local.isEmpty()) {
        if (QFileInfo(local).canonicalFilePath() == QFileInfo(target).canonicalFilePath()) {
            Q_EMIT fetched(file, target); // saved onto itself: it is there already
            return;
        }
        QFile::remove(target); // the dialog asked already whether to replace it
        if (!QFile::copy(local, target))
            Q_EMIT problem(tr("%1 could not be saved there.").arg(QFileInfo(target).fileName()));
        else
            Q_EMIT fetched(file, target);
        return;
    }
    fetchTo(file, target, false);
}

void FileActions::onFinished(const QString &id, const QString &path)
{
    if (!m_fetches.contains(id))
        return;
    const Pending pending = m_fetches.take(id);
    if (pending.then == Then::Open)
        QDesktopServices::openUrl(QUrl::fromLocalFile(path));
    else if (pending.then == Then::View)
        view(pending.file, path);
    Q_EMIT fetched(pending.file, path);
}

void FileActions::onFailed(const QString &id, const QString &why)
{
    if (!m_fetches.contains(id))
        return;
    const Pending pending = m_fetches.take(id);
    const QString text = tr("%1 could not be fetched: %2").arg(pending.file.name, why);
    Q_EMIT problem(text);
    if (m_dialogParent && m_dialogParent->isVisible()) { // said, without stopping anything
        auto *box = new QMessageBox(QMessageBox::Warning, tr("File"), text, QMessageBox::Ok, m_dialogParent);
        box->setTextFormat(Qt::PlainText);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
}
