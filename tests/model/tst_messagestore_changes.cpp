// MessageStore with conversations: edits, deletes and reactions change their target's row (and a
// delete removes the text from every row of the file), change rows never show as messages, one's
// own changes wait in the outbox like messages, and a change whose target is not stored waits for
// nothing (the target comes in its current state).
#include "messagestorefixtures.h"
#include "storetestbase.h"
#include "testmain.h"

#include <QTest>

using Kind = ChatMessage::Kind;
using Delivery = ChatMessage::Delivery;

namespace {
const QString kLobby = QStringLiteral("lobby");

ChatMessage changeOf(Kind kind, qint64 seq, qint64 target, const QString &text = {}, qint64 by = 5, bool on = true)
{
    ChatMessage c = received(kLobby, seq, text, QStringLiteral("change-%1").arg(seq));
    c.kind = kind;
    c.target = target;
    c.senderId = by;
    c.reactionOn = on;
    return c;
}
} // namespace

class tst_MessageStoreChanges : public FreshStoreTest
{
    Q_OBJECT
private Q_SLOTS:
    void editDeleteReactChangeTheRow();
    void deleteRemovesTheTextFromEveryRow();
    void ownChangeWaitsInTheOutboxAndAppliesOnAck();
    void changeOfAMessageNotStoredIsKeptForItsSeqOnly();
    void changesBeforeTheAckApplyWhenTheOwnMessageGetsItsSeq();
    void aChangeLearntLateDoesNotUndoALaterOne();
    void stateSurvivesReopening();
};

void tst_MessageStoreChanges::editDeleteReactChangeTheRow()
{
    MessageStore &store = *m_store;
    QVERIFY(store.saveReceived(received(kLobby, 1, QStringLiteral("first"))));
    QVERIFY(store.saveReceived(received(kLobby, 2, QStringLiteral("second"))));
    QVERIFY(store.saveReceived(changeOf(Kind::Edit, 3, 1, QStringLiteral("first, edited"))));
    QVERIFY(store.saveReceived(changeOf(Kind::React, 4, 2, QStringLiteral("👍"), 5)));
    QVERIFY(store.saveReceived(changeOf(Kind::React, 5, 2, QStringLiteral("👍"), 6)));
    const QList<ChatMessage> page = store.newestPage(kLobby, 10).messages;
    QCOMPARE(texts(page), (QStringList{QStringLiteral("first, edited"), QStringLiteral("second")}));
    QVERIFY(page.at(0).edited.isValid());
    QCOMPARE(page.at(1).reactions.size(), 1);
    QCOMPARE(page.at(1).reactions.first().count, 2);
    QCOMPARE(store.messageCount(kLobby), qint64(2)); // change rows are not messages
    QCOMPARE(store.lastSeq(kLobby), qint64(5));      // but their seqs are known
    // A change seen twice (catch-up after a live copy) is stored once and applied once.
    QVERIFY(!store.saveReceived(changeOf(Kind::React, 5, 2, QStringLiteral("👍"), 6)));
    QCOMPARE(store.newestPage(kLobby, 10).messages.at(1).reactions.first().count, 2);
}

void tst_MessageStoreChanges::deleteRemovesTheTextFromEveryRow()
{
    MessageStore &store = *m_store;
    QVERIFY(store.saveReceived(received(kLobby, 1, QStringLiteral("my secret v1"))));
    QVERIFY(store.saveReceived(changeOf(Kind::Edit, 2, 1, QStringLiteral("my secret v2"))));
    QVERIFY(store.saveReceived(changeOf(Kind::Delete, 3, 1)));
    const ChatMessage shown = store.newestPage(kLobby, 10).messages.value(0);
    QVERIFY(shown.deleted);
    QCOMPARE(shown.text, QString());
    // An edit arriving late (a catch-up page) does not bring it back.
    QVERIFY(store.saveReceived(changeOf(Kind::Edit, 4, 1, QStringLiteral("my secret v3"))));
    QVERIFY(store.newestPage(kLobby, 10).messages.value(0).deleted);
    const QString path = store.path();
    store.close();
    Inspector file(path);
    QCOMPARE(file.value(QStringLiteral("SELECT COUNT(*) FROM messages WHERE text LIKE '%secret v1%'"
                                       " OR text LIKE '%secret v2%'")).toInt(), 0);
}

