// bench_history_open: what it costs to open a room with a million stored messages, paged
// (MessageStore + MessageModel::setStore, then fetchMore) against the naive way (load the whole
// room into a QList<ChatMessage>, then into a model). Prints figures; it is not a pass/fail test.
//
//   bench_history_open [messages]     (default 1,000,000; the stores are built in a temp folder)
//
// Two stores of the same messages are measured in one run:
//   plain          messages only, seq 1..N
//   conversations  as a room where people use replies, edits, deletes and reactions (issue 12):
//                  one message in 5 answers the message 3 before it, one in 3 carries 1-3
//                  reactions, 1% are edited once, 0.5% deleted. Each change is stored as the client
//                  stores it: a row of its own with its own seq (so pages skip past change rows),
//                  applied to its target's row (MessageStore::saveReceivedBatch).
// The conversations figures are printed with their ratio to the plain ones of the same run.
// PARLEY_BENCH_PLAIN=1 measures the plain store only (as bench_ui_burst does).
//
// Memory is the process's resident set (VmRSS in /proc/self/status) before and after a step: a
// rough figure (the allocator keeps freed memory), good for orders of magnitude. Times are with
// the file in the OS page cache (it was just written), i.e. a warm start.
#include "messagemodel.h"
#include "messagestore.h"
#include "messagestoreschema.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStringList>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace {

constexpr qint64 kDefaultMessages = 1'000'000;
//! Messages per transaction while building the store.
constexpr qint64 kBuildBatch = 10'000;
constexpr int kPagesBack = 10;
//! Repetitions of the single-message operations (the median is printed).
constexpr int kRepeats = 21;
//! Messages whose seq is remembered while building, for the de-dup probe.
constexpr qint64 kProbeStride = 9973;
constexpr int kOwnPending = 3;
constexpr qint64 kBaseTimeMs = 1700000000000;
constexpr qint64 kMessageIntervalMs = 1500;
constexpr int kMinWords = 3;
constexpr int kWordSpread = 30;
constexpr int kSenders = 20;
// Conversations: how often each kind of change occurs.
constexpr int kReplyEvery = 5;      // one message in 5 answers the message 3 before it
constexpr int kReplyDistance = 3;
constexpr int kReactionsEvery = 3;  // one in 3 carries 1-3 reactions
constexpr int kMaxReactions = 3;
constexpr int kEditedPer = 100;     // 1% edited
constexpr int kEditedAt = 7;
constexpr int kDeletedPer = 200;    // 0.5% deleted
constexpr int kDeletedAt = 13;

const QString kRoom = QStringLiteral("bench");

enum class Data { Plain, Conversations };

const char *nameOf(Data data)
{
    return data == Data::Plain ? "plain" : "conversations";
}

qint64 rssKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

double mib(qint64 kib)
{
    return double(kib) / 1024.0;
}

double ms(qint64 ns)
{
    return double(ns) / 1e6;
}

//! A chat-like text of 3..32 words, the same for the same message.
QString textFor(qint64 index)
{
    static const QStringList words = QString::fromUtf8(
            "ok so the build is green again but the flaky test on the reconnect path still fails "
            "once in a while can you look after lunch 🙂 sure I will check the logs tonight thanks")
                                              .split(QLatin1Char(' '));
    QString text;
    const qint64 count = kMinWords + (index * 7919) % kWordSpread;
    for (qint64 i = 0; i < count; ++i) {
        if (i)
            text += QLatin1Char(' ');
        text += words.at((index * 31 + i * 17) % words.size());
    }
    return text;
}

QDateTime timeAt(qint64 seq)
{
    return QDateTime::fromMSecsSinceEpoch(kBaseTimeMs + seq * kMessageIntervalMs, Qt::UTC);
}

//! Message number \a index (1-based) of the room, stored under \a seq.
ChatMessage messageFor(qint64 index, qint64 seq)
{
    ChatMessage m;
    m.clientId = QStringLiteral("00000000-0000-4000-8000-%1").arg(index, 12, 10, QLatin1Char('0'));
    m.room = kRoom;
    m.seq = seq;
    m.senderId = 1 + index % kSenders;
    m.sender = QStringLiteral("user%1").arg(m.senderId);
    m.text = textFor(index);
    m.time = timeAt(seq);
    return m;
}

