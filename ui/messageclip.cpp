#include "messageclip.h"

#include <QTextBoundaryFinder>

#include <algorithm>

namespace {

bool isLineBreak(QChar c)
{
    return c == QChar::LineSeparator || c == QChar::ParagraphSeparator;
}

//! \a pos moved back off the middle of a surrogate pair.
qsizetype codePointBoundary(QStringView text, qsizetype pos)
{
    if (pos > 0 && pos < text.size() && text.at(pos - 1).isHighSurrogate()
        && text.at(pos).isLowSurrogate())
        return pos - 1;
    return pos;
}

}  // namespace

MessageClip::Limits MessageClip::next(const Limits &current)
{
    return Limits{std::clamp(current.chars * kGrowth, kCollapsed.chars, kMaxShown.chars),
                  std::clamp(current.lines * kGrowth, kCollapsed.lines, kMaxShown.lines)};
}

QString MessageClip::normalized(QStringView text)
{
    QString result = text.toString();
    result.replace(QLatin1String("\r\n"), QString(QChar::LineSeparator));
    result.replace(QLatin1Char('\n'), QChar::LineSeparator);
    result.replace(QLatin1Char('\r'), QChar::LineSeparator);
    return result;
}

qsizetype MessageClip::cut(QStringView text, const Limits &limits)
{
    const qsizetype chars = std::max<qsizetype>(1, limits.chars);
    const int lines = std::max(1, limits.lines);
    const qsizetype scan = std::min(text.size(), chars);
    int breaks = 0;
    for (qsizetype i = 0; i < scan; ++i) {
        // A line break is a cluster boundary on both sides (a control character).
        if (isLineBreak(text.at(i)) && ++breaks == lines)
            return i;
    }
    if (text.size() <= chars)
        return text.size();
    // The boundary at `chars` depends on the characters before it and the one after it.
    const QStringView window = text.first(std::min(text.size(), chars + 2));
    QTextBoundaryFinder finder(QTextBoundaryFinder::Grapheme, window.data(), int(window.size()));
    finder.setPosition(int(chars));
    if (finder.isAtBoundary())
        return chars;
    const qsizetype previous = finder.toPreviousBoundary();
    if (previous > 0 && chars - previous <= kMaxClusterLength)
        return previous;
    // One cluster longer than any script needs (or the limit is shorter than one cluster).
    return codePointBoundary(text, chars);
}

MessageClip::Shown MessageClip::shown(const QString &text, const Limits &limits, bool findLinks)
{
    // Past the limits: the cut's look-ahead (each CR LF before the cut, fewer than limits.lines,
    // shortens the window by one), and what a link cut by the limits needs.
    const qsizetype read = std::min(text.size(), std::max<qsizetype>(1, limits.chars)
                                            + std::max(1, limits.lines) + 2
                                            + (findLinks ? LinkFinder::kMaxLinkLength : 0));
    const QString window = normalized(QStringView(text).first(read));
    const qsizetype end = cut(window, limits);
    Shown s;
    s.text = window.first(end);
    s.clipped = end < window.size() || read < text.size();
    // A link reaching the end of a partial window may go on; it is longer than
    // LinkFinder::kMaxLinkLength there, so LinkFinder refuses it.
    if (findLinks)
        s.links = linksWithin(LinkFinder::findLinks(window), end);
    return s;
}

QList<LinkFinder::Link> MessageClip::linksWithin(const QList<LinkFinder::Link> &links,
                                                 qsizetype end)
{
    QList<LinkFinder::Link> within;
    for (const LinkFinder::Link &link : links) {
        if (link.start >= end)
            break;
        within.append(LinkFinder::Link{
                link.start, int(std::min<qsizetype>(link.length, end - link.start)), link.url});
    }
    return within;
}
