#include "filecache.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <algorithm>

FileCache::FileCache(const QString &directory)
    : m_directory(directory.isEmpty()
                          ? QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/files")
                          : directory)
{
}

QString FileCache::safeName(const QString &name)
{
    QString out;
    out.reserve(name.size());
    for (const QChar c : name) {
        const bool bad = c == u'/' || c == u'\\' || c == u':' || c == u'*' || c == u'?' || c == u'"'
                || c == u'<' || c == u'>' || c == u'|' || c.category() == QChar::Other_Control
                || c.category() == QChar::Other_Format;
        out += bad ? QChar(u'_') : c;
    }
    while (out.startsWith(QLatin1Char('.')))
        out.remove(0, 1);
    out = out.trimmed();
    return out.isEmpty() ? QStringLiteral("file") : out.left(FileRef::kMaxNameLength);
}

QString FileCache::pathFor(const FileRef &file) const
{
    return m_directory + QLatin1Char('/') + file.id + QLatin1Char('/') + safeName(file.name);
}

bool FileCache::contains(const FileRef &file) const
{
    if (!FileRef::isValidId(file.id))
        return false;
    const QString path = pathFor(file);
    if (QFileInfo(path).size() != file.size || file.size <= 0)
        return false;
    QFile f(path); // used now: the last to go when the cache is trimmed
    if (f.open(QIODevice::ReadWrite))
        f.setFileTime(QDateTime::currentDateTimeUtc(), QFileDevice::FileModificationTime);
    return true;
}

qint64 FileCache::size() const
{
    qint64 total = 0;
    QDirIterator it(m_directory, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        total += it.fileInfo().size();
    }
    return total;
}

qint64 FileCache::trim(qint64 maxBytes, const QString &keep) const
{
    struct Entry
    {
        QString folder;
        qint64 bytes = 0;
        QDateTime used;
    };
    QList<Entry> entries;
    qint64 total = 0;
    const QFileInfoList folders = QDir(m_directory).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QFileInfo &folder : folders) {
        Entry e{folder.absoluteFilePath(), 0, {}};
        const QFileInfoList files = QDir(e.folder).entryInfoList(QDir::Files | QDir::Hidden);
        for (const QFileInfo &f : files) {
            e.bytes += f.size();
            e.used = std::max(e.used, f.lastModified());
        }
        total += e.bytes;
        if (folder.fileName() != keep)
            entries << e;
    }
    std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) { return a.used < b.used; });
    qint64 dropped = 0;
    for (const Entry &e : std::as_const(entries)) {
        if (total - dropped <= maxBytes)
            break;
        if (QDir(e.folder).removeRecursively())
            dropped += e.bytes;
    }
    return dropped;
}
