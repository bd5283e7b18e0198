#include "person.h"

#include "wirenumber.h"

#include <QJsonArray>
#include <QSet>

namespace {
QString boundedString(const QJsonValue &v)
{
    return v.isString() ? v.toString().left(Person::kMaxNameLength) : QString();
}
} // namespace

Person::Presence Person::presenceFromWire(const QString &text)
{
    if (text == QLatin1String("online"))
        return Presence::Online;
    if (text == QLatin1String("away"))
        return Presence::Away;
    if (text == QLatin1String("offline"))
        return Presence::Offline;
    return Presence::Unknown;
}

QString Person::presenceToWire(Presence presence)
{
    switch (presence) {
    case Presence::Online:
        return QStringLiteral("online");
    case Presence::Away:
        return QStringLiteral("away");
    case Presence::Offline:
        return QStringLiteral("offline");
    case Presence::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

std::optional<Person> Person::fromJson(const QJsonObject &o)
{
    const std::optional<qint64> id = WireNumber::positive(o.value(QLatin1String("id")));
    const QString username = boundedString(o.value(QLatin1String("username")));
    if (!id || username.isEmpty())
        return std::nullopt;
    Person p;
    p.id = *id;
    p.username = username;
    p.displayName = boundedString(o.value(QLatin1String("displayName")));
    if (p.displayName.isEmpty())
        p.displayName = username;
    p.guest = o.value(QLatin1String("guest")).toBool();
    p.presence = presenceFromWire(o.value(QLatin1String("presence")).toString());
    if (const std::optional<qint64> seen = WireNumber::positive(o.value(QLatin1String("lastSeen"))))
        p.lastSeen = QDateTime::fromMSecsSinceEpoch(*seen, Qt::UTC);
    return p;
}

QList<Person> Person::listFromJson(const QJsonValue &array, int max)
{
    QList<Person> people;
    QSet<qint64> seen;
    const QJsonArray a = array.toArray();
    for (const QJsonValue &v : a) {
        if (people.size() >= max)
            break;
        const std::optional<Person> p = fromJson(v.toObject());
        if (p && !seen.contains(p->id)) {
            seen.insert(p->id);
            people << *p;
        }
    }
    return people;
}

bool Person::operator==(const Person &o) const
{
    return id == o.id && username == o.username && displayName == o.displayName && guest == o.guest
        && presence == o.presence && lastSeen == o.lastSeen;
}
