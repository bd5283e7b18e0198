// bench_history_open: what it costs to open a room with a million stored messages, paged
// (MessageStore + MessageModel::setStore, then fetchMore) against the naive way (load the whole
// room into a QList<ChatMessage>, then into a model). Prints figures; it is not a pass/fail test.
//
//   bench_history_open [messages]     (default 1,000,000; the store is built in a temp folder)
//
// Memory is the process's resident set (VmRSS in /proc/self/status) before and after a step: a
// rough figure (the allocator keeps freed memory), good for orders of magnitude. Times are with
// the file in the OS page cache (it was just written), i.e. a warm start.
#include "messagemodel.h"
#include "messagestore.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStringList>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

namespace {

constexpr qint64 kDefaultMessages = 1'000'000;
//! Messages per transaction while building the store.
constexpr qint64 kBuildBatch = 10'000;
constexpr int kPagesBack = 10;
//! Repetitions of the single-message operations (the median is printed).
constexpr int kRepeats = 21;
constexpr int kOwnPending = 3;
constexpr qint64 kBaseTimeMs = 1700000000000;
constexpr qint64 kMessageIntervalMs = 1500;
constexpr int kMinWords = 3;
constexpr int kWordSpread = 30;

const QString kRoom = QStringLiteral("bench");

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

//! A chat-like text of 3..32 words, the same for the same seq.
QString textFor(qint64 seq)
{
    static const QStringList words = QString::fromUtf8(
            "ok so the build is green again but the flaky test on the reconnect path still fails "
            "once in a while can you look after lunch 🙂 sure I will check the logs tonight thanks")
                                              .split(QLatin1Char(' '));
    QString text;
    const qint64 count = kMinWords + (seq * 7919) % kWordSpread;
    for (qint64 i = 0; i < count; ++i) {
        if (i)
            text += QLatin1Char(' ');
        text += words.at((seq * 31 + i * 17) % words.size());
    }
    return text;
}

ChatMessage messageFor(qint64 seq)
{
    ChatMessage m;
    m.clientId = QStringLiteral("00000000-0000-4000-8000-%1").arg(seq, 12, 10, QLatin1Char('0'));
    m.room = kRoom;
    m.seq = seq;
    m.sender = QStringLiteral("user%1").arg(seq % 20);
    m.text = textFor(seq);
    m.time = QDateTime::fromMSecsSinceEpoch(kBaseTimeMs + seq * kMessageIntervalMs, Qt::UTC);
    return m;
}

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
    const QString path = dir.filePath(QStringLiteral("history.sqlite"));
    std::printf("bench_history_open: %lld messages in one room, page = %d rows\n",
                static_cast<long long>(messages), MessageModel::kPageSize);
    std::printf("store: %s\n\n", qPrintable(path));

    // 1. Build the store.
    {
        QElapsedTimer t;
        t.start();
        MessageStore store;
        if (!store.open(path)) {
            std::fprintf(stderr, "%s\n", qPrintable(store.errorString()));
            return 1;
        }
        for (qint64 from = 1; from <= messages; from += kBuildBatch) {
            QList<ChatMessage> batch;
            const qint64 last = std::min(messages, from + kBuildBatch - 1);
            batch.reserve(last - from + 1);
            for (qint64 seq = from; seq <= last; ++seq)
                batch << messageFor(seq);
            if (store.saveReceivedBatch(batch).size() != batch.size()) {
                std::fprintf(stderr, "build failed: %s\n", qPrintable(store.errorString()));
                return 1;
            }
        }
        for (int i = 0; i < kOwnPending; ++i) {
            ChatMessage m;
            m.clientId = QStringLiteral("pending-%1").arg(i);
            m.room = kRoom;
            m.sender = QStringLiteral("me");
            m.text = QStringLiteral("not yet acknowledged %1").arg(i);
            m.time = QDateTime::currentDateTimeUtc();
            m.own = true;
            m.delivery = ChatMessage::Delivery::Pending;
            store.saveOutgoing(m);
        }
        store.close();
        const qint64 bytes = QFileInfo(path).size()
                + QFileInfo(path + QStringLiteral("-wal")).size();
        std::printf("build    %10.0f ms  (%.0f messages/s, batches of %lld), file %.1f MiB\n\n",
                    ms(t.nsecsElapsed()), double(messages) / (double(t.nsecsElapsed()) / 1e9),
                    static_cast<long long>(kBuildBatch), double(bytes) / 1048576.0);
    }

    // 2. Paged: open the store, set it on a model; the first page is then ready.
    const qint64 rssStart = rssKiB();
    QElapsedTimer t;
    t.start();
    MessageStore store;
    if (!store.open(path)) {
        std::fprintf(stderr, "%s\n", qPrintable(store.errorString()));
        return 1;
    }
    const qint64 openNs = t.nsecsElapsed();
    MessageModel model(kRoom);
    model.setStore(&store);
    const qint64 firstPageNs = t.nsecsElapsed();
    const qint64 rssFirstPage = rssKiB();
    std::printf("PAGED (MessageStore + MessageModel)\n");
    std::printf("  open store                      %9.2f ms\n", ms(openNs));
    std::printf("  + setStore (first page ready)   %9.2f ms total  (%d rows, newest seq %lld)\n",
                ms(firstPageNs), model.rowCount(),
                static_cast<long long>(model.messageAt(model.rowCount() - 1 - kOwnPending).seq));
    std::printf("  resident memory added           %9.1f MiB\n", mib(rssFirstPage - rssStart));

