// Read receipts end to end: ChatClient (ReadTracker, ReadReceipts, ParleyProtocol) against a real
// in-process parley-server. markRead() sends at most one "read" per readReceiptInterval per room
// (counted where the server handles them), others' receipts arrive live and in join answers, one's
// own from another device move the read position, a read lost with the link is sent again, and
// "privacy" off hides receipts both ways.
#include "chatclient.h"
#include "logging.h"
#include "parleyserver.h"
#include "receivedmessages.h"
#include "signedinclient.h"
#include "testmain.h"

#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

#include <atomic>
#include <memory>

namespace {

const QString kLobby = QStringLiteral("lobby");
std::atomic<int> g_serverReads{0};
QtMessageHandler g_previous = nullptr;
QLoggingCategory::CategoryFilter g_previousFilter = nullptr;

//! The usual rules (QT_LOGGING_RULES included), with parley.server's debug lines on: they count.
void serverDebugOn(QLoggingCategory *category)
{
    g_previousFilter(category);
    if (qstrcmp(category->categoryName(), "parley.server") == 0)
        category->setEnabled(QtDebugMsg, true);
}

//! Counts the "read" events parley-server handled (its debug line for each), passes the rest on.
void countReads(QtMsgType type, const QMessageLogContext &context, const QString &text)
{
    if (type == QtDebugMsg && qstrcmp(context.category, "parley.server") == 0) {
        if (text.contains(QLatin1String("] read ")))
            ++g_serverReads;
        return;
    }
    g_previous(type, context, text);
}

} // namespace

class tst_ChatClientReceipts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();
    void markReadIsThrottledAndReachesOthers();
    void ownReceiptsFromAnotherDeviceMoveTheReadPosition();
    void aReadLostWithTheLinkIsSentAgain();
    void privacyOffHidesReceiptsBothWays();

private:
    std::unique_ptr<ChatClient> signedIn(const QString &username);
    //! Posts \a count messages from \a client and waits until \a reader has the last one.
    bool post(ChatClient &client, int count, ChatClient &reader);
    std::unique_ptr<ParleyServer> m_server;
};

void tst_ChatClientReceipts::initTestCase()
{
    g_previousFilter = QLoggingCategory::installFilter(serverDebugOn);
    g_previous = qInstallMessageHandler(countReads);
}

void tst_ChatClientReceipts::cleanupTestCase()
{
    qInstallMessageHandler(g_previous);
    QLoggingCategory::installFilter(g_previousFilter);
}

void tst_ChatClientReceipts::init()
{
    ServerSettings settings;
    settings.guests = false;
    settings.membersAnnounceDelay = std::chrono::milliseconds(10);
    m_server = std::make_unique<ParleyServer>(settings);
    QVERIFY2(m_server->listen(QHostAddress::LocalHost, 0), qPrintable(m_server->errorString()));
    g_serverReads = 0;
}

void tst_ChatClientReceipts::cleanup()
{
    m_server.reset();
}

std::unique_ptr<ChatClient> tst_ChatClientReceipts::signedIn(const QString &username)
{
    // As ParleyTest::signedInClient(), with a read receipt interval of its own.
    const QString token = m_server->localSignIn(username, username);
    if (token.isEmpty())
        return nullptr;
    auto client = std::make_unique<ChatClient>();
    ConnectorSettings s = ParleyTest::fastSettings();
    s.readReceiptInterval = std::chrono::milliseconds(300);
    client->setSettings(s);
    client->setSignIn(SignIn::withToken(token, QStringLiteral("test")));
    client->joinRoom(kLobby);
    client->connectToServer(m_server->url());
    QSignalSpy joined(client.get(), &ChatClient::joined);
    if (!joined.wait(10000))
        return nullptr;
    return client;
}

bool tst_ChatClientReceipts::post(ChatClient &client, int count, ChatClient &reader)
{
    ReceivedMessages heard(&reader);
    for (int i = 0; i < count; ++i)
        client.sendMessage(kLobby, QStringLiteral("m%1").arg(i + 1));
    QSignalSpy received(&reader, &ChatClient::messagesReceived);
    while (heard.size() < count) {
        if (!received.wait(10000))
            return false;
    }
    return true;
}

