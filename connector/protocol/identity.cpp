#include "identity.h"

#include "wirenumber.h"

std::optional<Identity> Identity::fromJson(const QJsonObject &user)
{
    const std::optional<qint64> id = WireNumber::positive(user.value(QLatin1String("id")));
    const QJsonValue username = user.value(QLatin1String("username"));
    if (!id || !username.isString() || username.toString().isEmpty())
        return std::nullopt;
    Identity i;
    i.userId = *id;
    i.username = username.toString();
    i.displayName = user.value(QLatin1String("displayName")).toString(i.username);
    i.guest = user.value(QLatin1String("guest")).toBool();
    i.admin = user.value(QLatin1String("admin")).toBool();
    i.readReceipts = user.value(QLatin1String("readReceipts")).toBool(true);
    return i;
}

bool Identity::operator==(const Identity &o) const
{
    return userId == o.userId && username == o.username && displayName == o.displayName
        && guest == o.guest && admin == o.admin && readReceipts == o.readReceipts;
}
