#include "messagepainter.h"

#include "filecard.h"
#include "messagemetrics.h"
#include "messagemodel.h"
#include "messagetexts.h"
#include "messagetimetext.h"
#include "sendercolors.h"

#include <QPainter>
#include <QTextLayout>

namespace {

constexpr int kRowMarginH = MessageMetrics::kRowMarginH;
constexpr int kDayPaddingH = 10;     // between the day's words and the lines beside them
constexpr qreal kBubbleRadius = 10;
//! The bar of a file on its way, along the bottom of its bubble (within its padding).
constexpr qreal kProgressBarHeight = 3;
constexpr qreal kFocusPenWidth = 2;
constexpr qreal kMentionBarWidth = 4; // the bar of a message that mentions the user

ChatMessage::Delivery deliveryOf(const QModelIndex &index)
{
    return static_cast<ChatMessage::Delivery>(index.data(MessageModel::DeliveryRole).toInt());
}

}  // namespace

QColor MessagePainter::mix(const QColor &a, const QColor &b, qreal t)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
                            float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

void MessagePainter::paintDay(QPainter *painter, const QStyleOptionViewItem &option,
                              const QRect &band, const QModelIndex &index)
{
    const QPalette &palette = option.palette;
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    QFont font = MessageMetrics::smallFont(option.font);
    font.setWeight(QFont::DemiBold);
    const QFontMetrics fm(font);
    // Worded when painted, not when measured: "Today" becomes "Yesterday" at midnight with no
    // change of size.
    const QString words = MessageTimeText::dayText(
            MessageTimeText::localDay(index.data(MessageModel::TimeRole).toDateTime()),
            QDate::currentDate());
    const int wordsWidth = fm.horizontalAdvance(words);
    const QRect label(band.center().x() - wordsWidth / 2 - kDayPaddingH, band.top(),
                      wordsWidth + 2 * kDayPaddingH, band.height());
    const int y = band.center().y();
    painter->setPen(QPen(mix(base, text, 0.18), 1));
    painter->drawLine(QPoint(band.left() + kRowMarginH, y), QPoint(label.left(), y));
    painter->drawLine(QPoint(label.right(), y), QPoint(band.right() - kRowMarginH, y));
    painter->setFont(font);
    painter->setPen(SenderColors::readable(mix(base, text, 0.6), base));
    painter->drawText(label, Qt::AlignCenter | Qt::TextSingleLine, words);
}

void MessagePainter::paintBody(QPainter *painter, const QStyleOptionViewItem &option,
                               const Row &row, const QColor &bubbleColor, const QColor &muted)
{
    const MessageDelegate::Geometry &g = row.geometry;
    const QPalette &palette = option.palette;
    // Links are formats over the plain text: the same glyphs, underlined in the link colour.
    const QColor linkColor = SenderColors::readable(palette.color(QPalette::Link), bubbleColor);
    QList<QTextLayout::FormatRange> formats;
    formats.reserve(row.links.size());
    for (const LinkFinder::Link &link : row.links) {
        QTextLayout::FormatRange range;
        range.start = link.start;
        range.length = link.length;
        range.format.setForeground(linkColor);
        range.format.setFontUnderline(true);
        formats.append(range);
    }
    if (row.selectionEnd > row.selectionStart) {
        // Last: over the links' colours, as in any text field.
        QTextLayout::FormatRange range;
        range.start = row.selectionStart;
        range.length = row.selectionEnd - row.selectionStart;
        range.format.setBackground(palette.color(QPalette::Highlight));
        range.format.setForeground(palette.color(QPalette::HighlightedText));
        formats.append(range);
    }
    painter->save();
    QRect clip = g.bubble;
    if (!g.more.isNull())
        clip.setBottom(g.more.top() - 1);  // stacked marks stop above "Show more"
    painter->setClipRect(clip, Qt::IntersectClip);
    painter->setPen(palette.color(QPalette::Text));
    row.text.draw(painter, g.text.topLeft(), formats);
    painter->restore();

    if (g.more.isNull())
        return;
    QFont small = MessageMetrics::smallFont(option.font);
    small.setUnderline(g.moreExpands);
    painter->setFont(small);
    painter->setPen(g.moreExpands ? linkColor : muted);
    const QString more = row.metrics.small.elidedText(MessageTexts::moreText(g.moreExpands),
                                                      Qt::ElideRight, g.more.width());
    painter->drawText(g.more, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine, more);
}

