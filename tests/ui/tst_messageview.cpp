// Tests ui/messageview.cpp: clicking links (http/https only, nothing else ever emitted), the
// pointing hand over them, Retry for Failed own messages only (click, Enter, context menu), copying
// messages and links (Ctrl+C, the context menu from mouse and keyboard), and, end to end, that the
// ChatWindow hands Retry to ChatClient::retry() and links to QDesktopServices.
#include "chatclient.h"
#include "chatwindow.h"
#include "connectorsettings.h"
#include "messagedelegate.h"
#include "messagetexts.h"
#include "messagemodel.h"
#include "messageview.h"
#include "rowlayoutcache.h"
#include "scriptedsocketioserver.h"
#include "testmain.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QDesktopServices>
#include <QJsonArray>
#include <QJsonObject>
#include <QLineEdit>
#include <QRegularExpression>
#include <QVBoxLayout>
#include <QMenu>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTextLayout>

#include <memory>

using namespace std::chrono_literals;

namespace {

ChatMessage others(int seq, const QString &text, const QString &sender = QStringLiteral("bob"))
{
    ChatMessage m;
    m.clientId = QStringLiteral("other-%1").arg(seq);
    m.room = QStringLiteral("lobby");
    m.seq = seq;
    m.sender = sender;
    m.text = text;
    m.time = QDateTime::currentDateTimeUtc();
    return m;
}

ChatMessage mine(const QString &clientId, ChatMessage::Delivery delivery)
{
    ChatMessage m;
    m.clientId = clientId;
    m.room = QStringLiteral("lobby");
    m.sender = QStringLiteral("alice");
    m.text = QStringLiteral("my message");
    m.time = QDateTime::currentDateTimeUtc();
    m.own = true;
    m.delivery = delivery;
    return m;
}

//! The entries of \a menu named \a name (the view's own Copy action included).
QList<QAction *> entries(const QMenu *menu, const QString &name)
{
    QList<QAction *> found;
    for (QAction *action : menu->actions()) {
        if (action->objectName() == name)
            found.append(action);
    }
    return found;
}

QAction *entry(const QMenu *menu, const QString &name)
{
    const QList<QAction *> found = entries(menu, name);
    return found.isEmpty() ? nullptr : found.first();
}

}  // namespace

//! Receives what QDesktopServices::openUrl() would have handed to the desktop.
class UrlCatcher : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> urls;
    Q_INVOKABLE void open(const QUrl &url) { urls.append(url); }
};

class tst_MessageView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void setUp();
    void clickingALinkEmitsItsUrl();
    void otherSchemesAreNotLinks();
    void pointingHandOverLinks();
    void releasingElsewhereDoesNothing();
    void retryOnlyForFailedOwnMessages();
    void enterRetriesTheCurrentFailedMessage();
    void tabAndEscapeStayTheKeyboards();
    void copySelectedMessages();
    void contextMenuCopiesAndOpensLinks();
    void keyboardContextMenuListsTheMessagesLinks();
    void burstIsMeasuredWithinBudget();
    void readingPositionSurvivesChangesAbove();
    void resizeKeepsTheEnd();
    void chatWindowRetriesThroughTheClient();
    void chatWindowOpensLinksWithTheDesktop();

private:
    QModelIndex add(const ChatMessage &m);
    //! The centre of link \a link of \a index, in viewport coordinates.
    QPoint linkPoint(const QModelIndex &index, int link = 0) const;
    //! Adds \a count messages of varied length with seqs from \a firstSeq, in one batch.
    void addBurst(int firstSeq, int count);
    //! Whether every row's height in the view is the delegate's exact one.
    bool heightsExact() const;
    //! A point on the \a n-th character of \a index's body (first line), in viewport coordinates.
    QPoint charPoint(const QModelIndex &index, int n) const;

    std::unique_ptr<MessageModel> m_model;
    std::unique_ptr<MessageView> m_view;
};

