#include "messagemodel.h"

#include "chatclient.h"
#include "chatprotocol.h"
#include "messagestore.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using Delivery = ChatMessage::Delivery;

namespace {
ChatMessage msg(const QString &room, qint64 seq, const QString &text, const QString &clientId = {})
{
    ChatMessage m;
    m.room = room;
    m.seq = seq;
    m.text = text;
    m.clientId = clientId;
    m.sender = QStringLiteral("bob");
    m.time = QDateTime::fromMSecsSinceEpoch(1700000000000 + seq, Qt::UTC);
    return m;
}

ChatMessage mine(const QString &clientId, const QString &text)
{
    ChatMessage m = msg(QStringLiteral("lobby"), 0, text, clientId);
    m.sender = QStringLiteral("me");
    m.own = true;
    m.delivery = Delivery::Pending;
    return m;
}

QList<qint64> seqs(const MessageModel &model)
{
    QList<qint64> out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.messageAt(row).seq;
    return out;
}

QStringList texts(const MessageModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.messageAt(row).text;
    return out;
}

QList<qint64> range(qint64 first, qint64 last)
{
    QList<qint64> out;
    for (qint64 s = first; s <= last; ++s)
        out << s;
    return out;
}

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

class tst_MessageModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void rolesStartAfterUserRole();
    void addAndRead();
    void otherRoomsIgnoredRoomlessShown();
    void duplicatesShownOnce();
    void batchInsertsOnce();
    void deliveryUpdatesNameTheirRoles();
    void invalidIndexGivesNothing();

    void gapLandsInOrder();
    void gapsInOneBatchInsertRunByRun();
    void ownUnsequencedStayAtTheEnd();
    void deliveredMessageMovesToItsSeq();
    void knownByEitherIdentity();
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

private:
    QString freshPath();

    QTemporaryDir m_dir;
    int m_files = 0;
};

void tst_MessageModel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

QString tst_MessageModel::freshPath()
{
    return m_dir.filePath(QStringLiteral("model-%1.sqlite").arg(++m_files));
}

void tst_MessageModel::rolesStartAfterUserRole()
{
    MessageModel model(QStringLiteral("lobby"));
    const auto names = model.roleNames();
    for (int role : {int(MessageModel::IdRole), int(MessageModel::TextRole), int(MessageModel::DeliveryRole)}) {
        QVERIFY(role > Qt::UserRole);
        QVERIFY(names.contains(role));
    }
    QCOMPARE(int(MessageModel::IdRole), Qt::UserRole + 1);
}

void tst_MessageModel::addAndRead()
{
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ChatMessage own = msg(QStringLiteral("lobby"), 0, QStringLiteral("mine"), QStringLiteral("u-1"));
    own.own = true;
    own.delivery = Delivery::Pending;
    model.addMessage(msg(QStringLiteral("lobby"), 1, QStringLiteral("<b>x</b>")));
    model.addMessage(own);
    QCOMPARE(model.rowCount(), 2);
    const QModelIndex first = model.index(0);
    QCOMPARE(first.data(MessageModel::TextRole).toString(), QStringLiteral("<b>x</b>"));
    QCOMPARE(first.data(Qt::DisplayRole).toString(), QStringLiteral("<b>x</b>"));
    QCOMPARE(first.data(MessageModel::SenderRole).toString(), QStringLiteral("bob"));
    QCOMPARE(first.data(MessageModel::SeqRole).toLongLong(), 1);
    QCOMPARE(first.data(MessageModel::IdRole).toString(), QStringLiteral("s:lobby:1"));
    QCOMPARE(first.data(MessageModel::OwnRole).toBool(), false);
    QCOMPARE(first.data(MessageModel::TimeRole).toDateTime(), QDateTime::fromMSecsSinceEpoch(1700000000001, Qt::UTC));
    const QModelIndex second = model.index(1);
    QCOMPARE(second.data(MessageModel::OwnRole).toBool(), true);
    QCOMPARE(second.data(MessageModel::DeliveryRole).toInt(), int(Delivery::Pending));
    QCOMPARE(second.data(MessageModel::IdRole).toString(), QStringLiteral("c:u-1"));
    QCOMPARE(model.rowOfClientId(QStringLiteral("u-1")), 1);
    QCOMPARE(model.messageAt(1).text, QStringLiteral("mine"));
    // Screen readers hear who and what, and how far one's own message got.
    const QString spoken = first.data(Qt::AccessibleTextRole).toString();
    QVERIFY2(spoken.startsWith(QLatin1String("bob at ")) && spoken.endsWith(QLatin1String(": <b>x</b>")), qPrintable(spoken));
    QVERIFY(second.data(Qt::AccessibleTextRole).toString().endsWith(QLatin1String("waiting to be sent")));
}

