#include "filenaming.h"

#include <QRegularExpression>
#include <algorithm>

bool FileNaming::isValidId(const QString &id)
{
    return id.size() == 64 && std::all_of(id.cbegin(), id.cend(), [](QChar c) {
               return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f');
           });
}

bool FileNaming::isValidName(const QString &name)
{
    if (name.trimmed().isEmpty() || name.size() > kMaxNameLength)
        return false;
    return std::none_of(name.cbegin(), name.cend(), [](QChar c) {
        return c == u'/' || c == u'\\' || c.category() == QChar::Other_Control
            || c.category() == QChar::Other_Format || c.category() == QChar::Separator_Line
            || c.category() == QChar::Separator_Paragraph;
    });
}

QString FileNaming::mediaType(const QString &type)
{
    static const QRegularExpression form(QStringLiteral("^[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+$"));
    const QString lower = type.trimmed().toLower();
    return lower.size() <= kMaxTypeLength && form.match(lower).hasMatch() ? lower : QString();
}

bool FileNaming::isThumbnail(const QByteArray &bytes)
{
    static const QByteArray jpeg("\xFF\xD8\xFF", 3);
    static const QByteArray png("\x89PNG\r\n\x1A\n", 8);
    return !bytes.isEmpty() && bytes.size() <= kMaxThumbnailBytes
            && (bytes.startsWith(jpeg) || bytes.startsWith(png));
}

std::optional<QByteArray> FileNaming::thumbnailFromWire(const QJsonValue &value)
{
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    if (!value.isString() || value.toString().size() > kMaxThumbnailChars)
        return QByteArray();
    const auto decoded = QByteArray::fromBase64Encoding(value.toString().toLatin1(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || !isThumbnail(*decoded))
        return QByteArray();
    return *decoded;
}

QString FileNaming::thumbnailToWire(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toBase64());
}
