#pragma once
// EmojiCatalog: the emoji the reaction picker offers, with their category and English keywords.
//
// Why a data file, not a table in code: the list is edited by people who pick emoji, not by people
// who read C++; a line of text per emoji (resources/emoji/emoji.txt, embedded as
// :/emoji/emoji.txt) is easy to review and to extend. It is parsed once, here, with no widgets,
// so parsing and searching are tested alone (tests/ui/tst_emojicatalog.cpp).
//
// Why English keywords only: they are search data, not interface text. Category titles, which
// the user reads, are translated by EmojiPicker::categoryTitle(); the keywords stay as shipped.
#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

class EmojiCatalog
{
public:
    //! One emoji of the catalog.
    struct Entry
    {
        QString category; //!< One of categoryOrder()'s keys.
        QString emoji;    //!< A fully-qualified sequence, valid for MessageChange::isValidEmoji().
        QStringList keywords; //!< Lower-case English words to search by.
        bool operator==(const Entry &other) const
        {
            return category == other.category && emoji == other.emoji && keywords == other.keywords;
        }
    };

    //! A longer line is malformed and skipped whole: a line holds one short emoji and a few words,
    //! and parsing stays cheap whatever the file holds.
    static constexpr int kMaxLineLength = 512;

    //! The catalog is bounded too: the picker builds one cell per entry.
    static constexpr int kMaxEntries = 2'000;

    EmojiCatalog() = default;

    //! Parses the catalog format (UTF-8, one emoji a line: category, TAB, emoji, TAB, keywords
    //! separated by spaces). Comment lines (#) and empty lines are skipped; a line that is too
    //! long, has an unknown category, an invalid emoji or repeats an emoji is ignored, so one bad
    //! line never costs the rest. Entries come out grouped in categoryOrder(), in file order
    //! within a category.
    static EmojiCatalog parse(const QByteArray &utf8);

    //! The catalog embedded in the application (:/emoji/emoji.txt), parsed on first use.
    static const EmojiCatalog &builtIn();

    //! The category keys in the order the picker shows them.
    static QStringList categoryOrder();

    //! Whether \a text, typed by the user, is an emoji rather than a word: valid for
    //! MessageChange::isValidEmoji(), holds no letter, and holds a pictographic symbol, an emoji
    //! presentation selector (U+FE0F) or a keycap (U+20E3). isValidEmoji() alone accepts "ok",
    //! which the picker must treat as a search, not as a reaction.
    static bool looksLikeEmoji(const QString &text);

    const QList<Entry> &entries() const { return m_entries; }
    bool contains(const QString &emoji) const;

    //! The entries of category \a key, in catalog order.
    QList<Entry> inCategory(const QString &key) const;

    //! The entries for which every word of \a query begins one of their keywords, ignoring case,
    //! in catalog order ("heart" finds "heart" and "hearts"; "red heart" finds ❤️). An empty
    //! query finds everything.
    QList<Entry> search(const QString &query) const;

    //! The keywords of \a emoji (empty if it is not in the catalog).
    QStringList keywordsOf(const QString &emoji) const;

private:
    QList<Entry> m_entries;
};
