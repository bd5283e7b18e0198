#include "emojicatalog.h"

#include "logging.h"
#include "messagechange.h"

#include <QFile>
#include <QHash>
#include <QSet>
#include <QStringDecoder>

#include <algorithm>
#include <iterator>

namespace {
constexpr char kResource[] = ":/emoji/emoji.txt";
constexpr char32_t kVariationSelector16 = 0xfe0f;
constexpr char32_t kCombiningKeycap = 0x20e3;

//! One line as text, or a null string if it is not valid UTF-8.
QString decodeLine(const QByteArray &line)
{
    QStringDecoder decoder(QStringDecoder::Utf8);
    QString text = decoder(line);
    return decoder.hasError() ? QString() : text;
}
} // namespace

QStringList EmojiCatalog::categoryOrder()
{
    return {QStringLiteral("smileys"), QStringLiteral("people"),     QStringLiteral("symbols"),
            QStringLiteral("nature"),  QStringLiteral("food"),       QStringLiteral("activities"),
            QStringLiteral("objects")};
}

bool EmojiCatalog::looksLikeEmoji(const QString &text)
{
    if (!MessageChange::isValidEmoji(text))
        return false;
    bool pictographic = false;
    for (const char32_t c : text.toUcs4()) {
        if (QChar::isLetter(c))
            return false;
        if (QChar::category(c) == QChar::Symbol_Other || c == kVariationSelector16 || c == kCombiningKeycap)
            pictographic = true;
    }
    return pictographic;
}

EmojiCatalog EmojiCatalog::parse(const QByteArray &utf8)
{
    const QStringList order = categoryOrder();
    QHash<QString, QList<Entry>> byCategory;
    QSet<QString> seen;
    qsizetype count = 0;
    for (QByteArray line : utf8.split('\n')) {
        if (count >= kMaxEntries)
            break;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty() || line.startsWith('#') || line.size() > kMaxLineLength)
            continue;
        const QStringList fields = decodeLine(line).split(QLatin1Char('\t'));
        if (fields.size() != 3 || !order.contains(fields.at(0)) || !looksLikeEmoji(fields.at(1))
            || seen.contains(fields.at(1)))
            continue;
        Entry entry{fields.at(0), fields.at(1),
                    fields.at(2).toLower().split(QLatin1Char(' '), Qt::SkipEmptyParts)};
        seen.insert(entry.emoji);
        byCategory[entry.category].append(entry);
        ++count;
    }
    EmojiCatalog catalog;
    for (const QString &category : order)
        catalog.m_entries += byCategory.value(category);
    return catalog;
}

const EmojiCatalog &EmojiCatalog::builtIn()
{
    static const EmojiCatalog catalog = [] {
        QFile file{QLatin1String(kResource)};
        if (!file.open(QIODevice::ReadOnly)) {
            qCWarning(lcUi) << "no emoji catalog at" << kResource << file.errorString();
            return EmojiCatalog();
        }
        return parse(file.readAll());
    }();
    return catalog;
}

bool EmojiCatalog::contains(const QString &emoji) const
{
    return std::any_of(m_entries.cbegin(), m_entries.cend(),
                       [&emoji](const Entry &e) { return e.emoji == emoji; });
}

QList<EmojiCatalog::Entry> EmojiCatalog::inCategory(const QString &key) const
{
    QList<Entry> found;
    std::copy_if(m_entries.cbegin(), m_entries.cend(), std::back_inserter(found),
                 [&key](const Entry &e) { return e.category == key; });
    return found;
}

QList<EmojiCatalog::Entry> EmojiCatalog::search(const QString &query) const
{
    const QStringList words = query.simplified().toLower().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    const auto matches = [&words](const Entry &e) {
        return std::all_of(words.cbegin(), words.cend(), [&e](const QString &word) {
            return std::any_of(e.keywords.cbegin(), e.keywords.cend(),
                               [&word](const QString &keyword) { return keyword.startsWith(word); });
        });
    };
    QList<Entry> found;
    std::copy_if(m_entries.cbegin(), m_entries.cend(), std::back_inserter(found), matches);
    return found;
}

QStringList EmojiCatalog::keywordsOf(const QString &emoji) const
{
    for (const Entry &e : m_entries) {
        if (e.emoji == emoji)
            return e.keywords;
    }
    return {};
}
