// bench_search: local full-text search (MessageStore::search, issue 13) over a million stored
// messages, against a plain LIKE '%term%' scan of the same table in the same run; what the index
// costs on disk and per insert. Prints figures; it is not a pass/fail test.
//
//   bench_search [messages]     (default 1,000,000; the stores are built in a temp folder)
//
// Messages: 10 rooms, 50 senders (user0..user49) and a rare one (admin, one message in 40,000);
// two in three English chat lines (words drawn with a skew, so "the" is common and "quick" is
// not; "zeppelin" in one message in 20,000), one in three Chinese (phrases, "天气" in some).
//
// Two stores of the same messages:
//   indexed   built through MessageStore: the index kept in step by its triggers, row by row
//   plain     built with the search index dropped first (what schema 4 had; the columns schema 5
//             added are dropped after the build), then opened again as a schema 4 file: the
//             migration to 5 builds the index for the rows there
// Searches run on the indexed store, first results (limit 20), the median of kRepeats; the
// baseline of each is SELECT … FROM messages NOT INDEXED WHERE text LIKE '%term%' (AND per
// term, the same filters) ORDER BY time LIMIT 20 on the same table, the median of kBaselineRepeats. Times are with the
// file in the OS page cache (it was just written), i.e. a warm start.
#include "benchsupport.h"
#include "messagestore.h"
#include "messagestoreschema.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QTemporaryDir>

#include <cstdio>
#include <functional>

namespace {

constexpr qint64 kDefaultMessages = 1'000'000;
constexpr qint64 kBuildBatch = 10'000;
constexpr int kLimit = 20;
constexpr int kRepeats = 11;
constexpr int kBaselineRepeats = 3;
constexpr int kSingleRepeats = 21;
constexpr int kRooms = 10;
constexpr int kSenders = 50;
constexpr qint64 kAdminEvery = 40'000;
constexpr qint64 kRareEvery = 20'000;
constexpr int kChineseEvery = 3;
constexpr qint64 kBaseTimeMs = 1700000000000;
constexpr qint64 kMessageIntervalMs = 1500;
constexpr quint32 kSeed = 13;

double ms(qint64 ns)
{
    return double(ns) / 1e6;
}

const QStringList &englishWords()
{
    // Most frequent first: drawn with a skew towards the front.
    static const QStringList words = QStringLiteral(
            "the to I you it is a and on that we in for this can with but so be not ok have it's what "
            "just do at build test will are yes if no was my me think now one get server fix "
            "release branch merge deploy check logs please thanks review later today tomorrow "
            "friday meeting lunch coffee bug crash flaky reconnect path still fails once while look "
            "after sure tonight green again red broken works again patch ticket issue version "
            "client socket timeout retry backoff heartbeat window room message history search index "
            "query cursor page scroll paint layout font emoji reaction reply edit delete quick "
            "question quiet queue quota")
                                              .split(QLatin1Char(' '));
    return words;
}

const QStringList &chinesePhrases()
{
    static const QStringList phrases = QString::fromUtf8(
            "今天天气很好 我们明天开会 这个问题已经修好了 谢谢大家 服务器又挂了 请再试一次 "
            "明天天气不好 下午三点见 代码已经合并 测试还是失败 我看一下日志 周五发布新版本 "
            "晚上吃什么 辛苦了 没问题 好的 收到 等一下 马上回来 网络有点慢")
                                               .split(QLatin1Char(' '));
    return phrases;
}

//! Message \a index's text, the same in every run.
QString textFor(qint64 index, QRandomGenerator &random)
{
    QString text;
    if (index % kChineseEvery == 0) {
        const QStringList &phrases = chinesePhrases();
        const int count = 1 + int(random.bounded(3));
        for (int i = 0; i < count; ++i)
            text += phrases.at(int(random.bounded(int(phrases.size()))));
        text += QStringLiteral("。");
    } else {
        const QStringList &words = englishWords();
        const int count = 3 + int(random.bounded(18));
        for (int i = 0; i < count; ++i) {
            const double u = random.generateDouble();
            if (i)
                text += QLatin1Char(' ');
            text += words.at(int(u * u * double(words.size())));
        }
    }
    if (index % kRareEvery == kRareEvery / 2)
        text += QStringLiteral(" zeppelin");
    return text;
}

//! Builds \a messages messages into \a store; its time in ms, or -1.
double build(MessageStore &store, qint64 messages)
{
    QRandomGenerator random(kSeed);
    QElapsedTimer t;
    t.start();
    qint64 seqs[kRooms] = {};
    for (qint64 from = 1; from <= messages; from += kBuildBatch) {
        QList<ChatMessage> batch;
        for (qint64 index = from; index <= std::min(messages, from + kBuildBatch - 1); ++index) {
            ChatMessage m;
            const int room = int(index % kRooms);
            m.room = QStringLiteral("room%1").arg(room);
            m.seq = ++seqs[room];
            m.clientId = QStringLiteral("00000000-0000-4000-8000-%1").arg(index, 12, 10, QLatin1Char('0'));
            const bool admin = index % kAdminEvery == 7;
            m.senderId = admin ? 999 : 1 + index % kSenders;
            m.senderUsername = admin ? QStringLiteral("admin") : QStringLiteral("user%1").arg(index % kSenders);
            m.sender = m.senderUsername.toUpper();
            m.text = textFor(index, random);
            m.time = QDateTime::fromMSecsSinceEpoch(kBaseTimeMs + index * kMessageIntervalMs, Qt::UTC);
            batch << m;
        }
        if (store.saveReceivedBatch(batch).size() != batch.size()) {
            std::fprintf(stderr, "build failed: %s\n", qPrintable(store.errorString()));
            return -1;
        }
    }
    return ms(t.nsecsElapsed());
}

double fileMiB(const QString &path)
{
    return double(QFileInfo(path).size() + QFileInfo(path + QStringLiteral("-wal")).size()) / 1048576.0;
}

//! A plain connection of the bench's own to \a path, removed when it goes.
class Connection
{
public:
    explicit Connection(const QString &path)
        : m_name(QStringLiteral("bench-%1").arg(++s_count))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        m_open = db.open();
    }
    ~Connection() { QSqlDatabase::removeDatabase(m_name); }
    bool isOpen() const { return m_open; }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name); }
    bool exec(const QString &sql) const
    {
        QSqlQuery q(db());
        if (q.exec(sql))
            return true;
        std::fprintf(stderr, "%s: %s\n", qPrintable(sql), qPrintable(q.lastError().text()));
        return false;
    }

