// Tests ui/roomheader.cpp: the name of the room shown and the members button (count, enabled,
// described for screen readers), following a MemberModel (table), and the room name as plain text.
#include "membermodel.h"
#include "roomheader.h"
#include "testmain.h"

#include <QLabel>
#include <QTest>
#include <QToolButton>

class tst_RoomHeader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void follows_data();
    void follows();
    void accessible();
};

void tst_RoomHeader::follows_data()
{
    QTest::addColumn<QString>("room");
    QTest::addColumn<QStringList>("members");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QString>("count");
    QTest::addColumn<bool>("enabled");
    QTest::newRow("no room") << QString() << QStringList() << QStringLiteral("No room") << QString() << false;
    QTest::newRow("alone") << QStringLiteral("dev") << QStringList{QStringLiteral("alice")}
                           << QStringLiteral("# dev") << QStringLiteral("1") << true;
    QTest::newRow("two") << QStringLiteral("lobby") << QStringList{QStringLiteral("alice"), QStringLiteral("bob")}
                         << QStringLiteral("# lobby") << QStringLiteral("2") << true;
    QTest::newRow("nobody listed yet") << QStringLiteral("new") << QStringList() << QStringLiteral("# new")
                                       << QStringLiteral("0") << true;
    QTest::newRow("markup") << QStringLiteral("<b>x</b>") << QStringList() << QStringLiteral("# <b>x</b>")
                            << QStringLiteral("0") << true;
}

void tst_RoomHeader::follows()
{
    QFETCH(QString, room);
    QFETCH(QStringList, members);
    QFETCH(QString, title);
    QFETCH(QString, count);
    QFETCH(bool, enabled);
    MemberModel model;
    model.setRoom(QStringLiteral("before"));
    model.setMembers({QStringLiteral("someone"), QStringLiteral("else"), QStringLiteral("entirely")});
    RoomHeader header(&model, nullptr);
    auto *titleLabel = header.findChild<QLabel *>(QStringLiteral("roomTitle"));
    QVERIFY(titleLabel);
    QCOMPARE(header.membersButton()->text(), QStringLiteral("3"));
    model.setRoom(room);
    model.setMembers(members);
    QCOMPARE(titleLabel->text(), title);
    QCOMPARE(titleLabel->textFormat(), Qt::PlainText);
    QCOMPARE(header.membersButton()->text(), count);
    QCOMPARE(header.membersButton()->isEnabled(), enabled);
    QCOMPARE(header.membersButton()->accessibleDescription(),
             QStringLiteral("Members in the room: %1").arg(members.size()));
}

void tst_RoomHeader::accessible()
{
    MemberModel model;
    RoomHeader header(&model, nullptr);
    QVERIFY(header.membersButton()->isCheckable());
    QVERIFY(!header.membersButton()->accessibleName().isEmpty());
    QVERIFY(header.membersButton()->toolTip().contains(QStringLiteral("Ctrl+Shift+M")));
    QVERIFY(!header.findChild<QLabel *>(QStringLiteral("roomTitle"))->accessibleName().isEmpty());
}

PARLEY_TEST_MAIN(tst_RoomHeader)
#include "tst_roomheader.moc"
