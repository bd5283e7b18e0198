// HistorySearch through HistoryStore (no socket): what matches (every term a case-insensitive
// substring of the current text, Chinese by any part, FTS5 syntax searched literally), what never
// does (changes, deleted messages, edited-away text), the filters (rooms, direct rooms, sender,
// times), the order and the pages (no gap, no duplicate), the bounds (rows read, text per page),
// and that a delete's words leave the index's pages (SearchIndexPurge).

#include "historysearch.h"
#include "testdatabase.h"
#include "historystore.h"
#include "rawsqlitefile.h"
#include "testmain.h"
#include "usernamepolicy.h"

#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;
using Kind = HistoryStore::Message::Kind;

namespace {

const QString kLobby = QStringLiteral("lobby");
const QString kOther = QStringLiteral("other");
const HistoryStore::Sender kAlice{1, QStringLiteral("Alice"), QStringLiteral("Alice"), false};
const HistoryStore::Sender kBob{2, QStringLiteral("bob"), QStringLiteral("bob"), false};

//! A query of \a text's words in \a rooms (the lobby when empty).
HistorySearch::Query query(const QString &text, const QStringList &rooms = {kLobby})
{
    HistorySearch::Query q;
    q.terms = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    q.rooms = rooms;
    return q;
}

//! "room:seq" of each result, in order.
QStringList found(const HistorySearch::Page &page)
{
    QStringList out;
    for (const HistoryStore::Message &m : page.messages)
        out << m.room + QLatin1Char(':') + QString::number(m.seq);
    return out;
}

QStringList lobby(std::initializer_list<int> seqs)
{
    QStringList out;
    for (const int seq : seqs)
        out << kLobby + QLatin1Char(':') + QString::number(seq);
    return out;
}

HistoryStore::Change change(Kind kind, qint64 target, const QString &text = QString())
{
    HistoryStore::Change c;
    c.kind = kind;
    c.target = target;
    c.text = text;
    return c;
}

//! Every page of \a q from the newest on, following resumeBelow; the pages' results in order
//! (an empty list and a failure when a page failed or more than \a maxPages came).
QStringList allPages(HistorySearch &search, HistorySearch::Query q, int *pages, int maxPages = 1000)
{
    QStringList out;
    *pages = 0;
    for (;;) {
        const std::optional<HistorySearch::Page> page = search.search(q);
        if (!page || ++*pages > maxPages)
            return {QStringLiteral("failed")};
        out << found(*page);
        if (!page->hasMore)
            return out;
        if (page->resumeBelow <= 0 || (q.below > 0 && page->resumeBelow >= q.below))
            return {QStringLiteral("no progress")};
        q.below = page->resumeBelow;
    }
}

//! Whether a block of the FTS5 index's data (a row of message_search_data) holds \a text's bytes.
bool indexHolds(const QString &path, const QByteArray &text)
{
    const QStringList blocks =
            RawSqliteFile::column(path, QStringLiteral("SELECT hex(block) FROM message_search_data"))
                    .split(QLatin1Char('\n'));
    const QString needle = QString::fromLatin1(text.toHex().toUpper());
    for (const QString &block : blocks) {
        for (qsizetype at = block.indexOf(needle); at >= 0; at = block.indexOf(needle, at + 1)) {
            if (at % 2 == 0)  // whole bytes
                return true;
        }
    }
    return false;
}

//! The key a sender's username is compared by, as SearchEvents makes it of a "from".
QString key(const char *username)
{
    return UsernamePolicy::keyOf(UsernamePolicy::canonical(QString::fromUtf8(username)));
}

} // namespace

