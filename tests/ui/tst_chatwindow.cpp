// Tests ui/chatwindow.cpp: how the parts are laid out (rooms, conversation, members; the
// connection banner and the hosting notice above the messages; the status bar), the actions and
// their shortcuts, rooms (shown from the session's models, switching by mouse, keyboard and Ctrl+K,
// joining with Ctrl+N, leaving, muting, unread counts), the members panel and notifications. What
// the conversation pane, the status bar and the models do on their own is tested with them
// (tst_conversationpane, tst_connectionstatusbar, tst_sessionmodels). The client is offline unless
// an in-process parley-server is built (PARLEY_HAVE_SERVER).
#include "chatclient.h"
#include "chatwindow.h"
#include "composer.h"
#include "connectionbanner.h"
#include "connectionstatusbar.h"
#include "conversationpane.h"
#include "membermodel.h"
#include "messagedelegate.h"
#include "messagemodel.h"
#include "messageview.h"
#include "quickswitcher.h"
#include "roomlist.h"
#include "roomlistmodel.h"
#include "sessionmodels.h"
#include "traynotifier.h"
#ifdef PARLEY_HAVE_SERVER
#include "parleyserver.h"
#include "secondperson.h"
#include "testmain.h"
#endif

#include <QApplication>
#include <QInputDialog>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>
#include <QToolButton>

#include <memory>

class tst_ChatWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void layout();
    void offlineStatus();
    void bannerSitsAboveTheMessages();
    void hostedServerNotice();
    void composerHasTheFocus();
    void showsTheRoomOfItsModels();
    void roomJoinedWhileNoneIsShownIsShown();
    void roomSwitchShowsThatRoomsMessages();
    void keyboardSwitchesRooms();
    void quickSwitcherFromTheComposer();
    void ctrlNJoinsARoom();
    void muteAndLeave();
    void composerDisabledOnlyWithoutARoom();
    void membersPanelToggles();
#ifdef PARLEY_HAVE_SERVER
    void unreadCountsWithARealServer();
    void notificationOnlyWhenNotLookingAndNotMuted();
    void membersOfTheRoomShown();
#endif

private:
    Composer *composer() const { return m_window->findChild<Composer *>(QStringLiteral("composer")); }
    QListView *view() const { return m_window->findChild<QListView *>(QStringLiteral("messageView")); }
    QAction *action(const char *name) const { return m_window->findChild<QAction *>(QString::fromLatin1(name)); }
    RoomListModel *rooms() const { return m_window->sessionModels()->rooms(); }
    QString connectionText() const
    {
        return qobject_cast<ConnectionStatusBar *>(m_window->statusBar())->connectionText();
    }
    //! A message of bob's, the \a n th in \a room.
    static ChatMessage inRoom(const QString &room, int n, const QString &text);

    std::unique_ptr<ChatClient> m_client;
    std::unique_ptr<MessageModel> m_model;
    std::unique_ptr<ChatWindow> m_window;
};

void tst_ChatWindow::initTestCase()
{
}

