// ParleyServer end to end, files (docs/protocol.md, "Files"): an upload in chunks (Socket.IO
// binary attachments) lands verified and is fetched by members of its room only; it resumes on a
// new session where it stopped; every refusal of the contract is answered as written; binary
// frames out of turn, too many or too large are refused without harm to the session.

#include "fileupload.h"
#include "fileevents.h"
#include "testmain.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

class tst_ParleyServerFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void connectAnswerListsFiles();
    void uploadedInChunksFetchedByTheRoomOnly();
    void anUploadResumesOnANewSession();
    void refusals();
    void quotaAndUploadsPerAccount();
    void aHashMismatchIsDropped();
    void abandonedUploadsArePruned();
    void binaryFramesOutOfTurnAreRefused();
    void anUploadCanBeCancelled();
    void aChunkWhoseBytesNeverComeIsAnswered();
};

void tst_ParleyServerFiles::connectAnswerListsFiles()
{
    QTemporaryDir dir;
    const ThreePeople t = threePeople(withFilesIn(dir));
    QVERIFY(t.alice);
    QCOMPARE(connectReply(*t.alice).value(QLatin1String("features")).toArray(),
             (QJsonArray{QStringLiteral("search"), QStringLiteral("files")}));
}

void tst_ParleyServerFiles::uploadedInChunksFetchedByTheRoomOnly()
{
    QTemporaryDir dir;
    const ThreePeople t = threePeople(withFilesIn(dir));
    QVERIFY(t.alice && t.bob && t.carol);
    QVERIFY(joined(*t.alice, kLobby) && joined(*t.bob, kLobby));
    const QByteArray bytes = randomBytes(2 * kChunk + 1234, 1);
    const auto begun = t.alice->request(kBegin, {beginOf(bytes)});
    QCOMPARE(errorOf(begun), QStringLiteral("ok"));
    QCOMPARE(begun->value(QLatin1String("offset")).toInteger(), 0);
    const QString upload = begun->value(QLatin1String("upload")).toString();
    QVERIFY(!upload.isEmpty());
    const auto first = sendChunk(*t.alice, upload, 0, bytes.left(kChunk));
    QCOMPARE(errorOf(first), QStringLiteral("ok"));
    QCOMPARE(first->value(QLatin1String("offset")).toInteger(), kChunk);
    const auto last = sendFrom(*t.alice, upload, bytes, kChunk);
    QCOMPARE(errorOf(last), QStringLiteral("ok"));
    QCOMPARE(last->value(QLatin1String("file")).toString(), sha256Of(bytes));
    QCOMPARE(last->value(QLatin1String("offset")).toInteger(), bytes.size());
    QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("files/%1/%2").arg(sha256Of(bytes).left(2), sha256Of(bytes)))));

    QCOMPARE(fetchAll(*t.bob, sha256Of(bytes)), bytes); // in the room
    QString error;
    QVERIFY(!fetchAll(*t.carol, sha256Of(bytes), &error)); // not in it: as if it did not exist
    QCOMPARE(error, QStringLiteral("not found"));
    QVERIFY(!fetchAll(*t.bob, sha256Of("never uploaded"), &error));
    QCOMPARE(error, QStringLiteral("not found"));
    QVERIFY(joined(*t.carol, kLobby));
    QCOMPARE(fetchAll(*t.carol, sha256Of(bytes)), bytes);
}

void tst_ParleyServerFiles::anUploadResumesOnANewSession()
{
    QTemporaryDir dir;
    ThreePeople t = threePeople(withFilesIn(dir));
    QVERIFY(t.alice && joined(*t.alice, kLobby));
    const QByteArray bytes = randomBytes(3 * kChunk, 2);
    const QString upload = t.alice->request(kBegin, {beginOf(bytes)})->value(QLatin1String("upload")).toString();
    QCOMPARE(errorOf(sendChunk(*t.alice, upload, 0, bytes.left(kChunk))), QStringLiteral("ok"));
    t.alice.reset(); // the link is gone
    auto again = signedInAs(*t.server, t.aliceId);
    QVERIFY(again && joined(*again, kLobby));
    const auto resumed = again->request(kBegin, {beginOf(bytes)});
    QCOMPARE(errorOf(resumed), QStringLiteral("ok"));
    QCOMPARE(resumed->value(QLatin1String("upload")).toString(), upload);
    QCOMPARE(resumed->value(QLatin1String("offset")).toInteger(), kChunk); // where it stopped
    // A chunk sent again where the upload does not stand says where it does.
    const auto wrong = sendChunk(*again, upload, 0, bytes.left(kChunk));
    QCOMPARE(errorOf(wrong), QStringLiteral("wrong offset"));
    QCOMPARE(wrong->value(QLatin1String("offset")).toInteger(), kChunk);
    QCOMPARE(errorOf(sendFrom(*again, upload, bytes, kChunk)), QStringLiteral("ok"));
    QCOMPARE(fetchAll(*again, sha256Of(bytes)), bytes);
}

