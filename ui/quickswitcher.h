#pragma once
// QuickSwitcher: Ctrl+K. A small popup over the window: a line to type a few letters of a room's
// name and the rooms that match below; Up/Down choose, Enter goes there, Esc closes. Typing a name
// that matches no room offers to join (or create) it with Enter; "@bob" that matches no conversation
// offers to write to bob (a direct room).
//
// With nothing typed, the first room other than the one in view is chosen, so Ctrl+K, Enter goes
// back and forth between two rooms.
#include <QFrame>
#include <QPointer>

class QLabel;
class QLineEdit;
class QListView;
class QSortFilterProxyModel;
class RoomDelegate;
class RoomListModel;

class QuickSwitcher : public QFrame
{
    Q_OBJECT
public:
    //! Lists \a rooms (not owned). \a parent is the window it pops up over.
    explicit QuickSwitcher(RoomListModel *rooms, QWidget *parent);
    ~QuickSwitcher() override;

    //! Clears the filter, places itself at the top centre of the parent window and shows.
    void popup();

    QLineEdit *filterEdit() const { return m_filter; }
    QListView *view() const { return m_view; }
    //! The rooms shown for the current filter, in order.
    QStringList matches() const;
    //! The room Enter would go to, or empty (then Enter joins what was typed).
    QString chosenRoom() const;

    //! Width of the popup, in pixels at scale 1, unless the window is narrower.
    static constexpr int kWidth = 360;
    //! Rooms shown before the list scrolls.
    static constexpr int kVisibleRows = 8;

Q_SIGNALS:
    //! Enter (or a click) on a listed room.
    void roomChosen(const QString &room);
    //! Enter on a name no room matches: join or create it.
    void joinRequested(const QString &name);
    //! Enter on "@name" that no conversation matches: write to that person.
    void directRequested(const QString &username);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void onFilterChanged(const QString &text);
    void selectDefault();
    void moveSelection(int delta);
    void accept();
    void updateHint();
    //! The username after a leading '@' in the filter ("" when it is not "@name").
    QString wantedPerson() const;
    void fitToMatches();

    QPointer<RoomListModel> m_rooms;
    QSortFilterProxyModel *m_proxy = nullptr;
    QLineEdit *m_filter = nullptr;
    QListView *m_view = nullptr;
    RoomDelegate *m_delegate = nullptr;
    QLabel *m_hint = nullptr;
};
