#include "localfile.h"

#include "filenaming.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QMimeDatabase>
#include <QtConcurrent/QtConcurrentRun>

LocalFile::Inspection LocalFile::inspectNow(const QString &path, qint64 maxSize, const ThumbnailMaker &thumbnails)
{
    Inspection result;
    const QFileInfo info(path);
    if (!info.exists()) {
        result.problem = Problem::NotFound;
        return result;
    }
    if (!info.isFile()) {
        result.problem = Problem::NotAFile;
        return result;
    }
    result.size = info.size();
    if (result.size == 0) {
        result.problem = Problem::Empty;
        return result;
    }
    if (result.size > maxSize) {
        result.problem = Problem::TooLarge;
        return result;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.problem = Problem::Unreadable;
        return result;
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file)) {
        result.problem = Problem::Unreadable;
        return result;
    }
    if (file.pos() != result.size || QFileInfo(path).size() != result.size) {
        result.problem = Problem::Changed;
        return result;
    }
    file.close();
    FileRef ref;
    ref.id = QString::fromLatin1(hash.result().toHex());
    ref.size = result.size;
    // What a server takes as a name: no control characters, not too long (the extension kept).
    QString name = info.fileName();
    for (QChar &c : name) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            c = QLatin1Char('_');
    }
    if (name.size() > FileRef::kMaxNameLength) {
        const QString suffix = info.suffix().left(16);
        name = name.left(FileRef::kMaxNameLength - suffix.size() - 1) + QLatin1Char('.') + suffix;
    }
    ref.name = FileRef::isValidName(name) ? name : QStringLiteral("file");
    ref.type = FileRef::mediaType(QMimeDatabase().mimeTypeForFile(info).name());
    if (ref.type.isEmpty())
        ref.type = QStringLiteral("application/octet-stream");
    ref.path = info.absoluteFilePath();
    if (thumbnails && ref.isImage()) {
        const QByteArray thumbnail = thumbnails(ref.path);
        if (FileNaming::isThumbnail(thumbnail))
            ref.thumbnail = thumbnail;
    }
    result.file = ref;
    return result;
}

void LocalFile::inspect(const QString &path, qint64 maxSize, QObject *context,
                        std::function<void(const Inspection &)> done, ThumbnailMaker thumbnails)
{
    // The watcher lives in context's thread and dies with it: the answer is delivered there, or
    // dropped with it.
    auto *watcher = new QFutureWatcher<Inspection>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, done = std::move(done)] {
        const Inspection result = watcher->result();
        watcher->deleteLater();
        done(result);
    });
    watcher->setFuture(QtConcurrent::run([path, maxSize, thumbnails] { return inspectNow(path, maxSize, thumbnails); }));
}
