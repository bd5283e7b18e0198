// HistoryStore: SQLite through Qt SQL, with no socket at all. File databases live in a
// QTemporaryDir; a second "side" connection plays another process (a trigger, a held lock, an old
// or newer schema) to reach the failure paths without any hook in the code under test.

#include "historystore.h"
#include "sqlconnection.h"
#include "testdatabase.h"
#include "testmain.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;

namespace {

const QString kLobby = QStringLiteral("lobby");
const HistoryStore::Sender kAlice{1, QStringLiteral("alice"), QStringLiteral("alice"), false};
const HistoryStore::Sender kBob{2, QStringLiteral("bob"), QStringLiteral("bob"), false};

//! Another connection to the same database (an SQLite file or a PostgreSQL location), as another
//! process would have one.
class SideConnection
{
public:
    explicit SideConnection(const QString &location) { m_connection.open(location); }
    bool isOpen() const { return m_connection.isOpen(); }

    //! Runs \a sql; the first column of its first row (an invalid QVariant when none), or the
    //! error text prefixed with "ERROR:" so a QCOMPARE shows it.
    QVariant exec(const QString &sql)
    {
        const std::optional<QVariant> value = m_connection.execute(sql);
        return value ? *value : QVariant(QStringLiteral("ERROR: ") + m_connection.errorString());
    }

private:
    SqlConnection m_connection;
};

QList<qint64> seqs(const HistoryStore::Page &page)
{
    QList<qint64> result;
    for (const HistoryStore::Message &m : page.messages)
        result << m.seq;
    return result;
}

} // namespace

class tst_HistoryStore : public QObject
{
    Q_OBJECT

private:
    //! An in-memory store holding lobby seq 1..10 (text "m<seq>", time 1000 + seq, alice on odd
    //! and bob on even seqs, clientId "c<seq>") and room "other" seq 1..3.
    static void seed(HistoryStore &store)
    {
        for (qint64 i = 1; i <= 10; ++i) {
            const HistoryStore::Posting p =
                    store.post(kLobby, i % 2 ? kAlice : kBob, QStringLiteral("m%1").arg(i),
                               QStringLiteral("c%1").arg(i), 1000 + i);
            QCOMPARE(p.outcome, HistoryStore::Outcome::Stored);
            if (i <= 3) {
                QCOMPARE(store.post(QStringLiteral("other"), kAlice, QStringLiteral("o"),
                                    QStringLiteral("o%1").arg(i), 1)
                                 .outcome,
                         HistoryStore::Outcome::Stored);
            }
        }
    }

private Q_SLOTS:
    void initTestCase();
    void opensInMemory();
    void opensAFileInWalModeWithTheSchema();
    void postAssignsIncreasingSeqPerRoom();
    void resendReturnsTheOriginal();
    void senderIsPartOfTheKey();
    void senderIdIsTheKeyNotTheName();
    void senderIsReadBack();
    void emptyClientIdIsNeverDeduplicated();
    void clientIdIsUniqueAcrossRooms();
    void queries_data();
    void queries();
    void queriedMessagesAreComplete();
    void textBudgetShortensAPage();
    void reopenKeepsEverything();
    void olderSchemaIsMigrated();
    void newerSchemaIsRefused();
    void fileThatIsNotADatabaseIsRefused();
    void unopenablePathIsRefused();
    void failedWriteStoresNothingAndUsesNoSeq();
    void lockedDatabaseFailsWithinTheBusyTimeout();
    void storesAreIndependent();
    void closedStoreFailsCleanly();
};

void tst_HistoryStore::initTestCase()
{
    PARLEY_TEST_DATABASE_SETUP();
}

void tst_HistoryStore::opensInMemory()
{
    HistoryStore store;
    QVERIFY(!store.isOpen());
    QVERIFY2(store.open(TestDatabase::fresh()), qPrintable(store.errorString()));
    QVERIFY(store.isOpen());
    QCOMPARE(store.schemaVersion(), HistoryStore::kSchemaVersion);
    if (!TestDatabase::isPostgres()) {
        QVERIFY(store.databasePath().isEmpty());
        QCOMPARE(store.journalMode(), QStringLiteral("memory"));
    }
    QCOMPARE(store.lastSeq(kLobby).value_or(-1), qint64(0));
    QCOMPARE(store.messageCount().value_or(-1), qint64(0));
    store.close();
    store.close();  // twice is fine
    QVERIFY(!store.isOpen());
}