class tst_HistorySearch : public QObject
{
    Q_OBJECT

private:
    //! The lobby of the matching table: 1 "Deploy on Friday", 2 "今天天气很好", 3 FTS5 syntax,
    //! 4 "École ouverte", 5 "ok", 6 bob's "the deploy failed", 7 "déjà vu"; "other": 1 "deploy
    //! elsewhere".
    static void seed(HistoryStore &store)
    {
        const QStringList texts{QStringLiteral("Deploy on Friday"), QStringLiteral("今天天气很好"),
                                QStringLiteral("a AND b NEAR(x) -foo col:umn ^caret *star \"quoted\""),
                                QStringLiteral("École ouverte"), QStringLiteral("ok"),
                                QStringLiteral("the deploy failed"), QStringLiteral("déjà vu")};
        for (qsizetype i = 0; i < texts.size(); ++i) {
            const HistoryStore::Sender &who = i == 5 ? kBob : kAlice;
            QCOMPARE(store.post(kLobby, who, texts.at(i), QString(), 1000 + i).message.seq, i + 1);
        }
        QCOMPARE(store.post(kOther, kBob, QStringLiteral("deploy elsewhere"), QString(), 2000).message.seq, 1);
    }

private Q_SLOTS:
    void initTestCase();
    void isIndexable_data();
    void isIndexable();
    void matchExpression_data();
    void matchExpression();
    void matching_data();
    void matching();
    void changesDeletesAndEdits();
    void filters_data();
    void filters();
    void resultsAreWholeMessages();
    void pagesHaveNoGapsOrDuplicates_data();
    void pagesHaveNoGapsOrDuplicates();
    void rowsReadAreBounded();
    void textPerPageIsBounded();
    void deletedWordsLeaveTheIndex();
};

void tst_HistorySearch::initTestCase()
{
    PARLEY_TEST_DATABASE_SETUP();
}

void tst_HistorySearch::isIndexable_data()
{
    QTest::addColumn<QString>("term");
    QTest::addColumn<bool>("indexable");
    QTest::newRow("two letters") << QStringLiteral("ab") << false;
    QTest::newRow("three letters") << QStringLiteral("abc") << true;
    QTest::newRow("two Chinese") << QStringLiteral("天气") << false;
    QTest::newRow("three Chinese") << QStringLiteral("天气很") << true;
    QTest::newRow("two emoji (four code units)") << QStringLiteral("😀😀") << false;
    QTest::newRow("three emoji") << QStringLiteral("😀😀😀") << true;
}

void tst_HistorySearch::isIndexable()
{
    QFETCH(QString, term);
    QFETCH(bool, indexable);
    QCOMPARE(HistorySearch::isIndexable(term), indexable);
}

void tst_HistorySearch::matchExpression_data()
{
    QTest::addColumn<QStringList>("terms");
    QTest::addColumn<QString>("expression");
    QTest::newRow("one") << QStringList{QStringLiteral("deploy")} << QStringLiteral("\"deploy\"");
    QTest::newRow("two, AND") << QStringList{QStringLiteral("deploy"), QStringLiteral("friday")}
                              << QStringLiteral("\"deploy\" \"friday\"");
    QTest::newRow("quotes doubled") << QStringList{QStringLiteral("say\"hi\"")} << QStringLiteral("\"say\"\"hi\"\"\"");
    QTest::newRow("operators are strings") << QStringList{QStringLiteral("AND"), QStringLiteral("NEAR(a"), QStringLiteral("col:x")}
                                           << QStringLiteral("\"AND\" \"NEAR(a\" \"col:x\"");
    QTest::newRow("short terms left out") << QStringList{QStringLiteral("ab"), QStringLiteral("abc")} << QStringLiteral("\"abc\"");
    QTest::newRow("only short") << QStringList{QStringLiteral("ab"), QStringLiteral("天气")} << QString();
}

void tst_HistorySearch::matchExpression()
{
    QFETCH(QStringList, terms);
    QFETCH(QString, expression);
    QCOMPARE(HistorySearch::matchExpression(terms), expression);
}

