#include "fileref.h"

#include "wirenumber.h"

#include <QRegularExpression>
#include <algorithm>

bool FileRef::isValidId(const QString &id)
{
    return id.size() == 64 && std::all_of(id.cbegin(), id.cend(), [](QChar c) {
               return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f');
           });
}

bool FileRef::isValidName(const QString &name)
{
    if (name.trimmed().isEmpty() || name.size() > kMaxNameLength)
        return false;
    return std::none_of(name.cbegin(), name.cend(), [](QChar c) {
        return c == u'/' || c == u'\\' || c.category() == QChar::Other_Control
            || c.category() == QChar::Other_Format || c.category() == QChar::Separator_Line
            || c.category() == QChar::Separator_Paragraph;
    });
}

QString FileRef::mediaType(const QString &type)
{
    static const QRegularExpression form(QStringLiteral("^[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+$"));
    const QString lower = type.trimmed().toLower();
    return lower.size() <= kMaxTypeLength && form.match(lower).hasMatch() ? lower : QString();
}

std::optional<FileRef> FileRef::fromJson(const QJsonValue &value)
{
    if (!value.isObject())
        return std::nullopt;
    const QJsonObject o = value.toObject();
    FileRef f;
    f.id = o.value(QLatin1String("id")).toString();
    f.name = o.value(QLatin1String("name")).toString();
    const std::optional<qint64> size = WireNumber::positive(o.value(QLatin1String("size")));
    const QJsonValue type = o.value(QLatin1String("type"));
    f.type = type.isString() && !type.toString().isEmpty() ? mediaType(type.toString())
                                                           : QStringLiteral("application/octet-stream");
    if (!isValidId(f.id) || !isValidName(f.name) || !size || f.type.isEmpty())
        return std::nullopt;
    f.size = *size;
    return f;
}

QJsonObject FileRef::toJson() const
{
    return QJsonObject{{QLatin1String("id"), id},
                       {QLatin1String("name"), name},
                       {QLatin1String("size"), double(size)},
                       {QLatin1String("type"), type}};
}

QJsonObject FileRef::toStored() const
{
    QJsonObject o = toJson();
    if (!path.isEmpty())
        o.insert(QLatin1String("path"), path);
    return o;
}

FileRef FileRef::fromStored(const QJsonObject &o)
{
    std::optional<FileRef> f = fromJson(o);
    if (!f)
        return {};
    f->path = o.value(QLatin1String("path")).toString();
    return *f;
}