private:
    static inline int s_count = 0;
    QString m_name;
    bool m_open = false;
};

//! One search measured: what is typed, and the same as a LIKE scan.
struct Case
{
    const char *name;
    QString typed;
};

//! The baseline of \a query: a LIKE scan of the whole table, newest first; how many rows it found.
//! NOT INDEXED: left alone, SQLite reads the table through a partial index of the search (WHERE
//! kind = 0), a row lookup each, slower than the plain scan a store without search would do.
int likeScan(const QSqlDatabase &db, const SearchQuery &query)
{
    QString sql = QLatin1String("SELECT ") + MessageStoreSchema::columns()
            + QLatin1String(" FROM messages NOT INDEXED WHERE kind = 0 AND deleted = 0");
    QVariantList values;
    for (const QString &term : query.terms) {
        sql += QLatin1String(" AND text LIKE ?");
        values << QString(QLatin1Char('%') + term + QLatin1Char('%'));
    }
    if (!query.from.isEmpty()) {
        sql += QLatin1String(" AND sender_username = ?");
        values << query.from;
    }
    if (!query.room.isEmpty()) {
        sql += QLatin1String(" AND room = ?");
        values << query.room;
    }
    sql += QStringLiteral(" ORDER BY time_ms DESC, room, seq DESC LIMIT %1").arg(kLimit);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(sql);
    for (const QVariant &v : std::as_const(values))
        q.addBindValue(v);
    int n = 0;
    if (q.exec()) {
        while (q.next()) {
            MessageStoreSchema::messageFrom(q);
            ++n;
        }
    }
    return n;
}

//! The bytes of the pages in use (dbstat: free pages left out), or -1.
double usedMiB(const QString &path)
{
    Connection c(path);
    QSqlQuery q(c.db());
    return q.exec(QStringLiteral("SELECT SUM(pgsize) FROM dbstat")) && q.next() ? q.value(0).toDouble() / 1048576.0 : -1;
}

