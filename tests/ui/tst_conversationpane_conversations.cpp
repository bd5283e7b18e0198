// Tests the conversation side of ui/conversationpane.cpp (issue 12): opening a room on its
// unread line, the jump button's count, clicking a quote to show the message answered, replying
// from the keyboard (Ctrl+Up / Ctrl+Down), and, against an in-process parley-server
// (PARLEY_HAVE_SERVER), Up to edit, Esc, replying, and read receipts for what the user sees.
#include "composercontext.h"
#include "conversationpanefixture.h"
#include "messageactions.h"
#include "messagedelegate.h"
#include "messagetexts.h"
#include "latejoiner.h"
#include "testmain.h"
#ifdef PARLEY_HAVE_SERVER
#include "messagestore.h"
#include "parleyserver.h"
#include "secondperson.h"
#include "testsettings.h"
#endif

#include <QLabel>
#include <QMenu>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

class tst_ConversationPaneConversations : public ConversationPaneFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init() { setUpPane(); }
    void cleanup() { tearDownPane(); }

    void opensOnTheUnreadLine();
    void jumpToLatestCountsWhatArrivedBelow();
    void clickingAQuoteShowsTheMessageAnswered();
    void ctrlUpAndDownReplyFromTheKeyboard();
#ifdef PARLEY_HAVE_SERVER
    void upEditsTheLastMessageAndReplyQuotes();
    void whatTheUserSeesIsMarkedRead();
    void aQuoteOlderThanTheStoreIsFetchedFromTheServer();
#endif
};

// Telegram Desktop's keys: Ctrl+Up quotes the newest message, again the one above it (a deleted
// one is skipped); Ctrl+Down goes back down and, past the newest, stops replying.
void tst_ConversationPaneConversations::ctrlUpAndDownReplyFromTheKeyboard()
{
    QList<ChatMessage> batch;
    for (int i = 0; i < 4; ++i)
        batch << others(i, QStringLiteral("message %1").arg(i));
    batch[2].deleted = true;
    batch[2].text.clear();
    m_model->addMessages(batch);
    ComposerContext *context = m_pane->composerContext();
    // A stock server: nothing to reply with.
    view()->messageActions()->setAvailable(false, 0, false);
    QTest::keyClick(composer(), Qt::Key_Up, Qt::ControlModifier);
    QCOMPARE(context->mode(), ComposerContext::Mode::None);

    view()->messageActions()->setAvailable(true, 1, false);
    QTest::keyClick(composer(), Qt::Key_Up, Qt::ControlModifier);
    QCOMPARE(context->mode(), ComposerContext::Mode::Reply);
    QCOMPARE(context->seq(), batch[3].seq);
    QTest::keyClick(composer(), Qt::Key_Up, Qt::ControlModifier); // over the deleted one
    QCOMPARE(context->seq(), batch[1].seq);
    QTest::keyClick(composer(), Qt::Key_Up, Qt::ControlModifier);
    QTest::keyClick(composer(), Qt::Key_Up, Qt::ControlModifier); // the oldest: stays
    QCOMPARE(context->seq(), batch[0].seq);
    QTest::keyClick(composer(), Qt::Key_Down, Qt::ControlModifier);
    QCOMPARE(context->seq(), batch[1].seq);
    QTest::keyClick(composer(), Qt::Key_Down, Qt::ControlModifier);
    QCOMPARE(context->seq(), batch[3].seq);
    QTest::keyClick(composer(), Qt::Key_Down, Qt::ControlModifier);
    QCOMPARE(context->mode(), ComposerContext::Mode::None);
    QVERIFY(composer()->hasFocus());
}

