#pragma once
// RoomHeader: the strip above the conversation with the name of the room shown and a button
// that shows or hides who is in it, with their number. The room is MemberModel's (the room whose
// members are listed is the room shown), so the header follows that model alone.
#include <QPointer>
#include <QWidget>

class MemberModel;
class QLabel;
class QToolButton;

class RoomHeader : public QWidget
{
    Q_OBJECT
public:
    //! Follows \a members (not owned): its room and how many are in it.
    explicit RoomHeader(MemberModel *members, QWidget *parent = nullptr);
    ~RoomHeader() override;

    //! Checkable; the window wires it to showing or hiding the members panel.
    QToolButton *membersButton() const { return m_membersButton; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void refresh();

    QPointer<MemberModel> m_members;
    QLabel *m_title = nullptr;
    QToolButton *m_membersButton = nullptr;
};
