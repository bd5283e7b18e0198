#pragma once
// RoomDelegate: one row of the rooms sidebar: "# name" (bold while there is something unread), a
// one-line preview of the newest message or of one's draft, and on the right the unread count as
// a badge (grey for a muted room) or the muted bell.
//
// Colours come from the palette only (Highlight for the badge, PlaceholderText for the preview), so
// the sidebar follows light and dark themes. Names and previews are untrusted: drawn as plain text.
#include <QStyledItemDelegate>

class RoomDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit RoomDelegate(QObject *parent = nullptr);

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

    //! The badge text for \a unread: the number, or "99+" above kMaxBadge.
    static QString badgeText(int unread);
    //! The preview line: "Draft: …" when there is a draft, else "sender: text" ("You: text" for
    //! one's own), on one line.
    static QString previewText(const QModelIndex &index);
    //! What a screen reader says for the row: name, unread count, muted, draft (the model's
    //! Qt::AccessibleTextRole).
    static QString accessibleText(const QModelIndex &index);

    //! Largest count shown as a number.
    static constexpr int kMaxBadge = 99;
    //! Space around a row's contents, in pixels at scale 1.
    static constexpr int kPadding = 6;
};
