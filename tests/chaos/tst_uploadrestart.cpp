// Parley quits half-way through uploading a 20 MB file (no goodbye: the client and its store are
// destroyed, as when the app is closed or killed) and is started again from its database: the
// file message is still in the outbox, with the path of its file, and its upload goes on from the
// offset the server has -- it does not start over -- and the message is delivered once.
#include "chatclient.h"
#include "messagestore.h"
#include "parleyserver.h"
#include "serverwithfiles.h"
#include "signin.h"
#include "testfiles.h"
#include "testmain.h"
#include "testsettings.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {
const QString kLobby = QStringLiteral("lobby");

//! One run of Parley: its store on \a db and a client signed in with \a token, in the lobby.
struct App
{
    App(const QString &db, const QString &token, const QUrl &url)
    {
        store = std::make_unique<MessageStore>();
        opened = store->open(db);
        client = std::make_unique<ChatClient>();
        client->setSettings(ParleyTest::fastSettings());
        client->setSignIn(SignIn::withToken(token, QStringLiteral("test")));
        client->setStore(store.get());
        client->joinRoom(kLobby);
        client->connectToServer(url);
    }
    ~App()
    {
        client.reset(); // before its store
        store.reset();
    }
    bool opened = false;
    std::unique_ptr<MessageStore> store;
    std::unique_ptr<ChatClient> client;
};
} // namespace

class tst_UploadRestart : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void anUploadGoesOnAfterARestart();
};

void tst_UploadRestart::anUploadGoesOnAfterARestart()
{
    QTemporaryDir dir;
    ParleyServer server(ParleyTest::settingsWithFiles(dir));
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const QString token = server.localSignIn(QStringLiteral("alice"), QStringLiteral("Alice"));
    const QString db = dir.filePath(QStringLiteral("alice.sqlite"));
    const qint64 size = 20'000'000;
    QByteArray bytes(size, Qt::Uninitialized);
    QRandomGenerator(5).fillRange(reinterpret_cast<quint32 *>(bytes.data()), size / 4);
    const QString path = writeTestFile(dir, QStringLiteral("big.bin"), bytes);
    const QString id = QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());

    qint64 stoppedAt = -1;
    QString clientId;
    {
        App first(db, token, server.url());
        QVERIFY(first.opened);
        QTRY_VERIFY_WITH_TIMEOUT(first.client->isReady(), 10000);
        QSignalSpy queued(first.client.get(), &ChatClient::messageQueued);
        bool quit = false;
        connect(first.client.get(), &ChatClient::uploadProgress, this, [&](const QString &, qint64 sent, qint64) {
            if (!quit && sent >= size / 2) {
                quit = true;
                stoppedAt = sent;
            }
        });
        QVERIFY(first.client->sendFile(kLobby, path));
        QTRY_VERIFY_WITH_TIMEOUT(quit, 30000);
        QCOMPARE(queued.size(), 1);
        clientId = queued.constFirst().at(0).value<ChatMessage>().clientId;
    } // gone, mid-upload

    App second(db, token, server.url());
    QVERIFY(second.opened);
    QList<qint64> offsets;
    connect(second.client.get(), &ChatClient::uploadProgress, this,
            [&](const QString &, qint64 sent, qint64) { offsets << sent; });
    QSignalSpy delivery(second.client.get(), &ChatClient::deliveryChanged);
    QVERIFY(QTest::qWaitFor([&] {
        for (const QList<QVariant> &a : std::as_const(delivery)) {
            if (a.at(0).toString() == clientId && a.at(1).value<ChatMessage::Delivery>() == ChatMessage::Delivery::Delivered)
                return true;
        }
        return false;
    }, 30000));
    QVERIFY(!offsets.isEmpty());
    // The first word after the restart is where the server was: at least what it had confirmed.
    QVERIFY2(offsets.constFirst() >= stoppedAt,
             qPrintable(QStringLiteral("resumed at %1 after stopping at %2").arg(offsets.constFirst()).arg(stoppedAt)));
    qInfo() << "stopped at" << stoppedAt << "of" << size << "; resumed at" << offsets.constFirst();
    const QString stored = dir.filePath(QStringLiteral("server-files/%1/%2").arg(id.left(2), id));
    QCOMPARE(QFileInfo(stored).size(), size);
    QVERIFY(second.client->outbox().isEmpty());
}

PARLEY_TEST_GUILESS_MAIN(tst_UploadRestart)
#include "tst_uploadrestart.moc"
