#include "directroomname.h"
#include "testmain.h"

#include <QTest>

class tst_DirectRoomName : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void make_data()
    {
        QTest::addColumn<qint64>("a");
        QTest::addColumn<qint64>("b");
        QTest::addColumn<QString>("room");
        QTest::newRow("ordered") << qint64(3) << qint64(12) << QStringLiteral("@dm:3:12");
        QTest::newRow("reversed") << qint64(12) << qint64(3) << QStringLiteral("@dm:3:12");
        QTest::newRow("same person") << qint64(5) << qint64(5) << QString();
        QTest::newRow("zero") << qint64(0) << qint64(5) << QString();
        QTest::newRow("negative") << qint64(-2) << qint64(5) << QString();
        QTest::newRow("large") << qint64(1) << qint64(999999999999999999) << QStringLiteral("@dm:1:999999999999999999");
    }
    void make()
    {
        QFETCH(qint64, a);
        QFETCH(qint64, b);
        QFETCH(QString, room);
        QCOMPARE(DirectRoomName::make(a, b), room);
        if (!room.isEmpty()) {
            const auto pair = DirectRoomName::parse(room);
            QVERIFY(pair);
            QCOMPARE(pair->low, std::min(a, b));
            QCOMPARE(pair->high, std::max(a, b));
        }
    }

    void parseRefuses_data()
    {
        QTest::addColumn<QString>("room");
        for (const char *bad : {"lobby", "@dm:", "@dm:3", "@dm:3:", "@dm::3", "@dm:12:3", "@dm:3:3", "@dm:03:12",
                                "@dm:3:012", "@dm:+3:12", "@dm:-3:12", "@dm:3:12:", "@dm:3:12 ", " @dm:3:12",
                                "@DM:3:12", "@dm:3:1x", "@dm:0:1", "@dm:1:9999999999999999999", "@dm:١:٢", "@dm:3;12"})
            QTest::newRow(bad) << QString::fromUtf8(bad);
    }
    void parseRefuses()
    {
        QFETCH(QString, room);
        QVERIFY(!DirectRoomName::parse(room));
        QVERIFY(!DirectRoomName::isDirect(room));
        QCOMPARE(DirectRoomName::peerOf(room, 3), qint64(0));
    }

    void peerAndReservation()
    {
        const QString room = DirectRoomName::make(7, 4);
        QCOMPARE(DirectRoomName::peerOf(room, 4), qint64(7));
        QCOMPARE(DirectRoomName::peerOf(room, 7), qint64(4));
        QCOMPARE(DirectRoomName::peerOf(room, 5), qint64(0));
        QVERIFY(DirectRoomName::parse(room)->contains(7));
        QVERIFY(!DirectRoomName::parse(room)->contains(5));
        QVERIFY(DirectRoomName::isReserved(room));
        QVERIFY(DirectRoomName::isReserved(QStringLiteral("@anything")));
        QVERIFY(!DirectRoomName::isReserved(QStringLiteral("lobby")));
    }
};

PARLEY_TEST_GUILESS_MAIN(tst_DirectRoomName)
#include "tst_directroomname.moc"