void printSizes(const QString &path)
{
    Connection c(path);
    QSqlQuery q(c.db());
    if (!q.exec(QStringLiteral("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"))) {
        std::printf("  (dbstat not available: %s)\n", qPrintable(q.lastError().text()));
        return;
    }
    qint64 total = 0;
    qint64 fts = 0;
    qint64 order = 0;
    while (q.next()) {
        const QString name = q.value(0).toString();
        const qint64 bytes = q.value(1).toLongLong();
        total += bytes;
        if (name == QLatin1String("messages_search_order") || name == QLatin1String("messages_search_sender"))
            order += bytes;
        else if (name.startsWith(QLatin1String("messages_search")))
            fts += bytes;
        std::printf("    %-28s %9.1f MiB\n", qPrintable(name), double(bytes) / 1048576.0);
    }
    std::printf("  FTS5 tables %.1f MiB + order and sender indexes %.1f MiB = %.1f%% of %.1f MiB\n",
                double(fts) / 1048576.0, double(order) / 1048576.0,
                100.0 * double(fts + order) / double(std::max<qint64>(1, total)), double(total) / 1048576.0);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const qint64 messages = argc > 1 ? QByteArray(argv[1]).toLongLong() : kDefaultMessages;
    if (messages <= 0) {
        std::fprintf(stderr, "usage: bench_search [messages]\n");
        return 2;
    }
    QTemporaryDir dir;
    if (!dir.isValid())
        return 1;
    const QString indexedPath = dir.filePath(QStringLiteral("indexed.sqlite"));
    const QString plainPath = dir.filePath(QStringLiteral("plain.sqlite"));
    std::printf("bench_search: %lld messages, %d rooms, limit %d; stores in %s\n\n",
                static_cast<long long>(messages), kRooms, kLimit, qPrintable(dir.path()));

    // 1. Build both stores; the plain one without the search index (as schema 4 was).
    double indexedBuildMs = 0;
    double plainBuildMs = 0;
    double indexedSaveMs = 0;
    double plainSaveMs = 0;
    for (const bool indexed : {false, true}) {
        const QString &path = indexed ? indexedPath : plainPath;
        MessageStore store;
        if (!store.open(path)) {
            std::fprintf(stderr, "%s\n", qPrintable(store.errorString()));
            return 1;
        }
        if (!indexed) {
            Connection c(path);
            for (const char *sql : {"DROP TRIGGER messages_search_insert", "DROP TRIGGER messages_search_delete",
                                    "DROP TRIGGER messages_search_update", "DROP TABLE messages_search",
                                    "DROP INDEX messages_search_order", "DROP INDEX messages_search_sender",
                                    "PRAGMA user_version = 4"}) {
                if (!c.exec(QLatin1String(sql)))
                    return 1;
            }
        }
        const double buildMs = build(store, messages);
        if (buildMs < 0)
            return 1;
        // One more message at a time, as they arrive live.
        QRandomGenerator random(kSeed + 1);
        const double saveMs = ms(bench::medianNs(kSingleRepeats, [&] {
            static qint64 seq = 0;
            ChatMessage m;
            m.room = QStringLiteral("live");
            m.seq = ++seq;
            m.senderUsername = QStringLiteral("user1");
            m.text = textFor(seq, random);
            m.time = QDateTime::currentDateTimeUtc();
            store.saveReceived(m);
        }));
        (indexed ? indexedBuildMs : plainBuildMs) = buildMs;
        (indexed ? indexedSaveMs : plainSaveMs) = saveMs;
    }
    // What schema 4 had: without the columns schema 5 added (sender_fold is '' for these names).
    for (const char *column : {"sender_key", "sender_fold"}) {
        if (!Connection(plainPath).exec(QStringLiteral("ALTER TABLE messages DROP COLUMN %1").arg(QLatin1String(column))))
            return 1;
    }
    const double indexedMiB = usedMiB(indexedPath);
    const double plainMiB = usedMiB(plainPath);
    std::printf("INSERT COST (keeping the index in step)\n");
    std::printf("  build, %lld messages     %9.0f ms with the index, %9.0f ms without: %.2fx\n",
                static_cast<long long>(messages), indexedBuildMs, plainBuildMs, indexedBuildMs / plainBuildMs);
    std::printf("  saveReceived, one new     %9.3f ms with the index, %9.3f ms without: %.2fx (median of %d)\n\n",
                indexedSaveMs, plainSaveMs, indexedSaveMs / plainSaveMs, kSingleRepeats);

    // 2. Disk.
    std::printf("DISK (pages in use)\n  %.1f MiB with the index, %.1f MiB without: +%.1f MiB (+%.0f%%); file %.1f MiB\n",
                indexedMiB, plainMiB, indexedMiB - plainMiB, 100.0 * (indexedMiB - plainMiB) / plainMiB,
                fileMiB(indexedPath));
    printSizes(indexedPath);

    // 3. The migration of a schema 4 file: the index built for the rows there.
    {
        QElapsedTimer t;
        t.start();
        MessageStore store;
        if (!store.open(plainPath)) {
            std::fprintf(stderr, "%s\n", qPrintable(store.errorString()));
            return 1;
        }
        std::printf("\nMIGRATION 4 -> 5 of the plain store (builds the index in one go): %.0f ms\n", ms(t.nsecsElapsed()));
    }
    std::printf("  pages in use afterwards %.1f MiB (the index built at once, in fewer segments)\n\n",
                usedMiB(plainPath));

    // 4. Searches, against the LIKE scan.
    MessageStore store;
    if (!store.open(indexedPath)) {
        std::fprintf(stderr, "%s\n", qPrintable(store.errorString()));
        return 1;
    }
    Connection baseline(indexedPath);
    const QList<Case> cases{
            {"common word", QStringLiteral("the")},
            {"rare word", QStringLiteral("zeppelin")},
            {"chinese, 2 characters", QString::fromUtf8("天气")},
            {"chinese, 4 characters", QString::fromUtf8("服务器又")},
            {"two terms", QStringLiteral("quick friday")},
            {"1 character", QStringLiteral("q")},
            {"from: filter", QStringLiteral("from:user7 deploy")},
            {"from: rare sender, common word", QStringLiteral("from:admin the")},
            {"in: room, rare word", QStringLiteral("in:room0 zeppelin")},
            {"in: room, common word", QStringLiteral("in:room3 the")},
            {"no match", QStringLiteral("xylophone")},
    };
    std::printf("SEARCH, first %d results (median of %d; LIKE baseline median of %d)\n", kLimit, kRepeats,
                kBaselineRepeats);
    std::printf("  %-32s %6s %10s %12s %8s   %s\n", "query", "found", "search", "LIKE scan", "ratio", "typed");
    double worstMs = 0;
    for (const Case &c : cases) {
        const SearchQuery query = SearchQuery::parse(c.typed);
        qsizetype found = 0;
        const double searchMs = ms(bench::medianNs(kRepeats, [&] { found = store.search(query, kLimit).size(); }));
        int likeFound = 0;
        const double likeMs = ms(bench::medianNs(kBaselineRepeats, [&] { likeFound = likeScan(baseline.db(), query); }));
        worstMs = std::max(worstMs, searchMs);
        std::printf("  %-32s %6lld %7.2f ms %9.1f ms %7.0fx   %s%s\n", c.name, static_cast<long long>(found), searchMs,
                    likeMs, likeMs / searchMs, qPrintable(c.typed),
                    likeFound == found ? "" : "  (LIKE found a different number: case or filter)");
    }
    // The next page of a common word, by cursor.
    {
        const SearchQuery query = SearchQuery::parse(QStringLiteral("the"));
        const QList<ChatMessage> first = store.search(query, kLimit);
        const MessageStore::SearchCursor cursor = store.cursorOf(first.last());
        const double nextMs = ms(bench::medianNs(kRepeats, [&] { store.search(query, kLimit, cursor); }));
        std::printf("  %-32s %6d %7.2f ms%27s%s\n", "next page, by cursor", kLimit, nextMs, "", "the");
    }
    std::printf("  slowest first results: %.2f ms (target: <= 50 ms)\n\n", worstMs);

    // 5. Deletes: the text leaves the index at once (a delete marker); the index's pages keep the
    // row's trigram entries until FTS5 merges their segment (see the report): 'optimize' merges
    // everything now, at this cost.
    {
        const SearchQuery query = SearchQuery::parse(QStringLiteral("the"));
        const QList<ChatMessage> victims = store.search(query, kSingleRepeats);
        qsizetype next = 0;
        const double deleteMs = ms(bench::medianNs(int(victims.size()), [&] {
            const ChatMessage &victim = victims.at(next++);
            ChatMessage del;
            del.kind = ChatMessage::Kind::Delete;
            del.room = victim.room;
            del.seq = store.lastSeq(del.room) + 1;
            del.target = victim.seq;
            del.clientId = QStringLiteral("bench-delete-%1").arg(next);
            del.time = QDateTime::currentDateTimeUtc();
            store.saveReceived(del);
        }));
        const QList<ChatMessage> after = store.search(query, kSingleRepeats);
        int again = 0;
        for (const ChatMessage &m : after) {
            for (const ChatMessage &v : victims)
                again += m.room == v.room && m.seq == v.seq ? 1 : 0;
        }
        std::printf("DELETE of an indexed message (a delete change applied): %.3f ms (median of %lld); found again: %d\n",
                    deleteMs, static_cast<long long>(victims.size()), again);
        store.close();
        Connection c(indexedPath);
        QElapsedTimer t;
        t.start();
        c.exec(QStringLiteral("INSERT INTO messages_search (messages_search) VALUES ('optimize')"));
        std::printf("  FTS5 'optimize' (merges every segment, drops deleted entries): %.0f ms\n", ms(t.nsecsElapsed()));
    }
    return 0;
}
