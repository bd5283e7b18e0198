// HistoryCopy (`parley-server --import-sqlite FILE --database postgresql://…`): a single server's
// SQLite file, with accounts, tokens, messages, edits, deletes, reactions, receipts and a file,
// copied into a private PostgreSQL; afterwards the cluster's database answers exactly as the file
// did, and goes on from there (seqs, ids, tokens).
#include "accountstore.h"
#include "historycopy.h"
#include "historysearch.h"
#include "historystore.h"
#include "receiptstore.h"
#include "testdatabase.h"
#include "testmain.h"

#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;
using Kind = HistoryStore::Message::Kind;

class tst_HistoryCopy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void copiesEverythingAndGoesOn();
    void refusesATargetWithData();
    void refusesWrongLocations();
};

void tst_HistoryCopy::initTestCase()
{
    if (!TestDatabase::isPostgres())
        QSKIP("runs as tst_historycopy_postgresql");
    PARLEY_TEST_DATABASE_SETUP();
}

void tst_HistoryCopy::copiesEverythingAndGoesOn()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("history.sqlite"));
    AccountStore::Settings fast;
    fast.hashing = PasswordHasher::fastestSettings();
    QString token;
    HistoryStore::Sender alice, bob;
    QList<HistoryStore::Message> lobbyBefore, otherBefore;
    {
        AccountStore accounts(fast);
        QVERIFY(accounts.open(file));
        const auto a = accounts.createAccount(QStringLiteral("alice"), QStringLiteral("Alice"), QStringLiteral("alice's password"), true);
        const auto b = accounts.createAccount(QStringLiteral("bob"), QStringLiteral("Bob"), QStringLiteral("bob's password"), false);
        QVERIFY(a.ok() && b.ok());
        token = accounts.issueToken(a.value.id, QStringLiteral("laptop"), 24h).value;
        QVERIFY(accounts.createInvite(a.value.id, 3, 24h).ok());
        alice = {a.value.id, QStringLiteral("Alice"), QStringLiteral("alice"), false};
        bob = {b.value.id, QStringLiteral("Bob"), QStringLiteral("bob"), false};

        HistoryStore history;
        QVERIFY(history.open(file));
        const HistoryStore::File photo{QString(64, QLatin1Char('a')), QStringLiteral("photo.jpg"), 1234,
                                       QStringLiteral("image/jpeg"), QByteArray("\xff\xd8\xff thumb", 10)};
        for (int i = 1; i <= 30; ++i)
            QCOMPARE(history.post(QStringLiteral("lobby"), i % 2 ? alice : bob, QStringLiteral("hello %1 déjà 你好").arg(i),
                                  QStringLiteral("c%1").arg(i), 1000 + i).outcome,
                     HistoryStore::Outcome::Stored);
        QCOMPARE(history.post(QStringLiteral("other"), bob, QStringLiteral("a photo"), QStringLiteral("p"), 2000, 3, photo).outcome,
                 HistoryStore::Outcome::Refused); // reply to a message of another room
        QCOMPARE(history.post(QStringLiteral("other"), bob, QStringLiteral("a photo"), QStringLiteral("p"), 2000, 0, photo).outcome,
                 HistoryStore::Outcome::Stored);
        HistoryStore::Change edit{Kind::Edit, 1, QStringLiteral("hello 1, edited"), true, QStringLiteral("e1")};
        QCOMPARE(history.change(QStringLiteral("lobby"), alice, edit, 3000, false, 48h).outcome, HistoryStore::Outcome::Stored);
        HistoryStore::Change del{Kind::Delete, 3, QString(), true, QStringLiteral("d3")};
        QCOMPARE(history.change(QStringLiteral("lobby"), alice, del, 3001, false, 48h).outcome, HistoryStore::Outcome::Stored);
        HistoryStore::Change react{Kind::React, 2, QStringLiteral("👍"), true, QStringLiteral("r2")};
        QCOMPARE(history.change(QStringLiteral("lobby"), alice, react, 3002, false, 48h).outcome, HistoryStore::Outcome::Stored);
        QVERIFY(history.receipts()->advance(QStringLiteral("lobby"), bob.id, 20));
        lobbyBefore = history.after(QStringLiteral("lobby"), 0, 1000, 1 << 20)->messages;
        otherBefore = history.after(QStringLiteral("other"), 0, 1000, 1 << 20)->messages;
    }
    QCOMPARE(lobbyBefore.size(), 33);

    const QString target = TestDatabase::fresh();
    const HistoryCopy::Result copied = HistoryCopy::copy(file, target);
    QVERIFY2(copied.ok, qPrintable(copied.error));
    QCOMPARE(copied.rooms, 2);
    QHash<QString, qint64> rows;
    for (const HistoryCopy::Table &t : copied.tables)
        rows.insert(t.name, t.rows);
    QCOMPARE(rows.value(QStringLiteral("accounts")), 2);
    QCOMPARE(rows.value(QStringLiteral("tokens")), 1);
    QCOMPARE(rows.value(QStringLiteral("invites")), 1);
    QCOMPARE(rows.value(QStringLiteral("messages")), 34);
    QCOMPARE(rows.value(QStringLiteral("reactions")), 1);
    QCOMPARE(rows.value(QStringLiteral("receipts")), 1);
    QCOMPARE(rows.value(QStringLiteral("file_rooms")), 1);

    HistoryStore history;
    QVERIFY2(history.open(target), qPrintable(history.errorString()));
    const QList<HistoryStore::Message> lobbyAfter = history.after(QStringLiteral("lobby"), 0, 1000, 1 << 20)->messages;
    QCOMPARE(lobbyAfter.size(), lobbyBefore.size());
    for (int i = 0; i < lobbyAfter.size(); ++i) {
        const HistoryStore::Message &x = lobbyBefore.at(i), &y = lobbyAfter.at(i);
        QCOMPARE(y.seq, x.seq);
        QCOMPARE(y.text, x.text);
        QCOMPARE(y.kind, x.kind);
        QCOMPARE(y.timeMs, x.timeMs);
        QCOMPARE(y.senderId, x.senderId);
        QCOMPARE(y.clientId, x.clientId);
        QCOMPARE(y.editedMs, x.editedMs);
        QCOMPARE(y.deleted, x.deleted);
        QCOMPARE(y.reactions.size(), x.reactions.size());
    }
    QCOMPARE(lobbyAfter.at(1).reactions.constFirst().emoji, QStringLiteral("👍"));
    const HistoryStore::Message photo = history.after(QStringLiteral("other"), 0, 10, 1 << 20)->messages.constFirst();
    QCOMPARE(photo.file.name, otherBefore.constFirst().file.name);
    QCOMPARE(photo.file.thumbnail, otherBefore.constFirst().file.thumbnail);
    QCOMPARE(history.receipts()->ofRoom(QStringLiteral("lobby"), 10).value_or(QList<ReceiptStore::Receipt>()).size(), 1);
    // It goes on: the next seq, a resend recognised, search on the copied texts.
    QCOMPARE(history.post(QStringLiteral("lobby"), bob, QStringLiteral("after the move"), QStringLiteral("n1"), 5000).message.seq, 34);
    QCOMPARE(history.post(QStringLiteral("lobby"), alice, QStringLiteral("again"), QStringLiteral("c1"), 5001).outcome,
             HistoryStore::Outcome::Duplicate);
    QCOMPARE(history.search()->search(HistorySearch::Query{{QStringLiteral("déjà")}, {QStringLiteral("lobby")}})
                     ->messages.size(),
             20); // 30 posts, one deleted, the rest beyond the first page of 20

    AccountStore accounts(fast);
    QVERIFY(accounts.open(target));
    QCOMPARE(accounts.accountForToken(token).value.username, QStringLiteral("alice"));
    QVERIFY(accounts.accountForToken(token).value.isAdmin);
    QCOMPARE(accounts.verifyPassword(QStringLiteral("bob"), QStringLiteral("bob's password")).value.id, bob.id);
    QVERIFY(accounts.createAccount(QStringLiteral("carol"), QString(), QStringLiteral("carol's password"), false).value.id > bob.id);
}

void tst_HistoryCopy::refusesATargetWithData()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("history.sqlite"));
    const QString target = TestDatabase::fresh();
    {
        HistoryStore there;
        QVERIFY(there.open(target));
        QCOMPARE(there.post(QStringLiteral("lobby"), {1, QStringLiteral("x"), QStringLiteral("x"), false},
                            QStringLiteral("already here"), QString(), 1).outcome,
                 HistoryStore::Outcome::Stored);
    }
    const HistoryCopy::Result copied = HistoryCopy::copy(file, target);
    QVERIFY(!copied.ok);
    QVERIFY2(copied.error.contains(QLatin1String("already holds messages")), qPrintable(copied.error));
}

void tst_HistoryCopy::refusesWrongLocations()
{
    QVERIFY(!HistoryCopy::copy(QString(), TestDatabase::fresh()).ok);
    QVERIFY(!HistoryCopy::copy(QStringLiteral("/tmp/x.sqlite"), QStringLiteral("/tmp/y.sqlite")).ok);
}

PARLEY_TEST_GUILESS_MAIN(tst_HistoryCopy)
#include "tst_historycopy.moc"
