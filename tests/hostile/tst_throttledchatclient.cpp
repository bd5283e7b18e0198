// A real ChatClient against a parley-server that throttles it (issue 11): "rate limited" with
// retryAfterMs is honoured -- the outbox waits and writes again -- and every message ends
// Delivered, none Failed, even with ackRetries 1 (a throttled write does not count as a lost one).

#include "chatclient.h"
#include "hostilefixtures.h"
#include "receivedmessages.h"
#include "testmain.h"
#include "testsettings.h"

#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTest>

using Delivery = ChatMessage::Delivery;

class tst_ThrottledChatClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void throttledMessagesAreResentAndDelivered();
    void aThrottledBurstKeepsItsOrder();
};

namespace {
int g_throttledLines = 0;
QtMessageHandler g_previousHandler = nullptr;

void countThrottled(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (message.contains(QLatin1String("throttled by the server")))
        ++g_throttledLines;
    g_previousHandler(type, context, message);
}
} // namespace

void tst_ThrottledChatClient::throttledMessagesAreResentAndDelivered()
{
    ServerSettings settings = fastHashing();
    settings.messageRate = {10, 3}; // three at once, then one every 100 ms
    auto server = startServer(settings);
    QVERIFY(server);
    // The outbox says when it defers a message (qCInfo(lcChat)); counted to prove throttling happened.
    QLoggingCategory::setFilterRules(QStringLiteral("parley.chat.info=true"));
    g_previousHandler = qInstallMessageHandler(countThrottled);

    ConnectorSettings connector = ParleyTest::fastSettings();
    connector.ackRetries = 1;
    ChatClient alice;
    alice.setSettings(connector);
    alice.setUserName(QStringLiteral("alice"));
    ChatClient bob;
    bob.setSettings(connector);
    bob.setUserName(QStringLiteral("bob"));
    ReceivedMessages received(&bob);
    QSignalSpy aliceJoined(&alice, &ChatClient::joined);
    QSignalSpy bobJoined(&bob, &ChatClient::joined);
    QSignalSpy delivery(&alice, &ChatClient::deliveryChanged);
    for (ChatClient *c : {&alice, &bob}) {
        c->joinRoom(kLobby);
        c->connectToServer(server->url());
    }
    QTRY_COMPARE(aliceJoined.size(), 1);
    QTRY_COMPARE(bobJoined.size(), 1);

    constexpr int kCount = 12;
    QStringList ids;
    for (int i = 0; i < kCount; ++i)
        ids << alice.sendMessage(kLobby, QStringLiteral("message %1").arg(i));
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), kCount, 10'000);
    qInstallMessageHandler(g_previousHandler);

    QSet<QString> delivered;
    for (const QList<QVariant> &args : std::as_const(delivery)) {
        const auto state = args.at(1).value<Delivery>();
        QVERIFY2(state != Delivery::Failed, qPrintable(args.at(0).toString()));
        if (state == Delivery::Delivered)
            delivered.insert(args.at(0).toString());
    }
    QTRY_COMPARE(delivered.size(), kCount);
    QCOMPARE(server->lastSeq(kLobby), qint64(kCount)); // each stored once
    QVERIFY2(g_throttledLines >= kCount - 3, qPrintable(QString::number(g_throttledLines)));
}

// An outbox much larger than the server's burst (as after a long time offline) is throttled many
// times over; the server stores the messages in the order they were typed, each once.
void tst_ThrottledChatClient::aThrottledBurstKeepsItsOrder()
{
    ServerSettings settings = fastHashing();
    settings.messageRate = {40, 5}; // five at once, then one every 25 ms
    settings.textRate = {4000, 400}; // and long ones count more: two kinds of refusal interleave
    auto server = startServer(settings);
    QVERIFY(server);

    ChatClient alice;
    alice.setSettings(ParleyTest::fastSettings());
    alice.setUserName(QStringLiteral("alice"));
    ChatClient bob;
    bob.setSettings(ParleyTest::fastSettings());
    bob.setUserName(QStringLiteral("bob"));
    ReceivedMessages received(&bob);
    QSignalSpy aliceJoined(&alice, &ChatClient::joined);
    QSignalSpy bobJoined(&bob, &ChatClient::joined);
    for (ChatClient *c : {&alice, &bob}) {
        c->joinRoom(kLobby);
        c->connectToServer(server->url());
    }
    QTRY_COMPARE(aliceJoined.size(), 1);
    QTRY_COMPARE(bobJoined.size(), 1);

    constexpr int kCount = 80;
    QStringList typed;
    for (int i = 0; i < kCount; ++i) {
        // Every seventh message is long: its text bucket empties while the message bucket refills.
        const QString text = QStringLiteral("message %1 ").arg(i) + QString(i % 7 == 3 ? 300 : 1, u'x');
        typed << text;
        QVERIFY(!alice.sendMessage(kLobby, text).isEmpty());
        if (i == kCount / 2) // the rest is typed while the first half is being throttled
            QTRY_VERIFY(received.size() >= 5);
    }
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), kCount, 20'000);
    QCOMPARE(server->lastSeq(kLobby), qint64(kCount)); // each stored once
    QList<ChatMessage> bySeq = received.messages();
    std::sort(bySeq.begin(), bySeq.end(),
              [](const ChatMessage &a, const ChatMessage &b) { return a.seq < b.seq; });
    QStringList stored;
    for (const ChatMessage &m : std::as_const(bySeq))
        stored << m.text;
    QCOMPARE(stored, typed);
}

PARLEY_TEST_GUILESS_MAIN(tst_ThrottledChatClient)
#include "tst_throttledchatclient.moc"
