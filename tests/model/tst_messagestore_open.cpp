// Tests model/messagestore.cpp, opening and refusing files: the schema it creates, files it must
// not open (newer schema, not a database, a folder, read-only), a closed store, the default path.

#include "messagestore.h"
#include "messagestorefixtures.h"
#include "storetestbase.h"
#include "testmain.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>
#include <QUrl>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

using Delivery = ChatMessage::Delivery;

class tst_MessageStoreOpen : public StoreFileTest
{
    Q_OBJECT
private Q_SLOTS:
    void schemaCreated();
    void newerSchemaRefused();
    void notADatabaseRefused();
    void folderAsFileRefused();
    void uncreatableFolderRefused();
    void readOnlyFileRefused_data();
    void readOnlyFileRefused();
    void closedStoreIsHarmless();
    void defaultPathIsPerServerAndUser();
};

void tst_MessageStoreOpen::schemaCreated()
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
             (QStringList{QStringLiteral("messages_changes"), QStringLiteral("messages_client_id"),
                          QStringLiteral("messages_own"), QStringLiteral("messages_room_seq"),
                          QStringLiteral("messages_search_order"), QStringLiteral("messages_search_sender"),
                          QStringLiteral("messages_unsequenced")}));
    QCOMPARE(file.column(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")),
             (QStringList{QStringLiteral("messages_search_delete"), QStringLiteral("messages_search_insert"),
                          QStringLiteral("messages_search_update")}));
    const QString columns = file.column(QStringLiteral("SELECT name FROM pragma_table_info('messages')"))
                                    .join(QLatin1Char(','));
    QCOMPARE(columns, QStringLiteral("id,client_id,room,seq,sender,text,time_ms,own,delivery,sender_id,sender_username,"
                                     "kind,target_seq,reply_to,edited_ms,deleted,reaction_on,reactions,sender_fold,file"));

    // Opening again is a no-op on the schema.
    store.close();
    store.close();
    QVERIFY(!store.isOpen());
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    QCOMPARE(file.value(QStringLiteral("PRAGMA user_version")).toInt(), MessageStore::kSchemaVersion);
}

void tst_MessageStoreOpen::newerSchemaRefused()
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

void tst_MessageStoreOpen::notADatabaseRefused()
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

void tst_MessageStoreOpen::folderAsFileRefused()
{
    MessageStore store;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("a folder, not a database")));
    QVERIFY(!store.open(m_files.folder()));
    QVERIFY2(store.errorString().contains(QStringLiteral("folder")), qPrintable(store.errorString()));
    QVERIFY(store.errorString().contains(m_files.folder()));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("no file name given")));
    QVERIFY(!store.open(QString()));
    QVERIFY(!store.errorString().isEmpty());
}

void tst_MessageStoreOpen::uncreatableFolderRefused()
{
    // A folder cannot be made inside a regular file, whoever runs the test (even root).
    const QString blocker = m_files.filePath(QStringLiteral("a-file"));
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

void tst_MessageStoreOpen::readOnlyFileRefused_data()
{
    QTest::addColumn<bool>("folderReadOnly");
    QTest::addRow("file read-only") << false;
    QTest::addRow("file and folder read-only") << true;
}

void tst_MessageStoreOpen::readOnlyFileRefused()
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

void tst_MessageStoreOpen::closedStoreIsHarmless()
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

void tst_MessageStoreOpen::defaultPathIsPerServerAndUser()
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

PARLEY_TEST_GUILESS_MAIN(tst_MessageStoreOpen)
#include "tst_messagestore_open.moc"
