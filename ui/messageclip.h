#pragma once
// MessageClip: the part of a message's text that a row shows, so that laying one message out
// costs a bounded time whatever it holds.
//
// Why: QTextLayout's cost grows with the text it is given, and worse than linearly for one long
// line: a single message of 1,000,000 characters on one line kept the window at 100% CPU for
// over a minute, 100,000 combining marks for 1.3 s, and a window that stalls that long also
// misses its heartbeat. A message is untrusted, so its size is too. A row shows a prefix of at
// most Limits::chars characters and Limits::lines lines (MessageMetrics stops laying out at the
// same number of wrapped lines), followed by "Show more" when there is more; each "Show more"
// shows next() of it, up to kMaxShown; beyond that the row says the rest can be copied.
// bench/long_messages.cpp has the figures that chose the numbers.
//
// Why the cut is at a grapheme cluster boundary: cutting inside "e" + U+0301, a surrogate pair,
// a flag (two regional indicators) or an emoji ZWJ sequence would show a broken character. Only
// a cluster longer than kMaxClusterLength (no script needs that many: Unicode's stream-safe
// format allows 30 combining marks) is cut inside, at a code point boundary.
//
// Why links are found past the cut: a link that "Show more" cuts in two still opens the whole
// address; the text after the cut is read up to LinkFinder::kMaxLinkLength for that, no further.
#include "linkfinder.h"

#include <QList>
#include <QString>
#include <QStringView>

class MessageClip
{
public:
    //! How much of a message a row shows: at most \a chars UTF-16 code units and \a lines lines
    //! (paragraphs here; MessageMetrics::layoutText() applies the same number to wrapped lines).
    struct Limits
    {
        qsizetype chars = 0;
        int lines = 0;
        bool operator==(const Limits &other) const
        {
            return chars == other.chars && lines == other.lines;
        }
        bool operator!=(const Limits &other) const { return !(*this == other); }
    };

    //! A message as it first shows: about a screenful. Laid out in ~1-3 ms in any script.
    static constexpr Limits kCollapsed{2'000, 24};
    //! The most one row ever shows, however often "Show more" is used: laid out within ~25 ms
    //! in the worst script measured, half the 50 ms a window may stall.
    static constexpr Limits kMaxShown{12'000, 300};
    //! Each "Show more" shows this many times more, up to kMaxShown.
    static constexpr int kGrowth = 4;
    //! A grapheme cluster longer than this (in UTF-16 code units) may be cut inside.
    static constexpr qsizetype kMaxClusterLength = 32;

    //! What a row shows of a message.
    struct Shown
    {
        QString text;      //!< the shown prefix, line breaks as U+2028 (QTextLayout's)
        bool clipped = false;  //!< the message goes on after text
        //! The links that start in text: their ranges end with it at the latest, their URLs are
        //! the whole addresses.
        QList<LinkFinder::Link> links;
    };

    MessageClip() = delete;

    //! The limits after one more "Show more" from \a current (kMaxShown at most).
    static Limits next(const Limits &current);
    //! Whether \a limits already show all a row will ever show.
    static bool isMaximal(const Limits &limits) { return limits == kMaxShown; }

    //! \a text with every line break (CR LF, LF, CR) as U+2028 LINE SEPARATOR.
    static QString normalized(QStringView text);
    //! How much of \a text (line breaks already normalized()) to show within \a limits: all of
    //! it, or a prefix that ends before the limits.lines-th line break, at limits.chars at most,
    //! at a grapheme cluster boundary. Reads no further than limits.chars + 2 code units.
    static qsizetype cut(QStringView text, const Limits &limits);
    //! What a row shows of the message \a text within \a limits, its links included unless
    //! not \a findLinks. Reads at most limits.chars + limits.lines + 2 code units of \a text,
    //! and LinkFinder::kMaxLinkLength more to find links.
    static Shown shown(const QString &text, const Limits &limits, bool findLinks = true);
    //! \a links (of one text, in order) that start before \a end, their ranges ending there at
    //! the latest: the links of a text's first \a end characters, whole URLs kept.
    static QList<LinkFinder::Link> linksWithin(const QList<LinkFinder::Link> &links,
                                               qsizetype end);
};
