// Tests ui/conversationpane.cpp: sending through the composer (Enter, Shift+Enter, the Send
// button, nothing for blank text, a refused message given back), markup shown literally, following
// the conversation (one's own messages always, others' only at the end), copying, a draft and a
// reading position per room, no room to write to, paging older history at the top while keeping
// the reading position, and (with an in-process parley-server, PARLEY_HAVE_SERVER) delivery and
// typing both ways. The client is offline otherwise, so the "queued while offline" path is always
// covered.
#include "chatclient.h"
#include "closedport.h"
#include "conversationpanefixture.h"
#include "composer.h"
#include "composercontext.h"
#include "conversationpane.h"
#include "receivedmessages.h"
#include "messagedelegate.h"
#include "messagetexts.h"
#include "messagemodel.h"
#include "messagestore.h"
#include "messageview.h"
#include "roomlistmodel.h"
#include "sessionmodels.h"
#include "typingindicator.h"
#ifdef PARLEY_HAVE_SERVER
#include "parleyserver.h"
#include "secondperson.h"
#include "testmain.h"
#endif

#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QMenu>
#include <QTest>
#include <QToolButton>

#include <memory>

class tst_ConversationPane : public ConversationPaneFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void parts();
    void enterSendsAndTheRowAppears();
    void shiftEnterInsertsNewline();
    void emptyTextIsNotSent();
    void sendButtonSends();
    void refusedMessageGoesBackToTheComposer();
    void markupIsShownLiterally();
    void sendingWhileReconnectingIsQueued();
    void followsTheConversationOnlyAtTheBottom();
    void copiesSelectedMessages();
    void draftKeptPerRoom();
    void draftSetFromOutsideReachesTheComposer();
    void readingPositionKeptPerRoom();
    void noRoomToWriteTo();
    void olderHistoryPagedAtTheTopKeepsTheReadingPosition();
#ifdef PARLEY_HAVE_SERVER
    void deliveredThroughARealServer();
    void typingIndicatorFromAnotherClient();
    void composerTellsOthersItIsTyping();
    void composerSaysWhenTextIsOverTheServersLimit();
#endif

};

void tst_ConversationPane::init()
{
    setUpPane();
}

void tst_ConversationPane::cleanup()
{
    tearDownPane();
}

void tst_ConversationPane::parts()
{
    QCOMPARE(m_pane->room(), QStringLiteral("lobby"));
    QCOMPARE(view()->model(), m_model);
    QVERIFY(qobject_cast<MessageDelegate *>(view()->itemDelegate()));
    QVERIFY(composer()->isEnabled());
    QCOMPARE(m_pane->sendButton()->text(), QStringLiteral("Send"));
    QVERIFY(!m_pane->sendButton()->accessibleName().isEmpty());
    QVERIFY(!view()->accessibleName().isEmpty());
    QVERIFY(m_pane->typingIndicator()->isVisible());
    // The composer sits below the messages, the typing line between.
    QVERIFY(composer()->mapTo(m_pane.get(), QPoint()).y()
            > view()->mapTo(m_pane.get(), QPoint()).y() + view()->height() - 1);
    QVERIFY(m_pane->typingIndicator()->mapTo(m_pane.get(), QPoint()).y()
            < composer()->mapTo(m_pane.get(), QPoint()).y());
}

void tst_ConversationPane::enterSendsAndTheRowAppears()
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
    QCOMPARE(MessageTexts::deliveryMark(ChatMessage::Delivery::Pending), QStringLiteral("\u25F7"));
    QCOMPARE(m_client->outbox().size(), 1);
    QVERIFY(composer()->toPlainText().isEmpty());
    QVERIFY(composer()->isEnabled());
}

void tst_ConversationPane::shiftEnterInsertsNewline()
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

void tst_ConversationPane::emptyTextIsNotSent()
{
    QSignalSpy queued(m_client.get(), &ChatClient::messageQueued);
    QSignalSpy errors(m_client.get(), &ChatClient::errorOccurred);
    QTest::keyClick(composer(), Qt::Key_Return);
    QTest::keyClicks(composer(), QStringLiteral("   "));
    QTest::keyClick(composer(), Qt::Key_Return);
    QTest::mouseClick(m_pane->sendButton(), Qt::LeftButton);
    QCOMPARE(queued.count(), 0);
    QCOMPARE(errors.count(), 0);  // never even asked the client
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(m_client->outbox().isEmpty());
}

void tst_ConversationPane::sendButtonSends()
{
    QTest::keyClicks(composer(), QStringLiteral("by button"));
    QTest::mouseClick(m_pane->sendButton(), Qt::LeftButton);
    QTRY_COMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->index(0).data(MessageModel::TextRole).toString(), QStringLiteral("by button"));
}