void tst_ChatClientReceipts::markReadIsThrottledAndReachesOthers()
{
    auto alice = signedIn(QStringLiteral("alice"));
    auto bob = signedIn(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    const qint64 bobId = bob->identity().userId;
    QVERIFY(bob->readReceipts());
    QVERIFY(post(*alice, 5, *bob));
    QSignalSpy aliceHeard(alice.get(), &ChatClient::receiptsChanged);
    QSignalSpy position(bob.get(), &ChatClient::readPositionChanged);
    for (qint64 seq = 1; seq <= 5; ++seq)
        bob->markRead(kLobby, seq);
    bob->markRead(kLobby, 2);  // backwards: nothing
    QCOMPARE(bob->readPosition(kLobby), 5);
    QCOMPARE(position.size(), 5);
    QCOMPARE(bob->readsSent(), 1);  // the first at once, the rest wait for the interval
    QTRY_COMPARE_WITH_TIMEOUT(alice->readers(kLobby, 5), QList<qint64>{bobId}, 5000);
    QVERIFY(aliceHeard.size() >= 1);
    QCOMPARE(aliceHeard.constLast().at(0).toString(), kLobby);
    QCOMPARE(alice->readers(kLobby, 1), QList<qint64>{bobId});
    QVERIFY(alice->readers(kLobby, 6).isEmpty());
    QVERIFY(bob->readers(kLobby, 1).isEmpty());  // not oneself
    QCOMPARE(bob->readsSent(), 2);               // 1, then the newest: 5
    QCOMPARE(g_serverReads.load(), 2);
    // Somebody who comes later has it from the join answer.
    auto carol = signedIn(QStringLiteral("carol"));
    QVERIFY(carol);
    QCOMPARE(carol->readers(kLobby, 5), QList<qint64>{bobId});
}

void tst_ChatClientReceipts::ownReceiptsFromAnotherDeviceMoveTheReadPosition()
{
    auto alice = signedIn(QStringLiteral("alice"));
    auto laptop = signedIn(QStringLiteral("bob"));
    auto phone = signedIn(QStringLiteral("bob"));
    QVERIFY(alice && laptop && phone);
    QCOMPARE(laptop->identity().userId, phone->identity().userId);
    QVERIFY(post(*alice, 3, *laptop));
    QSignalSpy moved(laptop.get(), &ChatClient::readPositionChanged);
    phone->markRead(kLobby, 3);
    QVERIFY(moved.wait(5000));
    QCOMPARE(moved.constLast().at(0).toString(), kLobby);
    QCOMPARE(moved.constLast().at(1).toLongLong(), 3);
    QCOMPARE(laptop->readPosition(kLobby), 3);
    laptop->markRead(kLobby, 2);  // behind what the account has read: nothing to send
    QCOMPARE(laptop->readsSent(), 0);
}

void tst_ChatClientReceipts::aReadLostWithTheLinkIsSentAgain()
{
    auto alice = signedIn(QStringLiteral("alice"));
    auto bob = signedIn(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    QVERIFY(post(*alice, 3, *bob));
    QWebSocket *socket = bob->connector()->findChild<QWebSocket *>();
    QVERIFY(socket);
    QSignalSpy joined(bob.get(), &ChatClient::joined);
    bob->markRead(kLobby, 3);
    socket->abort();  // the link drops before the frame left: no answer will come
    QCOMPARE(bob->readsSent(), 1);
    QVERIFY(joined.wait(10000));  // reconnected by itself, joined again
    QTRY_COMPARE_WITH_TIMEOUT(bob->readsSent(), 2, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(alice->readers(kLobby, 3), QList<qint64>{bob->identity().userId}, 5000);
    QCOMPARE(g_serverReads.load(), 1);  // the resend
}

void tst_ChatClientReceipts::privacyOffHidesReceiptsBothWays()
{
    auto alice = signedIn(QStringLiteral("alice"));
    auto bob = signedIn(QStringLiteral("bob"));
    QVERIFY(alice && bob);
    QVERIFY(post(*alice, 3, *bob));
    alice->markRead(kLobby, 1);
    QTRY_COMPARE_WITH_TIMEOUT(bob->readers(kLobby, 1), QList<qint64>{alice->identity().userId}, 5000);
    QSignalSpy changed(bob.get(), &ChatClient::receiptsChanged);
    bob->setReadReceipts(false);
    QTRY_VERIFY_WITH_TIMEOUT(!bob->readReceipts(), 5000);
    QVERIFY(bob->readers(kLobby, 1).isEmpty());  // nobody's shown any more
    QVERIFY(!changed.isEmpty());
    const int sent = bob->readsSent();
    bob->markRead(kLobby, 3);  // kept locally, not sent: the server would drop it
    QCOMPARE(bob->readPosition(kLobby), 3);
    alice->markRead(kLobby, 3);
    QTRY_COMPARE_WITH_TIMEOUT(alice->readPosition(kLobby), 3, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(g_serverReads.load(), 2, 5000);  // alice's two
    QCOMPARE(bob->readsSent(), sent);
    QVERIFY(alice->readers(kLobby, 1).isEmpty());  // bob's never came
    QVERIFY(bob->readers(kLobby, 1).isEmpty());
    // Kept across a reconnect: the server says so in the sign-in.
    bob->disconnectFromServer();
    QSignalSpy signedInAgain(bob.get(), &ChatClient::signedIn);
    bob->connectToServer(m_server->url());
    QVERIFY(signedInAgain.wait(10000));
    QVERIFY(!signedInAgain.constFirst().at(0).value<Identity>().readReceipts);
}

PARLEY_TEST_GUILESS_MAIN(tst_ChatClientReceipts)
#include "tst_chatclientreceipts.moc"
