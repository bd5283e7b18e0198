#include "tokenfilestore.h"

#include "logging.h"
#include "sessiontoken.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace {
constexpr QFile::Permissions kFilePermissions = QFile::ReadOwner | QFile::WriteOwner;
constexpr QFile::Permissions kDirectoryPermissions = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner;

// True if anyone but the owner may touch the file. Unix only: Windows reports every file as open to
// all unless NTFS lookups are switched on, and AppData is private to the user there anyway.
bool othersHaveAccess(QFile::Permissions permissions)
{
#ifdef Q_OS_UNIX
    return permissions & (QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther
                          | QFile::WriteOther | QFile::ExeOther);
#else
    Q_UNUSED(permissions)
    return false;
#endif
}
} // namespace

TokenFileStore::TokenFileStore(const QString &directory)
    : m_directory(directory)
{
}

QString TokenFileStore::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QLatin1String("/tokens");
}

QString TokenFileStore::pathFor(const QString &key) const
{
    const QByteArray hash = QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha256).toHex();
    return m_directory + QLatin1Char('/') + QLatin1String(hash) + QLatin1String(".token");
}

TokenResult TokenFileStore::read(const QString &key) const
{
    const QString path = pathFor(key);
    const QFileInfo info(path);
    if (!info.exists())
        return TokenResult::notFound();
    if (!info.isFile())
        return TokenResult::refused(tr("The token file %1 is not a regular file.").arg(path));
    if (info.size() > SessionToken::kMaxBytes)
        return TokenResult::refused(tr("The token file %1 is larger than %2 bytes.")
                                        .arg(path)
                                        .arg(SessionToken::kMaxBytes));

    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return TokenResult::failed(tr("Cannot read the token file %1: %2").arg(path, file.errorString()));
    // The size above may be stale; never read more than one byte past the bound.
    const QByteArray token = file.read(SessionToken::kMaxBytes + 1);
    const SessionToken::Defect defect = SessionToken::defect(token);
    if (defect != SessionToken::Defect::None)
        return TokenResult::refused(tr("The token file %1 is damaged. %2").arg(path, SessionToken::describe(defect)));

    if (othersHaveAccess(file.permissions())) {
        qCWarning(lcCredentials) << "token file" << path << "was readable by others; narrowing it to 0600";
        file.setPermissions(kFilePermissions);
    }
    return TokenResult::ok(token);
}

TokenResult TokenFileStore::write(const QString &key, const QByteArray &token) const
{
    const SessionToken::Defect defect = SessionToken::defect(token);
    if (defect != SessionToken::Defect::None)
        return TokenResult::refused(SessionToken::describe(defect));

    QString error;
    if (!makeDirectory(&error))
        return TokenResult::failed(error);

    const QString path = pathFor(key);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return TokenResult::failed(tr("Cannot write the token file %1: %2").arg(path, file.errorString()));
    // QSaveFile creates a new file with the umask's permissions (often 0644): narrow them while
    // the file is still empty.
    if (!file.setPermissions(kFilePermissions)) {
        file.cancelWriting();
        return TokenResult::failed(tr("Cannot make the token file %1 private: %2").arg(path, file.errorString()));
    }
    if (file.write(token) != token.size() || !file.commit())
        return TokenResult::failed(tr("Cannot write the token file %1: %2").arg(path, file.errorString()));
    return TokenResult::ok();
}

TokenResult TokenFileStore::remove(const QString &key) const
{
    QFile file(pathFor(key));
    if (!file.exists() || file.remove())
        return TokenResult::ok();
    return TokenResult::failed(tr("Cannot delete the token file %1: %2").arg(file.fileName(), file.errorString()));
}

bool TokenFileStore::makeDirectory(QString *error) const
{
    QDir dir(m_directory);
    if (!dir.exists()) {
        const QFileInfo info(m_directory);
        if (!QDir().mkpath(info.absolutePath()) || !QDir().mkdir(m_directory, kDirectoryPermissions)) {
            *error = tr("Cannot create the token folder %1.").arg(m_directory);
            return false;
        }
    }
    // An existing folder may have been created looser by hand or an older version: narrow it.
    if (othersHaveAccess(QFile::permissions(m_directory)) && !QFile::setPermissions(m_directory, kDirectoryPermissions)) {
        *error = tr("Cannot make the token folder %1 private.").arg(m_directory);
        return false;
    }
    return true;
}
