#include "wirenumber.h"

#include <cmath>

namespace WireNumber {

std::optional<qint64> nonNegative(const QJsonValue &v)
{
    if (!v.isDouble())
        return std::nullopt;
    const double d = v.toDouble();
    if (!std::isfinite(d) || d < 0 || d > double(kMaxExact) || std::floor(d) != d)
        return std::nullopt;
    return qint64(d);
}

std::optional<qint64> positive(const QJsonValue &v)
{
    const std::optional<qint64> n = nonNegative(v);
    return n && *n > 0 ? n : std::nullopt;
}

} // namespace WireNumber
