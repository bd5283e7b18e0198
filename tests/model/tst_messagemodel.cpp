// Tests model/messagemodel.cpp, its rows in memory: roles, reading, a message shown once whatever
// its identity, batches, delivery updates naming their roles, order by seq with gaps filled and
// one's own unsequenced messages at the end. Paging from a MessageStore: tst_messagemodel_paging.

#include "messagemodel.h"

#include "messagemodelfixtures.h"
#include "testmain.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using Delivery = ChatMessage::Delivery;

class tst_MessageModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void senderLabelTellsPeopleApart_data();
    void senderLabelTellsPeopleApart();
    void initTestCase();

    void rolesStartAfterUserRole();
    void addAndRead();
    void otherRoomsIgnoredRoomlessShown();
    void duplicatesShownOnce();
    void batchInsertsOnce();
    void deliveryUpdatesNameTheirRoles();
    void invalidIndexGivesNothing();
    void gapLandsInOrder();
    void gapsInOneBatchInsertRunByRun();
    void ownUnsequencedStayAtTheEnd();
    void deliveredMessageMovesToItsSeq();
    void knownByEitherIdentity();
    void changesApplyToTheirTargetNeverAddRows();
    void changesBeforeTheAckApplyWhenTheOwnRowGetsItsSeq();
    void changesAwaitingTheirTargetAreBounded();
};

void tst_MessageModel::senderLabelTellsPeopleApart_data()
{
    QTest::addColumn<QString>("sender");
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("label");
    QTest::newRow("no accounts") << QStringLiteral("dana") << QString() << QStringLiteral("dana");
    QTest::newRow("same as username") << QStringLiteral("Dana") << QStringLiteral("dana") << QStringLiteral("Dana");
    QTest::newRow("the other dana") << QStringLiteral("dana") << QStringLiteral("dana2") << QStringLiteral("dana (@dana2)");
    QTest::newRow("free display name") << QStringLiteral("Dana Scully") << QStringLiteral("dscully") << QStringLiteral("Dana Scully (@dscully)");
}

void tst_MessageModel::senderLabelTellsPeopleApart()
{
    QFETCH(QString, sender);
    QFETCH(QString, username);
    QFETCH(QString, label);
    ChatMessage m;
    m.sender = sender;
    m.senderUsername = username;
    QCOMPARE(MessageModel::senderLabel(m), label);
}

void tst_MessageModel::initTestCase()
{
}

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
    const ChatMessage own = mine(QStringLiteral("u-1"), QStringLiteral("mine"));
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
    // Screen readers hear who and what, and how far one's own message got.
    const QString spoken = first.data(Qt::AccessibleTextRole).toString();
    QVERIFY2(spoken.startsWith(QLatin1String("bob at ")) && spoken.endsWith(QLatin1String(": <b>x</b>")), qPrintable(spoken));
    QVERIFY(second.data(Qt::AccessibleTextRole).toString().endsWith(QLatin1String("waiting to be sent")));
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

