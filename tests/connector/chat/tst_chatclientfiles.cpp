// ChatClient's files against a real in-process parley-server (docs/protocol.md, "Files"):
// sendFile() reads a file on a worker, queues it as a message, uploads it, and the other side gets
// a message naming it and fetches it verified; an upload cut mid-way resumes where it stopped; a
// file sent offline goes when the link is back; what cannot be sent is refused in words, before
// anything is read or queued.

#include "chatclient.h"
#include "faultproxy.h"
#include "parleyserver.h"
#include "signedinclient.h"
#include "serverwithfiles.h"
#include "testfiles.h"
#include "testmain.h"
#include "testsettings.h"

#include <QCryptographicHash>
#include <atomic>
#include <QFile>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kLobby = QStringLiteral("lobby");

QByteArray randomBytes(qint64 size, quint32 seed)
{
    QRandomGenerator rng(seed);
    QByteArray bytes(size, Qt::Uninitialized);
    for (qint64 i = 0; i + 4 <= size; i += 4) {
        const quint32 v = rng.generate();
        memcpy(bytes.data() + i, &v, 4);
    }
    for (qint64 i = size - size % 4; i < size; ++i)
        bytes[i] = char(rng.bounded(256));
    return bytes;
}

QString sha256Of(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}


QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}


//! The first message with a file that \a spy (on messagesReceived) saw, within 10 s.
std::optional<ChatMessage> awaitFileMessage(QSignalSpy &spy)
{
    std::optional<ChatMessage> found;
    (void)QTest::qWaitFor([&] {
        for (const QList<QVariant> &args : std::as_const(spy)) {
            for (const ChatMessage &m : args.at(0).value<QList<ChatMessage>>()) {
                if (!m.file.isNull())
                    found = m;
            }
        }
        return found.has_value();
    }, 10000);
    return found;
}

//! alice, signed in to \a server and then offline: the server said it takes files while she was on.
std::unique_ptr<ChatClient> offlineAlice(ParleyServer &server)
{
    auto alice = ParleyTest::signedInClient(server, QStringLiteral("alice"), QStringLiteral("Alice"));
    if (!alice)
        return nullptr;
    alice->disconnectFromServer();
    if (!QTest::qWaitFor([&] { return !alice->isReady(); }, 5000))
        return nullptr;
    return alice;
}

//! Waits for \a clientId's delivery to reach \a state (10 s, or \a ms).
bool reaches(QSignalSpy &delivery, const QString &clientId, ChatMessage::Delivery state, int ms = 10000)
{
    return QTest::qWaitFor([&] {
        for (const QList<QVariant> &args : std::as_const(delivery)) {
            if (args.at(0).toString() == clientId && args.at(1).value<ChatMessage::Delivery>() == state)
                return true;
        }
        return false;
    }, ms);
}

//! The client id of the next file message \a client queues (within 10 s).
QString queuedFile(QSignalSpy &queued)
{
    if (queued.isEmpty() && !queued.wait(10000))
        return {};
    return queued.takeFirst().at(0).value<ChatMessage>().clientId;
}

//! Fetches \a file on \a client into \a target; the error, or empty when it arrived.
QString fetched(ChatClient &client, const FileRef &file, const QString &target)
{
    QSignalSpy finished(&client, &ChatClient::downloadFinished);
    QSignalSpy failed(&client, &ChatClient::downloadFailed);
    const QString id = client.fetchFile(file, target);
    if (id.isEmpty())
        return QStringLiteral("(not started)");
    if (!QTest::qWaitFor([&] { return !finished.isEmpty() || !failed.isEmpty(); }, 30000))
        return QStringLiteral("(no answer)");
    if (!failed.isEmpty())
        return failed.constFirst().at(1).toString();
    return finished.constFirst().at(0).toString() == id ? QString() : QStringLiteral("(another id)");
}

} // namespace

