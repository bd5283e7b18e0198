#pragma once
// RoomList: the rooms sidebar. A header ("Rooms" and a button to join or create one) over the
// list of joined rooms (RoomListModel, drawn by RoomDelegate). Clicking a room or moving to it
// with the arrow keys shows it; the context menu (right click, or the Menu key / Shift+F10 on the
// current row) mutes or leaves a room.
//
// It only says what the user asked for (roomActivated, joinRequested, muteRequested,
// leaveRequested); the window does it, so that the same actions from menus and shortcuts go
// through one place.
#include <QPointer>
#include <QWidget>

class QLabel;
class QListView;
class QMenu;
class QToolButton;
class RoomDelegate;
class RoomListModel;

class RoomList : public QWidget
{
    Q_OBJECT
public:
    //! Shows \a model (not owned); its current room is the list's current row.
    explicit RoomList(RoomListModel *model, QWidget *parent = nullptr);
    ~RoomList() override;

    QListView *view() const { return m_view; }
    QToolButton *joinButton() const { return m_joinButton; }

    //! The context menu for \a room: Mute/Unmute, Leave. The caller owns it; separate for tests.
    QMenu *createContextMenu(const QString &room);

Q_SIGNALS:
    //! The user chose \a room (click, arrow keys, Enter).
    void roomActivated(const QString &room);
    //! The "join or create" button.
    void joinRequested();
    void muteRequested(const QString &room, bool muted);
    void leaveRequested(const QString &room);

protected:
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void retranslate();
    void followCurrentRoom();
    void onCurrentRowChanged(const QModelIndex &current);
    void updateAccessibleDescription();

    QPointer<RoomListModel> m_model;
    QLabel *m_title = nullptr;
    QToolButton *m_joinButton = nullptr;
    QListView *m_view = nullptr;
    RoomDelegate *m_delegate = nullptr;
    bool m_following = false; //!< the view's current row is being set from the model
};
