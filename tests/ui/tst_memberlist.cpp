// Tests ui/memberlist.cpp and ui/memberdelegate.cpp: the header count, "(you)", the presence
// tooltip that says parley-server has no "away", and plain-text names.
#include "memberdelegate.h"
#include "memberlist.h"
#include "membermodel.h"
#include "testmain.h"

#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

class tst_MemberList : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void headerCountsMembers();
    void selfAndPresenceTexts();
    void messageSomeoneFromTheirRow();
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
    // A server with accounts: people, with their presence and user names.
    Person bob;
    bob.id = 2;
    bob.username = QStringLiteral("bob");
    bob.displayName = QStringLiteral("<b>bob</b>");
    bob.presence = Person::Presence::Away;
    Person alice;
    alice.id = 1;
    alice.username = QStringLiteral("alice");
    alice.displayName = QStringLiteral("alice");
    model.setSelf(1, QStringLiteral("alice"));
    model.setPeople({bob, alice});
    QCOMPARE(delegate.toolTip(model.index(1)), QStringLiteral("<b>bob</b> — away\nUser name: @bob"));
    model.setLinkUp(false);
    QVERIFY(delegate.toolTip(model.index(1)).contains(QStringLiteral("presence unknown")));
    // Painting both presences works.
    MemberList list(&model);
    list.resize(200, 200);
    QVERIFY(!list.grab().isNull());
}

void tst_MemberList::messageSomeoneFromTheirRow()
{
    auto person = [](qint64 id, const QString &name, bool guest) {
        Person p;
        p.id = id;
        p.username = name;
        p.displayName = name;
        p.guest = guest;
        return p;
    };
    MemberModel model;
    model.setSelf(1, QStringLiteral("alice"));
    model.setPeople({person(1, QStringLiteral("alice"), false), person(2, QStringLiteral("bob"), false),
                     person(3, QStringLiteral("guest-3"), true)});
    MemberList list(&model);
    QSignalSpy wanted(&list, &MemberList::directRequested);
    // Oneself and guests: nothing to offer.
    QCOMPARE(list.createContextMenu(model.index(model.rowOfUser(1))), nullptr);
    QCOMPARE(list.createContextMenu(model.index(model.rowOfUser(3))), nullptr);
    QMenu *menu = list.createContextMenu(model.index(model.rowOfUser(2)));
    QVERIFY(menu);
    QCOMPARE(menu->actions().size(), 1);
    QCOMPARE(menu->actions().first()->text(), QStringLiteral("Message @bob…"));
    menu->actions().first()->trigger();
    QCOMPARE(wanted.size(), 1);
    QCOMPARE(wanted.first().first().toLongLong(), qint64(2));
    delete menu;
    // Activating the row (double-click, Enter) does the same.
    Q_EMIT list.view()->activated(model.index(model.rowOfUser(2)));
    QCOMPARE(wanted.size(), 2);
    Q_EMIT list.view()->activated(model.index(model.rowOfUser(1)));
    QCOMPARE(wanted.size(), 2);
    // A server without accounts: names only, no direct messages.
    model.setMembers({QStringLiteral("carol")});
    QCOMPARE(list.createContextMenu(model.index(0)), nullptr);
}

PARLEY_TEST_MAIN(tst_MemberList)
#include "tst_memberlist.moc"