void tst_ConversationPane::refusedMessageGoesBackToTheComposer()
{
    QSignalSpy errors(m_client.get(), &ChatClient::errorOccurred);
    // Over the limit, in lines (one line of a million characters takes the editor long to lay out).
    const QString line = QString(79, QLatin1Char('x')) + QLatin1Char('\n');
    const QString tooLong = line.repeated(ChatClient::kMaxTextLength / line.size() + 1);
    QVERIFY(tooLong.size() > ChatClient::kMaxTextLength);
    m_pane->send(tooLong);
    QCOMPARE(errors.count(), 1); // the client says why
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(composer()->toPlainText(), tooLong); // not lost
    // …but never over what one has typed since.
    composer()->setPlainText(QStringLiteral("something else"));
    m_pane->send(tooLong);
    QCOMPARE(composer()->toPlainText(), QStringLiteral("something else"));
}

void tst_ConversationPane::markupIsShownLiterally()
{
    const QString html = QStringLiteral("<b>x</b>");
    QTest::keyClicks(composer(), html);
    QTest::keyClick(composer(), Qt::Key_Return);
    QTRY_COMPARE(m_model->rowCount(), 1);
    const QModelIndex row = m_model->index(0);
    QCOMPARE(row.data(MessageModel::TextRole).toString(), html);
    QCOMPARE(MessageTexts::bodyText(row), html);

    // The view lays it out as eight plain characters, not one bold "x".
    auto *delegate = qobject_cast<MessageDelegate *>(view()->itemDelegate());
    QStyleOptionViewItem option;
    option.initFrom(view());
    option.widget = view();
    option.font = view()->font();
    const auto g = delegate->geometry(option, row);
    QVERIFY(g.text.width() >= QFontMetrics(view()->font()).horizontalAdvance(html) - 1);
}

void tst_ConversationPane::sendingWhileReconnectingIsQueued()
{
    const QUrl url = closedLocalUrl();
    QVERIFY(url.isValid());
    QSignalSpy scheduled(m_client.get(), &ChatClient::reconnectScheduled);
    m_client->connectToServer(url);
    QTRY_VERIFY_WITH_TIMEOUT(scheduled.count() > 0, 15000);

    // Sending while the link is down is allowed: the message waits in the outbox.
    QVERIFY(composer()->isEnabled());
    QTest::keyClicks(composer(), QStringLiteral("queued"));
    QTest::keyClick(composer(), Qt::Key_Return);
    QTRY_COMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->index(0).data(MessageModel::DeliveryRole).toInt(),
             int(ChatMessage::Delivery::Pending));
    m_client->disconnectFromServer();
}

void tst_ConversationPane::followsTheConversationOnlyAtTheBottom()
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

void tst_ConversationPane::copiesSelectedMessages()
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

void tst_ConversationPane::draftKeptPerRoom()
{
    m_models->joinRoom(QStringLiteral("dev"));
    QTest::keyClicks(composer(), QStringLiteral("half a lobby thought"));
    m_pane->showRoom(QStringLiteral("dev"));
    QCOMPARE(m_pane->room(), QStringLiteral("dev"));
    QVERIFY(composer()->toPlainText().isEmpty());
    QTest::keyClicks(composer(), QStringLiteral("dev draft"));
    // The room not shown lists its draft.
    QCOMPARE(rooms()->draft(QStringLiteral("lobby")), QStringLiteral("half a lobby thought"));
    m_pane->showRoom(QStringLiteral("lobby"));
    QCOMPARE(composer()->toPlainText(), QStringLiteral("half a lobby thought"));
    QCOMPARE(composer()->textCursor().position(), composer()->toPlainText().size()); // typing goes on at the end
    m_pane->showRoom(QStringLiteral("dev"));
    QCOMPARE(composer()->toPlainText(), QStringLiteral("dev draft"));
    // Sending clears that room's draft only.
    QTest::keyClick(composer(), Qt::Key_Return);
    QCOMPARE(rooms()->draft(QStringLiteral("dev")), QString());
    QCOMPARE(rooms()->draft(QStringLiteral("lobby")), QStringLiteral("half a lobby thought"));
}