void tst_HistoryStore::opensAFileInWalModeWithTheSchema()
{
    PARLEY_SQLITE_ONLY();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("history.sqlite"));
    {
        HistoryStore store;
        QVERIFY2(store.open(path), qPrintable(store.errorString()));
        QCOMPARE(store.databasePath(), path);
        QCOMPARE(store.journalMode(), QStringLiteral("wal"));
        QCOMPARE(store.schemaVersion(), HistoryStore::kSchemaVersion);
    }
    SideConnection side(path);
    QVERIFY(side.isOpen());
    QCOMPARE(side.exec(QStringLiteral("PRAGMA user_version")).toInt(), HistoryStore::kSchemaVersion);
    QCOMPARE(side.exec(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    QCOMPARE(side.exec(QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE name = 'messages'")).toInt(), 1);
    // The de-dup index is unique and partial (empty client ids and legacy rows are exempt).
    const QString index = side.exec(QStringLiteral(
            "SELECT sql FROM sqlite_master WHERE name = 'messages_sender_id_client_id'")).toString();
    QVERIFY2(index.contains(QLatin1String("UNIQUE")) && index.contains(QLatin1String("WHERE")),
             qPrintable(index));
    // UNIQUE(room, seq) holds even for writers that are not HistoryStore.
    QCOMPARE(side.exec(QStringLiteral("INSERT INTO messages (room, seq, time, sender, text) VALUES ('r', 1, 0, 'a', 't')")),
             QVariant());
    QVERIFY(side.exec(QStringLiteral("INSERT INTO messages (room, seq, time, sender, text) VALUES ('r', 1, 0, 'b', 'u')"))
                    .toString().startsWith(QLatin1String("ERROR")));
}

void tst_HistoryStore::postAssignsIncreasingSeqPerRoom()
{
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    for (qint64 i = 1; i <= 3; ++i) {
        const HistoryStore::Posting p = store.post(kLobby, kAlice, QStringLiteral("hi"),
                                                   QString::number(i), 5000 + i);
        QCOMPARE(p.outcome, HistoryStore::Outcome::Stored);
        QCOMPARE(p.message.seq, i);
        QCOMPARE(p.message.timeMs, 5000 + i);
        QCOMPARE(p.message.room, kLobby);
        QCOMPARE(p.message.sender, kAlice.name);
        QCOMPARE(p.message.text, QStringLiteral("hi"));
        QCOMPARE(p.message.clientId, QString::number(i));
        QCOMPARE(store.lastSeq(kLobby).value_or(-1), qint64(i));
    }
    const HistoryStore::Posting other = store.post(QStringLiteral("other"), kAlice,
                                                   QStringLiteral("x"), QStringLiteral("x"), 1);
    QCOMPARE(other.message.seq, 1);  // per room
    QCOMPARE(store.lastSeq(kLobby).value_or(-1), qint64(3));
    QCOMPARE(store.lastSeq(QStringLiteral("Lobby")).value_or(-1), qint64(0));  // room names are case-sensitive
    QCOMPARE(store.messageCount().value_or(-1), qint64(4));
}

void tst_HistoryStore::resendReturnsTheOriginal()
{
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    const HistoryStore::Posting first = store.post(kLobby, kAlice, QStringLiteral("once"),
                                                   QStringLiteral("u1"), 100);
    store.post(kLobby, kAlice, QStringLiteral("two"), QStringLiteral("u2"), 200);
    const HistoryStore::Posting again = store.post(kLobby, kAlice, QStringLiteral("changed"),
                                                   QStringLiteral("u1"), 300);
    QCOMPARE(again.outcome, HistoryStore::Outcome::Duplicate);
    QCOMPARE(again.message.seq, first.message.seq);
    QCOMPARE(again.message.timeMs, 100);
    QCOMPARE(again.message.text, QStringLiteral("once"));  // the original, not the resend
    QCOMPARE(again.message.room, kLobby);
    QCOMPARE(store.lastSeq(kLobby).value_or(-1), qint64(2));  // no seq consumed by the resend
    QCOMPARE(store.messageCount().value_or(-1), qint64(2));
}

void tst_HistoryStore::senderIsPartOfTheKey()
{
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    store.post(kLobby, kAlice, QStringLiteral("a"), QStringLiteral("same"), 1);
    const HistoryStore::Posting bob = store.post(kLobby, kBob, QStringLiteral("b"),
                                                 QStringLiteral("same"), 2);
    QCOMPARE(bob.outcome, HistoryStore::Outcome::Stored);
    QCOMPARE(bob.message.seq, 2);
}

void tst_HistoryStore::senderIdIsTheKeyNotTheName()
{
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    const HistoryStore::Sender dana{7, QStringLiteral("Dana"), QStringLiteral("guest-7"), true};
    const HistoryStore::Sender otherDana{8, QStringLiteral("Dana"), QStringLiteral("guest-8"), true};
    QCOMPARE(store.post(kLobby, dana, QStringLiteral("a"), QStringLiteral("same"), 1).outcome,
             HistoryStore::Outcome::Stored);
    // Another account under the same name: another message.
    const HistoryStore::Posting other = store.post(kLobby, otherDana, QStringLiteral("b"),
                                                   QStringLiteral("same"), 2);
    QCOMPARE(other.outcome, HistoryStore::Outcome::Stored);
    QCOMPARE(other.message.seq, 2);
    // The same account renamed: the original, under the name it was posted with.
    HistoryStore::Sender renamed = dana;
    renamed.name = QStringLiteral("Dana B.");
    const HistoryStore::Posting again = store.post(kLobby, renamed, QStringLiteral("a"),
                                                   QStringLiteral("same"), 3);
    QCOMPARE(again.outcome, HistoryStore::Outcome::Duplicate);
    QCOMPARE(again.message.seq, 1);
    QCOMPARE(again.message.sender, QStringLiteral("Dana"));
    QCOMPARE(again.message.senderId, 7);
    // No account, no message.
    const HistoryStore::Posting nobody = store.post(kLobby, HistoryStore::Sender{0, QStringLiteral("x"), {}, false},
                                                    QStringLiteral("t"), QString(), 4);
    QCOMPARE(nobody.outcome, HistoryStore::Outcome::Failed);
    QCOMPARE(store.messageCount().value_or(-1), qint64(2));
}

void tst_HistoryStore::senderIsReadBack()
{
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    const HistoryStore::Sender guest{9, QStringLiteral("Zoë 😀"), QStringLiteral("guest-9"), true};
    store.post(kLobby, guest, QStringLiteral("g"), QStringLiteral("g1"), 1);
    store.post(kLobby, kAlice, QStringLiteral("a"), QStringLiteral("a1"), 2);
    const std::optional<HistoryStore::Page> page = store.newest(kLobby, 10, 1000);
    QVERIFY(page && page->messages.size() == 2);
    const HistoryStore::Message &g = page->messages.at(0);
    QCOMPARE(g.sender, guest.name);
    QCOMPARE(g.senderId, guest.id);
    QCOMPARE(g.senderUsername, guest.username);
    QVERIFY(g.senderGuest);
    QVERIFY(!g.isLegacy());
    QVERIFY(!page->messages.at(1).senderGuest);
}

void tst_HistoryStore::emptyClientIdIsNeverDeduplicated()
{
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    QCOMPARE(store.post(kLobby, kAlice, QStringLiteral("a"), QString(), 1).outcome,
             HistoryStore::Outcome::Stored);
    const HistoryStore::Posting second = store.post(kLobby, kAlice, QStringLiteral("a"), QString(), 2);
    QCOMPARE(second.outcome, HistoryStore::Outcome::Stored);
    QCOMPARE(second.message.seq, 2);
}

void tst_HistoryStore::clientIdIsUniqueAcrossRooms()
{
    // docs/protocol.md: (user id, clientId) identifies one message, whatever the room.
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    store.post(kLobby, kAlice, QStringLiteral("first"), QStringLiteral("u"), 10);
    const HistoryStore::Posting elsewhere = store.post(QStringLiteral("other"), kAlice,
                                                       QStringLiteral("again"), QStringLiteral("u"), 20);
    QCOMPARE(elsewhere.outcome, HistoryStore::Outcome::Duplicate);
    QCOMPARE(elsewhere.message.room, kLobby);
    QCOMPARE(elsewhere.message.seq, 1);
    QCOMPARE(store.lastSeq(QStringLiteral("other")).value_or(-1), qint64(0));
}

void tst_HistoryStore::queries_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<qint64>("seq");
    QTest::addColumn<int>("limit");
    QTest::addColumn<QList<qint64>>("expected");
    QTest::addColumn<bool>("hasMore");
    const QString newest = QStringLiteral("newest");
    const QString after = QStringLiteral("after");
    const QString before = QStringLiteral("before");

    QTest::newRow("newest 3") << newest << qint64(0) << 3 << QList<qint64>{8, 9, 10} << true;
    QTest::newRow("newest 10 of 10") << newest << qint64(0) << 10 << QList<qint64>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10} << false;
    QTest::newRow("newest 100") << newest << qint64(0) << 100 << QList<qint64>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10} << false;
    QTest::newRow("newest 1") << newest << qint64(0) << 1 << QList<qint64>{10} << true;
    QTest::newRow("after 0, 4") << after << qint64(0) << 4 << QList<qint64>{1, 2, 3, 4} << true;
    QTest::newRow("after 6, exactly the rest") << after << qint64(6) << 4 << QList<qint64>{7, 8, 9, 10} << false;
    QTest::newRow("after 7, fewer than limit") << after << qint64(7) << 4 << QList<qint64>{8, 9, 10} << false;
    QTest::newRow("after last") << after << qint64(10) << 4 << QList<qint64>{} << false;
    QTest::newRow("after the future") << after << qint64(99) << 4 << QList<qint64>{} << false;
    QTest::newRow("before 5, 3") << before << qint64(5) << 3 << QList<qint64>{2, 3, 4} << true;
    QTest::newRow("before 4, exactly the rest") << before << qint64(4) << 3 << QList<qint64>{1, 2, 3} << false;
    QTest::newRow("before 1") << before << qint64(1) << 3 << QList<qint64>{} << false;
    QTest::newRow("before 0") << before << qint64(0) << 3 << QList<qint64>{} << false;
    QTest::newRow("before the future") << before << qint64(1000) << 100 << QList<qint64>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10} << false;
    QTest::newRow("limit below 1 means 1") << after << qint64(0) << 0 << QList<qint64>{1} << true;
}

