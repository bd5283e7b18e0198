#include "searchterms.h"

#include "searchquery.h"

#include <QChar>
#include <QList>

SearchTerms::SearchTerms(const QStringList &terms)
{
    QStringList trigrams;
    for (const QString &typed : terms) {
        if (m_terms.size() == SearchQuery::kMaxTerms)
            break;
        const QString term = typed.left(SearchQuery::kMaxLength);
        if (term.isEmpty())
            continue;
        m_terms << term;
        for (const QString &trigram : trigramsOf(term)) {
            if (!trigrams.contains(trigram))
                trigrams << trigram;
        }
        if (sqlFoldsExactly(term))
            m_sqlNeedles << term.toLower();
        else
            m_rest << term;
    }
    QStringList quoted;
    quoted.reserve(trigrams.size());
    for (const QString &trigram : std::as_const(trigrams))
        quoted << ftsString(trigram);
    m_ftsQuery = quoted.join(QLatin1String(" AND "));
}

bool SearchTerms::matchesRest(const QString &text) const
{
    for (const QString &term : m_rest) {
        if (!text.contains(term, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

bool SearchTerms::sqlFoldsExactly(const QString &text)
{
    const QList<uint> codePoints = text.toUcs4();
    for (const uint c : codePoints) {
        if (c < 0x80)
            continue;
        if (QChar::toLower(c) != c || QChar::toUpper(c) != c || QChar::toCaseFolded(c) != c)
            return false;
    }
    return true;
}

QString SearchTerms::ftsString(const QString &text)
{
    QString out = text;
    out.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + out + QLatin1Char('"');
}

QStringList SearchTerms::trigramsOf(const QString &term)
{
    const QList<uint> codePoints = term.toUcs4();
    const qsizetype n = codePoints.size();
    QStringList out;
    if (n < kTrigram)
        return out;
    const auto trigramAt = [&codePoints](qsizetype at) {
        return QString::fromUcs4(reinterpret_cast<const char32_t *>(codePoints.constData() + at), kTrigram);
    };
    // A NUL would end the MATCH text early in SQLite, and U+FFFD stands for what toUcs4() could
    // not read (a lone surrogate): asking for fewer trigrams only selects more rows to check.
    const auto add = [&](qsizetype at) {
        for (int i = 0; i < kTrigram; ++i) {
            if (codePoints.at(at + i) == 0 || codePoints.at(at + i) == QChar::ReplacementCharacter)
                return;
        }
        out << trigramAt(at);
    };
    for (qsizetype at = 0; at + kTrigram <= n; at += kTrigram)
        add(at);
    if (n % kTrigram != 0)
        add(n - kTrigram); // the tail, overlapping the one before it
    out.removeDuplicates();
    return out;
}
