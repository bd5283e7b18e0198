#include "messagedelegate.h"

#include "directroomname.h"
#include "imagepreviews.h"

#include "messageactions.h"
#include "messagemodel.h"
#include "messagetexts.h"
#include "messagepainter.h"
#include "messagetimetext.h"
#include "messagetooltip.h"
#include "rowlayoutcache.h"
#include "sendercolors.h"
#include "textselection.h"

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QLocale>
#include <QScrollBar>
#include <QTextLayout>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace {

// Geometry of a row, in device-independent pixels.
constexpr int kGroupGap = 6;         // above the first bubble of a group
constexpr int kGroupedGap = 1;       // above the next bubbles of the same group
constexpr int kRowMarginBottom = 1;  // below every row (so grouped bubbles are 2 px apart)
constexpr int kRowMarginH = MessageMetrics::kRowMarginH;
constexpr int kPaddingH = MessageMetrics::kPaddingH;
constexpr int kPaddingV = 6;
constexpr int kHeaderGap = 2;        // below the name; above a time that needs its own line
constexpr int kTimeGap = 12;         // between the last line of text and the time beside it
constexpr int kMarkGap = 4;          // between the time and the delivery mark
constexpr int kDayMarginV = 8;       // above and below a day separator
constexpr int kDayPaddingV = 2;
constexpr int kFooterGap = 2;        // between a Failed bubble and "Not delivered · Retry"
constexpr int kFooterSpacing = 8;    // between "Not delivered" and "Retry"
// A hidden view reports 0 wide: rows are measured for a narrow bubble instead.
constexpr int kMinRowWidth = MessageMetrics::kMinBubbleWidth + 2 * kRowMarginH;
constexpr auto kGroupWindowSecs =
        std::chrono::duration_cast<std::chrono::seconds>(MessageDelegate::kGroupWindow).count();

ChatMessage::Delivery deliveryOf(const QModelIndex &index)
{
    return static_cast<ChatMessage::Delivery>(index.data(MessageModel::DeliveryRole).toInt());
}

bool isOwn(const QModelIndex &index)
{
    return index.data(MessageModel::OwnRole).toBool();
}

}  // namespace

MessageDelegate::MessageDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

MessageDelegate::~MessageDelegate() = default;

void MessageDelegate::attach(RowLayoutCache *cache)
{
    if (!m_caches.contains(cache))
        m_caches.append(cache);
}

void MessageDelegate::detach(RowLayoutCache *cache)
{
    m_caches.removeAll(cache);
}

RowLayoutCache *MessageDelegate::cacheFor(const QStyleOptionViewItem &option) const
{
    if (!option.widget)
        return nullptr;
    for (RowLayoutCache *cache : m_caches) {
        if (cache->view() == option.widget)
            return cache;
    }
    return nullptr;
}

int MessageDelegate::estimatedRows() const
{
    int rows = 0;
    for (const RowLayoutCache *cache : m_caches)
        rows += cache->estimatedRows();
    return rows;
}

void MessageDelegate::clearCache()
{
    for (RowLayoutCache *cache : std::as_const(m_caches))
        cache->clear();
}

quint8 MessageDelegate::rowFlags(const QModelIndex &index)
{
    quint8 flags = 0;
    const bool own = isOwn(index);
    if (own)
        flags |= Own;
    if (index.data(MessageModel::FirstUnreadRole).toBool())
        flags |= StartsUnread | StartsGroup;
    if (isRetryable(index))
        flags |= Failed;
    const QDateTime time = index.data(MessageModel::TimeRole).toDateTime();
    const QDate day = MessageTimeText::localDay(time);
    if (index.row() == 0)
        return flags | StartsGroup | (day.isValid() ? StartsDay : 0);
    const QModelIndex above = index.siblingAtRow(index.row() - 1);
    const QDateTime aboveTime = above.data(MessageModel::TimeRole).toDateTime();
    if (day.isValid() && MessageTimeText::localDay(aboveTime) != day)
        return flags | StartsGroup | StartsDay;
    const bool grouped = time.isValid() && aboveTime.isValid() && own == isOwn(above)
            && std::abs(aboveTime.secsTo(time)) <= kGroupWindowSecs
            && index.data(MessageModel::SenderRole).toString()
                    == above.data(MessageModel::SenderRole).toString();
    return grouped ? flags : flags | StartsGroup;
}