void tst_ParleyServerFiles::refusals()
{
    QTemporaryDir dir;
    ServerSettings settings = withFilesIn(dir);
    settings.maxFileSize = 1000;
    const ThreePeople t = threePeople(settings);
    QVERIFY(t.alice && t.bob && joined(*t.alice, kLobby) && joined(*t.bob, kLobby));
    const QByteArray bytes = randomBytes(500, 3);
    const auto refusedWith = [&](const QJsonObject &request) { return errorOf(t.alice->request(kBegin, {request})); };
    QJsonObject request = beginOf(bytes);
    request.insert(QLatin1String("size"), 1001);
    const auto tooLarge = t.alice->request(kBegin, {request});
    QCOMPARE(errorOf(tooLarge), QStringLiteral("too large"));
    QCOMPARE(tooLarge->value(QLatin1String("maxFileSize")).toInteger(), 1000);
    for (const char *name : {"a/b.png", "..\\x", "", "   ", "line\nbreak"})
        QCOMPARE(refusedWith(beginOf(bytes, kLobby, QString::fromUtf8(name))), QStringLiteral("invalid file"));
    QCOMPARE(refusedWith(beginOf(bytes, kLobby, QString(FileEvents::kMaxNameLength + 1, u'x'))), QStringLiteral("invalid file"));
    for (const QJsonValue &size : {QJsonValue(0), QJsonValue(-1), QJsonValue(2.5)}) {
        request = beginOf(bytes);
        request.insert(QLatin1String("size"), size);
        QVERIFY(refusedWith(request) == QLatin1String("invalid file") || refusedWith(request) == QLatin1String("malformed arguments"));
    }
    request = beginOf(bytes);
    request.insert(QLatin1String("sha256"), sha256Of(bytes).toUpper());
    QCOMPARE(refusedWith(request), QStringLiteral("invalid file"));
    request = beginOf(bytes);
    request.insert(QLatin1String("type"), QStringLiteral("not a type"));
    QCOMPARE(refusedWith(request), QStringLiteral("invalid file"));
    QCOMPARE(refusedWith(beginOf(bytes, QStringLiteral("elsewhere"))), QStringLiteral("not in room"));
    QCOMPARE(errorOf(t.alice->request(kBegin, {QStringLiteral("nonsense")})), QStringLiteral("malformed arguments"));

    // Chunks: of an upload that is not one's own, without bytes, with two attachments.
    const QString upload = t.alice->request(kBegin, {beginOf(bytes)})->value(QLatin1String("upload")).toString();
    QCOMPARE(errorOf(sendChunk(*t.bob, upload, 0, bytes)), QStringLiteral("unknown upload"));
    QCOMPARE(errorOf(t.alice->request(kChunkEvent, {QJsonObject{{QLatin1String("upload"), upload},
                                                                {QLatin1String("offset"), 0}}})),
             QStringLiteral("invalid chunk"));
    QCOMPARE(errorOf(sendChunk(*t.alice, upload, 400, bytes.mid(400, 200))), QStringLiteral("wrong offset"));
    QCOMPARE(errorOf(sendChunk(*t.alice, upload, 0, bytes + "x")), QStringLiteral("invalid chunk")); // past its size
    QCOMPARE(errorOf(sendChunk(*t.alice, upload, 0, bytes)), QStringLiteral("ok"));

    // A guest cannot upload: a quota needs an account that stays.
    auto guest = connectClient(*t.server, QStringLiteral("visitor"));
    QVERIFY(guest && joined(*guest, kLobby));
    QCOMPARE(errorOf(guest->request(kBegin, {beginOf(bytes)})), QStringLiteral("not allowed"));
}

