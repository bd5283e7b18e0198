#include "messagemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using Delivery = ChatMessage::Delivery;

namespace {
ChatMessage msg(const QString &room, qint64 seq, const QString &text, const QString &clientId = {})
{
    ChatMessage m;
    m.room = room;
    m.seq = seq;
    m.text = text;
    m.clientId = clientId;
    m.sender = QStringLiteral("bob");
    m.time = QDateTime::fromMSecsSinceEpoch(1700000000000 + seq, Qt::UTC);
    return m;
}
} // namespace

class tst_MessageModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rolesStartAfterUserRole();
    void addAndRead();
    void otherRoomsIgnoredRoomlessShown();
    void duplicatesShownOnce();
    void batchInsertsOnce();
    void deliveryUpdatesNameTheirRoles();
    void invalidIndexGivesNothing();
};

void tst_MessageModel::rolesStartAfterUserRole()
{
    MessageModel model(QStringLiteral("lobby"));
    const auto names = model.roleNames();
    for (int role : {int(MessageModel::IdRole), int(MessageModel::TextRole), int(MessageModel::DeliveryRole)}) {
        QVERIFY(role > Qt::UserRole);
        QVERIFY(names.contains(role));
    }
    QCOMPARE(int(MessageModel::IdRole), Qt::UserRole + 1);
}

void tst_MessageModel::addAndRead()
{
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ChatMessage own = msg(QStringLiteral("lobby"), 0, QStringLiteral("mine"), QStringLiteral("u-1"));
    own.own = true;
    own.delivery = Delivery::Pending;
    model.addMessage(msg(QStringLiteral("lobby"), 1, QStringLiteral("<b>x</b>")));
    model.addMessage(own);
    QCOMPARE(model.rowCount(), 2);
    const QModelIndex first = model.index(0);
    QCOMPARE(first.data(MessageModel::TextRole).toString(), QStringLiteral("<b>x</b>"));
    QCOMPARE(first.data(Qt::DisplayRole).toString(), QStringLiteral("<b>x</b>"));
    QCOMPARE(first.data(MessageModel::SenderRole).toString(), QStringLiteral("bob"));
    QCOMPARE(first.data(MessageModel::SeqRole).toLongLong(), 1);
    QCOMPARE(first.data(MessageModel::IdRole).toString(), QStringLiteral("s:lobby:1"));
    QCOMPARE(first.data(MessageModel::OwnRole).toBool(), false);
    QCOMPARE(first.data(MessageModel::TimeRole).toDateTime(), QDateTime::fromMSecsSinceEpoch(1700000000001, Qt::UTC));
    const QModelIndex second = model.index(1);
    QCOMPARE(second.data(MessageModel::OwnRole).toBool(), true);
    QCOMPARE(second.data(MessageModel::DeliveryRole).toInt(), int(Delivery::Pending));
    QCOMPARE(second.data(MessageModel::IdRole).toString(), QStringLiteral("c:u-1"));
    QCOMPARE(model.rowOfClientId(QStringLiteral("u-1")), 1);
    QCOMPARE(model.messageAt(1).text, QStringLiteral("mine"));
}

void tst_MessageModel::otherRoomsIgnoredRoomlessShown()
{
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addMessage(msg(QStringLiteral("other"), 1, QStringLiteral("elsewhere")));
    QCOMPARE(model.rowCount(), 0);
    model.addMessage(msg(QString(), 0, QStringLiteral("classic broadcast")));
    model.addMessage(msg(QString(), 0, QStringLiteral("classic broadcast"))); // no identity: both shown
    QCOMPARE(model.rowCount(), 2);
}

void tst_MessageModel::duplicatesShownOnce()
{
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addMessage(msg(QStringLiteral("lobby"), 1, QStringLiteral("a"), QStringLiteral("id-a")));
    model.addMessage(msg(QStringLiteral("lobby"), 2, QStringLiteral("b")));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.addMessage(msg(QStringLiteral("lobby"), 1, QStringLiteral("a again"), QStringLiteral("id-a")));
    model.addMessage(msg(QStringLiteral("lobby"), 2, QStringLiteral("b again")));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(changed.size(), 2);
    QCOMPARE(model.index(0).data(MessageModel::TextRole).toString(), QStringLiteral("a again"));
}

void tst_MessageModel::batchInsertsOnce()
{
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<ChatMessage> batch;
    for (int i = 1; i <= 1000; ++i)
        batch << msg(QStringLiteral("lobby"), i, QString::number(i));
    batch << msg(QStringLiteral("lobby"), 5, QStringLiteral("dup in batch"));
    batch << msg(QStringLiteral("x"), 5, QStringLiteral("other room"));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.addMessages(batch);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model.rowCount(), 1000);
    QCOMPARE(model.index(4).data(MessageModel::TextRole).toString(), QStringLiteral("dup in batch"));
    QCOMPARE(model.index(999).data(MessageModel::TextRole).toString(), QStringLiteral("1000"));
}

void tst_MessageModel::deliveryUpdatesNameTheirRoles()
{
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ChatMessage own = msg(QStringLiteral("lobby"), 0, QStringLiteral("mine"), QStringLiteral("u-1"));
    own.own = true;
    own.delivery = Delivery::Pending;
    model.addMessage(own);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.updateDelivery(QStringLiteral("u-1"), Delivery::Sent, 0, {});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(2).value<QList<int>>(), QList<int>{MessageModel::DeliveryRole});
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(1800000000000, Qt::UTC);
    model.updateDelivery(QStringLiteral("u-1"), Delivery::Delivered, 42, t);
    QCOMPARE(changed.size(), 2);
    QCOMPARE(changed.at(1).at(2).value<QList<int>>(),
             (QList<int>{MessageModel::DeliveryRole, MessageModel::SeqRole, MessageModel::TimeRole}));
    QCOMPARE(model.index(0).data(MessageModel::DeliveryRole).toInt(), int(Delivery::Delivered));
    QCOMPARE(model.index(0).data(MessageModel::SeqRole).toLongLong(), 42);
    QCOMPARE(model.index(0).data(MessageModel::TimeRole).toDateTime(), t);
    model.updateDelivery(QStringLiteral("unknown"), Delivery::Failed, 0, {});
    QCOMPARE(changed.size(), 2);
}

void tst_MessageModel::invalidIndexGivesNothing()
{
    MessageModel model(QStringLiteral("lobby"));
    QVERIFY(!model.data(model.index(0), MessageModel::TextRole).isValid());
    QVERIFY(!model.data(QModelIndex(), MessageModel::TextRole).isValid());
    QVERIFY(model.messageAt(7).text.isEmpty());
}

QTEST_GUILESS_MAIN(tst_MessageModel)
#include "tst_messagemodel.moc"
