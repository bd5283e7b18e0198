// Tests model/storedsearch.cpp through MessageStore::search: what matches (every term as a
// case-insensitive substring, any script, FTS5 syntax taken literally), the filters, newest first
// and paging by cursor, edits, deletes and change rows, hostile input, and a common term (the walk
// newest first, complete even when a filter leaves few matches).

#include "messagestorefixtures.h"
#include "searchterms.h"
#include "storedsearch.h"
#include "storetestbase.h"
#include "rawsqlitefile.h"
#include "testmain.h"

#include <QFile>
#include <QSqlDatabase>
#include <QRegularExpression>
#include <QTest>

#include <algorithm>

using Kind = ChatMessage::Kind;
using Cursor = MessageStore::SearchCursor;

namespace {
const QString kLobby = QStringLiteral("lobby");

SearchQuery termsQuery(const QStringList &terms)
{
    SearchQuery q;
    q.terms = terms;
    return q;
}

//! \a username's message \a seq in \a room (time kBaseTimeMs + \a timeMs).
ChatMessage from(const QString &username, const QString &room, qint64 seq, const QString &text, qint64 timeMs)
{
    ChatMessage m = received(room, seq, text);
    m.senderUsername = username;
    m.sender = username.isEmpty() ? QStringLiteral("carol") : username + QStringLiteral(" (display)");
    m.time = QDateTime::fromMSecsSinceEpoch(kBaseTimeMs + timeMs, Qt::UTC);
    return m;
}

ChatMessage changeOf(Kind kind, qint64 seq, qint64 target, const QString &text = {})
{
    ChatMessage c = received(kLobby, seq, text, QStringLiteral("change-%1").arg(seq));
    c.kind = kind;
    c.target = target;
    c.reactionOn = true;
    return c;
}

//! A StoredSearch with small bounds on a second connection to a store's file.
class SmallSearch
{
public:
    SmallSearch(const QString &path, qint64 scanRows, int sortedCandidates)
        : m_name(QStringLiteral("small-search-%1").arg(++s_count)), m_search(scanRows, sortedCandidates)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        m_open = db.open() && m_search.prepare(db);
    }
    ~SmallSearch()
    {
        m_search.finish();
        QSqlDatabase::removeDatabase(m_name);
    }
    SmallSearch(const SmallSearch &) = delete;
    SmallSearch &operator=(const SmallSearch &) = delete;

    bool isOpen() const { return m_open; }
    QList<ChatMessage> find(const SearchQuery &query, int limit) { return m_search.find(query, limit, {}); }

private:
    static inline int s_count = 0;
    QString m_name;
    StoredSearch m_search;
    bool m_open = false;
};

QList<qint64> seqs(const QList<ChatMessage> &messages)
{
    QList<qint64> out;
    for (const ChatMessage &m : messages)
        out << m.seq;
    return out;
}

//! Texts stored by finds(): received in lobby, seq = index + 1, newer with every seq.
const QStringList kCorpus = {
        QStringLiteral("Deploy on Friday"),                                   // 1
        QStringLiteral("the deploy failed"),                                  // 2
        QStringLiteral("今天天气很好"),                                       // 3
        QStringLiteral("明天天气不好"),                                       // 4
        QStringLiteral("Straße und ÄPFEL"),                                   // 5
        QStringLiteral("say \"hi\" to *everyone* AND NEAR(them) -now: ^up"), // 6
        QStringLiteral("C++ is fine; a:b"),                                   // 7
        QStringLiteral("emoji 🙂 party"),                                     // 8
        QStringLiteral("Привет, МИР"),                                        // 9
};
} // namespace

class tst_MessageStoreSearch : public FreshStoreTest
{
    Q_OBJECT
private Q_SLOTS:
    void finds_data();
    void finds();
    void filters_data();
    void filters();
    void newestFirstAndPaging_data();
    void newestFirstAndPaging();
    void limitIsCapped();
    void editedMessageByItsNewTextOnly();
    void deletedMessageNeverFound();
    void deletedWordsLeaveTheIndexPages();
    void mergedCopyFoundOnce();
    void hostileInput_data();
    void hostileInput();
    void commonTermWalksAndStaysComplete();
    void walkFallsBackToTheIndex();
    void shortTermsReadAtMostTheBound();
};

