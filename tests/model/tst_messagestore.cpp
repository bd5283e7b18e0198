#include "messagestore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <cstdio>
#include <random>

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
constexpr qint64 kBaseTimeMs = 1700000000000;
constexpr int kMegabyteChars = 1'000'000;

ChatMessage outgoing(const QString &room, const QString &clientId, const QString &text,
                     qint64 timeOffsetMs = 0)
{
    ChatMessage m;
    m.clientId = clientId;
    m.room = room;
    m.sender = QStringLiteral("me");
    m.text = text;
    m.time = QDateTime::fromMSecsSinceEpoch(kBaseTimeMs + timeOffsetMs, Qt::UTC);
    m.own = true;
    m.delivery = Delivery::Pending;
    return m;
}

ChatMessage received(const QString &room, qint64 seq, const QString &text,
                     const QString &clientId = {})
{
    ChatMessage m;
    m.clientId = clientId;
    m.room = room;
    m.seq = seq;
    m.sender = QStringLiteral("bob");
    m.text = text;
    m.time = QDateTime::fromMSecsSinceEpoch(kBaseTimeMs + seq * 1000, Qt::UTC);
    return m;
}

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

QStringList texts(const QList<ChatMessage> &messages)
{
    QStringList out;
    for (const ChatMessage &m : messages)
        out << m.text;
    return out;
}

//! A second, plain connection to \a path, to look at the file from outside the store.
class Inspector
{
public:
    explicit Inspector(const QString &path)
        : m_name(QStringLiteral("inspector-%1").arg(++s_count))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        m_open = db.open();
    }
    ~Inspector() { QSqlDatabase::removeDatabase(m_name); }
    bool isOpen() const { return m_open; }
    QVariant value(const QString &sql) const
    {
        QSqlQuery q(QSqlDatabase::database(m_name));
        return q.exec(sql) && q.next() ? q.value(0) : QVariant();
    }
    QStringList column(const QString &sql) const
    {
        QStringList out;
        QSqlQuery q(QSqlDatabase::database(m_name));
        if (q.exec(sql)) {
            while (q.next())
                out << q.value(0).toString();
        }
        return out;
    }

private:
    static inline int s_count = 0;
    QString m_name;
    bool m_open = false;
};

} // namespace

class tst_MessageStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void schemaCreated();
    void newerSchemaRefused();
    void notADatabaseRefused();
    void folderAsFileRefused();
    void uncreatableFolderRefused();
    void readOnlyFileRefused_data();
    void readOnlyFileRefused();
    void closedStoreIsHarmless();
    void defaultPathIsPerServerAndUser();

    void outboxRoundTrip();
    void deliveryUpdatesStoreSeqAndTime();
    void failedStaysFailedUntilRetried();
    void restartKeepsEverything();
    void deduplicatesByClientId();
    void deduplicatesBySeqAndLearnsClientId();
    void ownMessageKnownByClientIdGetsItsSeq();
    void failedOwnMessageSeenInHistoryIsDelivered();
    void roomlessMessagesHaveNoIdentity();
    void lastSeqPerRoom();
    void batchSavesInOneGo();
    void pagingOrderAndBoundaries_data();
    void pagingOrderAndBoundaries();
    void pagingOnEmptyRoom();
    void deliveredMessageMovesIntoSequence();
    void unicodeRoundTrip_data();
    void unicodeRoundTrip();
    void megabyteText();
    void pageStopsAtTextBudget();
    void twoStoresOnOneFile();
    void committedOutboxSurvivesSigkill();

private:
    QString freshPath();

    QTemporaryDir m_dir;
    int m_files = 0;
};

void tst_MessageStore::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

QString tst_MessageStore::freshPath()
{
    return m_dir.filePath(QStringLiteral("store-%1/history.sqlite").arg(++m_files));
}

