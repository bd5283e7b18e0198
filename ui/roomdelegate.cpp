#include "roomdelegate.h"

#include "presencedot.h"
#include "roomlistmodel.h"
#include "tintediconengine.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace {
//! Height of the badge and size of the bell, in pixels at scale 1, relative to the small font.
constexpr int kBadgeHorizontalPadding = 6;
constexpr int kIconSize = 14;
constexpr int kGap = 4;

QString oneLine(QString text)
{
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    text.replace(QLatin1Char('\r'), QLatin1Char(' '));
    text.replace(QChar(QChar::LineSeparator), QLatin1Char(' '));
    text.replace(QChar(QChar::ParagraphSeparator), QLatin1Char(' '));
    return text;
}

QFont smallFont(const QFont &base)
{
    QFont f = base;
    if (f.pointSizeF() > 0)
        f.setPointSizeF(f.pointSizeF() * 0.88);
    else if (f.pixelSize() > 0)
        f.setPixelSize(std::max(8, int(f.pixelSize() * 0.88)));
    return f;
}
} // namespace

RoomDelegate::RoomDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

QString RoomDelegate::badgeText(int unread)
{
    return unread > kMaxBadge ? tr("%1+").arg(kMaxBadge) : QString::number(unread);
}

QString RoomDelegate::previewText(const QModelIndex &index)
{
    const QString draft = index.data(RoomListModel::DraftRole).toString();
    const bool current = index.data(RoomListModel::CurrentRole).toBool();
    if (!draft.trimmed().isEmpty() && !current)
        return tr("Draft: %1").arg(oneLine(draft.left(200)));
    const QString text = index.data(RoomListModel::LastTextRole).toString();
    if (text.isEmpty())
        return {};
    const QString sender = index.data(RoomListModel::LastSenderRole).toString();
    const QString line = oneLine(text.left(200));
    if (index.data(RoomListModel::LastOwnRole).toBool())
        return tr("You: %1").arg(line);
    return sender.isEmpty() ? line : tr("%1: %2").arg(sender, line);
}

QString RoomDelegate::accessibleText(const QModelIndex &index)
{
    return index.data(Qt::AccessibleTextRole).toString();
}

QSize RoomDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    Q_UNUSED(index)
    const QFontMetrics name(option.font);
    const QFontMetrics preview(smallFont(option.font));
    return {option.rect.width() > 0 ? option.rect.width() : 160,
            kPadding * 2 + name.height() + 2 + preview.height()};
}

void RoomDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                         const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    // Background, selection and focus as the style draws them for any item view.
    opt.text.clear();
    opt.icon = QIcon();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const bool selected = opt.state & QStyle::State_Selected;
    const bool enabled = opt.state & QStyle::State_Enabled;
    const QPalette::ColorGroup group = !enabled ? QPalette::Disabled
                                     : (opt.state & QStyle::State_Active) ? QPalette::Active
                                                                          : QPalette::Inactive;
    const QColor textColor = opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    QColor dimColor = selected ? textColor : opt.palette.color(group, QPalette::PlaceholderText);
    if (selected)
        dimColor.setAlphaF(0.8);

    const QString name = index.data(RoomListModel::TitleRole).toString();
    const bool direct = index.data(RoomListModel::DirectRole).toBool();
    const int unread = index.data(RoomListModel::UnreadRole).toInt();
    const bool muted = index.data(RoomListModel::MutedRole).toBool();
    const QRect content = opt.rect.adjusted(kPadding, kPadding, -kPadding, -kPadding);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);

    // Right-hand side: badge and/or bell.
    int right = content.right();
    const QFont small = smallFont(opt.font);
    const QFontMetrics smallMetrics(small);
    const QFontMetrics nameMetrics(opt.font);
    const bool alone = previewText(index).isEmpty();
    const int firstLineCenter = alone ? opt.rect.center().y() : content.top() + nameMetrics.height() / 2;
    if (unread > 0) {
        QFont badgeFont = small;
        badgeFont.setBold(true);
        const QFontMetrics bm(badgeFont);
        const QString text = badgeText(unread);
        const int h = bm.height();
        const int w = std::max(h, bm.horizontalAdvance(text) + 2 * kBadgeHorizontalPadding);
        const QRect badge(right - w + 1, firstLineCenter - h / 2, w, h);
        // A muted room's count is grey: the placeholder grey reads on light and dark bases alike.
        QColor fill = muted ? opt.palette.color(group, QPalette::PlaceholderText)
                            : opt.palette.color(group, QPalette::Highlight);
        QColor ink = muted ? opt.palette.color(group, QPalette::Base)
                           : opt.palette.color(group, QPalette::HighlightedText);
        if (selected) {
            // On a highlighted row the highlight colour would vanish: the badge turns around.
            fill = opt.palette.color(group, QPalette::HighlightedText);
            ink = opt.palette.color(group, QPalette::Highlight);
        }
        painter->setPen(Qt::NoPen);
        painter->setBrush(fill);
        painter->drawRoundedRect(badge, h / 2.0, h / 2.0);
        painter->setPen(ink);
        painter->setFont(badgeFont);
        painter->drawText(badge, Qt::AlignCenter, text);
        right = badge.left() - kGap;
        if (index.data(RoomListModel::MentionsRole).toInt() > 0) {
            // Someone mentioned the user here: an "@" in the highlight colour, muted or not.
            const QRect at(right - h + 1, firstLineCenter - h / 2, h, h);
            painter->setPen(Qt::NoPen);
            painter->setBrush(selected ? opt.palette.color(group, QPalette::HighlightedText)
                                       : opt.palette.color(group, QPalette::Highlight));
            painter->drawEllipse(at);
            painter->setPen(selected ? opt.palette.color(group, QPalette::Highlight)
                                     : opt.palette.color(group, QPalette::HighlightedText));
            painter->drawText(at, Qt::AlignCenter, QStringLiteral("@"));
            right = at.left() - kGap;
        }
    }
    if (muted) {
        const QRect bell(right - kIconSize + 1, firstLineCenter - kIconSize / 2, kIconSize, kIconSize);
        TintedIconEngine::icon(QStringLiteral("muted"), selected ? QPalette::HighlightedText
                                                                 : QPalette::PlaceholderText)
                .paint(painter, bell, Qt::AlignCenter, enabled ? QIcon::Normal : QIcon::Disabled);
        right = bell.left() - kGap;
    }

    // First line: "# name", bold while unread (and not muted); alone and centred when the room
    // has nothing to preview yet.
    const QString preview = previewText(index);
    QFont nameFont = opt.font;
    nameFont.setBold(unread > 0 && !muted);
    const QFontMetrics nm(nameFont);
    const int nameTop = preview.isEmpty() ? opt.rect.center().y() - nm.height() / 2 : content.top();
    const QRect nameRect(content.left(), nameTop, std::max(0, right - content.left() + 1), nm.height());
    painter->setFont(nameFont);
    painter->setPen(muted && !selected ? dimColor : textColor);
    QRect textRect = nameRect;
    if (direct) {
        // A direct room: the person's presence where a room has its '#'.
        const QRectF dot(nameRect.left() + 1, nameRect.center().y() - PresenceDot::kSize / 2.0 + 0.5,
                         PresenceDot::kSize, PresenceDot::kSize);
        PresenceDot::paint(painter, dot,
                           Person::Presence(index.data(RoomListModel::PeerPresenceRole).toInt()));
        textRect.setLeft(int(dot.right()) + nm.horizontalAdvance(QLatin1Char(' ')) + 1);
    }
    painter->drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine,
                      nm.elidedText(direct ? name : QLatin1String("# ") + name, Qt::ElideRight, textRect.width()));

    // Second line: the preview.
    if (!preview.isEmpty()) {
        const QRect previewRect(content.left(), nameRect.bottom() + 2, content.width(), smallMetrics.height());
        QFont previewFont = small;
        const bool draft = !index.data(RoomListModel::DraftRole).toString().trimmed().isEmpty()
                        && !index.data(RoomListModel::CurrentRole).toBool();
        previewFont.setItalic(draft);
        painter->setFont(previewFont);
        painter->setPen(dimColor);
        painter->drawText(previewRect, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine,
                          QFontMetrics(previewFont).elidedText(preview, Qt::ElideRight, previewRect.width()));
    }
    painter->restore();
}

bool RoomDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
                             const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event && event->type() == QEvent::ToolTip && index.isValid()) {
        QStringList lines{accessibleText(index)};
        const QString preview = previewText(index);
        if (!preview.isEmpty())
            lines << preview;
        if (index.data(RoomListModel::DirectRole).toBool())
            lines << PresenceDot::words(Person::Presence(index.data(RoomListModel::PeerPresenceRole).toInt()));
        if (!index.data(RoomListModel::JoinedRole).toBool())
            lines << tr("Not joined yet: it is joined as soon as the server can be reached.");
        // Plain text: a tooltip would otherwise guess rich text from untrusted names.
        QToolTip::showText(event->globalPos(),
                           QLatin1String("<p style='white-space:pre-wrap'>")
                                   + lines.join(QLatin1Char('\n')).toHtmlEscaped() + QLatin1String("</p>"),
                           view);
        return true;
    }
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}
