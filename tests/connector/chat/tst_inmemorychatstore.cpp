// InMemoryChatStore: the store-less client's outbox, watermarks and de-duplication.
#include "inmemorychatstore.h"
#include "testmain.h"

#include <QTest>

using Delivery = ChatMessage::Delivery;

namespace {
ChatMessage message(const QString &clientId, const QString &room, qint64 seq)
{
    ChatMessage m;
    m.clientId = clientId;
    m.room = room;
    m.seq = seq;
    m.text = QStringLiteral("t");
    return m;
}
} // namespace

class tst_InMemoryChatStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void duplicates_data();
    void duplicates();
    void outboxLifecycle();
    void watermarkAndLastSeq();
    void boundedIdentities_data();
    void boundedIdentities();
    void roomsBounded();
    void laterChangesAreRememberedBounded();
};

void tst_InMemoryChatStore::duplicates_data()
{
    QTest::addColumn<QList<ChatMessage>>("before");
    QTest::addColumn<ChatMessage>("incoming");
    QTest::addColumn<bool>("fresh");
    const QString r = QStringLiteral("r");
    QTest::newRow("first") << QList<ChatMessage>{} << message(QStringLiteral("a"), r, 1) << true;
    QTest::newRow("same client id") << QList<ChatMessage>{message(QStringLiteral("a"), r, 1)} << message(QStringLiteral("a"), r, 1) << false;
    QTest::newRow("live then history (same room+seq)") << QList<ChatMessage>{message(QStringLiteral("a"), r, 7)} << message(QString(), r, 7) << false;
    QTest::newRow("same seq, other room") << QList<ChatMessage>{message(QStringLiteral("a"), r, 7)} << message(QStringLiteral("b"), QStringLiteral("s"), 7) << true;
    QTest::newRow("no identity (classic)") << QList<ChatMessage>{message(QString(), QString(), 0)} << message(QString(), QString(), 0) << true;
}

void tst_InMemoryChatStore::duplicates()
{
    QFETCH(QList<ChatMessage>, before);
    QFETCH(ChatMessage, incoming);
    QFETCH(bool, fresh);
    InMemoryChatStore store;
    for (const ChatMessage &m : before)
        QVERIFY(store.saveReceived(m));
    QCOMPARE(store.saveReceived(incoming), fresh);
}

void tst_InMemoryChatStore::outboxLifecycle()
{
    InMemoryChatStore store;
    ChatMessage own = message(QStringLiteral("mine"), QStringLiteral("r"), 0);
    own.own = true;
    own.delivery = Delivery::Pending;
    QVERIFY(store.saveOutgoing(own));
    QCOMPARE(store.unacknowledged().size(), 1);
    store.updateDelivery(own.clientId, Delivery::Failed, 0, {});
    QCOMPARE(store.unacknowledged().size(), 0);
    QCOMPARE(store.failed().size(), 1);
    store.updateDelivery(own.clientId, Delivery::Delivered, 12, QDateTime::currentDateTimeUtc());
    QCOMPARE(store.failed().size(), 0); // settled: only its identity is kept
    QCOMPARE(store.lastSeq(QStringLiteral("r")), 12);
    QVERIFY(!store.saveReceived(message(QString(), QStringLiteral("r"), 12))); // its history echo
}

void tst_InMemoryChatStore::watermarkAndLastSeq()
{
    InMemoryChatStore store;
    QCOMPARE(store.syncedSeq(QStringLiteral("r")), 0);
    store.setSyncedSeq(QStringLiteral("r"), 4);
    QCOMPARE(store.syncedSeq(QStringLiteral("r")), 4);
    QVERIFY(store.saveReceived(message(QStringLiteral("x"), QStringLiteral("r"), 9)));
    QCOMPARE(store.lastSeq(QStringLiteral("r")), 9);
    QCOMPARE(store.lastSeq(QStringLiteral("other")), 0);
}