void tst_MessageStore::schemaCreated()
{
    const QString path = freshPath();
    MessageStore store;
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    QVERIFY(store.isOpen());
    QVERIFY(store.errorString().isEmpty());
    QCOMPARE(store.path(), path);
    QCOMPARE(store.journalMode(), QStringLiteral("wal"));
    QVERIFY(QFileInfo::exists(path));

    Inspector file(path);
    QVERIFY(file.isOpen());
    QCOMPARE(file.value(QStringLiteral("PRAGMA user_version")).toInt(), MessageStore::kSchemaVersion);
    QCOMPARE(file.value(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    const QStringList indexes = file.column(QStringLiteral(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages' ORDER BY name"));
    QCOMPARE(indexes,
             (QStringList{QStringLiteral("messages_client_id"), QStringLiteral("messages_own"),
                          QStringLiteral("messages_room_seq"), QStringLiteral("messages_unsequenced")}));
    const QString columns = file.column(QStringLiteral("SELECT name FROM pragma_table_info('messages')"))
                                    .join(QLatin1Char(','));
    QCOMPARE(columns, QStringLiteral("id,client_id,room,seq,sender,text,time_ms,own,delivery"));

    // Opening again is a no-op on the schema.
    store.close();
    store.close();
    QVERIFY(!store.isOpen());
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    QCOMPARE(file.value(QStringLiteral("PRAGMA user_version")).toInt(), MessageStore::kSchemaVersion);
}

void tst_MessageStore::newerSchemaRefused()
{
    const QString path = freshPath();
    {
        MessageStore store;
        QVERIFY(store.open(path));
    }
    {
        Inspector file(path);
        file.value(QStringLiteral("PRAGMA user_version = 99"));
        QCOMPARE(file.value(QStringLiteral("PRAGMA user_version")).toInt(), 99);
    }
    MessageStore store;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("newer Parley")));
    QVERIFY(!store.open(path));
    QVERIFY(!store.isOpen());
    QVERIFY2(store.errorString().contains(QStringLiteral("newer")), qPrintable(store.errorString()));
    QVERIFY(store.errorString().contains(path));
}

void tst_MessageStore::notADatabaseRefused()
{
    const QString path = freshPath();
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    QFile garbage(path);
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write(QByteArray(4096, 'x'));
    garbage.close();
    MessageStore store;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("not a database")));
    QVERIFY(!store.open(path));
    QVERIFY(!store.isOpen());
    QVERIFY2(!store.errorString().isEmpty(), "no error given");
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("store not open")));
    QVERIFY(!store.saveOutgoing(outgoing(QStringLiteral("lobby"), QStringLiteral("u-1"), QStringLiteral("x"))));
}

void tst_MessageStore::folderAsFileRefused()
{
    MessageStore store;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("a folder, not a database")));
    QVERIFY(!store.open(m_dir.path()));
    QVERIFY2(store.errorString().contains(QStringLiteral("folder")), qPrintable(store.errorString()));
    QVERIFY(store.errorString().contains(m_dir.path()));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("no file name given")));
    QVERIFY(!store.open(QString()));
    QVERIFY(!store.errorString().isEmpty());
}

void tst_MessageStore::uncreatableFolderRefused()
{
    // A folder cannot be made inside a regular file, whoever runs the test (even root).
    const QString blocker = m_dir.filePath(QStringLiteral("a-file"));
    QFile file(blocker);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    MessageStore store;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("cannot create the folder")));
    QVERIFY(!store.open(blocker + QStringLiteral("/history/db.sqlite")));
    QVERIFY(!store.isOpen());
    QVERIFY2(store.errorString().contains(QStringLiteral("cannot create the folder")),
             qPrintable(store.errorString()));
}

void tst_MessageStore::readOnlyFileRefused_data()
{
    QTest::addColumn<bool>("folderReadOnly");
    QTest::addRow("file read-only") << false;
    QTest::addRow("file and folder read-only") << true;
}

void tst_MessageStore::readOnlyFileRefused()
{
    QFETCH(bool, folderReadOnly);
#ifdef Q_OS_UNIX
    if (::geteuid() == 0)
        QSKIP("running as root: file permissions do not stop root from writing");
#endif
    const QString path = freshPath();
    {
        MessageStore store;
        QVERIFY(store.open(path));
    }
    const QString folder = QFileInfo(path).absolutePath();
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadUser));
    if (folderReadOnly)
        QVERIFY(QFile::setPermissions(folder, QFile::ReadOwner | QFile::ExeOwner | QFile::ReadUser | QFile::ExeUser));
    MessageStore store;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("cannot open the message history")));
    const bool opened = store.open(path);
    QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    QVERIFY(!opened);
    QVERIFY(!store.isOpen());
    QVERIFY2(store.errorString().contains(QStringLiteral("readonly")), qPrintable(store.errorString()));
}

void tst_MessageStore::closedStoreIsHarmless()
{
    MessageStore store;
    QVERIFY(!store.isOpen());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("store not open")));
    QVERIFY(!store.saveOutgoing(outgoing(QStringLiteral("lobby"), QStringLiteral("u-1"), QStringLiteral("x"))));
    store.updateDelivery(QStringLiteral("u-1"), Delivery::Sent, 3, QDateTime::currentDateTimeUtc());
    QVERIFY(store.saveReceived(received(QStringLiteral("lobby"), 1, QStringLiteral("x")))); // shown, not lost
    QVERIFY(store.unacknowledged().isEmpty());
    QVERIFY(store.failed().isEmpty());
    QCOMPARE(store.lastSeq(QStringLiteral("lobby")), 0);
    QVERIFY(store.newestPage(QStringLiteral("lobby"), 10).messages.isEmpty());
    QVERIFY(store.saveReceivedBatch({received(QStringLiteral("lobby"), 1, QStringLiteral("x"))}).isEmpty());
    store.close();
}

