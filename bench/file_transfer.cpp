// Files over the link (issue 13): a file of N MiB sent by one ChatClient to an in-process
// parley-server (sendFile() until Delivered: hashing on a worker, begin, 256 KiB chunks one in
// flight, the server appending, hashing and verifying) and fetched by another (fetchFile() until
// the verified file is in place), against the baseline of copying the same bytes over a raw
// QWebSocket on the same loopback in the same run (256 KiB binary frames streamed to a server
// that writes them to a file). Prints MB/s and the ratios. Build Release, then run
// bench_file_transfer [MiB] (default 200).
#include "chatclient.h"
#include "faultproxy.h"
#include "parleyserver.h"
#include "signin.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

#include <cstdio>
#include <memory>

namespace {

const QString kLobby = QStringLiteral("lobby");

std::unique_ptr<ChatClient> client(ParleyServer &server, const QString &name, const QUrl &url = {},
                                   int transferWindow = ConnectorSettings().transferWindow)
{
    auto c = std::make_unique<ChatClient>();
    ConnectorSettings fast;
    fast.backoffBase = std::chrono::milliseconds(50); // the cut run reconnects at once
    fast.backoffCap = std::chrono::milliseconds(300);
    fast.transferWindow = transferWindow;
    c->setSettings(fast);
    c->setSignIn(SignIn::withToken(server.localSignIn(name, name), QStringLiteral("bench")));
    c->joinRoom(kLobby);
    QSignalSpy joined(c.get(), &ChatClient::joined);
    c->connectToServer(url.isEmpty() ? server.url() : url);
    if (!joined.wait(10000))
        return nullptr;
    return c;
}

//! Runs the event loop until \a done after one of \a sender's \a signal (QTest::qWaitFor sleeps
//! 10 ms between turns: each round trip of a transfer would wait for it).
template <typename Sender, typename Signal>
bool runUntil(Sender *sender, Signal signal, const std::function<bool()> &done, int timeoutMs = 600000)
{
    if (done())
        return true;
    QEventLoop loop;
    QObject::connect(sender, signal, &loop, [&] {
        if (done())
            loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return done();
}

//! Sends \a path from \a c to the lobby and runs until it is Delivered; false on a timeout.
bool sendDelivered(ChatClient &c, const QString &path)
{
    QSignalSpy delivery(&c, &ChatClient::deliveryChanged);
    c.sendFile(kLobby, path);
    return runUntil(&c, &ChatClient::deliveryChanged, [&] {
        for (const QList<QVariant> &a : std::as_const(delivery)) {
            if (a.at(1).value<ChatMessage::Delivery>() == ChatMessage::Delivery::Delivered)
                return true;
        }
        return false;
    });
}

double mbPerSecond(qint64 bytes, qint64 ns)
{
    return ns > 0 ? bytes / 1e6 / (ns / 1e9) : 0;
}

//! Streams \a path over a raw QWebSocket to a server that writes it to \a target; ns taken.
qint64 rawCopy(const QString &path, const QString &target, qint64 size)
{
    QWebSocketServer server(QStringLiteral("bench"), QWebSocketServer::NonSecureMode);
    if (!server.listen(QHostAddress::LocalHost, 0))
        return -1;
    QFile out(target);
    out.open(QIODevice::WriteOnly);
    qint64 received = 0;
    QObject::connect(&server, &QWebSocketServer::newConnection, &server, [&] {
        QWebSocket *s = server.nextPendingConnection();
        QObject::connect(s, &QWebSocket::binaryMessageReceived, s, [&, s](const QByteArray &data) {
            out.write(data);
            received += data.size();
            if (received == size) {
                out.flush();
                s->sendTextMessage(QStringLiteral("done"));
            }
        });
    });
    QWebSocket socket;
    QFile in(path);
    in.open(QIODevice::ReadOnly);
    bool done = false;
    QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket, [&done] { done = true; });
    QElapsedTimer t;
    t.start();
    socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(server.serverPort())));
    if (!QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 10000))
        return -1;
    while (!in.atEnd()) {
        socket.sendBinaryMessage(in.read(256 * 1024));
        while (socket.bytesToWrite() > 8 * 1024 * 1024)
            QCoreApplication::processEvents(); // as a well-behaved sender: bounded buffer
    }
    if (!runUntil(&socket, &QWebSocket::textMessageReceived, [&] { return done; }))
        return -1;
    return t.nsecsElapsed();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const qint64 mib = argc > 1 ? std::max(1, QByteArray(argv[1]).toInt()) : 200;
    const qint64 size = mib * 1024 * 1024;
    QTemporaryDir dir;
    ServerSettings settings;
    settings.filesDirectory = dir.filePath(QStringLiteral("server-files"));
    settings.maxFileSize = size;
    settings.fileQuota = 4 * size;
    ParleyServer server(settings);
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 1;
    auto alice = client(server, QStringLiteral("alice"));
    auto bob = client(server, QStringLiteral("bob"));
    if (!alice || !bob)
        return 1;

    const QString path = dir.filePath(QStringLiteral("payload.bin"));
    {
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        QRandomGenerator rng(7);
        QByteArray block(1024 * 1024, Qt::Uninitialized);
        for (qint64 i = 0; i < mib; ++i) {
            rng.fillRange(reinterpret_cast<quint32 *>(block.data()), block.size() / 4);
            f.write(block);
        }
    }
    std::printf("file transfer over loopback, %lld MiB\n", mib);

    const qint64 baseline = rawCopy(path, dir.filePath(QStringLiteral("raw.bin")), size);
    std::printf("  baseline  raw QWebSocket copy      %8.1f MB/s  (%lld ms)\n", mbPerSecond(size, baseline), baseline / 1000000);

    QSignalSpy received(bob.get(), &ChatClient::messagesReceived);
    QElapsedTimer t;
    t.start();
    const bool sent = sendDelivered(*alice, path);
    const qint64 upload = t.nsecsElapsed();
    if (!sent || !runUntil(bob.get(), &ChatClient::messagesReceived, [&] { return !received.isEmpty(); }, 10000)) {
        std::printf("  upload failed\n");
        return 1;
    }
    std::printf("  upload    sendFile → Delivered    %8.1f MB/s  (%lld ms, hashing included)  %.2f× baseline time\n",
                mbPerSecond(size, upload), upload / 1000000, double(upload) / baseline);

    FileRef file;
    for (const QList<QVariant> &a : std::as_const(received)) {
        for (const ChatMessage &m : a.at(0).value<QList<ChatMessage>>())
            if (!m.file.isNull())
                file = m.file;
    }
    QSignalSpy finished(bob.get(), &ChatClient::downloadFinished);
    t.restart();
    bob->fetchFile(file, dir.filePath(QStringLiteral("fetched.bin")));
    if (!runUntil(bob.get(), &ChatClient::downloadFinished, [&] { return !finished.isEmpty(); }))
        return 1;
    const qint64 download = t.nsecsElapsed();
    std::printf("  download  fetchFile → verified    %8.1f MB/s  (%lld ms)  %.2f× baseline time\n",
                mbPerSecond(size, download), download / 1000000, double(download) / baseline);

    // The same file again by carol, through a proxy whose link is cut half-way: how much is sent
    // again after the reconnect (the upload resumes at the server's offset).
    FaultProxy proxy;
    proxy.listen();
    proxy.setUpstream(QHostAddress::LocalHost, server.port());
    auto carol = client(server, QStringLiteral("carol"), QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(proxy.port())));
    if (!carol)
        return 1;
    qint64 atCut = -1;
    qint64 resumedAt = -1;
    qint64 last = 0;
    QObject::connect(carol.get(), &ChatClient::uploadProgress, carol.get(), [&](const QString &, qint64 sent, qint64) {
        if (atCut >= 0 && resumedAt < 0 && sent != last)
            resumedAt = sent; // the first answer after the cut: where the server was
        last = sent;
        if (atCut < 0 && sent >= size / 2) {
            atCut = sent;
            proxy.cutAll();
        }
    });
    t.restart();
    if (!sendDelivered(*carol, path))
        return 1;
    const qint64 cut = t.nsecsElapsed();
    std::printf("  cut link  link cut at %lld of %lld bytes; resumed at %lld (%lld bytes sent twice); "
                "delivered in %lld ms\n",
                atCut, size, resumedAt, std::max<qint64>(0, atCut - resumedAt), cut / 1000000);

    // A long round trip: a proxy holding every chunk 5 ms each way. One chunk in flight waits a
    // round trip per 256 KiB; the window keeps the link busy. Same file, same link, both ways.
    const qint64 farMib = std::min<qint64>(mib, 32);
    const QString farPath = dir.filePath(QStringLiteral("far.bin"));
    {
        QFile in(path), out(farPath);
        in.open(QIODevice::ReadOnly);
        out.open(QIODevice::WriteOnly);
        out.write(in.read(farMib * 1024 * 1024));
    }
    FaultProxy slow;
    slow.listen();
    slow.setUpstream(QHostAddress::LocalHost, server.port());
    slow.setDelay(std::chrono::milliseconds(5));
    QList<double> rates, fetchRates;
    for (const int window : {1, ConnectorSettings().transferWindow}) {
        auto far = client(server, QStringLiteral("far%1").arg(window), QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(slow.port())), window);
        if (!far)
            return 1;
        QSignalSpy farQueued(far.get(), &ChatClient::messageQueued);
        t.restart();
        if (!sendDelivered(*far, farPath))
            return 1;
        rates << mbPerSecond(farMib * 1024 * 1024, t.nsecsElapsed());
        std::printf("  10 ms RTT upload of %lld MiB, %d chunk(s) in flight: %8.1f MB/s\n", farMib, window, rates.constLast());
        const FileRef farFile = farQueued.constFirst().at(0).value<ChatMessage>().file;
        QSignalSpy fetchedFar(far.get(), &ChatClient::downloadFinished);
        t.restart();
        far->fetchFile(farFile, dir.filePath(QStringLiteral("far-%1.bin").arg(window)));
        if (!runUntil(far.get(), &ChatClient::downloadFinished, [&] { return !fetchedFar.isEmpty(); }))
            return 1;
        fetchRates << mbPerSecond(farMib * 1024 * 1024, t.nsecsElapsed());
        std::printf("  10 ms RTT download of %lld MiB, %d fetch(es) in flight: %8.1f MB/s\n", farMib, window, fetchRates.constLast());
    }
    std::printf("  window of %d against 1 in flight: upload %.2fx, download %.2fx\n", ConnectorSettings().transferWindow,
                rates.at(1) / std::max(0.001, rates.at(0)), fetchRates.at(1) / std::max(0.001, fetchRates.at(0)));
    return 0;
}