bool MessageDelegate::startsDay(const QModelIndex &index)
{
    return index.isValid() && (rowFlags(index) & StartsDay);
}

bool MessageDelegate::startsGroup(const QModelIndex &index)
{
    return index.isValid() && (rowFlags(index) & StartsGroup);
}

bool MessageDelegate::isRetryable(const QModelIndex &index)
{
    return isOwn(index) && deliveryOf(index) == ChatMessage::Delivery::Failed
            && !index.data(MessageModel::ClientIdRole).toString().isEmpty();
}

int MessageDelegate::rowWidth(const QStyleOptionViewItem &option)
{
    // QListView asks sizeHint() with no useful rect; the row is as wide as the viewport.
    int width = option.rect.width();
    if (const auto *view = qobject_cast<const QAbstractItemView *>(option.widget)) {
        width = view->viewport()->width();
        // Measure as if the vertical scroll bar were shown: when it appears (the conversation
        // outgrows the window) the rows keep their width and nothing is measured again.
        const QScrollBar *bar = view->verticalScrollBar();
        if (view->verticalScrollBarPolicy() == Qt::ScrollBarAsNeeded && !bar->isVisibleTo(view)
            && !view->style()->styleHint(QStyle::SH_ScrollBar_Transient, nullptr, bar)) {
            width -= bar->sizeHint().width();
        }
    }
    // A view not shown yet may be 0 wide: measure for a narrow bubble, not one glyph a line.
    return std::max(kMinRowWidth, width);
}

MessageMetrics MessageDelegate::metricsFor(const QFont &font)
{
    // Widest of all marks, so that a delivery change never changes a bubble's size.
    return MessageMetrics(font, {MessageTexts::deliveryMark(ChatMessage::Delivery::Pending),
                                 MessageTexts::deliveryMark(ChatMessage::Delivery::Sent),
                                 MessageTexts::deliveryMark(ChatMessage::Delivery::Delivered),
                                 MessageTexts::deliveryMark(ChatMessage::Delivery::Failed)});
}

std::unique_ptr<QTextLayout> MessageDelegate::layoutBody(const QModelIndex &index, int width,
                                                         const MessageMetrics &metrics,
                                                         const MessageClip::Limits &limits) const
{
    ++m_layoutCount;
    return metrics.layoutText(MessageTexts::bodyText(index, limits), width, limits.lines);
}

MessageMetrics::Body MessageDelegate::measureBody(const QModelIndex &index, int width,
                                                  MessageMetrics &metrics,
                                                  std::unique_ptr<QTextLayout> *layout,
                                                  const MessageClip::Limits &limits) const
{
    const MessageClip::Shown shown = MessageClip::shown(MessageTexts::shownText(index), limits);
    ++m_layoutCount;
    std::unique_ptr<QTextLayout> laid = metrics.layoutText(shown.text, width, limits.lines);
    MessageMetrics::Body body = metrics.measure(*laid, width, MessageTexts::senderText(index), MessageTexts::timeText(index));
    body.clipped = body.clipped || shown.clipped;
    body.expandable = body.clipped && !MessageClip::isMaximal(limits);
    body.links = MessageClip::linksWithin(shown.links, body.laidOutChars);
    measureExtras(index, metrics, &body, true);
    if (layout)
        *layout = std::move(laid);
    return body;
}

MessageMetrics::Body MessageDelegate::estimateBody(const QModelIndex &index, int width,
                                                   MessageMetrics &metrics,
                                                   const MessageClip::Limits &limits)
{
    const MessageClip::Shown shown = MessageClip::shown(MessageTexts::shownText(index), limits, false);
    MessageMetrics::Body body = metrics.estimate(shown.text, width, MessageTexts::senderText(index),
                                                 MessageTexts::timeText(index), limits.lines);
    body.clipped = body.clipped || shown.clipped;
    body.expandable = body.clipped && !MessageClip::isMaximal(limits);
    measureExtras(index, metrics, &body, false);
    return body;
}

