// RoomRegistry: creation on demand, the room limit, and which rooms may be forgotten.

#include "roomregistry.h"

#include <QTest>

class tst_RoomRegistry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findOrCreateReturnsTheSameRoom();
    void roomLimitIsEnforced();
    void unusedRoomsAreDropped();
    void roomsWithHistoryAreKept();
    void roomsOfAnUnknownSessionIsEmpty();
};

void tst_RoomRegistry::findOrCreateReturnsTheSameRoom()
{
    RoomRegistry rooms(10, 10);
    QCOMPARE(rooms.find(QStringLiteral("lobby")), nullptr);
    Room *lobby = rooms.findOrCreate(QStringLiteral("lobby"));
    QVERIFY(lobby);
    QCOMPARE(lobby->name(), QStringLiteral("lobby"));
    QCOMPARE(rooms.findOrCreate(QStringLiteral("lobby")), lobby);
    QCOMPARE(rooms.find(QStringLiteral("lobby")), lobby);
    QVERIFY(rooms.findOrCreate(QStringLiteral("Lobby")) != lobby);  // names are case-sensitive
    QCOMPARE(rooms.count(), 2);
}

void tst_RoomRegistry::roomLimitIsEnforced()
{
    RoomRegistry rooms(2, 10);
    QVERIFY(rooms.findOrCreate(QStringLiteral("a")));
    QVERIFY(rooms.findOrCreate(QStringLiteral("b")));
    QCOMPARE(rooms.findOrCreate(QStringLiteral("c")), nullptr);
    QVERIFY(rooms.findOrCreate(QStringLiteral("a")));  // existing rooms are still found
    QCOMPARE(rooms.count(), 2);
}

void tst_RoomRegistry::unusedRoomsAreDropped()
{
    RoomRegistry rooms(10, 10);
    rooms.dropIfUnused(rooms.findOrCreate(QStringLiteral("idle")));
    QCOMPARE(rooms.find(QStringLiteral("idle")), nullptr);
    QCOMPARE(rooms.count(), 0);
    rooms.dropIfUnused(nullptr);  // harmless
}

void tst_RoomRegistry::roomsWithHistoryAreKept()
{
    RoomRegistry rooms(10, 10);
    Room *busy = rooms.findOrCreate(QStringLiteral("busy"));
    busy->post(QStringLiteral("alice"), QStringLiteral("u"), 1);
    rooms.dropIfUnused(busy);
    QCOMPARE(rooms.find(QStringLiteral("busy")), busy);
    QCOMPARE(busy->lastSeq(), 1);
}

void tst_RoomRegistry::roomsOfAnUnknownSessionIsEmpty()
{
    RoomRegistry rooms(10, 10);
    rooms.findOrCreate(QStringLiteral("a"));
    QVERIFY(rooms.roomsOf(nullptr).isEmpty());
}

QTEST_GUILESS_MAIN(tst_RoomRegistry)
#include "tst_roomregistry.moc"