    QList<double> pageMs;
    QElapsedTimer back;
    back.start();
    for (int i = 0; i < kPagesBack && model.canFetchMore({}); ++i) {
        QElapsedTimer p;
        p.start();
        model.fetchMore({});
        pageMs << ms(p.nsecsElapsed());
    }
    const double backMs = ms(back.nsecsElapsed());
    const qint64 rssPaged = rssKiB();
    QList<double> sorted = pageMs;
    std::sort(sorted.begin(), sorted.end());
    std::printf("  fetchMore, per page             %9.2f ms median, %.2f min, %.2f max\n",
                sorted.value(sorted.size() / 2), sorted.value(0), sorted.value(sorted.size() - 1));
    std::printf("  %d pages back                   %9.2f ms  (%d rows held, oldest seq %lld)\n",
                int(pageMs.size()), backMs, model.rowCount(),
                static_cast<long long>(model.messageAt(0).seq));
    std::printf("  resident memory added, total    %9.1f MiB\n\n", mib(rssPaged - rssStart));

    // 3. Single operations on the big file (what ChatClient does per message). The first commit
    // after opening also starts the WAL afresh (a few ms, once): timed on its own.
    QElapsedTimer firstWrite;
    firstWrite.start();
    {
        ChatMessage m = messageFor(0);
        m.clientId = QStringLiteral("bench-first");
        m.seq = 0;
        m.own = true;
        m.delivery = ChatMessage::Delivery::Pending;
        store.saveOutgoing(m);
    }
    const double firstWriteMs = ms(firstWrite.nsecsElapsed());
    qint64 seqSink = 0;
    const double lastSeqMs = medianMs([&](int) { seqSink += store.lastSeq(kRoom); });
    const double outboxMs = medianMs([&](int) { seqSink += store.unacknowledged().size(); });
    const double dupMs = medianMs([&](int i) { store.saveReceived(messageFor(1 + i * 9973)); });
    const double newMs = medianMs([&](int i) { store.saveReceived(messageFor(messages + 1 + i)); });
    const double outMs = medianMs([&](int i) {
        ChatMessage m = messageFor(0);
        m.clientId = QStringLiteral("bench-out-%1").arg(i);
        m.seq = 0;
        m.own = true;
        m.delivery = ChatMessage::Delivery::Pending;
        store.saveOutgoing(m);
    });
    const double ackMs = medianMs([&](int i) {
        store.updateDelivery(QStringLiteral("bench-out-%1").arg(i), ChatMessage::Delivery::Delivered,
                             messages + kRepeats + 1 + i, QDateTime::currentDateTimeUtc());
    });
    std::printf("STORE OPERATIONS on %lld rows (median of %d)\n", static_cast<long long>(messages),
                kRepeats);
    std::printf("  first commit after open (once)  %9.3f ms\n", firstWriteMs);
    std::printf("  lastSeq                         %9.3f ms\n", lastSeqMs);
    std::printf("  unacknowledged                  %9.3f ms\n", outboxMs);
    std::printf("  saveReceived, known (de-dup)    %9.3f ms\n", dupMs);
    std::printf("  saveReceived, new               %9.3f ms\n", newMs);
    std::printf("  saveOutgoing                    %9.3f ms\n", outMs);
    std::printf("  updateDelivery (Delivered+seq)  %9.3f ms\n\n", ackMs);

    // 4. Baseline: the whole room in memory, then in a model.
    const qint64 rssBaseStart = rssKiB();
    QElapsedTimer b;
    b.start();
    QList<ChatMessage> all;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("baseline"));
        db.setDatabaseName(path);
        if (!db.open()) {
            std::fprintf(stderr, "baseline: cannot open\n");
            return 1;
        }
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(QStringLiteral("SELECT client_id, room, seq, sender, text, time_ms, own, delivery"
                                 " FROM messages WHERE room = ? AND seq > 0 ORDER BY seq"));
        q.addBindValue(kRoom);
        q.exec();
        while (q.next()) {
            ChatMessage m;
            m.clientId = q.value(0).toString();
            m.room = q.value(1).toString();
            m.seq = q.value(2).toLongLong();
            m.sender = q.value(3).toString();
            m.text = q.value(4).toString();
            m.time = QDateTime::fromMSecsSinceEpoch(q.value(5).toLongLong(), Qt::UTC);
            m.own = q.value(6).toBool();
            m.delivery = static_cast<ChatMessage::Delivery>(q.value(7).toInt());
            all << m;
        }
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
    std::printf("NAIVE BASELINE (whole room)\n");
    std::printf("  SELECT all into QList<ChatMessage> %7.0f ms  (%lld messages)\n", ms(baseNs),
                static_cast<long long>(all.size()));
    std::printf("  resident memory added           %9.1f MiB\n", mib(rssBaseList - rssBaseStart));
    std::printf("  + MessageModel::addMessages(all) %8.0f ms\n", ms(baseModelNs));
    std::printf("  resident memory added, total    %9.1f MiB\n\n", mib(rssBaseModel - rssBaseStart));

    std::printf("RATIOS (naive / paged)\n");
    std::printf("  time to first screen: list only %8.0fx, list + model %.0fx\n",
                double(baseNs) / double(firstPageNs), double(baseNs + baseModelNs) / double(firstPageNs));
    std::printf("  memory:               list only %8.0fx, list + model %.0fx\n",
                double(rssBaseList - rssBaseStart) / double(std::max<qint64>(1, rssFirstPage - rssStart)),
                double(rssBaseModel - rssBaseStart) / double(std::max<qint64>(1, rssFirstPage - rssStart)));
    return seqSink < 0 ? 1 : 0;
}