void MessageDelegate::measureExtras(const QModelIndex &index, const MessageMetrics &metrics,
                                    MessageMetrics::Body *body, bool exact)
{
    // One line each, elided when painted: their cost does not grow with what a peer sends. An
    // estimate counts characters (shaping emoji means font fallback: the slow part of a burst).
    const auto width = [&metrics, exact](const QString &text, int charWidth) {
        return exact ? metrics.small.horizontalAdvance(text) : int(text.size()) * charWidth;
    };
    const QString reply = MessageTexts::replyText(index);
    // +1 px each side: elidedText() cuts a text whose advance rounds to exactly the width.
    body->replyWidth = reply.isEmpty() ? 0 : kReplyBarWidth + kReplyBarGap + width(reply, metrics.charWidth) + 2;
    const QString reactions = MessageTexts::reactionsText(index);
    body->reactionsWidth = reactions.isEmpty() ? 0 : width(reactions, 2 * metrics.charWidth);
    // An image gets its box whether or not its thumbnail is there yet: nothing moves when it comes.
    const FileRef file = index.data(MessageModel::FileRole).value<FileRef>();
    const bool shown = !file.isNull() && !index.data(MessageModel::DeletedRole).toBool();
    body->preview = !shown ? QSize() : file.isImage() ? ImagePreviews::kBox : FileCard::kSize;
    body->fileCard = shown && !file.isImage();
}

