// Room: live membership, with no socket at all (the sessions are never dereferenced).

#include "room.h"
#include "testmain.h"

#include <QTest>

class tst_Room : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startsEmpty();
    void joinAndLeaveKeepJoiningOrder();
    void joiningTwiceAndLeavingTwiceAreHarmless();
};

namespace {

//! Distinct fake session pointers: Room only compares them.
ServerSession *fakeSession(quintptr n)
{
    return reinterpret_cast<ServerSession *>(n * 16);
}

} // namespace

void tst_Room::startsEmpty()
{
    const Room room(QStringLiteral("lobby"));
    QCOMPARE(room.name(), QStringLiteral("lobby"));
    QVERIFY(room.isEmpty());
    QVERIFY(room.members().isEmpty());
    QVERIFY(!room.contains(fakeSession(1)));
}

void tst_Room::joinAndLeaveKeepJoiningOrder()
{
    Room room(QStringLiteral("lobby"));
    QVERIFY(room.join(fakeSession(3)));
    QVERIFY(room.join(fakeSession(1)));
    QVERIFY(room.join(fakeSession(2)));
    QCOMPARE(room.members(), (QList<ServerSession *>{fakeSession(3), fakeSession(1), fakeSession(2)}));
    QVERIFY(room.leave(fakeSession(1)));
    QCOMPARE(room.members(), (QList<ServerSession *>{fakeSession(3), fakeSession(2)}));
    QVERIFY(room.contains(fakeSession(2)));
    QVERIFY(!room.contains(fakeSession(1)));
    QVERIFY(!room.isEmpty());
}

void tst_Room::joiningTwiceAndLeavingTwiceAreHarmless()
{
    Room room(QStringLiteral("lobby"));
    QVERIFY(room.join(fakeSession(1)));
    QVERIFY(!room.join(fakeSession(1)));
    QCOMPARE(room.members().size(), 1);
    QVERIFY(room.leave(fakeSession(1)));
    QVERIFY(!room.leave(fakeSession(1)));
    QVERIFY(room.isEmpty());
}

PARLEY_TEST_GUILESS_MAIN(tst_Room)
#include "tst_room.moc"
