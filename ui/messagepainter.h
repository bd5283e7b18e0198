#pragma once
// MessagePainter: paints one message row as MessageDelegate composed it (the day separator, the
// bubble, the sender's name, the body with its links, the time and delivery mark, "Show more",
// "Not delivered · Retry").
//
// Why apart from the delegate: the delegate decides what goes where (and hit-tests it); painting
// is only colours and strokes over that geometry. Nothing here measures text: every size comes
// from the row's cached layout, so painting a message costs the same whatever its length.
//
// Why the body is clipped to its bubble: a grapheme cluster of many stacked combining marks
// ("Zalgo" text) draws far above and below its line; it must not paint over other messages.
#include "linkfinder.h"
#include "messagedelegate.h"

#include <QList>

class QPainter;
class QTextLayout;
class MessageMetrics;

class MessagePainter
{
public:
    //! What one row's painting reads: its geometry, the measures of its font, its laid-out body
    //! and the links over it.
    struct Row
    {
        const MessageDelegate::Geometry &geometry;
        const MessageMetrics &metrics;
        const QTextLayout &text;
        const QList<LinkFinder::Link> &links;
        //! The selected part of the body (TextSelection), none when start == end.
        int selectionStart = 0;
        int selectionEnd = 0;
        //! The thumbnail for geometry.preview; null: a placeholder is painted there.
        QImage preview;
    };

    MessagePainter() = delete;

    //! Paints \a row of \a index at option.rect, in option.palette's colours.
    static void paint(QPainter *painter, const QStyleOptionViewItem &option,
                      const QModelIndex &index, const Row &row);
    //! The Reply and React buttons beside the bubble under the pointer, at \a reply and
    //! \a react (view coordinates; a null rect is not painted).
    static void paintHoverButtons(QPainter *painter, const QStyleOptionViewItem &option,
                                  const QRect &reply, const QRect &react);
    //! The colour \a t of the way from \a a to \a b.
    static QColor mix(const QColor &a, const QColor &b, qreal t);

private:
    //! An image's thumbnail \a image (or, null, a placeholder in \a placeholder) in \a box.
    static void paintPreview(QPainter *painter, const QRect &box, const QImage &image,
                             const QColor &placeholder);
    static void paintDay(QPainter *painter, const QStyleOptionViewItem &option, const QRect &band,
                         const QModelIndex &index);
    static void paintBody(QPainter *painter, const QStyleOptionViewItem &option, const Row &row,
                          const QColor &bubbleColor, const QColor &muted);
};