void tst_MessageView::initTestCase()
{
}

void tst_MessageView::init()
{
    m_model = std::make_unique<MessageModel>(QStringLiteral("lobby"));
    m_view = std::make_unique<MessageView>();
    m_view->setModel(m_model.get());
    m_view->resize(800, 400);  // every body here fits one line
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

void tst_MessageView::cleanup()
{
    m_view.reset();
    m_model.reset();
}

QModelIndex tst_MessageView::add(const ChatMessage &m)
{
    m_model->addMessage(m);
    const int row = m_model->rowOfClientId(m.clientId);
    return row < 0 ? QModelIndex() : m_model->index(row);
}

QPoint tst_MessageView::linkPoint(const QModelIndex &index, int link) const
{
    const QStyleOptionViewItem option = m_view->itemOption(index);
    const QList<QRect> rects = m_view->messageDelegate()->linkRects(option, index, link);
    return rects.isEmpty() ? QPoint(-1, -1) : rects.first().center() + option.rect.topLeft();
}

QPoint tst_MessageView::charPoint(const QModelIndex &index, int n) const
{
    const QStyleOptionViewItem option = m_view->itemOption(index);
    const auto g = m_view->messageDelegate()->geometry(option, index);
    QTextLayout layout(MessageTexts::bodyText(index), option.font);
    layout.beginLayout();
    layout.createLine();
    layout.endLayout();
    const QTextLine line = layout.lineAt(0);
    const int x = int((line.cursorToX(n) + line.cursorToX(n + 1)) / 2);
    return option.rect.topLeft() + g.text.topLeft() + QPoint(x, int(line.height() / 2));
}

void tst_MessageView::addBurst(int firstSeq, int count)
{
    QList<ChatMessage> batch;
    for (int i = 0; i < count; ++i) {
        const int seq = firstSeq + i;
        batch << others(seq, QStringLiteral("message %1 ").arg(seq).repeated(1 + (seq * 7) % 23),
                        QStringLiteral("user%1").arg((seq / 3) % 4));
    }
    m_model->addMessages(batch);
}

bool tst_MessageView::heightsExact() const
{
    MessageDelegate *delegate = m_view->messageDelegate();
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex index = m_model->index(row);
        if (m_view->visualRect(index).height()
            != delegate->geometry(m_view->itemOption(index), index).size.height()) {
            return false;
        }
    }
    return true;
}

void tst_MessageView::setUp()
{
    QVERIFY(qobject_cast<MessageDelegate *>(m_view->itemDelegate()));
    QCOMPARE(m_view->itemDelegate(), m_view->messageDelegate());
    QVERIFY(!m_view->accessibleName().isEmpty());
    QVERIFY(!m_view->accessibleDescription().isEmpty());
    QVERIFY(m_view->focusPolicy() & Qt::TabFocus);  // reachable from the keyboard
    QCOMPARE(m_view->editTriggers(), QAbstractItemView::NoEditTriggers);
}

void tst_MessageView::clickingALinkEmitsItsUrl()
{
    const QModelIndex index = add(others(1, QStringLiteral("read https://example.com/docs?a=1 first")));
    QSignalSpy activated(m_view.get(), &MessageView::linkActivated);
    QSignalSpy retries(m_view.get(), &MessageView::retryRequested);
    const QPoint pos = linkPoint(index);
    QVERIFY(m_view->viewport()->rect().contains(pos));
    QCOMPARE(m_view->linkAt(pos), QUrl(QStringLiteral("https://example.com/docs?a=1")));
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, pos);
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).toUrl(), QUrl(QStringLiteral("https://example.com/docs?a=1")));
    QCOMPARE(retries.count(), 0);
    // Opening a link does not select the message.
    QVERIFY(!m_view->selectionModel()->hasSelection());

    // A click on the words around it is an ordinary click: it selects, opens nothing.
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, charPoint(index, 1));
    QCOMPARE(activated.count(), 1);
    QVERIFY(m_view->selectionModel()->isSelected(index));
}