void tst_ConversationPane::draftSetFromOutsideReachesTheComposer()
{
    m_models->joinRoom(QStringLiteral("dev"));
    // Restored from the settings, say: the room shown shows it, cursor at the end.
    rooms()->setDraft(QStringLiteral("lobby"), QStringLiteral("restored words"));
    QCOMPARE(composer()->toPlainText(), QStringLiteral("restored words"));
    QCOMPARE(composer()->textCursor().position(), composer()->toPlainText().size());
    // Another room's draft stays there.
    rooms()->setDraft(QStringLiteral("dev"), QStringLiteral("for dev"));
    QCOMPARE(composer()->toPlainText(), QStringLiteral("restored words"));
    m_pane->saveDraft();
    QCOMPARE(rooms()->draft(QStringLiteral("lobby")), QStringLiteral("restored words"));
}

void tst_ConversationPane::readingPositionKeptPerRoom()
{
    filledRoom(QStringLiteral("dev"), 80);
    QList<ChatMessage> lobby;
    for (int i = 0; i < 80; ++i)
        lobby << others(i, QStringLiteral("lobby message %1").arg(i));
    m_model->addMessages(lobby);
    QScrollBar *bar = view()->verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum());

    // Reading lobby's older messages, then away to dev, which opens at its end…
    bar->setValue(bar->maximum() / 3);
    QTRY_COMPARE(view()->messageDelegate()->estimatedRows(), 0);
    const QPersistentModelIndex reading = view()->indexAt(QPoint(0, 0));
    QVERIFY(reading.isValid());
    QVERIFY(reading.row() > 0);
    m_pane->showRoom(QStringLiteral("dev"));
    QTRY_VERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum());
    // …and back: the message that was at the top is at the top again.
    m_pane->showRoom(QStringLiteral("lobby"));
    QTRY_COMPARE(view()->indexAt(QPoint(0, 0)), QModelIndex(reading));
    QVERIFY(bar->value() < bar->maximum());
    // dev was left at its end and opens there.
    m_pane->showRoom(QStringLiteral("dev"));
    QTRY_COMPARE(bar->value(), bar->maximum());
    // A room left and joined again starts over at its end.
    m_pane->forgetRoom(QStringLiteral("lobby"));
    m_pane->showRoom(QStringLiteral("lobby"));
    QTRY_COMPARE(bar->value(), bar->maximum());
}

void tst_ConversationPane::noRoomToWriteTo()
{
    // Offline is no reason: the composer stays usable (tested above). No room is.
    auto *notice = m_pane->findChild<QLabel *>(QStringLiteral("composerNotice"));
    QVERIFY(notice);
    QVERIFY(!notice->isVisible());
    QTest::keyClicks(composer(), QStringLiteral("unsent"));
    m_pane->showRoom(QString());
    QCOMPARE(m_pane->room(), QString());
    QCOMPARE(view()->model(), nullptr);
    QVERIFY(!composer()->isEnabled());
    QVERIFY(composer()->toPlainText().isEmpty());
    QVERIFY(!m_pane->sendButton()->isEnabled());
    QVERIFY(!m_pane->typingIndicator()->isVisible());
    QVERIFY(notice->isVisible());
    QVERIFY(notice->text().contains(QStringLiteral("Ctrl+N")));
    QCOMPARE(notice->textFormat(), Qt::PlainText);
    QCOMPARE(rooms()->draft(QStringLiteral("lobby")), QStringLiteral("unsent")); // kept for later
    m_pane->send(QStringLiteral("to nowhere"));
    QVERIFY(m_client->outbox().isEmpty());
    // A room that is not joined is not shown.
    m_pane->showRoom(QStringLiteral("elsewhere"));
    QCOMPARE(m_pane->room(), QString());
    m_pane->showRoom(QStringLiteral("lobby"));
    QVERIFY(composer()->isEnabled());
    QVERIFY(!notice->isVisible());
    QCOMPARE(composer()->toPlainText(), QStringLiteral("unsent"));
}




void tst_ConversationPane::olderHistoryPagedAtTheTopKeepsTheReadingPosition()
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
    ConversationPane pane(&models);
    pane.resize(600, 380);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    models.joinRoom(QStringLiteral("archive"));
    pane.showRoom(QStringLiteral("archive"));
    MessageModel *model = models.modelFor(QStringLiteral("archive"));
    QCOMPARE(model->rowCount(), MessageModel::kPageSize);
    MessageView *list = pane.view();
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
void tst_ConversationPane::deliveredThroughARealServer()
{
    ParleyServer server;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    m_client->connectToServer(server.url());
    QTRY_VERIFY_WITH_TIMEOUT(m_client->isReady(), 10000);

    QTest::keyClicks(composer(), QStringLiteral("over the wire"));
    QTest::keyClick(composer(), Qt::Key_Return);
    QTRY_COMPARE(m_model->rowCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->index(0).data(MessageModel::DeliveryRole).toInt(),
                              int(ChatMessage::Delivery::Delivered), 10000);
    QCOMPARE(m_model->rowCount(), 1);  // the echo does not add a second row
    m_client->disconnectFromServer();
}

