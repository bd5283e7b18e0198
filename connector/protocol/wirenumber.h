#pragma once
// Numbers from the wire, checked before conversion: JSON numbers are doubles, and converting one
// that is not a finite integer in range (1e308, 2^63, 0.5, NaN) to an integer is undefined
// behaviour or a silent surprise. Every id, seq and time a server sends goes through here.
#include <QJsonValue>
#include <optional>

namespace WireNumber {
//! Largest integer a double holds exactly (2^53): ids, seqs and times beyond it are refused.
inline constexpr qint64 kMaxExact = 9007199254740992LL;
//! \a v as an integer in [0, kMaxExact], or nullopt (not a number, fractional, negative, too big).
std::optional<qint64> nonNegative(const QJsonValue &v);
//! As nonNegative(), but > 0.
std::optional<qint64> positive(const QJsonValue &v);
} // namespace WireNumber
