#pragma once
// RoomHeader: the strip above the conversation with the name of the room shown and a button
// that shows or hides who is in it, with their number. The room is MemberModel's (the room whose
// members are listed is the room shown). A direct room is titled with the other person's name and
// their presence ("Bob (@bob) — away"), from the room list.
#include <QPointer>
#include <QWidget>

class MemberModel;
class RoomListModel;
class QLabel;
class QToolButton;

class RoomHeader : public QWidget
{
    Q_OBJECT
public:
    //! Follows \a members (not owned): its room and how many are in it; \a rooms (not owned) for
    //! the names and presence of direct rooms.
    RoomHeader(MemberModel *members, RoomListModel *rooms, QWidget *parent = nullptr);
    ~RoomHeader() override;

    //! Checkable; the window wires it to showing or hiding the members panel.
    QToolButton *membersButton() const { return m_membersButton; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void refresh();

    QPointer<MemberModel> m_members;
    QPointer<RoomListModel> m_rooms;
    QLabel *m_title = nullptr;
    QToolButton *m_membersButton = nullptr;
};
