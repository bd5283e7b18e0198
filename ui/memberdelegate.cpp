#include "memberdelegate.h"

#include "membermodel.h"
#include "presencedot.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

namespace {
constexpr int kPadding = 4;
constexpr int kHorizontalPadding = 8;
} // namespace

MemberDelegate::MemberDelegate(const MemberModel *model, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_model(model)
{
}

QString MemberDelegate::displayText(const QModelIndex &index)
{
    const QString name = index.data(MemberModel::NameRole).toString();
    return index.data(MemberModel::SelfRole).toBool() ? tr("%1 (you)").arg(name) : name;
}

QString MemberDelegate::presenceNote()
{
    return tr("This server does not report “away”: everyone in the room is shown as online.");
}

QString MemberDelegate::toolTip(const QModelIndex &index) const
{
    const auto presence = MemberModel::Presence(index.data(MemberModel::PresenceRole).toInt());
    const QString name = index.data(MemberModel::NameRole).toString();
    QString text = presence == MemberModel::Presence::Unknown
            ? tr("%1 — presence unknown while Parley is not connected").arg(name)
            : tr("%1 — %2").arg(name, PresenceDot::words(presence));
    const QString username = index.data(MemberModel::UsernameRole).toString();
    if (!username.isEmpty())
        text += QLatin1Char('\n') + tr("User name: @%1").arg(username);
    if (m_model && !m_model->presenceReported())
        text += QLatin1Char('\n') + presenceNote();
    return text;
}

QSize MemberDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QFontMetrics fm(option.font);
    return {kHorizontalPadding * 2 + kDotSize + kPadding * 2 + fm.horizontalAdvance(displayText(index)),
            std::max(fm.height(), int(kDotSize)) + kPadding * 2};
}

void MemberDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                           const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
    opt.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

    const bool selected = opt.state & QStyle::State_Selected;
    const auto presence = MemberModel::Presence(index.data(MemberModel::PresenceRole).toInt());
    const QRect content = opt.rect.adjusted(kHorizontalPadding, 0, -kHorizontalPadding, 0);
    const QRectF dot(content.left(), content.center().y() - kDotSize / 2.0 + 0.5, kDotSize, kDotSize);

    painter->save();
    PresenceDot::paint(painter, dot, presence);
    const QRect textRect(int(dot.right()) + kPadding * 2, content.top(),
                         content.right() - int(dot.right()) - kPadding * 2, content.height());
    QFont font = opt.font;
    font.setBold(index.data(MemberModel::SelfRole).toBool());
    painter->setFont(font);
    painter->setPen(opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    painter->drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine,
                      QFontMetrics(font).elidedText(displayText(index), Qt::ElideRight, textRect.width()));
    painter->restore();
}

bool MemberDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
                               const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event && event->type() == QEvent::ToolTip && index.isValid()) {
        // Escaped and wrapped as rich text on purpose: a tooltip guesses rich text otherwise.
        QToolTip::showText(event->globalPos(),
                           QLatin1String("<p style='white-space:pre-wrap'>")
                                   + toolTip(index).toHtmlEscaped() + QLatin1String("</p>"),
                           view);
        return true;
    }
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}
