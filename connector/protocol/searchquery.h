#pragma once
// SearchQuery: what a person typed in the search field, read once into terms and filters, for the
// local store (MessageStore::search) and parley-server's `search` event alike (docs/protocol.md
// "Search").
//
// Why one parser: the same words must find the same messages locally and on the server; the
// filters are the messengers' usual ones (Slack, Element): from:@user, in:#room, before:date,
// after:date. A filter that does not parse (before:someday) is a word to look for, never an error:
// the field is typed into, and results come as one types.
//
// Why bounded: the text is the user's, but it becomes a query; kMaxLength characters and kMaxTerms
// terms keep every search's cost bounded.
#include <QDateTime>
#include <QString>
#include <QStringList>

class SearchQuery
{
public:
    //! At most this many characters of what was typed are read (the server refuses longer).
    static constexpr int kMaxLength = 200;
    //! At most this many terms; more are dropped (all terms must match, so fewer find more).
    static constexpr int kMaxTerms = 8;

    //! Reads \a text: "from:@alice" / "from:alice", "in:#lobby" / "in:lobby", "before:YYYY-MM-DD"
    //! (before that local day starts), "after:YYYY-MM-DD" (after that local day ends); everything
    //! else, split at white space, are the terms. A later filter of a kind replaces an earlier one.
    static SearchQuery parse(const QString &text);

    //! The words every result contains (case-insensitive substrings), in the order typed.
    QStringList terms;
    //! The sender's user name (without '@'), or empty for anyone.
    QString from;
    //! The room (without '#'), or empty for every room.
    QString room;
    //! Only messages after / before these instants (invalid for no bound).
    QDateTime after;
    QDateTime before;

    //! Whether there is anything to look for: a term, or at least one filter.
    bool isEmpty() const;
    bool operator==(const SearchQuery &other) const;
    bool operator!=(const SearchQuery &other) const { return !(*this == other); }
};
