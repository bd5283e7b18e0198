// Tests ui/chatwindow.cpp: sending through the composer, the status bar, the connection banner's
// place, the hosting notice, following the conversation; rooms (switching by mouse, keyboard and
// Ctrl+K, joining with Ctrl+N, leaving, muting, a draft per room, unread counts, paging older
// history at the top while keeping the reading position), the members panel, the typing line and
// notifications. The client is offline unless an in-process parley-server is built
// (PARLEY_HAVE_SERVER), so the "message queued while offline" path is always covered.
#include "chatclient.h"
#include "chatwindow.h"
#include "connectionstatusbar.h"
#include "conversationpane.h"
#include "sessionmodels.h"
#include "composer.h"
#include "connectionbanner.h"
#include "connectorsettings.h"
#include "languageloader.h"
#include "messagedelegate.h"
#include "messagemodel.h"
#include "messagestore.h"
#include "messageview.h"
#include "membermodel.h"
#include "quickswitcher.h"
#include "roomlist.h"
#include "roomlistmodel.h"
#include "traynotifier.h"
#include "typingindicator.h"
#ifdef PARLEY_HAVE_SERVER
#include "parleyserver.h"
#endif

#include <QApplication>
#include <QClipboard>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QListView>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTcpServer>
#include <QTemporaryDir>
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
    void enterSendsAndTheRowAppears();
    void shiftEnterInsertsNewline();
    void emptyTextIsNotSent();
    void sendButtonSends();
    void markupIsShownLiterally();
    void offlineStatus();
    void bannerSitsAboveTheMessages();
    void stateText_data();
    void stateText();
    void unreachableServerShowsReconnecting();
    void hostedServerNotice();
    void followsTheConversationOnlyAtTheBottom();
    void copiesSelectedMessages();
    void screenshot();
    void composerHasTheFocus();
    void roomSwitchShowsThatRoomsMessages();
    void draftKeptPerRoom();
    void keyboardSwitchesRooms();
    void quickSwitcherFromTheComposer();
    void ctrlNJoinsARoom();
    void muteAndLeave();
    void composerDisabledOnlyWithoutARoom();
    void membersPanelToggles();
    void olderHistoryPagedAtTheTopKeepsTheReadingPosition();
#ifdef PARLEY_HAVE_SERVER
    void deliveredThroughARealServer();
    void latencyShownWhileConnected();
    void statusBarCountsDownWithTheBanner();
    void unreadCountsWithARealServer();
    void typingIndicatorFromAnotherClient();
    void composerTellsOthersItIsTyping();
    void notificationOnlyWhenNotLookingAndNotMuted();
    void membersOfTheRoomShown();
#endif

private:
    ChatMessage others(int n, const QString &text) const;
    Composer *composer() const { return m_window->findChild<Composer *>(QStringLiteral("composer")); }
    QListView *view() const { return m_window->findChild<QListView *>(QStringLiteral("messageView")); }
    QAction *action(const char *name) const { return m_window->findChild<QAction *>(QString::fromLatin1(name)); }
    ChatMessage inRoom(const QString &room, int n, const QString &text) const;

    std::unique_ptr<ChatClient> m_client;
    std::unique_ptr<MessageModel> m_model;
    std::unique_ptr<ChatWindow> m_window;
};

void tst_ChatWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
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

ChatMessage tst_ChatWindow::others(int n, const QString &text) const
{
    ChatMessage m;
    m.clientId = QStringLiteral("other-%1").arg(n);
    m.room = QStringLiteral("lobby");
    m.seq = n + 1;
    m.sender = QStringLiteral("bob");
    m.text = text;
    m.time = QDateTime::currentDateTimeUtc();
    return m;
}