void tst_InMemoryChatStore::boundedIdentities_data()
{
    QTest::addColumn<int>("maxKnown");
    QTest::addColumn<int>("received"); // messages c0…c<n-1> in room r, seqs 1…n
    QTest::addColumn<ChatMessage>("again");
    QTest::addColumn<bool>("fresh");
    const QString r = QStringLiteral("r");
    QTest::newRow("resend of the newest") << 10 << 1000 << message(QStringLiteral("c999"), r, 1000) << false;
    QTest::newRow("history echo of the newest (room+seq)") << 10 << 1000 << message(QString(), r, 1000) << false;
    // Each message leaves two identities (client id and room+seq): a bound of 10 keeps the last 5.
    QTest::newRow("resend inside the window") << 10 << 1000 << message(QStringLiteral("c995"), r, 996) << false;
    QTest::newRow("resend long after: forgotten") << 10 << 1000 << message(QStringLiteral("c0"), r, 1) << true;
    QTest::newRow("default bound keeps 1000 of 1000") << int(InMemoryChatStore::kMaxKnownIds) << 1000
                                                     << message(QStringLiteral("c0"), r, 1) << false;
}

void tst_InMemoryChatStore::boundedIdentities()
{
    QFETCH(int, maxKnown);
    QFETCH(int, received);
    QFETCH(ChatMessage, again);
    QFETCH(bool, fresh);
    InMemoryChatStore store(maxKnown);
    for (int i = 0; i < received; ++i)
        QVERIFY(store.saveReceived(message(QStringLiteral("c%1").arg(i), QStringLiteral("r"), i + 1)));
    QVERIFY(store.knownCount() <= maxKnown);
    QCOMPARE(store.saveReceived(again), fresh);
    QCOMPARE(store.lastSeq(QStringLiteral("r")), received); // the room's seqs are kept regardless
}

void tst_InMemoryChatStore::roomsBounded()
{
    InMemoryChatStore store;
    for (qsizetype i = 0; i < InMemoryChatStore::kMaxRooms + 10; ++i)
        store.saveReceived(message(QString(), QStringLiteral("room%1").arg(i), 3));
    QCOMPARE(store.lastSeq(QStringLiteral("room0")), 3);
    QCOMPARE(store.lastSeq(QStringLiteral("room%1").arg(InMemoryChatStore::kMaxRooms + 5)), 0); // not kept
    store.setSyncedSeq(QStringLiteral("room0"), 3); // a known room still moves
    QCOMPARE(store.syncedSeq(QStringLiteral("room0")), 3);
}

void tst_InMemoryChatStore::laterChangesAreRememberedBounded()
{
    // A reaction on (seq 10) is old news once its "off" (seq 12) was seen; another person's, or
    // another emoji, is not. At most maxKnown subjects are remembered, the oldest forgotten first.
    InMemoryChatStore store(3);
    const auto reaction = [](qint64 seq, qint64 by, const QString &emoji) {
        ChatMessage c = message(QStringLiteral("r%1").arg(seq), QStringLiteral("lobby"), seq);
        c.kind = ChatMessage::Kind::React;
        c.target = 1;
        c.senderId = by;
        c.text = emoji;
        return c;
    };
    QVERIFY(store.saveReceived(reaction(12, 7, QStringLiteral("👍"))));
    QVERIFY(store.isSuperseded(reaction(10, 7, QStringLiteral("👍"))));
    QVERIFY(!store.isSuperseded(reaction(12, 7, QStringLiteral("👍")))); // itself
    QVERIFY(!store.isSuperseded(reaction(10, 8, QStringLiteral("👍"))));
    QVERIFY(!store.isSuperseded(reaction(10, 7, QStringLiteral("🎉"))));
    for (qint64 by = 20; by < 23; ++by) // three more subjects: the first is forgotten
        QVERIFY(store.saveReceived(reaction(30 + by, by, QStringLiteral("👍"))));
    QVERIFY(!store.isSuperseded(reaction(10, 7, QStringLiteral("👍"))));
    QVERIFY(store.isSuperseded(reaction(40, 22, QStringLiteral("👍"))));
}

PARLEY_TEST_GUILESS_MAIN(tst_InMemoryChatStore)
#include "tst_inmemorychatstore.moc"
