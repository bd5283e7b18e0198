// FanOutEnvelope: what one node publishes for the others, and that a malformed or oversized
// message from Redis is dropped whole, never half-read.
#include "fanout.h"
#include "testmain.h"

#include <QTest>

using Audience = FanOutEnvelope::Audience;

class tst_FanOutEnvelope : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrips_data();
    void roundTrips();
    void malformedIsDropped_data();
    void malformedIsDropped();
    void frameBoundIsKept();
};

void tst_FanOutEnvelope::roundTrips_data()
{
    QTest::addColumn<int>("audience");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("frame");
    QTest::newRow("room") << int(Audience::Room) << QStringLiteral("lobby")
                          << QStringLiteral("42[\"chat message\",{\"text\":\"hi\"}]");
    QTest::newRow("unicode room") << int(Audience::Room) << QStringLiteral("房间 one\nline")
                                  << QStringLiteral("42[\"typing\",{\"name\":\"Zoë 😀\"}]");
    QTest::newRow("receipts") << int(Audience::ReceiptSharers) << QStringLiteral("team")
                              << QStringLiteral("42[\"read\",{}]");
    QTest::newRow("account") << int(Audience::Account) << QStringLiteral("17")
                             << QStringLiteral("42[\"direct\",{}]");
    QTest::newRow("account except room") << int(Audience::Account) << QStringLiteral("17 @dm:3:17")
                                         << QStringLiteral("42[\"direct\",{}]");
}

void tst_FanOutEnvelope::roundTrips()
{
    QFETCH(int, audience);
    QFETCH(QString, target);
    QFETCH(QString, frame);
    FanOutEnvelope e{Audience(audience), target, QByteArrayLiteral("node-1"), 1700000000123, frame};
    const std::optional<FanOutEnvelope> back = FanOutEnvelope::decode(e.encode(), 1 << 20);
    QVERIFY(back);
    QCOMPARE(int(back->audience), audience);
    QCOMPARE(back->target, target);
    QCOMPARE(back->node, QByteArrayLiteral("node-1"));
    QCOMPARE(back->sentMs, 1700000000123);
    QCOMPARE(back->frame, frame);
}

void tst_FanOutEnvelope::malformedIsDropped_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("no header end") << QByteArray("PF1 room n 1 5");
    QTest::newRow("other magic") << QByteArray("PF2 room n 1 5\nlobby42[]");
    QTest::newRow("unknown audience") << QByteArray("PF1 everyone n 1 5\nlobby42[]");
    QTest::newRow("bad node") << QByteArray("PF1 room n/1 1 5\nlobby42[]");
    QTest::newRow("negative time") << QByteArray("PF1 room n -1 5\nlobby42[]");
    QTest::newRow("target past the end") << QByteArray("PF1 room n 1 50\nlobby42[]");
    QTest::newRow("no frame") << QByteArray("PF1 room n 1 5\nlobby");
    QTest::newRow("zero target") << QByteArray("PF1 room n 1 0\n42[]");
    QTest::newRow("huge target") << QByteArray("PF1 room n 1 999999\nlobby42[]");
    QTest::newRow("extra field") << QByteArray("PF1 room n 1 5 x\nlobby42[]");
    QTest::newRow("bad utf-8") << QByteArray("PF1 room n 1 5\nlobby42[\"\xff\"]");
    QTest::newRow("account not a number") << QByteArray("PF1 account n 1 5\nalice42[]");
    QTest::newRow("account 0") << QByteArray("PF1 account n 1 1\n042[]");
    QTest::newRow("account with a room but no room") << QByteArray("PF1 account n 1 3\n17 42[]");
    QTest::newRow("long header") << QByteArray("PF1 room ") + QByteArray(300, 'n') + QByteArray(" 1 5\nlobby42[]");
}

void tst_FanOutEnvelope::malformedIsDropped()
{
    QFETCH(QByteArray, bytes);
    QVERIFY(!FanOutEnvelope::decode(bytes, 1 << 20));
}

void tst_FanOutEnvelope::frameBoundIsKept()
{
    FanOutEnvelope e{Audience::Room, QStringLiteral("lobby"), QByteArrayLiteral("n"), 1, QString(100, QLatin1Char('x'))};
    QVERIFY(FanOutEnvelope::decode(e.encode(), 100));
    QVERIFY(!FanOutEnvelope::decode(e.encode(), 99));
}

PARLEY_TEST_GUILESS_MAIN(tst_FanOutEnvelope)
#include "tst_fanoutenvelope.moc"
