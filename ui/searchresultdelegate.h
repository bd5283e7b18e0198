#pragma once
// SearchResultDelegate: one search result in two lines -- "#room · Sender · 12 Nov 14:02" above,
// the excerpt around the match (SearchExcerpt) with the terms marked below.
//
// Why painted as plain text: the text and names are untrusted; QTextLayout with formats has no
// notion of markup, so a message shows literally what was typed.
#include <QStyledItemDelegate>

class SearchResultDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    //! The first line: where, who and when.
    static QString headerText(const QModelIndex &index);
    //! When, briefly: "Today 14:02", "Yesterday 09:10", else the short local date and the time.
    static QString whenText(const QDateTime &time);
};