void tst_HistorySearch::matching_data()
{
    QTest::addColumn<QString>("terms");
    QTest::addColumn<QStringList>("expected");  // newest first
    QTest::newRow("a word") << QStringLiteral("deploy") << lobby({6, 1});
    QTest::newRow("case") << QStringLiteral("DePlOy") << lobby({6, 1});
    QTest::newRow("every term (AND)") << QStringLiteral("deploy friday") << lobby({1});
    QTest::newRow("in any order") << QStringLiteral("Friday DEPLOY") << lobby({1});
    QTest::newRow("one term missing") << QStringLiteral("deploy nothing") << QStringList();
    QTest::newRow("a substring") << QStringLiteral("ploy") << lobby({6, 1});
    QTest::newRow("Chinese, two characters") << QStringLiteral("天气") << lobby({2});
    QTest::newRow("Chinese, three characters") << QStringLiteral("天气很") << lobby({2});
    QTest::newRow("Chinese, the sentence") << QStringLiteral("今天天气很好") << lobby({2});
    QTest::newRow("Chinese, not there") << QStringLiteral("天气坏") << QStringList();
    QTest::newRow("accented, lower") << QStringLiteral("école") << lobby({4});
    QTest::newRow("accented, upper") << QStringLiteral("ÉCOLE") << lobby({4});
    QTest::newRow("accented, short") << QStringLiteral("jÀ") << lobby({7});
    QTest::newRow("short ASCII") << QStringLiteral("ok") << lobby({5});
    QTest::newRow("short and long") << QStringLiteral("fri ay") << lobby({1});
    QTest::newRow("short, case") << QStringLiteral("VU") << lobby({7});
    QTest::newRow("literal AND") << QStringLiteral("AND") << lobby({3});
    QTest::newRow("literal OR is a term") << QStringLiteral("deploy OR") << QStringList();
    QTest::newRow("literal NEAR(") << QStringLiteral("NEAR(") << lobby({3});
    QTest::newRow("literal -") << QStringLiteral("-foo") << lobby({3});
    QTest::newRow("- is no NOT") << QStringLiteral("deploy -foo") << QStringList();
    QTest::newRow("literal column filter") << QStringLiteral("col:umn") << lobby({3});
    QTest::newRow("column name is no filter") << QStringLiteral("text:deploy") << QStringList();
    QTest::newRow("literal ^") << QStringLiteral("^caret") << lobby({3});
    QTest::newRow("literal *") << QStringLiteral("*star") << lobby({3});
    QTest::newRow("* is no prefix") << QStringLiteral("depl*") << QStringList();
    QTest::newRow("literal quotes") << QStringLiteral("\"quoted\"") << lobby({3});
    QTest::newRow("a lone quote") << QStringLiteral("\"") << lobby({3});
    QTest::newRow("an open quote") << QStringLiteral("\"quo") << lobby({3});
    QTest::newRow("parentheses") << QStringLiteral("(x)") << lobby({3});
}

void tst_HistorySearch::matching()
{
    QFETCH(QString, terms);
    QFETCH(QStringList, expected);
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    seed(store);
    const std::optional<HistorySearch::Page> page = store.search()->search(query(terms));
    QVERIFY2(page, qPrintable(store.search()->errorString()));
    QCOMPARE(found(*page), expected);
    QVERIFY(!page->hasMore);
}

void tst_HistorySearch::changesDeletesAndEdits()
{
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    HistorySearch &search = *store.search();
    QCOMPARE(store.post(kLobby, kAlice, QStringLiteral("alpha plan"), QString(), 1000).message.seq, 1);
    QCOMPARE(store.post(kLobby, kAlice, QStringLiteral("gamma plan"), QString(), 1001).message.seq, 2);
    QCOMPARE(store.post(kLobby, kAlice, QStringLiteral("delta plan"), QString(), 1002).message.seq, 3);
    // 4: an edit of 1 (its row holds "beta plan"), 5: a reaction "plan" (a change row with text).
    QCOMPARE(store.change(kLobby, kAlice, change(Kind::Edit, 1, QStringLiteral("beta plan")), 1003, false, 48h).outcome,
             HistoryStore::Outcome::Stored);
    QCOMPARE(store.change(kLobby, kBob, change(Kind::React, 3, QStringLiteral("plan")), 1004, false, 48h).outcome,
             HistoryStore::Outcome::Stored);
    // 6: a delete of 2.
    QCOMPARE(store.change(kLobby, kAlice, change(Kind::Delete, 2), 1005, false, 48h).outcome,
             HistoryStore::Outcome::Stored);

    const auto seqsOf = [&](const QString &terms) { return found(search.search(query(terms)).value_or(HistorySearch::Page{})); };
    QCOMPARE(seqsOf(QStringLiteral("plan")), lobby({3, 1}));  // no change rows, not the deleted one
    QCOMPARE(seqsOf(QStringLiteral("alpha")), QStringList());  // the edited-away text
    QCOMPARE(seqsOf(QStringLiteral("beta")), lobby({1}));      // the latest text, once
    QCOMPARE(seqsOf(QStringLiteral("gamma")), QStringList());  // deleted
    QCOMPARE(seqsOf(QStringLiteral("pl")), lobby({3, 1}));     // the scan of short terms too

    // Edited again, then deleted: nothing of it is found.
    QCOMPARE(store.change(kLobby, kAlice, change(Kind::Edit, 1, QStringLiteral("epsilon plan")), 1006, false, 48h).outcome,
             HistoryStore::Outcome::Stored);
    QCOMPARE(seqsOf(QStringLiteral("beta")), QStringList());
    QCOMPARE(seqsOf(QStringLiteral("epsilon")), lobby({1}));
    QCOMPARE(store.change(kLobby, kAlice, change(Kind::Delete, 1), 1007, false, 48h).outcome,
             HistoryStore::Outcome::Stored);
    QCOMPARE(seqsOf(QStringLiteral("epsilon")), QStringList());
    QCOMPARE(seqsOf(QStringLiteral("plan")), lobby({3}));
    QVERIFY(store.purgeSearchIndex());
    QCOMPARE(seqsOf(QStringLiteral("plan")), lobby({3}));
}