void tst_MessageView::otherSchemesAreNotLinks()
{
    const QString text = QStringLiteral("file:///etc/passwd javascript:alert(1) "
                                        "<img src=file:///etc/passwd> <b>x</b>");
    const QModelIndex index = add(others(1, text));
    QVERIFY(m_view->messageDelegate()->links(m_view->itemOption(index), index).isEmpty());
    QCOMPARE(MessageTexts::bodyText(index), text);  // shown literally
    QSignalSpy activated(m_view.get(), &MessageView::linkActivated);
    for (int n : {0, 7, 20, 30, 45, int(text.indexOf(QLatin1String("<b>")) + 1)}) {
        const QPoint pos = charPoint(index, n);
        QVERIFY(m_view->linkAt(pos).isEmpty());
        QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, pos);
    }
    QCOMPARE(activated.count(), 0);
}

void tst_MessageView::pointingHandOverLinks()
{
    const QModelIndex index = add(others(1, QStringLiteral("see http://example.org now")));
    QTest::mouseMove(m_view->viewport(), linkPoint(index));
    QTRY_COMPARE(m_view->viewport()->cursor().shape(), Qt::PointingHandCursor);
    QTest::mouseMove(m_view->viewport(), charPoint(index, 1));
    QTRY_COMPARE(m_view->viewport()->cursor().shape(), Qt::IBeamCursor); // text to select
    QTest::mouseMove(m_view->viewport(), QPoint(m_view->viewport()->width() - 2, charPoint(index, 1).y()));
    QTRY_COMPARE(m_view->viewport()->cursor().shape(), Qt::ArrowCursor);
}

void tst_MessageView::releasingElsewhereDoesNothing()
{
    const QModelIndex index = add(others(1, QStringLiteral("see http://example.org now")));
    QSignalSpy activated(m_view.get(), &MessageView::linkActivated);
    QTest::mousePress(m_view->viewport(), Qt::LeftButton, {}, linkPoint(index));
    QTest::mouseRelease(m_view->viewport(), Qt::LeftButton, {}, charPoint(index, 1));
    QCOMPARE(activated.count(), 0);
}

void tst_MessageView::retryOnlyForFailedOwnMessages()
{
    using D = ChatMessage::Delivery;
    QList<QModelIndex> rows;
    for (D d : {D::Pending, D::Sent, D::Delivered, D::Failed})
        rows << add(mine(QStringLiteral("mine-%1").arg(int(d)), d));
    QSignalSpy retries(m_view.get(), &MessageView::retryRequested);
    MessageDelegate *delegate = m_view->messageDelegate();
    const QModelIndex failed = rows.last();
    const QStyleOptionViewItem failedOption = m_view->itemOption(failed);
    const auto g = delegate->geometry(failedOption, failed);
    QVERIFY(!g.retry.isNull());
    const QPoint retryPos = failedOption.rect.topLeft() + g.retry.center();
    QCOMPARE(m_view->retryAt(retryPos), failed);
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, retryPos);
    QCOMPARE(retries.count(), 1);
    QCOMPARE(retries.at(0).at(0).toString(), QStringLiteral("mine-%1").arg(int(D::Failed)));

    // The others have no Retry: the same place in their rows (and anywhere else) does nothing.
    for (const QModelIndex &index : rows.mid(0, 3)) {
        const QStyleOptionViewItem option = m_view->itemOption(index);
        QVERIFY(delegate->geometry(option, index).retry.isNull());
        const QPoint same = option.rect.topLeft() + QPoint(g.retry.center().x(), option.rect.height() - 3);
        QVERIFY(!m_view->retryAt(same).isValid());
        QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, same);
        QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, option.rect.center());
        QScopedPointer<QMenu> menu(m_view->createContextMenu(option.rect.center()));
        QVERIFY(!entry(menu.data(), QStringLiteral("retryAction")));
    }
    QCOMPARE(retries.count(), 1);

    // The context menu of the Failed one offers it.
    QScopedPointer<QMenu> menu(m_view->createContextMenu(failedOption.rect.center()));
    QAction *retry = entry(menu.data(), QStringLiteral("retryAction"));
    QVERIFY(retry);
    QVERIFY(!retry->text().isEmpty());
    retry->trigger();
    QCOMPARE(retries.count(), 2);
    QCOMPARE(retries.at(1).at(0).toString(), QStringLiteral("mine-%1").arg(int(D::Failed)));
}

