// Tests model/messagemodel.cpp over a MessageStore: it opens on the newest page and pages back
// (fetchMore() or loadOlder()), merges live messages with stored pages, shows the restored outbox,
// and asks the server for older history once the store runs out.

#include "chatclient.h"
#include "chatprotocol.h"
#include "messagemodel.h"
#include "messagestore.h"

#include "messagemodelfixtures.h"
#include "messagestorefixtures.h"
#include "storetestbase.h"
#include "testmain.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using Delivery = ChatMessage::Delivery;

namespace {

//! Stores seq \a first..\a last of \a room, in batches (one transaction each).
bool fill(MessageStore &store, const QString &room, qint64 first, qint64 last)
{
    constexpr qint64 kBatch = 10'000;
    for (qint64 from = first; from <= last; from += kBatch) {
        QList<ChatMessage> batch;
        for (qint64 seq = from; seq <= std::min(last, from + kBatch - 1); ++seq)
            batch << msg(room, seq, QStringLiteral("m%1").arg(seq), QStringLiteral("c-%1-%2").arg(room).arg(seq));
        if (store.saveReceivedBatch(batch).size() != batch.size())
            return false;
    }
    return true;
}

//! A server that answers only what the test tells it to: records history requests.
class FakeProtocol : public ChatProtocol
{
public:
    using ChatProtocol::ChatProtocol;
    struct Request
    {
        QString room;
        qint64 after;
        qint64 before;
        int limit;
    };
    QList<Request> requests;
    bool up = false;

    QString name() const override { return QStringLiteral("fake"); }
    Capabilities capabilities() const override
    {
        Capabilities c;
        c.rooms = c.acks = c.history = true;
        return c;
    }
    QUrl endpointUrl(const QUrl &serverUrl) const override { return serverUrl; }
    void setUserName(const QString &) override {}
    bool isReady() const override { return up; }
    void join(const QString &) override {}
    void leave(const QString &) override {}
    bool send(const ChatMessage &) override { return up; }
    void requestHistory(const QString &room, qint64 after, qint64 before, int limit) override
    {
        requests << Request{room, after, before, limit};
    }
};

} // namespace

class tst_MessageModelPaging : public FreshStoreTest
{
    Q_OBJECT
private Q_SLOTS:
    void noStoreNothingToFetch();
    void storeOpensOnNewestPage();
    void fetchMorePagesBackToTheStart();
    void emptyStore();
    void restoredOutboxShownAtTheEnd();
    void liveGapAndPagesMerge();
    void hundredThousandStoredOnlyAPageLoaded();
    void fetchMoreCanBeLeftToTheView();
    void slotsMayFetchDuringInsertion();
    void olderHistoryFromServerOnceStoreRunsOut();
};

void tst_MessageModelPaging::noStoreNothingToFetch()
{
    MessageModel model(QStringLiteral("lobby"));
    model.addMessage(msg(QStringLiteral("lobby"), 50, QStringLiteral("late")));
    QVERIFY(!model.canFetchMore({}));
    QVERIFY(!model.hasOlder());
    QCOMPARE(model.loadOlder(), 0);
}

void tst_MessageModelPaging::storeOpensOnNewestPage()
{
    MessageStore &store = *m_store;
    QVERIFY(fill(store, QStringLiteral("lobby"), 1, 1000));
    QVERIFY(fill(store, QStringLiteral("other"), 1, 10));
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    tester.setUseFetchMore(false); // it would page on its own; the test pages itself
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setStore(&store);
    QCOMPARE(model.store(), &store);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), MessageModel::kPageSize);
    QCOMPARE(seqs(model), range(1000 - MessageModel::kPageSize + 1, 1000));
    QVERIFY(model.canFetchMore({}));
    QVERIFY(!model.canFetchMore(model.index(0)));
    // Live messages continue at the end.
    model.addMessage(msg(QStringLiteral("lobby"), 1001, QStringLiteral("new")));
    QCOMPARE(model.messageAt(model.rowCount() - 1).seq, 1001);
}

