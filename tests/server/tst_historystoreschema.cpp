// HistoryStoreSchema: files as earlier parley-servers wrote them, made here with raw SQL (the
// statements copied from that version, not taken from the code under test), opened by today's
// HistoryStore: same schema afterwards, messages and seq intact; rows from before accounts come
// back as legacy messages under their old names; rows from before changes as plain messages.

#include "historysearch.h"
#include "historystore.h"
#include "historystoreschema.h"
#include "rawsqlitefile.h"
#include "receiptstore.h"
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
//! What schema version 3 (replies, edits, deletes, reactions) added to version 2.
const QStringList kVersion3 = {
        QStringLiteral("ALTER TABLE messages ADD COLUMN kind INTEGER NOT NULL DEFAULT 0"
                       " CHECK (kind IN (0, 1, 2, 3))"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN target_seq INTEGER"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN reply_to INTEGER"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN edited INTEGER"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0"
                       " CHECK (deleted IN (0, 1))"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN reaction_on INTEGER NOT NULL DEFAULT 0"
                       " CHECK (reaction_on IN (0, 1))"),
        QStringLiteral("CREATE INDEX messages_room_kind_seq ON messages (room, kind, seq)"),
        QStringLiteral("CREATE INDEX messages_room_target ON messages (room, target_seq)"
                       " WHERE target_seq IS NOT NULL"),
        QStringLiteral("CREATE TABLE reactions ("
                       " room TEXT NOT NULL,"
                       " seq INTEGER NOT NULL,"
                       " user_id INTEGER NOT NULL,"
                       " emoji TEXT NOT NULL,"
                       " time INTEGER NOT NULL,"
                       " PRIMARY KEY (room, seq, emoji, user_id))"),
        QStringLiteral("PRAGMA user_version = 3"),
};
//! What schema version 4 (read receipts) added to version 3.
const QStringList kVersion4 = {
        QStringLiteral("CREATE TABLE receipts ("
                       " room TEXT NOT NULL,"
                       " account_id INTEGER NOT NULL,"
                       " seq INTEGER NOT NULL CHECK (seq > 0),"
                       " PRIMARY KEY (room, account_id))"),
        QStringLiteral("CREATE INDEX receipts_account ON receipts (account_id)"),
        QStringLiteral("PRAGMA user_version = 4"),
};
//! What schema version 5 (search) added to version 4.
const QStringList kVersion5 = {
        QStringLiteral("CREATE VIRTUAL TABLE message_search USING fts5("
                       "text, content='', columnsize=0, tokenize='trigram')"),
        QStringLiteral("INSERT INTO message_search (rowid, text)"
                       " SELECT id, text FROM messages WHERE kind = 0 AND deleted = 0"),
        QStringLiteral("CREATE TRIGGER message_search_insert AFTER INSERT ON messages"
                       " WHEN new.kind = 0 AND new.deleted = 0 BEGIN"
                       " INSERT INTO message_search (rowid, text) VALUES (new.id, new.text);"
                       " END"),
        QStringLiteral("CREATE TRIGGER message_search_update AFTER UPDATE OF text, deleted"
                       " ON messages WHEN old.kind = 0 BEGIN"
                       " INSERT INTO message_search (message_search, rowid, text)"
                       "  SELECT 'delete', old.id, old.text WHERE old.deleted = 0;"
                       " INSERT INTO message_search (rowid, text)"
                       "  SELECT new.id, new.text WHERE new.deleted = 0;"
                       " END"),
        QStringLiteral("CREATE TRIGGER message_search_delete AFTER DELETE ON messages"
                       " WHEN old.kind = 0 AND old.deleted = 0 BEGIN"
                       " INSERT INTO message_search (message_search, rowid, text)"
                       "  VALUES ('delete', old.id, old.text);"
                       " END"),
        QStringLiteral("PRAGMA user_version = 5"),
};
//! What schema version 6 (files) added to version 5.
const QStringList kVersion6 = {
        QStringLiteral("CREATE TABLE uploads ( key TEXT PRIMARY KEY, account_id INTEGER NOT NULL, sha256 TEXT NOT NULL,"
                       " size INTEGER NOT NULL CHECK (size > 0), room TEXT NOT NULL, name TEXT NOT NULL,"
                       " type TEXT NOT NULL, started_ms INTEGER NOT NULL)"),
        QStringLiteral("CREATE INDEX uploads_account ON uploads (account_id)"),
        QStringLiteral("CREATE INDEX uploads_started ON uploads (started_ms)"),
        QStringLiteral("CREATE TABLE files ( sha256 TEXT NOT NULL, account_id INTEGER NOT NULL,"
                       " size INTEGER NOT NULL CHECK (size > 0), type TEXT NOT NULL, stored_ms INTEGER NOT NULL,"
                       " PRIMARY KEY (sha256, account_id))"),
        QStringLiteral("CREATE INDEX files_account ON files (account_id)"),
        QStringLiteral("CREATE TABLE file_rooms ( sha256 TEXT NOT NULL, room TEXT NOT NULL, PRIMARY KEY (sha256, room))"),
        QStringLiteral("PRAGMA user_version = 6"),
};
const QStringList kVersion7 = {
        QStringLiteral("ALTER TABLE messages ADD COLUMN file_id TEXT"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN file_name TEXT"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN file_size INTEGER"),
        QStringLiteral("ALTER TABLE messages ADD COLUMN file_type TEXT"),
        QStringLiteral("CREATE INDEX messages_file ON messages (file_id, room) WHERE file_id IS NOT NULL"),
        QStringLiteral("PRAGMA user_version = 7"),
};
const QStringList kVersion8 = {
        QStringLiteral("ALTER TABLE messages ADD COLUMN file_thumb BLOB"),
        QStringLiteral("PRAGMA user_version = 8"),
};
//! A version 4 server's lobby (accounts 1 and 2): 1 "deploy friday", 2 "deploy monday" edited
//! (its text now "deploy tuesday"), 3 its edit row, 4 "deploy secret" deleted, 5 its delete row,
//! 6 a reaction "deploy" on 1.
const QStringList kRows4 = {
        QStringLiteral("INSERT INTO messages (room, seq, time, sender, text, client_id, sender_id, sender_username)"
                       " VALUES ('lobby', 1, 100, 'alice', 'deploy friday', 'a-1', 1, 'alice')"),
        QStringLiteral("INSERT INTO messages (room, seq, time, sender, text, client_id, sender_id, sender_username,"
                       " edited) VALUES ('lobby', 2, 200, 'alice', 'deploy tuesday', 'a-2', 1, 'alice', 300)"),
        QStringLiteral("INSERT INTO messages (room, seq, time, sender, text, client_id, sender_id, sender_username,"
                       " kind, target_seq) VALUES ('lobby', 3, 300, 'alice', 'deploy tuesday', 'a-3', 1, 'alice', 1, 2)"),
        QStringLiteral("INSERT INTO messages (room, seq, time, sender, text, client_id, sender_id, sender_username,"
                       " deleted) VALUES ('lobby', 4, 400, 'alice', '', 'a-4', 1, 'alice', 1)"),
        QStringLiteral("INSERT INTO messages (room, seq, time, sender, text, client_id, sender_id, sender_username,"
                       " kind, target_seq) VALUES ('lobby', 5, 500, 'alice', '', 'a-5', 1, 'alice', 2, 4)"),
        QStringLiteral("INSERT INTO messages (room, seq, time, sender, text, client_id, sender_id, sender_username,"
                       " kind, target_seq, reaction_on) VALUES ('lobby', 6, 600, 'bob', 'deploy', 'b-6', 2, 'bob', 3, 1, 1)"),
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
//! Messages a version 2 server stored (with accounts): lobby seq 1 and 2 by account 1.
const QStringList kRows2 = {
        QStringLiteral("INSERT INTO messages (room, seq, time, sender, text, client_id, sender_id,"
                       " sender_username) VALUES ('lobby', 1, 100, 'alice', 'one', 'a-1', 1, 'alice')"),
        QStringLiteral("INSERT INTO messages (room, seq, time, sender, text, client_id, sender_id,"
                       " sender_username) VALUES ('lobby', 2, 200, 'alice', 'two', 'a-2', 1, 'alice')"),
};

} // namespace

