#include "messagestoreopener.h"

#include "logging.h"
#include "messagestore.h"

#include <QDateTime>
#include <QFile>

namespace {
//! SQLite's words for a damaged file (SQLITE_NOTADB, SQLITE_CORRUPT).
const QLatin1String kDamageWords[] = {QLatin1String("file is not a database"),
                                      QLatin1String("database disk image is malformed")};
} // namespace

bool MessageStoreOpener::isDamage(const QString &error)
{
    for (const QLatin1String &words : kDamageWords) {
        if (error.contains(words, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

MessageStoreOpener::Result MessageStoreOpener::open(MessageStore &store, const QString &path)
{
    Result result;
    if (store.open(path)) {
        result.ok = true;
        return result;
    }
    result.error = store.errorString();
    if (!isDamage(result.error) || !QFile::exists(path))
        return result;
    const QString aside = path + QLatin1String(".damaged-")
                        + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    if (!QFile::rename(path, aside)) {
        qCWarning(lcModel).noquote() << "message store: cannot move the damaged" << path << "aside";
        return result;
    }
    for (const QLatin1String &suffix : {QLatin1String("-wal"), QLatin1String("-shm")}) {
        if (QFile::exists(path + suffix))
            QFile::rename(path + suffix, aside + suffix);
    }
    qCWarning(lcModel).noquote() << "message store: the damaged" << path << "was moved aside to" << aside
                                 << "(" << result.error << "); starting a new one";
    result.movedAsideTo = aside;
    if (store.open(path)) {
        result.ok = true;
        result.error.clear();
    } else {
        result.error = store.errorString();
    }
    return result;
}
