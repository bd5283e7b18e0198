#pragma once
// MessageDelegate: composes, paints and hit-tests one chat message of a MessageModel as a
// bubble, with the day separator and sender name its place in the conversation calls for.
//
// Why a delegate and not a widget per message: a room may hold 100k rows; a QListView with a
// delegate paints only what is visible.
//
// Why the delegate keeps no layouts: QListView asks sizeHint() for every row on every relayout,
// and measuring wrapped text each time costs ~850 ms per change at 100k rows (Telegram Desktop's
// lesson, see EXAMPLES.md), so measurements are cached — but per view, since they depend on the
// view's width and font. Each MessageView owns a RowLayoutCache that follows its model and
// width, and measures through this delegate's measureBody()/compose(); sizeHint(), paint() and
// the hit tests read the cache of the view in option.widget. One delegate may serve several
// views. A caller without such a view (a test, another view) gets a layout measured for the
// call.
//
// Why plain text only: message text is untrusted. QLabel/QTextDocument would guess rich text
// and render "<img src=file:///…>" or "<b>"; this delegate lays text out with QTextLayout, which
// has no notion of markup, so every message shows literally what was typed. Links (LinkFinder:
// http and https only) are drawn as formats over that plain text. MessagePainter paints.
//
// Why a message may show in part: its size is the sender's choice, and laying out a huge one
// froze the window for a minute. A row shows MessageClip's part of it, then "Show more"
// (isMoreAt(); the view's cache remembers how much each message shows, RowLayoutCache::expand()).
#include "chatmessage.h"
#include "filecard.h"
#include "linkfinder.h"
#include "messageclip.h"
#include "messagemetrics.h"

#include <QList>
#include <QRect>
#include <QStyledItemDelegate>

#include <chrono>
#include <memory>

class QAbstractItemView;
class QTextLayout;
class RowLayoutCache;

class MessageDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    //! Messages of one sender closer together than this (and on the same local day) form a
    //! group: the name is shown once, above the first, and the bubbles sit closer together.
    //! Five minutes: a conversation's pauses are shorter, a new topic's usually longer.
    static constexpr std::chrono::minutes kGroupWindow{5};

    //! Where the parts of one row go, relative to the row's top-left corner.
    struct Geometry
    {
        QSize size;        //!< the whole row, margins included (what sizeHint() returns)
        QRect day;         //!< the day separator's band (null unless the row starts a day)
        QRect unreadLine;  //!< the "New messages" line (null unless the row is the first unread)
        QRect bubble;      //!< the tinted rounded rectangle
        QRect sender;      //!< the sender's name (null unless the row starts a group)
        QRect time;        //!< "HH:mm", bottom right in the bubble
        QRect mark;        //!< the delivery mark (own messages only, else null)
        QRect text;        //!< the message body
        QRect more;        //!< "Show more" under a body shown in part (else null)
        bool moreExpands = false;  //!< "Show more" shows more (else the rest can only be copied)
        QRect failure;     //!< "Not delivered" under a Failed own message (else null)
        QRect retry;       //!< the clickable "Retry" beside it (else null)
        QRect reply;       //!< the quoted line of the message answered, above the body (else null)
        QRect reactions;   //!< the reactions line at the bottom of the bubble (else null)
        QRect preview;     //!< an image's thumbnail, above the body (else null)
        QRect fileCard;    //!< another file's card (FileCard), above the body (else null)
    };

    //! The bar left of a quoted line, and the gap between it and the quote.
    static constexpr int kReplyBarWidth = 3;
    static constexpr int kReplyBarGap = 6;

    //! Neighbour-dependent facts of a row (rowFlags()).
    enum RowFlag : quint8 {
        StartsDay = 0x1,
        StartsGroup = 0x2,
        Failed = 0x4,
        Own = 0x8,
        StartsUnread = 0x10, //!< the first unread message: the "New messages" line goes above it
    };

    //! The buttons beside the bubble under the pointer (where the server has the actions).
    enum class HoverButton { None, Reply, React };
    //! Their size, and the gap between them and the bubble.
    static constexpr int kHoverButtonSize = 24;
    static constexpr int kHoverButtonGap = 4;

    explicit MessageDelegate(QObject *parent = nullptr);
    ~MessageDelegate() override;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    //! Tooltips: the delivery state over the mark, the full date and time over the time, the
    //! address over a link, what Retry does over Retry.
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

    //! The layout of \a index for the width of \a option (from option.widget's cache when it has
    //! one; see layoutCount()).
    Geometry geometry(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    //! The links of \a index's body (found once per message, with its measurement).
    QList<LinkFinder::Link> links(const QStyleOptionViewItem &option,
                                  const QModelIndex &index) const;
    //! The rectangles (row-relative; one per line the link spans) that link \a link of \a index
    //! covers. What a click must hit; tests click their centre.
    QList<QRect> linkRects(const QStyleOptionViewItem &option, const QModelIndex &index,
                           int link) const;
    //! The link at \a pos (row-relative), or an empty URL.
    QUrl linkAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                const QPoint &pos) const;
    //! Whether \a pos (row-relative) is on the "Retry" of a Failed own message.
    bool isRetryAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                   const QPoint &pos) const;
    //! Whether \a pos (row-relative) is on the "Show more" of a message shown in part that can
    //! show more.
    bool isMoreAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                  const QPoint &pos) const;
    //! Whether \a pos (row-relative) is on the thumbnail of an image (click: the viewer).
    bool isPreviewAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                     const QPoint &pos) const;
    //! What a click at \a pos (row-relative) on a file's card does (FileCard::Hit::None: not on one).
    FileCard::Hit fileCardHitAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                                const QPoint &pos) const;
    //! Whether \a pos (row-relative) is on the quoted line of an answer.
    bool isReplyAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                   const QPoint &pos) const;
    //! Where \a button goes in a row of \a geometry (row-relative): beside the bubble, at its
    //! top, on the side away from the row's edge; null when the row leaves no room for it.
    static QRect hoverButtonRect(const Geometry &geometry, bool own, HoverButton button);
    //! Whether \a index shows the hover buttons when the pointer is over it: the view's
    //! MessageActions are available and the message has a seq and is not deleted.
    static bool hasHoverButtons(const QStyleOptionViewItem &option, const QModelIndex &index);
    //! The hover button at \a pos (row-relative) of \a index, if it has them.
    HoverButton hoverButtonAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                              const QPoint &pos) const;
    //! The character position in the laid-out body of \a index nearest \a pos (row-relative):
    //! 0 above the body, its length below it. What a text selection is made of; -1 for no row.
    int textPositionAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                       const QPoint &pos) const;
    //! Whether \a pos (row-relative) is on the body of \a index (where selecting text starts).
    bool isTextAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                  const QPoint &pos) const;
    //! The laid-out body of \a index: bodyText() as much as the view shows of it. Text
    //! positions count in it.
    QString layoutText(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    //! Whether \a index shows in part and "Show more" can show more of it.
    bool canShowMore(const QStyleOptionViewItem &option, const QModelIndex &index) const;

    //! Whether \a index starts a local day: the first row, or a day other than the row above's.
    static bool startsDay(const QModelIndex &index);
    //! Whether \a index starts a group (shows the sender's name): it starts a day, or the row
    //! above is by someone else, or is not one's own while this is (or the reverse), or is more
    //! than kGroupWindow earlier (or later: rows out of time order never share a name).
    static bool startsGroup(const QModelIndex &index);
    //! The RowFlag set of \a index: what of its layout depends on the row above and its state.
    static quint8 rowFlags(const QModelIndex &index);
    //! Whether \a index is one's own message that the server refused or never acknowledged,
    //! which the user may send again (ChatClient::retry()).
    static bool isRetryable(const QModelIndex &index);

    // Measuring, for RowLayoutCache (and for calls without one). Pure but for layoutCount().

    //! The width a row of \a option's view is laid out for: the viewport's, as if the vertical
    //! scroll bar were shown (its arrival changes no row), never below a narrow bubble's.
    static int rowWidth(const QStyleOptionViewItem &option);
    //! The measures of \a font that rows are composed with (the delivery marks included).
    static MessageMetrics metricsFor(const QFont &font);
    //! Lays out \a index's body (as much as \a limits show) for a row \a width wide in
    //! \a metrics' font and measures it, links included; the layout made is handed to \a layout
    //! when given (paint() draws it). Counts in layoutCount().
    MessageMetrics::Body measureBody(
            const QModelIndex &index, int width, MessageMetrics &metrics,
            std::unique_ptr<QTextLayout> *layout = nullptr,
            const MessageClip::Limits &limits = MessageClip::kCollapsed) const;
    //! A guess of measureBody()'s result from character counts: no shaping, no layout.
    static MessageMetrics::Body estimateBody(
            const QModelIndex &index, int width, MessageMetrics &metrics,
            const MessageClip::Limits &limits = MessageClip::kCollapsed);
    //! The body's layout for painting and hit tests, as measureBody() lays it out. Counts in
    //! layoutCount().
    std::unique_ptr<QTextLayout> layoutBody(
            const QModelIndex &index, int width, const MessageMetrics &metrics,
            const MessageClip::Limits &limits = MessageClip::kCollapsed) const;
    //! Where everything of a row goes, from its measured \a body and its rowFlags().
    //! The widths of the reply line and the reactions line into \a body.
    static void measureExtras(const QModelIndex &index, const MessageMetrics &metrics,
                              MessageMetrics::Body *body, bool exact);
    static Geometry compose(const MessageMetrics::Body &body, quint8 flags, int width,
                            const MessageMetrics &metrics);

    //! How many times a message body was measured (laid out), in every view this delegate
    //! serves. Tests use it to prove that sizeHint() reads a cache instead of measuring again.
    int layoutCount() const { return m_layoutCount; }
    //! Rows still estimated in the caches of the views this delegate serves (0 once they had a
    //! few idle turns; per view: RowLayoutCache::estimatedRows()).
    int estimatedRows() const;
    //! Forgets everything measured in the caches of the views this delegate serves: their next
    //! relayouts measure every row anew. Font and width changes are noticed without it; this is
    //! for changes the caches cannot see.
    void clearCache();

private:
    friend class RowLayoutCache;  // attaches itself while it measures with this delegate
    void attach(RowLayoutCache *cache);
    void detach(RowLayoutCache *cache);
    //! The cache of the view \a option is for, if that view has one that uses this delegate.
    RowLayoutCache *cacheFor(const QStyleOptionViewItem &option) const;

    //! One row's layout for paint() and the hit tests: from the view's cache, or measured for
    //! this call only.
    struct Row
    {
        Geometry geometry;
        QList<LinkFinder::Link> links;
        const MessageMetrics *metrics = nullptr;
        const QTextLayout *text = nullptr;
        std::unique_ptr<MessageMetrics> ownMetrics;  // without a cache
        std::unique_ptr<QTextLayout> ownText;        // without a cache
    };
    Row row(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    static QList<QRect> linkRects(const Row &row, const LinkFinder::Link &link);
    static QUrl linkAt(const Row &row, const QPoint &pos);

    QList<RowLayoutCache *> m_caches;
    mutable int m_layoutCount = 0;  //!< a statistic, not observable state of the delegate
};