void tst_MessageStoreSearch::finds_data()
{
    QTest::addColumn<QStringList>("terms");
    QTest::addColumn<QList<qint64>>("expected"); // seqs, newest first

    using L = QList<qint64>;
    QTest::addRow("a word") << QStringList{QStringLiteral("deploy")} << L{2, 1};
    QTest::addRow("another case") << QStringList{QStringLiteral("DEPLOY")} << L{2, 1};
    QTest::addRow("inside a word") << QStringList{QStringLiteral("ail")} << L{2};
    QTest::addRow("across words") << QStringList{QStringLiteral("on fri")} << L{1};
    QTest::addRow("all terms") << QStringList{QStringLiteral("friday"), QStringLiteral("deploy")} << L{1};
    QTest::addRow("one term missing") << QStringList{QStringLiteral("deploy"), QStringLiteral("monday")} << L{};
    QTest::addRow("no match") << QStringList{QStringLiteral("nothing")} << L{};
    QTest::addRow("chinese, 2 characters") << QStringList{QStringLiteral("天气")} << L{4, 3};
    QTest::addRow("chinese, 4 characters") << QStringList{QStringLiteral("今天天气")} << L{3};
    QTest::addRow("chinese, 1 character") << QStringList{QStringLiteral("好")} << L{4, 3};
    QTest::addRow("chinese, 2 terms") << QStringList{QStringLiteral("天气"), QStringLiteral("很")} << L{3};
    QTest::addRow("short with long") << QStringList{QStringLiteral("the"), QStringLiteral("de")} << L{2};
    QTest::addRow("1 character") << QStringList{QStringLiteral("y")} << L{8, 6, 2, 1};
    QTest::addRow("non-ASCII case, long") << QStringList{QStringLiteral("äpfel")} << L{5};
    QTest::addRow("non-ASCII case, short") << QStringList{QStringLiteral("äp")} << L{5};
    QTest::addRow("cyrillic") << QStringList{QStringLiteral("привет"), QStringLiteral("мир")} << L{9};
    QTest::addRow("emoji") << QStringList{QStringLiteral("🙂 p")} << L{8};
    // FTS5 syntax in a term is text to look for.
    QTest::addRow("quotes") << QStringList{QStringLiteral("\"hi\"")} << L{6};
    QTest::addRow("one quote") << QStringList{QStringLiteral("\"")} << L{6};
    QTest::addRow("star") << QStringList{QStringLiteral("*everyone*")} << L{6};
    QTest::addRow("AND") << QStringList{QStringLiteral("AND")} << L{6};
    QTest::addRow("NEAR(") << QStringList{QStringLiteral("NEAR(")} << L{6};
    QTest::addRow("minus, colon") << QStringList{QStringLiteral("-now:")} << L{6};
    QTest::addRow("caret") << QStringList{QStringLiteral("^up")} << L{6};
    QTest::addRow("colon") << QStringList{QStringLiteral(":")} << L{7, 6};
    QTest::addRow("column filter") << QStringList{QStringLiteral("a:b")} << L{7};
    QTest::addRow("plus") << QStringList{QStringLiteral("c++")} << L{7};
    QTest::addRow("syntax only") << QStringList{QStringLiteral("NEAR(\"*\"^:-)")} << L{};
    QTest::addRow("OR is a word") << QStringList{QStringLiteral("deploy OR now")} << L{};
}

void tst_MessageStoreSearch::finds()
{
    QFETCH(QStringList, terms);
    QFETCH(QList<qint64>, expected);
    QTest::failOnWarning(QRegularExpression(QStringLiteral("message store")));
    QList<ChatMessage> corpus;
    for (int i = 0; i < kCorpus.size(); ++i)
        corpus << received(kLobby, i + 1, kCorpus.at(i));
    QCOMPARE(m_store->saveReceivedBatch(corpus).size(), corpus.size());
    QCOMPARE(seqs(m_store->search(termsQuery(terms), 20)), expected);
}