MessageDelegate::Geometry MessageDelegate::compose(const MessageMetrics::Body &body, quint8 flags,
                                                   int width, const MessageMetrics &metrics)
{
    const QFontMetrics &nameFm = metrics.name;
    const QFontMetrics &smallFm = metrics.small;
    const bool own = flags & Own;
    const bool group = flags & StartsGroup;
    const int maxText = MessageMetrics::maxTextWidth(width);
    // A body shown in part ends with its "Show more" line: the time goes beside that one.
    MessageMetrics::Body b = body;
    int moreWidth = 0;
    if (body.clipped) {
        moreWidth = std::min(maxText, smallFm.horizontalAdvance(MessageTexts::moreText(body.expandable)));
        b.lastLineTop = body.textSize.height() + kHeaderGap;
        b.lastLineHeight = smallFm.height();
        b.lastLineWidth = moreWidth;
        b.textSize = QSize(std::max(body.textSize.width(), moreWidth),
                           b.lastLineTop + b.lastLineHeight);
    }

    Geometry g;
    int y = group ? kGroupGap : kGroupedGap;
    if (flags & StartsDay) {
        y += kDayMarginV;
        g.day = QRect(0, y, width, smallFm.height() + 2 * kDayPaddingV);
        y = g.day.bottom() + 1 + kDayMarginV;
    }
    if (flags & StartsUnread) {
        g.unreadLine = QRect(0, y, width, smallFm.height() + 2 * kDayPaddingV);
        y = g.unreadLine.bottom() + 1 + kDayMarginV;
    }

    // The time (and mark) sit at the bottom right, beside the last line when it leaves room.
    const int trailer = b.timeWidth + (own ? kMarkGap + metrics.markWidth : 0);
    const bool beside = b.lastLineWidth + kTimeGap + trailer <= maxText;
    int content = std::max(b.textSize.width(),
                           beside ? b.lastLineWidth + kTimeGap + trailer : trailer);
    if (group)
        content = std::max(content, b.nameWidth);
    const QSize preview = b.preview.isEmpty() ? QSize() : b.preview.boundedTo(QSize(maxText, b.preview.height()));
    content = std::max({content, b.replyWidth, b.reactionsWidth, preview.width()});
    content = std::min(content, maxText);
    const int nameHeight = group ? nameFm.height() + kHeaderGap : 0;
    const int replyHeight = (b.replyWidth > 0 ? smallFm.height() + kHeaderGap : 0)
            + (preview.isEmpty() ? 0 : preview.height() + kHeaderGap);
    const int trailerLine = beside ? 0 : kHeaderGap + smallFm.height();
    const int reactionsHeight = b.reactionsWidth > 0 ? kHeaderGap + std::max(smallFm.height(), metrics.lineHeight) : 0;
    const int bubbleWidth = content + 2 * kPaddingH;
    const int bubbleHeight = kPaddingV + nameHeight + replyHeight + b.textSize.height() + trailerLine
            + reactionsHeight + kPaddingV;
    const int bubbleX = own ? std::max(kRowMarginH, width - kRowMarginH - bubbleWidth)
                            : kRowMarginH;
    g.bubble = QRect(bubbleX, y, bubbleWidth, bubbleHeight);

    const int left = bubbleX + kPaddingH;
    const int right = left + content;  // one past the content
    const int top = y + kPaddingV;
    if (group)
        g.sender = QRect(left, top, content, nameFm.height());
    if (b.replyWidth > 0)
        g.reply = QRect(left, top + nameHeight, content, smallFm.height());
    if (!preview.isEmpty()) {
        (b.fileCard ? g.fileCard : g.preview) =
                QRect(QPoint(left, top + nameHeight + (b.replyWidth > 0 ? smallFm.height() + kHeaderGap : 0)), preview);
    }
    g.text = QRect(left, top + nameHeight + replyHeight, content, body.textSize.height());
    if (body.clipped) {
        g.more = QRect(left, g.text.top() + b.lastLineTop, moreWidth, b.lastLineHeight);
        g.moreExpands = body.expandable;
    }
    const int trailerTop = beside ? g.text.top() + b.lastLineTop
                                  : g.text.top() + b.textSize.height() + kHeaderGap;
    const int trailerHeight = beside ? std::max(1, b.lastLineHeight) : smallFm.height();
    if (own)
        g.mark = QRect(right - metrics.markWidth, trailerTop, metrics.markWidth, trailerHeight);
    g.time = QRect(right - trailer, trailerTop, b.timeWidth, trailerHeight);
    if (reactionsHeight > 0)
        g.reactions = QRect(left, trailerTop + trailerHeight + kHeaderGap, content,
                            std::max(smallFm.height(), metrics.lineHeight));
    y = g.bubble.bottom() + 1;

    if (flags & Failed) {
        // Under the bubble, right-aligned with it: what happened and what to do about it.
        y += kFooterGap;
        const int retryWidth = smallFm.horizontalAdvance(MessageTexts::retryText());
        const int failureWidth = smallFm.horizontalAdvance(MessageTexts::failureText());
        g.retry = QRect(g.bubble.right() + 1 - retryWidth, y, retryWidth, smallFm.height());
        g.failure = QRect(g.retry.left() - kFooterSpacing - failureWidth, y, failureWidth,
                          smallFm.height());
        y = g.retry.bottom() + 1;
    }
    g.size = QSize(width, y + kRowMarginBottom);
    return g;
}

MessageDelegate::Row MessageDelegate::row(const QStyleOptionViewItem &option,
                                          const QModelIndex &index) const
{
    Row r;
    if (RowLayoutCache *cache = cacheFor(option)) {
        r.geometry = cache->geometry(option, index);
        r.links = cache->links(option, index);
        r.metrics = &cache->metrics();
        r.text = &cache->textLayout(option, index);  // last: a later lookup may evict it
        return r;
    }
    r.ownMetrics = std::make_unique<MessageMetrics>(metricsFor(option.font));
    const int width = rowWidth(option);
    const MessageMetrics::Body body = measureBody(index, width, *r.ownMetrics, &r.ownText);
    r.geometry = compose(body, rowFlags(index), width, *r.ownMetrics);
    r.links = body.links;
    r.metrics = r.ownMetrics.get();
    r.text = r.ownText.get();
    return r;
}

MessageDelegate::Geometry MessageDelegate::geometry(const QStyleOptionViewItem &option,
                                                    const QModelIndex &index) const
{
    if (RowLayoutCache *cache = cacheFor(option))
        return cache->geometry(option, index);
    MessageMetrics metrics = metricsFor(option.font);
    const int width = rowWidth(option);
    return compose(measureBody(index, width, metrics), rowFlags(index), width, metrics);
}

