// bench_file_store [MiB]: FileStore's upload path against a plain write + one hash of the same
// bytes, in the same run (see bench/CMakeLists.txt). Prints MiB/s, the ratio, and the longest
// append (what one chunk costs the server's event loop).
#include "benchsupport.h"
#include "filestore.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>

namespace {
double mibPerSecond(qint64 bytes, qint64 ns)
{
    return ns > 0 ? (double(bytes) / (1024.0 * 1024.0)) / (double(ns) / 1e9) : 0.0;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int mib = bench::argument(app.arguments(), 1, 200);
    QByteArray bytes(qint64(mib) * 1024 * 1024, Qt::Uninitialized);
    QRandomGenerator rng(42);
    for (qsizetype i = 0; i + 4 <= bytes.size(); i += 4) {
        const quint32 v = rng.generate();
        memcpy(bytes.data() + i, &v, 4);
    }
    const QString sha = QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    QTemporaryDir dir;
    const qint64 chunk = FileStore::kMaxChunk;

    // Baseline: the same bytes written in the same chunks to a plain file, then hashed once.
    QElapsedTimer t;
    t.start();
    {
        QFile plain(dir.filePath(QStringLiteral("plain")));
        if (!plain.open(QIODevice::WriteOnly))
            return 1;
        for (qint64 at = 0; at < bytes.size(); at += chunk) {
            plain.write(bytes.constData() + at, std::min(chunk, bytes.size() - at));
            plain.flush();
        }
        plain.close();
        plain.open(QIODevice::ReadOnly);
        QCryptographicHash h(QCryptographicHash::Sha256);
        h.addData(&plain);
    }
    const qint64 baselineNs = t.nsecsElapsed();

    FileStore store(dir.filePath(QStringLiteral("files")));
    if (!store.open())
        return 1;
    qint64 longestNs = 0;
    qint64 lastNs = 0;
    t.restart();
    for (qint64 at = 0; at < bytes.size(); at += chunk) {
        QElapsedTimer one;
        one.start();
        const FileStore::Appended r = store.append(QStringLiteral("bench"), sha, bytes.size(), at,
                                                   bytes.mid(at, chunk));
        lastNs = one.nsecsElapsed();
        longestNs = std::max(longestNs, lastNs);
        if (r == FileStore::Appended::Failed || r == FileStore::Appended::HashMismatch)
            return 1;
    }
    const qint64 uploadNs = t.nsecsElapsed();
    if (!store.contains(sha))
        return 1;

    // A resume by a fresh store (a restart) at half the file: the half on disk is hashed once.
    const QString sha2 = QString::fromLatin1(QCryptographicHash::hash(bytes.left(bytes.size() - 1), QCryptographicHash::Sha256).toHex());
    for (qint64 at = 0; at < bytes.size() / 2; at += chunk)
        store.append(QStringLiteral("resume"), sha2, bytes.size() - 1, at, bytes.mid(at, chunk));
    FileStore fresh(dir.filePath(QStringLiteral("files")));
    fresh.open();
    const qint64 half = fresh.received(QStringLiteral("resume"));
    // The caller's cost (what the server's event loop pays) against the time until the worker
    // has hashed the half on disk and the chunk is taken.
    qint64 longestCallNs = 0;
    t.restart();
    for (;;) {
        QElapsedTimer call;
        call.start();
        const FileStore::Appended r = fresh.append(QStringLiteral("resume"), sha2, bytes.size() - 1, half,
                                                   bytes.mid(half, chunk));
        longestCallNs = std::max(longestCallNs, call.nsecsElapsed());
        if (r != FileStore::Appended::Busy)
            break;
        QThread::msleep(1);
    }
    const qint64 resumeNs = t.nsecsElapsed();

    std::printf("file of %d MiB in %lld KiB chunks\n", mib, chunk / 1024);
    std::printf("baseline (plain write + one hash): %8.1f MiB/s  %8.1f ms\n", mibPerSecond(bytes.size(), baselineNs), baselineNs / 1e6);
    std::printf("FileStore upload (append+verify) : %8.1f MiB/s  %8.1f ms  ratio %.2f of the baseline's time\n",
                mibPerSecond(bytes.size(), uploadNs), uploadNs / 1e6, double(uploadNs) / double(baselineNs));
    std::printf("longest append %.2f ms; last append (verify + move) %.2f ms\n", longestNs / 1e6, lastNs / 1e6);
    std::printf("resume by a fresh store at %lld MiB: taken after %.1f ms (the worker hashes the bytes on disk);"
                " longest append call meanwhile %.3f ms\n",
                half / (1024 * 1024), resumeNs / 1e6, longestCallNs / 1e6);
    return 0;
}