void MessagePainter::paint(QPainter *painter, const QStyleOptionViewItem &option,
                           const QModelIndex &index, const Row &row)
{
    const MessageDelegate::Geometry &g = row.geometry;
    const QPalette &palette = option.palette;
    const bool dark = SenderColors::isDark(palette);
    const bool own = index.data(MessageModel::OwnRole).toBool();
    const QColor base = palette.color(QPalette::Base);
    const QColor textColor = palette.color(QPalette::Text);
    const QColor bubbleColor = own ? mix(base, palette.color(QPalette::Highlight), dark ? 0.38 : 0.2)
                                   : mix(base, textColor, dark ? 0.12 : 0.07);
    const QColor muted = SenderColors::readable(mix(bubbleColor, textColor, 0.62), bubbleColor);
    const QColor errorColor = dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xc6, 0x28, 0x28);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::TextAntialiasing);
    if (option.state & QStyle::State_Selected) {
        QColor selection = palette.color(QPalette::Highlight);
        selection.setAlphaF(0.18f);
        painter->fillRect(option.rect, selection);
    }
    painter->translate(option.rect.topLeft());

    if (!g.day.isNull())
        paintDay(painter, option, g.day, index);
    if (!g.unreadLine.isNull()) {
        // Where the unread messages begin: the day separator's shape in the highlight colour.
        const QColor accent = SenderColors::readable(palette.color(QPalette::Highlight), base);
        QFont font = MessageMetrics::smallFont(option.font);
        font.setWeight(QFont::DemiBold);
        const QFontMetrics fm(font);
        const QString words = MessageTexts::unreadLineText();
        const int wordsWidth = fm.horizontalAdvance(words);
        const QRect band = g.unreadLine;
        const QRect label(band.center().x() - wordsWidth / 2 - kDayPaddingH, band.top(),
                          wordsWidth + 2 * kDayPaddingH, band.height());
        const int y = band.center().y();
        painter->setPen(QPen(accent, 1));
        painter->drawLine(QPoint(band.left() + kRowMarginH, y), QPoint(label.left(), y));
        painter->drawLine(QPoint(label.right(), y), QPoint(band.right() - kRowMarginH, y));
        painter->setFont(font);
        painter->drawText(label, Qt::AlignCenter | Qt::TextSingleLine, words);
    }

    painter->setPen(Qt::NoPen);
    painter->setBrush(bubbleColor);
    painter->drawRoundedRect(QRectF(g.bubble), kBubbleRadius, kBubbleRadius);
    if (index.data(MessageModel::MentionsMeRole).toBool()) {
        // Someone wrote "@you": a bar in the highlight colour down the bubble's left edge.
        painter->setBrush(palette.color(QPalette::Highlight));
        painter->drawRoundedRect(QRectF(g.bubble.left(), g.bubble.top(), kMentionBarWidth, g.bubble.height()),
                                 kMentionBarWidth / 2.0, kMentionBarWidth / 2.0);
    }
    if (option.state & QStyle::State_HasFocus) {
        // Keyboard users see which message Enter, Ctrl+C and the menu key act on.
        painter->setPen(QPen(palette.color(QPalette::Highlight), kFocusPenWidth));
        painter->setBrush(Qt::NoBrush);
        const qreal inset = kFocusPenWidth / 2;
        painter->drawRoundedRect(QRectF(g.bubble).adjusted(inset, inset, -inset, -inset),
                                 kBubbleRadius, kBubbleRadius);
    }

    // QPainter::drawText(QRect, flags, QString) never interprets markup.
    if (!g.sender.isNull()) {
        painter->setFont(MessageMetrics::nameFont(option.font));
        painter->setPen(SenderColors::color(index.data(MessageModel::SenderRole).toString(),
                                            palette));
        const QString sender = row.metrics.name.elidedText(MessageTexts::senderText(index),
                                                           Qt::ElideRight, g.sender.width());
        painter->drawText(g.sender, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine,
                          sender);
    }

    const QFont small = MessageMetrics::smallFont(option.font);
    painter->setFont(small);
    painter->setPen(muted);
    painter->drawText(g.time, Qt::AlignRight | Qt::AlignBottom | Qt::TextSingleLine,
                      MessageTexts::timeText(index));
    if (own) {
        const ChatMessage::Delivery state = deliveryOf(index);
        QColor markColor = muted;
        if (state == ChatMessage::Delivery::Failed)
            markColor = SenderColors::readable(errorColor, bubbleColor);
        else if (state == ChatMessage::Delivery::Delivered
                 && !index.data(MessageModel::ReadByRole).toStringList().isEmpty())
            markColor = SenderColors::readable(palette.color(QPalette::Link), bubbleColor); // Read
        else if (state == ChatMessage::Delivery::Delivered)
            markColor = mix(bubbleColor, textColor, 0.85);
        painter->setFont(option.font);
        painter->setPen(markColor);
        painter->drawText(g.mark, Qt::AlignRight | Qt::AlignBottom | Qt::TextSingleLine,
                          MessageTexts::deliveryMark(state));
    }

    paintBody(painter, option, row, bubbleColor, muted);
    if (!g.preview.isNull())
        paintPreview(painter, g.preview, row.preview, mix(bubbleColor, textColor, 0.08));
    if (!g.fileCard.isNull()) {
        FileCard::paint(painter, option, g.fileCard, index.data(MessageModel::FileRole).value<FileRef>(),
                        mix(bubbleColor, textColor, 0.08), muted,
                        SenderColors::readable(palette.color(QPalette::Link), bubbleColor));
    }
    // A file on its way: a bar along the bottom of the bubble, as far as the server has it.
    if (const QVariant upload = index.data(MessageModel::UploadProgressRole); upload.isValid() && upload.toInt() >= 0) {
        const QRectF track(g.bubble.left() + kBubbleRadius, g.bubble.bottom() - kProgressBarHeight - 1,
                           g.bubble.width() - 2 * kBubbleRadius, kProgressBarHeight);
        painter->setPen(Qt::NoPen);
        painter->setBrush(mix(bubbleColor, textColor, 0.15));
        painter->drawRect(track);
        painter->setBrush(palette.color(QPalette::Highlight));
        painter->drawRect(QRectF(track.topLeft(), QSizeF(track.width() * qBound(0, upload.toInt(), 100) / 100.0, track.height())));
    }

    if (!g.reply.isNull()) {
        // The answered message, quoted: a bar in the sender colour, then one muted line.
        painter->setPen(Qt::NoPen);
        painter->setBrush(muted);
        painter->drawRect(QRect(g.reply.left(), g.reply.top(), MessageDelegate::kReplyBarWidth, g.reply.height()));
        painter->setFont(small);
        painter->setPen(muted);
        const QRect quote = g.reply.adjusted(MessageDelegate::kReplyBarWidth + MessageDelegate::kReplyBarGap, 0, 0, 0);
        painter->drawText(quote, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine,
                          row.metrics.small.elidedText(MessageTexts::replyText(index), Qt::ElideRight,
                                                       quote.width()));
    }
    if (!g.reactions.isNull()) {
        painter->setFont(small);
        painter->setPen(textColor);
        painter->drawText(g.reactions, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine,
                          row.metrics.small.elidedText(MessageTexts::reactionsText(index), Qt::ElideRight,
                                                       g.reactions.width()));
    }

    if (!g.retry.isNull()) {
        painter->setFont(small);
        painter->setPen(SenderColors::readable(errorColor, base));
        painter->drawText(g.failure, Qt::AlignRight | Qt::AlignVCenter | Qt::TextSingleLine,
                          MessageTexts::failureText());
        QFont underlined = small;
        underlined.setUnderline(true);
        painter->setFont(underlined);
        painter->setPen(SenderColors::readable(palette.color(QPalette::Link), base));
        painter->drawText(g.retry, Qt::AlignRight | Qt::AlignVCenter | Qt::TextSingleLine,
                          MessageTexts::retryText());
    }
    painter->restore();
}

