#pragma once
// SearchTerms: the words of a SearchQuery as MessageStore's search checks them -- an FTS5 MATCH
// expression over the trigram index that selects candidate rows, the checks SQLite can make
// exactly, and the rest, checked in C++ (docs/protocol.md "Search": every term, case-insensitively,
// as a substring of the message's text).
#include <QString>
#include <QStringList>

//! What "the text contains every term, case-insensitively" becomes in MessageStore's queries.
//!
//! Why trigrams and not the term: the index is an FTS5 `trigram` table with detail=none (a third of
//! the disk of detail=full, see MessageStoreSchema), which cannot match phrases, i.e. a term of
//! more than three characters. So a term of 3+ characters asks for some of its trigrams (the
//! non-overlapping ones and the last: fewer lists to intersect, as selective), which selects every
//! row containing the term and a few that only contain its trigrams; the exact substring check
//! then runs on those rows. A term of 1 or 2 characters has no trigram: it is checked on the rows
//! the other terms (or the bounded scan) select.
//!
//! Why some checks in C++: SQLite's lower() and NOCASE fold ASCII letters only. A term whose
//! letters with case are all ASCII (English words, Chinese, digits, "🙂") is checked in SQL
//! with instr(lower(text), lowered term), exactly. A term with other letters that have case
//! ("Äpfel", "Привет") is checked on the rows SQL returns with QString's case folding.
//!
//! User input only ever reaches SQL as bound values and FTS5 only as quoted strings (a `"` doubled):
//! `*`, `AND`, `NEAR(`, `-`, `:`, `^` and `"` are searched for literally.
class SearchTerms
{
public:
    //! Characters in a trigram, the index's token.
    static constexpr int kTrigram = 3;

    //! Reads \a terms: empty ones are dropped, at most SearchQuery::kMaxTerms are kept, each cut
    //! at SearchQuery::kMaxLength characters (a caller may build a SearchQuery by hand).
    explicit SearchTerms(const QStringList &terms);

    //! The terms as kept.
    QStringList terms() const { return m_terms; }
    bool isEmpty() const { return m_terms.isEmpty(); }
    //! The FTS5 MATCH expression selecting every row that may contain all terms of 3+ characters:
    //! their trigrams as FTS5 strings joined by AND. Empty when no term is that long.
    QString ftsQuery() const { return m_ftsQuery; }
    //! The terms SQL checks exactly, lowered: one `instr(lower(text), ?) > 0` each.
    QStringList sqlNeedles() const { return m_sqlNeedles; }
    //! Whether some term can only be checked by matchesRest().
    bool needsRecheck() const { return !m_rest.isEmpty(); }
    //! True when \a text contains every term SQL could not check (case-insensitively, QString's
    //! case folding).
    bool matchesRest(const QString &text) const;

    //! Whether SQLite's lower() and NOCASE fold \a text as QString does: every character of it
    //! that has case is ASCII. (A character that only others fold to -- ß from ẞ, s from ſ --
    //! counts as ASCII or caseless: SQL then misses a text spelt with those others, a rare case.)
    static bool sqlFoldsExactly(const QString &text);
    //! \a text as an FTS5 string: in double quotes, each `"` doubled, nothing else special.
    static QString ftsString(const QString &text);
    //! The trigrams of \a term the index is asked for (see the class comment); empty for a term
    //! of fewer than kTrigram characters (code points, as the tokenizer counts).
    static QStringList trigramsOf(const QString &term);

private:
    QStringList m_terms;
    QString m_ftsQuery;
    QStringList m_sqlNeedles;
    QStringList m_rest;
};