void tst_ConversationPane::typingIndicatorFromAnotherClient()
{
    ParleyServer server;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    TypingIndicator *typing = m_pane->typingIndicator();
    typing->setExpiry(std::chrono::milliseconds(600));
    m_models->joinRoom(QStringLiteral("dev"));
    QSignalSpy joined(m_client.get(), &ChatClient::joined);
    m_client->connectToServer(server.url());
    QTRY_VERIFY_WITH_TIMEOUT(joined.size() >= 2, 10000);
    SecondPerson bob(server.url(), {QStringLiteral("lobby"), QStringLiteral("dev")});
    QTRY_COMPARE_WITH_TIMEOUT(bob.joined.size(), 2, 10000);

    bob.client.notifyTyping(QStringLiteral("lobby"));
    QTRY_COMPARE(typing->fullText(), QStringLiteral("bob is typing…"));
    QVERIFY(typing->isVisible());
    // It goes by itself: nobody says "stopped".
    QTRY_COMPARE(typing->fullText(), QString());
    // Typing in another room shows there, not here.
    bob.client.notifyTyping(QStringLiteral("dev"));
    QTRY_COMPARE(typing->typing(QStringLiteral("dev")), QStringList{QStringLiteral("bob")});
    QCOMPARE(typing->fullText(), QString());
    m_pane->showRoom(QStringLiteral("dev"));
    QCOMPARE(typing->fullText(), QStringLiteral("bob is typing…"));
    // Bob's message ends it at once.
    bob.client.sendMessage(QStringLiteral("dev"), QStringLiteral("done"));
    QTRY_COMPARE(typing->fullText(), QString());
    m_client->disconnectFromServer();
}

void tst_ConversationPane::composerTellsOthersItIsTyping()
{
    ParleyServer server;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    m_client->connectToServer(server.url());
    QTRY_VERIFY_WITH_TIMEOUT(m_client->isReady(), 10000);
    SecondPerson bob(server.url(), {QStringLiteral("lobby")});
    QTRY_COMPARE_WITH_TIMEOUT(bob.joined.size(), 1, 10000);
    QSignalSpy typing(&bob.client, &ChatClient::typingReceived);
    QTest::keyClicks(composer(), QStringLiteral("hel"));
    QTRY_COMPARE(typing.size(), 1);
    QCOMPARE(typing.first().at(0).toString(), QStringLiteral("lobby"));
    QCOMPARE(typing.first().at(1).toString(), QStringLiteral("alice"));
    // ChatClient throttles: more keys soon after send nothing more.
    QTest::keyClicks(composer(), QStringLiteral("lo"));
    QTest::keyClick(composer(), Qt::Key_Return);
    ReceivedMessages message(&bob.client);
    QTRY_COMPARE(message.size(), 1);
    QCOMPARE(typing.size(), 1);
    m_client->disconnectFromServer();
}

// parley-server says how long a message may be when the link comes up; the composer says when
// the draft is over it (and Send is off) before anything is sent and refused.
void tst_ConversationPane::composerSaysWhenTextIsOverTheServersLimit()
{
    ServerSettings settings;
    settings.maxTextLength = 20;
    ParleyServer server(settings);
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    auto *notice = m_pane->findChild<QLabel *>(QStringLiteral("composerNotice"));
    QVERIFY(notice);
    QTest::keyClicks(composer(), QStringLiteral("twenty-one characters"));
    QVERIFY(!notice->isVisible()); // the limit is not known yet: 1,000,000
    m_client->connectToServer(server.url());
    QTRY_VERIFY_WITH_TIMEOUT(m_client->isReady(), 10000);
    QTRY_VERIFY(notice->isVisible());
    QVERIFY2(notice->text().contains(QLatin1String("21")) && notice->text().contains(QLatin1String("20")),
             qPrintable(notice->text()));
    QVERIFY(!m_pane->sendButton()->isEnabled());
    QVERIFY(composer()->isEnabled()); // to shorten it
    QTest::keyClick(composer(), Qt::Key_Backspace);
    QVERIFY(!notice->isVisible());
    QVERIFY(m_pane->sendButton()->isEnabled());
    QTest::keyClick(composer(), Qt::Key_Return);
    QTRY_COMPARE(m_model->rowCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->index(0).data(MessageModel::DeliveryRole).toInt(),
                              int(ChatMessage::Delivery::Delivered), 10000);
    m_client->disconnectFromServer();
}


#endif

PARLEY_TEST_MAIN(tst_ConversationPane)
#include "tst_conversationpane.moc"
