// Room: per-room sequence numbers and the de-dup memory, with no socket at all.

#include "room.h"

#include <QTest>

class tst_Room : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startsEmpty();
    void seqStartsAtOneAndIncreases();
    void resendReturnsTheOriginalPosting();
    void senderIsPartOfTheKey();
    void emptyClientIdIsNeverDeduplicated();
    void memoryIsBoundedOldestFirst();
    void zeroMemoryDisablesDeduplication();
};

void tst_Room::startsEmpty()
{
    const Room room(QStringLiteral("lobby"), 10);
    QCOMPARE(room.name(), QStringLiteral("lobby"));
    QVERIFY(room.isEmpty());
    QVERIFY(room.members().isEmpty());
    QCOMPARE(room.lastSeq(), 0);
    QCOMPARE(room.rememberedCount(), 0);
}

void tst_Room::seqStartsAtOneAndIncreases()
{
    Room room(QStringLiteral("lobby"), 10);
    for (qint64 i = 1; i <= 3; ++i) {
        const Room::Posting p = room.post(QStringLiteral("alice"), QString::number(i), 1000 + i);
        QCOMPARE(p.seq, i);
        QCOMPARE(p.timeMs, 1000 + i);
        QVERIFY(!p.duplicate);
        QCOMPARE(room.lastSeq(), i);
    }
}

void tst_Room::resendReturnsTheOriginalPosting()
{
    Room room(QStringLiteral("lobby"), 10);
    const Room::Posting first = room.post(QStringLiteral("alice"), QStringLiteral("u1"), 100);
    room.post(QStringLiteral("alice"), QStringLiteral("u2"), 200);
    const Room::Posting again = room.post(QStringLiteral("alice"), QStringLiteral("u1"), 300);
    QVERIFY(again.duplicate);
    QCOMPARE(again.seq, first.seq);
    QCOMPARE(again.timeMs, 100);
    QCOMPARE(room.lastSeq(), 2);  // no seq consumed by the resend
}

void tst_Room::senderIsPartOfTheKey()
{
    Room room(QStringLiteral("lobby"), 10);
    room.post(QStringLiteral("alice"), QStringLiteral("same"), 1);
    const Room::Posting bob = room.post(QStringLiteral("bob"), QStringLiteral("same"), 2);
    QVERIFY(!bob.duplicate);
    QCOMPARE(bob.seq, 2);
}

void tst_Room::emptyClientIdIsNeverDeduplicated()
{
    Room room(QStringLiteral("lobby"), 10);
    room.post(QStringLiteral("alice"), QString(), 1);
    const Room::Posting second = room.post(QStringLiteral("alice"), QString(), 2);
    QVERIFY(!second.duplicate);
    QCOMPARE(second.seq, 2);
    QCOMPARE(room.rememberedCount(), 0);
}

void tst_Room::memoryIsBoundedOldestFirst()
{
    Room room(QStringLiteral("lobby"), 3);
    for (int i = 1; i <= 5; ++i)
        room.post(QStringLiteral("alice"), QString::number(i), i);
    QCOMPARE(room.rememberedCount(), 3);
    QVERIFY(room.post(QStringLiteral("alice"), QStringLiteral("5"), 9).duplicate);
    QVERIFY(room.post(QStringLiteral("alice"), QStringLiteral("3"), 9).duplicate);
    const Room::Posting forgotten = room.post(QStringLiteral("alice"), QStringLiteral("1"), 9);
    QVERIFY(!forgotten.duplicate);
    QCOMPARE(forgotten.seq, 6);
    QCOMPARE(room.rememberedCount(), 3);
}

void tst_Room::zeroMemoryDisablesDeduplication()
{
    Room room(QStringLiteral("lobby"), 0);
    room.post(QStringLiteral("alice"), QStringLiteral("u"), 1);
    QVERIFY(!room.post(QStringLiteral("alice"), QStringLiteral("u"), 2).duplicate);
    QCOMPARE(room.rememberedCount(), 0);
}

QTEST_GUILESS_MAIN(tst_Room)
#include "tst_room.moc"
