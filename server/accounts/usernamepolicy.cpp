#include "usernamepolicy.h"

#include <QList>
#include <QVarLengthArray>

#include <algorithm>
#include <initializer_list>

namespace {

//! Inclusive ranges of code points that are invisible yet not Cc or Cf (those are refused by
//! category), plus the bidi and zero-width ones named in issue 10, listed so that the rule does
//! not rest on the Unicode tables of the Qt version alone.
struct Range
{
    char32_t first;
    char32_t last;
};
constexpr Range kInvisible[] = {
        {0x034F, 0x034F},   // combining grapheme joiner
        {0x061C, 0x061C},   // Arabic letter mark (bidi)
        {0x115F, 0x1160},   // Hangul choseong / jungseong fillers (letters that show nothing)
        {0x17B4, 0x17B5},   // Khmer inherent vowels
        {0x180B, 0x180F},   // Mongolian free variation selectors, vowel separator
        {0x200B, 0x200F},   // zero width space, non-joiner, joiner; LRM, RLM
        {0x202A, 0x202E},   // bidi embeddings and overrides
        {0x2060, 0x2064},   // word joiner, invisible operators
        {0x2066, 0x2069},   // bidi isolates
        {0x206A, 0x206F},   // deprecated format characters
        {0x2800, 0x2800},   // braille pattern blank
        {0x3164, 0x3164},   // Hangul filler
        {0xFE00, 0xFE0F},   // variation selectors
        {0xFEFF, 0xFEFF},   // zero width no-break space (BOM)
        {0xFFA0, 0xFFA0},   // halfwidth Hangul filler
        {0x1D173, 0x1D17A}, // musical symbol format characters
        {0xE0000, 0xE007F}, // tags
        {0xE0100, 0xE01EF}, // variation selectors supplement
};

bool isAllowedPunctuation(char32_t ch)
{
    return ch == U'.' || ch == U'_' || ch == U'-';
}

bool isLetterOrDigit(char32_t ch)
{
    return QChar::isLetter(ch) || QChar::category(ch) == QChar::Number_DecimalDigit;
}

//! The scripts that may share one username (UTS #39 "highly restrictive"): the ways Japanese,
//! Chinese and Korean are written, each with Latin.
const std::initializer_list<std::initializer_list<QChar::Script>> kScriptMixes = {
        {QChar::Script_Latin, QChar::Script_Han, QChar::Script_Hiragana, QChar::Script_Katakana},
        {QChar::Script_Latin, QChar::Script_Han, QChar::Script_Bopomofo},
        {QChar::Script_Latin, QChar::Script_Han, QChar::Script_Hangul},
};

bool mixesScripts(const QList<uint> &codePoints)
{
    QVarLengthArray<QChar::Script, 4> scripts;
    for (const uint ch : codePoints) {
        const QChar::Script script = QChar::script(char32_t(ch));
        if (script != QChar::Script_Common && script != QChar::Script_Inherited
            && !scripts.contains(script)) {
            scripts.append(script);
        }
    }
    if (scripts.size() <= 1)
        return false;
    return std::none_of(kScriptMixes.begin(), kScriptMixes.end(), [&scripts](const auto &mix) {
        return std::all_of(scripts.cbegin(), scripts.cend(), [&mix](QChar::Script script) {
            return std::find(mix.begin(), mix.end(), script) != mix.end();
        });
    });
}

} // namespace

UsernamePolicy::UsernamePolicy() = default;

UsernamePolicy::UsernamePolicy(const Limits &limits)
    : m_limits(limits)
{
}

const UsernamePolicy::Limits &UsernamePolicy::limits() const
{
    return m_limits;
}

bool UsernamePolicy::isInvisible(char32_t ch)
{
    const QChar::Category category = QChar::category(ch);
    if (category == QChar::Other_Control || category == QChar::Other_Format
        || category == QChar::Other_Surrogate) {
        return true;
    }
    return std::any_of(std::begin(kInvisible), std::end(kInvisible),
                       [ch](const Range &r) { return ch >= r.first && ch <= r.last; });
}

QString UsernamePolicy::check(const QString &username) const
{
    if (username.size() > m_limits.maxInputLength)
        return QStringLiteral("username too long");
    const QList<uint> codePoints = canonical(username).toUcs4();
    if (codePoints.isEmpty())
        return QStringLiteral("username empty");
    for (const uint ch : codePoints) {
        if (isInvisible(ch) || !(isLetterOrDigit(ch) || isAllowedPunctuation(ch)))
            return QStringLiteral("username has a character that is not allowed");
    }
    if (codePoints.size() < m_limits.minLength)
        return QStringLiteral("username too short");
    if (codePoints.size() > m_limits.maxLength)
        return QStringLiteral("username too long");
    if (!isLetterOrDigit(codePoints.constFirst()))
        return QStringLiteral("username must start with a letter or digit");
    if (mixesScripts(codePoints))
        return QStringLiteral("username mixes scripts");
    if (keyOf(canonical(username)).startsWith(kGuestPrefix))
        return QStringLiteral("username reserved");
    return {};
}

std::optional<QString> UsernamePolicy::normalize(const QString &username) const
{
    if (!check(username).isEmpty())
        return std::nullopt;
    return keyOf(canonical(username));
}

QString UsernamePolicy::canonical(const QString &username)
{
    return username.normalized(QString::NormalizationForm_KC);
}

QString UsernamePolicy::keyOf(const QString &canonicalName)
{
    // NFKC again after folding, as Unicode's NFKC_Casefold: a folded letter may compose anew.
    return canonicalName.toCaseFolded().normalized(QString::NormalizationForm_KC);
}

QString UsernamePolicy::cleanDisplayName(const QString &displayName) const
{
    QString out;
    qsizetype length = 0; // code points in out
    bool spacePending = false;
    for (const uint ch : displayName.toUcs4()) {
        if (length >= m_limits.maxDisplayNameLength)
            break;
        if (QChar::isSpace(ch)) {
            spacePending = true;
            continue;
        }
        if (isInvisible(ch))
            continue;
        if (spacePending && length > 0) {
            if (length + 2 > m_limits.maxDisplayNameLength)
                break; // no room for the space and the character after it
            out.append(QLatin1Char(' '));
            ++length;
        }
        spacePending = false;
        out.append(QChar::fromUcs4(ch));
        ++length;
    }
    return out;
}
