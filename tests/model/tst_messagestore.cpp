// Tests model/messagestore.cpp, the outbox and durability: what is saved is there after a restart
// (even after SIGKILL: the child process below), delivery updates, long and unusual texts, two
// stores on one file. Opening, de-duplication and paging: tst_messagestore_{open,dedup,paging}.

#include "messagestore.h"
#include "messagestorefixtures.h"
#include "storetestbase.h"
#include "testmain.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>
#include <QTimer>

#include <chrono>
#include <cstdio>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/types.h>
#include <unistd.h>
#endif

using namespace std::chrono_literals;
using Delivery = ChatMessage::Delivery;

namespace {

//! Set in the environment of the child process of committedOutboxSurvivesSigkill(): the file it
//! saves to. The test binary re-runs itself as that child.
constexpr char kChildDbEnv[] = "PARLEY_STORE_CHILD_DB";
constexpr int kChildMessages = 200;
//! A child whose parent died without killing it quits by itself after this long.
constexpr auto kChildMaxLife = 60s;
constexpr int kChildTimeoutMs = 30000;
constexpr int kMegabyteChars = 1'000'000;

ChatMessage childMessage(int i)
{
    ChatMessage m = outgoing(QStringLiteral("lobby"), QStringLiteral("kill-%1").arg(i),
                             QStringLiteral("message %1 ✉️").arg(i), i);
    if (i % 2)
        m.delivery = Delivery::Sent;
    return m;
}

//! The child of committedOutboxSurvivesSigkill(): saves, says so, waits to be killed.
int runChild()
{
    MessageStore store;
    if (!store.open(qEnvironmentVariable(kChildDbEnv))) {
        std::fprintf(stderr, "child: %s\n", qPrintable(store.errorString()));
        return 2;
    }
    for (int i = 0; i < kChildMessages; ++i) {
        ChatMessage m = childMessage(i);
        const Delivery state = m.delivery;
        m.delivery = Delivery::Pending;
        if (!store.saveOutgoing(m))
            return 3;
        if (state != Delivery::Pending)
            store.updateDelivery(m.clientId, state, 0, {});
    }
    std::fputs("saved\n", stdout);
    std::fflush(stdout);
    QTimer::singleShot(kChildMaxLife, qApp, &QCoreApplication::quit);
    return QCoreApplication::exec();
}

//! Saves \a mine to the outbox and \a theirs as received in a store on \a path, then closes it (as
//! the app does when it quits); false when any step failed.
bool savedAndClosed(const QString &path, const ChatMessage &mine, const ChatMessage &theirs)
{
    MessageStore store;
    return store.open(path) && store.saveOutgoing(mine) && store.saveReceived(theirs);
}

} // namespace

class tst_MessageStore : public StoreFileTest
{
    Q_OBJECT
private Q_SLOTS:
    void outboxRoundTrip();
    void deliveryUpdatesStoreSeqAndTime();
    void failedStaysFailedUntilRetried();
    void restartKeepsEverything();
    void unicodeRoundTrip_data();
    void unicodeRoundTrip();
    void megabyteText();
    void twoStoresOnOneFile();
    void committedOutboxSurvivesSigkill();
};

void tst_MessageStore::outboxRoundTrip()
{
    MessageStore store;
    QVERIFY(store.open(freshPath()));
    const QList<ChatMessage> sent = {
        outgoing(QStringLiteral("a"), QStringLiteral("u-1"), QStringLiteral("first"), 1),
        outgoing(QStringLiteral("b"), QStringLiteral("u-2"), QStringLiteral("second"), 2),
        outgoing(QStringLiteral("a"), QStringLiteral("u-3"), QStringLiteral("third"), 3),
    };
    for (const ChatMessage &m : sent)
        QVERIFY(store.saveOutgoing(m));
    QCOMPARE(store.unacknowledged(), sent);
    // Saving the same message again is harmless; another message cannot take its id.
    QVERIFY(store.saveOutgoing(sent.at(0)));
    QCOMPARE(store.unacknowledged().size(), 3);
    QVERIFY(store.saveReceived(received(QStringLiteral("a"), 1, QStringLiteral("theirs"), QStringLiteral("r-1"))));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("r-1 belongs to a received message")));
    QVERIFY(!store.saveOutgoing(outgoing(QStringLiteral("a"), QStringLiteral("r-1"), QStringLiteral("clash"))));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("without a client id")));
    QVERIFY(!store.saveOutgoing(outgoing(QStringLiteral("a"), QString(), QStringLiteral("no id"))));
    // Sender and time may be unknown.
    ChatMessage bare = outgoing(QStringLiteral("a"), QStringLiteral("u-4"), QStringLiteral("bare"));
    bare.sender.clear();
    bare.time = {};
    QVERIFY(store.saveOutgoing(bare));
    QCOMPARE(store.unacknowledged().constLast(), bare);
}

