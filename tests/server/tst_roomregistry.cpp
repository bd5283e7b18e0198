// RoomRegistry: creation on demand, the room limit, and which rooms may be forgotten.

#include "roomregistry.h"
#include "testmain.h"

#include <QTest>

class tst_RoomRegistry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findOrCreateReturnsTheSameRoom();
    void roomLimitIsEnforced();
    void emptyRoomsAreDropped();
    void roomsWithMembersAreKept();
    void roomsOfASession();
    void roomsStartingWith_data();
    void roomsStartingWith();
};

namespace {

ServerSession *fakeSession(quintptr n)
{
    return reinterpret_cast<ServerSession *>(n * 16);
}

} // namespace

void tst_RoomRegistry::findOrCreateReturnsTheSameRoom()
{
    RoomRegistry rooms(10);
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
    RoomRegistry rooms(2);
    QVERIFY(rooms.findOrCreate(QStringLiteral("a")));
    QVERIFY(rooms.findOrCreate(QStringLiteral("b")));
    QCOMPARE(rooms.findOrCreate(QStringLiteral("c")), nullptr);
    QVERIFY(rooms.findOrCreate(QStringLiteral("a")));  // existing rooms are still found
    QCOMPARE(rooms.count(), 2);
}

void tst_RoomRegistry::emptyRoomsAreDropped()
{
    // Nothing is lost by dropping: seq and de-dup memory are in the history database.
    RoomRegistry rooms(10);
    rooms.dropIfUnused(rooms.findOrCreate(QStringLiteral("idle")));
    QCOMPARE(rooms.find(QStringLiteral("idle")), nullptr);
    QCOMPARE(rooms.count(), 0);
    rooms.dropIfUnused(nullptr);  // harmless
}

void tst_RoomRegistry::roomsWithMembersAreKept()
{
    RoomRegistry rooms(10);
    Room *busy = rooms.findOrCreate(QStringLiteral("busy"));
    busy->join(fakeSession(1));
    rooms.dropIfUnused(busy);
    QCOMPARE(rooms.find(QStringLiteral("busy")), busy);
    busy->leave(fakeSession(1));
    rooms.dropIfUnused(busy);
    QCOMPARE(rooms.find(QStringLiteral("busy")), nullptr);
}

void tst_RoomRegistry::roomsOfASession()
{
    RoomRegistry rooms(10);
    Room *b = rooms.findOrCreate(QStringLiteral("b"));
    Room *a = rooms.findOrCreate(QStringLiteral("a"));
    rooms.findOrCreate(QStringLiteral("c"));
    b->join(fakeSession(1));
    a->join(fakeSession(1));
    QCOMPARE(rooms.roomsOf(fakeSession(1)), (QList<Room *>{a, b}));  // ordered by name
    QVERIFY(rooms.roomsOf(nullptr).isEmpty());
}

void tst_RoomRegistry::roomsStartingWith_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("direct rooms") << QStringLiteral("@dm:")
                                  << QStringList{QStringLiteral("@dm:1:12"), QStringLiteral("@dm:2:3")};
    QTest::newRow("one account's") << QStringLiteral("@dm:1:") << QStringList{QStringLiteral("@dm:1:12")};
    QTest::newRow("none") << QStringLiteral("@dm:9") << QStringList{};
    QTest::newRow("everything") << QString()
                                << QStringList{QStringLiteral("@dm:1:12"), QStringLiteral("@dm:2:3"),
                                               QStringLiteral("@dmx"), QStringLiteral("lobby")};
}

void tst_RoomRegistry::roomsStartingWith()
{
    QFETCH(QString, prefix);
    QFETCH(QStringList, expected);
    RoomRegistry rooms(10);
    for (const char *name : {"lobby", "@dm:2:3", "@dmx", "@dm:1:12"})
        rooms.findOrCreate(QString::fromLatin1(name));
    QStringList names;
    for (const Room *room : rooms.roomsStartingWith(prefix))
        names << room->name();
    QCOMPARE(names, expected);
}

PARLEY_TEST_GUILESS_MAIN(tst_RoomRegistry)
#include "tst_roomregistry.moc"
