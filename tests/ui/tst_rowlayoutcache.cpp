// Tests ui/rowlayoutcache.cpp: the (id, width) cache of measured bodies and the per-row cache of
// neighbour-dependent heights (grouping, day separators) through inserts, moves and changes;
// the view is told only when a height may change; direct callers never get estimates; and one
// MessageDelegate serving two MessageViews at different widths, each measuring into its own
// cache.
#include "messagedelegate.h"
#include "messagetexts.h"
#include "messagefixtures.h"
#include "messagemodel.h"
#include "messageview.h"
#include "rowlayoutcache.h"
#include "testmain.h"

#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTextLayout>

#include <ctime>
#include <memory>

using namespace fixtures;
using namespace std::chrono_literals;

class tst_RowLayoutCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void sizeHintIsCached();
    void cacheSurvivesAViewRelayout();
    void editedTextIsMeasuredAgain();
    void invalidateMeasuresOneRowAgain();
    void directCallersGetNoEstimates();
    void insertedNeighbourRegroupsWithoutRemeasuring();
    void movedRowRegroups();
    void changedTimeRegroupsTheFollower();
    void deliveryAckDoesNotRelayout();
    void oneDelegateServesTwoViews();
    void viewRelayoutsInTheNextTurn();
    void showMoreGrowsOneMessage();

private:
    QModelIndex add(const ChatMessage &m);

    std::unique_ptr<MessageModel> m_model;
    std::unique_ptr<MessageDelegate> m_delegate;
    std::unique_ptr<RowLayoutCache> m_cache;  //!< without a view, as a test calls it
};

namespace {

//! Whether every row of \a view is as tall as a delegate with no cache measures it.
bool heightsExact(const MessageView &view)
{
    const MessageDelegate reference;
    const QAbstractItemModel *model = view.model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (view.visualRect(index).height()
            != reference.geometry(view.itemOption(index), index).size.height()) {
            return false;
        }
    }
    return true;
}

}  // namespace

void tst_RowLayoutCache::initTestCase()
{
    qputenv("TZ", "Europe/Berlin");
    tzset();
}

void tst_RowLayoutCache::init()
{
    m_model = std::make_unique<MessageModel>(QStringLiteral("lobby"));
    m_delegate = std::make_unique<MessageDelegate>();
    m_cache = std::make_unique<RowLayoutCache>(m_delegate.get());
}

void tst_RowLayoutCache::cleanup()
{
    m_cache.reset();
    m_delegate.reset();
    m_model.reset();
}

QModelIndex tst_RowLayoutCache::add(const ChatMessage &m)
{
    m_model->addMessage(m);
    const int row = m_model->rowOfClientId(m.clientId);
    return row < 0 ? QModelIndex() : m_model->index(row);
}

void tst_RowLayoutCache::sizeHintIsCached()
{
    const QModelIndex index = add(message(QStringLiteral("id-1"), QStringLiteral("alice"),
                                          QStringLiteral("Hello, this is a message.")));
    const QStyleOptionViewItem opt = option(400);
    const int before = m_delegate->layoutCount();
    const QSize first = m_cache->sizeHint(opt, index);
    QCOMPARE(m_delegate->layoutCount(), before + 1);
    const QSize second = m_cache->sizeHint(opt, index);
    QCOMPARE(second, first);
    QCOMPARE(m_delegate->layoutCount(), before + 1);  // read from the cache

    // Painting uses the layout measured for the size.
    QCOMPARE(m_cache->textLayout(opt, index).text(), MessageTexts::bodyText(index));
    QCOMPARE(m_delegate->layoutCount(), before + 1);

    // Another width is another layout; the font changing drops everything.
    m_cache->sizeHint(option(300), index);
    QCOMPARE(m_delegate->layoutCount(), before + 2);
    m_cache->sizeHint(option(300), index);
    QCOMPARE(m_delegate->layoutCount(), before + 2);
    QStyleOptionViewItem bigger = option(300);
    bigger.font.setPointSize(20);
    const QSize big = m_cache->sizeHint(bigger, index);
    QCOMPARE(m_delegate->layoutCount(), before + 3);
    QVERIFY(big.height() > first.height());
    m_cache->clear();
    m_cache->sizeHint(bigger, index);
    QCOMPARE(m_delegate->layoutCount(), before + 4);
    // The delegate's clearCache() reaches every cache that measures with it.
    m_delegate->clearCache();
    m_cache->sizeHint(bigger, index);
    QCOMPARE(m_delegate->layoutCount(), before + 5);
}