void tst_MessageStoreChanges::ownChangeWaitsInTheOutboxAndAppliesOnAck()
{
    MessageStore &store = *m_store;
    QVERIFY(store.saveReceived(received(kLobby, 1, QStringLiteral("typo"))));
    ChatMessage edit = outgoing(kLobby, QStringLiteral("my-edit"), QStringLiteral("fixed"));
    edit.kind = Kind::Edit;
    edit.target = 1;
    QVERIFY(store.saveOutgoing(edit));
    const QList<ChatMessage> waiting = store.unacknowledged();
    QCOMPARE(waiting.size(), 1);
    QCOMPARE(waiting.first().kind, Kind::Edit);
    QCOMPARE(waiting.first().target, qint64(1));
    QCOMPARE(texts(store.newestPage(kLobby, 10).messages), QStringList{QStringLiteral("typo")});
    // Acknowledged (ChatClient stores the settled change): applied, out of the outbox.
    store.updateDelivery(edit.clientId, Delivery::Delivered, 2, QDateTime::currentDateTimeUtc());
    edit.seq = 2;
    edit.delivery = Delivery::Delivered;
    store.saveReceived(edit);
    QCOMPARE(texts(store.newestPage(kLobby, 10).messages), QStringList{QStringLiteral("fixed")});
    QVERIFY(store.unacknowledged().isEmpty());
}

void tst_MessageStoreChanges::changeOfAMessageNotStoredIsKeptForItsSeqOnly()
{
    MessageStore &store = *m_store;
    QVERIFY(store.saveReceived(changeOf(Kind::Edit, 50, 7, QStringLiteral("of a message paged in later"))));
    QCOMPARE(store.messageCount(kLobby), qint64(0));
    QCOMPARE(store.lastSeq(kLobby), qint64(50));
    QVERIFY(store.newestPage(kLobby, 10).messages.isEmpty());
}

void tst_MessageStoreChanges::changesBeforeTheAckApplyWhenTheOwnMessageGetsItsSeq()
{
    // The link was cut after sending; others got the broadcast and reacted before our ack came.
    MessageStore &store = *m_store;
    const auto reactionsOf = [&store](int row) {
        return store.newestPage(kLobby, 10).messages.value(row).reactions;
    };
    QVERIFY(store.saveOutgoing(outgoing(kLobby, QStringLiteral("u-1"), QStringLiteral("mine"))));
    QVERIFY(store.saveReceived(changeOf(Kind::React, 2, 1, QStringLiteral("👍"), 6)));
    QVERIFY(store.saveReceived(changeOf(Kind::React, 3, 1, QStringLiteral("🎉"), 7)));
    QVERIFY(store.saveReceived(changeOf(Kind::React, 4, 1, QStringLiteral("🎉"), 7, false)));
    QVERIFY(reactionsOf(0).isEmpty());
    // The ack: the message gets seq 1, and the changes stored for (lobby, 1) apply, in seq order.
    store.updateDelivery(QStringLiteral("u-1"), Delivery::Delivered, 1, QDateTime::currentDateTimeUtc());
    QCOMPARE(reactionsOf(0).size(), 1);
    QCOMPARE(reactionsOf(0).value(0).emoji, QStringLiteral("👍"));
    QCOMPARE(reactionsOf(0).value(0).users, QList<qint64>{6});
    // The same ack again (a resend answered twice) applies nothing twice.
    store.updateDelivery(QStringLiteral("u-1"), Delivery::Delivered, 1, QDateTime::currentDateTimeUtc());
    QCOMPARE(reactionsOf(0).value(0).count, 1);

    // The seq may come with the message's copy (a catch-up page) before the ack does.
    QVERIFY(store.saveOutgoing(outgoing(kLobby, QStringLiteral("u-2"), QStringLiteral("mine too"), 1)));
    QVERIFY(store.saveReceived(changeOf(Kind::React, 6, 5, QStringLiteral("❤"), 8)));
    ChatMessage copy = received(kLobby, 5, QStringLiteral("mine too"), QStringLiteral("u-2"));
    copy.own = true;
    copy.delivery = Delivery::Delivered;
    QVERIFY(!store.saveReceived(copy)); // known by its client id: not new
    const QList<ChatMessage> page = store.newestPage(kLobby, 10).messages;
    QCOMPARE(page.size(), 2);
    QCOMPARE(page.at(1).seq, qint64(5));
    QCOMPARE(page.at(1).reactions.value(0).emoji, QStringLiteral("❤"));
    QCOMPARE(page.at(1).reactions.value(0).count, 1);
    store.updateDelivery(QStringLiteral("u-2"), Delivery::Delivered, 5, QDateTime::currentDateTimeUtc());
    QCOMPARE(reactionsOf(1).value(0).count, 1);
}