void tst_MessageView::enterRetriesTheCurrentFailedMessage()
{
    const QModelIndex delivered = add(mine(QStringLiteral("ok"), ChatMessage::Delivery::Delivered));
    const QModelIndex failed = add(mine(QStringLiteral("bad"), ChatMessage::Delivery::Failed));
    QSignalSpy retries(m_view.get(), &MessageView::retryRequested);
    m_view->setFocus();
    m_view->setCurrentIndex(delivered);
    QTest::keyClick(m_view.get(), Qt::Key_Return);
    QCOMPARE(retries.count(), 0);
    QTest::keyClick(m_view.get(), Qt::Key_Down);  // the keyboard moves between messages
    QCOMPARE(m_view->currentIndex(), failed);
    QTest::keyClick(m_view.get(), Qt::Key_Return);
    QCOMPARE(retries.count(), 1);
    QCOMPARE(retries.at(0).at(0).toString(), QStringLiteral("bad"));
}

void tst_MessageView::tabAndEscapeStayTheKeyboards()
{
    // The delegate watches the view (resizes, scroll bar): it must not act on its keys the way
    // a delegate acts on an editor's (Tab and Escape eaten, Enter "committing" the view).
    QTest::failOnWarning(QRegularExpression(QStringLiteral("closeEditor|commitData|editor")));
    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *view = new MessageView(&window);
    auto *edit = new QLineEdit(&window);
    layout->addWidget(view);
    layout->addWidget(edit);
    view->setModel(m_model.get());
    add(others(1, QStringLiteral("one")));
    add(others(2, QStringLiteral("two")));
    window.resize(500, 400);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();
    view->setFocus();
    QTRY_VERIFY(view->hasFocus());
    view->setCurrentIndex(m_model->index(0));
    QTest::keyClick(view, Qt::Key_Return);
    QTest::keyClick(view, Qt::Key_Escape);
    QTest::keyClick(view, Qt::Key_Down);
    QCOMPARE(view->currentIndex(), m_model->index(1));
    QTest::keyClick(view, Qt::Key_Tab);
    QTRY_VERIFY(edit->hasFocus());
    QTest::keyClick(edit, Qt::Key_Backtab, Qt::ShiftModifier);
    QTRY_VERIFY(view->hasFocus());
    QCoreApplication::processEvents();  // a queued "commit and close editor" would run here
}

