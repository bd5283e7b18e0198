// RoomSync: the per-room state machine of resync, driven by hand (no server, no timers).
#include "inmemorychatstore.h"
#include "roomsync.h"
#include "testmain.h"

#include <QTest>

using namespace std::chrono_literals;
using SyncState = RoomSync::SyncState;
using Request = RoomSync::Request;

class tst_RoomSync : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void joinDecidesWhatToFetch_data();
    void joinDecidesWhatToFetch();
    void liveSeqMovesWatermarkOrCatchesUp();
    void catchUpGoesOnUntilNewestSeen();
    void watchdogAsksAgainWhenStuckOrBehind();
    void tailCheckAfterQuietOnlyOncePerBurst();
    void resetForgetsTheLinkButNotTheWatermark();
};

void tst_RoomSync::joinDecidesWhatToFetch_data()
{
    QTest::addColumn<qint64>("watermark");
    QTest::addColumn<qint64>("serverLastSeq");
    QTest::addColumn<bool>("fetches");
    QTest::addColumn<qint64>("after");
    QTest::addColumn<int>("limit");
    QTest::newRow("new room, empty server") << qint64(0) << qint64(0) << false << qint64(0) << 0;
    QTest::newRow("new room: the latest only") << qint64(0) << qint64(5000) << true << qint64(0) << RoomSync::kInitialPage;
    QTest::newRow("missed some") << qint64(40) << qint64(45) << true << qint64(40) << RoomSync::kPage;
    QTest::newRow("up to date") << qint64(45) << qint64(45) << false << qint64(0) << 0;
    QTest::newRow("server behind (reset db)") << qint64(45) << qint64(10) << false << qint64(0) << 0;
}

void tst_RoomSync::joinDecidesWhatToFetch()
{
    QFETCH(qint64, watermark);
    QFETCH(qint64, serverLastSeq);
    QFETCH(bool, fetches);
    QFETCH(qint64, after);
    QFETCH(int, limit);
    InMemoryChatStore store;
    store.setSyncedSeq(QStringLiteral("r"), watermark);
    RoomSync sync(QStringLiteral("r"), &store, 1s);
    QCOMPARE(sync.state(), SyncState::Joining);
    QVERIFY(!sync.isJoined());
    const std::optional<Request> r = sync.joined(serverLastSeq);
    QCOMPARE(r.has_value(), fetches);
    if (fetches) {
        QCOMPARE(*r, (Request{after, limit}));
        QCOMPARE(sync.state(), SyncState::CatchingUp);
    } else {
        QCOMPARE(sync.state(), SyncState::Synced);
    }
    QVERIFY(sync.isJoined());
}

void tst_RoomSync::liveSeqMovesWatermarkOrCatchesUp()
{
    InMemoryChatStore store;
    RoomSync sync(QStringLiteral("r"), &store, 1s);
    QVERIFY(!sync.liveSeq(3)); // not joined yet: the join's answer will tell
    QCOMPARE(sync.watermark(), 0);
    QVERIFY(!sync.joined(0));
    QVERIFY(!sync.liveSeq(1));
    QVERIFY(!sync.liveSeq(2));
    QCOMPARE(sync.watermark(), 2);
    QVERIFY(!sync.liveSeq(2)); // a copy changes nothing
    const std::optional<Request> gap = sync.liveSeq(5);
    QVERIFY(gap);
    QCOMPARE(*gap, (Request{2, RoomSync::kPage}));
    QCOMPARE(sync.state(), SyncState::CatchingUp);
    QCOMPARE(sync.highestSeen(), 5);
    QVERIFY(!sync.liveSeq(6)); // while catching up the page will move the watermark
    QCOMPARE(sync.watermark(), 2);
}

void tst_RoomSync::catchUpGoesOnUntilNewestSeen()
{
    InMemoryChatStore store;
    store.setSyncedSeq(QStringLiteral("r"), 10);
    RoomSync sync(QStringLiteral("r"), &store, 1s);
    QCOMPARE(*sync.joined(1200), (Request{10, RoomSync::kPage}));
    QCOMPARE(*sync.pageReceived(510, true), (Request{510, RoomSync::kPage}));
    QCOMPARE(sync.watermark(), 510);
    QVERIFY(!sync.liveSeq(1300)); // live during the catch-up
    QCOMPARE(*sync.pageReceived(1200, false), (Request{1200, RoomSync::kPage})); // 1300 lies beyond
    QVERIFY(!sync.pageReceived(1300, false));
    QCOMPARE(sync.state(), SyncState::Synced);
    QCOMPARE(sync.watermark(), 1300);
    // An answer that comes when nothing was asked (fetchOlder) changes nothing.
    QVERIFY(!sync.pageReceived(5, false));
    QCOMPARE(sync.watermark(), 1300);
}

void tst_RoomSync::watchdogAsksAgainWhenStuckOrBehind()
{
    InMemoryChatStore store;
    RoomSync sync(QStringLiteral("r"), &store, 1s);
    QVERIFY(!sync.recheck()); // not joined
    QVERIFY(sync.joined(7));
    QCOMPARE(*sync.recheck(), (Request{0, RoomSync::kPage})); // no answer yet: again
    QVERIFY(!sync.pageReceived(7, false));
    QVERIFY(!sync.recheck()); // synced: nothing to do
}

void tst_RoomSync::tailCheckAfterQuietOnlyOncePerBurst()
{
    InMemoryChatStore store;
    RoomSync sync(QStringLiteral("r"), &store, 0ms);
    QVERIFY(sync.tailCheckDeadline().isForever());
    QVERIFY(!sync.joined(0));
    QVERIFY(!sync.tailCheckDeadline().isForever()); // a join owes one
    const std::optional<Request> check = sync.tailCheckDue();
    QVERIFY(check);
    QCOMPARE(*check, (Request{0, RoomSync::kPage}));
    QCOMPARE(sync.state(), SyncState::CatchingUp);
    QVERIFY(!sync.pageReceived(0, false)); // nothing was lost
    QCOMPARE(sync.state(), SyncState::Synced);
    QVERIFY(sync.tailCheckDeadline().isForever()); // an empty answer owes no further check
    QVERIFY(!sync.tailCheckDue());

    QVERIFY(!sync.liveSeq(1)); // a burst owes one again…
    QVERIFY(sync.tailCheckDue());
    QVERIFY(!sync.pageReceived(2, false)); // …which found the lost seq 2
    QCOMPARE(sync.watermark(), 2);
    QVERIFY(!sync.tailCheckDeadline().isForever()); // and may be followed by more: look once more
}

void tst_RoomSync::resetForgetsTheLinkButNotTheWatermark()
{
    InMemoryChatStore store;
    RoomSync sync(QStringLiteral("r"), &store, 1s);
    QVERIFY(!sync.joined(0));
    QVERIFY(!sync.liveSeq(1));
    sync.reset();
    QCOMPARE(sync.state(), SyncState::Joining);
    QVERIFY(sync.tailCheckDeadline().isForever());
    QCOMPARE(sync.watermark(), 1);
    QCOMPARE(sync.highestSeen(), 1);
}

PARLEY_TEST_GUILESS_MAIN(tst_RoomSync)
#include "tst_roomsync.moc"