//! The room's rows in seq order, a message (and, with conversations, the changes that follow it)
//! at a time. Seqs run without gaps; the messages are numbered 1..N whatever their seq.
class RoomGenerator
{
public:
    explicit RoomGenerator(Data data) : m_data(data) {}

    //! Message \a index and its changes, in seq order.
    QList<ChatMessage> next(qint64 index)
    {
        const qint64 seq = ++m_seq;
        ChatMessage m = messageFor(index, seq);
        if (index % kProbeStride == 1)
            m_probes.insert(index, seq);
        QList<ChatMessage> rows;
        if (m_data == Data::Plain) {
            rows << m;
            return rows;
        }
        if (index % kReplyEvery == 0 && m_recent.size() >= kReplyDistance)
            m.replyTo = m_recent.at(m_recent.size() - kReplyDistance);
        m_recent << seq;
        if (m_recent.size() > kReplyDistance)
            m_recent.removeFirst();
        rows << m;
        if (index % kReactionsEvery == 0) {
            static const QStringList emoji{QStringLiteral("👍"), QStringLiteral("🎉"), QStringLiteral("❤️")};
            for (int r = 0; r <= (index / kReactionsEvery) % kMaxReactions; ++r) {
                ChatMessage react = change(ChatMessage::Kind::React, seq, index * 10 + r, 1 + (index + r + 1) % kSenders);
                react.text = emoji.at(r);
                react.reactionOn = true;
                rows << react;
            }
        }
        if (index % kEditedPer == kEditedAt) {
            rows << change(ChatMessage::Kind::Edit, seq, index * 10 + 5, m.senderId);
            rows.last().text = textFor(index + 1) + QStringLiteral(" (corrected)");
        }
        if (index % kDeletedPer == kDeletedAt)
            rows << change(ChatMessage::Kind::Delete, seq, index * 10 + 6, m.senderId);
        return rows;
    }
    //! The newest seq given out so far.
    qint64 lastSeq() const { return m_seq; }
    //! The seqs of messages 1, 1 + kProbeStride, 1 + 2 kProbeStride, … (message index -> seq).
    const QHash<qint64, qint64> &probes() const { return m_probes; }

private:
    //! A change of \a kind by \a senderId to the message \a target, with the next seq.
    ChatMessage change(ChatMessage::Kind kind, qint64 target, qint64 id, qint64 senderId)
    {
        ChatMessage c;
        c.kind = kind;
        c.senderId = senderId;
        c.clientId = QStringLiteral("00000000-0000-4000-9000-%1").arg(id, 12, 10, QLatin1Char('0'));
        c.room = kRoom;
        c.seq = ++m_seq;
        c.target = target;
        c.time = timeAt(c.seq);
        return c;
    }

    Data m_data;
    qint64 m_seq = 0;
    QList<qint64> m_recent; //!< seqs of the last kReplyDistance messages
    QHash<qint64, qint64> m_probes;
};

template<typename F>
double medianMs(F &&step)
{
    QList<double> runs;
    for (int i = 0; i < kRepeats; ++i) {
        QElapsedTimer t;
        t.start();
        step(i);
        runs << ms(t.nsecsElapsed());
    }
    std::sort(runs.begin(), runs.end());
    return runs.at(runs.size() / 2);
}

//! The figures compared between the two stores.
struct Figures
{
    double buildMs = 0;
    double fileMiB = 0;
    double openMs = 0;
    double firstPageMs = 0;
    double firstPageMiB = 0;
    double pageMedianMs = 0;
    double pagesBackMs = 0;
    double dupMs = 0;
    double newMs = 0;
    double naiveListMs = 0;
    double naiveModelMs = 0;
    double naiveMiB = 0;
};