// Edits, deletes and reactions (live, or in a catch-up batch together with their target) change
// the target's row and name the roles they change; they never become rows of their own.
void tst_MessageModel::changesApplyToTheirTargetNeverAddRows()
{
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto change = [](ChatMessage::Kind kind, qint64 seq, qint64 target, const QString &text = {}) {
        ChatMessage c = msg(QStringLiteral("lobby"), seq, text, QStringLiteral("change-%1").arg(seq));
        c.kind = kind;
        c.target = target;
        c.senderId = 5;
        c.reactionOn = true;
        return c;
    };
    model.addMessage(msg(QStringLiteral("lobby"), 1, QStringLiteral("one")));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.addMessage(change(ChatMessage::Kind::Edit, 2, 1, QStringLiteral("one, edited")));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(changed.size(), 1);
    QVERIFY(changed.at(0).at(2).value<QList<int>>().contains(MessageModel::TextRole));
    QCOMPARE(model.index(0).data(MessageModel::TextRole).toString(), QStringLiteral("one, edited"));
    QVERIFY(model.index(0).data(MessageModel::EditedRole).toDateTime().isValid());

    // A catch-up page: message 3, a reaction to it, and its delete, in one batch.
    model.addMessages({msg(QStringLiteral("lobby"), 3, QStringLiteral("three")),
                       change(ChatMessage::Kind::React, 4, 3, QStringLiteral("👍")),
                       change(ChatMessage::Kind::React, 5, 1, QStringLiteral("🎉")),
                       change(ChatMessage::Kind::Delete, 6, 3)});
    QCOMPARE(model.rowCount(), 2);
    QVERIFY(model.index(1).data(MessageModel::DeletedRole).toBool());
    QCOMPARE(model.index(1).data(MessageModel::TextRole).toString(), QString());
    QCOMPARE(model.index(1).data(Qt::DisplayRole).toString(), QStringLiteral("Message deleted"));
    const auto reactions = model.index(0).data(MessageModel::ReactionsRole).value<QList<ChatMessage::Reaction>>();
    QCOMPARE(reactions.size(), 1);
    QCOMPARE(reactions.first().emoji, QStringLiteral("🎉"));
    // A change of a message not shown changes nothing and adds nothing.
    model.addMessage(change(ChatMessage::Kind::Edit, 7, 99, QStringLiteral("x")));
    QCOMPARE(model.rowCount(), 2);

    // An answer quotes its message: an edit of that message changes the answer's excerpt too.
    ChatMessage answer = msg(QStringLiteral("lobby"), 8, QStringLiteral("indeed"));
    answer.replyTo = 1;
    model.addMessage(answer);
    QCOMPARE(model.index(2).data(MessageModel::ReplyExcerptRole).toString(), QStringLiteral("bob: one, edited"));
    changed.clear();
    model.addMessage(change(ChatMessage::Kind::Edit, 9, 1, QStringLiteral("one, again")));
    QCOMPARE(changed.size(), 2);
    QCOMPARE(changed.at(1).at(0).toModelIndex().row(), 2);
    QCOMPARE(changed.at(1).at(2).value<QList<int>>(), QList<int>{MessageModel::ReplyExcerptRole});
    QCOMPARE(model.index(2).data(MessageModel::ReplyExcerptRole).toString(), QStringLiteral("bob: one, again"));
}

void tst_MessageModel::changesBeforeTheAckApplyWhenTheOwnRowGetsItsSeq()
{
    // The link was cut after sending; others got the broadcast and reacted before our ack came.
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto reaction = [](qint64 seq, qint64 target, const QString &emoji, qint64 by) {
        ChatMessage c = msg(QStringLiteral("lobby"), seq, emoji, QStringLiteral("change-%1").arg(seq));
        c.kind = ChatMessage::Kind::React;
        c.target = target;
        c.senderId = by;
        c.reactionOn = true;
        return c;
    };
    const auto reactionsAt = [&model](int row) {
        return model.index(row).data(MessageModel::ReactionsRole).value<QList<ChatMessage::Reaction>>();
    };
    model.addMessage(mine(QStringLiteral("u-1"), QStringLiteral("mine")));
    model.addMessages({msg(QStringLiteral("lobby"), 2, QStringLiteral("theirs")),
                       reaction(3, 1, QStringLiteral("👍"), 6)});
    QCOMPARE(seqs(model), (QList<qint64>{2, 0}));
    QVERIFY(reactionsAt(1).isEmpty());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.updateDelivery(QStringLiteral("u-1"), ChatMessage::Delivery::Delivered, 1, {});
    QCOMPARE(seqs(model), (QList<qint64>{1, 2}));
    QCOMPARE(reactionsAt(0).size(), 1);
    QCOMPARE(reactionsAt(0).value(0).users, QList<qint64>{6});
    QVERIFY(!changed.isEmpty());
    QVERIFY(changed.last().at(2).value<QList<int>>().contains(MessageModel::ReactionsRole));

    // The seq may come with the message's copy (a catch-up page) instead of the ack.
    model.addMessage(mine(QStringLiteral("u-2"), QStringLiteral("mine too")));
    model.addMessage(reaction(5, 4, QStringLiteral("🎉"), 7));
    ChatMessage copy = msg(QStringLiteral("lobby"), 4, QStringLiteral("mine too"), QStringLiteral("u-2"));
    copy.own = true;
    copy.delivery = ChatMessage::Delivery::Delivered;
    model.addMessage(copy);
    QCOMPARE(seqs(model), (QList<qint64>{1, 2, 4}));
    QCOMPARE(reactionsAt(2).value(0).emoji, QStringLiteral("🎉"));
    QCOMPARE(reactionsAt(2).value(0).count, 1);
}