class tst_ChatClientFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aFileGoesToTheRoomAndIsFetchedVerified_data();
    void aFileGoesToTheRoomAndIsFetchedVerified();
    void aCutUploadResumesWhereItStopped();
    void aFileSentOfflineGoesWhenTheLinkIsBack();
    void whatCannotBeSentIsRefusedBeforeItIsQueued();
    void aServerWithoutFilesTakesNone();
    void aFileCanBeCancelledUntilItIsUp();
    void anImageGoesWithItsThumbnail();
    void aFileGoneBeforeItsUploadFailsWithWords();
};

void tst_ChatClientFiles::aFileGoesToTheRoomAndIsFetchedVerified_data()
{
    QTest::addColumn<qint64>("size");
    QTest::addRow("1 B") << qint64(1);
    QTest::addRow("256 KiB exactly") << qint64(256 * 1024);
    QTest::addRow("5 MB") << qint64(5'000'000);
}

void tst_ChatClientFiles::aFileGoesToTheRoomAndIsFetchedVerified()
{
    QFETCH(qint64, size);
    QTemporaryDir dir;
    ParleyServer server(ParleyTest::settingsWithFiles(dir));
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    auto alice = ParleyTest::signedInClient(server, QStringLiteral("alice"), QStringLiteral("Alice"));
    auto bob = ParleyTest::signedInClient(server, QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(alice && bob);
    QVERIFY(alice->hasFiles());
    QCOMPARE(alice->maxFileSize(), ServerSettings::kDefaultMaxFileSize);
    const QByteArray bytes = randomBytes(size, 1);
    const QString path = writeTestFile(dir, QStringLiteral("shot.png"), bytes);

    QSignalSpy queued(alice.get(), &ChatClient::messageQueued);
    QSignalSpy delivery(alice.get(), &ChatClient::deliveryChanged);
    QSignalSpy progress(alice.get(), &ChatClient::uploadProgress);
    QSignalSpy received(bob.get(), &ChatClient::messagesReceived);
    QVERIFY(alice->sendFile(kLobby, path, QStringLiteral("look at this")));
    const QString clientId = queuedFile(queued);
    QVERIFY(!clientId.isEmpty());
    QVERIFY(reaches(delivery, clientId, ChatMessage::Delivery::Delivered, 30000));
    QCOMPARE(progress.constLast().at(1).toLongLong(), size);

    const std::optional<ChatMessage> m = awaitFileMessage(received);
    QVERIFY(m);
    QCOMPARE(m->text, QStringLiteral("look at this"));
    QCOMPARE(m->file.id, sha256Of(bytes));
    QCOMPARE(m->file.name, QStringLiteral("shot.png"));
    QCOMPARE(m->file.size, size);
    QVERIFY(m->file.path.isEmpty()); // the sender's path is never sent
    const QString target = dir.filePath(QStringLiteral("bob/shot.png"));
    QCOMPARE(fetched(*bob, m->file, target), QString());
    QCOMPARE(readFile(target), bytes);
}

void tst_ChatClientFiles::aCutUploadResumesWhereItStopped()
{
    QTemporaryDir dir;
    ParleyServer server(ParleyTest::settingsWithFiles(dir));
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    FaultProxy proxy;
    QVERIFY(proxy.listen());
    proxy.setUpstream(QHostAddress::LocalHost, server.port());
    const QString token = server.localSignIn(QStringLiteral("alice"), QStringLiteral("Alice"));
    ChatClient alice;
    alice.setSettings(ParleyTest::fastSettings());
    alice.setSignIn(SignIn::withToken(token, QStringLiteral("test")));
    alice.joinRoom(kLobby);
    alice.connectToServer(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(proxy.port())));
    QTRY_VERIFY_WITH_TIMEOUT(alice.isReady(), 10000);

    const qint64 size = 20'000'000;
    const QByteArray bytes = randomBytes(size, 2);
    const QString path = writeTestFile(dir, QStringLiteral("big.bin"), bytes);
    QSignalSpy queued(&alice, &ChatClient::messageQueued);
    QSignalSpy delivery(&alice, &ChatClient::deliveryChanged);
    QList<qint64> offsets;
    bool cut = false;
    qint64 atCut = 0;
    connect(&alice, &ChatClient::uploadProgress, this, [&](const QString &, qint64 sent, qint64) {
        offsets << sent;
        if (!cut && sent >= size / 2) {
            cut = true;
            atCut = sent;
            proxy.cutAll(); // a dropped route, mid-way
        }
    });
    QVERIFY(alice.sendFile(kLobby, path));
    const QString clientId = queuedFile(queued);
    QVERIFY(reaches(delivery, clientId, ChatMessage::Delivery::Delivered, 60000));
    QVERIFY(cut);
    // After the cut the upload went on from where the server was, not from 0.
    const qsizetype afterCut = offsets.indexOf(atCut) + 1;
    QVERIFY(afterCut < offsets.size());
    QVERIFY2(offsets.at(afterCut) >= atCut - FileChannel::kMaxChunk,
             qPrintable(QStringLiteral("resumed at %1 after a cut at %2").arg(offsets.at(afterCut)).arg(atCut)));
    QVERIFY(std::is_sorted(offsets.cbegin() + afterCut, offsets.cend()));
    qInfo() << "cut at" << atCut << "of" << size << "bytes; resumed at" << offsets.at(afterCut);
    // The server has the file whole and right.
    const QString stored = dir.filePath(QStringLiteral("server-files/%1/%2").arg(sha256Of(bytes).left(2), sha256Of(bytes)));
    QCOMPARE(QFileInfo(stored).size(), size);
}