void tst_HistoryStore::queries()
{
    QFETCH(QString, kind);
    QFETCH(qint64, seq);
    QFETCH(int, limit);
    QFETCH(QList<qint64>, expected);
    QFETCH(bool, hasMore);
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    seed(store);
    constexpr qsizetype kNoBudget = 1'000'000;
    const std::optional<HistoryStore::Page> page =
            kind == QLatin1String("after")    ? store.after(kLobby, seq, limit, kNoBudget)
            : kind == QLatin1String("before") ? store.before(kLobby, seq, limit, kNoBudget)
                                              : store.newest(kLobby, limit, kNoBudget);
    QVERIFY2(page, qPrintable(store.errorString()));
    QCOMPARE(seqs(*page), expected);
    QCOMPARE(page->hasMore, hasMore);
}

void tst_HistoryStore::queriedMessagesAreComplete()
{
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    seed(store);
    const std::optional<HistoryStore::Page> page = store.after(kLobby, 0, 100, 1'000'000);
    QVERIFY(page);
    QCOMPARE(page->messages.size(), 10);
    for (const HistoryStore::Message &m : page->messages) {
        QCOMPARE(m.room, kLobby);
        QCOMPARE(m.text, QStringLiteral("m%1").arg(m.seq));
        QCOMPARE(m.timeMs, 1000 + m.seq);
        QCOMPARE(m.sender, m.seq % 2 ? kAlice.name : kBob.name);
        QCOMPARE(m.senderId, m.seq % 2 ? kAlice.id : kBob.id);
        QCOMPARE(m.senderUsername, m.seq % 2 ? kAlice.username : kBob.username);
        QVERIFY(!m.isLegacy());
        QCOMPARE(m.clientId, QStringLiteral("c%1").arg(m.seq));
    }
    const std::optional<HistoryStore::Page> unknown = store.newest(QStringLiteral("nowhere"), 10, 100);
    QVERIFY(unknown);
    QVERIFY(unknown->messages.isEmpty());
    QVERIFY(!unknown->hasMore);

    // Text comes back exactly as stored, whatever it holds.
    const QString odd = QStringLiteral("ça 😀 '\"; DROP TABLE messages; --\n\t") + QChar(0x2028);
    QCOMPARE(store.post(QStringLiteral("odd"), kAlice, odd, QString(), 1).outcome,
             HistoryStore::Outcome::Stored);
    const std::optional<HistoryStore::Page> oddPage = store.newest(QStringLiteral("odd"), 1, 100);
    QVERIFY(oddPage && oddPage->messages.size() == 1);
    QCOMPARE(oddPage->messages.constFirst().text, odd);
}