ChatMessage ownPending(const QString &clientId, const QString &text)
{
    ChatMessage m;
    m.clientId = clientId;
    m.room = kRoom;
    m.sender = QStringLiteral("me");
    m.text = text;
    m.time = QDateTime::currentDateTimeUtc();
    m.own = true;
    m.delivery = ChatMessage::Delivery::Pending;
    return m;
}

//! Builds a store of \a messages messages with \a data at \a path and measures it; false on error.
//! Gives freed heap back to the system (glibc), so that a memory delta measured next starts from
//! what is really in use, not from what the build or the other store's run left free.
void trimHeap()
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

bool measure(Data data, const QString &path, qint64 messages, Figures *f)
{
    std::printf("=== %s ===\n", nameOf(data));
    RoomGenerator room(data);
    qint64 rows = 0;
    // 1. Build the store.
    {
        QElapsedTimer t;
        t.start();
        MessageStore store;
        if (!store.open(path)) {
            std::fprintf(stderr, "%s\n", qPrintable(store.errorString()));
            return false;
        }
        for (qint64 from = 1; from <= messages; from += kBuildBatch) {
            QList<ChatMessage> batch;
            const qint64 last = std::min(messages, from + kBuildBatch - 1);
            for (qint64 index = from; index <= last; ++index)
                batch << room.next(index);
            if (store.saveReceivedBatch(batch).size() != batch.size()) {
                std::fprintf(stderr, "build failed: %s\n", qPrintable(store.errorString()));
                return false;
            }
            rows += batch.size();
        }
        for (int i = 0; i < kOwnPending; ++i)
            store.saveOutgoing(ownPending(QStringLiteral("pending-%1").arg(i), QStringLiteral("not yet acknowledged %1").arg(i)));
        store.close();
        const qint64 bytes = QFileInfo(path).size() + QFileInfo(path + QStringLiteral("-wal")).size();
        f->buildMs = ms(t.nsecsElapsed());
        f->fileMiB = double(bytes) / 1048576.0;
        std::printf("build    %10.0f ms  (%.0f rows/s: %lld messages + %lld change rows, batches of %lld "
                    "messages), file %.1f MiB\n\n",
                    f->buildMs, double(rows) / (f->buildMs / 1e3), static_cast<long long>(messages),
                    static_cast<long long>(rows - messages), static_cast<long long>(kBuildBatch), f->fileMiB);
    }

    // 2. Paged: open the store, set it on a model; the first page is then ready.
    trimHeap();
    const qint64 rssStart = rssKiB();
    QElapsedTimer t;
    t.start();
    MessageStore store;
    if (!store.open(path)) {
        std::fprintf(stderr, "%s\n", qPrintable(store.errorString()));
        return false;
    }
    const qint64 openNs = t.nsecsElapsed();
    MessageModel model(kRoom);
    model.setStore(&store);
    const qint64 firstPageNs = t.nsecsElapsed();
    const qint64 rssFirstPage = rssKiB();
    f->openMs = ms(openNs);
    f->firstPageMs = ms(firstPageNs);
    f->firstPageMiB = mib(rssFirstPage - rssStart);
    std::printf("PAGED (MessageStore + MessageModel)\n");
    std::printf("  open store                      %9.2f ms\n", f->openMs);
    std::printf("  + setStore (first page ready)   %9.2f ms total  (%d rows, newest seq %lld)\n",
                f->firstPageMs, model.rowCount(),
                static_cast<long long>(model.messageAt(model.rowCount() - 1 - kOwnPending).seq));
    std::printf("  resident memory added           %9.1f MiB\n", f->firstPageMiB);

    QList<double> pageMs;
    QElapsedTimer back;
    back.start();
    for (int i = 0; i < kPagesBack && model.canFetchMore({}); ++i) {
        QElapsedTimer p;
        p.start();
        model.fetchMore({});
        pageMs << ms(p.nsecsElapsed());
    }
    f->pagesBackMs = ms(back.nsecsElapsed());
    const qint64 rssPaged = rssKiB();
    QList<double> sorted = pageMs;
    std::sort(sorted.begin(), sorted.end());
    f->pageMedianMs = sorted.value(sorted.size() / 2);
    std::printf("  fetchMore, per page             %9.2f ms median, %.2f min, %.2f max\n",
                f->pageMedianMs, sorted.value(0), sorted.value(sorted.size() - 1));
    std::printf("  %d pages back                   %9.2f ms  (%d rows held, oldest seq %lld)\n",
                int(pageMs.size()), f->pagesBackMs, model.rowCount(),
                static_cast<long long>(model.messageAt(0).seq));
    std::printf("  resident memory added, total    %9.1f MiB\n\n", mib(rssPaged - rssStart));

    // 3. Single operations on the big file (what ChatClient does per message). The first commit
    // after opening also starts the WAL afresh (a few ms, once): timed on its own.
    QElapsedTimer firstWrite;
    firstWrite.start();
    store.saveOutgoing(ownPending(QStringLiteral("bench-first"), textFor(0)));
    const double firstWriteMs = ms(firstWrite.nsecsElapsed());
    const qint64 lastSeq = room.lastSeq();
    const QList<qint64> probeIndexes = room.probes().keys();
    qint64 seqSink = 0;
    const double lastSeqMs = medianMs([&](int) { seqSink += store.lastSeq(kRoom); });
    const double outboxMs = medianMs([&](int) { seqSink += store.unacknowledged().size(); });
    f->dupMs = medianMs([&](int i) {
        const qint64 index = probeIndexes.at(i % probeIndexes.size());
        store.saveReceived(messageFor(index, room.probes().value(index)));
    });
    f->newMs = medianMs([&](int i) { store.saveReceived(messageFor(messages + 1 + i, lastSeq + 1 + i)); });
    const double outMs = medianMs([&](int i) {
        store.saveOutgoing(ownPending(QStringLiteral("bench-out-%1").arg(i), textFor(i)));
    });
    const double ackMs = medianMs([&](int i) {
        store.updateDelivery(QStringLiteral("bench-out-%1").arg(i), ChatMessage::Delivery::Delivered,
                             lastSeq + kRepeats + 1 + i, QDateTime::currentDateTimeUtc());
    });
    std::printf("STORE OPERATIONS on %lld rows (median of %d)\n", static_cast<long long>(rows), kRepeats);
    std::printf("  first commit after open (once)  %9.3f ms\n", firstWriteMs);
    std::printf("  lastSeq                         %9.3f ms\n", lastSeqMs);
    std::printf("  unacknowledged                  %9.3f ms\n", outboxMs);
    std::printf("  saveReceived, known (de-dup)    %9.3f ms\n", f->dupMs);
    std::printf("  saveReceived, new               %9.3f ms\n", f->newMs);
    std::printf("  saveOutgoing                    %9.3f ms\n", outMs);
    std::printf("  updateDelivery (Delivered+seq)  %9.3f ms\n\n", ackMs);

    // 4. Baseline: the whole room's messages in memory (as MessageStore reads a row), then in a model.
    trimHeap();
    const qint64 rssBaseStart = rssKiB();
    QElapsedTimer b;
    b.start();
    QList<ChatMessage> all;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("baseline"));
        db.setDatabaseName(path);
        if (!db.open()) {
            std::fprintf(stderr, "baseline: cannot open\n");
            return false;
        }
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(QLatin1String("SELECT ") + MessageStoreSchema::columns()
                  + QLatin1String(" FROM messages WHERE room = ? AND seq > 0 AND kind = 0 ORDER BY seq"));
        q.addBindValue(kRoom);
        q.exec();
        while (q.next())
            all << MessageStoreSchema::messageFrom(q);
    }
    QSqlDatabase::removeDatabase(QStringLiteral("baseline"));
    const qint64 baseNs = b.nsecsElapsed();
    const qint64 rssBaseList = rssKiB();
    QElapsedTimer bm;
    bm.start();
    MessageModel whole(kRoom);
    whole.addMessages(all);
    const qint64 baseModelNs = bm.nsecsElapsed();
    const qint64 rssBaseModel = rssKiB();
    f->naiveListMs = ms(baseNs);
    f->naiveModelMs = ms(baseModelNs);
    f->naiveMiB = mib(rssBaseModel - rssBaseStart);
    std::printf("NAIVE BASELINE (whole room)\n");
    std::printf("  SELECT all into QList<ChatMessage> %7.0f ms  (%lld messages)\n", f->naiveListMs,
                static_cast<long long>(all.size()));
    std::printf("  resident memory added           %9.1f MiB\n", mib(rssBaseList - rssBaseStart));
    std::printf("  + MessageModel::addMessages(all) %8.0f ms\n", f->naiveModelMs);
    std::printf("  resident memory added, total    %9.1f MiB\n\n", f->naiveMiB);

    std::printf("RATIOS (naive / paged)\n");
    std::printf("  time to first screen: list only %8.0fx, list + model %.0fx\n",
                double(baseNs) / double(firstPageNs), double(baseNs + baseModelNs) / double(firstPageNs));
    std::printf("  memory:               list only %8.0fx, list + model %.0fx\n\n",
                double(rssBaseList - rssBaseStart) / double(std::max<qint64>(1, rssFirstPage - rssStart)),
                double(rssBaseModel - rssBaseStart) / double(std::max<qint64>(1, rssFirstPage - rssStart)));
    return seqSink >= 0;
}