void MessagePainter::paintHoverButtons(QPainter *painter, const QStyleOptionViewItem &option,
                                       const QRect &reply, const QRect &react)
{
    const QPalette &palette = option.palette;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QColor face = palette.color(QPalette::Button);
    const QColor border = mix(face, palette.color(QPalette::ButtonText), 0.25);
    // Glyphs every desktop font has (no emoji font needed): an arrow back, a smiling face.
    const std::pair<QRect, QString> buttons[] = {{reply, QStringLiteral("\u21A9")},
                                                 {react, QStringLiteral("\u263A")}};
    for (const auto &[rect, glyph] : buttons) {
        if (rect.isNull())
            continue;
        painter->setPen(QPen(border, 1));
        painter->setBrush(face);
        painter->drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 5, 5);
        painter->setPen(palette.color(QPalette::ButtonText));
        painter->setFont(option.font);
        painter->drawText(rect, Qt::AlignCenter | Qt::TextSingleLine, glyph);
    }
    painter->restore();
}

void MessagePainter::paintPreview(QPainter *painter, const QRect &box, const QImage &image,
                                  const QColor &placeholder)
{
    // The box is reserved whatever comes: a placeholder until the thumbnail is there.
    if (image.isNull()) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(placeholder);
        painter->drawRoundedRect(QRectF(box), 4, 4);
        return;
    }
    // Decoded for this screen's pixel ratio: its logical size, shrunk to the box if need be.
    const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    QSizeF size = QSizeF(image.size()) / dpr;
    if (size.width() > box.width() || size.height() > box.height())
        size = size.scaled(QSizeF(box.size()), Qt::KeepAspectRatio);
    const QRectF target(QPointF(box.left(), box.top() + (box.height() - size.height()) / 2), size);
    painter->setRenderHint(QPainter::SmoothPixmapTransform);
    painter->drawImage(target, image);
}
