#pragma once
// MemberDelegate: one member of the room: a presence dot (green: online; hollow amber: away;
// hollow grey: offline or unknown while our link is down) and
// the name, "(you)" after one's own. Names are untrusted and drawn as plain text; the tooltip
// says the presence in words and, where the server cannot tell away from online, says that too.
#include <QStyledItemDelegate>

class MemberModel;

class MemberDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    //! \a model (not owned) tells whether presence is reported at all.
    explicit MemberDelegate(const MemberModel *model, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

    //! "alice", or "alice (you)".
    static QString displayText(const QModelIndex &index);
    //! The tooltip: "alice — online" plus the note below where presence is not reported.
    QString toolTip(const QModelIndex &index) const;
    //! Said wherever presence is shown for a server that has none.
    static QString presenceNote();

    //! Diameter of the presence dot, in pixels at scale 1.
    static constexpr int kDotSize = 8; // PresenceDot::kSize

private:
    const MemberModel *m_model;
};