void tst_ChatWindow::init()
{
    m_client = std::make_unique<ChatClient>();
    m_client->setUserName(QStringLiteral("alice"));
    m_model = std::make_unique<MessageModel>(QStringLiteral("lobby"));
    m_model->connectClient(m_client.get());
    m_window = std::make_unique<ChatWindow>(m_client.get(), m_model.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->activateWindow();
    composer()->setFocus();
}

void tst_ChatWindow::cleanup()
{
    m_window.reset();
    m_model.reset();
    m_client.reset();
}

ChatMessage tst_ChatWindow::inRoom(const QString &room, int n, const QString &text)
{
    ChatMessage m;
    m.clientId = QStringLiteral("%1-%2").arg(room).arg(n);
    m.room = room;
    m.seq = n + 1;
    m.sender = QStringLiteral("bob");
    m.text = text;
    m.time = QDateTime::currentDateTimeUtc();
    return m;
}

void tst_ChatWindow::layout()
{
    QCOMPARE(m_window->windowTitle(), QStringLiteral("Parley — #lobby"));
    QVERIFY(!m_window->windowIcon().isNull());
    QVERIFY(view());
    QCOMPARE(view()->model(), m_model.get());
    QVERIFY(qobject_cast<MessageDelegate *>(view()->itemDelegate()));
    QVERIFY(composer());
    QVERIFY(composer()->isEnabled());
    auto *send = m_window->findChild<QPushButton *>(QStringLiteral("sendButton"));
    QVERIFY(send);
    QCOMPARE(send->text(), QStringLiteral("Send"));
    QVERIFY(!send->accessibleName().isEmpty());
    QVERIFY(!view()->accessibleName().isEmpty());
    // Rooms on the left, members on the right, the conversation between.
    auto *rooms = m_window->findChild<RoomList *>(QStringLiteral("roomList"));
    auto *members = m_window->findChild<QWidget *>(QStringLiteral("memberList"));
    QVERIFY(rooms && members);
    QVERIFY(rooms->mapTo(m_window.get(), QPoint()).x() < view()->mapTo(m_window.get(), QPoint()).x());
    QVERIFY(members->mapTo(m_window.get(), QPoint()).x() > view()->mapTo(m_window.get(), QPoint()).x());
    QCOMPARE(this->rooms()->rooms(), QStringList{QStringLiteral("lobby")});
    QCOMPARE(m_window->currentRoom(), QStringLiteral("lobby"));
    QCOMPARE(m_client->rooms(), QStringList{QStringLiteral("lobby")}); // the window joined it
    // Every action has a name for screen readers (its text) and the documented shortcuts.
    QCOMPARE(action("switchAction")->shortcut(), QKeySequence(QStringLiteral("Ctrl+K")));
    QCOMPARE(action("joinAction")->shortcut(), QKeySequence(QStringLiteral("Ctrl+N")));
    QCOMPARE(action("membersAction")->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+M")));
    QVERIFY(action("nextRoomAction")->shortcuts().contains(QKeySequence(QStringLiteral("Alt+Down"))));
    for (const char *name : {"connectAction", "quitAction", "joinAction", "switchAction", "nextRoomAction",
                             "previousRoomAction", "muteAction", "leaveAction", "membersAction", "shortcutsAction"})
        QVERIFY2(!action(name)->text().isEmpty(), name);
    // The composer sits below the messages.
    QVERIFY(composer()->mapTo(m_window.get(), QPoint()).y()
            > view()->mapTo(m_window.get(), QPoint()).y() + view()->height() - 1);
}

void tst_ChatWindow::offlineStatus()
{
    // The status bar's parts are tst_connectionstatusbar's; here, that the window has it.
    QCOMPARE(connectionText(), QStringLiteral("Offline"));
    QVERIFY(m_window->findChild<QLabel *>(QStringLiteral("serverLabel"))->isVisible());
    // Never connected, nothing wrong: no banner.
    auto *banner = m_window->findChild<ConnectionBanner *>(QStringLiteral("connectionBanner"));
    QVERIFY(banner);
    QVERIFY(!banner->isVisible());
    // One place to retry: the banner, not the status bar.
    QCOMPARE(m_window->statusBar()->findChildren<QAbstractButton *>().size(), 0);
}

void tst_ChatWindow::bannerSitsAboveTheMessages()
{
    auto *banner = m_window->findChild<ConnectionBanner *>(QStringLiteral("connectionBanner"));
    QVERIFY(banner);
    m_client->connectToServer(QUrl(QStringLiteral("http://127.0.0.1:1/")));  // refused at once
    QTRY_VERIFY(banner->isVisible());
    QCOMPARE(banner->mode(), ConnectionBanner::Mode::Failed);
    QVERIFY(banner->mapTo(m_window.get(), QPoint()).y() < view()->mapTo(m_window.get(), QPoint()).y());
    QCOMPARE(banner->width(), view()->width());
    QCOMPARE(connectionText(), QStringLiteral("Offline"));
    // The banner says it in full; the status bar does not repeat it cut short.
    QVERIFY(m_window->statusBar()->currentMessage().isEmpty());
}

void tst_ChatWindow::hostedServerNotice()
{
    // What it says is tst_hostedserverbanner's; here, that the window shows it above the messages.
    auto *banner = m_window->findChild<QLabel *>(QStringLiteral("hostBanner"));
    QVERIFY(banner);
    QVERIFY(!banner->isVisible());
    auto *invite = m_window->findChild<QAction *>(QStringLiteral("inviteAction"));
    QVERIFY(invite);
    QVERIFY(!invite->isVisible()); // only a hosting app invites
    m_window->setHostedServer(QUrl(QStringLiteral("ws://192.0.2.7:8787")));
    QVERIFY(banner->isVisible());
    QVERIFY(banner->text().contains(QStringLiteral("ws://192.0.2.7:8787")));
    QVERIFY(invite->isVisible());
    QSignalSpy asked(m_window.get(), &ChatWindow::inviteRequested);
    invite->trigger();
    QCOMPARE(asked.size(), 1);
    QCOMPARE(m_window->hostedServer(), QUrl(QStringLiteral("ws://192.0.2.7:8787")));
    QVERIFY(banner->mapTo(m_window.get(), QPoint()).y() < view()->mapTo(m_window.get(), QPoint()).y());
    QCOMPARE(banner->width(), view()->width());
    m_window->setHostedServer(QUrl());
    QVERIFY(!banner->isVisible());
    QVERIFY(!invite->isVisible());
    QCOMPARE(m_window->hostedServer(), QUrl());
}

void tst_ChatWindow::composerHasTheFocus()
{
    // As the app builds it: a window first, then its rooms, then shown. Typing goes to the
    // composer at once (not to the first button: a space would click it).
    ChatClient client;
    ChatWindow window(&client);
    window.joinRoom(QStringLiteral("lobby"), false);
    window.joinRoom(QStringLiteral("dev"), false);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    auto *editor = window.findChild<Composer *>(QStringLiteral("composer"));
    QCOMPARE(QApplication::focusWidget(), editor);
    // Clicking a room keeps it there, so one can click and type.
    auto *list = window.findChild<RoomList *>(QStringLiteral("roomList"));
    QTest::mouseClick(list->view()->viewport(), Qt::LeftButton, {},
                      list->view()->visualRect(window.sessionModels()->rooms()->index(1)).center());
    QCOMPARE(window.currentRoom(), QStringLiteral("dev"));
    QCOMPARE(QApplication::focusWidget(), editor);
    // Going through the rooms with the keyboard keeps the focus in the list.
    list->view()->setFocus();
    QTest::keyClick(list->view(), Qt::Key_Up);
    QCOMPARE(window.currentRoom(), QStringLiteral("lobby"));
    QCOMPARE(QApplication::focusWidget(), list->view());
}

void tst_ChatWindow::showsTheRoomOfItsModels()
{
    // As the app builds it: the models first (restored), then a window over them.
    ChatClient client;
    client.setUserName(QStringLiteral("alice"));
    SessionModels models(&client);
    models.joinRoom(QStringLiteral("lobby"));
    models.joinRoom(QStringLiteral("dev"));
    models.rooms()->setDraft(QStringLiteral("dev"), QStringLiteral("restored draft"));
    models.setCurrentRoom(QStringLiteral("dev"));
    {
        ChatWindow window(&models);
        QCOMPARE(window.sessionModels(), &models);
        QCOMPARE(window.currentRoom(), QStringLiteral("dev"));
        QCOMPARE(window.conversation()->room(), QStringLiteral("dev"));
        QCOMPARE(window.conversation()->view()->model(), models.modelFor(QStringLiteral("dev")));
        QCOMPARE(window.conversation()->composer()->toPlainText(), QStringLiteral("restored draft"));
        QCOMPARE(window.windowTitle(), QStringLiteral("Parley — #dev"));
        window.showRoom(QStringLiteral("lobby"));
        QCOMPARE(models.currentRoom(), QStringLiteral("lobby"));
    }
    // The models outlive the window: nothing of the session went with it.
    QCOMPARE(models.rooms()->rooms(), (QStringList{QStringLiteral("lobby"), QStringLiteral("dev")}));
    QVERIFY(models.modelFor(QStringLiteral("dev")));
    QCOMPARE(models.rooms()->draft(QStringLiteral("dev")), QStringLiteral("restored draft"));
    // Without a room shown, the first one is.
    models.setCurrentRoom(QString());
    ChatWindow window(&models);
    QCOMPARE(window.currentRoom(), QStringLiteral("lobby"));
    // A window of its own lists the rooms the client is already in.
    ChatWindow own(&client);
    QCOMPARE(own.sessionModels()->rooms()->rooms(), client.rooms());
    QCOMPARE(own.currentRoom(), QStringLiteral("lobby"));
}

void tst_ChatWindow::roomJoinedWhileNoneIsShownIsShown()
{
    QSignalSpy changed(m_window.get(), &ChatWindow::currentRoomChanged);
    m_window->leaveRoom(QStringLiteral("lobby"));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.last().at(0).toString(), QString());
    // Joined through the models, not the window (restored, say): shown all the same.
    m_window->sessionModels()->joinRoom(QStringLiteral("dev"));
    QCOMPARE(m_window->currentRoom(), QStringLiteral("dev"));
    QCOMPARE(changed.last().at(0).toString(), QStringLiteral("dev"));
    QVERIFY(composer()->isEnabled());
    // While one is shown, joining another does not switch.
    QVERIFY(m_window->joinRoom(QStringLiteral("random"), false));
    QCOMPARE(m_window->currentRoom(), QStringLiteral("dev"));
    QVERIFY(m_window->joinRoom(QStringLiteral("random")));
    QCOMPARE(m_window->currentRoom(), QStringLiteral("random"));
}

void tst_ChatWindow::roomSwitchShowsThatRoomsMessages()
{
    QVERIFY(m_window->joinRoom(QStringLiteral("#dev"), false));
    QCOMPARE(m_window->currentRoom(), QStringLiteral("lobby"));
    QVERIFY(m_client->rooms().contains(QStringLiteral("dev")));
    MessageModel *dev = m_window->sessionModels()->modelFor(QStringLiteral("dev"));
    QVERIFY(dev);
    QVERIFY(!dev->fetchMoreEnabled()); // the window pages at the top itself
    m_model->addMessage(inRoom(QStringLiteral("lobby"), 0, QStringLiteral("in lobby")));
    dev->addMessage(inRoom(QStringLiteral("dev"), 0, QStringLiteral("in dev")));

    auto *list = m_window->findChild<RoomList *>(QStringLiteral("roomList"));
    QTest::mouseClick(list->view()->viewport(), Qt::LeftButton, {},
                      list->view()->visualRect(rooms()->index(1)).center());
    QCOMPARE(m_window->currentRoom(), QStringLiteral("dev"));
    QCOMPARE(view()->model(), dev);
    QCOMPARE(view()->model()->rowCount(), 1);
    QCOMPARE(view()->model()->index(0, 0).data(MessageModel::TextRole).toString(), QStringLiteral("in dev"));
    QCOMPARE(m_window->windowTitle(), QStringLiteral("Parley — #dev"));
    QCOMPARE(m_window->findChild<QLabel *>(QStringLiteral("roomTitle"))->text(), QStringLiteral("# dev"));
    // What is sent goes to the room shown.
    QTest::keyClicks(composer(), QStringLiteral("to dev"));
    QTest::keyClick(composer(), Qt::Key_Return);
    QTRY_COMPARE(dev->rowCount(), 2);
    QCOMPARE(dev->index(1).data(MessageModel::RoomRole).toString(), QStringLiteral("dev"));
    QCOMPARE(m_model->rowCount(), 1);
    m_window->showRoom(QStringLiteral("lobby"));
    QCOMPARE(view()->model(), m_model.get());
}

void tst_ChatWindow::keyboardSwitchesRooms()
{
    m_window->joinRoom(QStringLiteral("dev"), false);
    m_window->joinRoom(QStringLiteral("random"), false);
    composer()->setFocus();
    QTest::keyClick(composer(), Qt::Key_Down, Qt::AltModifier);
    QCOMPARE(m_window->currentRoom(), QStringLiteral("dev"));
    QTest::keyClick(composer(), Qt::Key_PageDown, Qt::ControlModifier);
    QCOMPARE(m_window->currentRoom(), QStringLiteral("random"));
    QTest::keyClick(composer(), Qt::Key_Down, Qt::AltModifier); // wraps around
    QCOMPARE(m_window->currentRoom(), QStringLiteral("lobby"));
    QTest::keyClick(composer(), Qt::Key_Up, Qt::AltModifier);
    QCOMPARE(m_window->currentRoom(), QStringLiteral("random"));
    // The arrow keys in the sidebar too.
    auto *list = m_window->findChild<RoomList *>(QStringLiteral("roomList"));
    list->view()->setFocus();
    QTest::keyClick(list->view(), Qt::Key_Home);
    QCOMPARE(m_window->currentRoom(), QStringLiteral("lobby"));
}

void tst_ChatWindow::quickSwitcherFromTheComposer()
{
    m_window->joinRoom(QStringLiteral("dev"), false);
    m_window->joinRoom(QStringLiteral("random"), false);
    composer()->setFocus();
    QTest::keyClicks(composer(), QStringLiteral("abc"));
    // Ctrl+K reaches the window even though the text editor would take it (delete to end of line).
    QTest::keyClick(composer(), Qt::Key_K, Qt::ControlModifier);
    QuickSwitcher *switcher = m_window->quickSwitcher();
    QTRY_VERIFY(switcher->isVisible());
    QCOMPARE(composer()->toPlainText(), QStringLiteral("abc"));
    QTest::keyClicks(switcher->filterEdit(), QStringLiteral("ran"));
    QCOMPARE(switcher->matches(), QStringList{QStringLiteral("random")});
    QTest::keyClick(switcher->filterEdit(), Qt::Key_Return);
    QVERIFY(!switcher->isVisible());
    QCOMPARE(m_window->currentRoom(), QStringLiteral("random"));
    // A name nobody has joins (creates) the room.
    m_window->openQuickSwitcher();
    QTest::keyClicks(switcher->filterEdit(), QStringLiteral("music"));
    QTest::keyClick(switcher->filterEdit(), Qt::Key_Return);
    QCOMPARE(m_window->currentRoom(), QStringLiteral("music"));
    QVERIFY(m_client->rooms().contains(QStringLiteral("music")));
}

void tst_ChatWindow::ctrlNJoinsARoom()
{
    QTest::keyClick(composer(), Qt::Key_N, Qt::ControlModifier);
    QInputDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = m_window->findChild<QInputDialog *>(QStringLiteral("joinRoomDialog"))));
    QTRY_VERIFY(dialog->isVisible());
    dialog->setTextValue(QStringLiteral("#design"));
    dialog->accept();
    QCOMPARE(m_window->currentRoom(), QStringLiteral("design"));
    QCOMPARE(rooms()->rooms(), (QStringList{QStringLiteral("lobby"), QStringLiteral("design")}));
    QVERIFY(m_client->rooms().contains(QStringLiteral("design")));
    // Not a name: refused with a reason.
    QVERIFY(!m_window->joinRoom(QStringLiteral("  # ")));
    QVERIFY(!m_window->statusBar()->currentMessage().isEmpty());
}