// A room opened with unread messages shows the first of them at the top, under "New messages";
// the line is for that visit only.
void tst_ConversationPaneConversations::opensOnTheUnreadLine()
{
    m_models->joinRoom(QStringLiteral("dev"));
    MessageModel *dev = m_models->modelFor(QStringLiteral("dev"));
    QList<ChatMessage> all;
    for (int i = 0; i < 60; ++i)
        all << inRoom(QStringLiteral("dev"), i, QStringLiteral("dev message %1").arg(i + 1)); // seqs 1..60
    // Ten seen while the room was shown, fifty arrived while another one was.
    rooms()->setCurrentRoom(QStringLiteral("dev"));
    dev->addMessages(all.mid(0, 10));
    rooms()->noteMessages(all.mid(0, 10), true);
    rooms()->setCurrentRoom(QStringLiteral("lobby"));
    dev->addMessages(all.mid(10));
    rooms()->noteMessages(all.mid(10), true);
    QCOMPARE(rooms()->unread(QStringLiteral("dev")), 50);
    QCOMPARE(rooms()->readSeq(QStringLiteral("dev")), qint64(10));

    rooms()->setCurrentRoom(QStringLiteral("dev")); // what ChatWindow::showRoom does
    m_pane->showRoom(QStringLiteral("dev"));
    QCOMPARE(rooms()->unread(QStringLiteral("dev")), 0);
    QCOMPARE(rooms()->readSeq(QStringLiteral("dev")), qint64(60));
    QCOMPARE(dev->firstUnreadRow(), 10);
    const QModelIndex first = dev->index(10);
    QVERIFY(first.data(MessageModel::FirstUnreadRole).toBool());
    QVERIFY(!dev->index(11).data(MessageModel::FirstUnreadRole).toBool());
    QTRY_COMPARE(view()->indexAt(QPoint(10, 2)).row(), 10);
    QStyleOptionViewItem option;
    option.initFrom(view());
    option.rect = view()->visualRect(first);
    QVERIFY(!view()->messageDelegate()->geometry(option, first).unreadLine.isNull());

    // Another room and back: read now, no line.
    rooms()->setCurrentRoom(QStringLiteral("lobby"));
    m_pane->showRoom(QStringLiteral("lobby"));
    rooms()->setCurrentRoom(QStringLiteral("dev"));
    m_pane->showRoom(QStringLiteral("dev"));
    QCOMPARE(dev->firstUnreadRow(), -1);
    QVERIFY(!first.data(MessageModel::FirstUnreadRole).toBool());
}

// Reading above, the corner button goes to the newest message and counts others' new ones.
void tst_ConversationPaneConversations::jumpToLatestCountsWhatArrivedBelow()
{
    QList<ChatMessage> batch;
    for (int i = 0; i < 80; ++i)
        batch << others(i, QStringLiteral("message %1").arg(i));
    m_model->addMessages(batch);
    view()->scrollToBottom();
    QTRY_VERIFY(view()->isAtEnd());
    QVERIFY(!m_pane->jumpButton()->isVisible());
    view()->scrollToTop();
    QTRY_VERIFY(m_pane->jumpButton()->isVisible());
    m_model->addMessages({others(80, QStringLiteral("new one")), others(81, QStringLiteral("new two"))});
    QTRY_VERIFY2(m_pane->jumpButton()->text().contains(QLatin1String("2")), qPrintable(m_pane->jumpButton()->text()));
    QTest::mouseClick(m_pane->jumpButton(), Qt::LeftButton);
    QTRY_VERIFY(view()->isAtEnd());
    QTRY_VERIFY(!m_pane->jumpButton()->isVisible());
}

void tst_ConversationPaneConversations::clickingAQuoteShowsTheMessageAnswered()
{
    QList<ChatMessage> batch;
    for (int i = 0; i < 80; ++i)
        batch << others(i, QStringLiteral("message %1").arg(i + 1)); // seqs 1..80
    ChatMessage answer = others(80, QStringLiteral("about that first one"));
    answer.replyTo = 3;
    batch << answer;
    m_model->addMessages(batch);
    view()->scrollToBottom();
    QTRY_VERIFY(view()->isAtEnd());
    const QModelIndex last = m_model->index(80);
    QVERIFY(MessageTexts::replyText(last).contains(QLatin1String("message 3")));
    QStyleOptionViewItem option;
    option.initFrom(view());
    option.rect = view()->visualRect(last);
    const QRect quote = view()->messageDelegate()->geometry(option, last).reply;
    QVERIFY(!quote.isNull());
    QTest::mouseClick(view()->viewport(), Qt::LeftButton, {}, option.rect.topLeft() + quote.center());
    QTRY_COMPARE(view()->currentIndex().row(), 2); // seq 3
    QVERIFY(view()->visualRect(m_model->index(2)).intersects(view()->viewport()->rect()));
    QVERIFY(!m_pane->showMessage(999)); // not there: nothing happens
    QCOMPARE(view()->currentIndex().row(), 2);
}

