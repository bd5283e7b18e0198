// HistoryStoreSchema: files as earlier parley-servers wrote them, made here with raw SQL (the
// statements copied from that version, not taken from the code under test), opened by today's
// HistoryStore: same schema afterwards, messages and seq intact; rows from before accounts come
// back as legacy messages under their old names.

#include "historystore.h"
#include "historystoreschema.h"
#include "rawsqlitefile.h"
#include "testmain.h"

#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kLobby = QStringLiteral("lobby");
const HistoryStore::Sender kAlice{1, QStringLiteral("alice"), QStringLiteral("alice"), false};

//! What schema version 1 wrote, statement by statement.
const QStringList kVersion1 = {
        QStringLiteral("CREATE TABLE messages ("
                       " id INTEGER PRIMARY KEY,"
                       " room TEXT NOT NULL,"
                       " seq INTEGER NOT NULL CHECK (seq > 0),"
                       " time INTEGER NOT NULL,"
                       " sender TEXT NOT NULL,"
                       " text TEXT NOT NULL,"
                       " client_id TEXT NOT NULL DEFAULT '',"
                       " UNIQUE (room, seq))"),
        QStringLiteral("CREATE UNIQUE INDEX messages_sender_client_id ON messages (sender, client_id)"
                       " WHERE client_id <> ''"),
        QStringLiteral("PRAGMA user_version = 1"),
};
//! What schema version 2 (accounts) added to version 1, statement by statement.
const QStringList kVersion2 = {
        QStringLiteral("ALTER TABLE messages ADD COLUMN sender_id INTEGER"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN sender_username TEXT NOT NULL DEFAULT ''"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN sender_guest INTEGER NOT NULL DEFAULT 0"
                       " CHECK (sender_guest IN (0, 1))"),
        QStringLiteral("DROP INDEX messages_sender_client_id"),
        QStringLiteral("CREATE UNIQUE INDEX messages_sender_id_client_id ON messages"
                       " (sender_id, client_id) WHERE client_id <> '' AND sender_id IS NOT NULL"),
        QStringLiteral("PRAGMA user_version = 2"),
};
//! Messages an old server stored: lobby seq 1 and 2 (the second with a client id), other seq 1.
const QStringList kRows = {
        QStringLiteral("INSERT INTO messages (room, seq, time, sender, text, client_id)"
                       " VALUES ('lobby', 1, 100, 'alice', 'one', '')"),
        QStringLiteral("INSERT INTO messages (room, seq, time, sender, text, client_id)"
                       " VALUES ('lobby', 2, 200, 'alice', 'two', 'c-2')"),
        QStringLiteral("INSERT INTO messages (room, seq, time, sender, text, client_id)"
                       " VALUES ('other', 1, 300, 'bob', 'elsewhere', 'c-3')"),
};

} // namespace

class tst_HistoryStoreSchema : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void lastStepIsTheStoresVersion();
    void oldFilesOpen_data();
    void oldFilesOpen();
};

void tst_HistoryStoreSchema::lastStepIsTheStoresVersion()
{
    const QList<SqliteMigrations::Migration> steps = HistoryStoreSchema::migrations();
    QVERIFY(!steps.isEmpty());
    QCOMPARE(steps.constLast().version, HistoryStore::kSchemaVersion);
    QCOMPARE(SqliteMigrations(steps).latestVersion(), HistoryStore::kSchemaVersion);
}

void tst_HistoryStoreSchema::oldFilesOpen_data()
{
    QTest::addColumn<QStringList>("statements"); // how the old file was made
    QTest::addColumn<qint64>("lobbySeq");        // lobby's last seq in it

    QTest::addRow("no file") << QStringList() << qint64(0);
    QTest::addRow("version 0, another table")
            << QStringList{QStringLiteral("CREATE TABLE unrelated (x)")} << qint64(0);
    QTest::addRow("version 1, empty") << kVersion1 << qint64(0);
    QTest::addRow("version 1 with messages") << kVersion1 + kRows << qint64(2);
    QTest::addRow("version 2, empty") << kVersion1 + kVersion2 << qint64(0);
}

void tst_HistoryStoreSchema::oldFilesOpen()
{
    QFETCH(QStringList, statements);
    QFETCH(qint64, lobbySeq);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString reference = dir.filePath(QStringLiteral("reference.sqlite"));
    QVERIFY(RawSqliteFile::run(reference, kVersion1 + kVersion2));
    const QString path = dir.filePath(QStringLiteral("history.sqlite"));
    QVERIFY(RawSqliteFile::run(path, statements));
    {
        HistoryStore store;
        QVERIFY2(store.open(path), qPrintable(store.errorString()));
        QCOMPARE(store.schemaVersion(), HistoryStore::kSchemaVersion);
        QCOMPARE(store.journalMode(), QStringLiteral("wal"));
        QCOMPARE(store.lastSeq(kLobby).value_or(-1), lobbySeq);
        if (lobbySeq > 0) {
            const std::optional<HistoryStore::Page> page = store.after(kLobby, 0, 10, 1000);
            QVERIFY(page);
            QCOMPARE(page->messages.size(), 2);
            QCOMPARE(page->messages.at(1).text, QStringLiteral("two"));
            QCOMPARE(page->messages.at(1).timeMs, qint64(200));
            // Posted before accounts: the old name, no account, legacy.
            for (const HistoryStore::Message &m : page->messages) {
                QCOMPARE(m.sender, QStringLiteral("alice"));
                QCOMPARE(m.senderId, 0);
                QCOMPARE(m.senderUsername, QString());
                QVERIFY(m.isLegacy());
            }
            // The account "alice" does not own the old name's messages: its c-2 is a new one.
            const HistoryStore::Posting mine = store.post(kLobby, kAlice, QStringLiteral("two"),
                                                          QStringLiteral("c-2"), 999);
            QCOMPARE(mine.outcome, HistoryStore::Outcome::Stored);
            QCOMPARE(mine.message.seq, qint64(3));
            ++lobbySeq;
        }
        const HistoryStore::Posting next = store.post(kLobby, kAlice, QStringLiteral("new"),
                                                      QStringLiteral("c-new"), 1000);
        QCOMPARE(next.outcome, HistoryStore::Outcome::Stored);
        QCOMPARE(next.message.seq, lobbySeq + 1);
    }
    QCOMPARE(RawSqliteFile::column(path, QStringLiteral("PRAGMA user_version")).toInt(), HistoryStore::kSchemaVersion);
    QCOMPARE(RawSqliteFile::schema(path, QStringLiteral("unrelated")), RawSqliteFile::schema(reference));
}

PARLEY_TEST_GUILESS_MAIN(tst_HistoryStoreSchema)
#include "tst_historystoreschema.moc"