void compare(const Figures &plain, const Figures &conv)
{
    std::printf("CONVERSATIONS vs PLAIN (same run; ratio = conversations / plain)\n");
    const auto line = [](const char *what, double c, double p, const char *unit) {
        std::printf("  %-32s %10.2f %-3s vs %10.2f %-3s  %6.2fx\n", what, c, unit, p, unit,
                    p > 0 ? c / p : 0.0);
    };
    line("build", conv.buildMs, plain.buildMs, "ms");
    line("file size", conv.fileMiB, plain.fileMiB, "MiB");
    line("open store", conv.openMs, plain.openMs, "ms");
    line("first page ready", conv.firstPageMs, plain.firstPageMs, "ms");
    line("resident memory, first page", conv.firstPageMiB, plain.firstPageMiB, "MiB");
    line("fetchMore, per page (median)", conv.pageMedianMs, plain.pageMedianMs, "ms");
    line("pages back", conv.pagesBackMs, plain.pagesBackMs, "ms");
    line("saveReceived, known (de-dup)", conv.dupMs, plain.dupMs, "ms");
    line("saveReceived, new", conv.newMs, plain.newMs, "ms");
    line("naive: SELECT all", conv.naiveListMs, plain.naiveListMs, "ms");
    line("naive: + addMessages(all)", conv.naiveModelMs, plain.naiveModelMs, "ms");
    line("naive: resident memory", conv.naiveMiB, plain.naiveMiB, "MiB");
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const qint64 messages = argc > 1 ? QByteArray(argv[1]).toLongLong() : kDefaultMessages;
    if (messages <= 0) {
        std::fprintf(stderr, "usage: bench_history_open [messages]\n");
        return 2;
    }
    QTemporaryDir dir;
    if (!dir.isValid()) {
        std::fprintf(stderr, "no temporary folder\n");
        return 1;
    }
    const bool plainOnly = qEnvironmentVariableIsSet("PARLEY_BENCH_PLAIN");
    std::printf("bench_history_open: %lld messages in one room, page = %d rows, %s\n",
                static_cast<long long>(messages), MessageModel::kPageSize,
                plainOnly ? "plain data only (PARLEY_BENCH_PLAIN)" : "plain and conversations data");
    std::printf("stores in: %s\n\n", qPrintable(dir.path()));

    Figures plain;
    if (!measure(Data::Plain, dir.filePath(QStringLiteral("plain.sqlite")), messages, &plain))
        return 1;
    if (plainOnly)
        return 0;
    Figures conv;
    if (!measure(Data::Conversations, dir.filePath(QStringLiteral("conversations.sqlite")), messages, &conv))
        return 1;
    compare(plain, conv);
    return 0;
}
