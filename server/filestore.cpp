#include "filestore.h"

#include "filenaming.h"

#include "logging.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <atomic>

struct FileStore::Upload
{
    QFile file;
    std::unique_ptr<QCryptographicHash> hash;
    QString sha256;
    qint64 received = 0;
    quint64 lastUse = 0;
};

//! A resumed upload's bytes on disk, hashed by the worker; read by the owner once done is set.
struct FileStore::Resuming
{
    QString sha256;
    std::atomic<bool> done{false};
    bool ok = false;
    qint64 bytes = 0;
    std::unique_ptr<QCryptographicHash> hash;
};

FileStore::FileStore(const QString &directory)
    : m_dir(QDir::cleanPath(directory))
{
    m_pool.setMaxThreadCount(1); // one disk: hashing two files at once only makes both slower
}

FileStore::~FileStore() = default;

bool FileStore::open()
{
    if (m_dir.isEmpty() || !QDir().mkpath(m_dir + QStringLiteral("/partial"))) {
        m_error = QStringLiteral("cannot create %1").arg(QDir::toNativeSeparators(m_dir + QStringLiteral("/partial")));
        return false;
    }
    return true;
}

bool FileStore::isValidHash(const QString &sha256)
{
    return FileNaming::isValidId(sha256);
}

bool FileStore::isValidKey(const QString &key)
{
    return !key.isEmpty() && key.size() <= 100 && std::all_of(key.cbegin(), key.cend(), [](QChar c) {
        return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'z') || c == u'_' || c == u'-';
    });
}

QString FileStore::pathOf(const QString &sha256) const
{
    return m_dir + QLatin1Char('/') + sha256.left(2) + QLatin1Char('/') + sha256;
}

QString FileStore::partialPath(const QString &key) const
{
    return m_dir + QStringLiteral("/partial/") + key;
}

bool FileStore::contains(const QString &sha256) const
{
    return size(sha256) >= 0;
}

qint64 FileStore::size(const QString &sha256) const
{
    if (!isValidHash(sha256))
        return -1;
    const QFileInfo info(pathOf(sha256));
    return info.isFile() ? info.size() : -1;
}

qint64 FileStore::received(const QString &key) const
{
    if (!isValidKey(key))
        return 0;
    if (const auto open = m_uploads.constFind(key); open != m_uploads.cend())
        return (*open)->received;
    const QFileInfo info(partialPath(key));
    return info.isFile() ? info.size() : 0;
}

void FileStore::closeLeastRecent()
{
    const auto oldest = std::min_element(m_uploads.begin(), m_uploads.end(),
                                         [](const auto &a, const auto &b) { return a->lastUse < b->lastUse; });
    if (oldest != m_uploads.end())
        m_uploads.erase(oldest); // its bytes stay on disk; it resumes from there
}

FileStore::Upload *FileStore::openUpload(const QString &key, const QString &sha256)
{
    if (const auto open = m_uploads.find(key); open != m_uploads.end()) {
        if ((*open)->sha256 == sha256)
            return open->get();
        discard(key); // the same key for other content: what was there is not part of it
    }
    if (m_uploads.size() >= kMaxOpenUploads)
        closeLeastRecent();
    auto upload = std::make_shared<Upload>();
    upload->sha256 = sha256;
    upload->file.setFileName(partialPath(key));
    if (!upload->file.open(QIODevice::ReadWrite)) {
        m_error = QStringLiteral("cannot open %1: %2").arg(upload->file.fileName(), upload->file.errorString());
        return nullptr;
    }
    // Bytes already here (a restart, or closed to stay within kMaxOpenUploads): their hash comes
    // from the worker (startResuming); none: this is the first chunk.
    if (const auto resumed = m_resuming.take(key)) {
        if (!resumed->ok || resumed->sha256 != sha256 || resumed->bytes != upload->file.size()) {
            m_error = QStringLiteral("cannot resume %1").arg(upload->file.fileName());
            return nullptr;
        }
        upload->hash = std::move(resumed->hash);
    } else if (upload->file.size() == 0) {
        upload->hash = std::make_unique<QCryptographicHash>(QCryptographicHash::Sha256);
    } else {
        m_error = QStringLiteral("%1 is not hashed yet").arg(upload->file.fileName());
        return nullptr;
    }
    upload->received = upload->file.size();
    if (!upload->file.seek(upload->received)) {
        m_error = QStringLiteral("cannot seek in %1").arg(upload->file.fileName());
        return nullptr;
    }
    return m_uploads.insert(key, std::move(upload))->get();
}