ChatMessage tst_ChatWindow::inRoom(const QString &room, int n, const QString &text) const
{
    ChatMessage m = others(n, text);
    m.room = room;
    m.clientId = QStringLiteral("%1-%2").arg(room).arg(n);
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
    QCOMPARE(m_window->sessionModels()->rooms()->rooms(), QStringList{QStringLiteral("lobby")});
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

void tst_ChatWindow::enterSendsAndTheRowAppears()
{
    QSignalSpy queued(m_client.get(), &ChatClient::messageQueued);
    QTest::keyClicks(composer(), QStringLiteral("hello world"));
    QTest::keyClick(composer(), Qt::Key_Return);

    QTRY_COMPARE(m_model->rowCount(), 1);
    QCOMPARE(queued.count(), 1);
    const QModelIndex row = m_model->index(0);
    QCOMPARE(row.data(MessageModel::SenderRole).toString(), m_client->userName());
    QCOMPARE(row.data(MessageModel::TextRole).toString(), QStringLiteral("hello world"));
    QCOMPARE(row.data(MessageModel::OwnRole).toBool(), true);
    // Offline: queued in the outbox, shown as Pending, composer ready for the next one.
    QCOMPARE(row.data(MessageModel::DeliveryRole).toInt(), int(ChatMessage::Delivery::Pending));
    QCOMPARE(MessageDelegate::deliveryMark(ChatMessage::Delivery::Pending), QStringLiteral("\u25F7"));
    QCOMPARE(m_client->outbox().size(), 1);
    QVERIFY(composer()->toPlainText().isEmpty());
    QVERIFY(composer()->isEnabled());
}

void tst_ChatWindow::shiftEnterInsertsNewline()
{
    QTest::keyClicks(composer(), QStringLiteral("one"));
    QTest::keyClick(composer(), Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(composer(), QStringLiteral("two"));
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(composer()->toPlainText(), QStringLiteral("one\ntwo"));
    QTest::keyClick(composer(), Qt::Key_Return);
    QTRY_COMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->index(0).data(MessageModel::TextRole).toString(), QStringLiteral("one\ntwo"));
}

void tst_ChatWindow::emptyTextIsNotSent()
{
    QSignalSpy queued(m_client.get(), &ChatClient::messageQueued);
    QSignalSpy errors(m_client.get(), &ChatClient::errorOccurred);
    QTest::keyClick(composer(), Qt::Key_Return);
    QTest::keyClicks(composer(), QStringLiteral("   "));
    QTest::keyClick(composer(), Qt::Key_Return);
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("sendButton")),
                      Qt::LeftButton);
    QCOMPARE(queued.count(), 0);
    QCOMPARE(errors.count(), 0);  // never even asked the client
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(m_client->outbox().isEmpty());
}

void tst_ChatWindow::sendButtonSends()
{
    QTest::keyClicks(composer(), QStringLiteral("by button"));
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("sendButton")),
                      Qt::LeftButton);
    QTRY_COMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->index(0).data(MessageModel::TextRole).toString(), QStringLiteral("by button"));
}

void tst_ChatWindow::markupIsShownLiterally()
{
    const QString html = QStringLiteral("<b>x</b>");
    QTest::keyClicks(composer(), html);
    QTest::keyClick(composer(), Qt::Key_Return);
    QTRY_COMPARE(m_model->rowCount(), 1);
    const QModelIndex row = m_model->index(0);
    QCOMPARE(row.data(MessageModel::TextRole).toString(), html);
    QCOMPARE(MessageDelegate::bodyText(row), html);

    // The view lays it out as eight plain characters, not one bold "x".
    auto *delegate = qobject_cast<MessageDelegate *>(view()->itemDelegate());
    QStyleOptionViewItem option;
    option.initFrom(view());
    option.widget = view();
    option.font = view()->font();
    const auto g = delegate->geometry(option, row);
    QVERIFY(g.text.width() >= QFontMetrics(view()->font()).horizontalAdvance(html) - 1);
}

void tst_ChatWindow::offlineStatus()
{
    QCOMPARE(qobject_cast<ConnectionStatusBar *>(m_window->statusBar())->connectionText(), QStringLiteral("Offline"));
    auto *server = m_window->findChild<QLabel *>(QStringLiteral("serverLabel"));
    QVERIFY(server);
    QCOMPARE(server->text(), QStringLiteral("No server"));
    QVERIFY(!m_window->findChild<QLabel *>(QStringLiteral("latencyLabel"))->isVisible());
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
    QCOMPARE(qobject_cast<ConnectionStatusBar *>(m_window->statusBar())->connectionText(), QStringLiteral("Offline"));
    // The banner says it in full; the status bar does not repeat it cut short.
    QVERIFY(m_window->statusBar()->currentMessage().isEmpty());
}

