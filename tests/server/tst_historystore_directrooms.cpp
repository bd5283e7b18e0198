// HistoryStore::directRooms(): the direct rooms of one account, in memory, no socket. The ids
// are chosen so that a text match would confuse them (1, 2, 12, 21, 112).

#include "historystore.h"
#include "testdatabase.h"
#include "testmain.h"

#include <QTest>

namespace {

HistoryStore::Sender poster(qint64 id)
{
    return HistoryStore::Sender{id, QStringLiteral("u%1").arg(id), QStringLiteral("u%1").arg(id), false};
}

} // namespace

class tst_HistoryStoreDirectRooms : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void listsOnlyTheAskersRooms_data();
    void listsOnlyTheAskersRooms();
    void mostRecentFirstWithLastSeq();
    void limitIsKept();
    void closedStoreFails();
};

void tst_HistoryStoreDirectRooms::initTestCase()
{
    PARLEY_TEST_DATABASE_SETUP();
}

void tst_HistoryStoreDirectRooms::listsOnlyTheAskersRooms_data()
{
    QTest::addColumn<qint64>("asker");
    QTest::addColumn<QStringList>("expected"); // newest first

    // Rooms written in this order (time 1, 2, …): see listsOnlyTheAskersRooms().
    QTest::newRow("1") << qint64(1) << QStringList{QStringLiteral("@dm:1:21"), QStringLiteral("@dm:1:12")};
    QTest::newRow("2") << qint64(2) << QStringList{QStringLiteral("@dm:2:12")};
    QTest::newRow("12") << qint64(12) << QStringList{QStringLiteral("@dm:2:12"), QStringLiteral("@dm:1:12")};
    QTest::newRow("21") << qint64(21) << QStringList{QStringLiteral("@dm:1:21")};
    QTest::newRow("112") << qint64(112) << QStringList{QStringLiteral("@dm:3:112")};
    QTest::newRow("3") << qint64(3) << QStringList{QStringLiteral("@dm:3:112")};
    QTest::newRow("11 (in no room)") << qint64(11) << QStringList{};
    QTest::newRow("5 (only malformed names)") << qint64(5) << QStringList{};
}

void tst_HistoryStoreDirectRooms::listsOnlyTheAskersRooms()
{
    QFETCH(qint64, asker);
    QFETCH(QStringList, expected);
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    const QList<QPair<QString, qint64>> writes{
            {QStringLiteral("@dm:1:12"), 1},  {QStringLiteral("lobby"), 1},
            {QStringLiteral("@dm:3:112"), 3}, {QStringLiteral("@dm:1:21"), 21},
            {QStringLiteral("@dm:2:12"), 2},
            // Names no join accepts (written before the reservation, say): never listed.
            {QStringLiteral("@dm:05:7"), 7},  {QStringLiteral("@dm:5:5:7"), 7},
            {QStringLiteral("@DM:5:7"), 7},   {QStringLiteral("@dm:7:5"), 7},
    };
    qint64 time = 0;
    for (const auto &[room, from] : writes) {
        const auto posting = store.post(room, poster(from), QStringLiteral("hi"), QString(), ++time);
        QCOMPARE(posting.outcome, HistoryStore::Outcome::Stored);
    }
    const auto rooms = store.directRooms(asker, 500);
    QVERIFY2(rooms, qPrintable(store.errorString()));
    QStringList names;
    for (const HistoryStore::RoomActivity &activity : *rooms)
        names << activity.room;
    QCOMPARE(names, expected);
}

void tst_HistoryStoreDirectRooms::mostRecentFirstWithLastSeq()
{
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    const QString older = QStringLiteral("@dm:1:2");
    const QString newer = QStringLiteral("@dm:1:3");
    QVERIFY(store.post(older, poster(1), QStringLiteral("a"), QString(), 10).outcome == HistoryStore::Outcome::Stored);
    QVERIFY(store.post(newer, poster(3), QStringLiteral("b"), QString(), 20).outcome == HistoryStore::Outcome::Stored);
    QVERIFY(store.post(older, poster(2), QStringLiteral("c"), QString(), 30).outcome == HistoryStore::Outcome::Stored);
    QVERIFY(store.post(older, poster(2), QStringLiteral("d"), QString(), 40).outcome == HistoryStore::Outcome::Stored);
    const auto rooms = store.directRooms(1, 500);
    QVERIFY(rooms);
    QCOMPARE(rooms->size(), 2);
    QCOMPARE(rooms->at(0).room, older);
    QCOMPARE(rooms->at(0).lastSeq, 3);
    QCOMPARE(rooms->at(0).lastTimeMs, 40);
    QCOMPARE(rooms->at(1).room, newer);
    QCOMPARE(rooms->at(1).lastSeq, 1);
    QCOMPARE(rooms->at(1).lastTimeMs, 20);
}

void tst_HistoryStoreDirectRooms::limitIsKept()
{
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    for (qint64 peer = 2; peer <= 11; ++peer) {
        QVERIFY(store.post(QStringLiteral("@dm:1:%1").arg(peer), poster(1), QStringLiteral("x"), QString(), peer)
                        .outcome
                == HistoryStore::Outcome::Stored);
    }
    const auto rooms = store.directRooms(1, 3);
    QVERIFY(rooms);
    QCOMPARE(rooms->size(), 3);
    QCOMPARE(rooms->at(0).room, QStringLiteral("@dm:1:11")); // the newest three
    QCOMPARE(rooms->at(2).room, QStringLiteral("@dm:1:9"));
    QCOMPARE(store.directRooms(1, 500)->size(), 10);
}

void tst_HistoryStoreDirectRooms::closedStoreFails()
{
    HistoryStore store;
    QVERIFY(!store.directRooms(1, 500));
    QVERIFY(!store.errorString().isEmpty());
}

PARLEY_TEST_GUILESS_MAIN(tst_HistoryStoreDirectRooms)
#include "tst_historystore_directrooms.moc"
