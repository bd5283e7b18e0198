// HistoryStoreSchema: files as earlier parley-servers wrote them, made here with raw SQL (the
// statements copied from that version, not taken from the code under test), opened by today's
// HistoryStore: same schema afterwards, messages, seq and de-dup memory intact.

#include "historystore.h"
#include "historystoreschema.h"
#include "rawsqlitefile.h"

#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kLobby = QStringLiteral("lobby");
const QString kAlice = QStringLiteral("alice");

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
}

void tst_HistoryStoreSchema::oldFilesOpen()
{
    QFETCH(QStringList, statements);
    QFETCH(qint64, lobbySeq);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString reference = dir.filePath(QStringLiteral("reference.sqlite"));
    QVERIFY(RawSqliteFile::run(reference, kVersion1));
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
            // The de-dup memory came along: the old (alice, c-2) is recognised.
            const HistoryStore::Posting again = store.post(kLobby, kAlice, QStringLiteral("two"),
                                                           QStringLiteral("c-2"), 999);
            QCOMPARE(again.outcome, HistoryStore::Outcome::Duplicate);
            QCOMPARE(again.message.seq, qint64(2));
        }
        const HistoryStore::Posting next = store.post(kLobby, kAlice, QStringLiteral("new"),
                                                      QStringLiteral("c-new"), 1000);
        QCOMPARE(next.outcome, HistoryStore::Outcome::Stored);
        QCOMPARE(next.message.seq, lobbySeq + 1);
    }
    QCOMPARE(RawSqliteFile::column(path, QStringLiteral("PRAGMA user_version")).toInt(), HistoryStore::kSchemaVersion);
    QCOMPARE(RawSqliteFile::schema(path, QStringLiteral("unrelated")), RawSqliteFile::schema(reference));
}

QTEST_GUILESS_MAIN(tst_HistoryStoreSchema)
#include "tst_historystoreschema.moc"