void tst_HistoryStore::textBudgetShortensAPage()
{
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    for (int i = 1; i <= 5; ++i)
        store.post(kLobby, kAlice, QString(10, QLatin1Char('x')), QString(), i);
    // 25 characters hold two 10-character texts: ascending from the oldest...
    std::optional<HistoryStore::Page> page = store.after(kLobby, 0, 100, 25);
    QVERIFY(page);
    QCOMPARE(seqs(*page), (QList<qint64>{1, 2}));
    QVERIFY(page->hasMore);
    // ...newest first for the backward queries (the gap is on the older side).
    page = store.newest(kLobby, 100, 25);
    QCOMPARE(seqs(*page), (QList<qint64>{4, 5}));
    QVERIFY(page->hasMore);
    page = store.before(kLobby, 5, 100, 20);
    QCOMPARE(seqs(*page), (QList<qint64>{3, 4}));
    QVERIFY(page->hasMore);
    // A budget smaller than one message still returns one, so paging always progresses.
    page = store.after(kLobby, 2, 100, 1);
    QCOMPARE(seqs(*page), (QList<qint64>{3}));
    QVERIFY(page->hasMore);
    page = store.after(kLobby, 4, 100, 1);
    QCOMPARE(seqs(*page), (QList<qint64>{5}));
    QVERIFY(!page->hasMore);
}