QList<LinkFinder::Link> MessageDelegate::links(const QStyleOptionViewItem &option,
                                               const QModelIndex &index) const
{
    if (!index.isValid())
        return {};
    if (RowLayoutCache *cache = cacheFor(option))
        return cache->links(option, index);
    return MessageClip::shown(index.data(MessageModel::TextRole).toString(),
                              MessageClip::kCollapsed).links;
}

QList<QRect> MessageDelegate::linkRects(const Row &row, const LinkFinder::Link &link)
{
    const QTextLayout &layout = *row.text;
    const int start = link.start;
    const int end = start + link.length;
    QList<QRect> rects;
    for (int i = 0; i < layout.lineCount(); ++i) {
        const QTextLine line = layout.lineAt(i);
        const int from = std::max(start, line.textStart());
        const int to = std::min(end, line.textStart() + line.textLength());
        if (from >= to)
            continue;
        const qreal x1 = line.cursorToX(from);
        const qreal x2 = line.cursorToX(to);
        const QRectF r(std::min(x1, x2), line.y(), std::abs(x2 - x1), line.height());
        rects.append(r.toAlignedRect().translated(row.geometry.text.topLeft()));
    }
    return rects;
}

QList<QRect> MessageDelegate::linkRects(const QStyleOptionViewItem &option,
                                        const QModelIndex &index, int link) const
{
    if (!index.isValid() || link < 0)
        return {};
    const Row r = row(option, index);
    if (link >= r.links.size())
        return {};
    return linkRects(r, r.links.at(link));
}

QUrl MessageDelegate::linkAt(const Row &row, const QPoint &pos)
{
    if (!row.geometry.text.contains(pos))
        return {};
    for (const LinkFinder::Link &link : row.links) {
        for (const QRect &r : linkRects(row, link)) {
            if (r.contains(pos))
                return link.url;
        }
    }
    return {};
}

QUrl MessageDelegate::linkAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                             const QPoint &pos) const
{
    if (!index.isValid())
        return {};
    return linkAt(row(option, index), pos);
}

bool MessageDelegate::isRetryAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                                const QPoint &pos) const
{
    return index.isValid() && isRetryable(index) && geometry(option, index).retry.contains(pos);
}

bool MessageDelegate::canShowMore(const QStyleOptionViewItem &option,
                                  const QModelIndex &index) const
{
    return index.isValid() && geometry(option, index).moreExpands;
}

bool MessageDelegate::isPreviewAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                                  const QPoint &pos) const
{
    return index.isValid() && geometry(option, index).preview.contains(pos);
}

FileCard::Hit MessageDelegate::fileCardHitAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                                             const QPoint &pos) const
{
    if (!index.isValid())
        return FileCard::Hit::None;
    const Row r = row(option, index);
    return r.geometry.fileCard.isNull() ? FileCard::Hit::None
                                        : FileCard::hitAt(r.geometry.fileCard, r.metrics->small, pos);
}

bool MessageDelegate::isReplyAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                                const QPoint &pos) const
{
    return index.isValid() && geometry(option, index).reply.contains(pos);
}

QRect MessageDelegate::hoverButtonRect(const Geometry &g, bool own, HoverButton button)
{
    if (button == HoverButton::None || g.bubble.isNull())
        return {};
    constexpr int size = kHoverButtonSize;
    constexpr int both = 2 * size + kHoverButtonGap;
    // Towards the middle of the row: left of one's own bubbles, right of the others'.
    const int left = own ? g.bubble.left() - kHoverButtonGap - both
                         : g.bubble.right() + 1 + kHoverButtonGap;
    if (left < 0 || left + both > g.size.width())
        return {};
    const int offset = (button == HoverButton::Reply) == own ? size + kHoverButtonGap : 0;
    return QRect(left + offset, g.bubble.top(), size, size);
}