void tst_MessageStoreSearch::filters_data()
{
    QTest::addColumn<QString>("typed"); // SearchQuery::parse
    QTest::addColumn<qint64>("afterMs");  // > 0: query.after = base + this
    QTest::addColumn<qint64>("beforeMs"); // > 0: query.before = base + this
    QTest::addColumn<QStringList>("expected");

    const auto l = [](std::initializer_list<const char *> texts) {
        QStringList out;
        for (const char *t : texts)
            out << QString::fromUtf8(t);
        return out;
    };
    QTest::addRow("everywhere") << "deploy" << 0LL << 0LL
                                << l({"deploy 5", "deploy 4", "deploy 2", "deploy 3", "deploy 1", "deploy 6"});
    QTest::addRow("room") << "deploy in:#ops" << 0LL << 0LL << l({"deploy 3"});
    QTest::addRow("unknown room") << "deploy in:nowhere" << 0LL << 0LL << l({});
    QTest::addRow("from") << "deploy from:@alice" << 0LL << 0LL << l({"deploy 3", "deploy 1"});
    QTest::addRow("from, other case") << "deploy from:ALICE" << 0LL << 0LL << l({"deploy 3", "deploy 1"});
    QTest::addRow("from, another user") << "deploy from:bob" << 0LL << 0LL << l({"deploy 2"});
    QTest::addRow("from, a display name") << "deploy from:display" << 0LL << 0LL << l({});
    // A message without a user name (a stock server's) by its display name; dave's, also shown
    // as "Carol", is not his.
    QTest::addRow("from, no user name") << "from:Carol deploy" << 0LL << 0LL << l({"deploy 4"});
    QTest::addRow("from, non-ASCII case") << "from:ÉMILE deploy" << 0LL << 0LL << l({"deploy 5"});
    QTest::addRow("from and room") << "from:alice in:lobby deploy" << 0LL << 0LL << l({"deploy 1"});
    QTest::addRow("filters, no term") << "from:alice" << 0LL << 0LL << l({"something else", "deploy 3", "deploy 1"});
    QTest::addRow("after") << "deploy" << 1500LL << 0LL << l({"deploy 5", "deploy 4", "deploy 2"});
    QTest::addRow("before") << "deploy" << 0LL << 2000LL << l({"deploy 3", "deploy 1", "deploy 6"});
    QTest::addRow("between") << "deploy" << 1000LL << 3000LL << l({"deploy 2", "deploy 3"});
    QTest::addRow("nothing typed") << "" << 0LL << 0LL << l({});
}

void tst_MessageStoreSearch::filters()
{
    QFETCH(QString, typed);
    QFETCH(qint64, afterMs);
    QFETCH(qint64, beforeMs);
    QFETCH(QStringList, expected);
    const QString ops = QStringLiteral("ops");
    QList<ChatMessage> messages{
            from(QStringLiteral("alice"), kLobby, 1, QStringLiteral("deploy 1"), 1000),
            from(QStringLiteral("bob"), kLobby, 2, QStringLiteral("deploy 2"), 2000),
            from(QStringLiteral("Alice"), ops, 1, QStringLiteral("deploy 3"), 1500),
            from(QString(), QString(), 0, QStringLiteral("deploy 4"), 3000), // a stock server's
            from(QStringLiteral("émile"), kLobby, 3, QStringLiteral("deploy 5"), 4000),
            from(QStringLiteral("alice"), kLobby, 4, QStringLiteral("something else"), 5000),
            from(QStringLiteral("dave"), kLobby, 5, QStringLiteral("deploy 6"), 500),
    };
    messages[6].sender = QStringLiteral("Carol");
    QCOMPARE(m_store->saveReceivedBatch(messages).size(), messages.size());
    SearchQuery query = SearchQuery::parse(typed);
    if (afterMs > 0)
        query.after = QDateTime::fromMSecsSinceEpoch(kBaseTimeMs + afterMs, Qt::UTC);
    if (beforeMs > 0)
        query.before = QDateTime::fromMSecsSinceEpoch(kBaseTimeMs + beforeMs, Qt::UTC);
    QCOMPARE(texts(m_store->search(query, 20)), expected);
}

void tst_MessageStoreSearch::newestFirstAndPaging_data()
{
    QTest::addColumn<QString>("term");
    QTest::addColumn<int>("limit");
    for (const int limit : {1, 3, 7, 100}) {
        QTest::addRow("index, limit %d", limit) << QStringLiteral("page") << limit;
        QTest::addRow("walk, limit %d", limit) << QStringLiteral("pa") << limit;
    }
}

