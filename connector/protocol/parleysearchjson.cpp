#include "parleysearchjson.h"

#include "parleymessagejson.h"

#include <QJsonArray>

namespace {

//! \a time in ms since the epoch, never below 0 (the server refuses negative times).
qint64 msOf(const QDateTime &time)
{
    return qMax<qint64>(0, time.toMSecsSinceEpoch());
}

//! The longest server error text kept (ParleyProtocol::kMaxErrorLength).
constexpr int kMaxErrorLength = 200;

} // namespace

QJsonObject ParleySearchJson::request(const SearchQuery &query, int limit, const QString &cursor)
{
    QJsonObject o{{QStringLiteral("query"), query.terms.join(QLatin1Char(' '))},
                  {QStringLiteral("limit"), qBound(1, limit, kMaxResults)}};
    if (!query.room.isEmpty())
        o.insert(QStringLiteral("room"), query.room);
    if (!query.from.isEmpty())
        o.insert(QStringLiteral("from"), query.from);
    if (query.after.isValid())
        o.insert(QStringLiteral("after"), msOf(query.after));
    if (query.before.isValid())
        o.insert(QStringLiteral("before"), msOf(query.before));
    if (!cursor.isEmpty())
        o.insert(QStringLiteral("cursor"), cursor);
    return o;
}

std::optional<ParleySearchJson::Answer> ParleySearchJson::parseAnswer(const QJsonObject &ack, QString *error)
{
    if (!ack.value(QLatin1String("ok")).toBool()) {
        const QString refusal = ack.value(QLatin1String("error")).toString().left(kMaxErrorLength);
        *error = refusal.isEmpty() ? tr("the server refused the search without saying why") : refusal;
        return std::nullopt;
    }
    const QJsonValue results = ack.value(QLatin1String("results"));
    const QJsonValue hasMore = ack.value(QLatin1String("hasMore"));
    const QJsonValue cursor = ack.value(QLatin1String("cursor"));
    if (!results.isArray() || !hasMore.isBool()) {
        *error = tr("malformed search answer: no results or no hasMore");
        return std::nullopt;
    }
    const QJsonArray list = results.toArray();
    if (list.size() > kMaxResults) {
        *error = tr("malformed search answer: %1 results (at most %2)").arg(list.size()).arg(kMaxResults);
        return std::nullopt;
    }
    Answer answer;
    answer.hasMore = hasMore.toBool();
    if (answer.hasMore) {
        if (!cursor.isString() || cursor.toString().isEmpty() || cursor.toString().size() > kMaxCursorLength) {
            *error = tr("malformed search answer: more results but no usable cursor");
            return std::nullopt;
        }
        answer.cursor = cursor.toString();
    }
    for (const QJsonValue &v : list) {
        ChatMessage m;
        if (!v.isObject() || !ParleyMessageJson::parse(v, &m) || m.kind != ChatMessage::Kind::Message
            || m.room.isEmpty() || m.seq <= 0) {
            *error = tr("malformed search answer: a result is not a message of a room");
            return std::nullopt;
        }
        answer.results << m;
    }
    return answer;
}