void tst_HistoryStore::reopenKeepsEverything()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = TestDatabase::fresh(dir.filePath(QStringLiteral("history.sqlite")));
    qint64 originalTime = 0;
    {
        HistoryStore store;
        QVERIFY(store.open(path));
        originalTime = store.post(kLobby, kAlice, QStringLiteral("one"), QStringLiteral("u1"), 111)
                               .message.timeMs;
        store.post(kLobby, kBob, QStringLiteral("two"), QStringLiteral("u2"), 222);
        store.post(kLobby, kAlice, QStringLiteral("three"), QString(), 333);
        store.post(QStringLiteral("other"), kAlice, QStringLiteral("x"), QStringLiteral("o1"), 444);
    }
    HistoryStore store;
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    QCOMPARE(store.schemaVersion(), HistoryStore::kSchemaVersion);
    QCOMPARE(store.messageCount().value_or(-1), qint64(4));
    QCOMPARE(store.lastSeq(kLobby).value_or(-1), qint64(3));
    QCOMPARE(store.lastSeq(QStringLiteral("other")).value_or(-1), qint64(1));

    // De-dup survives the restart: same seq and time, nothing added.
    const HistoryStore::Posting resent = store.post(kLobby, kAlice, QStringLiteral("one"),
                                                    QStringLiteral("u1"), 999);
    QCOMPARE(resent.outcome, HistoryStore::Outcome::Duplicate);
    QCOMPARE(resent.message.seq, 1);
    QCOMPARE(resent.message.timeMs, originalTime);

    // Seq continues where it left off.
    const HistoryStore::Posting next = store.post(kLobby, kBob, QStringLiteral("four"),
                                                  QStringLiteral("u4"), 555);
    QCOMPARE(next.outcome, HistoryStore::Outcome::Stored);
    QCOMPARE(next.message.seq, 4);

    const std::optional<HistoryStore::Page> page = store.newest(kLobby, 100, 1000);
    QVERIFY(page);
    QCOMPARE(seqs(*page), (QList<qint64>{1, 2, 3, 4}));
    QCOMPARE(page->messages.at(0).text, QStringLiteral("one"));
    QCOMPARE(page->messages.at(1).sender, kBob.name);
    QCOMPARE(page->messages.at(2).timeMs, 333);
    QCOMPARE(page->messages.at(2).clientId, QString());
}

