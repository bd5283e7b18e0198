#include "linkfinder.h"

#include <QRegularExpression>

namespace {

//! Characters a link never ends with: sentence punctuation after a pasted address.
bool isTrailingPunctuation(QChar c)
{
    return QStringView(u".,;:!?'*").contains(c);
}

//! Whether \a link ends with \a close without a matching \a open inside (a bracket around it).
bool unbalancedClose(QStringView link, QChar open, QChar close)
{
    return !link.isEmpty() && link.back() == close && link.count(open) < link.count(close);
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
        QStringView link = match.capturedView();
        while (!link.isEmpty()) {
            if (isTrailingPunctuation(link.back())
                || unbalancedClose(link, QLatin1Char('('), QLatin1Char(')'))
                || unbalancedClose(link, QLatin1Char('['), QLatin1Char(']'))
                || unbalancedClose(link, QLatin1Char('{'), QLatin1Char('}'))) {
                link.chop(1);
                continue;
            }
            break;
        }
        const QUrl url(link.toString(), QUrl::TolerantMode);
        if (isOpenable(url))
            links.append(Link{int(match.capturedStart()), int(link.size()), url});
    }
    return links;
}