void tst_ChatWindow::muteAndLeave()
{
    m_window->joinRoom(QStringLiteral("dev"), false);
    m_window->joinRoom(QStringLiteral("random"), false);
    m_window->showRoom(QStringLiteral("dev"));
    action("muteAction")->trigger();
    QVERIFY(rooms()->isMuted(QStringLiteral("dev")));
    QVERIFY(action("muteAction")->isChecked());
    m_window->showRoom(QStringLiteral("lobby"));
    QVERIFY(!action("muteAction")->isChecked());
    m_window->setRoomMuted(QStringLiteral("dev"), false);
    QVERIFY(!rooms()->isMuted(QStringLiteral("dev")));

    // Leaving the room shown shows its neighbour below.
    m_window->showRoom(QStringLiteral("dev"));
    QPointer<MessageModel> devModel = m_window->sessionModels()->modelFor(QStringLiteral("dev"));
    action("leaveAction")->trigger();
    QCOMPARE(rooms()->rooms(), (QStringList{QStringLiteral("lobby"), QStringLiteral("random")}));
    QVERIFY(!m_client->rooms().contains(QStringLiteral("dev")));
    QCOMPARE(m_window->currentRoom(), QStringLiteral("random"));
    QVERIFY(!m_window->sessionModels()->modelFor(QStringLiteral("dev")));
    QTRY_VERIFY(!devModel); // the window's own model goes
    // The model given to the window is not the window's to delete.
    m_window->leaveRoom(QStringLiteral("lobby"));
    QCOMPARE(m_window->currentRoom(), QStringLiteral("random"));
    QCoreApplication::processEvents();
    QCOMPARE(m_model->room(), QStringLiteral("lobby"));
}