void tst_MessageModel::changesAwaitingTheirTargetAreBounded()
{
    ChangesAwaitingSeq held;
    ChatMessage target = msg(QStringLiteral("lobby"), 1, QStringLiteral("mine"));
    for (int i = 0; i <= ChangesAwaitingSeq::kMaxHeld; ++i) {
        ChatMessage c = msg(QStringLiteral("lobby"), 100 + i, QStringLiteral("👍"));
        c.kind = ChatMessage::Kind::React;
        c.target = i == 0 ? 1 : 2; // the oldest targets message 1, and is dropped
        c.senderId = 5 + i;
        c.reactionOn = true;
        held.hold(c);
    }
    QCOMPARE(held.size(), ChangesAwaitingSeq::kMaxHeld);
    QVERIFY(!held.applyTo(&target));
    QVERIFY(target.reactions.isEmpty());
    target.seq = 2;
    QVERIFY(held.applyTo(&target));
    QCOMPARE(target.reactions.value(0).count, ChangesAwaitingSeq::kMaxHeld);
    QCOMPARE(held.size(), 0);
}

void tst_MessageModel::deliveryUpdatesNameTheirRoles()
{
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const ChatMessage own = mine(QStringLiteral("u-1"), QStringLiteral("mine"));
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

void tst_MessageModel::gapLandsInOrder()
{
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (const qint64 seq : {1, 2, 3, 7, 8})
        model.addMessage(msg(QStringLiteral("lobby"), seq, QString::number(seq)));
    model.addMessage(mine(QStringLiteral("u-1"), QStringLiteral("pending")));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    // History after a reconnect fills the gap, in any order: it lands in place, in one go.
    model.addMessages({msg(QStringLiteral("lobby"), 5, QStringLiteral("5")),
                       msg(QStringLiteral("lobby"), 4, QStringLiteral("4")),
                       msg(QStringLiteral("lobby"), 6, QStringLiteral("6"))});
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 3);
    QCOMPARE(inserted.at(0).at(2).toInt(), 5);
    QCOMPARE(seqs(model), (QList<qint64>{1, 2, 3, 4, 5, 6, 7, 8, 0}));
    // Newer ones go before one's own message still without seq.
    model.addMessage(msg(QStringLiteral("lobby"), 9, QStringLiteral("9")));
    QCOMPARE(seqs(model), (QList<qint64>{1, 2, 3, 4, 5, 6, 7, 8, 9, 0}));
    QCOMPARE(model.rowOfClientId(QStringLiteral("u-1")), 9);
}

void tst_MessageModel::gapsInOneBatchInsertRunByRun()
{
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addMessages({msg(QStringLiteral("lobby"), 1, QStringLiteral("1")),
                       msg(QStringLiteral("lobby"), 4, QStringLiteral("4")),
                       msg(QStringLiteral("lobby"), 7, QStringLiteral("7"))});
    model.addMessage(mine(QStringLiteral("u-1"), QStringLiteral("pending")));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.addMessages({msg(QStringLiteral("lobby"), 6, QStringLiteral("6")),
                       msg(QStringLiteral("lobby"), 2, QStringLiteral("2")),
                       msg(QStringLiteral("lobby"), 5, QStringLiteral("5")),
                       msg(QStringLiteral("lobby"), 3, QStringLiteral("3")),
                       msg(QStringLiteral("lobby"), 8, QStringLiteral("8")),
                       mine(QStringLiteral("u-2"), QStringLiteral("pending 2"))});
    // Three places: 2-3 after 1, 5-6 after 4, 8 after 7; the new pending one at the end.
    QCOMPARE(inserted.size(), 4);
    const QList<QPair<int, int>> expected{{1, 2}, {4, 5}, {7, 7}, {9, 9}};
    for (int i = 0; i < expected.size(); ++i) {
        QCOMPARE(inserted.at(i).at(1).toInt(), expected.at(i).first);
        QCOMPARE(inserted.at(i).at(2).toInt(), expected.at(i).second);
    }
    QCOMPARE(seqs(model), (QList<qint64>{1, 2, 3, 4, 5, 6, 7, 8, 0, 0}));
    QCOMPARE(model.rowOfClientId(QStringLiteral("u-2")), 9);
}

void tst_MessageModel::ownUnsequencedStayAtTheEnd()
{
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addMessage(mine(QStringLiteral("u-1"), QStringLiteral("a")));
    model.addMessage(msg(QStringLiteral("lobby"), 1, QStringLiteral("1")));
    model.addMessage(mine(QStringLiteral("u-2"), QStringLiteral("b")));
    model.addMessage(msg(QStringLiteral("lobby"), 2, QStringLiteral("2")));
    QCOMPARE(texts(model), (QStringList{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("a"),
                                        QStringLiteral("b")}));
    model.updateDelivery(QStringLiteral("u-2"), Delivery::Failed, 0, {});
    QCOMPARE(model.rowOfClientId(QStringLiteral("u-2")), 3);
}