void tst_MessageModelPaging::fetchMorePagesBackToTheStart()
{
    constexpr qint64 kStored = 1000;
    MessageStore &store = *m_store;
    QVERIFY(fill(store, QStringLiteral("lobby"), 1, kStored));
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    tester.setUseFetchMore(false); // it would page on its own; the test pages itself
    model.setStore(&store);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    int pages = 0;
    while (model.canFetchMore({})) {
        const int before = model.rowCount();
        inserted.clear();
        model.fetchMore({});
        ++pages;
        // One page, one insertion, at the top.
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 0);
        const int added = model.rowCount() - before;
        QCOMPARE(inserted.at(0).at(2).toInt(), added - 1);
        QVERIFY(added > 0 && added <= MessageModel::kPageSize);
        QVERIFY(pages < 100);
    }
    QCOMPARE(pages, int((kStored - MessageModel::kPageSize) / MessageModel::kPageSize));
    QCOMPARE(seqs(model), range(1, kStored));
    QCOMPARE(model.messageAt(0).text, QStringLiteral("m1"));
    QCOMPARE(model.rowOfClientId(QStringLiteral("c-lobby-1")), 0);
    QCOMPARE(model.rowOfClientId(QStringLiteral("c-lobby-1000")), int(kStored) - 1);
    // At the start of history: nothing more, and asking anyway changes nothing.
    QVERIFY(!model.canFetchMore({}));
    QVERIFY(!model.hasOlder());
    inserted.clear();
    model.fetchMore({});
    QCOMPARE(inserted.size(), 0);
}

void tst_MessageModelPaging::emptyStore()
{
    MessageStore &store = *m_store;
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    tester.setUseFetchMore(false); // it would page on its own; the test pages itself
    model.setStore(&store);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.canFetchMore({}));
    model.addMessage(msg(QStringLiteral("lobby"), 1, QStringLiteral("first")));
    QCOMPARE(model.rowCount(), 1);
    model.setStore(nullptr);
    QCOMPARE(model.rowCount(), 1);
    QVERIFY(!model.canFetchMore({}));
}

void tst_MessageModelPaging::restoredOutboxShownAtTheEnd()
{
    const QString path = m_files.freshPath();
    {
        MessageStore store;
        QVERIFY(store.open(path));
        QVERIFY(fill(store, QStringLiteral("lobby"), 1, 5));
        QVERIFY(store.saveOutgoing(mine(QStringLiteral("p"), QStringLiteral("pending"))));
        QVERIFY(store.saveOutgoing(mine(QStringLiteral("f"), QStringLiteral("failed"))));
        store.updateDelivery(QStringLiteral("f"), Delivery::Failed, 0, {});
        QVERIFY(fill(store, QStringLiteral("lobby"), 6, 7));
    }
    MessageStore store; // after a restart
    QVERIFY(store.open(path));
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    tester.setUseFetchMore(false); // it would page on its own; the test pages itself
    model.addMessage(msg(QStringLiteral("lobby"), 3, QStringLiteral("shown before the store")));
    model.setStore(&store);
    QCOMPARE(seqs(model), (QList<qint64>{1, 2, 3, 4, 5, 6, 7, 0, 0}));
    QCOMPARE(model.messageAt(7).delivery, Delivery::Pending);
    QCOMPARE(model.messageAt(8).delivery, Delivery::Failed);
    QCOMPARE(model.rowOfClientId(QStringLiteral("f")), 8);
    // ChatClient::setStore() then queues the restored outbox again: no second row.
    model.addMessage(mine(QStringLiteral("p"), QStringLiteral("pending")));
    QCOMPARE(model.rowCount(), 9);
}

void tst_MessageModelPaging::liveGapAndPagesMerge()
{
    MessageStore &store = *m_store;
    QVERIFY(fill(store, QStringLiteral("lobby"), 1, 300));
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    tester.setUseFetchMore(false); // it would page on its own; the test pages itself
    model.setStore(&store);
    QCOMPARE(seqs(model), range(101, 300));
    // An old message arrives live (history from the server) before its page is loaded.
    model.addMessage(msg(QStringLiteral("lobby"), 50, QStringLiteral("m50"), QStringLiteral("c-lobby-50")));
    QCOMPARE(model.messageAt(0).seq, 50);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QCOMPARE(model.loadOlder(), 99);
    QCOMPARE(inserted.size(), 2); // 1-49 above it, 51-100 below it
    QCOMPARE(seqs(model), range(1, 300));
    QVERIFY(!model.canFetchMore({}));
}

void tst_MessageModelPaging::hundredThousandStoredOnlyAPageLoaded()
{
    constexpr qint64 kStored = 100'000;
    MessageStore &store = *m_store;
    QVERIFY(fill(store, QStringLiteral("lobby"), 1, kStored));
    QCOMPARE(store.messageCount(QStringLiteral("lobby")), kStored);
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    tester.setUseFetchMore(false); // it would page on its own; the test pages itself
    model.setStore(&store);
    QCOMPARE(model.rowCount(), MessageModel::kPageSize);
    QCOMPARE(model.messageAt(MessageModel::kPageSize - 1).seq, kStored);
    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    QCOMPARE(model.rowCount(), 2 * MessageModel::kPageSize);
    QCOMPARE(model.messageAt(0).seq, kStored - 2 * MessageModel::kPageSize + 1);
    QVERIFY(model.canFetchMore({}));
}