#ifdef PARLEY_HAVE_SERVER
// Conversations in the window, against parley-server: the menu offers Reply, React, Edit and
// Delete on one's own delivered message (none before the server says it has them); Up in an
// empty composer edits the last message (the draft waits aside, Esc cancels); a reply quotes.
void tst_ConversationPaneConversations::upEditsTheLastMessageAndReplyQuotes()
{
    ParleyServer server;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    QTest::keyClicks(composer(), QStringLiteral("first"));
    QTest::keyClick(composer(), Qt::Key_Return);
    QCOMPARE(m_model->rowCount(), 1);
    {
        // Not connected: the server's features are unknown, so nothing is offered.
        std::unique_ptr<QMenu> menu(view()->createContextMenu(view()->visualRect(m_model->index(0)).center()));
        QVERIFY(!menu->findChild<QAction *>(QStringLiteral("replyAction")));
    }
    m_client->connectToServer(server.url());
    QTRY_COMPARE_WITH_TIMEOUT(m_model->index(0).data(MessageModel::DeliveryRole).toInt(),
                              int(ChatMessage::Delivery::Delivered), 10000);
    const qint64 seq = m_model->index(0).data(MessageModel::SeqRole).toLongLong();
    {
        std::unique_ptr<QMenu> menu(view()->createContextMenu(view()->visualRect(m_model->index(0)).center()));
        for (const char *name : {"replyAction", "editAction", "deleteAction"})
            QVERIFY2(menu->findChild<QAction *>(QLatin1String(name)), name);
        QVERIFY(menu->findChild<QMenu *>(QStringLiteral("reactMenu")));
    }

    // Up edits; the draft typed meanwhile waits and comes back.
    QTest::keyClick(composer(), Qt::Key_Up);
    QCOMPARE(composer()->toPlainText(), QStringLiteral("first"));
    QCOMPARE(m_pane->composerContext()->mode(), ComposerContext::Mode::Edit);
    QTest::keyClick(composer(), Qt::Key_Escape);
    QCOMPARE(m_pane->composerContext()->mode(), ComposerContext::Mode::None);
    QCOMPARE(composer()->toPlainText(), QString());
    QTest::keyClicks(composer(), QStringLiteral("a draft"));
    QTest::keyClick(composer(), Qt::Key_Up); // not empty: the cursor moves, nothing is edited
    QCOMPARE(m_pane->composerContext()->mode(), ComposerContext::Mode::None);
    m_pane->startEdit(seq);
    QCOMPARE(composer()->toPlainText(), QStringLiteral("first"));
    QTest::keyClicks(composer(), QStringLiteral(", fixed"));
    QTest::keyClick(composer(), Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(m_model->index(0).data(MessageModel::TextRole).toString(), QStringLiteral("first, fixed"), 10000);
    QVERIFY(m_model->index(0).data(MessageModel::EditedRole).toDateTime().isValid());
    QCOMPARE(m_model->rowCount(), 1); // an edit is no new message
    QCOMPARE(composer()->toPlainText(), QStringLiteral("a draft"));
    QCOMPARE(rooms()->draft(QStringLiteral("lobby")), QStringLiteral("a draft"));

    // A reply: the bar quotes the message; the answer carries its seq.
    composer()->clear();
    m_pane->startReply(seq);
    auto *label = m_pane->findChild<QLabel *>(QStringLiteral("composerContextLabel"));
    QVERIFY(label && label->isVisible());
    QVERIFY2(label->text().contains(QLatin1String("first, fixed")), qPrintable(label->text()));
    QCOMPARE(label->textFormat(), Qt::PlainText);
    QTest::keyClicks(composer(), QStringLiteral("answer"));
    QTest::keyClick(composer(), Qt::Key_Return);
    QTRY_COMPARE(m_model->rowCount(), 2);
    QCOMPARE(m_model->index(1).data(MessageModel::ReplyToRole).toLongLong(), seq);
    QVERIFY(!label->isVisible());
    QVERIFY(MessageTexts::replyText(m_model->index(1)).contains(QLatin1String("first, fixed")));
    m_client->disconnectFromServer();
}

// Read receipts from the window: a message that arrives in the room shown, in the active window,
// is reported read (the other person's client learns it); not while the window is inactive.
void tst_ConversationPaneConversations::whatTheUserSeesIsMarkedRead()
{
    ParleyServer server;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    m_client->connectToServer(server.url());
    QTRY_VERIFY_WITH_TIMEOUT(m_client->isReady(), 10000);
    SecondPerson bob(server.url(), {QStringLiteral("lobby")});
    QTRY_COMPARE_WITH_TIMEOUT(bob.joined.size(), 1, 10000);
    QVERIFY(QTest::qWaitForWindowActive(m_pane.get()));
    bob.client.sendMessage(QStringLiteral("lobby"), QStringLiteral("did you see this?"));
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 1, 10000);
    const qint64 seq = m_model->index(0).data(MessageModel::SeqRole).toLongLong();
    const qint64 me = m_client->identity().userId;
    QTRY_COMPARE_WITH_TIMEOUT(m_client->readPosition(QStringLiteral("lobby")), seq, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(bob.client.readers(QStringLiteral("lobby"), seq).contains(me), 10000);
    // Not looking: the new row is in, the pane's zero timer has run, and nothing more is read.
    rooms()->setCurrentRoomVisible(false);
    bob.client.sendMessage(QStringLiteral("lobby"), QStringLiteral("and this?"));
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 2, 10000);
    QCoreApplication::processEvents(); // the pane notes what is seen from a zero timer
    QCOMPARE(m_client->readPosition(QStringLiteral("lobby")), seq);
    // Looking again: the next message is read, and with it the one before.
    rooms()->setCurrentRoomVisible(true);
    bob.client.sendMessage(QStringLiteral("lobby"), QStringLiteral("and now?"));
    QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), 3, 10000);
    const qint64 third = m_model->index(2).data(MessageModel::SeqRole).toLongLong();
    QTRY_COMPARE_WITH_TIMEOUT(m_client->readPosition(QStringLiteral("lobby")), third, 10000);
    m_client->disconnectFromServer();
}

