// Tests model/membermodel.cpp: order (oneself first, then by name), updates by rows rather than
// resets, presence (Online for all on parley-server, Away settable for later servers), and the
// member lists of a real ChatClient against an in-process parley-server.
#include "chatclient.h"
#include "membermodel.h"
#include "parleyserver.h"
#include "testmain.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace std::chrono_literals;

class tst_MemberModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void sortedWithSelfFirst();
    void updatesByRows();
    void presence();
    void samePeopleNameTwoPeople();
    void followsARealClient();
};

void tst_MemberModel::initTestCase()
{
}

void tst_MemberModel::sortedWithSelfFirst()
{
    MemberModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSelfName(QStringLiteral("mallory"));
    model.setMembers({QStringLiteral("carol"), QStringLiteral("Bob"), QStringLiteral("mallory"),
                      QStringLiteral("alice"), QStringLiteral("alice"), QStringLiteral("  ")});
    QCOMPARE(model.members(), (QStringList{QStringLiteral("mallory"), QStringLiteral("alice"),
                                           QStringLiteral("Bob"), QStringLiteral("carol")}));
    QVERIFY(model.index(0).data(MemberModel::SelfRole).toBool());
    QVERIFY(!model.index(1).data(MemberModel::SelfRole).toBool());
    QCOMPARE(model.index(0).data(Qt::AccessibleTextRole).toString(), QStringLiteral("mallory (you), online"));
    QCOMPARE(model.index(1).data(Qt::AccessibleTextRole).toString(), QStringLiteral("alice, online"));
    QCOMPARE(model.index(2).data(MemberModel::NameRole).toString(), QStringLiteral("Bob"));
    QCOMPARE(int(MemberModel::NameRole), Qt::UserRole + 1);
    // Becoming someone else re-sorts.
    model.setSelfName(QStringLiteral("carol"));
    QCOMPARE(model.members().first(), QStringLiteral("carol"));
}

void tst_MemberModel::updatesByRows()
{
    MemberModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMembers({QStringLiteral("alice"), QStringLiteral("bob")});
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy count(&model, &MemberModel::countChanged);
    model.setMembers({QStringLiteral("bob"), QStringLiteral("carol"), QStringLiteral("alice")});
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 2); // carol after bob
    QCOMPARE(removed.size(), 0);
    model.setMembers({QStringLiteral("carol")});
    QCOMPARE(removed.size(), 2);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(model.members(), QStringList{QStringLiteral("carol")});
    QCOMPARE(count.size(), 2);
    QCOMPARE(count.last().at(0).toInt(), 1);
    model.setMembers({QStringLiteral("carol")}); // nothing changes
    QCOMPARE(count.size(), 2);
}

namespace {
Person person(qint64 id, const QString &username, const QString &displayName,
              Person::Presence presence = Person::Presence::Online)
{
    Person p;
    p.id = id;
    p.username = username;
    p.displayName = displayName;
    p.presence = presence;
    return p;
}
} // namespace

void tst_MemberModel::presence()
{
    MemberModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMembers({QStringLiteral("alice"), QStringLiteral("bob")});
    QVERIFY(!model.presenceReported()); // a name list: present means online
    QCOMPARE(model.index(0).data(MemberModel::PresenceRole).toInt(), int(MemberModel::Presence::Online));
    QCOMPARE(model.count(MemberModel::Presence::Online), 2);

    // People with presence: the server reports it.
    model.setPeople({person(1, QStringLiteral("alice"), QStringLiteral("Alice")),
                     person(2, QStringLiteral("bob"), QStringLiteral("Bob"), Person::Presence::Away)});
    QVERIFY(model.presenceReported());
    QCOMPARE(model.count(MemberModel::Presence::Away), 1);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setPresence(1, MemberModel::Presence::Away);
    QCOMPARE(changed.size(), 1);
    QVERIFY(changed.first().at(2).value<QList<int>>().contains(MemberModel::PresenceRole));
    QCOMPARE(model.count(MemberModel::Presence::Away), 2);
    model.setPresence(99, MemberModel::Presence::Online); // not listed: ignored
    QCOMPARE(changed.size(), 1);
    QCOMPARE(model.index(1).data(Qt::AccessibleTextRole).toString(), QStringLiteral("Bob, away"));

    // Our own link down: nothing known is current.
    model.setLinkUp(false);
    QCOMPARE(changed.size(), 2);
    QCOMPARE(model.count(MemberModel::Presence::Unknown), 2);
    QCOMPARE(model.index(0).data(Qt::AccessibleTextRole).toString(), QStringLiteral("Alice, presence unknown"));
    model.setLinkUp(true);
    QCOMPARE(model.count(MemberModel::Presence::Away), 2);
}