void tst_MessageStore::deliveryUpdatesStoreSeqAndTime()
{
    MessageStore store;
    QVERIFY(store.open(freshPath()));
    ChatMessage m = outgoing(QStringLiteral("lobby"), QStringLiteral("u-1"), QStringLiteral("hi"));
    QVERIFY(store.saveOutgoing(m));

    store.updateDelivery(m.clientId, Delivery::Sent, 0, {});
    QCOMPARE(store.unacknowledged().size(), 1);
    QCOMPARE(store.unacknowledged().at(0).delivery, Delivery::Sent);
    QCOMPARE(store.unacknowledged().at(0).time, m.time); // an invalid time keeps the stored one

    store.updateDelivery(m.clientId, Delivery::Pending, 0, {}); // link lost: back to Pending
    QCOMPARE(store.unacknowledged().at(0).delivery, Delivery::Pending);

    const QDateTime serverTime = QDateTime::fromMSecsSinceEpoch(kBaseTimeMs + 5555, Qt::UTC);
    store.updateDelivery(m.clientId, Delivery::Delivered, 7, serverTime);
    QVERIFY(store.unacknowledged().isEmpty());
    QCOMPARE(store.lastSeq(QStringLiteral("lobby")), 7);
    const MessageStore::Page page = store.newestPage(QStringLiteral("lobby"), 10);
    QCOMPARE(page.messages.size(), 1);
    m.seq = 7;
    m.time = serverTime;
    m.delivery = Delivery::Delivered;
    QCOMPARE(page.messages.at(0), m);
    // Unknown ids are ignored.
    store.updateDelivery(QStringLiteral("nope"), Delivery::Delivered, 8, serverTime);
    QCOMPARE(store.lastSeq(QStringLiteral("lobby")), 7);
}

void tst_MessageStore::failedStaysFailedUntilRetried()
{
    const QString path = freshPath();
    {
        MessageStore store;
        QVERIFY(store.open(path));
        QVERIFY(store.saveOutgoing(outgoing(QStringLiteral("a"), QStringLiteral("u-1"), QStringLiteral("one"))));
        QVERIFY(store.saveOutgoing(outgoing(QStringLiteral("b"), QStringLiteral("u-2"), QStringLiteral("two"))));
        store.updateDelivery(QStringLiteral("u-1"), Delivery::Failed, 0, {});
        QCOMPARE(texts(store.unacknowledged()), QStringList{QStringLiteral("two")});
        QCOMPARE(texts(store.failed()), QStringList{QStringLiteral("one")});
    }
    MessageStore store;
    QVERIFY(store.open(path));
    QCOMPARE(texts(store.failed()), QStringList{QStringLiteral("one")});
    QCOMPARE(store.failed().at(0).delivery, Delivery::Failed);
    // ChatClient::retry(): back to Pending, in the outbox again (oldest first).
    store.updateDelivery(QStringLiteral("u-1"), Delivery::Pending, 0, {});
    QVERIFY(store.failed().isEmpty());
    QCOMPARE(texts(store.unacknowledged()), (QStringList{QStringLiteral("one"), QStringLiteral("two")}));
}

void tst_MessageStore::restartKeepsEverything()
{
    const QString path = freshPath();
    QList<ChatMessage> outbox;
    QList<ChatMessage> failed;
    QList<ChatMessage> page;
    {
        MessageStore store;
        QVERIFY(store.open(path));
        for (int seq = 1; seq <= 20; ++seq)
            QVERIFY(store.saveReceived(received(QStringLiteral("lobby"), seq, QStringLiteral("r%1").arg(seq))));
        for (int i = 0; i < 4; ++i)
            QVERIFY(store.saveOutgoing(outgoing(QStringLiteral("lobby"), QStringLiteral("u-%1").arg(i),
                                                QStringLiteral("o%1").arg(i), i)));
        store.updateDelivery(QStringLiteral("u-0"), Delivery::Delivered, 21, {});
        store.updateDelivery(QStringLiteral("u-1"), Delivery::Sent, 0, {});
        store.updateDelivery(QStringLiteral("u-2"), Delivery::Failed, 0, {});
        outbox = store.unacknowledged();
        failed = store.failed();
        page = store.newestPage(QStringLiteral("lobby"), 100).messages;
        QCOMPARE(texts(outbox), (QStringList{QStringLiteral("o1"), QStringLiteral("o3")}));
        QCOMPARE(page.size(), 24);
    }
    MessageStore store;
    QVERIFY(store.open(path));
    QCOMPARE(store.unacknowledged(), outbox);
    QCOMPARE(store.failed(), failed);
    QCOMPARE(store.newestPage(QStringLiteral("lobby"), 100).messages, page);
    QCOMPARE(store.lastSeq(QStringLiteral("lobby")), 21);
    QCOMPARE(store.messageCount(QStringLiteral("lobby")), 24);
    // And still de-duplicates what it knew before the restart.
    QVERIFY(!store.saveReceived(received(QStringLiteral("lobby"), 5, QStringLiteral("again"))));
}

