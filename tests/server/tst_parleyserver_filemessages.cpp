// ParleyServer end to end, a file as a message (docs/protocol.md, "Files"): a "chat message" with
// a "file" sends a file its sender uploaded whole to a room (broadcast and history carry it, the
// room may fetch it); a hash, a size or a file that is not one's own sends nothing; a file stored
// once is not uploaded again by the same account; deleting the last message that sends a file
// removes the file, bytes and all. The sender's thumbnail goes with the file: bounded, kept,
// broadcast and paged, and cleared by a delete.

#include "filenaming.h"
#include "fileupload.h"
#include "rawsqlitefile.h"
#include "testmain.h"

#include <QDir>
#include <QFileInfo>
#include <QTest>

namespace {

QJsonObject fileRef(const QString &id, qint64 size, const QString &name = QStringLiteral("shot.png"))
{
    return QJsonObject{{QLatin1String("id"), id}, {QLatin1String("name"), name},
                       {QLatin1String("size"), double(size)}, {QLatin1String("type"), QStringLiteral("image/png")}};
}

QJsonObject fileMessage(const QString &room, const QString &caption, const QString &clientId, const QJsonValue &file)
{
    QJsonObject message = roomMessage(room, caption, clientId);
    message.insert(QLatin1String("file"), file);
    return message;
}

bool aliceAndBobInTheLobby(const ThreePeople &t)
{
    return t.alice && t.bob && joined(*t.alice, kLobby) && joined(*t.bob, kLobby);
}

QString storedPath(const QTemporaryDir &dir, const QString &sha256)
{
    return dir.filePath(QStringLiteral("files/%1/%2").arg(sha256.left(2), sha256));
}

} // namespace

class tst_ParleyServerFileMessages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aFileIsSentAsAMessage();
    void onlyOnesOwnWholeFileIsSent();
    void sendingToAnotherRoomLetsThatRoomFetch();
    void aFileStoredOnceIsNotUploadedAgain();
    void deletingTheLastMessageRemovesTheFile();
    void theSendersThumbnailGoesWithTheFile();
};

void tst_ParleyServerFileMessages::aFileIsSentAsAMessage()
{
    QTemporaryDir dir;
    const ThreePeople t = threePeople(withFilesIn(dir));
    QVERIFY(t.alice && t.bob && t.carol);
    QVERIFY(joined(*t.alice, kLobby) && joined(*t.bob, kLobby));
    const QByteArray bytes = randomBytes(kChunk + 10, 7);
    const QString id = uploadWhole(*t.alice, bytes);
    QCOMPARE(id, sha256Of(bytes));

    const auto ack = t.alice->request(kChat, {fileMessage(kLobby, QStringLiteral("look"), QStringLiteral("f1"),
                                                          fileRef(id, bytes.size()))});
    QCOMPARE(errorOf(ack), QStringLiteral("ok"));
    QCOMPARE(ack->value(QLatin1String("seq")).toInteger(), 1);
    QVERIFY(t.bob->waitForEvents(kChat, 1));
    const QJsonObject broadcast = t.bob->events(kChat).constFirst().at(0).toObject();
    QCOMPARE(broadcast.value(QLatin1String("text")).toString(), QStringLiteral("look"));
    QCOMPARE(broadcast.value(QLatin1String("file")).toObject(), fileRef(id, bytes.size()));

    // A blank caption is an empty one; the history carries the file too.
    const auto captionless = t.alice->request(kChat, {fileMessage(kLobby, QStringLiteral("  "), QStringLiteral("f2"),
                                                                  fileRef(id, bytes.size(), QStringLiteral("again.png")))});
    QCOMPARE(errorOf(captionless), QStringLiteral("ok"));
    const auto page = history(*t.bob, QJsonObject{{QLatin1String("room"), kLobby}});
    QVERIFY(page);
    const QJsonArray messages = page->value(QLatin1String("messages")).toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages.at(0).toObject().value(QLatin1String("file")).toObject(), fileRef(id, bytes.size()));
    QCOMPARE(messages.at(1).toObject().value(QLatin1String("text")).toString(), QString());
    QCOMPARE(messages.at(1).toObject().value(QLatin1String("file")).toObject().value(QLatin1String("name")).toString(),
             QStringLiteral("again.png"));
    QCOMPARE(fetchAll(*t.bob, id), bytes);
    QString error;
    QVERIFY(!fetchAll(*t.carol, id, &error));
    QCOMPARE(error, QStringLiteral("not found"));
}

