// Tests model/messagestore.cpp, pages of a room's history as the model reads them: order, page
// boundaries, own messages without a seq at the end, the text budget of a page.

#include "messagestore.h"
#include "messagestorefixtures.h"
#include "storetestbase.h"
#include "testmain.h"

#include <QTest>

using Delivery = ChatMessage::Delivery;

class tst_MessageStorePaging : public FreshStoreTest
{
    Q_OBJECT
private Q_SLOTS:
    void pagingOrderAndBoundaries_data();
    void pagingOrderAndBoundaries();
    void pagingOnEmptyRoom();
    void deliveredMessageMovesIntoSequence();
    void pageStopsAtTextBudget();
};

void tst_MessageStorePaging::pagingOrderAndBoundaries_data()
{
    QTest::addColumn<int>("limit");
    for (const int limit : {1, 2, 3, 5, 7, 13, 14, 15, 200})
        QTest::addRow("limit %d", limit) << limit;
}

void tst_MessageStorePaging::pagingOrderAndBoundaries()
{
    QFETCH(int, limit);
    MessageStore &store = *m_store;
    const QString lobby = QStringLiteral("lobby");
    // Received out of order (a gap filled later), others' rooms and own messages in between.
    QList<qint64> seqs{4, 5, 6, 1, 2, 3, 9, 10, 7, 8};
    for (const qint64 seq : seqs)
        QVERIFY(store.saveReceived(received(lobby, seq, QStringLiteral("s%1").arg(seq))));
    QVERIFY(store.saveReceived(received(QStringLiteral("other"), 3, QStringLiteral("other room"))));
    QVERIFY(store.saveOutgoing(outgoing(lobby, QStringLiteral("p1"), QStringLiteral("pending 1"))));
    QVERIFY(store.saveReceived(received(QString(), 0, QStringLiteral("classic"))));
    QVERIFY(store.saveOutgoing(outgoing(lobby, QStringLiteral("f1"), QStringLiteral("failed 1"))));
    store.updateDelivery(QStringLiteral("f1"), Delivery::Failed, 0, {});
    QVERIFY(store.saveReceived(received(lobby, 11, QStringLiteral("s11"))));
    QVERIFY(store.saveOutgoing(outgoing(lobby, QStringLiteral("p2"), QStringLiteral("pending 2"))));
    QVERIFY(store.saveOutgoing(outgoing(QStringLiteral("other"), QStringLiteral("p3"), QStringLiteral("other pending"))));

    QStringList expected;
    for (int seq = 1; seq <= 11; ++seq)
        expected << QStringLiteral("s%1").arg(seq);
    expected << QStringLiteral("pending 1") << QStringLiteral("classic") << QStringLiteral("failed 1")
             << QStringLiteral("pending 2");
    QCOMPARE(expected.size(), 15);

    // Walk back from the newest page to the start, as the model does.
    QStringList walked;
    MessageStore::Page page = store.newestPage(lobby, limit);
    int pages = 1;
    while (true) {
        QVERIFY(!page.messages.isEmpty());
        QVERIFY(page.messages.size() <= limit);
        walked = texts(page.messages) + walked;
        const qsizetype remaining = expected.size() - walked.size();
        QCOMPARE(page.hasMore, remaining > 0);
        if (remaining > 0)
            QCOMPARE(page.messages.size(), limit); // only the last page may be short
        QCOMPARE(page.oldest.seq, page.messages.first().seq);
        if (!page.hasMore)
            break;
        page = store.pageBefore(lobby, page.oldest, limit);
        ++pages;
    }
    QCOMPARE(walked, expected);
    QCOMPARE(pages, int((expected.size() + limit - 1) / limit));
    // Past the start: nothing.
    const MessageStore::Page beyond = store.pageBefore(lobby, page.oldest, limit);
    QVERIFY(beyond.messages.isEmpty());
    QVERIFY(!beyond.hasMore);
}

void tst_MessageStorePaging::pagingOnEmptyRoom()
{
    MessageStore &store = *m_store;
    QVERIFY(store.saveReceived(received(QStringLiteral("other"), 1, QStringLiteral("x"))));
    const MessageStore::Page page = store.newestPage(QStringLiteral("lobby"), 10);
    QVERIFY(page.messages.isEmpty());
    QVERIFY(!page.hasMore);
    QVERIFY(store.newestPage(QStringLiteral("other"), 0).messages.isEmpty());
    QVERIFY(store.pageBefore(QStringLiteral("other"), {1, 1}, 10).messages.isEmpty());
}

void tst_MessageStorePaging::deliveredMessageMovesIntoSequence()
{
    MessageStore &store = *m_store;
    const QString lobby = QStringLiteral("lobby");
    QVERIFY(store.saveReceived(received(lobby, 1, QStringLiteral("s1"))));
    QVERIFY(store.saveOutgoing(outgoing(lobby, QStringLiteral("a"), QStringLiteral("mine a"))));
    QVERIFY(store.saveOutgoing(outgoing(lobby, QStringLiteral("b"), QStringLiteral("mine b"))));
    QVERIFY(store.saveReceived(received(lobby, 2, QStringLiteral("s2"))));
    QCOMPARE(texts(store.newestPage(lobby, 10).messages),
             (QStringList{QStringLiteral("s1"), QStringLiteral("s2"), QStringLiteral("mine a"),
                          QStringLiteral("mine b")}));
    store.updateDelivery(QStringLiteral("b"), Delivery::Delivered, 3, {});
    QCOMPARE(texts(store.newestPage(lobby, 10).messages),
             (QStringList{QStringLiteral("s1"), QStringLiteral("s2"), QStringLiteral("mine b"),
                          QStringLiteral("mine a")}));
    // The page boundary in the middle of the rows with a seq.
    const MessageStore::Page newest = store.newestPage(lobby, 2);
    QCOMPARE(texts(newest.messages), (QStringList{QStringLiteral("mine b"), QStringLiteral("mine a")}));
    QCOMPARE(texts(store.pageBefore(lobby, newest.oldest, 2).messages),
             (QStringList{QStringLiteral("s1"), QStringLiteral("s2")}));
}

void tst_MessageStorePaging::pageStopsAtTextBudget()
{
    MessageStore &store = *m_store;
    const QString lobby = QStringLiteral("lobby");
    const qsizetype third = MessageStore::kPageTextChars / 3;
    for (qint64 seq = 1; seq <= 5; ++seq)
        QVERIFY(store.saveReceived(received(lobby, seq, QString(third, QLatin1Char(char('a' + seq))))));
    MessageStore::Page page = store.newestPage(lobby, MessageStore::kPageTextChars);
    QCOMPARE(page.messages.size(), 3); // a fourth would pass the budget
    QCOMPARE(page.messages.first().seq, 3);
    QVERIFY(page.hasMore);
    page = store.pageBefore(lobby, page.oldest, 200);
    QCOMPARE(page.messages.size(), 2);
    QCOMPARE(page.messages.first().seq, 1);
    QVERIFY(!page.hasMore);
    // One message over the budget still makes a page.
    QVERIFY(store.saveReceived(received(lobby, 6, QString(MessageStore::kPageTextChars + 1, QLatin1Char('z')))));
    page = store.newestPage(lobby, 200);
    QCOMPARE(page.messages.size(), 1);
    QCOMPARE(page.messages.first().seq, 6);
    QVERIFY(page.hasMore);
}

PARLEY_TEST_GUILESS_MAIN(tst_MessageStorePaging)
#include "tst_messagestore_paging.moc"