class tst_HistoryStoreSchema : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void lastStepIsTheStoresVersion();
    void oldFilesOpen_data();
    void oldFilesOpen();
    void version2MessagesBecomePlainMessages();
    void messagePagesUseTheKindIndex_data();
    void messagePagesUseTheKindIndex();
    void version3FileKeepsReceipts();
    void version4MessagesAreIndexed();
};

void tst_HistoryStoreSchema::lastStepIsTheStoresVersion()
{
    const QList<SqlMigrations::Migration> steps = HistoryStoreSchema::migrations();
    QVERIFY(!steps.isEmpty());
    QCOMPARE(steps.constLast().version, HistoryStore::kSchemaVersion);
    QCOMPARE(SqlMigrations(steps).latestVersion(), HistoryStore::kSchemaVersion);
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
    QTest::addRow("version 3, empty") << kVersion1 + kVersion2 + kVersion3 << qint64(0);
    QTest::addRow("version 4, empty") << kVersion1 + kVersion2 + kVersion3 + kVersion4 << qint64(0);
    QTest::addRow("version 5, empty") << kVersion1 + kVersion2 + kVersion3 + kVersion4 + kVersion5 << qint64(0);
    QTest::addRow("version 6, empty") << kVersion1 + kVersion2 + kVersion3 + kVersion4 + kVersion5 + kVersion6 << qint64(0);
    QTest::addRow("version 7, empty") << kVersion1 + kVersion2 + kVersion3 + kVersion4 + kVersion5 + kVersion6
                                              + kVersion7 << qint64(0);
}

