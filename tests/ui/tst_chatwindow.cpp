// Tests ui/chatwindow.cpp: sending through the composer, the status bar, the connection banner's
// place, the hosting notice, following the conversation. The client is offline unless an in-process parley-server is built
// (PARLEY_HAVE_SERVER), so the "message queued while offline" path is always covered.
#include "chatclient.h"
#include "chatwindow.h"
#include "composer.h"
#include "connectionbanner.h"
#include "connectorsettings.h"
#include "languageloader.h"
#include "messagedelegate.h"
#include "messagemodel.h"
#ifdef PARLEY_HAVE_SERVER
#include "parleyserver.h"
#endif

#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTcpServer>
#include <QTest>

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
#ifdef PARLEY_HAVE_SERVER
    void deliveredThroughARealServer();
    void latencyShownWhileConnected();
    void statusBarCountsDownWithTheBanner();
#endif

private:
    ChatMessage others(int n, const QString &text) const;
    Composer *composer() const { return m_window->findChild<Composer *>(QStringLiteral("composer")); }
    QListView *view() const { return m_window->findChild<QListView *>(QStringLiteral("messageView")); }

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
    QCOMPARE(m_window->connectionText(), QStringLiteral("Offline"));
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
    QCOMPARE(m_window->connectionText(), QStringLiteral("Offline"));
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
    QCOMPARE(ChatWindow::stateText(state, retryMs), text);
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
    QTRY_VERIFY(m_window->connectionText().startsWith(QStringLiteral("Reconnecting"))
                || m_window->connectionText() == QStringLiteral("Connecting…"));
    QCOMPARE(m_window->findChild<QLabel *>(QStringLiteral("serverLabel"))->text(),
             url.toDisplayString());

    // Sending while the link is down is allowed: the message waits in the outbox.
    QTest::keyClicks(composer(), QStringLiteral("queued"));
    QTest::keyClick(composer(), Qt::Key_Return);
    QTRY_COMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->index(0).data(MessageModel::DeliveryRole).toInt(),
             int(ChatMessage::Delivery::Pending));

    m_client->disconnectFromServer();
    QTRY_COMPARE(m_window->connectionText(), QStringLiteral("Offline"));
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

#ifdef PARLEY_HAVE_SERVER
void tst_ChatWindow::deliveredThroughARealServer()
{
    ParleyServer server;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    m_client->joinRoom(QStringLiteral("lobby"));
    m_client->connectToServer(server.url());
    QTRY_COMPARE_WITH_TIMEOUT(m_window->connectionText(), QStringLiteral("Connected"), 10000);
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
    QTRY_COMPARE(m_window->connectionText(), QStringLiteral("Offline"));
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
    QCOMPARE(m_window->connectionText(), QStringLiteral("Connected"));
    m_client->disconnectFromServer();
    QTRY_COMPARE(m_window->connectionText(), QStringLiteral("Offline"));
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
                            + m_window->connectionText().section(QLatin1String(" in "), 1);
    });
    server.reset();
    QTRY_COMPARE_WITH_TIMEOUT(pairs.size(), 3, 10000);
    QCOMPARE(pairs, (QStringList{QStringLiteral("3 s|3 s"), QStringLiteral("2 s|2 s"),
                                 QStringLiteral("1 s|1 s")}));
    QVERIFY(banner->isVisible());
    m_client->disconnectFromServer();
    QTRY_VERIFY(!banner->isVisible());
}
#endif

QTEST_MAIN(tst_ChatWindow)
#include "tst_chatwindow.moc"