void tst_MessageStore::defaultPathIsPerServerAndUser()
{
    const QString base = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
            + QStringLiteral("/history/");
    const QString path = MessageStore::defaultPath(QUrl(QStringLiteral("ws://Chat.Example.org:8080")),
                                                   QStringLiteral("Alice Ü/..\\:*"));
    QVERIFY2(path.startsWith(base), qPrintable(path));
    const QString name = QFileInfo(path).fileName();
    QVERIFY2(QRegularExpression(QStringLiteral("^[a-z0-9._-]+\\.sqlite$")).match(name).hasMatch(),
             qPrintable(name));
    QVERIFY2(name.startsWith(QStringLiteral("chat.example.org_8080-alice_")), qPrintable(name));

    const auto at = [](const char *url, const char *user) {
        return MessageStore::defaultPath(QUrl(QString::fromLatin1(url)), QString::fromLatin1(user));
    };
    QCOMPARE(at("ws://host", "bob"), at("ws://host:80", "bob"));
    QCOMPARE(at("wss://host", "bob"), at("wss://host:443", "bob"));
    QCOMPARE(at("ws://HOST:81", "bob"), at("ws://host:81", "bob"));
    QVERIFY(at("ws://host:81", "bob") != at("ws://host:82", "bob"));
    QVERIFY(at("ws://host:81", "bob") != at("ws://other:81", "bob"));
    // Alike once reduced to safe characters, or once lower-cased, yet different users.
    QVERIFY(at("ws://host", "bob") != at("ws://host", "Bob"));
    QVERIFY(at("ws://host", "a b") != at("ws://host", "a_b"));

    MessageStore store;
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    QVERIFY(QFileInfo::exists(path));
    store.close();
    QVERIFY(QFile::remove(path));
}

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

void tst_MessageStore::deduplicatesByClientId()
{
    MessageStore store;
    QVERIFY(store.open(freshPath()));
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

void tst_MessageStore::deduplicatesBySeqAndLearnsClientId()
{
    MessageStore store;
    QVERIFY(store.open(freshPath()));
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

void tst_MessageStore::ownMessageKnownByClientIdGetsItsSeq()
{
    MessageStore store;
    QVERIFY(store.open(freshPath()));
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

void tst_MessageStore::failedOwnMessageSeenInHistoryIsDelivered()
{
    MessageStore store;
    QVERIFY(store.open(freshPath()));
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

void tst_MessageStore::roomlessMessagesHaveNoIdentity()
{
    MessageStore store;
    QVERIFY(store.open(freshPath()));
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

void tst_MessageStore::lastSeqPerRoom()
{
    MessageStore store;
    QVERIFY(store.open(freshPath()));
    QCOMPARE(store.lastSeq(QStringLiteral("a")), 0);
    for (const qint64 seq : {3, 1, 5, 2})
        QVERIFY(store.saveReceived(received(QStringLiteral("a"), seq, QString::number(seq))));
    QVERIFY(store.saveReceived(received(QStringLiteral("b"), 40, QStringLiteral("b"))));
    QVERIFY(store.saveOutgoing(outgoing(QStringLiteral("a"), QStringLiteral("u-1"), QStringLiteral("pending"))));
    QCOMPARE(store.lastSeq(QStringLiteral("a")), 5);
    QCOMPARE(store.lastSeq(QStringLiteral("b")), 40);
    QCOMPARE(store.lastSeq(QStringLiteral("c")), 0);
}

void tst_MessageStore::batchSavesInOneGo()
{
    MessageStore store;
    QVERIFY(store.open(freshPath()));
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

void tst_MessageStore::pagingOrderAndBoundaries_data()
{
    QTest::addColumn<int>("limit");
    for (const int limit : {1, 2, 3, 5, 7, 13, 14, 15, 200})
        QTest::addRow("limit %d", limit) << limit;
}

void tst_MessageStore::pagingOrderAndBoundaries()
{
    QFETCH(int, limit);
    MessageStore store;
    QVERIFY(store.open(freshPath()));
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

void tst_MessageStore::pagingOnEmptyRoom()
{
    MessageStore store;
    QVERIFY(store.open(freshPath()));
    QVERIFY(store.saveReceived(received(QStringLiteral("other"), 1, QStringLiteral("x"))));
    const MessageStore::Page page = store.newestPage(QStringLiteral("lobby"), 10);
    QVERIFY(page.messages.isEmpty());
    QVERIFY(!page.hasMore);
    QVERIFY(store.newestPage(QStringLiteral("other"), 0).messages.isEmpty());
    QVERIFY(store.pageBefore(QStringLiteral("other"), {1, 1}, 10).messages.isEmpty());
}

void tst_MessageStore::deliveredMessageMovesIntoSequence()
{
    MessageStore store;
    QVERIFY(store.open(freshPath()));
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
    {
        MessageStore store;
        QVERIFY(store.open(path));
        QVERIFY(store.saveOutgoing(mine));
        QVERIFY(store.saveReceived(theirs));
    }
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
    {
        MessageStore store;
        QVERIFY(store.open(path));
        QVERIFY(store.saveOutgoing(big));
        QVERIFY(store.saveReceived(bigIn));
    }
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

void tst_MessageStore::pageStopsAtTextBudget()
{
    MessageStore store;
    QVERIFY(store.open(freshPath()));
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
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsSet(kChildDbEnv))
        return runChild();
    tst_MessageStore test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_messagestore.moc"
