// MessageStoreSchema: files as earlier versions of Parley wrote them, made here with raw SQL (the
// statements copied from those versions, not taken from the code under test), opened by today's
// MessageStore; and the stored delivery codes, which files depend on.

#include "messagestore.h"
#include "messagestoreschema.h"
#include "rawsqlitefile.h"
#include "testmain.h"

#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using Delivery = ChatMessage::Delivery;

namespace {

//! What schema version 1 wrote (Parley before the rooms table), statement by statement.
const QStringList kVersion1 = {
        QStringLiteral("CREATE TABLE messages ("
                       " id INTEGER PRIMARY KEY,"
                       " client_id TEXT NOT NULL DEFAULT '',"
                       " room TEXT NOT NULL DEFAULT '',"
                       " seq INTEGER NOT NULL DEFAULT 0 CHECK (seq >= 0),"
                       " sender TEXT NOT NULL DEFAULT '',"
                       " text TEXT NOT NULL DEFAULT '',"
                       " time_ms INTEGER,"
                       " own INTEGER NOT NULL DEFAULT 0,"
                       " delivery INTEGER NOT NULL DEFAULT 0)"),
        QStringLiteral("CREATE UNIQUE INDEX messages_client_id ON messages (client_id)"
                       " WHERE client_id <> ''"),
        QStringLiteral("CREATE UNIQUE INDEX messages_room_seq ON messages (room, seq) WHERE seq > 0"),
        QStringLiteral("CREATE INDEX messages_unsequenced ON messages (room, id) WHERE seq = 0"),
        QStringLiteral("CREATE INDEX messages_own ON messages (delivery, id) WHERE own = 1"),
        QStringLiteral("PRAGMA user_version = 1"),
};
//! What version 2 added.
const QStringList kVersion2 = {
        QStringLiteral("CREATE TABLE IF NOT EXISTS rooms (room TEXT PRIMARY KEY, synced_seq INTEGER NOT NULL DEFAULT 0)"),
        QStringLiteral("PRAGMA user_version = 2"),
};
//! What version 3 added (accounts: the sender's id and username).
const QStringList kVersion3 = {
        QStringLiteral("ALTER TABLE messages ADD COLUMN sender_id INTEGER NOT NULL DEFAULT 0"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN sender_username TEXT NOT NULL DEFAULT ''"),
        QStringLiteral("PRAGMA user_version = 3"),
};
const QStringList kVersion4 = {
        QStringLiteral("ALTER TABLE messages ADD COLUMN kind INTEGER NOT NULL DEFAULT 0"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN target_seq INTEGER NOT NULL DEFAULT 0"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN reply_to INTEGER NOT NULL DEFAULT 0"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN edited_ms INTEGER"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN reaction_on INTEGER NOT NULL DEFAULT 0"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN reactions TEXT NOT NULL DEFAULT ''"),
        QStringLiteral("CREATE INDEX messages_changes ON messages (room, target_seq) WHERE kind <> 0"),
        QStringLiteral("PRAGMA user_version = 4"),
};
//! What version 5 added (search: the trigram index, its triggers, the order of results).
const QStringList kVersion5 = {
        QStringLiteral("ALTER TABLE messages ADD COLUMN sender_fold TEXT NOT NULL DEFAULT ''"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN sender_key TEXT GENERATED ALWAYS AS"
                       " (CASE WHEN sender_fold <> '' THEN sender_fold ELSE lower(CASE WHEN sender_username <> ''"
                       " THEN sender_username ELSE sender END) END) VIRTUAL"),
        QStringLiteral("CREATE INDEX messages_search_sender ON messages (sender_key, ifnull(time_ms, 0))"
                       " WHERE kind = 0"),
        QStringLiteral("CREATE VIRTUAL TABLE messages_search USING fts5(text, content='',"
                       " tokenize='trigram', detail=none, columnsize=0)"),
        QStringLiteral("INSERT INTO messages_search (rowid, text) SELECT id, text FROM messages"
                       " WHERE kind = 0 AND deleted = 0 AND text <> ''"),
        QStringLiteral("CREATE INDEX messages_search_order ON messages (ifnull(time_ms, 0), room DESC)"
                       " WHERE kind = 0"),
        QStringLiteral("CREATE TRIGGER messages_search_insert AFTER INSERT ON messages"
                       " WHEN new.kind = 0 AND new.deleted = 0 AND new.text <> ''"
                       " BEGIN INSERT INTO messages_search (rowid, text) VALUES (new.id, new.text); END"),
        QStringLiteral("CREATE TRIGGER messages_search_delete AFTER DELETE ON messages"
                       " WHEN old.kind = 0 AND old.deleted = 0 AND old.text <> ''"
                       " BEGIN INSERT INTO messages_search (messages_search, rowid, text)"
                       " VALUES ('delete', old.id, old.text); END"),
        QStringLiteral("CREATE TRIGGER messages_search_update AFTER UPDATE OF text, kind, deleted ON messages"
                       " WHEN old.text IS NOT new.text OR old.kind IS NOT new.kind"
                       " OR old.deleted IS NOT new.deleted"
                       " BEGIN"
                       " INSERT INTO messages_search (messages_search, rowid, text) SELECT 'delete', old.id, old.text"
                       " WHERE old.kind = 0 AND old.deleted = 0 AND old.text <> '';"
                       " INSERT INTO messages_search (rowid, text) SELECT new.id, new.text"
                       " WHERE new.kind = 0 AND new.deleted = 0 AND new.text <> '';"
                       " END"),
        QStringLiteral("PRAGMA user_version = 5"),
};
const QStringList kVersion6 = {
        QStringLiteral("ALTER TABLE messages ADD COLUMN file TEXT NOT NULL DEFAULT ''"),
        QStringLiteral("PRAGMA user_version = 6"),
};
//! Rows a version 4 client left: messages, an edited one with its edit row, a deleted one, a
//! reaction row, one's own pending message.
const QStringList kVersion4Rows = {
        QStringLiteral("INSERT INTO messages (client_id, room, seq, sender, text, time_ms, kind)"
                       " VALUES ('', 'lobby', 1, 'bob', 'the build is green', 1000, 0)"),
        QStringLiteral("INSERT INTO messages (client_id, room, seq, sender, text, time_ms, kind, edited_ms)"
                       " VALUES ('', 'lobby', 2, 'bob', 'fixed text', 2000, 0, 2500)"),
        QStringLiteral("INSERT INTO messages (client_id, room, seq, sender, text, time_ms, kind, target_seq)"
                       " VALUES ('', 'lobby', 3, 'bob', 'fixed text of an edit row', 2500, 1, 2)"),
        QStringLiteral("INSERT INTO messages (client_id, room, seq, sender, text, time_ms, kind, deleted)"
                       " VALUES ('', 'lobby', 4, 'bob', '', 3000, 0, 1)"),
        QStringLiteral("INSERT INTO messages (client_id, room, seq, sender, text, time_ms, kind, target_seq)"
                       " VALUES ('', 'lobby', 5, 'bob', '🎉', 3500, 3, 1)"),
        QStringLiteral("INSERT INTO messages (client_id, room, seq, sender, text, time_ms, own, delivery)"
                       " VALUES ('u-9', 'lobby', 0, 'me', '天气很好 build', 4000, 1, 1)"),
        QStringLiteral("INSERT INTO messages (client_id, room, seq, sender, sender_username, text, time_ms)"
                       " VALUES ('', 'lobby', 7, 'Emile', 'Émile', 'bonjour', 5000)"),
        QStringLiteral("INSERT INTO messages (client_id, room, seq, sender, sender_username, text, time_ms)"
                       " VALUES ('', 'lobby', 8, 'Bob', 'Bob', 'salut', 6000)"),
};
//! Rows an old client left: one received, one own Pending (outbox), one own Failed.
const QStringList kRows = {
        QStringLiteral("INSERT INTO messages (client_id, room, seq, sender, text, time_ms, own, delivery)"
                       " VALUES ('', 'lobby', 7, 'bob', 'hello', 1000, 0, 0)"),
        QStringLiteral("INSERT INTO messages (client_id, room, seq, sender, text, time_ms, own, delivery)"
                       " VALUES ('u-1', 'lobby', 0, 'me', 'pending', 2000, 1, 1)"),
        QStringLiteral("INSERT INTO messages (client_id, room, seq, sender, text, time_ms, own, delivery)"
                       " VALUES ('u-2', 'lobby', 0, 'me', 'failed', 3000, 1, 4)"),
};

} // namespace

class tst_MessageStoreSchema : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void lastStepIsTheStoresVersion();
    void oldFilesOpen_data();
    void oldFilesOpen();
    void version4FileIsIndexed();
    void deliveryCodes_data();
    void deliveryCodes();

private:
    QTemporaryDir m_dir;
    int m_files = 0;
};

void tst_MessageStoreSchema::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void tst_MessageStoreSchema::lastStepIsTheStoresVersion()
{
    const QList<SqlMigrations::Migration> steps = MessageStoreSchema::migrations();
    QVERIFY(!steps.isEmpty());
    QCOMPARE(steps.constLast().version, MessageStore::kSchemaVersion);
    QCOMPARE(SqlMigrations(steps).latestVersion(), MessageStore::kSchemaVersion);
}

void tst_MessageStoreSchema::oldFilesOpen_data()
{
    QTest::addColumn<QStringList>("statements"); // how the old file was made
    QTest::addColumn<int>("rows");               // messages in it
    QTest::addColumn<qint64>("syncedSeq");       // lobby's watermark after opening
    QTest::addColumn<bool>("logsMigration");

    QTest::addRow("no file") << QStringList() << 0 << qint64(0) << false;
    QTest::addRow("version 0, another table")
            << QStringList{QStringLiteral("CREATE TABLE unrelated (x)")} << 0 << qint64(0) << false;
    QTest::addRow("version 1 with messages") << kVersion1 + kRows << 3 << qint64(0) << true;
    QTest::addRow("version 2 with messages and a watermark")
            << kVersion1 + kVersion2 + kRows
                    + QStringList{QStringLiteral("INSERT INTO rooms VALUES ('lobby', 7)")}
            << 3 << qint64(7) << false;
    QTest::addRow("version 4 with messages")
            << kVersion1 + kVersion2 + kVersion3 + kVersion4 + kRows << 3 << qint64(0) << true;
}

void tst_MessageStoreSchema::oldFilesOpen()
{
    QFETCH(QStringList, statements);
    QFETCH(int, rows);
    QFETCH(qint64, syncedSeq);
    QFETCH(bool, logsMigration);

    // Today's file, as the old code made a fresh one (version 1's and 2's statements in one go).
    const QString reference = m_dir.filePath(QStringLiteral("reference-%1.sqlite").arg(++m_files));
    QVERIFY(RawSqliteFile::run(reference, kVersion1 + kVersion2 + kVersion3 + kVersion4 + kVersion5
                                                  + kVersion6));

    const QString path = m_dir.filePath(QStringLiteral("old-%1.sqlite").arg(++m_files));
    QVERIFY(RawSqliteFile::run(path, statements));
    if (logsMigration) {
        QTest::ignoreMessage(QtInfoMsg,
                             QRegularExpression(QStringLiteral("migrated to schema %1")
                                                        .arg(MessageStore::kSchemaVersion)));
    }
    {
        MessageStore store;
        QVERIFY2(store.open(path), qPrintable(store.errorString()));
        QCOMPARE(store.journalMode(), QStringLiteral("wal"));
        QCOMPARE(store.messageCount(QStringLiteral("lobby")), qint64(rows));
        QCOMPARE(store.syncedSeq(QStringLiteral("lobby")), syncedSeq);
        if (rows > 0) {
            QCOMPARE(store.lastSeq(QStringLiteral("lobby")), qint64(7));
            const QList<ChatMessage> outbox = store.unacknowledged();
            QCOMPARE(outbox.size(), 1);
            QCOMPARE(outbox.first().clientId, QStringLiteral("u-1"));
            QCOMPARE(outbox.first().delivery, Delivery::Pending);
            QCOMPARE(outbox.first().time.toMSecsSinceEpoch(), qint64(2000));
            QCOMPARE(store.failed().size(), 1);
            QCOMPARE(store.newestPage(QStringLiteral("lobby"), 10).messages.size(), 3);
        }
        // And it takes writes where version 2 put them.
        store.setSyncedSeq(QStringLiteral("lobby"), 9);
        QCOMPARE(store.syncedSeq(QStringLiteral("lobby")), qint64(9));
        ChatMessage m;
        m.clientId = QStringLiteral("u-new");
        m.room = QStringLiteral("lobby");
        m.text = QStringLiteral("after the update");
        QVERIFY(store.saveOutgoing(m));
    }
    QCOMPARE(RawSqliteFile::column(path, QStringLiteral("PRAGMA user_version")).toInt(), MessageStore::kSchemaVersion);
    const QString unrelated = QStringLiteral("unrelated");
    QCOMPARE(RawSqliteFile::schema(path, unrelated), RawSqliteFile::schema(reference));
    QCOMPARE(RawSqliteFile::column(path, QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE name = 'unrelated'")),
             statements.contains(QStringLiteral("CREATE TABLE unrelated (x)")) ? QStringLiteral("1")
                                                                               : QStringLiteral("0"));
}

void tst_MessageStoreSchema::version4FileIsIndexed()
{
    const QString path = m_dir.filePath(QStringLiteral("old-%1.sqlite").arg(++m_files));
    QVERIFY(RawSqliteFile::run(path, kVersion1 + kVersion2 + kVersion3 + kVersion4 + kVersion4Rows));
    QTest::ignoreMessage(QtInfoMsg, QRegularExpression(QStringLiteral("migrated to schema %1").arg(MessageStore::kSchemaVersion)));
    MessageStore store;
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    const auto find = [&store](const QString &typed) {
        QStringList found;
        for (const ChatMessage &m : store.search(SearchQuery::parse(typed), 20))
            found << m.text;
        return found;
    };
    // The rows already there are found, newest first; change rows and deleted messages are not.
    QCOMPARE(find(QStringLiteral("build")),
             (QStringList{QString::fromUtf8("天气很好 build"), QStringLiteral("the build is green")}));
    QCOMPARE(find(QStringLiteral("fixed")), QStringList{QStringLiteral("fixed text")});
    QCOMPARE(find(QStringLiteral("edit row")), QStringList());
    QCOMPARE(find(QString::fromUtf8("🎉")), QStringList());
    QCOMPARE(find(QString::fromUtf8("天气")), QStringList{QString::fromUtf8("天气很好 build")});
    QCOMPARE(RawSqliteFile::column(path, QStringLiteral("SELECT group_concat(rowid) FROM messages_search"
                                                        " WHERE messages_search MATCH '\"bui\"'")),
             QStringLiteral("1,6"));
    // Senders by user name (or display name, for "me" here), as the server compares names.
    QCOMPARE(find(QStringLiteral("from:émile")), QStringList{QStringLiteral("bonjour")});
    QCOMPARE(find(QStringLiteral("from:ÉMILE")), QStringList{QStringLiteral("bonjour")});
    QCOMPARE(find(QStringLiteral("from:bob")), (QStringList{QStringLiteral("salut"), QStringLiteral("fixed text"),
                                                            QStringLiteral("the build is green")}));
    QCOMPARE(find(QStringLiteral("from:ME build")), QStringList{QString::fromUtf8("天气很好 build")});
    // And what comes later is indexed as it comes.
    ChatMessage later;
    later.room = QStringLiteral("lobby");
    later.seq = 6;
    later.text = QStringLiteral("another build");
    QVERIFY(store.saveReceived(later));
    QCOMPARE(find(QStringLiteral("build")).size(), 3);
}

void tst_MessageStoreSchema::deliveryCodes_data()
{
    QTest::addColumn<Delivery>("delivery");
    QTest::addColumn<int>("code");
    // The numbers in existing files: never renumber.
    QTest::addRow("none") << Delivery::None << 0;
    QTest::addRow("pending") << Delivery::Pending << 1;
    QTest::addRow("sent") << Delivery::Sent << 2;
    QTest::addRow("delivered") << Delivery::Delivered << 3;
    QTest::addRow("failed") << Delivery::Failed << 4;
}

void tst_MessageStoreSchema::deliveryCodes()
{
    QFETCH(Delivery, delivery);
    QFETCH(int, code);
    QCOMPARE(MessageStoreSchema::toStored(delivery), code);
    QCOMPARE(MessageStoreSchema::fromStored(code), delivery);
    QCOMPARE(MessageStoreSchema::fromStored(99), Delivery::None); // unknown reads as None
}

PARLEY_TEST_GUILESS_MAIN(tst_MessageStoreSchema)
#include "tst_messagestoreschema.moc"
