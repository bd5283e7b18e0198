#include "searchresultdelegate.h"

#include "messagetimetext.h"
#include "searchexcerpt.h"
#include "searchmodel.h"

#include <QApplication>
#include <QLocale>
#include <QPainter>
#include <QTextLayout>

namespace {
constexpr int kPaddingH = 8;
constexpr int kPaddingV = 5;
constexpr int kLineGap = 2;
}  // namespace

QString SearchResultDelegate::whenText(const QDateTime &time)
{
    // "Today 14:02", "Yesterday 09:10", "12 Nov 2026 14:02": short enough for a narrow panel; the
    // full date is in the conversation's tooltip.
    const QDateTime local = time.toLocalTime();
    const QDate today = QDate::currentDate();
    const QString day = local.date() >= today.addDays(-1)
            ? MessageTimeText::dayText(local.date(), today)
            : QLocale().toString(local.date(), QLocale::ShortFormat);
    return tr("%1 %2").arg(day, MessageTimeText::clockText(time));
}

QString SearchResultDelegate::headerText(const QModelIndex &index)
{
    const QString sender = index.data(SearchModel::SenderRole).toString();
    return tr("#%1 · %2 · %3")
            .arg(index.data(SearchModel::RoomRole).toString(),
                 sender.isEmpty() ? tr("Unknown") : sender,
                 whenText(index.data(SearchModel::TimeRole).toDateTime()));
}

QSize SearchResultDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const QFontMetrics fm(option.font);
    return QSize(200, 2 * kPaddingV + 2 * fm.height() + kLineGap);
}

void SearchResultDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                 const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);

    const bool selected = option.state & QStyle::State_Selected;
    const QPalette &palette = option.palette;
    const QColor text = palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    QColor muted = text;
    muted.setAlphaF(0.65f);
    const QFontMetrics fm(option.font);
    const QRect area = option.rect.adjusted(kPaddingH, kPaddingV, -kPaddingH, -kPaddingV);

    painter->save();
    painter->setClipRect(option.rect);
    QFont small = option.font;
    small.setPointSizeF(option.font.pointSizeF() * 0.9);
    painter->setFont(small);
    painter->setPen(muted);
    const QRect header(area.left(), area.top(), area.width(), fm.height());
    // QPainter::drawText(QRect, flags, QString) never interprets markup.
    painter->drawText(header, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine,
                      QFontMetrics(small).elidedText(headerText(index), Qt::ElideRight, header.width()));

    QList<SearchExcerpt::Range> ranges;
    const QString excerpt = SearchExcerpt::of(index.data(SearchModel::TextRole).toString(),
                                              index.data(SearchModel::TermsRole).toStringList(), &ranges);
    QList<QTextLayout::FormatRange> formats;
    for (const SearchExcerpt::Range &r : std::as_const(ranges)) {
        QTextLayout::FormatRange f;
        f.start = r.start;
        f.length = r.length;
        f.format.setFontWeight(QFont::Bold);
        if (!selected)
            f.format.setBackground(QColor(255, 214, 0, 110)); // a marker pen, readable in both themes
        formats << f;
    }
    QTextLayout layout(excerpt, option.font);
    QTextOption textOption;
    textOption.setWrapMode(QTextOption::NoWrap);
    layout.setTextOption(textOption);
    layout.setFormats(formats);
    layout.beginLayout();
    QTextLine line = layout.createLine();
    if (line.isValid())
        line.setLineWidth(area.width());
    layout.endLayout();
    painter->setPen(text);
    painter->setClipRect(QRect(area.left(), header.bottom() + kLineGap, area.width(), fm.height() + 2));
    layout.draw(painter, QPointF(area.left(), header.bottom() + 1 + kLineGap));
    painter->restore();
}
