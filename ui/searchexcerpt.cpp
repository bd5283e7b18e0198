#include "searchexcerpt.h"

#include <algorithm>

namespace {

const QChar kEllipsis(0x2026);

//! \a at moved back off the low half of a surrogate pair.
qsizetype boundary(const QString &text, qsizetype at)
{
    if (at > 0 && at < text.size() && text.at(at).isLowSurrogate() && text.at(at - 1).isHighSurrogate())
        return at - 1;
    return at;
}

}  // namespace

QString SearchExcerpt::of(const QString &text, const QStringList &terms, QList<Range> *ranges)
{
    // Only as much of the text as an excerpt can show around a match is ever read: a message may
    // be a megabyte long.
    qsizetype first = -1;
    for (const QString &term : terms) {
        if (term.isEmpty())
            continue;
        const qsizetype at = QStringView(text).left(kMaxScan).indexOf(term, 0, Qt::CaseInsensitive);
        if (at >= 0 && (first < 0 || at < first))
            first = at;
    }
    qsizetype start = first > kContext ? boundary(text, first - kContext) : 0;
    qsizetype end = std::min<qsizetype>(text.size(), start + kMaxLength);
    end = boundary(text, end);
    QString excerpt = text.mid(start, end - start);
    for (QChar &c : excerpt) {
        if (c == QLatin1Char('\n') || c == QLatin1Char('\r') || c == QLatin1Char('\t')
            || c == QChar::LineSeparator || c == QChar::ParagraphSeparator)
            c = QLatin1Char(' ');
    }
    const int lead = start > 0 ? 1 : 0;
    if (start > 0)
        excerpt.prepend(kEllipsis);
    if (end < text.size())
        excerpt.append(kEllipsis);
    if (ranges) {
        ranges->clear();
        for (const QString &term : terms) {
            if (term.isEmpty())
                continue;
            for (qsizetype at = excerpt.indexOf(term, lead, Qt::CaseInsensitive); at >= 0;
                 at = excerpt.indexOf(term, at + term.size(), Qt::CaseInsensitive))
                ranges->append(Range{int(at), int(term.size())});
        }
        std::sort(ranges->begin(), ranges->end(),
                  [](const Range &a, const Range &b) { return a.start < b.start; });
    }
    return excerpt;
}