void tst_MessageStoreSearch::newestFirstAndPaging()
{
    QFETCH(QString, term);
    QFETCH(int, limit);
    MessageStore &store = *m_store;
    // Three rooms; three messages per millisecond across them; one's own unsent messages (no
    // seq) and a stock server's (no identity at all) tied in time and room; other texts between.
    struct Expected
    {
        qint64 time;
        QString room;
        qint64 seq;
        int order; // insertion order
        QString text;
    };
    QList<Expected> expected;
    const QStringList rooms{QStringLiteral("c"), QStringLiteral("a"), QStringLiteral("b")};
    int order = 0;
    const auto add = [&](const ChatMessage &m, bool own) {
        QVERIFY(own ? store.saveOutgoing(m) : store.saveReceived(m));
        ++order;
        if (m.text.contains(QStringLiteral("page")))
            expected << Expected{m.time.toMSecsSinceEpoch(), m.room, m.seq, order, m.text};
    };
    for (int i = 0; i < 30; ++i) {
        const QString room = rooms.at(i % 3);
        add(from(QStringLiteral("u"), room, 1 + i / 3, QStringLiteral("page %1").arg(i), (i / 3) * 10), false);
        if (i % 4 == 0)
            add(from(QStringLiteral("u"), room, 100 + i, QStringLiteral("other %1").arg(i), (i / 3) * 10), false);
    }
    for (int i = 0; i < 5; ++i)
        add(outgoing(QStringLiteral("a"), QStringLiteral("own-%1").arg(i), QStringLiteral("own page %1").arg(i), 40), true);
    for (int i = 0; i < 3; ++i) {
        ChatMessage classic = from(QString(), QString(), 0, QStringLiteral("classic page %1").arg(i), 40);
        classic.clientId.clear();
        add(classic, false);
    }
    std::sort(expected.begin(), expected.end(), [](const Expected &x, const Expected &y) {
        if (x.time != y.time)
            return x.time > y.time;
        if (x.room != y.room)
            return x.room < y.room;
        if (x.seq != y.seq)
            return x.seq > y.seq;
        return x.order > y.order;
    });
    QStringList expectedTexts;
    for (const Expected &e : std::as_const(expected))
        expectedTexts << e.text;

    const SearchQuery query = termsQuery({term});
    QStringList paged;
    Cursor cursor;
    for (int call = 0; call < 100; ++call) {
        const QList<ChatMessage> page = store.search(query, limit, cursor);
        QVERIFY(page.size() <= limit);
        paged << texts(page);
        if (page.size() < limit)
            break;
        cursor = store.cursorOf(page.last());
        QVERIFY(!cursor.isNull());
    }
    QCOMPARE(paged, expectedTexts); // newest first, no duplicates, no gaps
}