void tst_ChatWindow::stateText_data()
{
    QTest::addColumn<IMConnector::State>("state");
    QTest::addColumn<int>("retryMs");
    QTest::addColumn<QString>("text");
    using S = IMConnector::State;
    QTest::newRow("offline") << S::Disconnected << -1 << QStringLiteral("Offline");
    QTest::newRow("connecting") << S::Connecting << -1 << QStringLiteral("Connecting…");
    QTest::newRow("connected") << S::Connected << -1 << QStringLiteral("Connected");
    QTest::newRow("retry 4 s") << S::Reconnecting << 4000 << QStringLiteral("Reconnecting in 4 s");
    QTest::newRow("retry 3.2 s") << S::Reconnecting << 3200 << QStringLiteral("Reconnecting in 4 s");
    QTest::newRow("retry 1 s") << S::Reconnecting << 1000 << QStringLiteral("Reconnecting in 1 s");
    QTest::newRow("retry now") << S::Reconnecting << 0 << QStringLiteral("Reconnecting…");
    QTest::newRow("retry unknown") << S::Reconnecting << -1 << QStringLiteral("Reconnecting…");
    QTest::newRow("closing") << S::Closing << -1 << QStringLiteral("Disconnecting…");
}

void tst_ChatWindow::stateText()
{
    QFETCH(IMConnector::State, state);
    QFETCH(int, retryMs);
    QFETCH(QString, text);
    QCOMPARE(ConnectionStatusBar::stateText(state, retryMs), text);
}

void tst_ChatWindow::unreachableServerShowsReconnecting()
{
    // A port nobody listens on: bind one, note it, let it go.
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    QUrl url;
    url.setScheme(QStringLiteral("ws"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port);
    QSignalSpy scheduled(m_client.get(), &ChatClient::reconnectScheduled);
    m_client->connectToServer(url);
    QTRY_VERIFY_WITH_TIMEOUT(scheduled.count() > 0, 15000);
    QTRY_VERIFY(qobject_cast<ConnectionStatusBar *>(m_window->statusBar())->connectionText().startsWith(QStringLiteral("Reconnecting"))
                || qobject_cast<ConnectionStatusBar *>(m_window->statusBar())->connectionText() == QStringLiteral("Connecting…"));
    QCOMPARE(m_window->findChild<QLabel *>(QStringLiteral("serverLabel"))->text(),
             url.toDisplayString());

    // Sending while the link is down is allowed: the message waits in the outbox.
    QTest::keyClicks(composer(), QStringLiteral("queued"));
    QTest::keyClick(composer(), Qt::Key_Return);
    QTRY_COMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->index(0).data(MessageModel::DeliveryRole).toInt(),
             int(ChatMessage::Delivery::Pending));

    m_client->disconnectFromServer();
    QTRY_COMPARE(qobject_cast<ConnectionStatusBar *>(m_window->statusBar())->connectionText(), QStringLiteral("Offline"));
}

void tst_ChatWindow::hostedServerNotice()
{
    auto *banner = m_window->findChild<QLabel *>(QStringLiteral("hostBanner"));
    QVERIFY(banner);
    QVERIFY(!banner->isVisible());
    m_window->setHostedServer(QUrl(QStringLiteral("ws://127.0.0.1:8787")));
    QVERIFY(banner->isVisible());
    QCOMPARE(banner->text(),
             QStringLiteral("Hosting a chat at ws://127.0.0.1:8787 that only this computer can join. "
                            "To share it on your network, start Parley with --listen 0.0.0.0:8787"));
    m_window->setHostedServer(QUrl(QStringLiteral("ws://192.0.2.7:8787")));
    QCOMPARE(banner->text(),
             QStringLiteral("Hosting on ws://192.0.2.7:8787 — others join with: "
                            "parley --server ws://192.0.2.7:8787 --name NAME"));
    QCOMPARE(banner->textFormat(), Qt::PlainText);
    QCOMPARE(m_window->hostedServer(), QUrl(QStringLiteral("ws://192.0.2.7:8787")));
    m_window->setHostedServer(QUrl());
    QVERIFY(!banner->isVisible());
}

