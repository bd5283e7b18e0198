#pragma once
// MessageMetrics: one font's measures of a message row, and the measuring of message bodies in
// that font: laying the text out and measuring it (shaping, ~25 µs a body), or estimating it
// from character counts (no shaping), which is how a burst of new rows stays within a frame
// (RowLayoutCache). MessageDelegate composes rows from what is measured here.
//
// Why one object per font: building QFontMetrics per message is what makes a first layout of a
// long history slow. Sender names and "HH:mm" strings repeat on many rows, so their widths are
// remembered too (bounded).
//
// Why QTextLayout: it has no notion of markup, so untrusted text is measured (and MessageDelegate
// draws it) literally, whatever it holds.
#include "linkfinder.h"

#include <QFont>
#include <QFontMetrics>
#include <QHash>
#include <QList>
#include <QSize>
#include <QStringList>

#include <limits>
#include <memory>

class QTextLayout;

class MessageMetrics
{
public:
    // The bubble geometry that measuring and composing (MessageDelegate) share, in
    // device-independent pixels.
    static constexpr int kRowMarginH = 10;      //!< between the bubble and the view's edge
    static constexpr int kPaddingH = 10;        //!< inside the bubble, left and right
    static constexpr int kMinBubbleWidth = 120;
    //! A bubble never spans the whole row: who wrote it shows in which side it hugs.
    static constexpr qreal kMaxBubbleFraction = 0.78;
    //! The time, the day separator and the failure line, relative to the body's font.
    static constexpr qreal kSmallFontFactor = 0.85;

    //! What measuring a body found: everything a row's composition needs that costs text
    //! measuring. Depends only on the message and the row width, not on the neighbours.
    struct Body
    {
        QSize textSize;        //!< the laid-out body
        int lastLineTop = 0;   //!< the last line, where the time goes when it fits beside it
        int lastLineHeight = 0;
        int lastLineWidth = 0;
        int nameWidth = 0;     //!< the sender's name in the bold font
        int timeWidth = 0;     //!< the time in the small font
        //! How much of the layout's text its lines hold (all of it unless a line limit cut it).
        int laidOutChars = 0;
        //! The message goes on after what is laid out: the row ends with "Show more".
        bool clipped = false;
        //! "Show more" can show more (MessageClip::kMaxShown is not reached yet).
        bool expandable = false;
        //! Links of the laid-out text (MessageClip::shown(); measure() finds none).
        QList<LinkFinder::Link> links;
        //! The quoted line of the message it answers, in the small font; 0: it answers none.
        int replyWidth = 0;
        //! The reactions line ("👍 2  🎉 1") in the body font; 0: none.
        int reactionsWidth = 0;
        //! The box of an image's thumbnail above the body (ImagePreviews::kBox), or of another
        //! file's card (FileCard::kSize, with fileCard); empty: none.
        QSize preview;
        bool fileCard = false;
    };

    //! The measures of \a font. \a marks are the glyphs that may stand beside the time (the
    //! delivery states): markWidth is the widest, so that a delivery change never changes a
    //! bubble's size.
    MessageMetrics(const QFont &font, const QStringList &marks);

    const QFont &font() const { return m_font; }
    //! The bold font of sender names.
    static QFont nameFont(const QFont &font);
    //! The smaller font of times, day separators and the failure line.
    static QFont smallFont(const QFont &font);
    //! The widest a body's lines may be in a row \a rowWidth wide (never below 1).
    static int maxTextWidth(int rowWidth);

    //! \a sender's width in the bold font of sender names (remembered).
    int nameWidth(const QString &sender);
    //! \a time's width in the small font (remembered).
    int timeWidth(const QString &time);

    //! \a text laid out for a row \a rowWidth wide: wrapped at word boundaries (anywhere in a
    //! word longer than a line), lines maxTextWidth() wide. U+2028 breaks a line. No more than
    //! \a maxLines lines: the text after them is not laid out (a bound on the work, with
    //! MessageClip's on the text).
    std::unique_ptr<QTextLayout> layoutText(const QString &text, int rowWidth,
                                            int maxLines = kUnlimitedLines) const;
    //! What \a layout (from layoutText() for \a rowWidth) measures, with the widths of
    //! \a sender and \a time; clipped when its lines do not hold all its text.
    Body measure(const QTextLayout &layout, int rowWidth, const QString &sender,
                 const QString &time);
    //! A guess of measure()'s result for \a text from character counts: no shaping, no layout.
    //! CJK and later characters count as two average characters. At most \a maxLines lines
    //! (clipped when there would be more).
    Body estimate(const QString &text, int rowWidth, const QString &sender, const QString &time,
                  int maxLines = kUnlimitedLines);

    static constexpr int kUnlimitedLines = std::numeric_limits<int>::max();

    QFontMetrics name;    //!< bold, for the sender
    QFontMetrics small;   //!< for the time, the day separator and the failure line
    int markWidth;        //!< widest delivery mark (normal size: the glyphs are tiny)
    int charWidth;        //!< average character (estimates)
    int lineHeight;       //!< one line of body text (estimates)

private:
    QFont m_font;
    QHash<QString, int> m_nameWidths;
    QHash<QString, int> m_timeWidths;
};