void tst_MemberModel::samePeopleNameTwoPeople()
{
    MemberModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSelf(7, QStringLiteral("dana"));
    model.setPeople({person(3, QStringLiteral("bob"), QStringLiteral("Bob")),
                     person(7, QStringLiteral("dana"), QStringLiteral("dana")),
                     person(9, QStringLiteral("dana2"), QStringLiteral("dana"))});
    // Two people named dana: two rows, told apart; the one that is us by id, not by name.
    QCOMPARE(model.members(), (QStringList{QStringLiteral("dana (@dana)"), QStringLiteral("Bob"),
                                           QStringLiteral("dana (@dana2)")}));
    QVERIFY(model.index(0).data(MemberModel::SelfRole).toBool());
    QVERIFY(!model.index(2).data(MemberModel::SelfRole).toBool());
    QCOMPARE(model.index(2).data(MemberModel::UserIdRole).toLongLong(), qint64(9));
    QCOMPARE(model.rowOfUser(9), 2);

    // dana2 leaves: the other dana needs no suffix any more (a row update, no reset).
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setPeople({person(3, QStringLiteral("bob"), QStringLiteral("Bob")),
                     person(7, QStringLiteral("dana"), QStringLiteral("dana"))});
    QCOMPARE(model.members(), (QStringList{QStringLiteral("dana"), QStringLiteral("Bob")}));
    QCOMPARE(reset.size(), 0);
    // The same list again changes nothing.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.setPeople({person(7, QStringLiteral("dana"), QStringLiteral("dana")),
                     person(3, QStringLiteral("bob"), QStringLiteral("Bob"))});
    QCOMPARE(changed.size(), 0);
    QCOMPARE(inserted.size(), 0);
}

void tst_MemberModel::followsARealClient()
{
    ParleyServer server;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    ConnectorSettings fast;
    fast.backoffBase = 50ms;
    ChatClient alice;
    alice.setSettings(fast);
    alice.setUserName(QStringLiteral("alice"));
    ChatClient bob;
    bob.setSettings(fast);
    bob.setUserName(QStringLiteral("bob"));

    MemberModel members;
    QAbstractItemModelTester tester(&members, QAbstractItemModelTester::FailureReportingMode::QtTest);
    members.setRoom(QStringLiteral("lobby"));
    members.connectClient(&alice);
    QCOMPARE(members.selfName(), QStringLiteral("alice"));
    alice.joinRoom(QStringLiteral("lobby"));
    alice.joinRoom(QStringLiteral("dev"));
    alice.connectToServer(server.url());
    QTRY_COMPARE_WITH_TIMEOUT(members.members(), QStringList{QStringLiteral("alice")}, 10000);

    bob.joinRoom(QStringLiteral("lobby"));
    bob.connectToServer(server.url());
    QTRY_COMPARE_WITH_TIMEOUT(members.members(),
                              (QStringList{QStringLiteral("alice"), QStringLiteral("bob")}), 10000);

    // Another room shows its own members; the first one's changes no longer show.
    members.setRoom(QStringLiteral("dev"));
    QCOMPARE(members.members(), QStringList{QStringLiteral("alice")});
    members.setRoom(QStringLiteral("lobby"));
    QCOMPARE(members.members(), (QStringList{QStringLiteral("alice"), QStringLiteral("bob")}));

    bob.leaveRoom(QStringLiteral("lobby"));
    QTRY_COMPARE(members.members(), QStringList{QStringLiteral("alice")});
    alice.disconnectFromServer();
    bob.disconnectFromServer();
}

PARLEY_TEST_GUILESS_MAIN(tst_MemberModel)
#include "tst_membermodel.moc"