// Someone joins a room late: the store has only its newest page. Clicking the quote of an answer
// to the room's first message asks the server for older history until it is there, then shows it.
void tst_ConversationPaneConversations::aQuoteOlderThanTheStoreIsFetchedFromTheServer()
{
    ServerSettings settings;
    settings.messageRate = settings.textRate = {}; // 130 messages at once: rates are not tested
    ParleyServer server(settings);
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    SecondPerson bob(server.url(), {QStringLiteral("lobby")});
    QTRY_COMPARE_WITH_TIMEOUT(bob.joined.size(), 1, 10000);
    constexpr int kEarlier = 130;
    for (int i = 1; i <= kEarlier; ++i)
        bob.client.sendMessage(QStringLiteral("lobby"), QStringLiteral("earlier %1").arg(i));
    QTRY_VERIFY_WITH_TIMEOUT(bob.client.outbox().isEmpty(), 20000);
    bob.client.sendMessage(QStringLiteral("lobby"), QStringLiteral("about the first one"), 1);
    QTRY_VERIFY_WITH_TIMEOUT(bob.client.outbox().isEmpty(), 10000);

    LateJoiner me;
    QVERIFY(me.open({QStringLiteral("lobby")}));
    ChatClient &carol = me.client;
    SessionModels &models = *me.models;
    ConversationPane pane(&models);
    pane.resize(700, 520);
    pane.showRoom(QStringLiteral("lobby"));
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    carol.connectToServer(server.url());
    MessageModel *model = models.modelFor(QStringLiteral("lobby"));
    QTRY_VERIFY_WITH_TIMEOUT(model->rowOfSeq(kEarlier + 1) >= 0, 10000);
    QCOMPARE(model->index(model->rowOfSeq(kEarlier + 1)).data(MessageModel::ReplyToRole).toLongLong(), 1);
    QVERIFY(model->rowOfSeq(1) < 0); // older than the first page a new member gets
    QTRY_VERIFY_WITH_TIMEOUT(carol.isReady(), 10000);

    QSignalSpy inserted(model, &QAbstractItemModel::rowsInserted);
    QVERIFY(!pane.showMessage(1)); // not here yet: asked for
    QTRY_VERIFY_WITH_TIMEOUT(model->rowOfSeq(1) >= 0, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(pane.view()->currentIndex().row(), model->rowOfSeq(1), 10000);
    QCOMPARE(pane.view()->currentIndex().data(MessageModel::TextRole).toString(), QStringLiteral("earlier 1"));
    // Every message once, in order.
    QCOMPARE(model->rowCount(), kEarlier + 1);
    for (int row = 0; row < model->rowCount(); ++row)
        QCOMPARE(model->index(row).data(MessageModel::SeqRole).toLongLong(), row + 1);
    carol.disconnectFromServer();
}
#endif

PARLEY_TEST_MAIN(tst_ConversationPaneConversations)
#include "tst_conversationpane_conversations.moc"