void tst_MessageStore::unicodeRoundTrip_data()
{
    QTest::addColumn<QString>("text");
    QTest::addRow("emoji") << QStringLiteral("hello 👋🏽 world 🌍 family 👨‍👩‍👧‍👦 flag 🇫🇷");
    QTest::addRow("combining") << QStringLiteral("e\u0301 a\u0308 n\u0303 ǅ");
    QTest::addRow("rtl") << QStringLiteral("مرحبا بالعالم עברית");
    QTest::addRow("cjk") << QStringLiteral("你好，世界 こんにちは 안녕하세요");
    QTest::addRow("astral") << QStringLiteral("𝄞 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𐍈");
    QTest::addRow("sql-ish") << QStringLiteral("'); DROP TABLE messages; -- \" % _ \\");
    QTest::addRow("markup") << QStringLiteral("<b>not bold</b> &amp;");
    QTest::addRow("whitespace") << QStringLiteral("  line 1\n\tline 2\r\n ");
}

void tst_MessageStore::unicodeRoundTrip()
{
    QFETCH(QString, text);
    const QString path = freshPath();
    const QString room = QStringLiteral("søba-🍜");
    ChatMessage mine = outgoing(room, QStringLiteral("u-ü-1"), text);
    mine.sender = QStringLiteral("Zoë 🦊");
    ChatMessage theirs = received(room, 1, text, QStringLiteral("c-✓"));
    theirs.sender = QStringLiteral("李");
    QVERIFY(savedAndClosed(path, mine, theirs));
    MessageStore store;
    QVERIFY(store.open(path));
    QCOMPARE(store.unacknowledged(), QList<ChatMessage>{mine});
    QCOMPARE(store.newestPage(room, 10).messages, (QList<ChatMessage>{theirs, mine}));
    QCOMPARE(store.lastSeq(room), 1);
    QVERIFY(!store.saveReceived(theirs));
}

void tst_MessageStore::megabyteText()
{
    const QString path = freshPath();
    QString text;
    text.reserve(kMegabyteChars);
    const QString chunk = QStringLiteral("Nothing lost, nothing twice — ✓ 🙂 ");
    while (text.size() + chunk.size() <= kMegabyteChars)
        text += chunk;
    text += QString(kMegabyteChars - text.size(), QLatin1Char('.'));
    QCOMPARE(text.size(), kMegabyteChars);
    const ChatMessage big = outgoing(QStringLiteral("lobby"), QStringLiteral("u-big"), text);
    ChatMessage bigIn = received(QStringLiteral("lobby"), 1, text + QStringLiteral("!"));
    QVERIFY(savedAndClosed(path, big, bigIn));
    MessageStore store;
    QVERIFY(store.open(path));
    const QList<ChatMessage> outbox = store.unacknowledged();
    QCOMPARE(outbox.size(), 1);
    QCOMPARE(outbox.at(0).text.size(), kMegabyteChars);
    QVERIFY(outbox.at(0).text == text);
    const QList<ChatMessage> page = store.newestPage(QStringLiteral("lobby"), 10).messages;
    QCOMPARE(page.size(), 2);
    QVERIFY(page.at(0).text == bigIn.text);
}

void tst_MessageStore::twoStoresOnOneFile()
{
    const QString path = freshPath();
    MessageStore writer;
    MessageStore reader;
    QVERIFY(writer.open(path));
    QVERIFY(reader.open(path));
    QVERIFY(writer.saveOutgoing(outgoing(QStringLiteral("lobby"), QStringLiteral("u-1"), QStringLiteral("x"))));
    QCOMPARE(reader.unacknowledged().size(), 1);
    QVERIFY(!reader.saveReceived(received(QStringLiteral("lobby"), 0, QStringLiteral("x"), QStringLiteral("u-1"))));
    writer.close();
    QCOMPARE(reader.unacknowledged().size(), 1);
}

void tst_MessageStore::committedOutboxSurvivesSigkill()
{
    const QString path = freshPath();
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QString::fromLatin1(kChildDbEnv), path);
    child.setProcessEnvironment(env);
    QByteArray out;
    connect(&child, &QProcess::readyReadStandardOutput, this,
            [&] { out += child.readAllStandardOutput(); });
    child.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY2(child.waitForStarted(), qPrintable(child.errorString()));
    QTRY_VERIFY2_WITH_TIMEOUT(out.contains("saved\n") || child.state() == QProcess::NotRunning,
                              "the child never said it saved", kChildTimeoutMs);
    QVERIFY2(out.contains("saved\n"), child.readAllStandardError().constData());

#ifdef Q_OS_UNIX
    QCOMPARE(::kill(pid_t(child.processId()), SIGKILL), 0);
#else
    child.kill();
#endif
    QVERIFY(child.waitForFinished(kChildTimeoutMs));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);

    // Nothing closed or checkpointed the file: the messages are in the WAL only.
    const QFileInfo wal(path + QStringLiteral("-wal"));
    QVERIFY(wal.exists());
    QVERIFY(wal.size() > 0);

    MessageStore store;
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    const QList<ChatMessage> outbox = store.unacknowledged();
    QCOMPARE(outbox.size(), kChildMessages);
    for (int i = 0; i < kChildMessages; ++i)
        QCOMPARE(outbox.at(i), childMessage(i));
}

int main(int argc, char *argv[])
{
    ParleyTest::initTestEnvironment(); // the child too: it opens only the path it is given
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsSet(kChildDbEnv))
        return runChild();
    tst_MessageStore test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_messagestore.moc"