void tst_ParleyServerFileMessages::onlyOnesOwnWholeFileIsSent()
{
    QTemporaryDir dir;
    const ThreePeople t = threePeople(withFilesIn(dir));
    QVERIFY(aliceAndBobInTheLobby(t));
    const QByteArray bytes = randomBytes(1000, 8);
    const QString id = uploadWhole(*t.alice, bytes);
    QVERIFY(!id.isEmpty());
    const auto send = [&](SioClient &client, const QJsonValue &file, const QString &text = QStringLiteral("x")) {
        static int n = 0;
        return errorOf(client.request(kChat, {fileMessage(kLobby, text, QStringLiteral("r%1").arg(++n), file)}));
    };
    QCOMPARE(send(*t.bob, fileRef(id, bytes.size())), QStringLiteral("unknown file"));  // alice's, not bob's
    QCOMPARE(send(*t.alice, fileRef(id, bytes.size() + 1)), QStringLiteral("unknown file"));
    QCOMPARE(send(*t.alice, fileRef(sha256Of("never uploaded"), 14)), QStringLiteral("unknown file"));
    QCOMPARE(send(*t.alice, fileRef(id.toUpper(), bytes.size())), QStringLiteral("invalid file"));
    QCOMPARE(send(*t.alice, fileRef(id, bytes.size(), QStringLiteral("../etc/passwd"))), QStringLiteral("invalid file"));
    QCOMPARE(send(*t.alice, fileRef(id, 0)), QStringLiteral("invalid file"));
    QCOMPARE(send(*t.alice, QJsonValue(id)), QStringLiteral("malformed arguments"));
    QCOMPARE(send(*t.alice, QJsonValue::Null, QStringLiteral(" ")), QStringLiteral("empty text"));
    // A half-uploaded file is not one's yet.
    const QByteArray big = randomBytes(2 * kChunk, 9);
    const auto begun = t.alice->request(kBegin, {beginOf(big)});
    QCOMPARE(errorOf(sendChunk(*t.alice, begun->value(QLatin1String("upload")).toString(), 0, big.left(kChunk))),
             QStringLiteral("ok"));
    QCOMPARE(send(*t.alice, fileRef(sha256Of(big), big.size())), QStringLiteral("unknown file"));
    QCOMPARE(t.bob->events(kChat).size(), 0); // nothing was sent
}

void tst_ParleyServerFileMessages::sendingToAnotherRoomLetsThatRoomFetch()
{
    QTemporaryDir dir;
    const ThreePeople t = threePeople(withFilesIn(dir));
    QVERIFY(t.alice && t.carol);
    const QString other = QStringLiteral("other");
    QVERIFY(joined(*t.alice, kLobby) && joined(*t.alice, other) && joined(*t.carol, other));
    const QByteArray bytes = randomBytes(500, 10);
    const QString id = uploadWhole(*t.alice, bytes, kLobby);
    QString error;
    QVERIFY(!fetchAll(*t.carol, id, &error)); // uploaded to the lobby only
    QCOMPARE(error, QStringLiteral("not found"));
    QCOMPARE(errorOf(t.alice->request(kChat, {fileMessage(other, QString(), QStringLiteral("o1"),
                                                          fileRef(id, bytes.size()))})),
             QStringLiteral("ok"));
    QCOMPARE(fetchAll(*t.carol, id), bytes);
}

void tst_ParleyServerFileMessages::aFileStoredOnceIsNotUploadedAgain()
{
    QTemporaryDir dir;
    const ThreePeople t = threePeople(withFilesIn(dir));
    QVERIFY(aliceAndBobInTheLobby(t));
    const QByteArray bytes = randomBytes(3000, 11);
    QVERIFY(!uploadWhole(*t.alice, bytes).isEmpty());
    const auto again = t.alice->request(kBegin, {beginOf(bytes)});
    QCOMPARE(errorOf(again), QStringLiteral("ok"));
    QCOMPARE(again->value(QLatin1String("offset")).toInteger(), bytes.size());
    QCOMPARE(again->value(QLatin1String("file")).toString(), sha256Of(bytes));
    // Another account knowing the hash still sends every byte.
    const auto bobs = t.bob->request(kBegin, {beginOf(bytes)});
    QCOMPARE(errorOf(bobs), QStringLiteral("ok"));
    QCOMPARE(bobs->value(QLatin1String("offset")).toInteger(), 0);
    QVERIFY(!bobs->contains(QLatin1String("file")));
}