void tst_ChatWindow::followsTheConversationOnlyAtTheBottom()
{
    QScrollBar *bar = view()->verticalScrollBar();
    for (int i = 0; i < 60; ++i)
        m_model->addMessage(others(i, QStringLiteral("message %1").arg(i)));
    QTRY_VERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum());

    // Reading older messages: new ones from others do not pull the view down.
    bar->setValue(0);
    m_model->addMessage(others(100, QStringLiteral("while reading")));
    // Let a (wrong) queued scroll run if there were one.
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    QCOMPARE(bar->value(), 0);

    // One's own message always shows.
    QTest::keyClicks(composer(), QStringLiteral("mine"));
    QTest::keyClick(composer(), Qt::Key_Return);
    QTRY_COMPARE(bar->value(), bar->maximum());
    QVERIFY(bar->value() > 0);

    // At the bottom, the view follows.
    const int before = bar->maximum();
    m_model->addMessage(others(101, QStringLiteral("next")));
    QTRY_VERIFY(bar->maximum() > before);
    QTRY_COMPARE(bar->value(), bar->maximum());
}

void tst_ChatWindow::copiesSelectedMessages()
{
    m_model->addMessage(others(0, QStringLiteral("<i>first</i>")));
    m_model->addMessage(others(1, QStringLiteral("second")));
    view()->selectionModel()->select(m_model->index(0), QItemSelectionModel::ClearAndSelect);
    const auto actions = view()->actions();
    QVERIFY(!actions.isEmpty());
    QVERIFY(actions.first()->isEnabled());
    actions.first()->trigger();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("<i>first</i>"));
    view()->selectionModel()->select(m_model->index(1), QItemSelectionModel::Select);
    actions.first()->trigger();
    QCOMPARE(QApplication::clipboard()->text(),
             QStringLiteral("bob: <i>first</i>\nbob: second"));
}