void tst_MessageView::copySelectedMessages()
{
    add(others(1, QStringLiteral("<i>first</i>")));
    add(others(2, QStringLiteral("second"), QStringLiteral("carol")));
    QAction *copy = m_view->findChild<QAction *>(QStringLiteral("copyAction"));
    QVERIFY(copy);
    QVERIFY(!copy->isEnabled());  // nothing selected
    QCOMPARE(copy->shortcut(), QKeySequence(QKeySequence::Copy));
    m_view->setFocus();
    m_view->selectionModel()->select(m_model->index(0), QItemSelectionModel::ClearAndSelect);
    QVERIFY(copy->isEnabled());
    QTest::keyClick(m_view.get(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("<i>first</i>"));  // plain text
    m_view->selectionModel()->select(m_model->index(1), QItemSelectionModel::Select);
    QTest::keyClick(m_view.get(), Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text(),
             QStringLiteral("bob: <i>first</i>\ncarol: second"));
    QCOMPARE(m_view->selectedText(), QApplication::clipboard()->text());
}

void tst_MessageView::contextMenuCopiesAndOpensLinks()
{
    const QModelIndex index = add(others(1, QStringLiteral("docs: https://example.com/a_(b) ok")));
    add(others(2, QStringLiteral("another")));
    m_view->selectionModel()->select(m_model->index(1), QItemSelectionModel::ClearAndSelect);
    QSignalSpy activated(m_view.get(), &MessageView::linkActivated);

    // Over the link: Copy (the message, which becomes the selection), Open Link, Copy Link.
    QScopedPointer<QMenu> menu(m_view->createContextMenu(linkPoint(index)));
    QVERIFY(m_view->selectionModel()->isSelected(index));
    QVERIFY(!m_view->selectionModel()->isSelected(m_model->index(1)));
    const auto copyLinks = entries(menu.data(), QStringLiteral("copyLinkAction"));
    QCOMPARE(copyLinks.size(), 1);
    copyLinks.first()->trigger();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("https://example.com/a_(b)"));
    QAction *open = entry(menu.data(), QStringLiteral("openLinkAction"));
    QVERIFY(open);
    open->trigger();
    QCOMPARE(activated.count(), 1);
    QCOMPARE(activated.at(0).at(0).toUrl(), QUrl(QStringLiteral("https://example.com/a_(b)")));
    QAction *copy = entry(menu.data(), QStringLiteral("copyAction"));
    QVERIFY(copy);
    QVERIFY(copy->isEnabled());
    copy->trigger();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("docs: https://example.com/a_(b) ok"));

    // Elsewhere on the message: its link is still offered.
    QScopedPointer<QMenu> plain(m_view->createContextMenu(charPoint(index, 1)));
    QCOMPARE(entries(plain.data(), QStringLiteral("copyLinkAction")).size(), 1);
    QVERIFY(entry(plain.data(), QStringLiteral("copyAction")));
}

void tst_MessageView::keyboardContextMenuListsTheMessagesLinks()
{
    add(others(1, QStringLiteral("http://a.example and https://b.example/x and file:///c")));
    m_view->setFocus();
    m_view->setCurrentIndex(m_model->index(0));
    QScopedPointer<QMenu> menu(m_view->createContextMenu({}, true));
    const auto opens = entries(menu.data(), QStringLiteral("openLinkAction"));
    const auto copies = entries(menu.data(), QStringLiteral("copyLinkAction"));
    QCOMPARE(opens.size(), 2);
    QCOMPARE(copies.size(), 2);
    QVERIFY(opens.at(1)->text().contains(QLatin1String("https://b.example/x")));
    copies.at(1)->trigger();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("https://b.example/x"));

    // The menu key (the platform turns it into a keyboard context-menu event for the focus
    // widget) and Shift+F10 open it for real, for the current message.
    QContextMenuEvent menuKey(QContextMenuEvent::Keyboard, QPoint(), m_view->mapToGlobal(QPoint()));
    QApplication::sendEvent(m_view.get(), &menuKey);
    QTRY_VERIFY(qobject_cast<QMenu *>(QApplication::activePopupWidget()));
    auto *popup = qobject_cast<QMenu *>(QApplication::activePopupWidget());
    QCOMPARE(entries(popup, QStringLiteral("openLinkAction")).size(), 2);
    popup->close();
    QTRY_VERIFY(!QApplication::activePopupWidget());
    QTest::keyClick(m_view.get(), Qt::Key_F10, Qt::ShiftModifier);
    QTRY_VERIFY(qobject_cast<QMenu *>(QApplication::activePopupWidget()));
    popup = qobject_cast<QMenu *>(QApplication::activePopupWidget());
    QCOMPARE(entries(popup, QStringLiteral("copyLinkAction")).size(), 2);
    popup->close();
    QTRY_VERIFY(!QApplication::activePopupWidget());
}