void tst_MessageStoreChanges::aChangeLearntLateDoesNotUndoALaterOne()
{
    MessageStore &store = *m_store;
    QVERIFY(store.saveReceived(received(kLobby, 1, QStringLiteral("theirs"))));
    const auto shown = [&store] { return store.newestPage(kLobby, 10).messages.value(0); };
    // One's own reaction given up on (no ack in time), then taken back, and that acknowledged...
    ChatMessage on = outgoing(kLobby, QStringLiteral("r-on"), QStringLiteral("❤"));
    on.kind = Kind::React;
    on.target = 1;
    on.senderId = 9;
    on.reactionOn = true;
    QVERIFY(store.saveOutgoing(on));
    store.updateDelivery(on.clientId, Delivery::Failed, 0, {});
    ChatMessage off = on;
    off.clientId = QStringLiteral("r-off");
    off.reactionOn = false;
    QVERIFY(store.saveOutgoing(off));
    store.updateDelivery(off.clientId, Delivery::Delivered, 3, {});
    off.seq = 3;
    off.delivery = Delivery::Delivered;
    store.saveReceived(off);
    QVERIFY(shown().reactions.isEmpty());
    // ...then the first one seen in history after all (seq 2): taken back is what stays.
    on.seq = 2;
    on.delivery = Delivery::Delivered;
    store.saveReceived(on);
    QVERIFY(shown().reactions.isEmpty());
    // Someone else's reaction with the same emoji is another thing: it counts.
    QVERIFY(store.saveReceived(changeOf(Kind::React, 4, 1, QStringLiteral("❤"), 5)));
    QCOMPARE(shown().reactions.value(0).users, QList<qint64>{5});

    // An edit from a catch-up page, after a later one came live: the later text stays.
    QVERIFY(store.saveReceived(changeOf(Kind::Edit, 6, 1, QStringLiteral("theirs, v3"))));
    QVERIFY(store.saveReceived(changeOf(Kind::Edit, 5, 1, QStringLiteral("theirs, v2"))));
    QCOMPARE(shown().text, QStringLiteral("theirs, v3"));
}

void tst_MessageStoreChanges::stateSurvivesReopening()
{
    const QString path = m_store->path();
    QVERIFY(m_store->saveReceived(received(kLobby, 1, QStringLiteral("hello"))));
    ChatMessage reply = received(kLobby, 2, QStringLiteral("hi back"));
    reply.replyTo = 1;
    QVERIFY(m_store->saveReceived(reply));
    QVERIFY(m_store->saveReceived(changeOf(Kind::React, 3, 1, QStringLiteral("🎉"), 9)));
    m_store.reset();
    MessageStore again;
    QVERIFY(again.open(path));
    const QList<ChatMessage> page = again.newestPage(kLobby, 10).messages;
    QCOMPARE(page.size(), 2);
    QCOMPARE(page.at(1).replyTo, qint64(1));
    QCOMPARE(page.at(0).reactions.value(0).emoji, QStringLiteral("🎉"));
    QCOMPARE(page.at(0).reactions.value(0).users, QList<qint64>{9});
}

PARLEY_TEST_GUILESS_MAIN(tst_MessageStoreChanges)
#include "tst_messagestore_changes.moc"
