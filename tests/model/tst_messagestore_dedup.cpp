// Tests model/messagestore.cpp, "nothing twice": a message is known by its client id or by room and
// seq, one's own message is recognised when it comes back, last seq per room, batches.

#include "messagestore.h"
#include "messagestorefixtures.h"
#include "storetestbase.h"
#include "testmain.h"

#include <QTest>

using Delivery = ChatMessage::Delivery;

class tst_MessageStoreDedup : public FreshStoreTest
{
    Q_OBJECT
private Q_SLOTS:
    void deduplicatesByClientId();
    void deduplicatesBySeqAndLearnsClientId();
    void ownMessageKnownByClientIdGetsItsSeq();
    void failedOwnMessageSeenInHistoryIsDelivered();
    void roomlessMessagesHaveNoIdentity();
    void lastSeqPerRoom();
    void batchSavesInOneGo();
    void senderIdentityKept();
};

void tst_MessageStoreDedup::senderIdentityKept()
{
    // Two people called "dana" stay two people after a restart: the id and username are stored.
    MessageStore &store = *m_store;
    ChatMessage a = received(QStringLiteral("lobby"), 1, QStringLiteral("hi"), QStringLiteral("c-a"));
    a.sender = QStringLiteral("dana");
    a.senderId = 12;
    a.senderUsername = QStringLiteral("dana");
    ChatMessage b = received(QStringLiteral("lobby"), 2, QStringLiteral("hi too"), QStringLiteral("c-b"));
    b.sender = QStringLiteral("dana");
    b.senderId = 40;
    b.senderUsername = QStringLiteral("dana2");
    QVERIFY(store.saveReceived(a));
    QVERIFY(store.saveReceived(b));
    const QList<ChatMessage> page = store.newestPage(QStringLiteral("lobby"), 10).messages;
    QCOMPARE(page.size(), 2);
    QCOMPARE(page.at(0).senderId, 12);
    QCOMPARE(page.at(0).senderUsername, QStringLiteral("dana"));
    QCOMPARE(page.at(1).senderId, 40);
    QCOMPARE(page.at(1).senderUsername, QStringLiteral("dana2"));
}

void tst_MessageStoreDedup::deduplicatesByClientId()
{
    MessageStore &store = *m_store;
    const ChatMessage m = received(QStringLiteral("lobby"), 3, QStringLiteral("hello"), QStringLiteral("c-1"));
    QVERIFY(store.saveReceived(m));
    QVERIFY(!store.saveReceived(m));
    ChatMessage noSeq = m;
    noSeq.seq = 0;
    QVERIFY(!store.saveReceived(noSeq));
    ChatMessage otherRoom = m; // a client id is unique across rooms
    otherRoom.room = QStringLiteral("elsewhere");
    otherRoom.seq = 1;
    QVERIFY(!store.saveReceived(otherRoom));
    QCOMPARE(store.messageCount(QStringLiteral("lobby")), 1);
    QCOMPARE(store.messageCount(QStringLiteral("elsewhere")), 0);
    QCOMPARE(store.newestPage(QStringLiteral("lobby"), 10).messages, QList<ChatMessage>{m});
}

void tst_MessageStoreDedup::deduplicatesBySeqAndLearnsClientId()
{
    MessageStore &store = *m_store;
    const ChatMessage bySeq = received(QStringLiteral("lobby"), 4, QStringLiteral("hello"));
    QVERIFY(store.saveReceived(bySeq));
    QVERIFY(!store.saveReceived(bySeq));
    // The same message in a history page that carries its client id: known, and learnt.
    const ChatMessage withId = received(QStringLiteral("lobby"), 4, QStringLiteral("hello"), QStringLiteral("c-4"));
    QVERIFY(!store.saveReceived(withId));
    QCOMPARE(store.newestPage(QStringLiteral("lobby"), 10).messages.at(0).clientId, QStringLiteral("c-4"));
    ChatMessage byIdOnly = withId;
    byIdOnly.seq = 0;
    QVERIFY(!store.saveReceived(byIdOnly));
    // Same seq in another room is another message.
    QVERIFY(store.saveReceived(received(QStringLiteral("other"), 4, QStringLiteral("hello"))));
    QCOMPARE(store.messageCount(QStringLiteral("lobby")), 1);
}