void tst_MessageView::burstIsMeasuredWithinBudget()
{
    MessageDelegate *delegate = m_view->messageDelegate();
    RowLayoutCache *cache = m_view->layoutCache();
    QCOMPARE(cache->measureBudget(), RowLayoutCache::kDefaultMeasureBudget);
    cache->setMeasureBudget(0us);  // nothing fits: only what will be visible is measured
    addBurst(1, 300);
    m_view->doItemsLayout();  // the relayout the insert asked for, now
    QVERIFY(cache->estimatedRows() > 0);
    QVERIFY(delegate->layoutCount() < 300);
    QScrollBar *bar = m_view->verticalScrollBar();
    QVERIFY(bar->maximum() > 0);
    QCOMPARE(bar->value(), bar->maximum());  // a chat opens at its end
    // What is visible is exact already.
    int visible = 0;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex index = m_model->index(row);
        if (!m_view->visualRect(index).intersects(m_view->viewport()->rect()))
            continue;
        ++visible;
        QCOMPARE(m_view->visualRect(index).height(),
                 delegate->geometry(m_view->itemOption(index), index).size.height());
    }
    QVERIFY(visible > 0);
    QCOMPARE(cache->estimatedRows() + delegate->layoutCount(), 300);

    // The rest is measured in the next turns; the view stays at the end all along.
    QTRY_COMPARE(cache->estimatedRows(), 0);
    QTRY_VERIFY(heightsExact());
    QCOMPARE(bar->value(), bar->maximum());
    QCOMPARE(delegate->layoutCount(), 300);  // every body measured once, none twice
}

void tst_MessageView::readingPositionSurvivesChangesAbove()
{
    RowLayoutCache *cache = m_view->layoutCache();
    addBurst(1001, 200);
    QTRY_COMPARE(cache->estimatedRows(), 0);
    QTRY_VERIFY(heightsExact());
    QScrollBar *bar = m_view->verticalScrollBar();
    bar->setValue(bar->maximum() / 2);
    const QPersistentModelIndex reading = m_view->indexAt(QPoint(0, 0));
    QVERIFY(reading.isValid());
    const int top = m_view->visualRect(reading).top();

    // Older messages arrive above (history), estimated at first, measured later.
    cache->setMeasureBudget(0us);
    QSignalSpy corrected(cache, &RowLayoutCache::sizeHintChanged);
    addBurst(1, 200);
    m_view->doItemsLayout();
    QVERIFY(cache->estimatedRows() > 0);
    QCOMPARE(m_view->visualRect(reading).top(), top);
    QTRY_COMPARE(cache->estimatedRows(), 0);
    QTRY_VERIFY(heightsExact());
    QVERIFY(!corrected.isEmpty());  // some estimates were wrong, and were corrected...
    QCOMPARE(m_view->visualRect(reading).top(), top);  // ...without moving what is read
    QVERIFY(bar->value() < bar->maximum());
}

void tst_MessageView::resizeKeepsTheEnd()
{
    addBurst(1, 100);
    QScrollBar *bar = m_view->verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum());
    const int before = bar->maximum();
    m_view->resize(400, 400);  // narrower: every row taller
    QTRY_VERIFY(bar->maximum() > before);
    QTRY_VERIFY(heightsExact());
    QCOMPARE(bar->value(), bar->maximum());
}