FileStore::Appended FileStore::append(const QString &key, const QString &sha256, qint64 size, qint64 offset,
                                      const QByteArray &bytes)
{
    if (!isValidKey(key) || !isValidHash(sha256) || size <= 0 || offset < 0)
        return Appended::WrongOffset;
    if (bytes.size() > kMaxChunk || offset > size || bytes.size() > size - offset)
        return Appended::TooLong;
    if (!m_uploads.contains(key) && QFileInfo(partialPath(key)).size() > 0) {
        // Bytes on disk not hashed here yet: the worker does it; the caller asks again.
        const auto resuming = m_resuming.constFind(key);
        if (resuming == m_resuming.cend() || (*resuming)->sha256 != sha256) {
            startResuming(key, sha256);
            return Appended::Busy;
        }
        if (!(*resuming)->done.load(std::memory_order_acquire))
            return Appended::Busy;
    }
    Upload *upload = openUpload(key, sha256);
    if (!upload)
        return Appended::Failed;
    upload->lastUse = ++m_useCounter;
    if (offset != upload->received)
        return Appended::WrongOffset;
    if (!bytes.isEmpty()) {
        if (upload->file.write(bytes) != bytes.size() || !upload->file.flush()) {
            m_error = QStringLiteral("cannot write %1: %2").arg(upload->file.fileName(), upload->file.errorString());
            // What was written of it is not counted: the next chunk comes at the old offset.
            upload->file.resize(upload->received);
            upload->file.seek(upload->received);
            return Appended::Failed;
        }
        upload->hash->addData(bytes);
        upload->received += bytes.size();
    }
    return upload->received == size ? finish(key, upload, sha256) : Appended::Stored;
}

FileStore::Appended FileStore::finish(const QString &key, Upload *upload, const QString &sha256)
{
    const bool matches = QString::fromLatin1(upload->hash->result().toHex()) == sha256;
    upload->file.close();
    const QString partial = upload->file.fileName();
    m_uploads.remove(key); // upload is gone from here on
    if (!matches) {
        QFile::remove(partial);
        return Appended::HashMismatch;
    }
    const QString target = pathOf(sha256);
    if (QFileInfo::exists(target)) { // the same content, stored meanwhile: kept once
        QFile::remove(partial);
        return Appended::Complete;
    }
    if (!QDir().mkpath(QFileInfo(target).path()) || !QFile::rename(partial, target)) {
        m_error = QStringLiteral("cannot move %1 to %2").arg(partial, target);
        qCWarning(lcServer).noquote() << "file store:" << m_error;
        return Appended::Failed;
    }
    return Appended::Complete;
}

void FileStore::startResuming(const QString &key, const QString &sha256)
{
    auto resuming = std::make_shared<Resuming>();
    resuming->sha256 = sha256;
    m_resuming.insert(key, resuming);
    m_pool.start([resuming, path = partialPath(key)] {
        QFile file(path);
        auto hash = std::make_unique<QCryptographicHash>(QCryptographicHash::Sha256);
        if (file.open(QIODevice::ReadOnly) && hash->addData(&file)) {
            resuming->bytes = file.size();
            resuming->hash = std::move(hash);
            resuming->ok = true;
        }
        resuming->done.store(true, std::memory_order_release);
    });
}

void FileStore::discard(const QString &key)
{
    if (!isValidKey(key))
        return;
    m_uploads.remove(key);
    m_resuming.remove(key); // a worker still hashing it writes only into its own state
    QFile::remove(partialPath(key));
}

std::optional<QByteArray> FileStore::read(const QString &sha256, qint64 offset, qint64 maxLength) const
{
    if (!isValidHash(sha256) || offset < 0 || maxLength < 0)
        return std::nullopt;
    QFile file(pathOf(sha256));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    if (offset >= file.size())
        return QByteArray();
    if (!file.seek(offset))
        return std::nullopt;
    const QByteArray bytes = file.read(std::min(maxLength, kMaxChunk));
    if (bytes.isEmpty() && file.error() != QFileDevice::NoError)
        return std::nullopt;
    return bytes;
}

bool FileStore::remove(const QString &sha256)
{
    return isValidHash(sha256) && QFile::remove(pathOf(sha256));
}
