#include "readreceipt.h"

#include "wirenumber.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

namespace {
//! {userId, seq} of \a o, both positive whole numbers; nullopt otherwise.
std::optional<ReadReceipt> receiptIn(const QString &room, const QJsonObject &o)
{
    const std::optional<qint64> userId = WireNumber::positive(o.value(QLatin1String("userId")));
    const std::optional<qint64> seq = WireNumber::positive(o.value(QLatin1String("seq")));
    if (!userId || !seq)
        return std::nullopt;
    return ReadReceipt{room, *userId, *seq};
}
} // namespace

std::optional<ReadReceipt> ReadReceipt::fromEvent(const QJsonValue &event)
{
    const QJsonObject o = event.toObject();
    const QJsonValue room = o.value(QLatin1String("room"));
    if (!room.isString() || room.toString().isEmpty() || room.toString().size() > kMaxRoomLength)
        return std::nullopt;
    return receiptIn(room.toString(), o);
}

QList<ReadReceipt> ReadReceipt::listFromJoin(const QString &room, const QJsonValue &receipts)
{
    QList<ReadReceipt> result;
    QSet<qint64> seen;
    const QJsonArray list = receipts.toArray();
    for (const QJsonValue &v : list) {
        if (result.size() >= kMaxPerRoom)
            break;
        const std::optional<ReadReceipt> r = receiptIn(room, v.toObject());
        if (r && !seen.contains(r->userId)) {
            seen.insert(r->userId);
            result.append(*r);
        }
    }
    return result;
}