void tst_MessageModel::otherRoomsIgnoredRoomlessShown()
{
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addMessage(msg(QStringLiteral("other"), 1, QStringLiteral("elsewhere")));
    QCOMPARE(model.rowCount(), 0);
    model.addMessage(msg(QString(), 0, QStringLiteral("classic broadcast")));
    model.addMessage(msg(QString(), 0, QStringLiteral("classic broadcast"))); // no identity: both shown
    QCOMPARE(model.rowCount(), 2);
}

void tst_MessageModel::duplicatesShownOnce()
{
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addMessage(msg(QStringLiteral("lobby"), 1, QStringLiteral("a"), QStringLiteral("id-a")));
    model.addMessage(msg(QStringLiteral("lobby"), 2, QStringLiteral("b")));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.addMessage(msg(QStringLiteral("lobby"), 1, QStringLiteral("a again"), QStringLiteral("id-a")));
    model.addMessage(msg(QStringLiteral("lobby"), 2, QStringLiteral("b again")));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(changed.size(), 2);
    QCOMPARE(model.index(0).data(MessageModel::TextRole).toString(), QStringLiteral("a again"));
}

void tst_MessageModel::batchInsertsOnce()
{
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<ChatMessage> batch;
    for (int i = 1; i <= 1000; ++i)
        batch << msg(QStringLiteral("lobby"), i, QString::number(i));
    batch << msg(QStringLiteral("lobby"), 5, QStringLiteral("dup in batch"));
    batch << msg(QStringLiteral("x"), 5, QStringLiteral("other room"));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.addMessages(batch);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model.rowCount(), 1000);
    QCOMPARE(model.index(4).data(MessageModel::TextRole).toString(), QStringLiteral("dup in batch"));
    QCOMPARE(model.index(999).data(MessageModel::TextRole).toString(), QStringLiteral("1000"));
}

void tst_MessageModel::deliveryUpdatesNameTheirRoles()
{
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ChatMessage own = msg(QStringLiteral("lobby"), 0, QStringLiteral("mine"), QStringLiteral("u-1"));
    own.own = true;
    own.delivery = Delivery::Pending;
    model.addMessage(own);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.updateDelivery(QStringLiteral("u-1"), Delivery::Sent, 0, {});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(2).value<QList<int>>(), QList<int>{MessageModel::DeliveryRole});
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(1800000000000, Qt::UTC);
    model.updateDelivery(QStringLiteral("u-1"), Delivery::Delivered, 42, t);
    QCOMPARE(changed.size(), 2);
    QCOMPARE(changed.at(1).at(2).value<QList<int>>(),
             (QList<int>{MessageModel::DeliveryRole, MessageModel::SeqRole, MessageModel::TimeRole}));
    QCOMPARE(model.index(0).data(MessageModel::DeliveryRole).toInt(), int(Delivery::Delivered));
    QCOMPARE(model.index(0).data(MessageModel::SeqRole).toLongLong(), 42);
    QCOMPARE(model.index(0).data(MessageModel::TimeRole).toDateTime(), t);
    model.updateDelivery(QStringLiteral("unknown"), Delivery::Failed, 0, {});
    QCOMPARE(changed.size(), 2);
}

void tst_MessageModel::invalidIndexGivesNothing()
{
    MessageModel model(QStringLiteral("lobby"));
    QVERIFY(!model.data(model.index(0), MessageModel::TextRole).isValid());
    QVERIFY(!model.data(QModelIndex(), MessageModel::TextRole).isValid());
    QVERIFY(model.messageAt(7).text.isEmpty());
}

void tst_MessageModel::gapLandsInOrder()
{
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (const qint64 seq : {1, 2, 3, 7, 8})
        model.addMessage(msg(QStringLiteral("lobby"), seq, QString::number(seq)));
    model.addMessage(mine(QStringLiteral("u-1"), QStringLiteral("pending")));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    // History after a reconnect fills the gap, in any order: it lands in place, in one go.
    model.addMessages({msg(QStringLiteral("lobby"), 5, QStringLiteral("5")),
                       msg(QStringLiteral("lobby"), 4, QStringLiteral("4")),
                       msg(QStringLiteral("lobby"), 6, QStringLiteral("6"))});
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 3);
    QCOMPARE(inserted.at(0).at(2).toInt(), 5);
    QCOMPARE(seqs(model), (QList<qint64>{1, 2, 3, 4, 5, 6, 7, 8, 0}));
    // Newer ones go before one's own message still without seq.
    model.addMessage(msg(QStringLiteral("lobby"), 9, QStringLiteral("9")));
    QCOMPARE(seqs(model), (QList<qint64>{1, 2, 3, 4, 5, 6, 7, 8, 9, 0}));
    QCOMPARE(model.rowOfClientId(QStringLiteral("u-1")), 9);
}