void tst_RowLayoutCache::cacheSurvivesAViewRelayout()
{
    QList<ChatMessage> batch;
    for (int i = 0; i < 300; ++i) {
        batch.append(message(QStringLiteral("m%1").arg(i), QStringLiteral("user%1").arg(i % 7),
                             QStringLiteral("message number %1 ").arg(i).repeated(1 + i % 5)));
    }
    m_model->addMessages(batch);
    MessageView view;
    view.setModel(m_model.get());
    view.resize(500, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    MessageDelegate *delegate = view.messageDelegate();
    view.doItemsLayout();
    // Each row measured once, although the scroll bar appeared when the rows overflowed: rows
    // are measured with room for it, so its arrival changes no width.
    QTRY_VERIFY(view.verticalScrollBar()->isVisible());
    // Rows over the first relayout's measuring budget were estimated, then measured in the
    // following turns.
    QTRY_COMPARE(view.layoutCache()->estimatedRows(), 0);
    view.doItemsLayout();
    const int measured = delegate->layoutCount();
    QCOMPARE(measured, 300);

    view.doItemsLayout();  // what every insert, scroll-resize or data change triggers
    view.doItemsLayout();
    view.viewport()->repaint();  // paint() draws the view's cached layouts
    QCOMPARE(delegate->layoutCount(), measured);
}

void tst_RowLayoutCache::editedTextIsMeasuredAgain()
{
    const QModelIndex index = add(message(QStringLiteral("id-e"), QStringLiteral("alice"),
                                          QStringLiteral("short")));
    const QSize before = m_cache->sizeHint(option(400), index);
    // The cache follows the model it measures: a changed text drops the cached layout and
    // tells the view (sizeHintChanged) to ask again.
    QSignalSpy changed(m_cache.get(), &RowLayoutCache::sizeHintChanged);
    m_model->addMessage(message(QStringLiteral("id-e"), QStringLiteral("alice"),
                                QStringLiteral("a much longer text that wraps ").repeated(10)));
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex(), m_model->index(0));
    const QSize after = m_cache->sizeHint(option(400), m_model->index(0));
    QVERIFY(after.height() > before.height());
}

void tst_RowLayoutCache::invalidateMeasuresOneRowAgain()
{
    const QModelIndex first = add(message(QStringLiteral("a"), QStringLiteral("alice"),
                                          QStringLiteral("one")));
    const QModelIndex second = add(message(QStringLiteral("b"), QStringLiteral("alice"),
                                           QStringLiteral("two")));
    m_cache->sizeHint(option(400), first);
    m_cache->sizeHint(option(400), second);
    QCOMPARE(m_delegate->layoutCount(), 2);
    QSignalSpy changed(m_cache.get(), &RowLayoutCache::sizeHintChanged);
    m_cache->invalidate(second);  // a change the model did not report
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex(), second);
    m_cache->sizeHint(option(400), first);
    QCOMPARE(m_delegate->layoutCount(), 2);
    m_cache->sizeHint(option(400), second);
    QCOMPARE(m_delegate->layoutCount(), 3);
}

void tst_RowLayoutCache::directCallersGetNoEstimates()
{
    // Estimates are for a view, which is told when they change; a caller without one (a test,
    // the view's own hit tests) always gets exact sizes, whatever the budget.
    QList<ChatMessage> batch;
    for (int i = 0; i < 50; ++i)
        batch.append(said(i + 1, QStringLiteral("bob"), kNoon.addSecs(i * 30),
                          QStringLiteral("words ").repeated(1 + i % 9)));
    m_model->addMessages(batch);
    m_cache->setMeasureBudget(0us);
    QCOMPARE(m_cache->measureBudget(), 0us);
    const MessageDelegate reference;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex index = m_model->index(row);
        QCOMPARE(m_cache->sizeHint(option(400), index), reference.sizeHint(option(400), index));
    }
    QCOMPARE(m_cache->estimatedRows(), 0);
    QCOMPARE(m_delegate->layoutCount(), 50);
}