void tst_MessageStoreDedup::ownMessageKnownByClientIdGetsItsSeq()
{
    MessageStore &store = *m_store;
    const ChatMessage mine = outgoing(QStringLiteral("lobby"), QStringLiteral("u-1"), QStringLiteral("mine"));
    QVERIFY(store.saveOutgoing(mine));
    // ChatClient::onAcknowledged() remembers the settled copy (seq known) before updateDelivery().
    ChatMessage settled = mine;
    settled.seq = 9;
    settled.delivery = Delivery::Sent;
    QVERIFY(!store.saveReceived(settled));
    QCOMPARE(store.messageCount(QStringLiteral("lobby")), 1);
    QCOMPARE(store.lastSeq(QStringLiteral("lobby")), 9);
    QCOMPARE(store.unacknowledged().size(), 1); // still waiting for updateDelivery(Delivered)
    QCOMPARE(store.unacknowledged().at(0).seq, 9);
    // The history echo, by room+seq without the client id: known.
    QVERIFY(!store.saveReceived(received(QStringLiteral("lobby"), 9, QStringLiteral("mine"))));
    store.updateDelivery(mine.clientId, Delivery::Delivered, 9, {});
    QVERIFY(store.unacknowledged().isEmpty());
    QCOMPARE(store.messageCount(QStringLiteral("lobby")), 1);
}

void tst_MessageStoreDedup::failedOwnMessageSeenInHistoryIsDelivered()
{
    MessageStore &store = *m_store;
    const ChatMessage mine = outgoing(QStringLiteral("lobby"), QStringLiteral("u-1"), QStringLiteral("mine"));
    QVERIFY(store.saveOutgoing(mine));
    store.updateDelivery(mine.clientId, Delivery::Failed, 0, {});
    // The ack was lost, the message was not: history brings it back (ChatClient marks own ones).
    ChatMessage echo = mine;
    echo.seq = 5;
    echo.delivery = Delivery::Delivered;
    echo.time = QDateTime::fromMSecsSinceEpoch(kBaseTimeMs + 777, Qt::UTC);
    QVERIFY(!store.saveReceived(echo));
    QVERIFY(store.failed().isEmpty());
    QCOMPARE(store.newestPage(QStringLiteral("lobby"), 10).messages, QList<ChatMessage>{echo});
}

void tst_MessageStoreDedup::roomlessMessagesHaveNoIdentity()
{
    MessageStore &store = *m_store;
    const ChatMessage classic = received(QString(), 0, QStringLiteral("hi all"));
    QVERIFY(store.saveReceived(classic));
    QVERIFY(store.saveReceived(classic)); // no identity: cannot be recognised, both kept
    QCOMPARE(store.messageCount(QString()), 2);
    QVERIFY(store.saveReceived(received(QStringLiteral("lobby"), 1, QStringLiteral("in lobby"))));
    QVERIFY(store.saveReceived(received(QStringLiteral("other"), 1, QStringLiteral("in other"))));
    // Shown in every room, as MessageModel shows them.
    QCOMPARE(texts(store.newestPage(QStringLiteral("lobby"), 10).messages),
             (QStringList{QStringLiteral("in lobby"), QStringLiteral("hi all"), QStringLiteral("hi all")}));
    QCOMPARE(texts(store.newestPage(QStringLiteral("other"), 10).messages),
             (QStringList{QStringLiteral("in other"), QStringLiteral("hi all"), QStringLiteral("hi all")}));
    QCOMPARE(texts(store.newestPage(QString(), 10).messages),
             (QStringList{QStringLiteral("hi all"), QStringLiteral("hi all")}));
}

void tst_MessageStoreDedup::lastSeqPerRoom()
{
    MessageStore &store = *m_store;
    QCOMPARE(store.lastSeq(QStringLiteral("a")), 0);
    for (const qint64 seq : {3, 1, 5, 2})
        QVERIFY(store.saveReceived(received(QStringLiteral("a"), seq, QString::number(seq))));
    QVERIFY(store.saveReceived(received(QStringLiteral("b"), 40, QStringLiteral("b"))));
    QVERIFY(store.saveOutgoing(outgoing(QStringLiteral("a"), QStringLiteral("u-1"), QStringLiteral("pending"))));
    QCOMPARE(store.lastSeq(QStringLiteral("a")), 5);
    QCOMPARE(store.lastSeq(QStringLiteral("b")), 40);
    QCOMPARE(store.lastSeq(QStringLiteral("c")), 0);
}

void tst_MessageStoreDedup::batchSavesInOneGo()
{
    MessageStore &store = *m_store;
    QVERIFY(store.saveReceived(received(QStringLiteral("lobby"), 2, QStringLiteral("two"))));
    const QList<bool> fresh = store.saveReceivedBatch({
            received(QStringLiteral("lobby"), 1, QStringLiteral("one")),
            received(QStringLiteral("lobby"), 2, QStringLiteral("two")),
            received(QStringLiteral("lobby"), 3, QStringLiteral("three")),
            received(QStringLiteral("lobby"), 3, QStringLiteral("three again")),
    });
    QCOMPARE(fresh, (QList<bool>{true, false, true, false}));
    QCOMPARE(texts(store.newestPage(QStringLiteral("lobby"), 10).messages),
             (QStringList{QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three")}));
}

PARLEY_TEST_GUILESS_MAIN(tst_MessageStoreDedup)
#include "tst_messagestore_dedup.moc"
