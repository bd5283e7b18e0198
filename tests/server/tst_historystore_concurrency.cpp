// HistoryStore with more than one writer and a database that goes away: two connections posting
// into one room at once (SQLite's file lock, PostgreSQL's rooms row), and a PostgreSQL restart
// under a store that keeps working. Run on both engines (tst_historystore_concurrency_postgresql).
#include "historysearch.h"
#include "historystore.h"
#include "testdatabase.h"
#include "testmain.h"

#include <QAtomicInt>
#include <QHash>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace std::chrono_literals;

namespace {
const QString kLobby = QStringLiteral("lobby");
const HistoryStore::Sender kAlice{1, QStringLiteral("alice"), QStringLiteral("alice"), false};
const HistoryStore::Sender kBob{2, QStringLiteral("bob"), QStringLiteral("bob"), false};
} // namespace

class tst_HistoryStoreConcurrency : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { PARLEY_TEST_DATABASE_SETUP(); }
    void concurrentWritersShareOneSequence();
    void databaseRestartIsSurvived();
};

void tst_HistoryStoreConcurrency::concurrentWritersShareOneSequence()
{
    // Two servers (threads, each with its own connection) post into one room of one database at
    // once, and resend some of each other's messages: every seq is used once, none is skipped,
    // and a resent message is stored once. SQLite serialises them by its file lock; PostgreSQL
    // by the room's rooms.last_seq row.
    QTemporaryDir dir;
    const QString location = TestDatabase::fresh(dir.filePath(QStringLiteral("history.sqlite")));
    {
        HistoryStore schema;  // the schema before the race
        QVERIFY2(schema.open(location), qPrintable(schema.errorString()));
    }
    constexpr int kPerWriter = 150;
    QAtomicInt failures;
    const auto writer = [&](const HistoryStore::Sender &sender) {
        HistoryStore store(10s);
        if (!store.open(location)) {
            failures.fetchAndAddRelaxed(1);
            return;
        }
        for (int i = 0; i < kPerWriter; ++i) {
            // Each message twice (a resend after a lost ack): Stored, then Duplicate.
            for (int attempt = 0; attempt < 2; ++attempt) {
                const HistoryStore::Posting p = store.post(
                        kLobby, sender, QStringLiteral("m%1").arg(i), QStringLiteral("c%1").arg(i), 1000 + i);
                const auto expected = attempt == 0 ? HistoryStore::Outcome::Stored
                                                   : HistoryStore::Outcome::Duplicate;
                if (p.outcome != expected)
                    failures.fetchAndAddRelaxed(1);
            }
        }
    };
    std::unique_ptr<QThread> a(QThread::create(writer, kAlice));
    std::unique_ptr<QThread> b(QThread::create(writer, kBob));
    a->start();
    b->start();
    QVERIFY(a->wait(60000));
    QVERIFY(b->wait(60000));
    QCOMPARE(failures.loadRelaxed(), 0);

    HistoryStore store;
    QVERIFY(store.open(location));
    QCOMPARE(store.lastSeq(kLobby).value_or(-1), qint64(2 * kPerWriter));
    QCOMPARE(store.messageCount().value_or(-1), qint64(2 * kPerWriter));
    const std::optional<HistoryStore::Page> page = store.after(kLobby, 0, 2 * kPerWriter, 1 << 20);
    QVERIFY(page);
    QCOMPARE(page->messages.size(), 2 * kPerWriter);
    QHash<qint64, int> perSender;
    for (int i = 0; i < page->messages.size(); ++i) {
        QCOMPARE(page->messages.at(i).seq, qint64(i + 1));
        ++perSender[page->messages.at(i).senderId];
    }
    QCOMPARE(perSender.value(kAlice.id), kPerWriter);
    QCOMPARE(perSender.value(kBob.id), kPerWriter);
}

void tst_HistoryStoreConcurrency::databaseRestartIsSurvived()
{
    if (!TestDatabase::isPostgres())
        QSKIP("a PostgreSQL server restart");
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    QCOMPARE(store.post(kLobby, kAlice, QStringLiteral("before"), QStringLiteral("b"), 1).message.seq, 1);
    QVERIFY(!store.recover()); // nothing failed: nothing to do
    QVERIFY(TestDatabase::restartServer());
    // The link is gone: the write fails on it, the store connects again (statements and all)
    // and writes on the new link -- the request does not fail at all.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("history database .* failed")));
    QCOMPARE(store.post(kLobby, kAlice, QStringLiteral("during"), QStringLiteral("d"), 2).message.seq, 2);
    QVERIFY(store.isOpen());
    // Reads come back the same way, once a new try is due (at most one a second: a database
    // that is down costs one refused connection a second, not one per request).
    QVERIFY(TestDatabase::restartServer());
    QTRY_COMPARE_WITH_TIMEOUT(store.lastSeq(kLobby).value_or(-1), qint64(2), 5000);
    QCOMPARE(store.post(kLobby, kAlice, QStringLiteral("before"), QStringLiteral("b"), 4).outcome,
             HistoryStore::Outcome::Duplicate);
    QCOMPARE(store.search()->search(HistorySearch::Query{{QStringLiteral("dur")}, {kLobby}}).value_or(
                     HistorySearch::Page{}).messages.size(),
             1);
    QVERIFY(!store.recover());
}

PARLEY_TEST_GUILESS_MAIN(tst_HistoryStoreConcurrency)
#include "tst_historystore_concurrency.moc"
