#pragma once
// SearchExcerpt: the part of a found message that a search result shows -- one line around the
// first match, with every occurrence of the terms marked -- so that the user sees why it matched.
//
// Why a window around the match: the match may be deep in a long message; the start of it says
// nothing. Why plain ranges: the text is untrusted and is painted as plain text (QTextLayout with
// formats), never as markup.
#include <QList>
#include <QString>
#include <QStringList>

class SearchExcerpt
{
public:
    //! Characters shown before the first match, when there are more than that before it.
    static constexpr int kContext = 30;
    //! The most characters an excerpt holds.
    static constexpr int kMaxLength = 160;
    //! How far into a message a match is looked for (a message may be a megabyte long; a row is
    //! painted often): past it, the excerpt is the message's start.
    static constexpr int kMaxScan = 20'000;

    struct Range
    {
        int start = 0;
        int length = 0;
        bool operator==(const Range &o) const { return start == o.start && length == o.length; }
    };

    //! One line of \a text around the first case-insensitive occurrence of any of \a terms (its
    //! start when none occurs): line breaks become spaces, "…" marks a cut at either end, never
    //! inside a surrogate pair. \a ranges gets every occurrence of every term in the excerpt.
    static QString of(const QString &text, const QStringList &terms, QList<Range> *ranges);
};