void tst_ChatWindow::screenshot()
{
    // Set PARLEY_UI_SCREENSHOT=/path.png to look at the window (offscreen) by eye; add
    // PARLEY_UI_SCREENSHOT_LANG=zh_CN and/or PARLEY_UI_SCREENSHOT_DARK=1 for the variants.
    const QString path = qEnvironmentVariable("PARLEY_UI_SCREENSHOT");
    if (path.isEmpty())
        QSKIP("PARLEY_UI_SCREENSHOT not set");
    if (qEnvironmentVariableIsSet("PARLEY_UI_SCREENSHOT_LANG"))
        LanguageLoader::install(qApp, qEnvironmentVariable("PARLEY_UI_SCREENSHOT_LANG"));
    if (qEnvironmentVariableIsSet("PARLEY_UI_SCREENSHOT_DARK")) {
        QApplication::setStyle(QStringLiteral("Fusion"));
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
        dark.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        dark.setColor(QPalette::AlternateBase, QColor(0x33, 0x33, 0x33));
        dark.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
        dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
        dark.setColor(QPalette::ButtonText, QColor(0xe8, 0xe8, 0xe8));
        dark.setColor(QPalette::Highlight, QColor(0x2a, 0x82, 0xda));
        dark.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
        QApplication::setPalette(dark);
    }
    m_window->resize(760, 600);
    m_window->setHostedServer(QUrl(QStringLiteral("ws://127.0.0.1:8787")));
    QList<ChatMessage> batch;
    ChatMessage a = others(0, QStringLiteral("Hi Alice! Did the build pass?"));
    a.sender = QStringLiteral("bob");
    ChatMessage b = others(1, QStringLiteral("Here is a long one so that we can see wrapping: Lorem "
                                             "ipsum dolor sit amet, consectetur adipiscing elit, sed "
                                             "do eiusmod tempor incididunt ut labore et dolore magna "
                                             "aliqua. Ut enim ad minim veniam, quis nostrud."));
    b.sender = QStringLiteral("carol");
    ChatMessage c = others(2, QStringLiteral("<b>not bold</b> <img src=file:///etc/passwd>"));
    c.sender = QStringLiteral("mallory");
    ChatMessage d = others(3, QStringLiteral("你好，世界！这是一条中文消息。\nSecond line."));
    d.sender = QStringLiteral("李雷");
    batch << a << b << c << d;
    m_model->addMessages(batch);
    // QTest::keyClicks() takes ASCII only.
    composer()->insertPlainText(QStringLiteral("Yes, all green ✓"));
    QTest::keyClick(composer(), Qt::Key_Return);
    QTest::keyClicks(composer(), QStringLiteral("And <b>this</b> stays literal too"));
    QTest::keyClick(composer(), Qt::Key_Return);
    QTRY_COMPARE(m_model->rowCount(), 6);
    const QString ownId = m_model->index(4).data(MessageModel::ClientIdRole).toString();
    m_model->updateDelivery(ownId, ChatMessage::Delivery::Delivered, 5, QDateTime::currentDateTimeUtc());
    composer()->insertPlainText(QStringLiteral("A draft…"));
    QCoreApplication::processEvents();
    // Let posted layout requests (status bar after a language change) settle before grabbing.
    for (auto *label : m_window->statusBar()->findChildren<QLabel *>())
        QTRY_VERIFY(label->isHidden() || label->width() >= label->sizeHint().width());
    QVERIFY(m_window->grab().save(path));
    LanguageLoader::install(qApp, QStringLiteral("en"));  // the tests after this one read English
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

void tst_ChatWindow::roomSwitchShowsThatRoomsMessages()
{
    QVERIFY(m_window->joinRoom(QStringLiteral("#dev"), false));
    QCOMPARE(m_window->currentRoom(), QStringLiteral("lobby"));
    QVERIFY(m_client->rooms().contains(QStringLiteral("dev")));
    MessageModel *dev = m_window->sessionModels()->modelFor(QStringLiteral("dev"));
    QVERIFY(dev);
    QVERIFY(!dev->fetchMoreEnabled()); // the window pages at the top itself
    m_model->addMessage(others(0, QStringLiteral("in lobby")));
    dev->addMessage(inRoom(QStringLiteral("dev"), 0, QStringLiteral("in dev")));

    auto *list = m_window->findChild<RoomList *>(QStringLiteral("roomList"));
    QTest::mouseClick(list->view()->viewport(), Qt::LeftButton, {},
                      list->view()->visualRect(m_window->sessionModels()->rooms()->index(1)).center());
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

void tst_ChatWindow::draftKeptPerRoom()
{
    m_window->joinRoom(QStringLiteral("dev"), false);
    QTest::keyClicks(composer(), QStringLiteral("half a lobby thought"));
    m_window->showRoom(QStringLiteral("dev"));
    QVERIFY(composer()->toPlainText().isEmpty());
    QTest::keyClicks(composer(), QStringLiteral("dev draft"));
    // The room not shown lists its draft.
    QCOMPARE(m_window->sessionModels()->rooms()->draft(QStringLiteral("lobby")), QStringLiteral("half a lobby thought"));
    m_window->showRoom(QStringLiteral("lobby"));
    QCOMPARE(composer()->toPlainText(), QStringLiteral("half a lobby thought"));
    QCOMPARE(composer()->textCursor().position(), composer()->toPlainText().size()); // typing goes on at the end
    m_window->showRoom(QStringLiteral("dev"));
    QCOMPARE(composer()->toPlainText(), QStringLiteral("dev draft"));
    // Sending clears that room's draft only.
    QTest::keyClick(composer(), Qt::Key_Return);
    QCOMPARE(m_window->sessionModels()->rooms()->draft(QStringLiteral("dev")), QString());
    QCOMPARE(m_window->sessionModels()->rooms()->draft(QStringLiteral("lobby")), QStringLiteral("half a lobby thought"));
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
    QCOMPARE(m_window->sessionModels()->rooms()->rooms(), (QStringList{QStringLiteral("lobby"), QStringLiteral("design")}));
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
    QVERIFY(m_window->sessionModels()->rooms()->isMuted(QStringLiteral("dev")));
    QVERIFY(action("muteAction")->isChecked());
    m_window->showRoom(QStringLiteral("lobby"));
    QVERIFY(!action("muteAction")->isChecked());
    m_window->setRoomMuted(QStringLiteral("dev"), false);
    QVERIFY(!m_window->sessionModels()->rooms()->isMuted(QStringLiteral("dev")));

    // Leaving the room shown shows its neighbour below.
    m_window->showRoom(QStringLiteral("dev"));
    QPointer<MessageModel> devModel = m_window->sessionModels()->modelFor(QStringLiteral("dev"));
    action("leaveAction")->trigger();
    QCOMPARE(m_window->sessionModels()->rooms()->rooms(), (QStringList{QStringLiteral("lobby"), QStringLiteral("random")}));
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

void tst_ChatWindow::olderHistoryPagedAtTheTopKeepsTheReadingPosition()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    MessageStore store;
    QVERIFY2(store.open(dir.filePath(QStringLiteral("history.sqlite"))), qPrintable(store.errorString()));
    const int total = MessageModel::kPageSize * 2 + 50;
    QList<ChatMessage> history;
    for (int i = 0; i < total; ++i)
        history << inRoom(QStringLiteral("archive"), i, QStringLiteral("old message %1").arg(i));
    QCOMPARE(store.saveReceivedBatch(history).size(), total);

    ChatClient client;
    client.setUserName(QStringLiteral("alice"));
    client.setStore(&store);
    SessionModels models(&client, &store);
    ChatWindow window(&models);
    window.resize(800, 500);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.joinRoom(QStringLiteral("archive"));
    MessageModel *model = window.sessionModels()->modelFor(QStringLiteral("archive"));
    QCOMPARE(model->rowCount(), MessageModel::kPageSize);
    auto *list = window.findChild<MessageView *>(QStringLiteral("messageView"));
    QScrollBar *bar = list->verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum()); // opens at the newest
    QTRY_COMPARE(list->messageDelegate()->estimatedRows(), 0);

    // Scrolling to the top pages in the next older page…
    const QPersistentModelIndex reading = model->index(0);
    // A scroll made while a relayout is still posted is kept (scrollContentsBy → indexAt runs
    // that layout, which must not restore the position from before the scroll).
    bar->setValue(bar->minimum());
    QCOMPARE(bar->value(), bar->minimum());
    QTRY_COMPARE(model->rowCount(), 2 * MessageModel::kPageSize);
    // …and the message that was at the top is still where the reader saw it.
    QTRY_COMPARE(list->messageDelegate()->estimatedRows(), 0);
    QTRY_VERIFY(qAbs(list->visualRect(reading).top()) <= ConversationPane::kLoadOlderSlack + 2);
    QCOMPARE(reading.data(MessageModel::TextRole).toString(),
             QStringLiteral("old message %1").arg(total - MessageModel::kPageSize));
    QVERIFY(bar->value() > bar->minimum() + ConversationPane::kLoadOlderSlack); // no run-away paging
    // Further up, until the start of history.
    bar->setValue(bar->minimum());
    QTRY_COMPARE(model->rowCount(), total);
    QVERIFY(!model->hasOlder());
}

#ifdef PARLEY_HAVE_SERVER
void tst_ChatWindow::deliveredThroughARealServer()
{
    ParleyServer server;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    m_client->joinRoom(QStringLiteral("lobby"));
    m_client->connectToServer(server.url());
    QTRY_COMPARE_WITH_TIMEOUT(qobject_cast<ConnectionStatusBar *>(m_window->statusBar())->connectionText(), QStringLiteral("Connected"), 10000);
    QCOMPARE(m_window->findChild<QLabel *>(QStringLiteral("serverLabel"))->text(),
             server.url().toDisplayString());
    QTRY_VERIFY(m_client->isReady());

    QTest::keyClicks(composer(), QStringLiteral("over the wire"));
    QTest::keyClick(composer(), Qt::Key_Return);
    QTRY_COMPARE(m_model->rowCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->index(0).data(MessageModel::DeliveryRole).toInt(),
                              int(ChatMessage::Delivery::Delivered), 10000);
    QCOMPARE(m_model->rowCount(), 1);  // the echo does not add a second row
    m_client->disconnectFromServer();
    QTRY_COMPARE(qobject_cast<ConnectionStatusBar *>(m_window->statusBar())->connectionText(), QStringLiteral("Offline"));
}

void tst_ChatWindow::latencyShownWhileConnected()
{
    using namespace std::chrono_literals;
    ConnectorSettings settings;
    settings.heartbeatInterval = 100ms;  // a round trip is measured at once
    m_client->setSettings(settings);
    ParleyServer server;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    auto *latency = m_window->findChild<QLabel *>(QStringLiteral("latencyLabel"));
    QSignalSpy measured(m_client.get(), &ChatClient::latencyChanged);
    m_client->connectToServer(server.url());
    QTRY_VERIFY_WITH_TIMEOUT(!measured.isEmpty(), 10000);
    QVERIFY(latency->isVisible());
    const int ms = measured.last().at(0).toInt();
    QCOMPARE(latency->text(), ms == 0 ? QStringLiteral("< 1 ms") : QStringLiteral("%1 ms").arg(ms));
    QCOMPARE(qobject_cast<ConnectionStatusBar *>(m_window->statusBar())->connectionText(), QStringLiteral("Connected"));
    m_client->disconnectFromServer();
    QTRY_COMPARE(qobject_cast<ConnectionStatusBar *>(m_window->statusBar())->connectionText(), QStringLiteral("Offline"));
    QVERIFY(!latency->isVisible());
}

void tst_ChatWindow::statusBarCountsDownWithTheBanner()
{
    using namespace std::chrono_literals;
    ConnectorSettings settings;
    settings.backoffBase = 3s;
    settings.backoffJitter = 0.0;
    m_client->setSettings(settings);
    auto server = std::make_unique<ParleyServer>();
    QVERIFY2(server->listen(QHostAddress::LocalHost, 0), qPrintable(server->errorString()));
    m_client->connectToServer(server->url());
    QTRY_VERIFY_WITH_TIMEOUT(m_client->isReady(), 10000);

    // Each time the banner's number changes, the status bar already shows the same one.
    auto *banner = m_window->findChild<ConnectionBanner *>(QStringLiteral("connectionBanner"));
    QStringList pairs;
    connect(banner, &ConnectionBanner::textChanged, this, [&](const QString &text) {
        if (text.contains(QLatin1String(" in ")))
            pairs << text.section(QLatin1String(" in "), 1) + QLatin1Char('|')
                            + qobject_cast<ConnectionStatusBar *>(m_window->statusBar())->connectionText().section(QLatin1String(" in "), 1);
    });
    server.reset();
    QTRY_COMPARE_WITH_TIMEOUT(pairs.size(), 3, 10000);
    QCOMPARE(pairs, (QStringList{QStringLiteral("3 s|3 s"), QStringLiteral("2 s|2 s"),
                                 QStringLiteral("1 s|1 s")}));
    QVERIFY(banner->isVisible());
    m_client->disconnectFromServer();
    QTRY_VERIFY(!banner->isVisible());
}

namespace {
//! Bob: a second person in the chat, a plain client with no window.
struct Bob
{
    explicit Bob(const QUrl &url, const QStringList &rooms)
    {
        client.setUserName(QStringLiteral("bob"));
        for (const QString &room : rooms)
            client.joinRoom(room);
        client.connectToServer(url);
    }
    ~Bob() { client.disconnectFromServer(); }
    ChatClient client;
    QSignalSpy joined{&client, &ChatClient::joined};
};
} // namespace

void tst_ChatWindow::unreadCountsWithARealServer()
{
    ParleyServer server;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    m_window->joinRoom(QStringLiteral("dev"), false);
    QSignalSpy synced(m_client.get(), &ChatClient::roomSynced);
    m_client->connectToServer(server.url());
    QTRY_VERIFY_WITH_TIMEOUT(synced.size() >= 2, 10000);
    Bob bob(server.url(), {QStringLiteral("lobby"), QStringLiteral("dev")});
    QTRY_COMPARE_WITH_TIMEOUT(bob.joined.size(), 2, 10000);

    RoomListModel *rooms = m_window->sessionModels()->rooms();
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

void tst_ChatWindow::typingIndicatorFromAnotherClient()
{
    ParleyServer server;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    m_window->conversation()->typingIndicator()->setExpiry(std::chrono::milliseconds(600));
    m_window->joinRoom(QStringLiteral("dev"), false);
    QSignalSpy joined(m_client.get(), &ChatClient::joined);
    m_client->connectToServer(server.url());
    QTRY_VERIFY_WITH_TIMEOUT(joined.size() >= 2, 10000);
    Bob bob(server.url(), {QStringLiteral("lobby"), QStringLiteral("dev")});
    QTRY_COMPARE_WITH_TIMEOUT(bob.joined.size(), 2, 10000);

    TypingIndicator *typing = m_window->conversation()->typingIndicator();
    bob.client.notifyTyping(QStringLiteral("lobby"));
    QTRY_COMPARE(typing->fullText(), QStringLiteral("bob is typing…"));
    QVERIFY(typing->isVisible());
    // It goes by itself: nobody says "stopped".
    QTRY_COMPARE(typing->fullText(), QString());
    // Typing in another room shows there, not here.
    bob.client.notifyTyping(QStringLiteral("dev"));
    QTRY_COMPARE(typing->typing(QStringLiteral("dev")), QStringList{QStringLiteral("bob")});
    QCOMPARE(typing->fullText(), QString());
    m_window->showRoom(QStringLiteral("dev"));
    QCOMPARE(typing->fullText(), QStringLiteral("bob is typing…"));
    // Bob's message ends it at once.
    bob.client.sendMessage(QStringLiteral("dev"), QStringLiteral("done"));
    QTRY_COMPARE(typing->fullText(), QString());
    m_client->disconnectFromServer();
}

void tst_ChatWindow::composerTellsOthersItIsTyping()
{
    ParleyServer server;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    m_client->connectToServer(server.url());
    QTRY_VERIFY_WITH_TIMEOUT(m_client->isReady(), 10000);
    Bob bob(server.url(), {QStringLiteral("lobby")});
    QTRY_COMPARE_WITH_TIMEOUT(bob.joined.size(), 1, 10000);
    QSignalSpy typing(&bob.client, &ChatClient::typingReceived);
    QTest::keyClicks(composer(), QStringLiteral("hel"));
    QTRY_COMPARE(typing.size(), 1);
    QCOMPARE(typing.first().at(0).toString(), QStringLiteral("lobby"));
    QCOMPARE(typing.first().at(1).toString(), QStringLiteral("alice"));
    // ChatClient throttles: more keys soon after send nothing more.
    QTest::keyClicks(composer(), QStringLiteral("lo"));
    QTest::keyClick(composer(), Qt::Key_Return);
    QSignalSpy message(&bob.client, &ChatClient::messageReceived);
    QTRY_COMPARE(message.size(), 1);
    QCOMPARE(typing.size(), 1);
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
    Bob bob(server.url(), {QStringLiteral("lobby"), QStringLiteral("dev")});
    QTRY_COMPARE_WITH_TIMEOUT(bob.joined.size(), 2, 10000);
    QSignalSpy requested(m_window->notifier(), &TrayNotifier::notificationRequested);

    // Looking at the window: nothing pops up.
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QVERIFY(m_window->isAttended());
    bob.client.sendMessage(QStringLiteral("dev"), QStringLiteral("while looking"));
    QTRY_COMPARE(m_window->sessionModels()->rooms()->unread(QStringLiteral("dev")), 1);
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
    QCOMPARE(m_window->sessionModels()->rooms()->unread(QStringLiteral("lobby")), 1);

    // Muted: counted in its room, never notified.
    m_window->setRoomMuted(QStringLiteral("dev"), true);
    bob.client.sendMessage(QStringLiteral("dev"), QStringLiteral("muted"));
    QTRY_COMPARE(m_window->sessionModels()->rooms()->unread(QStringLiteral("dev")), 3);
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
    QTRY_COMPARE(m_window->sessionModels()->rooms()->unread(QStringLiteral("lobby")), 0);
    m_client->disconnectFromServer();
}

void tst_ChatWindow::membersOfTheRoomShown()
{
    ParleyServer server;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    m_window->joinRoom(QStringLiteral("dev"), false);
    m_client->connectToServer(server.url());
    Bob bob(server.url(), {QStringLiteral("lobby")});
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

QTEST_MAIN(tst_ChatWindow)
#include "tst_chatwindow.moc"
