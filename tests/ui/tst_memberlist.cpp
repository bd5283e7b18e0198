// Tests ui/memberlist.cpp and ui/memberdelegate.cpp: the header count, "(you)", the presence
// tooltip that says parley-server has no "away", and plain-text names.
#include "memberdelegate.h"
#include "memberlist.h"
#include "membermodel.h"
#include "testmain.h"

#include <QLabel>
#include <QListView>
#include <QStandardPaths>
#include <QTest>

class tst_MemberList : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void headerCountsMembers();
    void selfAndPresenceTexts();
};

void tst_MemberList::initTestCase()
{
}

void tst_MemberList::headerCountsMembers()
{
    MemberModel model;
    MemberList list(&model);
    list.show();
    QVERIFY(QTest::qWaitForWindowExposed(&list));
    QCOMPARE(list.title(), QStringLiteral("Members (0)"));
    model.setMembers({QStringLiteral("alice"), QStringLiteral("bob")});
    QCOMPARE(list.title(), QStringLiteral("Members (2)"));
    QCOMPARE(list.view()->model(), &model);
    QVERIFY(!list.view()->accessibleName().isEmpty());
    // The header explains why nobody is ever "away".
    auto *title = list.findChild<QLabel *>(QStringLiteral("memberListTitle"));
    QVERIFY(title->toolTip().contains(QStringLiteral("away")));
    QCOMPARE(title->textFormat(), Qt::PlainText);
}

void tst_MemberList::selfAndPresenceTexts()
{
    MemberModel model;
    model.setSelfName(QStringLiteral("alice"));
    model.setMembers({QStringLiteral("<b>bob</b>"), QStringLiteral("alice")});
    MemberDelegate delegate(&model);
    QCOMPARE(MemberDelegate::displayText(model.index(0)), QStringLiteral("alice (you)"));
    QCOMPARE(MemberDelegate::displayText(model.index(1)), QStringLiteral("<b>bob</b>"));
    QVERIFY(delegate.toolTip(model.index(1)).startsWith(QStringLiteral("<b>bob</b> — online\n")));
    QVERIFY(delegate.toolTip(model.index(1)).contains(MemberDelegate::presenceNote()));
    model.setPresenceReported(true);
    model.setPresence(QStringLiteral("<b>bob</b>"), MemberModel::Presence::Away);
    QCOMPARE(delegate.toolTip(model.index(1)), QStringLiteral("<b>bob</b> — away"));
    // Painting both presences works.
    MemberList list(&model);
    list.resize(200, 200);
    QVERIFY(!list.grab().isNull());
}

PARLEY_TEST_MAIN(tst_MemberList)
#include "tst_memberlist.moc"
