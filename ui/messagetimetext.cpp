#include "messagetimetext.h"

#include <QHash>
#include <QLocale>

namespace {

constexpr qint64 kSecsPerDay = 86'400;
constexpr qint64 kOffsetBucketSecs = 900;       // zones change offset on quarter hours only
constexpr qsizetype kMaxCachedOffsets = 4'096;  // ~6 weeks of quarter hours of messages
constexpr qint64 kEpochJulianDay = 2'440'588;   // QDate(1970, 1, 1).toJulianDay()
constexpr qint64 kMinutesPerHour = 60;

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);
}

//! Seconds since 1970-01-01T00:00 on the local wall clock at \a time (see the header on why not
//! toLocalTime() per message).
qint64 localSeconds(const QDateTime &time)
{
    static QHash<qint64, int> offsets;
    const qint64 utc = time.toSecsSinceEpoch();
    const qint64 bucket = floorDiv(utc, kOffsetBucketSecs);
    auto it = offsets.find(bucket);
    if (it == offsets.end()) {
        if (offsets.size() >= kMaxCachedOffsets)
            offsets.clear();
        const QDateTime start = QDateTime::fromSecsSinceEpoch(bucket * kOffsetBucketSecs, Qt::UTC);
        it = offsets.insert(bucket, start.toLocalTime().offsetFromUtc());
    }
    return utc + *it;
}

QTime localTimeOf(const QDateTime &time)
{
    const qint64 local = localSeconds(time);
    return QTime::fromMSecsSinceStartOfDay(int(local - floorDiv(local, kSecsPerDay) * kSecsPerDay)
                                           * 1000);
}

//! "HH:mm" of \a time in the default locale, formatted once per minute of the day; the table
//! follows a change of default locale.
QString formattedClock(const QTime &time)
{
    static QLocale locale;
    static QHash<int, QString> texts;
    const QLocale current;
    if (current != locale) {
        locale = current;
        texts.clear();
    }
    const int minute = int(time.hour() * kMinutesPerHour + time.minute());
    auto it = texts.find(minute);
    if (it == texts.end()) {
        it = texts.insert(minute, current.toString(QTime(time.hour(), time.minute()),
                                                   QStringLiteral("HH:mm")));
    }
    return *it;
}

}  // namespace

QString MessageTimeText::clockText(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    return formattedClock(localTimeOf(time));
}

QDate MessageTimeText::localDay(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    return QDate::fromJulianDay(kEpochJulianDay + floorDiv(localSeconds(time), kSecsPerDay));
}

QString MessageTimeText::dayText(const QDate &day, const QDate &today)
{
    if (!day.isValid())
        return {};
    if (day == today)
        return tr("Today");
    if (day == today.addDays(-1))
        return tr("Yesterday");
    return QLocale().toString(day, QLocale::LongFormat);
}

QString MessageTimeText::fullText(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    return QLocale().toString(time.toLocalTime(), QLocale::LongFormat);
}
