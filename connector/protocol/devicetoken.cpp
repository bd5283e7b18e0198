#include "devicetoken.h"

#include "wirenumber.h"

#include <QJsonArray>
#include <QSet>

namespace {
constexpr int kMaxIdLength = 64;
constexpr int kMaxDeviceLength = 64;

QDateTime timeOf(const QJsonValue &v)
{
    const std::optional<qint64> ms = WireNumber::positive(v);
    return ms ? QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC) : QDateTime();
}
} // namespace

std::optional<DeviceToken> DeviceToken::fromJson(const QJsonObject &o)
{
    const QJsonValue id = o.value(QLatin1String("id"));
    if (!id.isString() || id.toString().isEmpty() || id.toString().size() > kMaxIdLength)
        return std::nullopt;
    DeviceToken t;
    t.id = id.toString();
    t.device = o.value(QLatin1String("device")).toString().left(kMaxDeviceLength);
    t.created = timeOf(o.value(QLatin1String("created")));
    t.lastUsed = timeOf(o.value(QLatin1String("lastUsed")));
    t.expires = timeOf(o.value(QLatin1String("expires")));
    t.current = o.value(QLatin1String("current")).toBool();
    return t;
}

QList<DeviceToken> DeviceToken::listFromJson(const QJsonValue &array, int max)
{
    QList<DeviceToken> tokens;
    QSet<QString> seen;
    const QJsonArray a = array.toArray();
    for (const QJsonValue &v : a) {
        if (tokens.size() >= max)
            break;
        const std::optional<DeviceToken> t = fromJson(v.toObject());
        if (t && !seen.contains(t->id)) {
            seen.insert(t->id);
            tokens << *t;
        }
    }
    return tokens;
}