void tst_HistoryStoreSchema::oldFilesOpen()
{
    QFETCH(QStringList, statements);
    QFETCH(qint64, lobbySeq);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString reference = dir.filePath(QStringLiteral("reference.sqlite"));
    QVERIFY(RawSqliteFile::run(reference, kVersion1 + kVersion2 + kVersion3 + kVersion4 + kVersion5 + kVersion6
                                                  + kVersion7 + kVersion8));
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

void tst_HistoryStoreSchema::version2MessagesBecomePlainMessages()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("history.sqlite"));
    QVERIFY(RawSqliteFile::run(path, kVersion1 + kVersion2 + kRows2));
    HistoryStore store;
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    QCOMPARE(store.schemaVersion(), HistoryStore::kSchemaVersion);
    const std::optional<HistoryStore::Page> page = store.newest(kLobby, 10, 1000);
    QVERIFY(page);
    QCOMPARE(page->messages.size(), 2);
    for (const HistoryStore::Message &m : page->messages) {
        QCOMPARE(m.kind, HistoryStore::Message::Kind::Message);
        QCOMPARE(m.senderId, 1);
        QCOMPARE(m.replyTo, 0);
        QCOMPARE(m.editedMs, 0);
        QVERIFY(!m.deleted);
        QVERIFY(m.reactions.isEmpty());
    }
    // The old rows take changes and replies like new ones; their client ids still de-duplicate.
    HistoryStore::Change edit;
    edit.target = 1;
    edit.text = QStringLiteral("one, edited");
    edit.clientId = QStringLiteral("e-1");
    QCOMPARE(store.change(kLobby, kAlice, edit, 300, false, {}).message.seq, 3);
    QCOMPARE(store.post(kLobby, kAlice, QStringLiteral("re"), QStringLiteral("a-4"), 400, 2).message.seq, 4);
    const HistoryStore::Posting resent = store.post(kLobby, kAlice, QStringLiteral("two"), QStringLiteral("a-2"), 500);
    QCOMPARE(resent.outcome, HistoryStore::Outcome::Duplicate);
    QCOMPARE(resent.message.seq, 2);
    const std::optional<HistoryStore::Page> after = store.after(kLobby, 0, 10, 1000);
    QVERIFY(after && after->messages.size() == 4);
    QCOMPARE(after->messages.at(0).text, QStringLiteral("one, edited"));
    QCOMPARE(after->messages.at(0).editedMs, 300);
    QCOMPARE(after->messages.at(3).replyTo, 2);
}

void tst_HistoryStoreSchema::messagePagesUseTheKindIndex_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("index");
    // The shapes of HistoryStore's queries: "before" and "newest" (messages only) and a delete's
    // clearing of its edits must each search an index, never scan the table.
    QTest::newRow("before") << QStringLiteral("SELECT seq FROM messages WHERE room = 'r' AND kind = 0"
                                              " AND seq < 5 ORDER BY seq DESC LIMIT 10")
                            << QStringLiteral("messages_room_kind_seq");
    QTest::newRow("newest") << QStringLiteral("SELECT seq FROM messages WHERE room = 'r' AND kind = 0"
                                              " ORDER BY seq DESC LIMIT 10")
                            << QStringLiteral("messages_room_kind_seq");
    // Catching up and the last seq read every kind: still the (room, seq) index, never a sort.
    QTest::newRow("after") << QStringLiteral("SELECT seq FROM messages WHERE room = 'r' AND seq > 5"
                                             " ORDER BY seq ASC LIMIT 10")
                           << QStringLiteral("sqlite_autoindex_messages_1");
    QTest::newRow("last seq") << QStringLiteral("SELECT seq FROM messages WHERE room = 'r' ORDER BY seq DESC LIMIT 1")
                              << QStringLiteral("sqlite_autoindex_messages_1");
    QTest::newRow("edits of a message") << QStringLiteral("UPDATE messages SET text = '' WHERE room = 'r'"
                                                          " AND target_seq = 7 AND kind = 1")
                                        << QStringLiteral("messages_room_target");
}

void tst_HistoryStoreSchema::messagePagesUseTheKindIndex()
{
    QFETCH(QString, query);
    QFETCH(QString, index);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("history.sqlite"));
    {
        HistoryStore store;
        QVERIFY(store.open(path));
    }
    const QString plan = RawSqliteFile::column(path, QStringLiteral("EXPLAIN QUERY PLAN ") + query, 3);
    QVERIFY2(plan.contains(QLatin1String("USING INDEX ") + index)
                     || plan.contains(QLatin1String("USING COVERING INDEX ") + index),
             qPrintable(plan));
    QVERIFY2(!plan.contains(QLatin1String("TEMP B-TREE")), qPrintable(plan)); // no sort either
}

