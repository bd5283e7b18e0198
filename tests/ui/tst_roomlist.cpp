// Tests ui/roomlist.cpp and ui/roomdelegate.cpp: choosing a room with the mouse and the keyboard,
// the list following the model's current room, the context menu (mute, leave), the join button,
// badge and accessible texts.
#include "roomdelegate.h"
#include "roomlist.h"
#include "roomlistmodel.h"
#include "testmain.h"

#include <QListView>
#include <QMenu>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QToolButton>

class tst_RoomList : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void clickChoosesARoom();
    void arrowKeysChooseARoom();
    void followsTheModel();
    void contextMenuMutesAndLeaves();
    void joinButton();
    void badgeAndAccessibleText();
    void previewShowsDrafts();

private:
    std::unique_ptr<RoomListModel> m_model;
    std::unique_ptr<RoomList> m_list;
};

void tst_RoomList::initTestCase()
{
}

void tst_RoomList::init()
{
    m_model = std::make_unique<RoomListModel>();
    for (const char *room : {"lobby", "dev", "random"})
        m_model->addRoom(QString::fromLatin1(room));
    m_model->setCurrentRoom(QStringLiteral("lobby"));
    m_list = std::make_unique<RoomList>(m_model.get());
    m_list->resize(220, 400);
    m_list->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_list.get()));
    // The window decides; here it simply follows what the list asks for.
    connect(m_list.get(), &RoomList::roomActivated, m_model.get(), &RoomListModel::setCurrentRoom);
}

void tst_RoomList::cleanup()
{
    m_list.reset();
    m_model.reset();
}

void tst_RoomList::clickChoosesARoom()
{
    QSignalSpy activated(m_list.get(), &RoomList::roomActivated);
    QListView *view = m_list->view();
    QCOMPARE(view->currentIndex().row(), 0);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(m_model->index(1)).center());
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.first().at(0).toString(), QStringLiteral("dev"));
    QCOMPARE(m_model->currentRoom(), QStringLiteral("dev"));
}

void tst_RoomList::arrowKeysChooseARoom()
{
    QSignalSpy activated(m_list.get(), &RoomList::roomActivated);
    m_list->view()->setFocus();
    QTest::keyClick(m_list->view(), Qt::Key_Down);
    QCOMPARE(m_model->currentRoom(), QStringLiteral("dev"));
    QTest::keyClick(m_list->view(), Qt::Key_End);
    QCOMPARE(m_model->currentRoom(), QStringLiteral("random"));
    QCOMPARE(activated.size(), 2);
    // Enter on the current row says it again (the window may have shown something else).
    QTest::keyClick(m_list->view(), Qt::Key_Return);
    QCOMPARE(activated.size(), 3);
}

void tst_RoomList::followsTheModel()
{
    QSignalSpy activated(m_list.get(), &RoomList::roomActivated);
    m_model->setCurrentRoom(QStringLiteral("random"));
    QCOMPARE(m_list->view()->currentIndex().row(), 2);
    QVERIFY(m_list->view()->selectionModel()->isSelected(m_model->index(2)));
    QCOMPARE(activated.size(), 0); // not an echo of the model's own change
    m_model->removeRoom(QStringLiteral("random"));
    QVERIFY(!m_list->view()->currentIndex().isValid());
    QCOMPARE(activated.size(), 0);
}

void tst_RoomList::contextMenuMutesAndLeaves()
{
    QSignalSpy mute(m_list.get(), &RoomList::muteRequested);
    QSignalSpy leave(m_list.get(), &RoomList::leaveRequested);
    std::unique_ptr<QMenu> menu(m_list->createContextMenu(QStringLiteral("dev")));
    auto *muteAction = menu->findChild<QAction *>(QStringLiteral("muteAction"));
    auto *leaveAction = menu->findChild<QAction *>(QStringLiteral("leaveAction"));
    QVERIFY(muteAction && leaveAction);
    QCOMPARE(muteAction->text(), QStringLiteral("Mute #dev"));
    muteAction->trigger();
    QCOMPARE(mute.size(), 1);
    QCOMPARE(mute.first().at(0).toString(), QStringLiteral("dev"));
    QCOMPARE(mute.first().at(1).toBool(), true);
    leaveAction->trigger();
    QCOMPARE(leave.size(), 1);
    QCOMPARE(leave.first().at(0).toString(), QStringLiteral("dev"));

    m_model->setMuted(QStringLiteral("dev"), true);
    std::unique_ptr<QMenu> again(m_list->createContextMenu(QStringLiteral("dev")));
    muteAction = again->findChild<QAction *>(QStringLiteral("muteAction"));
    QCOMPARE(muteAction->text(), QStringLiteral("Unmute #dev"));
    muteAction->trigger();
    QCOMPARE(mute.last().at(1).toBool(), false);
}

void tst_RoomList::joinButton()
{
    QSignalSpy join(m_list.get(), &RoomList::joinRequested);
    QVERIFY(!m_list->joinButton()->accessibleName().isEmpty());
    QVERIFY(m_list->joinButton()->toolTip().contains(QStringLiteral("Ctrl+N")));
    QVERIFY(!m_list->joinButton()->icon().isNull());
    QTest::mouseClick(m_list->joinButton(), Qt::LeftButton);
    QCOMPARE(join.size(), 1);
}

void tst_RoomList::badgeAndAccessibleText()
{
    QCOMPARE(RoomDelegate::badgeText(3), QStringLiteral("3"));
    QCOMPARE(RoomDelegate::badgeText(99), QStringLiteral("99"));
    QCOMPARE(RoomDelegate::badgeText(100), QStringLiteral("99+"));
    ChatMessage m;
    m.room = QStringLiteral("dev");
    m.sender = QStringLiteral("bob");
    m.text = QStringLiteral("line one\nline two");
    m_model->noteMessage(m);
    m_model->setMuted(QStringLiteral("dev"), true);
    const QModelIndex dev = m_model->index(1);
    QCOMPARE(RoomDelegate::accessibleText(dev), QStringLiteral("Room dev, 1 unread, muted"));
    QCOMPARE(RoomDelegate::previewText(dev), QStringLiteral("bob: line one line two"));
    ChatMessage mine = m;
    mine.sender = QStringLiteral("alice");
    mine.text = QStringLiteral("mine");
    mine.own = true;
    m_model->noteMessage(mine);
    QCOMPARE(RoomDelegate::previewText(dev), QStringLiteral("You: mine"));
    // Rows are tall enough for the name and the preview.
    QStyleOptionViewItem option;
    option.font = m_list->view()->font();
    QVERIFY(m_list->view()->itemDelegate()->sizeHint(option, dev).height() > 2 * QFontMetrics(option.font).height());
    // Painting a muted row with unread messages works (badge and bell).
    QVERIFY(!m_list->grab().isNull());
}

void tst_RoomList::previewShowsDrafts()
{
    m_model->setDraft(QStringLiteral("dev"), QStringLiteral("unsent"));
    QCOMPARE(RoomDelegate::previewText(m_model->index(1)), QStringLiteral("Draft: unsent"));
    // The room in view shows its draft in the composer, not in the list.
    m_model->setCurrentRoom(QStringLiteral("dev"));
    QCOMPARE(RoomDelegate::previewText(m_model->index(1)), QString());
}

PARLEY_TEST_MAIN(tst_RoomList)
#include "tst_roomlist.moc"