void tst_RowLayoutCache::insertedNeighbourRegroupsWithoutRemeasuring()
{
    m_model->addMessages({said(1, QStringLiteral("bob"), kNoon),
                          said(3, QStringLiteral("bob"), kNoon.addSecs(60))});
    const QStyleOptionViewItem opt = option(400);
    m_cache->sizeHint(opt, m_model->index(0));
    const QSize grouped = m_cache->sizeHint(opt, m_model->index(1));
    QVERIFY(!MessageDelegate::startsGroup(m_model->index(1)));
    const int measured = m_delegate->layoutCount();
    QCOMPARE(measured, 2);

    // carol's message lands between the two (by seq): bob's second message starts a group now.
    m_model->addMessage(said(2, QStringLiteral("carol"), kNoon.addSecs(30)));
    QCOMPARE(m_model->index(2).data(MessageModel::SeqRole).toLongLong(), 3);
    const QSize regrouped = m_cache->sizeHint(opt, m_model->index(2));
    QVERIFY(regrouped.height() > grouped.height());
    const MessageDelegate fresh;
    for (int row = 0; row < 3; ++row)
        QCOMPARE(m_cache->sizeHint(opt, m_model->index(row)), fresh.sizeHint(opt, m_model->index(row)));
    // Only carol's body was measured; bob's was not measured again for its new neighbour.
    QCOMPARE(m_delegate->layoutCount(), measured + 1);
    for (int row = 0; row < 3; ++row)
        m_cache->sizeHint(opt, m_model->index(row));
    QCOMPARE(m_delegate->layoutCount(), measured + 1);
}

void tst_RowLayoutCache::movedRowRegroups()
{
    // One's own message waits at the end (no seq yet) and moves to its seq's place when the
    // server acknowledges it: between bob's two messages, splitting his group.
    // Three lines: a stale height left at a row index would show.
    ChatMessage mine = message(QStringLiteral("mine"), QStringLiteral("alice"),
                               QStringLiteral("hi\nthere\nall"), true, ChatMessage::Delivery::Sent);
    mine.time = kNoon.addSecs(30).toUTC();
    m_model->addMessages({said(1, QStringLiteral("bob"), kNoon),
                          said(3, QStringLiteral("bob"), kNoon.addSecs(60)), mine});
    QCOMPARE(m_model->rowOfClientId(QStringLiteral("mine")), 2);
    const QStyleOptionViewItem opt = option(400);
    QList<QSize> before;
    for (int row = 0; row < 3; ++row)
        before << m_cache->sizeHint(opt, m_model->index(row));
    QSignalSpy moved(m_model.get(), &QAbstractItemModel::rowsMoved);
    m_model->updateDelivery(QStringLiteral("mine"), ChatMessage::Delivery::Delivered, 2,
                            kNoon.addSecs(30).toUTC());
    QCOMPARE(moved.count(), 1);
    QCOMPARE(m_model->rowOfClientId(QStringLiteral("mine")), 1);
    QVERIFY(MessageDelegate::startsGroup(m_model->index(2)));
    const MessageDelegate fresh;
    for (int row = 0; row < 3; ++row)
        QCOMPARE(m_cache->sizeHint(opt, m_model->index(row)), fresh.sizeHint(opt, m_model->index(row)));
    QVERIFY(m_cache->sizeHint(opt, m_model->index(2)).height() > before.at(1).height());
}

void tst_RowLayoutCache::changedTimeRegroupsTheFollower()
{
    ChatMessage first = message(QStringLiteral("a1"), QStringLiteral("alice"), QStringLiteral("one"),
                                true, ChatMessage::Delivery::Sent);
    first.time = kNoon.toUTC();
    ChatMessage second = message(QStringLiteral("a2"), QStringLiteral("alice"), QStringLiteral("two"),
                                 true, ChatMessage::Delivery::Sent);
    second.time = kNoon.addSecs(60).toUTC();
    m_model->addMessages({first, second});
    const QStyleOptionViewItem opt = option(400);
    m_cache->sizeHint(opt, m_model->index(0));
    const QSize grouped = m_cache->sizeHint(opt, m_model->index(1));
    QSignalSpy changed(m_cache.get(), &RowLayoutCache::sizeHintChanged);
    // The server's time for the first one is an hour earlier: the second one is a new group.
    m_model->updateDelivery(QStringLiteral("a1"), ChatMessage::Delivery::Delivered, 0,
                            kNoon.addSecs(-3600).toUTC());
    QVERIFY(!changed.isEmpty());
    QCOMPARE(changed.last().at(0).toModelIndex(), m_model->index(1));
    const QSize regrouped = m_cache->sizeHint(opt, m_model->index(1));
    QVERIFY(regrouped.height() > grouped.height());
    const MessageDelegate fresh;
    QCOMPARE(regrouped, fresh.sizeHint(opt, m_model->index(1)));
}

