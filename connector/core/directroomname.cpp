#include "directroomname.h"

namespace {
const QLatin1String kPrefix("@dm:");
//! Longest id accepted: 18 decimal digits always fit in a qint64.
constexpr int kMaxIdDigits = 18;

std::optional<qint64> idFrom(QStringView digits)
{
    if (digits.isEmpty() || digits.size() > kMaxIdDigits || digits.front() == QLatin1Char('0'))
        return std::nullopt;
    qint64 id = 0;
    for (const QChar c : digits) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return std::nullopt;
        id = id * 10 + (c.unicode() - u'0');
    }
    return id;
}
} // namespace

qint64 DirectRoomName::Pair::peerOf(qint64 userId) const
{
    if (userId == low)
        return high;
    if (userId == high)
        return low;
    return 0;
}

QString DirectRoomName::make(qint64 a, qint64 b)
{
    if (a <= 0 || b <= 0 || a == b)
        return {};
    return kPrefix + QString::number(std::min(a, b)) + QLatin1Char(':') + QString::number(std::max(a, b));
}

std::optional<DirectRoomName::Pair> DirectRoomName::parse(const QString &room)
{
    if (!room.startsWith(kPrefix))
        return std::nullopt;
    const QStringView rest = QStringView(room).mid(kPrefix.size());
    const qsizetype colon = rest.indexOf(QLatin1Char(':'));
    if (colon < 0)
        return std::nullopt;
    const std::optional<qint64> low = idFrom(rest.left(colon));
    const std::optional<qint64> high = idFrom(rest.mid(colon + 1));
    if (!low || !high || *low >= *high)
        return std::nullopt;
    return Pair{*low, *high};
}

qint64 DirectRoomName::peerOf(const QString &room, qint64 userId)
{
    const std::optional<Pair> pair = parse(room);
    return pair ? pair->peerOf(userId) : 0;
}