bool MessageDelegate::hasHoverButtons(const QStyleOptionViewItem &option, const QModelIndex &index)
{
    // The view's own actions (MessageView makes them its child): available only where the
    // server has them.
    const MessageActions *actions = option.widget
            ? option.widget->findChild<MessageActions *>(QString(), Qt::FindDirectChildrenOnly)
            : nullptr;
    return actions && actions->isAvailable() && index.isValid()
            && index.data(MessageModel::SeqRole).toLongLong() > 0
            && !index.data(MessageModel::DeletedRole).toBool();
}

MessageDelegate::HoverButton MessageDelegate::hoverButtonAt(const QStyleOptionViewItem &option,
                                                            const QModelIndex &index,
                                                            const QPoint &pos) const
{
    if (!hasHoverButtons(option, index))
        return HoverButton::None;
    const Geometry g = geometry(option, index);
    for (const HoverButton b : {HoverButton::Reply, HoverButton::React}) {
        if (hoverButtonRect(g, isOwn(index), b).contains(pos))
            return b;
    }
    return HoverButton::None;
}

int MessageDelegate::textPositionAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                                    const QPoint &pos) const
{
    if (!index.isValid())
        return -1;
    const Row r = row(option, index);
    const QTextLayout &layout = *r.text;
    const QPoint p = pos - r.geometry.text.topLeft();
    if (layout.lineCount() == 0 || p.y() < 0)
        return 0;
    for (int i = 0; i < layout.lineCount(); ++i) {
        const QTextLine line = layout.lineAt(i);
        if (p.y() < line.y() + line.height())
            return line.xToCursor(p.x());
    }
    return int(layout.text().size());
}

bool MessageDelegate::isTextAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                               const QPoint &pos) const
{
    return index.isValid() && geometry(option, index).text.contains(pos);
}

QString MessageDelegate::layoutText(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    return index.isValid() ? row(option, index).text->text() : QString();
}

bool MessageDelegate::isMoreAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                               const QPoint &pos) const
{
    if (!index.isValid())
        return false;
    const Geometry g = geometry(option, index);
    return g.moreExpands && g.more.contains(pos);
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (!index.isValid())
        return {};
    // The hot path of every relayout: the view's cache answers with one lookup.
    if (RowLayoutCache *cache = cacheFor(option))
        return cache->sizeHint(option, index);
    return geometry(option, index).size;
}

void MessageDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                            const QModelIndex &index) const
{
    if (!index.isValid())
        return;
    const Row r = row(option, index);
    MessagePainter::Row painted{r.geometry, *r.metrics, *r.text, r.links, 0, 0, {}};
    if (!r.geometry.preview.isNull()) {
        if (ImagePreviews *previews = ImagePreviews::of(option.widget)) {
            const FileRef file = index.data(MessageModel::FileRole).value<FileRef>();
            painted.preview = previews->preview(file, option.widget ? option.widget->devicePixelRatioF() : 1.0);
        }
    }
    if (const TextSelection *selection = TextSelection::of(option.widget);
        selection && selection->hasSelection() && selection->index() == index) {
        painted.selectionStart = selection->start();
        painted.selectionEnd = selection->end();
    }
    MessagePainter::paint(painter, option, index, painted);
    if ((option.state & QStyle::State_MouseOver) && hasHoverButtons(option, index)) {
        MessagePainter::paintHoverButtons(
                painter, option,
                hoverButtonRect(r.geometry, isOwn(index), HoverButton::Reply).translated(option.rect.topLeft()),
                hoverButtonRect(r.geometry, isOwn(index), HoverButton::React).translated(option.rect.topLeft()));
    }
}

bool MessageDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
                                const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event && view && index.isValid() && event->type() == QEvent::ToolTip) {
        const Row r = row(option, index);
        const QPoint pos = event->pos() - option.rect.topLeft();
        const QString tip = MessageToolTip::at(r.geometry, index, pos, linkAt(r, pos),
                                               hoverButtonAt(option, index, pos));
        if (!tip.isEmpty()) {
            QToolTip::showText(event->globalPos(), tip, view, view->visualRect(index));
            return true;
        }
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}