void tst_RowLayoutCache::deliveryAckDoesNotRelayout()
{
    add(message(QStringLiteral("a1"), QStringLiteral("alice"), QStringLiteral("one"), true,
                ChatMessage::Delivery::Pending));
    const QStyleOptionViewItem opt = option(400);
    const QSize pending = m_cache->sizeHint(opt, m_model->index(0));
    QSignalSpy changed(m_cache.get(), &RowLayoutCache::sizeHintChanged);
    // Pending -> Sent changes a glyph, not a size: no relayout of the whole view.
    m_model->updateDelivery(QStringLiteral("a1"), ChatMessage::Delivery::Sent, 0, {});
    QCOMPARE(changed.count(), 0);
    // Failed adds the "Not delivered · Retry" line.
    m_model->updateDelivery(QStringLiteral("a1"), ChatMessage::Delivery::Failed, 0, {});
    QCOMPARE(changed.count(), 1);
    const QSize failed = m_cache->sizeHint(opt, m_model->index(0));
    QVERIFY(failed.height() > pending.height());
    // Retried: Pending again, the line goes.
    m_model->updateDelivery(QStringLiteral("a1"), ChatMessage::Delivery::Pending, 0, {});
    QCOMPARE(changed.count(), 2);
    QCOMPARE(m_cache->sizeHint(opt, m_model->index(0)), pending);
    QCOMPARE(m_delegate->layoutCount(), 1);  // the body was measured once through all of it
}

void tst_RowLayoutCache::oneDelegateServesTwoViews()
{
    constexpr int kRows = 60;
    QList<ChatMessage> batch;
    for (int i = 0; i < kRows; ++i) {
        batch.append(said(i + 1, QStringLiteral("user%1").arg(i / 3 % 4), kNoon.addSecs(i * 40),
                          QStringLiteral("word ").repeated(1 + (i * 7) % 40)));
    }
    m_model->addMessages(batch);
    MessageView wide;  // declared first: it owns the delegate both use, and outlives narrow
    MessageView narrow;
    MessageDelegate *shared = wide.messageDelegate();
    narrow.setMessageDelegate(shared);
    QCOMPARE(narrow.messageDelegate(), shared);
    QCOMPARE(narrow.itemDelegate(), shared);
    QVERIFY(narrow.layoutCache() != wide.layoutCache());
    QCOMPARE(narrow.layoutCache()->delegate(), shared);
    QCOMPARE(wide.layoutCache()->delegate(), shared);
    for (MessageView *view : {&wide, &narrow}) {
        view->setModel(m_model.get());
        view->resize(view == &wide ? 800 : 360, 400);
        view->show();
        QVERIFY(QTest::qWaitForWindowExposed(view));
    }
    QTRY_COMPARE(shared->estimatedRows(), 0);
    QTRY_VERIFY(heightsExact(wide));
    QTRY_VERIFY(heightsExact(narrow));

    // Each at its own width: the longest message wraps to more lines in the narrow view.
    QModelIndex longest = m_model->index(0);
    for (int row = 1; row < m_model->rowCount(); ++row) {
        const QModelIndex index = m_model->index(row);
        if (MessageTexts::bodyText(index).size() > MessageTexts::bodyText(longest).size())
            longest = index;
    }
    QVERIFY(narrow.visualRect(longest).height() > wide.visualRect(longest).height());
    const MessageDelegate reference;
    for (MessageView *view : {&wide, &narrow}) {
        const QStyleOptionViewItem option = view->itemOption(longest);
        const MessageDelegate::Geometry g = shared->geometry(option, longest);
        const MessageDelegate::Geometry exact = reference.geometry(option, longest);
        QCOMPARE(g.size, exact.size);
        QCOMPARE(g.bubble, exact.bubble);
        QCOMPARE(g.text, exact.text);
    }

    // Every body measured once per view, and no relayout or repaint of either measures again:
    // the two widths do not evict each other.
    const int measured = shared->layoutCount();
    QCOMPARE(measured, 2 * kRows);
    for (int i = 0; i < 2; ++i) {
        wide.doItemsLayout();
        narrow.doItemsLayout();
        wide.viewport()->repaint();
        narrow.viewport()->repaint();
    }
    QCOMPARE(shared->layoutCount(), measured);

    // A new message reaches both views, measured once in each.
    m_model->addMessage(said(kRows + 1, QStringLiteral("carol"), kNoon.addSecs(kRows * 40),
                             QStringLiteral("the last word")));
    QTRY_VERIFY(heightsExact(wide));
    QTRY_VERIFY(heightsExact(narrow));
    QCOMPARE(shared->layoutCount(), measured + 2);

    // Clearing the delegate's caches reaches both views' caches.
    shared->clearCache();
    wide.doItemsLayout();
    narrow.doItemsLayout();
    QTRY_COMPARE(shared->estimatedRows(), 0);
    QTRY_VERIFY(heightsExact(wide));
    QTRY_VERIFY(heightsExact(narrow));
    QCOMPARE(shared->layoutCount(), measured + 2 + 2 * (kRows + 1));
}