void tst_ParleyServerFileMessages::deletingTheLastMessageRemovesTheFile()
{
    QTemporaryDir dir;
    const ThreePeople t = threePeople(withFilesIn(dir));
    QVERIFY(aliceAndBobInTheLobby(t));
    const QByteArray bytes = randomBytes(4000, 12);
    const QString id = uploadWhole(*t.alice, bytes);
    for (const char *clientId : {"m1", "m2"}) {
        QCOMPARE(errorOf(t.alice->request(kChat, {fileMessage(kLobby, QString(), QLatin1String(clientId),
                                                              fileRef(id, bytes.size()))})),
                 QStringLiteral("ok"));
    }
    const auto remove = [&](qint64 seq, const QString &clientId) {
        return errorOf(t.alice->request(QStringLiteral("delete"),
                                        {QJsonObject{{QLatin1String("room"), kLobby},
                                                     {QLatin1String("seq"), seq},
                                                     {QLatin1String("clientId"), clientId}}}));
    };
    QCOMPARE(remove(1, QStringLiteral("d1")), QStringLiteral("ok"));
    QVERIFY(QFileInfo::exists(storedPath(dir, id))); // message 2 still sends it
    QCOMPARE(fetchAll(*t.bob, id), bytes);
    QCOMPARE(remove(2, QStringLiteral("d2")), QStringLiteral("ok"));
    QVERIFY(!QFileInfo::exists(storedPath(dir, id)));
    QString error;
    QVERIFY(!fetchAll(*t.bob, id, &error));
    QCOMPARE(error, QStringLiteral("not found"));
    // The deleted messages say nothing of the file any more; it is not alice's to send again.
    const auto page = history(*t.bob, QJsonObject{{QLatin1String("room"), kLobby}});
    QVERIFY(page);
    for (const QJsonValue &m : page->value(QLatin1String("messages")).toArray())
        QVERIFY(!m.toObject().contains(QLatin1String("file")));
    QCOMPARE(errorOf(t.alice->request(kChat, {fileMessage(kLobby, QString(), QStringLiteral("m3"),
                                                          fileRef(id, bytes.size()))})),
             QStringLiteral("unknown file"));
}

void tst_ParleyServerFileMessages::theSendersThumbnailGoesWithTheFile()
{
    QTemporaryDir dir;
    ServerSettings settings = withFilesIn(dir);
    settings.databasePath = dir.filePath(QStringLiteral("history.sqlite"));
    const ThreePeople t = threePeople(settings);
    QVERIFY(aliceAndBobInTheLobby(t));
    const QByteArray bytes = randomBytes(5000, 13);
    const QString id = uploadWhole(*t.alice, bytes);
    const auto withThumb = [&](const QJsonValue &thumb) {
        QJsonObject ref = fileRef(id, bytes.size());
        ref.insert(QLatin1String("thumb"), thumb);
        return ref;
    };
    const QByteArray jpeg = QByteArray("\xFF\xD8\xFF\xE0", 4) + randomBytes(2000, 14);
    const QString good = QString::fromLatin1(jpeg.toBase64());

    // What is not a thumbnail is refused, and nothing is posted.
    const QByteArray tooBig = QByteArray("\xFF\xD8\xFF", 3) + randomBytes(FileNaming::kMaxThumbnailBytes, 15);
    const QList<QJsonValue> bad{QJsonValue(42), QJsonValue(QStringLiteral("not base64!")),
                                QJsonValue(QString::fromLatin1(QByteArray("GIF89a-not-a-jpeg").toBase64())),
                                QJsonValue(QString::fromLatin1(tooBig.toBase64())),
                                QJsonValue(QString(FileNaming::kMaxThumbnailChars + 4, QLatin1Char('A')))};
    for (const QJsonValue &thumb : bad) {
        QCOMPARE(errorOf(t.alice->request(kChat, {fileMessage(kLobby, QString(), QStringLiteral("bad"), withThumb(thumb))})),
                 QStringLiteral("invalid file"));
    }
    QCOMPARE(errorOf(t.alice->request(kChat, {fileMessage(kLobby, QString(), QStringLiteral("t1"), withThumb(good))})),
             QStringLiteral("ok"));
    QVERIFY(t.bob->waitForEvents(kChat, 1));
    QCOMPARE(t.bob->events(kChat).size(), 1); // the refused ones were never broadcast
    QCOMPARE(t.bob->events(kChat).constFirst().at(0).toObject().value(QLatin1String("file")).toObject(), withThumb(good));
    auto page = history(*t.bob, QJsonObject{{QLatin1String("room"), kLobby}});
    QVERIFY(page);
    QCOMPARE(page->value(QLatin1String("messages")).toArray().at(0).toObject().value(QLatin1String("file")).toObject(),
             withThumb(good));

    // Deleted: the thumbnail goes with the file.
    QCOMPARE(errorOf(t.alice->request(QStringLiteral("delete"),
                                      {QJsonObject{{QLatin1String("room"), kLobby}, {QLatin1String("seq"), 1},
                                                   {QLatin1String("clientId"), QStringLiteral("d1")}}})),
             QStringLiteral("ok"));
    QCOMPARE(RawSqliteFile::column(dir.filePath(QStringLiteral("history.sqlite")),
                                   QStringLiteral("SELECT COUNT(*) FROM messages WHERE file_thumb IS NOT NULL")).toInt(),
             0);
}

PARLEY_TEST_GUILESS_MAIN(tst_ParleyServerFileMessages)
#include "tst_parleyserver_filemessages.moc"