void tst_MessageModel::deliveredMessageMovesToItsSeq()
{
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addMessages({msg(QStringLiteral("lobby"), 1, QStringLiteral("1")),
                       msg(QStringLiteral("lobby"), 2, QStringLiteral("2"))});
    model.addMessage(mine(QStringLiteral("a"), QStringLiteral("mine a")));
    model.addMessage(mine(QStringLiteral("b"), QStringLiteral("mine b")));
    model.addMessage(msg(QStringLiteral("lobby"), 3, QStringLiteral("3")));
    QCOMPARE(texts(model), (QStringList{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"),
                                        QStringLiteral("mine a"), QStringLiteral("mine b")}));
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    // b reached the server first (a is still waiting): it moves above a.
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(1800000000000, Qt::UTC);
    model.updateDelivery(QStringLiteral("b"), Delivery::Delivered, 4, t);
    QCOMPARE(moved.size(), 1);
    QCOMPARE(moved.at(0).at(1).toInt(), 4); // start
    QCOMPARE(moved.at(0).at(2).toInt(), 4); // end
    QCOMPARE(moved.at(0).at(4).toInt(), 3); // destination
    QCOMPARE(texts(model), (QStringList{QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3"),
                                        QStringLiteral("mine b"), QStringLiteral("mine a")}));
    QCOMPARE(model.rowOfClientId(QStringLiteral("b")), 3);
    QCOMPARE(model.rowOfClientId(QStringLiteral("a")), 4);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().row(), 3);
    QCOMPARE(model.index(3).data(MessageModel::TimeRole).toDateTime(), t);
    // a is in place already: no move, just the change.
    model.updateDelivery(QStringLiteral("a"), Delivery::Delivered, 5, t);
    QCOMPARE(moved.size(), 1);
    QCOMPARE(changed.size(), 2);
    QCOMPARE(seqs(model), (QList<qint64>{1, 2, 3, 4, 5}));
    // A late delivery whose seq lies further back (history gap) moves it down the list, too.
    model.addMessage(mine(QStringLiteral("c"), QStringLiteral("mine c")));
    model.addMessage(msg(QStringLiteral("lobby"), 8, QStringLiteral("8")));
    model.updateDelivery(QStringLiteral("c"), Delivery::Delivered, 7, t);
    QCOMPARE(moved.size(), 2); // from after 8 to before it
    QCOMPARE(moved.at(1).at(1).toInt(), 6);
    QCOMPARE(moved.at(1).at(4).toInt(), 5);
    QCOMPARE(seqs(model), (QList<qint64>{1, 2, 3, 4, 5, 7, 8}));
}

void tst_MessageModel::knownByEitherIdentity()
{
    MessageModel model(QStringLiteral("lobby"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addMessage(mine(QStringLiteral("u-1"), QStringLiteral("mine")));
    model.updateDelivery(QStringLiteral("u-1"), Delivery::Delivered, 5, {});
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    // Its history copy without client id: the same row.
    model.addMessage(msg(QStringLiteral("lobby"), 5, QStringLiteral("mine")));
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.messageAt(0).clientId, QStringLiteral("u-1"));
    QVERIFY(model.messageAt(0).own);
    QCOMPARE(model.messageAt(0).delivery, Delivery::Delivered);
    // Known by room+seq first, then with its client id: one row, found by the client id after.
    model.addMessage(msg(QStringLiteral("lobby"), 6, QStringLiteral("theirs")));
    model.addMessage(msg(QStringLiteral("lobby"), 6, QStringLiteral("theirs"), QStringLiteral("c-6")));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOfClientId(QStringLiteral("c-6")), 1);
    QCOMPARE(model.index(1).data(MessageModel::IdRole).toString(), QStringLiteral("c:c-6"));
    // The same seq in another room (seen through a room-less model) is another message.
    MessageModel all{QString()};
    all.addMessage(msg(QString(), 1, QStringLiteral("x")));
    QCOMPARE(all.rowCount(), 1);
}

PARLEY_TEST_GUILESS_MAIN(tst_MessageModel)
#include "tst_messagemodel.moc"