void tst_RowLayoutCache::viewRelayoutsInTheNextTurn()
{
    // As QAbstractItemView does for a delegate's sizeHintChanged: the view lays out again from
    // the event loop, once per signal, not inside the signal (refine() would otherwise measure
    // for its budget and relayout 100k rows in the same turn).
    struct CountingView : MessageView
    {
        int layouts = 0;
        void doItemsLayout() override
        {
            ++layouts;
            MessageView::doItemsLayout();
        }
    };
    CountingView view;
    view.setModel(m_model.get());
    view.resize(500, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QModelIndex index = add(message(QStringLiteral("id-i"), QStringLiteral("alice"),
                                          QStringLiteral("short")));
    QTRY_VERIFY(view.visualRect(index).height() > 0);
    QCoreApplication::processEvents();
    const int before = view.layouts;
    QSignalSpy changed(view.layoutCache(), &RowLayoutCache::sizeHintChanged);
    view.layoutCache()->invalidate(index);
    view.layoutCache()->invalidate(index);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(view.layouts, before);  // not inside the signal
    QTRY_COMPARE(view.layouts, before + 2);
}

void tst_RowLayoutCache::showMoreGrowsOneMessage()
{
    const QModelIndex small = add(message(QStringLiteral("s"), QStringLiteral("alice"),
                                          QStringLiteral("short")));
    const QModelIndex big = add(message(QStringLiteral("b"), QStringLiteral("bob"),
                                        QStringLiteral("word ").repeated(20'000)));
    const int collapsed = m_cache->sizeHint(option(400), big).height();
    QSignalSpy changed(m_cache.get(), &RowLayoutCache::sizeHintChanged);
    QVERIFY(!m_cache->showMore(option(400), small));  // nothing more to show
    QCOMPARE(changed.count(), 0);
    QCOMPARE(m_cache->limits(big), MessageClip::kCollapsed);

    QVERIFY(m_cache->showMore(option(400), big));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex(), big);
    QCOMPARE(m_cache->limits(big), MessageClip::next(MessageClip::kCollapsed));
    QVERIFY(m_cache->sizeHint(option(400), big).height() > collapsed);
    QCOMPARE(m_cache->textLayout(option(400), big).text(),
             MessageTexts::bodyText(big, m_cache->limits(big)));
    QCOMPARE(m_cache->limits(small), MessageClip::kCollapsed);

    while (m_cache->showMore(option(400), big)) {
    }
    QCOMPARE(m_cache->limits(big), MessageClip::kMaxShown);
    QVERIFY(!m_cache->geometry(option(400), big).moreExpands);
    QVERIFY(m_cache->textLayout(option(400), big).lineCount() <= MessageClip::kMaxShown.lines);
    // A new model forgets what was shown.
    MessageModel other(QStringLiteral("lobby"));
    other.addMessage(message(QStringLiteral("b"), QStringLiteral("bob"), QStringLiteral("x")));
    QVERIFY(m_cache->sizeHint(option(400), other.index(0, 0)).isValid());
    QCOMPARE(m_cache->limits(big), MessageClip::kCollapsed);
}

PARLEY_TEST_MAIN(tst_RowLayoutCache)
#include "tst_rowlayoutcache.moc"
