// "A user drops a screenshot into a room and the other sees it inline within a second" (issue 13):
// alice sends a 1920 × 1080 PNG screenshot through an in-process parley-server; the figure is the
// time from sendFile() to bob's ImagePreviews having the thumbnail ready to paint. Two ways, in the
// same run: with the thumbnail its sender makes (Thumbnail::make, inside the message: bob fetches
// nothing), and without one (bob fetches the whole image and makes the thumbnail himself), the
// baseline. Median of N runs each. Build Release, then run bench_screenshot [runs] (default 7).
#include "chatclient.h"
#include "imagepreviews.h"
#include "parleyserver.h"
#include "signin.h"
#include "thumbnail.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QLinearGradient>
#include <QLoggingCategory>
#include <QPainter>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace {

const QString kLobby = QStringLiteral("lobby");

std::unique_ptr<ChatClient> client(ParleyServer &server, const QString &name)
{
    auto c = std::make_unique<ChatClient>();
    c->setSignIn(SignIn::withToken(server.localSignIn(name, name), QStringLiteral("bench")));
    c->joinRoom(kLobby);
    QEventLoop loop;
    QObject::connect(c.get(), &ChatClient::joined, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    c->connectToServer(server.url());
    loop.exec();
    return c->isReady() ? std::move(c) : nullptr;
}

//! A screenshot-like picture: panels, gradients, lines of text, a photo-ish noisy corner.
QImage screenshot(int seed)
{
    QImage image(1920, 1080, QImage::Format_RGB32);
    image.fill(QColor(0xf4, 0xf4, 0xf4));
    QPainter p(&image);
    QLinearGradient g(0, 0, 1920, 0);
    g.setColorAt(0, QColor(0x2d, 0x6c, 0xdf));
    g.setColorAt(1, QColor(0x8e, 0x44, 0xad));
    p.fillRect(0, 0, 1920, 60, g);
    p.fillRect(0, 60, 300, 1020, QColor(0xe8, 0xe8, 0xe8));
    QRandomGenerator rng(seed);
    for (int y = 90; y < 1060; y += 24)
        p.drawText(320, y, QStringLiteral("Line %1 of a conversation about the release, build %2").arg(y).arg(rng.bounded(9999)));
    for (int y = 700; y < 1080; ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 1400; x < 1920; ++x)
            line[x] = 0xff000000u | (rng.generate() & 0xffffffu);
    }
    return image;
}

//! ms from sendFile() to bob's preview of it being ready; -1 on failure.
qint64 oneRun(ChatClient &alice, ChatClient &bob, const QString &path)
{
    ImagePreviews previews(&bob);
    QElapsedTimer clock;
    qint64 ready = -1;
    QEventLoop loop;
    FileRef file;
    QObject::connect(&bob, &ChatClient::messagesReceived, &loop, [&](const QList<ChatMessage> &messages) {
        for (const ChatMessage &m : messages) {
            if (!m.file.isNull() && file.isNull()) {
                file = m.file;
                previews.preview(file); // what painting its row does
            }
        }
    });
    QObject::connect(&previews, &ImagePreviews::changed, &loop, [&](const QString &id) {
        if (id == file.id && previews.state(id) == ImagePreviews::State::Ready) {
            ready = clock.elapsed();
            loop.quit();
        }
    });
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    clock.start();
    alice.sendFile(kLobby, path);
    loop.exec();
    return ready;
}

qint64 median(QList<qint64> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? -1 : v.at(v.size() / 2);
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("parley.*.info=false"));
    const int runs = argc > 1 ? std::max(1, atoi(argv[1])) : 7;
    QTemporaryDir dir;
    ServerSettings settings;
    settings.filesDirectory = dir.filePath(QStringLiteral("server-files"));
    settings.fileBeginRate = {};
    ParleyServer server(settings);
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 1;
    auto alice = client(server, QStringLiteral("alice"));
    auto bob = client(server, QStringLiteral("bob"));
    if (!alice || !bob)
        return 1;

    QList<qint64> withThumb, without;
    qint64 pngBytes = 0, thumbBytes = 0;
    for (int i = 0; i < runs; ++i) {
        // A new picture each run (a file stored once is not uploaded again).
        for (const bool sendersThumbnail : {true, false}) {
            const QString path = dir.filePath(QStringLiteral("shot-%1-%2.png").arg(i).arg(sendersThumbnail));
            if (!screenshot(i * 2 + int(sendersThumbnail)).save(path))
                return 1;
            pngBytes = QFileInfo(path).size();
            if (sendersThumbnail)
                thumbBytes = Thumbnail::make(path).size();
            alice->setThumbnailMaker(sendersThumbnail ? LocalFile::ThumbnailMaker(&Thumbnail::make) : LocalFile::ThumbnailMaker());
            const qint64 ms = oneRun(*alice, *bob, path);
            if (ms < 0) {
                std::fprintf(stderr, "run %d failed\n", i);
                return 1;
            }
            (sendersThumbnail ? withThumb : without) << ms;
        }
    }
    std::printf("screenshot 1920x1080 PNG, %lld bytes; sender's thumbnail %lld bytes; %d runs each\n",
                pngBytes, thumbBytes, runs);
    std::printf("sendFile -> receiver's preview ready, median: with the sender's thumbnail %lld ms, "
                "fetched and made by the receiver (baseline) %lld ms (%.2fx)\n",
                median(withThumb), median(without), median(without) / double(std::max<qint64>(1, median(withThumb))));
    return 0;
}
