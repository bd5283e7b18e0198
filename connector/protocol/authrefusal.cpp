#include "authrefusal.h"

#include "wirenumber.h"

#include <QJsonObject>

bool AuthRefusal::tokenRejected() const
{
    return reason == QLatin1String("invalid token") || reason == QLatin1String("token expired")
        || reason == QLatin1String("account disabled") || reason == QLatin1String("auth required");
}

AuthRefusal AuthRefusal::fromJson(const QJsonValue &data)
{
    AuthRefusal r;
    if (data.isString()) {
        r.message = data.toString().left(kMaxTextLength);
        return r;
    }
    const QJsonObject o = data.toObject();
    r.message = o.value(QLatin1String("message")).toString().left(kMaxTextLength);
    r.reason = o.value(QLatin1String("reason")).toString().left(kMaxTextLength);
    r.retryAfterMs = WireNumber::nonNegative(o.value(QLatin1String("retryAfterMs"))).value_or(0);
    r.retry = o.value(QLatin1String("retry")).toBool();
    return r;
}
