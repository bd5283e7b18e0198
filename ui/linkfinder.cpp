#include "linkfinder.h"

#include <QRegularExpression>

#include <array>
#include <utility>

namespace {

//! Characters a link never ends with: sentence punctuation after a pasted address.
bool isTrailingPunctuation(QChar c)
{
    return QStringView(u".,;:!?'*").contains(c);
}

//! The brackets an address may hold in pairs ("wiki/Qt_(software)") but not end with alone.
constexpr std::array<std::pair<char16_t, char16_t>, 3> kBrackets{
        {{u'(', u')'}, {u'[', u']'}, {u'{', u'}'}}};

//! \a link without trailing punctuation and unbalanced closing brackets: counted once, then
//! updated as characters are dropped, so that trimming stays linear.
QStringView trimmed(QStringView link)
{
    std::array<qsizetype, kBrackets.size()> open{};
    std::array<qsizetype, kBrackets.size()> close{};
    for (const QChar c : link) {
        for (std::size_t i = 0; i < kBrackets.size(); ++i) {
            open[i] += c == kBrackets[i].first ? 1 : 0;
            close[i] += c == kBrackets[i].second ? 1 : 0;
        }
    }
    while (!link.isEmpty()) {
        const QChar last = link.back();
        bool drop = isTrailingPunctuation(last);
        for (std::size_t i = 0; i < kBrackets.size() && !drop; ++i) {
            if (last == kBrackets[i].second && open[i] < close[i]) {
                --close[i];
                drop = true;
            }
        }
        if (!drop)
            break;
        link.chop(1);
    }
    return link;
}

}  // namespace

bool LinkFinder::isOpenable(const QUrl &url)
{
    const QString scheme = url.scheme();
    return url.isValid() && !url.host().isEmpty()
            && (scheme.compare(QLatin1String("http"), Qt::CaseInsensitive) == 0
                || scheme.compare(QLatin1String("https"), Qt::CaseInsensitive) == 0);
}

QList<LinkFinder::Link> LinkFinder::findLinks(const QString &text)
{
    // The scheme must not continue a longer one (RFC 3986 scheme characters: "xhttp://",
    // "git+https://"); a CJK word right before it is fine. A link ends at white space (U+2028
    // included: Unicode properties), at characters that delimit addresses in prose ('<', '>',
    // '"') and at CJK and full-width punctuation, which people type right after an address.
    static const QRegularExpression pattern(
            QStringLiteral("(?<![A-Za-z0-9+.\\-])https?://[^\\s<>\"\\x{3000}-\\x{303F}\\x{FF01}-\\x{FF0F}"
                           "\\x{FF1A}-\\x{FF20}\\x{FF3B}-\\x{FF40}\\x{FF5B}-\\x{FF65}]+"),
            QRegularExpression::CaseInsensitiveOption
                    | QRegularExpression::UseUnicodePropertiesOption);
    QList<Link> links;
    if (!text.contains(QLatin1String("://")))
        return links;  // the common case costs one scan
    auto it = pattern.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        if (match.capturedLength() > kMaxLinkLength)
            continue;  // not an address anybody can open: text
        const QStringView link = trimmed(match.capturedView());
        const QUrl url(link.toString(), QUrl::TolerantMode);
        if (isOpenable(url))
            links.append(Link{int(match.capturedStart()), int(link.size()), url});
    }
    return links;
}