void tst_MessageModel::gapsInOneBatchInsertRunByRun()
{
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addMessages({msg(QStringLiteral("lobby"), 1, QStringLiteral("1")),
                       msg(QStringLiteral("lobby"), 4, QStringLiteral("4")),
                       msg(QStringLiteral("lobby"), 7, QStringLiteral("7"))});
    model.addMessage(mine(QStringLiteral("u-1"), QStringLiteral("pending")));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.addMessages({msg(QStringLiteral("lobby"), 6, QStringLiteral("6")),
                       msg(QStringLiteral("lobby"), 2, QStringLiteral("2")),
                       msg(QStringLiteral("lobby"), 5, QStringLiteral("5")),
                       msg(QStringLiteral("lobby"), 3, QStringLiteral("3")),
                       msg(QStringLiteral("lobby"), 8, QStringLiteral("8")),
                       mine(QStringLiteral("u-2"), QStringLiteral("pending 2"))});
    // Three places: 2-3 after 1, 5-6 after 4, 8 after 7; the new pending one at the end.
    QCOMPARE(inserted.size(), 4);
    const QList<QPair<int, int>> expected{{1, 2}, {4, 5}, {7, 7}, {9, 9}};
    for (int i = 0; i < expected.size(); ++i) {
        QCOMPARE(inserted.at(i).at(1).toInt(), expected.at(i).first);
        QCOMPARE(inserted.at(i).at(2).toInt(), expected.at(i).second);
    }
    QCOMPARE(seqs(model), (QList<qint64>{1, 2, 3, 4, 5, 6, 7, 8, 0, 0}));
    QCOMPARE(model.rowOfClientId(QStringLiteral("u-2")), 9);
}

void tst_MessageModel::ownUnsequencedStayAtTheEnd()
{
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addMessage(mine(QStringLiteral("u-1"), QStringLiteral("a")));
    model.addMessage(msg(QStringLiteral("lobby"), 1, QStringLiteral("1")));
    model.addMessage(mine(QStringLiteral("u-2"), QStringLiteral("b")));
    model.addMessage(msg(QStringLiteral("lobby"), 2, QStringLiteral("2")));
    QCOMPARE(texts(model), (QStringList{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("a"),
                                        QStringLiteral("b")}));
    model.updateDelivery(QStringLiteral("u-2"), Delivery::Failed, 0, {});
    QCOMPARE(model.rowOfClientId(QStringLiteral("u-2")), 3);
}

void tst_MessageModel::deliveredMessageMovesToItsSeq()
{
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addMessages({msg(QStringLiteral("lobby"), 1, QStringLiteral("1")),
                       msg(QStringLiteral("lobby"), 2, QStringLiteral("2"))});
    model.addMessage(mine(QStringLiteral("a"), QStringLiteral("mine a")));
    model.addMessage(mine(QStringLiteral("b"), QStringLiteral("mine b")));
    model.addMessage(msg(QStringLiteral("lobby"), 3, QStringLiteral("3")));
    QCOMPARE(texts(model), (QStringList{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"),
                                        QStringLiteral("mine a"), QStringLiteral("mine b")}));
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    // b reached the server first (a is still waiting): it moves above a.
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(1800000000000, Qt::UTC);
    model.updateDelivery(QStringLiteral("b"), Delivery::Delivered, 4, t);
    QCOMPARE(moved.size(), 1);
    QCOMPARE(moved.at(0).at(1).toInt(), 4); // start
    QCOMPARE(moved.at(0).at(2).toInt(), 4); // end
    QCOMPARE(moved.at(0).at(4).toInt(), 3); // destination
    QCOMPARE(texts(model), (QStringList{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"),
                                        QStringLiteral("mine b"), QStringLiteral("mine a")}));
    QCOMPARE(model.rowOfClientId(QStringLiteral("b")), 3);
    QCOMPARE(model.rowOfClientId(QStringLiteral("a")), 4);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 3);
    QCOMPARE(model.index(3).data(MessageModel::TimeRole).toDateTime(), t);
    // a is in place already: no move, just the change.
    model.updateDelivery(QStringLiteral("a"), Delivery::Delivered, 5, t);
    QCOMPARE(moved.size(), 1);
    QCOMPARE(changed.size(), 2);
    QCOMPARE(seqs(model), (QList<qint64>{1, 2, 3, 4, 5}));
    // A late delivery whose seq lies further back (history gap) moves it down the list, too.
    model.addMessage(mine(QStringLiteral("c"), QStringLiteral("mine c")));
    model.addMessage(msg(QStringLiteral("lobby"), 8, QStringLiteral("8")));
    model.updateDelivery(QStringLiteral("c"), Delivery::Delivered, 7, t);
    QCOMPARE(moved.size(), 2); // from after 8 to before it
    QCOMPARE(moved.at(1).at(1).toInt(), 6);
    QCOMPARE(moved.at(1).at(4).toInt(), 5);
    QCOMPARE(seqs(model), (QList<qint64>{1, 2, 3, 4, 5, 7, 8}));
}