void tst_MessageModelPaging::fetchMoreCanBeLeftToTheView()
{
    MessageStore &store = *m_store;
    QVERIFY(fill(store, QStringLiteral("lobby"), 1, 500));
    MessageModel model(QStringLiteral("lobby"));
    model.setStore(&store);
    model.setFetchMoreEnabled(false);
    QVERIFY(!model.fetchMoreEnabled());
    QVERIFY(!model.canFetchMore({}));
    QVERIFY(model.hasOlder());
    QCOMPARE(model.loadOlder(), MessageModel::kPageSize);
    QCOMPARE(model.loadOlder(), 100);
    QVERIFY(!model.hasOlder());
    QCOMPARE(model.loadOlder(), 0);
}

void tst_MessageModelPaging::slotsMayFetchDuringInsertion()
{
    // A slot on rowsInserted may page in older rows (fetchMore()) in the middle of a batch that
    // lands in several places: the rest of the batch must still land in order. (Not from
    // rowsAboutToBeInserted, which QAbstractItemModelTester does when allowed to fetch: no
    // model can take rows inserted between its beginInsertRows() and its insertion.)
    MessageStore &store = *m_store;
    QList<ChatMessage> stored;
    for (qint64 seq = 1; seq <= 2000; ++seq) {
        if (seq % 100 != 0) // gaps at 100, 200, ...: the batch below fills them
            stored << msg(QStringLiteral("lobby"), seq, QStringLiteral("m%1").arg(seq));
    }
    QCOMPARE(store.saveReceivedBatch(stored).size(), stored.size());
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    tester.setUseFetchMore(false);
    model.setStore(&store);
    int nestedFetches = 0;
    bool fetching = false;
    connect(&model, &QAbstractItemModel::rowsInserted, this, [&] {
        if (fetching || !model.canFetchMore({}))
            return;
        fetching = true;
        ++nestedFetches;
        model.fetchMore({});
        fetching = false;
    });
    QList<ChatMessage> gaps;
    for (qint64 seq = 2000; seq >= 100; seq -= 100)
        gaps << msg(QStringLiteral("lobby"), seq, QStringLiteral("m%1").arg(seq));
    model.addMessages(gaps);
    QVERIFY(nestedFetches >= 2);
    while (model.canFetchMore({}))
        model.fetchMore({});
    QCOMPARE(seqs(model), range(1, 2000));
    for (const qint64 seq : {1, 100, 1999, 2000})
        QCOMPARE(model.messageAt(int(seq) - 1).text, QStringLiteral("m%1").arg(seq));
}

void tst_MessageModelPaging::olderHistoryFromServerOnceStoreRunsOut()
{
    MessageStore &store = *m_store;
    QVERIFY(fill(store, QStringLiteral("lobby"), 901, 1000)); // a new room: the latest 100 only
    ChatClient client;
    auto owned = std::make_unique<FakeProtocol>(client.connector());
    FakeProtocol *server = owned.get();
    client.setProtocol(std::move(owned));
    client.setUserName(QStringLiteral("me"));
    client.setStore(&store);
    client.joinRoom(QStringLiteral("lobby")); // older history is asked for the rooms one is in
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    tester.setUseFetchMore(false); // it would page on its own; the test pages itself
    model.setStore(&store);
    model.connectClient(&client);
    QCOMPARE(model.rowCount(), 100);
    QVERIFY(!model.canFetchMore({})); // the store has no more; the server is not asked by default

    model.setFetchOlderFromServer(true);
    QVERIFY(!model.canFetchMore({})); // not connected
    server->up = true;
    Q_EMIT server->ready();
    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    QCOMPARE(server->requests.size(), 1);
    QCOMPARE(server->requests.at(0).room, QStringLiteral("lobby"));
    QCOMPARE(server->requests.at(0).before, 901);
    QCOMPARE(server->requests.at(0).limit, MessageModel::kPageSize);
    QVERIFY(!model.canFetchMore({})); // asked once per oldest seq
    model.fetchMore({});
    QCOMPARE(server->requests.size(), 1);

    // The answer comes as messages; they land above, in order, and are stored.
    QList<ChatMessage> older;
    for (qint64 seq = 701; seq <= 900; ++seq)
        older << msg(QStringLiteral("lobby"), seq, QStringLiteral("m%1").arg(seq));
    Q_EMIT server->historyReceived(QStringLiteral("lobby"), older, false);
    QCOMPARE(seqs(model), range(701, 1000));
    QCOMPARE(store.messageCount(QStringLiteral("lobby")), 300);
    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    QCOMPARE(server->requests.size(), 2);
    QCOMPARE(server->requests.at(1).before, 701);
}

PARLEY_TEST_GUILESS_MAIN(tst_MessageModelPaging)
#include "tst_messagemodel_paging.moc"