void tst_HistoryStore::olderSchemaIsMigrated()
{
    PARLEY_SQLITE_ONLY();
    // A file from before any schema (user_version 0, nothing in it) is brought to the current one.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.sqlite"));
    {
        SideConnection side(path);
        QCOMPARE(side.exec(QStringLiteral("CREATE TABLE unrelated (x)")), QVariant());
    }
    HistoryStore store;
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    QCOMPARE(store.schemaVersion(), HistoryStore::kSchemaVersion);
    QCOMPARE(store.post(kLobby, kAlice, QStringLiteral("t"), QString(), 1).message.seq, 1);
}

void tst_HistoryStore::newerSchemaIsRefused()
{
    PARLEY_SQLITE_ONLY();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.sqlite"));
    {
        SideConnection side(path);
        QCOMPARE(side.exec(QStringLiteral("PRAGMA user_version = 9")), QVariant());
    }
    HistoryStore store;
    QVERIFY(!store.open(path));
    QVERIFY(!store.isOpen());
    QVERIFY2(store.errorString().contains(QLatin1String("schema version 9 is newer")),
             qPrintable(store.errorString()));
    SideConnection side(path);
    QCOMPARE(side.exec(QStringLiteral("PRAGMA user_version")).toInt(), 9);  // left untouched
    QCOMPARE(side.exec(QStringLiteral("SELECT COUNT(*) FROM sqlite_master")).toInt(), 0);
}

void tst_HistoryStore::fileThatIsNotADatabaseIsRefused()
{
    PARLEY_SQLITE_ONLY();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("history.sqlite"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray(4096, 'x'));
    file.close();
    HistoryStore store;
    QVERIFY(!store.open(path));
    QVERIFY2(store.errorString().contains(QLatin1String("not a database")),
             qPrintable(store.errorString()));
    QVERIFY(!store.isOpen());
}

void tst_HistoryStore::unopenablePathIsRefused()
{
    PARLEY_SQLITE_ONLY();
    QTemporaryDir dir;
    HistoryStore store;
    QVERIFY(!store.open(dir.filePath(QStringLiteral("missing/dir/history.sqlite"))));
    QVERIFY(!store.errorString().isEmpty());
    QVERIFY(!store.isOpen());
    QVERIFY(!store.open(dir.path()));  // a directory
    QVERIFY(!store.isOpen());
    QVERIFY(store.open(TestDatabase::fresh()));  // and the object is still usable
}

void tst_HistoryStore::failedWriteStoresNothingAndUsesNoSeq()
{
    QTemporaryDir dir;
    const QString path = TestDatabase::fresh(dir.filePath(QStringLiteral("history.sqlite")));
    HistoryStore store;
    QVERIFY(store.open(path));
    QCOMPARE(store.post(kLobby, kAlice, QStringLiteral("ok"), QStringLiteral("u1"), 1).message.seq, 1);

    SideConnection side(path);
    if (TestDatabase::isPostgres()) {
        QCOMPARE(side.exec(QStringLiteral(
                         "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS"
                         " $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$")),
                 QVariant());
        QCOMPARE(side.exec(QStringLiteral("CREATE TRIGGER refuse BEFORE INSERT ON messages"
                                          " FOR EACH ROW EXECUTE FUNCTION refuse()")),
                 QVariant());
    } else {
        QCOMPARE(side.exec(QStringLiteral(
                         "CREATE TRIGGER refuse BEFORE INSERT ON messages"
                         " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")),
                 QVariant());
    }
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("refused by the test")));
    const HistoryStore::Posting failed = store.post(kLobby, kAlice, QStringLiteral("lost?"),
                                                    QStringLiteral("u2"), 2);
    QCOMPARE(failed.outcome, HistoryStore::Outcome::Failed);
    QVERIFY2(store.errorString().contains(QLatin1String("refused by the test")),
             qPrintable(store.errorString()));
    QCOMPARE(store.lastSeq(kLobby).value_or(-1), qint64(1));
    QCOMPARE(store.messageCount().value_or(-1), qint64(1));

    // Once the fault is gone the same message goes through, with the next seq and no gap.
    QCOMPARE(side.exec(TestDatabase::isPostgres() ? QStringLiteral("DROP TRIGGER refuse ON messages")
                                                  : QStringLiteral("DROP TRIGGER refuse")),
             QVariant());
    const HistoryStore::Posting retried = store.post(kLobby, kAlice, QStringLiteral("lost?"),
                                                     QStringLiteral("u2"), 3);
    QCOMPARE(retried.outcome, HistoryStore::Outcome::Stored);
    QCOMPARE(retried.message.seq, 2);
}