void tst_ChatClientFiles::aFileSentOfflineGoesWhenTheLinkIsBack()
{
    QTemporaryDir dir;
    ParleyServer server(ParleyTest::settingsWithFiles(dir));
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    auto alice = offlineAlice(server);
    QVERIFY(alice);
    const QByteArray bytes = randomBytes(300'000, 3);
    const QString path = writeTestFile(dir, QStringLiteral("offline.bin"), bytes);
    QSignalSpy queued(alice.get(), &ChatClient::messageQueued);
    QSignalSpy delivery(alice.get(), &ChatClient::deliveryChanged);
    QVERIFY(alice->sendFile(kLobby, path)); // the server said it takes files when it was up
    const QString clientId = queuedFile(queued);
    QVERIFY(!clientId.isEmpty());
    QCOMPARE(alice->outbox().size(), 1);
    QCOMPARE(alice->outbox().constFirst().file.size, bytes.size());
    alice->connectToServer(server.url());
    QVERIFY(reaches(delivery, clientId, ChatMessage::Delivery::Delivered));
}

void tst_ChatClientFiles::whatCannotBeSentIsRefusedBeforeItIsQueued()
{
    QTemporaryDir dir;
    ServerSettings settings = ParleyTest::settingsWithFiles(dir);
    settings.maxFileSize = 1000;
    ParleyServer server(settings);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    auto alice = ParleyTest::signedInClient(server, QStringLiteral("alice"), QStringLiteral("Alice"));
    QVERIFY(alice);
    QCOMPARE(alice->maxFileSize(), 1000);
    QSignalSpy refused(alice.get(), &ChatClient::fileRefused);
    QSignalSpy queued(alice.get(), &ChatClient::messageQueued);
    const QString empty = writeTestFile(dir, QStringLiteral("empty.txt"), QByteArray());
    const QString big = writeTestFile(dir, QStringLiteral("big.bin"), randomBytes(1001, 4));
    QVERIFY(alice->sendFile(kLobby, empty));
    QVERIFY(alice->sendFile(kLobby, dir.filePath(QStringLiteral("missing.png"))));
    QVERIFY(alice->sendFile(kLobby, big));
    QVERIFY(alice->sendFile(kLobby, dir.path())); // a folder
    QTRY_COMPARE(refused.size(), 4);
    QStringList why;
    for (const QList<QVariant> &args : std::as_const(refused))
        why << args.at(1).toString();
    why.sort();
    QVERIFY2(why.at(0).contains(QLatin1String("big.bin")) && why.at(0).contains(QLatin1String("1,000 bytes")), qPrintable(why.at(0)));
    QVERIFY2(why.at(1).contains(QLatin1String("empty")), qPrintable(why.at(1)));
    QVERIFY2(why.at(2).contains(QLatin1String("does not exist")), qPrintable(why.at(2)));
    QVERIFY2(why.at(3).contains(QLatin1String("not a file")), qPrintable(why.at(3)));
    QCOMPARE(alice->filesBeingPrepared(), 0);
    QVERIFY(queued.isEmpty());
    QVERIFY(alice->outbox().isEmpty());
}

void tst_ChatClientFiles::aServerWithoutFilesTakesNone()
{
    ParleyServer server{ServerSettings{}};
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    auto alice = ParleyTest::signedInClient(server, QStringLiteral("alice"), QStringLiteral("Alice"));
    QVERIFY(alice);
    QVERIFY(!alice->hasFiles());
    QSignalSpy errors(alice.get(), &ChatClient::errorOccurred);
    QVERIFY(!alice->sendFile(kLobby, QStringLiteral("/etc/hostname")));
    QCOMPARE(errors.size(), 1);
    QVERIFY(alice->fetchFile(FileRef{QString(64, QLatin1Char('a')), QStringLiteral("a"), 1, QStringLiteral("a/b"), {}},
                             QStringLiteral("/tmp/never")).isEmpty());
    QVERIFY(alice->outbox().isEmpty());
}

void tst_ChatClientFiles::aFileCanBeCancelledUntilItIsUp()
{
    QTemporaryDir dir;
    ParleyServer server(ParleyTest::settingsWithFiles(dir));
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    auto alice = ParleyTest::signedInClient(server, QStringLiteral("alice"), QStringLiteral("Alice"));
    auto bob = ParleyTest::signedInClient(server, QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(alice && bob);
    alice->disconnectFromServer();
    QTRY_VERIFY(!alice->isReady());
    QSignalSpy queued(alice.get(), &ChatClient::messageQueued);
    QSignalSpy cancelled(alice.get(), &ChatClient::messageCancelled);
    QVERIFY(alice->sendFile(kLobby, writeTestFile(dir, QStringLiteral("oops.bin"), randomBytes(3000, 5))));
    const QString clientId = queuedFile(queued);
    QVERIFY(alice->canCancelFile(clientId));
    QVERIFY(alice->cancelFile(clientId));
    QCOMPARE(cancelled.size(), 1);
    QCOMPARE(cancelled.constFirst().at(0).toString(), clientId);
    QVERIFY(alice->outbox().isEmpty());
    QVERIFY(!alice->cancelFile(clientId)); // gone

    // Back online, nothing goes: a text sent after it arrives alone.
    QSignalSpy received(bob.get(), &ChatClient::messagesReceived);
    alice->connectToServer(server.url());
    QTRY_VERIFY(alice->isReady());
    QVERIFY(!alice->sendMessage(kLobby, QStringLiteral("after")).isEmpty());
    QTRY_VERIFY(!received.isEmpty());
    const QList<ChatMessage> got = received.constFirst().at(0).value<QList<ChatMessage>>();
    QCOMPARE(got.size(), 1);
    QCOMPARE(got.constFirst().text, QStringLiteral("after"));

    // A file that is up cannot be cancelled: its message may be out.
    QSignalSpy delivery(alice.get(), &ChatClient::deliveryChanged);
    queued.clear(); // the text's
    QVERIFY(alice->sendFile(kLobby, writeTestFile(dir, QStringLiteral("sent.bin"), randomBytes(100, 6))));
    const QString sent = queuedFile(queued);
    QVERIFY(reaches(delivery, sent, ChatMessage::Delivery::Delivered));
    QVERIFY(!alice->canCancelFile(sent));
    QVERIFY(!alice->cancelFile(sent));
}

void tst_ChatClientFiles::anImageGoesWithItsThumbnail()
{
    QTemporaryDir dir;
    ParleyServer server(ParleyTest::settingsWithFiles(dir));
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    auto alice = ParleyTest::signedInClient(server, QStringLiteral("alice"), QStringLiteral("Alice"));
    auto bob = ParleyTest::signedInClient(server, QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(alice && bob);
    // The maker is Thumbnail::make in the app (tested in tst_imagepreviews); here, what the
    // client does with what a maker makes.
    const QByteArray thumb = QByteArray("\xFF\xD8\xFF\xE0", 4) + randomBytes(1000, 3);
    std::atomic<int> made{0};
    alice->setThumbnailMaker([&](const QString &path) {
        ++made;
        return path.endsWith(QLatin1String("bad.png")) ? QByteArray("not a picture") : thumb;
    });
    QSignalSpy queued(alice.get(), &ChatClient::messageQueued);
    QSignalSpy delivery(alice.get(), &ChatClient::deliveryChanged);
    QSignalSpy received(bob.get(), &ChatClient::messagesReceived);
    const auto send = [&](const QString &name, quint32 seed) -> std::optional<ChatMessage> {
        received.clear();
        if (!alice->sendFile(kLobby, writeTestFile(dir, name, randomBytes(2000, seed))))
            return std::nullopt;
        const QString clientId = queuedFile(queued);
        if (clientId.isEmpty() || !reaches(delivery, clientId, ChatMessage::Delivery::Delivered))
            return std::nullopt;
        return awaitFileMessage(received);
    };
    std::optional<ChatMessage> m = send(QStringLiteral("shot.png"), 4);
    QVERIFY(m);
    QCOMPARE(m->file.thumbnail, thumb);
    QCOMPARE(made.load(), 1);
    m = send(QStringLiteral("notes.txt"), 5); // not an image: the maker is not asked
    QVERIFY(m);
    QVERIFY(m->file.thumbnail.isEmpty());
    QCOMPARE(made.load(), 1);
    m = send(QStringLiteral("bad.png"), 6); // what is not a thumbnail is not sent
    QVERIFY(m);
    QVERIFY(m->file.thumbnail.isEmpty());
    QCOMPARE(made.load(), 2);
}

void tst_ChatClientFiles::aFileGoneBeforeItsUploadFailsWithWords()
{
    // Queued offline, then deleted before the link is back: the upload cannot start. The message
    // fails, saying why; nothing else happens. (Deleted mid-upload on Linux, the open file goes
    // on being read and the upload ends well: that is not a failure.)
    QTemporaryDir dir;
    ParleyServer server(ParleyTest::settingsWithFiles(dir));
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    auto alice = offlineAlice(server);
    QVERIFY(alice);
    const QString path = writeTestFile(dir, QStringLiteral("vanishing.bin"), randomBytes(300'000, 9));
    QSignalSpy queued(alice.get(), &ChatClient::messageQueued);
    QSignalSpy delivery(alice.get(), &ChatClient::deliveryChanged);
    QSignalSpy errors(alice.get(), &ChatClient::errorOccurred);
    QVERIFY(alice->sendFile(kLobby, path));
    const QString clientId = queuedFile(queued);
    QVERIFY(!clientId.isEmpty());
    QVERIFY(QFile::remove(path));
    alice->connectToServer(server.url());
    QVERIFY(reaches(delivery, clientId, ChatMessage::Delivery::Failed));
    QVERIFY(!errors.isEmpty());
    const QString told = errors.constLast().at(0).toString();
    QVERIFY2(told.contains(QLatin1String("could not be sent")) && told.contains(QLatin1String("no longer there")),
             qPrintable(told));
    QVERIFY(alice->outbox().isEmpty());
}

PARLEY_TEST_GUILESS_MAIN(tst_ChatClientFiles)
#include "tst_chatclientfiles.moc"
