#include "imagepreviews.h"

#include "chatclient.h"
#include "filecache.h"
#include "logging.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

ImagePreviews::ImagePreviews(ChatClient *client, QObject *parent)
    : QObject(parent), m_client(client), m_files(new FileCache), m_images(int(kCacheBytes / 1024))
{
    if (!m_client)
        return;
    connect(m_client, &ChatClient::downloadFinished, this, [this](const QString &id, const QString &path) {
        if (!m_fetches.contains(id))
            return;
        const Wanted wanted = m_fetches.take(id);
        decodeInBackground(wanted.file, path, wanted.box);
    });
    connect(m_client, &ChatClient::downloadFailed, this, [this](const QString &id, const QString &why) {
        if (!m_fetches.contains(id))
            return;
        finish(m_fetches.take(id).file.id, {}, why);
    });
}

ImagePreviews *ImagePreviews::of(const QObject *view)
{
    return view ? view->findChild<ImagePreviews *>(QString(), Qt::FindDirectChildrenOnly) : nullptr;
}

ImagePreviews::~ImagePreviews()
{
    delete m_files;
}

ImagePreviews::State ImagePreviews::state(const QString &fileId) const
{
    if (m_images.contains(fileId))
        return State::Ready;
    if (m_problems.contains(fileId))
        return State::Failed;
    if (m_loading.contains(fileId))
        return State::Loading;
    for (const Wanted &w : m_queue) {
        if (w.file.id == fileId)
            return State::Loading;
    }
    return State::None;
}

QImage ImagePreviews::preview(const FileRef &file, qreal devicePixelRatio)
{
    if (const QImage *image = m_images.object(file.id))
        return *image;
    if (state(file.id) != State::None)
        return {};
    if (file.size > kMaxFetchBytes && file.path.isEmpty() && file.thumbnail.isEmpty() && !m_files->contains(file)) {
        m_problems.insert(file.id, tr("too large for a preview: open it to see it"));
        return {};
    }
    m_queue << Wanted{file, kBox * qBound(1.0, devicePixelRatio, 4.0)};
    startNext();
    return {};
}

void ImagePreviews::startNext()
{
    while (m_loading.size() < kMaxLoading && !m_queue.isEmpty())
        load(m_queue.takeFirst());
}

void ImagePreviews::load(const Wanted &wanted)
{
    m_loading.insert(wanted.file.id);
    // One's own image: its file is here (it may not even be on the server yet).
    if (!wanted.file.path.isEmpty() && QFileInfo(wanted.file.path).size() == wanted.file.size) {
        decodeInBackground(wanted.file, wanted.file.path, wanted.box);
        return;
    }
    if (m_files->contains(wanted.file)) {
        decodeInBackground(wanted.file, m_files->pathFor(wanted.file), wanted.box);
        return;
    }
    if (!wanted.file.thumbnail.isEmpty()) { // the sender's: nothing to fetch
        decodeInBackground(wanted.file, QString(), wanted.box);
        return;
    }
    const QString id = m_client ? m_client->fetchFile(wanted.file, m_files->pathFor(wanted.file)) : QString();
    if (id.isEmpty()) { // not now (no link to a server with files): tried again when asked again
        m_loading.remove(wanted.file.id);
        return;
    }
    m_fetches.insert(id, wanted);
}

void ImagePreviews::decodeInBackground(const FileRef &file, const QString &path, const QSize &box)
{
    auto *watcher = new QFutureWatcher<std::pair<QImage, QString>>(this);
    const QString id = file.id;
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, id] {
        const auto [image, error] = watcher->result();
        watcher->deleteLater();
        finish(id, image, error);
    });
    const QByteArray thumbnail = path.isEmpty() ? file.thumbnail : QByteArray();
    watcher->setFuture(QtConcurrent::run([path, thumbnail, box] {
        QString error;
        QImage image = path.isEmpty() ? ImageReading::decodeThumbnail(thumbnail, box, &error)
                                      : ImageReading::decode(path, box, &error);
        return std::make_pair(image, error);
    }));
}

void ImagePreviews::finish(const QString &fileId, const QImage &image, const QString &error)
{
    m_loading.remove(fileId);
    if (image.isNull()) {
        qCInfo(lcUi).noquote() << "no preview of" << fileId.left(12) << ":" << error;
        m_problems.insert(fileId, error);
    } else {
        m_images.insert(fileId, new QImage(image), int(image.sizeInBytes() / 1024) + 1);
    }
    Q_EMIT changed(fileId);
    startNext();
}