void tst_ChatWindow::composerDisabledOnlyWithoutARoom()
{
    // Offline is no reason: the composer stays usable (tested above). No room is.
    auto *notice = m_window->findChild<QLabel *>(QStringLiteral("composerNotice"));
    QVERIFY(!notice->isVisible());
    m_window->leaveRoom(QStringLiteral("lobby"));
    QCOMPARE(m_window->currentRoom(), QString());
    QVERIFY(!composer()->isEnabled());
    QVERIFY(!m_window->findChild<QPushButton *>(QStringLiteral("sendButton"))->isEnabled());
    QVERIFY(notice->isVisible());
    QVERIFY(notice->text().contains(QStringLiteral("Ctrl+N")));
    QCOMPARE(view()->model(), nullptr);
    QCOMPARE(m_window->windowTitle(), QStringLiteral("Parley"));
    m_window->joinRoom(QStringLiteral("lobby"));
    QVERIFY(composer()->isEnabled());
    QVERIFY(!notice->isVisible());
}

void tst_ChatWindow::membersPanelToggles()
{
    auto *members = m_window->findChild<QWidget *>(QStringLiteral("memberList"));
    auto *button = m_window->findChild<QToolButton *>(QStringLiteral("membersButton"));
    QVERIFY(members->isVisible());
    QVERIFY(button->isChecked());
    QTest::keyClick(composer(), Qt::Key_M, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(!members->isVisible());
    QVERIFY(!m_window->membersVisible());
    QVERIFY(!button->isChecked());
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(members->isVisible());
    QVERIFY(action("membersAction")->isChecked());
    QVERIFY(!button->accessibleName().isEmpty());
}

#ifdef PARLEY_HAVE_SERVER
void tst_ChatWindow::unreadCountsWithARealServer()
{
    ParleyServer server;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    m_window->joinRoom(QStringLiteral("dev"), false);
    QSignalSpy synced(m_client.get(), &ChatClient::roomSynced);
    m_client->connectToServer(server.url());
    QTRY_VERIFY_WITH_TIMEOUT(synced.size() >= 2, 10000);
    SecondPerson bob(server.url(), {QStringLiteral("lobby"), QStringLiteral("dev")});
    QTRY_COMPARE_WITH_TIMEOUT(bob.joined.size(), 2, 10000);

    RoomListModel *rooms = this->rooms();
    bob.client.sendMessage(QStringLiteral("dev"), QStringLiteral("psst, in dev"));
    QTRY_COMPARE(rooms->unread(QStringLiteral("dev")), 1);
    QCOMPARE(m_window->sessionModels()->modelFor(QStringLiteral("dev"))->rowCount(), 1);
    bob.client.sendMessage(QStringLiteral("lobby"), QStringLiteral("hello lobby"));
    QTRY_COMPARE(m_model->rowCount(), 1);
    QCOMPARE(rooms->unread(QStringLiteral("lobby")), m_window->isAttended() ? 0 : 1);
    QTRY_VERIFY(m_window->windowTitle().startsWith(QStringLiteral("(")));
    // Switching to dev reads it and shows bob's message.
    m_window->showRoom(QStringLiteral("dev"));
    QCOMPARE(rooms->unread(QStringLiteral("dev")), 0);
    QCOMPARE(view()->model()->index(0, 0).data(MessageModel::TextRole).toString(), QStringLiteral("psst, in dev"));
    m_client->disconnectFromServer();
}

void tst_ChatWindow::notificationOnlyWhenNotLookingAndNotMuted()
{
    ParleyServer server;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    m_window->joinRoom(QStringLiteral("dev"), false);
    m_window->notifier()->setRoomInterval(std::chrono::milliseconds(0));
    QSignalSpy joined(m_client.get(), &ChatClient::joined);
    m_client->connectToServer(server.url());
    QTRY_VERIFY_WITH_TIMEOUT(joined.size() >= 2, 10000);
    SecondPerson bob(server.url(), {QStringLiteral("lobby"), QStringLiteral("dev")});
    QTRY_COMPARE_WITH_TIMEOUT(bob.joined.size(), 2, 10000);
    QSignalSpy requested(m_window->notifier(), &TrayNotifier::notificationRequested);

    // Looking at the window: nothing pops up.
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QVERIFY(m_window->isAttended());
    bob.client.sendMessage(QStringLiteral("dev"), QStringLiteral("while looking"));
    QTRY_COMPARE(rooms()->unread(QStringLiteral("dev")), 1);
    QCOMPARE(requested.size(), 0);

    // Another window in front: a notification, with who and where.
    QWidget other;
    other.show();
    QVERIFY(QTest::qWaitForWindowExposed(&other));
    other.activateWindow();
    QTRY_VERIFY(!m_window->isAttended());
    bob.client.sendMessage(QStringLiteral("dev"), QStringLiteral("while away"));
    QTRY_COMPARE(requested.size(), 1);
    QCOMPARE(requested.first().at(0).toString(), QStringLiteral("dev"));
    QCOMPARE(requested.first().at(1).toString(), QStringLiteral("bob in #dev"));
    QCOMPARE(requested.first().at(2).toString(), QStringLiteral("while away"));
    // The room shown collects unread messages too while nobody looks.
    bob.client.sendMessage(QStringLiteral("lobby"), QStringLiteral("lobby while away"));
    QTRY_COMPARE(requested.size(), 2);
    QCOMPARE(rooms()->unread(QStringLiteral("lobby")), 1);

    // Muted: counted in its room, never notified.
    m_window->setRoomMuted(QStringLiteral("dev"), true);
    bob.client.sendMessage(QStringLiteral("dev"), QStringLiteral("muted"));
    QTRY_COMPARE(rooms()->unread(QStringLiteral("dev")), 3);
    QCOMPARE(requested.size(), 2);
    // One's own messages never notify.
    QTest::keyClicks(composer(), QStringLiteral("mine"));
    QTest::keyClick(composer(), Qt::Key_Return);
    QTRY_COMPARE(m_model->index(m_model->rowCount() - 1).data(MessageModel::DeliveryRole).toInt(),
                 int(ChatMessage::Delivery::Delivered));
    QCOMPARE(requested.size(), 2);

    // Coming back reads the room shown.
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTRY_COMPARE(rooms()->unread(QStringLiteral("lobby")), 0);
    m_client->disconnectFromServer();
}

void tst_ChatWindow::membersOfTheRoomShown()
{
    ParleyServer server;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    m_window->joinRoom(QStringLiteral("dev"), false);
    m_client->connectToServer(server.url());
    SecondPerson bob(server.url(), {QStringLiteral("lobby")});
    MemberModel *members = m_window->sessionModels()->members();
    QTRY_COMPARE_WITH_TIMEOUT(members->members(),
                              (QStringList{QStringLiteral("alice"), QStringLiteral("bob")}), 10000);
    auto *button = m_window->findChild<QToolButton *>(QStringLiteral("membersButton"));
    QCOMPARE(button->text(), QStringLiteral("2"));
    m_window->showRoom(QStringLiteral("dev"));
    QCOMPARE(members->members(), QStringList{QStringLiteral("alice")});
    QCOMPARE(button->text(), QStringLiteral("1"));
    m_window->showRoom(QStringLiteral("lobby"));
    bob.client.disconnectFromServer();
    QTRY_COMPARE(members->members(), QStringList{QStringLiteral("alice")});
    m_client->disconnectFromServer();
}
#endif

PARLEY_TEST_MAIN(tst_ChatWindow)
#include "tst_chatwindow.moc"