void tst_HistoryStoreSchema::version3FileKeepsReceipts()
{
    // A version 3 file with messages gets the receipts table; receipts move forward only and
    // are there when the file is opened again.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("history.sqlite"));
    QVERIFY(RawSqliteFile::run(path, kVersion1 + kVersion2 + kRows2 + kVersion3));
    {
        HistoryStore store;
        QVERIFY2(store.open(path), qPrintable(store.errorString()));
        QCOMPARE(store.lastSeq(kLobby).value_or(-1), qint64(2));
        QVERIFY(store.receipts());
        QCOMPARE(store.receipts()->ofRoom(kLobby, 10).value_or(QList<ReceiptStore::Receipt>{{-1, -1}}),
                 QList<ReceiptStore::Receipt>());
        const std::optional<ReceiptStore::Advance> first = store.receipts()->advance(kLobby, 1, 2);
        QVERIFY(first && first->moved() && first->before == 0 && first->kept == 2);
        const std::optional<ReceiptStore::Advance> back = store.receipts()->advance(kLobby, 1, 1);
        QVERIFY(back && !back->moved() && back->kept == 2);
        QVERIFY(store.receipts()->advance(kLobby, 7, 1));
        QVERIFY(store.receipts()->advance(QStringLiteral("other"), 7, 1));
    }
    HistoryStore store;
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    const QList<ReceiptStore::Receipt> expected{{1, 2}, {7, 1}};
    QCOMPARE(store.receipts()->ofRoom(kLobby, 10).value_or(QList<ReceiptStore::Receipt>()), expected);
    QCOMPARE(store.receipts()->ofRoom(kLobby, 1).value_or(QList<ReceiptStore::Receipt>()),
             QList<ReceiptStore::Receipt>{expected.constFirst()});  // bounded, highest first
    QVERIFY(store.receipts()->dropAccount(7));
    QCOMPARE(store.receipts()->ofRoom(kLobby, 10).value_or(QList<ReceiptStore::Receipt>()),
             QList<ReceiptStore::Receipt>{expected.constFirst()});
    QCOMPARE(store.receipts()->ofRoom(QStringLiteral("other"), 10).value_or(QList<ReceiptStore::Receipt>{{-1, -1}}),
             QList<ReceiptStore::Receipt>());
}

void tst_HistoryStoreSchema::version4MessagesAreIndexed()
{
    // The migration indexes the current texts of the messages already there: not the edit or
    // reaction rows, not the deleted message, not the edited-away text.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("history.sqlite"));
    QVERIFY(RawSqliteFile::run(path, kVersion1 + kVersion2 + kVersion3 + kVersion4 + kRows4));
    HistoryStore store;
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    QCOMPARE(store.schemaVersion(), HistoryStore::kSchemaVersion);
    QCOMPARE(RawSqliteFile::column(path, QStringLiteral("SELECT rowid FROM message_search WHERE message_search MATCH 'dep' ORDER BY rowid")),
             QStringLiteral("1\n2"));
    const auto seqsOf = [&store](const QString &term) {
        HistorySearch::Query q;
        q.terms = QStringList{term};
        q.rooms = QStringList{kLobby};
        QList<qint64> seqs;
        const std::optional<HistorySearch::Page> page = store.search()->search(q);
        for (const HistoryStore::Message &m : page.value_or(HistorySearch::Page{}).messages)
            seqs << m.seq;
        return seqs;
    };
    QCOMPARE(seqsOf(QStringLiteral("deploy")), (QList<qint64>{2, 1}));
    QCOMPARE(seqsOf(QStringLiteral("tuesday")), QList<qint64>{2});
    QCOMPARE(seqsOf(QStringLiteral("monday")), QList<qint64>());
    QCOMPARE(seqsOf(QStringLiteral("secret")), QList<qint64>());
    // And kept in step from then on, the old rows too.
    HistoryStore::Change edit;
    edit.target = 1;
    edit.text = QStringLiteral("deploy saturday");
    QCOMPARE(store.change(kLobby, kAlice, edit, 700, false, {}).outcome, HistoryStore::Outcome::Stored);
    QCOMPARE(seqsOf(QStringLiteral("friday")), QList<qint64>());
    QCOMPARE(seqsOf(QStringLiteral("saturday")), QList<qint64>{1});
}

PARLEY_TEST_GUILESS_MAIN(tst_HistoryStoreSchema)
#include "tst_historystoreschema.moc"