void tst_ParleyServerFiles::quotaAndUploadsPerAccount()
{
    QTemporaryDir dir;
    ServerSettings settings = withFilesIn(dir);
    settings.fileQuota = 1000;
    settings.maxUploadsPerAccount = 2;
    const ThreePeople t = threePeople(settings);
    QVERIFY(t.alice && t.bob && joined(*t.alice, kLobby) && joined(*t.bob, kLobby));
    const QByteArray a = randomBytes(400, 4), b = randomBytes(400, 5), c = randomBytes(300, 6);
    QCOMPARE(errorOf(t.alice->request(kBegin, {beginOf(a)})), QStringLiteral("ok"));
    QCOMPARE(errorOf(t.alice->request(kBegin, {beginOf(b)})), QStringLiteral("ok"));
    const auto third = t.alice->request(kBegin, {beginOf(c)});
    QCOMPARE(errorOf(third), QStringLiteral("too many uploads")); // two under way
    QCOMPARE(third->value(QLatin1String("maxUploads")).toInt(), 2);
    // Finishing one frees an upload slot, but its bytes stay counted: 400 + 400 + 300 > 1000.
    const QString upload = t.alice->request(kBegin, {beginOf(a)})->value(QLatin1String("upload")).toString();
    QCOMPARE(errorOf(sendChunk(*t.alice, upload, 0, a)), QStringLiteral("ok"));
    const auto over = t.alice->request(kBegin, {beginOf(c)});
    QCOMPARE(errorOf(over), QStringLiteral("over quota"));
    QCOMPARE(over->value(QLatin1String("quota")).toInteger(), 1000);
    QCOMPARE(over->value(QLatin1String("used")).toInteger(), 800);
    QCOMPARE(errorOf(t.bob->request(kBegin, {beginOf(c)})), QStringLiteral("ok")); // bob's quota is his own
}

void tst_ParleyServerFiles::aHashMismatchIsDropped()
{
    QTemporaryDir dir;
    ServerSettings settings = withFilesIn(dir);
    settings.fileQuota = 1000;
    const ThreePeople t = threePeople(settings);
    QVERIFY(t.alice && joined(*t.alice, kLobby));
    const QByteArray claimed = randomBytes(600, 7);
    const QByteArray sent = randomBytes(600, 8);
    const QString upload = t.alice->request(kBegin, {beginOf(claimed)})->value(QLatin1String("upload")).toString();
    QCOMPARE(errorOf(sendChunk(*t.alice, upload, 0, sent)), QStringLiteral("hash mismatch"));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("files/%1/%2").arg(sha256Of(claimed).left(2), sha256Of(claimed)))));
    // Nothing of it counts any more: a file of the whole quota's size fits.
    const QByteArray whole = randomBytes(1000, 9);
    QCOMPARE(errorOf(t.alice->request(kBegin, {beginOf(whole)})), QStringLiteral("ok"));
}

void tst_ParleyServerFiles::abandonedUploadsArePruned()
{
    QTemporaryDir dir;
    ServerSettings settings = withFilesIn(dir);
    settings.maxUploadsPerAccount = 1;
    settings.pruneInterval = std::chrono::milliseconds(20);
    qint64 now = 1'000'000'000;
    settings.clock = [&now] { return now; };
    const ThreePeople t = threePeople(settings);
    QVERIFY(t.alice && joined(*t.alice, kLobby));
    const QByteArray a = randomBytes(kChunk + 10, 11), b = randomBytes(100, 12);
    const QString upload = t.alice->request(kBegin, {beginOf(a)})->value(QLatin1String("upload")).toString();
    QCOMPARE(errorOf(sendChunk(*t.alice, upload, 0, a.left(kChunk))), QStringLiteral("ok"));
    const QString partial = dir.filePath(QStringLiteral("files/partial/") + upload);
    QVERIFY(QFileInfo::exists(partial));
    QCOMPARE(errorOf(t.alice->request(kBegin, {beginOf(b)})), QStringLiteral("too many uploads"));
    now += settings.uploadLifetime.count() - 1; // not yet
    QCOMPARE(errorOf(t.alice->request(kBegin, {beginOf(b)})), QStringLiteral("too many uploads"));
    now += 2; // abandoned: the next prune drops it, bytes and all
    QTRY_VERIFY(!QFileInfo::exists(partial));
    QCOMPARE(errorOf(t.alice->request(kBegin, {beginOf(b)})), QStringLiteral("ok"));
}