void tst_MessageModel::knownByEitherIdentity()
{
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addMessage(mine(QStringLiteral("u-1"), QStringLiteral("mine")));
    model.updateDelivery(QStringLiteral("u-1"), Delivery::Delivered, 5, {});
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    // Its history copy without client id: the same row.
    model.addMessage(msg(QStringLiteral("lobby"), 5, QStringLiteral("mine")));
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.messageAt(0).clientId, QStringLiteral("u-1"));
    QVERIFY(model.messageAt(0).own);
    QCOMPARE(model.messageAt(0).delivery, Delivery::Delivered);
    // Known by room+seq first, then with its client id: one row, found by the client id after.
    model.addMessage(msg(QStringLiteral("lobby"), 6, QStringLiteral("theirs")));
    model.addMessage(msg(QStringLiteral("lobby"), 6, QStringLiteral("theirs"), QStringLiteral("c-6")));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOfClientId(QStringLiteral("c-6")), 1);
    QCOMPARE(model.index(1).data(MessageModel::IdRole).toString(), QStringLiteral("c:c-6"));
    // The same seq in another room (seen through a room-less model) is another message.
    MessageModel all{QString()};
    all.addMessage(msg(QString(), 1, QStringLiteral("x")));
    QCOMPARE(all.rowCount(), 1);
}

void tst_MessageModel::noStoreNothingToFetch()
{
    MessageModel model(QStringLiteral("lobby"));
    model.addMessage(msg(QStringLiteral("lobby"), 50, QStringLiteral("late")));
    QVERIFY(!model.canFetchMore({}));
    QVERIFY(!model.hasOlder());
    QCOMPARE(model.loadOlder(), 0);
}

void tst_MessageModel::storeOpensOnNewestPage()
{
    MessageStore store;
    QVERIFY2(store.open(freshPath()), qPrintable(store.errorString()));
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

void tst_MessageModel::fetchMorePagesBackToTheStart()
{
    constexpr qint64 kStored = 1000;
    MessageStore store;
    QVERIFY(store.open(freshPath()));
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

void tst_MessageModel::emptyStore()
{
    MessageStore store;
    QVERIFY(store.open(freshPath()));
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

void tst_MessageModel::restoredOutboxShownAtTheEnd()
{
    const QString path = freshPath();
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

void tst_MessageModel::liveGapAndPagesMerge()
{
    MessageStore store;
    QVERIFY(store.open(freshPath()));
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

void tst_MessageModel::hundredThousandStoredOnlyAPageLoaded()
{
    constexpr qint64 kStored = 100'000;
    MessageStore store;
    QVERIFY(store.open(freshPath()));
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

void tst_MessageModel::fetchMoreCanBeLeftToTheView()
{
    MessageStore store;
    QVERIFY(store.open(freshPath()));
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

void tst_MessageModel::slotsMayFetchDuringInsertion()
{
    // A slot on rowsInserted may page in older rows (fetchMore()) in the middle of a batch that
    // lands in several places: the rest of the batch must still land in order. (Not from
    // rowsAboutToBeInserted, which QAbstractItemModelTester does when allowed to fetch: no
    // model can take rows inserted between its beginInsertRows() and its insertion.)
    MessageStore store;
    QVERIFY(store.open(freshPath()));
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

void tst_MessageModel::olderHistoryFromServerOnceStoreRunsOut()
{
    MessageStore store;
    QVERIFY(store.open(freshPath()));
    QVERIFY(fill(store, QStringLiteral("lobby"), 901, 1000)); // a new room: the latest 100 only
    ChatClient client;
    auto owned = std::make_unique<FakeProtocol>(client.connector());
    FakeProtocol *server = owned.get();
    client.setProtocol(std::move(owned));
    client.setUserName(QStringLiteral("me"));
    client.setStore(&store);
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

QTEST_GUILESS_MAIN(tst_MessageModel)
#include "tst_messagemodel.moc"
