#include "fileref.h"

#include "logging.h"
#include "wirenumber.h"


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
    const std::optional<QByteArray> thumb = FileNaming::thumbnailFromWire(o.value(QLatin1String("thumb")));
    if (thumb && thumb->isEmpty())
        qCInfo(lcProtocol).noquote() << "thumbnail of file" << f.id.left(12) << "dropped: not a thumbnail";
    else if (thumb)
        f.thumbnail = *thumb;
    return f;
}

QJsonObject FileRef::toJson() const
{
    QJsonObject o{{QLatin1String("id"), id},
                  {QLatin1String("name"), name},
                  {QLatin1String("size"), double(size)},
                  {QLatin1String("type"), type}};
    if (!thumbnail.isEmpty())
        o.insert(QLatin1String("thumb"), FileNaming::thumbnailToWire(thumbnail));
    return o;
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