void tst_HistorySearch::filters_data()
{
    QTest::addColumn<QStringList>("rooms");
    QTest::addColumn<qint64>("directsOf");
    QTest::addColumn<QString>("from");
    QTest::addColumn<qint64>("after");   // -1: none
    QTest::addColumn<qint64>("before");  // -1: none
    QTest::addColumn<QStringList>("expected");

    // Posted (all "word"): lobby 1 alice t100, lobby 2 bob t200, other 1 alice t300,
    // @dm:1:2 1 bob t400, @dm:2:3 1 bob t500, @dm:1:12 1 alice t600, @dm:01:2 1 alice t700
    // (not a direct room name), @dm:3:11 1 bob t800.
    const QStringList lobbyOther{kLobby, kOther};
    QTest::newRow("one room") << QStringList{kLobby} << qint64(0) << QString() << qint64(-1) << qint64(-1)
                              << QStringList{QStringLiteral("lobby:2"), QStringLiteral("lobby:1")};
    QTest::newRow("two rooms") << lobbyOther << qint64(0) << QString() << qint64(-1) << qint64(-1)
                               << QStringList{QStringLiteral("other:1"), QStringLiteral("lobby:2"), QStringLiteral("lobby:1")};
    QTest::newRow("no room") << QStringList() << qint64(0) << QString() << qint64(-1) << qint64(-1) << QStringList();
    QTest::newRow("account 1's direct rooms") << QStringList() << qint64(1) << QString() << qint64(-1) << qint64(-1)
                                              << QStringList{QStringLiteral("@dm:1:12:1"), QStringLiteral("@dm:1:2:1")};
    QTest::newRow("account 2's direct rooms") << QStringList() << qint64(2) << QString() << qint64(-1) << qint64(-1)
                                              << QStringList{QStringLiteral("@dm:2:3:1"), QStringLiteral("@dm:1:2:1")};
    QTest::newRow("account 11's, not 1's") << QStringList() << qint64(11) << QString() << qint64(-1) << qint64(-1)
                                           << QStringList{QStringLiteral("@dm:3:11:1")};
    QTest::newRow("rooms and direct rooms") << QStringList{kLobby} << qint64(1) << QString() << qint64(-1) << qint64(-1)
                                            << QStringList{QStringLiteral("@dm:1:12:1"), QStringLiteral("@dm:1:2:1"),
                                                           QStringLiteral("lobby:2"), QStringLiteral("lobby:1")};
    QTest::newRow("a direct room by name") << QStringList{QStringLiteral("@dm:2:3")} << qint64(0) << QString()
                                           << qint64(-1) << qint64(-1) << QStringList{QStringLiteral("@dm:2:3:1")};
    QTest::newRow("from") << lobbyOther << qint64(0) << key("bob") << qint64(-1) << qint64(-1)
                          << QStringList{QStringLiteral("lobby:2")};
    QTest::newRow("from, another case") << lobbyOther << qint64(1) << key("ALICE") << qint64(-1)
                                        << qint64(-1)
                                        << QStringList{QStringLiteral("@dm:1:12:1"), QStringLiteral("other:1"), QStringLiteral("lobby:1")};
    QTest::newRow("from nobody") << lobbyOther << qint64(0) << key("carol") << qint64(-1) << qint64(-1)
                                 << QStringList();
    QTest::newRow("after, exclusive") << lobbyOther << qint64(0) << QString() << qint64(200) << qint64(-1)
                                      << QStringList{QStringLiteral("other:1")};
    QTest::newRow("before, exclusive") << lobbyOther << qint64(0) << QString() << qint64(-1) << qint64(300)
                                       << QStringList{QStringLiteral("lobby:2"), QStringLiteral("lobby:1")};
    QTest::newRow("between") << lobbyOther << qint64(0) << QString() << qint64(100) << qint64(300)
                             << QStringList{QStringLiteral("lobby:2")};
    QTest::newRow("after past before") << lobbyOther << qint64(0) << QString() << qint64(300) << qint64(100)
                                       << QStringList();
}

