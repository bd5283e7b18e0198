#include "searchquery.h"

#include <QRegularExpression>

namespace {

//! "2026-11-01" as a local date, or an invalid one.
QDate dateOf(const QString &text)
{
    return QDate::fromString(text, Qt::ISODate);
}

}  // namespace

SearchQuery SearchQuery::parse(const QString &text)
{
    SearchQuery q;
    static const QRegularExpression space(QStringLiteral("\\s+"));
    const QStringList tokens = text.left(kMaxLength).split(space, Qt::SkipEmptyParts);
    for (const QString &token : tokens) {
        const qsizetype colon = token.indexOf(QLatin1Char(':'));
        const QString key = colon > 0 ? token.left(colon).toLower() : QString();
        QString value = colon > 0 ? token.mid(colon + 1) : QString();
        if (key == QLatin1String("from") && !value.isEmpty()) {
            if (value.startsWith(QLatin1Char('@')))
                value.remove(0, 1);
            if (!value.isEmpty()) {
                q.from = value;
                continue;
            }
        } else if (key == QLatin1String("in") && !value.isEmpty()) {
            if (value.startsWith(QLatin1Char('#')))
                value.remove(0, 1);
            if (!value.isEmpty()) {
                q.room = value;
                continue;
            }
        } else if (key == QLatin1String("before") || key == QLatin1String("after")) {
            if (const QDate day = dateOf(value); day.isValid()) {
                if (key == QLatin1String("before"))
                    q.before = QDateTime(day, QTime(0, 0), Qt::LocalTime);
                else
                    q.after = QDateTime(day.addDays(1), QTime(0, 0), Qt::LocalTime);
                continue;
            }
        }
        if (q.terms.size() < kMaxTerms)
            q.terms << token;
    }
    return q;
}

bool SearchQuery::isEmpty() const
{
    return terms.isEmpty() && from.isEmpty() && room.isEmpty() && !after.isValid() && !before.isValid();
}

bool SearchQuery::operator==(const SearchQuery &other) const
{
    return terms == other.terms && from == other.from && room == other.room && after == other.after
            && before == other.before;
}