void tst_MessageView::chatWindowRetriesThroughTheClient()
{
    // A server that never acknowledges the first message (so it fails honestly: ack timeout,
    // no retries left) and acknowledges from then on.
    bool acking = false;
    ScriptedSocketIoServer server;
    server.setEventHandler([&acking](QWebSocket *s, const QString &event, const QJsonArray &args, qint64 id) {
        if (event == QLatin1String("join")) {
            ScriptedSocketIoServer::ackJoin(s, id, args);
        } else if (event == QLatin1String("chat message") && acking) {
            ScriptedSocketIoServer::ack(s, id, {QJsonObject{{QStringLiteral("ok"), true},
                                                            {QStringLiteral("seq"), 1},
                                                            {QStringLiteral("time"), 1.7e12}}});
        }
    });
    QVERIFY(server.listen());
    ChatClient client;
    ConnectorSettings settings;
    settings.ackTimeout = 100ms;
    settings.ackRetries = 0;
    client.setSettings(settings);
    client.setUserName(QStringLiteral("alice"));
    MessageModel model(QStringLiteral("lobby"));
    model.connectClient(&client);
    ChatWindow window(&client, &model);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    client.joinRoom(QStringLiteral("lobby"));
    client.connectToServer(server.url());
    QTRY_VERIFY_WITH_TIMEOUT(client.isReady(), 10000);

    window.send(QStringLiteral("are you there?"));
    QTRY_COMPARE(model.rowCount(), 1);
    QTRY_COMPARE(model.index(0).data(MessageModel::DeliveryRole).toInt(),
                 int(ChatMessage::Delivery::Failed));
    QCOMPARE(server.eventCount(QStringLiteral("chat message")), 1);

    auto *view = window.findChild<MessageView *>(QStringLiteral("messageView"));
    QVERIFY(view);
    const QModelIndex failed = model.index(0);
    // The Failed line appears once the view has re-asked the row's size.
    QTRY_VERIFY(view->visualRect(failed).height()
                == view->messageDelegate()->geometry(view->itemOption(failed), failed).size.height());
    const QStyleOptionViewItem option = view->itemOption(failed);
    const QPoint retryPos = option.rect.topLeft()
            + view->messageDelegate()->geometry(option, failed).retry.center();
    QVERIFY(view->viewport()->rect().contains(retryPos));
    acking = true;
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, retryPos);
    QTRY_COMPARE(server.eventCount(QStringLiteral("chat message")), 2);
    QTRY_COMPARE(model.index(0).data(MessageModel::DeliveryRole).toInt(),
                 int(ChatMessage::Delivery::Delivered));
    QCOMPARE(model.rowCount(), 1);
    client.disconnectFromServer();
}

void tst_MessageView::chatWindowOpensLinksWithTheDesktop()
{
    ChatClient client;
    MessageModel model(QStringLiteral("lobby"));
    model.connectClient(&client);
    ChatWindow window(&client, &model);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    UrlCatcher catcher;
    // What QDesktopServices::openUrl() would give the desktop comes here instead.
    QDesktopServices::setUrlHandler(QStringLiteral("https"), &catcher, "open");
    QDesktopServices::setUrlHandler(QStringLiteral("file"), &catcher, "open");
    model.addMessage(others(1, QStringLiteral("file:///etc/passwd https://example.net/x")));
    auto *view = window.findChild<MessageView *>(QStringLiteral("messageView"));
    QVERIFY(view);
    QTRY_VERIFY(view->visualRect(model.index(0)).isValid());
    const QStyleOptionViewItem option = view->itemOption(model.index(0));
    const QList<QRect> rects = view->messageDelegate()->linkRects(option, model.index(0), 0);
    QCOMPARE(rects.size(), 1);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, option.rect.topLeft() + rects.first().center());
    // The first glyphs of "file:///etc/passwd": not a link, nothing opened.
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                      option.rect.topLeft()
                              + view->messageDelegate()->geometry(option, model.index(0)).text.topLeft()
                              + QPoint(3, 5));
    QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
    QDesktopServices::unsetUrlHandler(QStringLiteral("file"));
    QCOMPARE(catcher.urls, QList<QUrl>{QUrl(QStringLiteral("https://example.net/x"))});
}

PARLEY_TEST_MAIN(tst_MessageView)
#include "tst_messageview.moc"