void tst_HistorySearch::filters()
{
    QFETCH(QStringList, rooms);
    QFETCH(qint64, directsOf);
    QFETCH(QString, from);
    QFETCH(qint64, after);
    QFETCH(qint64, before);
    QFETCH(QStringList, expected);
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    const HistoryStore::Sender alice = kAlice;
    const HistoryStore::Sender bob = kBob;
    const QList<std::tuple<QString, HistoryStore::Sender, qint64>> posts{
            {kLobby, alice, 100}, {kLobby, bob, 200}, {kOther, alice, 300},
            {QStringLiteral("@dm:1:2"), bob, 400}, {QStringLiteral("@dm:2:3"), bob, 500},
            {QStringLiteral("@dm:1:12"), alice, 600}, {QStringLiteral("@dm:01:2"), alice, 700},
            {QStringLiteral("@dm:3:11"), bob, 800}};
    for (const auto &[room, who, time] : posts)
        QVERIFY(store.post(room, who, QStringLiteral("a word"), QString(), time).outcome == HistoryStore::Outcome::Stored);
    for (const QString &terms : {QStringLiteral("word"), QStringLiteral("a")}) {  // indexed and scanned
        HistorySearch::Query q = query(terms, rooms);
        q.directsOf = directsOf;
        q.fromKey = from;
        if (after >= 0)
            q.after = after;
        if (before >= 0)
            q.before = before;
        const std::optional<HistorySearch::Page> page = store.search()->search(q);
        QVERIFY(page);
        QCOMPARE(found(*page), expected);
    }
}

void tst_HistorySearch::resultsAreWholeMessages()
{
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    QCOMPARE(store.post(kLobby, kAlice, QStringLiteral("first word"), QStringLiteral("c-1"), 1000).message.seq, 1);
    QCOMPARE(store.post(kLobby, kBob, QStringLiteral("a word back"), QStringLiteral("c-2"), 2000, 1).message.seq, 2);
    QCOMPARE(store.change(kLobby, kAlice, change(Kind::React, 2, QStringLiteral("👍")), 3000, false, 48h).outcome,
             HistoryStore::Outcome::Stored);
    QCOMPARE(store.change(kLobby, kBob, change(Kind::Edit, 2, QStringLiteral("a word back!")), 4000, false, 48h).outcome,
             HistoryStore::Outcome::Stored);
    const std::optional<HistorySearch::Page> page = store.search()->search(query(QStringLiteral("word")));
    QVERIFY(page && page->messages.size() == 2);
    // As a history page has them: current state, reply, reactions, sender.
    const std::optional<HistoryStore::Page> history = store.newest(kLobby, 10, 1'000'000);
    QVERIFY(history && history->messages.size() == 2);
    for (int i = 0; i < 2; ++i) {
        const HistoryStore::Message &m = page->messages.at(i);
        const HistoryStore::Message &h = history->messages.at(1 - i);
        QCOMPARE(m.room, kLobby);
        QCOMPARE(m.seq, h.seq);
        QCOMPARE(m.text, h.text);
        QCOMPARE(m.timeMs, h.timeMs);
        QCOMPARE(m.sender, h.sender);
        QCOMPARE(m.senderId, h.senderId);
        QCOMPARE(m.senderUsername, h.senderUsername);
        QCOMPARE(m.clientId, h.clientId);
        QCOMPARE(m.replyTo, h.replyTo);
        QCOMPARE(m.editedMs, h.editedMs);
        QCOMPARE(m.reactions.size(), h.reactions.size());
    }
    QCOMPARE(page->messages.at(0).text, QStringLiteral("a word back!"));
    QCOMPARE(page->messages.at(0).replyTo, 1);
    QCOMPARE(page->messages.at(0).editedMs, 4000);
    QCOMPARE(page->messages.at(0).reactions.size(), 1);
    QCOMPARE(page->messages.at(0).reactions.at(0).users, QList<qint64>{1});
}