void tst_MessageStoreSearch::limitIsCapped()
{
    QList<ChatMessage> many;
    for (int i = 1; i <= MessageStore::kMaxSearchResults + 20; ++i)
        many << received(kLobby, i, QStringLiteral("same words %1").arg(i));
    QCOMPARE(m_store->saveReceivedBatch(many).size(), many.size());
    QCOMPARE(m_store->search(termsQuery({QStringLiteral("words")}), 10'000).size(), MessageStore::kMaxSearchResults);
    QVERIFY(m_store->search(termsQuery({QStringLiteral("words")}), 0).isEmpty());
    QVERIFY(m_store->search(termsQuery({QStringLiteral("words")}), -1).isEmpty());
}

void tst_MessageStoreSearch::editedMessageByItsNewTextOnly()
{
    MessageStore &store = *m_store;
    QVERIFY(store.saveReceived(received(kLobby, 1, QStringLiteral("the orange cat"))));
    QVERIFY(store.saveReceived(received(kLobby, 2, QStringLiteral("another message"))));
    QVERIFY(store.saveReceived(changeOf(Kind::Edit, 3, 1, QStringLiteral("the purple cat"))));
    QVERIFY(store.saveReceived(changeOf(Kind::React, 4, 2, QStringLiteral("🎉"))));
    // One's own edit, not yet acknowledged: stored for the outbox, not applied, never a result.
    ChatMessage pending = outgoing(kLobby, QStringLiteral("my-edit"), QStringLiteral("a yellow cat"));
    pending.kind = Kind::Edit;
    pending.target = 2;
    QVERIFY(store.saveOutgoing(pending));

    const auto find = [&store](const QString &term) { return store.search(termsQuery({term}), 20); };
    QCOMPARE(find(QStringLiteral("orange")).size(), 0);
    QCOMPARE(find(QStringLiteral("ora")).size(), 0);
    const QList<ChatMessage> purple = find(QStringLiteral("purple"));
    QCOMPARE(seqs(purple), QList<qint64>{1});
    QCOMPARE(purple.first().kind, Kind::Message);
    QVERIFY(purple.first().edited.isValid());
    QCOMPARE(seqs(find(QStringLiteral("cat"))), QList<qint64>{1}); // not the edit row too
    QCOMPARE(find(QStringLiteral("🎉")).size(), 0);                // reactions are not messages
    QCOMPARE(find(QStringLiteral("yellow")).size(), 0);
    QCOMPARE(seqs(find(QStringLiteral("another"))), QList<qint64>{2});
    // Edited twice: the latest text only.
    QVERIFY(store.saveReceived(changeOf(Kind::Edit, 5, 1, QStringLiteral("the green cat"))));
    QCOMPARE(find(QStringLiteral("purple")).size(), 0);
    QCOMPARE(seqs(find(QStringLiteral("green"))), QList<qint64>{1});
}

void tst_MessageStoreSearch::deletedMessageNeverFound()
{
    MessageStore &store = *m_store;
    const QString secret = QStringLiteral("zebrafish launch codes 4711");
    QVERIFY(store.saveReceived(received(kLobby, 1, secret)));
    QVERIFY(store.saveReceived(received(kLobby, 2, QStringLiteral("a neighbour stays"))));
    QVERIFY(store.saveReceived(changeOf(Kind::Edit, 3, 1, QStringLiteral("oktopus launch codes 4712"))));
    QCOMPARE(store.search(termsQuery({QStringLiteral("launch")}), 20).size(), 1);
    QVERIFY(store.saveReceived(changeOf(Kind::Delete, 4, 1)));

    const QStringList terms{secret, QStringLiteral("zebrafish"), QStringLiteral("oktopus"), QStringLiteral("launch codes"),
                            QStringLiteral("fish"), QStringLiteral("4711"), QStringLiteral("4712"), QStringLiteral("ze"),
                            QStringLiteral("z"), QStringLiteral("k")};
    for (const QString &term : terms)
        QVERIFY2(store.search(termsQuery({term}), 20).isEmpty(), qPrintable(term));
    QCOMPARE(seqs(store.search(termsQuery({QStringLiteral("neighbour")}), 20)), QList<qint64>{2});
    QCOMPARE(seqs(store.search(termsQuery({QStringLiteral("a")}), 20)), QList<qint64>{2});

    // Neither in the index nor anywhere in the file once it is closed.
    const QString path = store.path();
    store.close();
    Inspector file(path);
    QVERIFY(file.isOpen());
    for (const char *trigram : {"\"zeb\"", "\"okt\"", "\"471\""}) {
        QCOMPARE(file.value(QStringLiteral("SELECT COUNT(*) FROM messages_search WHERE messages_search MATCH '%1'")
                                    .arg(QLatin1String(trigram)))
                         .toInt(),
                 0);
    }
    QFile raw(path);
    QVERIFY(raw.open(QIODevice::ReadOnly));
    const QByteArray bytes = raw.readAll();
    QVERIFY(bytes.contains("a neighbour stays")); // the check can see texts
    QVERIFY(!bytes.contains("zebrafish"));
    QVERIFY(!bytes.contains("oktopus"));
}

//! Whether the index's pages hold the bytes of \a text (a trigram), whole bytes only.
static bool indexHolds(const QString &path, const QByteArray &text)
{
    const QStringList blocks =
            RawSqliteFile::column(path, QStringLiteral("SELECT hex(block) FROM messages_search_data"))
                    .split(QLatin1Char('\n'));
    const QString needle = QString::fromLatin1(text.toHex().toUpper());
    for (const QString &block : blocks) {
        for (qsizetype at = block.indexOf(needle); at >= 0; at = block.indexOf(needle, at + 1)) {
            if (at % 2 == 0)
                return true;
        }
    }
    return false;
}

// FTS5 (SQLite 3.40) removes an entry by writing a delete marker: the deleted words stay in the
// index's pages until their segment is merged. SearchIndexPurge merges after a delete, a step at
// a time from the event loop, and close() finishes it.
void tst_MessageStoreSearch::deletedWordsLeaveTheIndexPages()
{
    MessageStore &store = *m_store;
    const QString path = store.path();
    QVERIFY(store.saveReceived(received(kLobby, 1, QStringLiteral("qzjxwv is the secret"))));
    QVERIFY(store.saveReceived(received(kLobby, 2, QStringLiteral("kept words"))));
    QVERIFY(indexHolds(path, "zjx"));
    QVERIFY(indexHolds(path, "ept"));
    QVERIFY(store.saveReceived(changeOf(Kind::Delete, 3, 1)));
    QVERIFY(store.search(termsQuery({QStringLiteral("qzjxwv")}), 20).isEmpty());
    QVERIFY(indexHolds(path, "zjx")); // only marked deleted so far: the merge is due
    QTRY_VERIFY(!indexHolds(path, "zjx"));
    QVERIFY(!indexHolds(path, "jxw"));
    QVERIFY(indexHolds(path, "ept"));
    QCOMPARE(seqs(store.search(termsQuery({QStringLiteral("kept")}), 20)), QList<qint64>{2});

    // Deleted just before the store closes: close() finishes the merge.
    QVERIFY(store.saveReceived(received(kLobby, 4, QStringLiteral("vvqqzz other secret"))));
    QVERIFY(store.saveReceived(received(kLobby, 5, QStringLiteral("more kept"))));
    QVERIFY(store.saveReceived(changeOf(Kind::Delete, 6, 4)));
    QVERIFY(indexHolds(path, "vqq"));
    store.close();
    QVERIFY(!indexHolds(path, "vqq"));
    QVERIFY(!indexHolds(path, "qqz"));
    QVERIFY(store.open(path));
    QCOMPARE(seqs(store.search(termsQuery({QStringLiteral("kept")}), 20)), (QList<qint64>{5, 2}));
}

void tst_MessageStoreSearch::mergedCopyFoundOnce()
{
    // A message of one's own stored from history first (a server that does not echo client
    // ids), then acknowledged: the two rows become one (updateDelivery), and so do the results.
    MessageStore &store = *m_store;
    QVERIFY(store.saveReceived(received(kLobby, 5, QStringLiteral("merged copy"))));
    QVERIFY(store.saveOutgoing(outgoing(kLobby, QStringLiteral("mine"), QStringLiteral("merged copy"))));
    QCOMPARE(store.search(termsQuery({QStringLiteral("merged")}), 20).size(), 2);
    store.updateDelivery(QStringLiteral("mine"), ChatMessage::Delivery::Delivered, 5, QDateTime::currentDateTimeUtc());
    const QList<ChatMessage> found = store.search(termsQuery({QStringLiteral("merged")}), 20);
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.first().clientId, QStringLiteral("mine"));
}

void tst_MessageStoreSearch::hostileInput_data()
{
    QTest::addColumn<QStringList>("terms");
    QTest::addColumn<int>("found");

    const QString longText = QStringLiteral("x\"*ANDNEAR(-:^").repeated(15).left(200);
    QTest::addRow("a 200-character term") << QStringList{longText} << 1;
    QTest::addRow("a 200-character term, one character off")
            << QStringList{longText.left(199) + QLatin1Char('!')} << 0;
    QTest::addRow("a term longer than allowed") << QStringList{longText + QStringLiteral("zzz")} << 1;
    QStringList eight;
    for (int i = 0; i < SearchQuery::kMaxTerms; ++i)
        eight << QStringLiteral("w%1x").arg(i);
    QTest::addRow("8 terms") << eight << 1;
    QTest::addRow("9 terms: the 9th is dropped") << eight + QStringList{QStringLiteral("absent")} << 1;
    QTest::addRow("8 short terms") << QStringList{QStringLiteral("w0"), QStringLiteral("w1"), QStringLiteral("w2"),
                                                  QStringLiteral("w3"), QStringLiteral("w4"), QStringLiteral("w5"),
                                                  QStringLiteral("w6"), QStringLiteral("w7")}
                                   << 1;
    QTest::addRow("empty terms") << QStringList{QString(), QString()} << 0;
    QTest::addRow("NUL") << QStringList{QStringLiteral("ab") + QChar(0) + QStringLiteral("cd")} << 0;
    QTest::addRow("lone surrogate") << QStringList{QString(QChar(0xD800)) + QStringLiteral("abc")} << 0;
    QTest::addRow("SQL") << QStringList{QStringLiteral("'); DROP TABLE messages; --")} << 0;
}

void tst_MessageStoreSearch::hostileInput()
{
    QFETCH(QStringList, terms);
    QFETCH(int, found);
    QTest::failOnWarning(QRegularExpression(QStringLiteral("message store")));
    const QString longText = QStringLiteral("x\"*ANDNEAR(-:^").repeated(15).left(200);
    QVERIFY(m_store->saveReceived(received(kLobby, 1, QStringLiteral("before ") + longText + QStringLiteral(" after"))));
    QVERIFY(m_store->saveReceived(received(kLobby, 2, QStringLiteral("w0x w1x w2x w3x w4x w5x w6x w7x"))));
    QCOMPARE(m_store->search(termsQuery(terms), 20).size(), found);
    QCOMPARE(m_store->messageCount(kLobby), qint64(2)); // still there
}

void tst_MessageStoreSearch::commonTermWalksAndStaysComplete()
{
    // More rows than the index's candidates are sorted for: the search walks newest first.
    MessageStore &store = *m_store;
    const int count = StoredSearch::kMaxSortedCandidates + 50;
    QList<ChatMessage> batch;
    batch << from(QStringLiteral("zed"), kLobby, 1, QStringLiteral("a common word, by zed"), 0);
    for (int i = 2; i <= count; ++i)
        batch << from(QStringLiteral("amy"), kLobby, i, QStringLiteral("common %1").arg(i), i);
    QCOMPARE(store.saveReceivedBatch(batch).size(), batch.size());

    const QList<ChatMessage> newest = store.search(termsQuery({QStringLiteral("common")}), 20);
    QCOMPARE(newest.size(), 20);
    QCOMPARE(newest.first().seq, qint64(count));
    QCOMPARE(newest.last().seq, qint64(count - 19));
    const QList<ChatMessage> next = store.search(termsQuery({QStringLiteral("common")}), 20, store.cursorOf(newest.last()));
    QCOMPARE(next.first().seq, qint64(count - 20));
    // A filter leaves one match, far back: found all the same.
    SearchQuery byZed = termsQuery({QStringLiteral("common")});
    byZed.from = QStringLiteral("zed");
    QCOMPARE(seqs(store.search(byZed, 20)), QList<qint64>{1});
    // A term the index cannot help with reads at most kMaxSearchScanRows rows: here all of them.
    QCOMPARE(seqs(store.search(termsQuery({QStringLiteral("ze")}), 20)), QList<qint64>{1});
}

void tst_MessageStoreSearch::walkFallsBackToTheIndex()
{
    // A common term (more candidates than are sorted) and a filter that leaves one match, older
    // than the rows a walk reads: the walk finds nothing, the index then finds it.
    QList<ChatMessage> batch{from(QStringLiteral("zed"), kLobby, 1, QStringLiteral("common, by zed"), 0)};
    for (int i = 2; i <= 200; ++i)
        batch << from(QStringLiteral("amy"), kLobby, i, QStringLiteral("common %1").arg(i), i);
    for (int i = 201; i <= 300; ++i)
        batch << from(QStringLiteral("zed"), kLobby, i, QStringLiteral("other words %1").arg(i), i);
    QCOMPARE(m_store->saveReceivedBatch(batch).size(), batch.size());
    SmallSearch search(m_store->path(), 50, 10);
    QVERIFY(search.isOpen());
    SearchQuery byZed = termsQuery({QStringLiteral("common")});
    byZed.from = QStringLiteral("zed");
    QCOMPARE(seqs(search.find(byZed, 20)), QList<qint64>{1});
    // Without the filter: the newest matches (the walk reads zed's newer messages only).
    QCOMPARE(seqs(search.find(termsQuery({QStringLiteral("common")}), 3)), (QList<qint64>{200, 199, 198}));
}

void tst_MessageStoreSearch::shortTermsReadAtMostTheBound()
{
    QList<ChatMessage> batch{received(kLobby, 1, QStringLiteral("zq, the oldest"))};
    for (int i = 2; i <= 300; ++i)
        batch << received(kLobby, i, QStringLiteral("filler %1").arg(i));
    QCOMPARE(m_store->saveReceivedBatch(batch).size(), batch.size());
    QCOMPARE(seqs(SmallSearch(m_store->path(), 299, 10).find(termsQuery({QStringLiteral("zq")}), 20)), QList<qint64>{});
    QCOMPARE(seqs(SmallSearch(m_store->path(), 300, 10).find(termsQuery({QStringLiteral("zq")}), 20)), QList<qint64>{1});
    // A term the index selects is not bounded so.
    QCOMPARE(seqs(SmallSearch(m_store->path(), 10, 10).find(termsQuery({QStringLiteral("oldest")}), 20)),
             QList<qint64>{1});
}

PARLEY_TEST_GUILESS_MAIN(tst_MessageStoreSearch)
#include "tst_messagestore_search.moc"