void tst_HistoryStore::lockedDatabaseFailsWithinTheBusyTimeout()
{
    QTemporaryDir dir;
    const QString path = TestDatabase::fresh(dir.filePath(QStringLiteral("history.sqlite")));
    HistoryStore store(50ms);
    QVERIFY(store.open(path));
    store.post(kLobby, kAlice, QStringLiteral("before the lock"), QString(), 1);

    SideConnection side(path);
    // Another writer: it holds SQLite's write lock, or PostgreSQL's lock on the messages table
    // (which lets readers through, as WAL does).
    QCOMPARE(side.exec(TestDatabase::isPostgres() ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE")),
             QVariant());
    if (TestDatabase::isPostgres())
        QCOMPARE(side.exec(QStringLiteral("LOCK TABLE messages IN EXCLUSIVE MODE")), QVariant());
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(TestDatabase::isPostgres() ? QStringLiteral("lock timeout")
                                                                       : QStringLiteral("locked")));
    QElapsedTimer clock;
    clock.start();
    QCOMPARE(store.post(kLobby, kAlice, QStringLiteral("blocked"), QStringLiteral("u"), 2).outcome,
             HistoryStore::Outcome::Failed);
    QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
    // WAL: readers are not blocked by the writer.
    QCOMPARE(store.lastSeq(kLobby).value_or(-1), qint64(1));
    QVERIFY(store.newest(kLobby, 10, 100));

    QCOMPARE(side.exec(QStringLiteral("COMMIT")), QVariant());
    QCOMPARE(store.post(kLobby, kAlice, QStringLiteral("blocked"), QStringLiteral("u"), 3).message.seq, 2);
}

void tst_HistoryStore::storesAreIndependent()
{
    HistoryStore a;
    HistoryStore b;
    QVERIFY(a.open(TestDatabase::fresh()));
    QVERIFY(b.open(TestDatabase::fresh()));
    a.post(kLobby, kAlice, QStringLiteral("only in a"), QStringLiteral("u"), 1);
    QCOMPARE(a.lastSeq(kLobby).value_or(-1), qint64(1));
    QCOMPARE(b.lastSeq(kLobby).value_or(-1), qint64(0));
    QCOMPARE(b.post(kLobby, kAlice, QStringLiteral("in b"), QStringLiteral("u"), 2).outcome,
             HistoryStore::Outcome::Stored);
}

void tst_HistoryStore::closedStoreFailsCleanly()
{
    HistoryStore store;
    QCOMPARE(store.post(kLobby, kAlice, QStringLiteral("t"), QString(), 1).outcome,
             HistoryStore::Outcome::Failed);
    QVERIFY(!store.lastSeq(kLobby));
    QVERIFY(!store.after(kLobby, 0, 10, 100));
    QVERIFY(!store.before(kLobby, 5, 10, 100));
    QVERIFY(!store.newest(kLobby, 10, 100));
    QVERIFY(!store.messageCount());
    QCOMPARE(store.errorString(), QStringLiteral("history database is not open"));
    QCOMPARE(store.schemaVersion(), 0);
}

PARLEY_TEST_GUILESS_MAIN(tst_HistoryStore)
#include "tst_historystore.moc"