void tst_HistorySearch::pagesHaveNoGapsOrDuplicates_data()
{
    QTest::addColumn<QString>("terms");
    QTest::addColumn<int>("limit");
    QTest::addColumn<qint64>("maxRows");
    QTest::newRow("indexed, by limit") << QStringLiteral("needle") << 7 << qint64(1000);
    QTest::newRow("indexed, by rows read") << QStringLiteral("needle") << 100 << qint64(4);
    QTest::newRow("indexed, both") << QStringLiteral("needle") << 3 << qint64(5);
    QTest::newRow("scanned, by limit") << QStringLiteral("ne") << 7 << qint64(1000);
    QTest::newRow("scanned, by rows read") << QStringLiteral("ne") << 100 << qint64(4);
    QTest::newRow("one at a time") << QStringLiteral("needle") << 1 << qint64(1);
}

void tst_HistorySearch::pagesHaveNoGapsOrDuplicates()
{
    QFETCH(QString, terms);
    QFETCH(int, limit);
    QFETCH(qint64, maxRows);
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    // 60 messages in three rooms, every third one without the needle, all at the same time (the
    // order is the order stored), with changes in between.
    QStringList expected;
    for (int i = 1; i <= 60; ++i) {
        const QString room = i % 3 == 0 ? kLobby : i % 3 == 1 ? kOther : QStringLiteral("third");
        const bool needle = i % 4 != 0;
        const HistoryStore::Posting p = store.post(room, kAlice, needle ? QStringLiteral("a needle %1").arg(i)
                                                                        : QStringLiteral("hay %1").arg(i),
                                                   QString(), 5000);
        QCOMPARE(p.outcome, HistoryStore::Outcome::Stored);
        if (needle)
            expected.prepend(room + QLatin1Char(':') + QString::number(p.message.seq));
        if (i % 10 == 0)
            QCOMPARE(store.change(room, kBob, change(Kind::React, p.message.seq, QStringLiteral("needle")), 5000, false, 48h).outcome,
                     HistoryStore::Outcome::Stored);
    }
    HistorySearch::Query q = query(terms, {kLobby, kOther, QStringLiteral("third")});
    q.limit = limit;
    q.maxRows = maxRows;
    int pages = 0;
    QCOMPARE(allPages(*store.search(), q, &pages), expected);
    QVERIFY(pages > 1);
}

void tst_HistorySearch::rowsReadAreBounded()
{
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    // The only match is the oldest of 25 indexed rows; the others are another room's.
    QVERIFY(store.post(kLobby, kAlice, QStringLiteral("needle here"), QString(), 1).outcome == HistoryStore::Outcome::Stored);
    for (int i = 0; i < 24; ++i)
        QVERIFY(store.post(kOther, kBob, QStringLiteral("needle there"), QString(), 2).outcome == HistoryStore::Outcome::Stored);
    HistorySearch::Query q = query(QStringLiteral("needle"));
    q.maxRows = 10;
    std::optional<HistorySearch::Page> page = store.search()->search(q);
    QVERIFY(page);
    QVERIFY(page->messages.isEmpty());  // 10 rows read, none of them the lobby's
    QVERIFY(page->hasMore);
    int pages = 0;
    QCOMPARE(allPages(*store.search(), q, &pages), lobby({1}));
    QCOMPARE(pages, 3);  // 10 + 10 + 5 rows
    // Short terms only: a scan of the newest rows, as bounded.
    q = query(QStringLiteral("ne"));
    q.maxRows = 10;
    QCOMPARE(allPages(*store.search(), q, &pages), lobby({1}));
    QCOMPARE(pages, 3);
}

