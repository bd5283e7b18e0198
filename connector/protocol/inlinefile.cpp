#include "inlinefile.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QLocale>

QString InlineFile::problem(const FileRef &file, qint64 maxSize)
{
    const QFileInfo info(file.path);
    if (file.path.isEmpty() || !info.isFile())
        return QCoreApplication::translate("InlineFile", "the file is no longer there");
    if (info.size() != file.size)
        return QCoreApplication::translate("InlineFile", "the file changed after it was chosen");
    if (file.size > maxSize) {
        return QCoreApplication::translate("InlineFile", "this server takes files up to %1")
                .arg(QLocale().formattedDataSize(maxSize));
    }
    return {};
}

std::optional<QByteArray> InlineFile::read(const FileRef &file, qint64 maxSize, QString *why)
{
    *why = problem(file, maxSize);
    if (!why->isEmpty())
        return std::nullopt;
    QFile f(file.path);
    if (!f.open(QIODevice::ReadOnly)) {
        *why = QCoreApplication::translate("InlineFile", "the file cannot be read");
        return std::nullopt;
    }
    QByteArray bytes = f.read(maxSize + 1);
    if (bytes.size() != file.size) {
        *why = QCoreApplication::translate("InlineFile", "the file changed after it was chosen");
        return std::nullopt;
    }
    return bytes;
}