void tst_ParleyServerFiles::binaryFramesOutOfTurnAreRefused()
{
    QTemporaryDir dir;
    const ThreePeople t = threePeople(withFilesIn(dir));
    QVERIFY(t.alice && joined(*t.alice, kLobby));
    const QByteArray bytes = randomBytes(kChunk + 10, 10);
    const QString upload = t.alice->request(kBegin, {beginOf(bytes)})->value(QLatin1String("upload")).toString();
    // Two attachments where one is taken.
    const auto two = t.alice->requestWithAttachments(
            kChunkEvent,
            {QJsonObject{{QLatin1String("upload"), upload}, {QLatin1String("offset"), 0},
                         {QLatin1String("data"), SocketIoCodec::placeholder(0)}}},
            {bytes.left(10), bytes.mid(10, 10)});
    QCOMPARE(errorOf(two), QStringLiteral("too many attachments"));
    // A frame larger than a chunk.
    QCOMPARE(errorOf(sendChunk(*t.alice, upload, 0, bytes.left(kChunk + 1))), QStringLiteral("invalid chunk"));
    // A stray frame, and a binary event of another name: refused, the session goes on.
    t.alice->socket.sendBinaryMessage("stray");
    QCOMPARE(errorOf(t.alice->requestWithAttachments(QStringLiteral("chat message"),
                                                     {QJsonObject{{QLatin1String("room"), kLobby},
                                                                  {QLatin1String("text"), SocketIoCodec::placeholder(0)}}},
                                                     {"hi"})),
             QStringLiteral("binary attachments are not supported"));
    QCOMPARE(errorOf(sendChunk(*t.alice, upload, 0, bytes.left(kChunk))), QStringLiteral("ok"));
    QCOMPARE(t.server->clientCount(), 3);
}

void tst_ParleyServerFiles::anUploadCanBeCancelled()
{
    QTemporaryDir dir;
    ServerSettings settings = withFilesIn(dir);
    settings.fileQuota = 3 * kChunk; // one upload of two chunks fits, not two
    const ThreePeople t = threePeople(settings);
    QVERIFY(t.alice && t.bob);
    QVERIFY(joined(*t.alice, kLobby) && joined(*t.bob, kLobby));
    const QByteArray bytes = randomBytes(2 * kChunk, 21);
    const auto begun = t.alice->request(kBegin, {beginOf(bytes)});
    const QString upload = begun->value(QLatin1String("upload")).toString();
    QCOMPARE(errorOf(sendChunk(*t.alice, upload, 0, bytes.left(kChunk))), QStringLiteral("ok"));
    const QByteArray other = randomBytes(2 * kChunk, 22);
    QCOMPARE(errorOf(t.alice->request(kBegin, {beginOf(other)})), QStringLiteral("over quota"));
    const auto cancel = [](SioClient &client, const QString &id) {
        return errorOf(client.request(QStringLiteral("file.cancel"), {QJsonObject{{QLatin1String("upload"), id}}}));
    };
    QCOMPARE(cancel(*t.bob, upload), QStringLiteral("unknown upload")); // not bob's
    QCOMPARE(cancel(*t.alice, upload), QStringLiteral("ok"));
    QCOMPARE(errorOf(sendChunk(*t.alice, upload, kChunk, bytes.mid(kChunk))), QStringLiteral("unknown upload"));
    QCOMPARE(cancel(*t.alice, upload), QStringLiteral("unknown upload"));
    // Its count against the quota went with it.
    QCOMPARE(errorOf(t.alice->request(kBegin, {beginOf(other)})), QStringLiteral("ok"));
}

void tst_ParleyServerFiles::aChunkWhoseBytesNeverComeIsAnswered()
{
    // A chunk's packet announces its bytes, which never come: after attachmentTimeout the packet
    // is dropped and its request answered (a client waits for every answer), and the upload goes
    // on as if it had not been sent.
    QTemporaryDir dir;
    ServerSettings settings = withFilesIn(dir);
    settings.attachmentTimeout = std::chrono::milliseconds(200);
    const ThreePeople t = threePeople(settings);
    QVERIFY(t.alice && joined(*t.alice, kLobby));
    const QByteArray bytes = randomBytes(kChunk + 10, 11);
    const QString upload = t.alice->request(kBegin, {beginOf(bytes)})->value(QLatin1String("upload")).toString();
    const qint64 id = t.alice->nextAckId++;
    t.alice->send(SocketIoCodec::binaryEventFrame(
            kChunkEvent,
            {QJsonObject{{QLatin1String("upload"), upload}, {QLatin1String("offset"), 0},
                         {QLatin1String("data"), SocketIoCodec::placeholder(0)}}},
            1, id));
    QCOMPARE(errorOf(t.alice->waitForAck(id)), QStringLiteral("attachment timeout"));
    // A frame now is a stray one, not the dropped packet's bytes; the upload is where it was.
    t.alice->socket.sendBinaryMessage("late");
    QCOMPARE(errorOf(sendChunk(*t.alice, upload, 0, bytes.left(kChunk))), QStringLiteral("ok"));
    QCOMPARE(errorOf(sendChunk(*t.alice, upload, kChunk, bytes.mid(kChunk))), QStringLiteral("ok"));
    QCOMPARE(t.server->clientCount(), 3);
}

PARLEY_TEST_GUILESS_MAIN(tst_ParleyServerFiles)
#include "tst_parleyserver_files.moc"