void tst_HistorySearch::textPerPageIsBounded()
{
    HistoryStore store;
    QVERIFY(store.open(TestDatabase::fresh()));
    const QString big = QString(1000, QLatin1Char('x'));
    for (int i = 1; i <= 5; ++i)
        QCOMPARE(store.post(kLobby, kAlice, QStringLiteral("needle ") + big, QString(), i).message.seq, i);
    HistorySearch::Query q = query(QStringLiteral("needle"));
    q.maxText = 2500;  // two texts fit, not three
    std::optional<HistorySearch::Page> page = store.search()->search(q);
    QVERIFY(page);
    QCOMPARE(found(*page), lobby({5, 4}));
    QVERIFY(page->hasMore);
    q.maxText = 10;  // not even one: one all the same
    page = store.search()->search(q);
    QVERIFY(page);
    QCOMPARE(found(*page), lobby({5}));
    int pages = 0;
    QCOMPARE(allPages(*store.search(), q, &pages), lobby({5, 4, 3, 2, 1}));
}

void tst_HistorySearch::deletedWordsLeaveTheIndex()
{
    PARLEY_SQLITE_ONLY(); // FTS5's index pages; PostgreSQL's rows go by VACUUM (docs/deploy.md)
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("history.sqlite"));
    HistoryStore store;
    QVERIFY(store.open(path));
    // Each post its own transaction: each its own segment of the index.
    QVERIFY(store.post(kLobby, kAlice, QStringLiteral("qzjxwv is the secret"), QString(), 1).outcome
            == HistoryStore::Outcome::Stored);
    QVERIFY(store.post(kLobby, kAlice, QStringLiteral("kept words"), QString(), 2).outcome
            == HistoryStore::Outcome::Stored);
    QVERIFY(indexHolds(path, "zjx"));
    QVERIFY(indexHolds(path, "ept"));
    QCOMPARE(store.change(kLobby, kAlice, change(Kind::Delete, 1), 3, false, 48h).outcome,
             HistoryStore::Outcome::Stored);
    QCOMPARE(found(store.search()->search(query(QStringLiteral("qzjxwv"))).value_or(HistorySearch::Page{})), QStringList());
    QVERIFY(indexHolds(path, "zjx"));  // only marked deleted so far: the merge is due
    // The purge runs by itself, in steps, from the event loop.
    QTRY_VERIFY(!indexHolds(path, "zjx"));
    QVERIFY(!indexHolds(path, "jxw"));
    QVERIFY(indexHolds(path, "ept"));
    QCOMPARE(found(store.search()->search(query(QStringLiteral("kept"))).value_or(HistorySearch::Page{})), lobby({2}));

    // Deleted while the store closes: close() finishes the purge.
    QVERIFY(store.post(kLobby, kAlice, QStringLiteral("vvqqzz other secret"), QString(), 4).outcome
            == HistoryStore::Outcome::Stored);
    QVERIFY(store.post(kLobby, kAlice, QStringLiteral("more kept"), QString(), 5).outcome
            == HistoryStore::Outcome::Stored);
    QCOMPARE(store.change(kLobby, kAlice, change(Kind::Delete, 4), 6, false, 48h).outcome,
             HistoryStore::Outcome::Stored);
    QVERIFY(indexHolds(path, "vqq"));
    store.close();
    QVERIFY(!indexHolds(path, "vqq"));
    QVERIFY(!indexHolds(path, "qqz"));
    QVERIFY(store.open(path));
    QCOMPARE(found(store.search()->search(query(QStringLiteral("kept"))).value_or(HistorySearch::Page{})), lobby({5, 2}));
    QCOMPARE(found(store.search()->search(query(QStringLiteral("secret"))).value_or(HistorySearch::Page{})), QStringList());
}

PARLEY_TEST_GUILESS_MAIN(tst_HistorySearch)
#include "tst_historysearch.moc"
