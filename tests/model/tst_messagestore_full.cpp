// A full disk loses nothing (model/messagestore.cpp + model/unsavedmessages.cpp, with a real
// ChatClient and parley-server): while the store cannot write, messages still arrive and are shown,
// the user is told once, and the watermark on disk stays below what was not written; once writing
// works again the room is fetched from there and every message ends up on disk.
// (A full disk is a store capped with SQLite's max_page_count: the same SQLITE_FULL.)
// A damaged store is moved aside, kept, and a new one started (MessageStoreOpener).
#include "chatclient.h"
#include "messagestore.h"
#include "messagestoreopener.h"
#include "parleyserver.h"
#include "receivedmessages.h"
#include "testmain.h"
#include "testsettings.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class tst_MessageStoreFull : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fullDiskLosesNothing();
    void damagedStoreIsMovedAside();
};

void tst_MessageStoreFull::fullDiskLosesNothing()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("alice.sqlite"));
    ParleyServer server;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    const QString room = QStringLiteral("lobby");

    MessageStore store;
    QVERIFY2(store.open(path), qPrintable(store.errorString()));
    QList<bool> told;
    store.setWriteNotify([&told](bool failing, const QString &) { told << failing; });
    ChatClient alice;
    alice.setSettings(ParleyTest::fastSettings());
    alice.setUserName(QStringLiteral("alice"));
    alice.setStore(&store);
    alice.joinRoom(room);
    alice.connectToServer(server.url());
    ChatClient bob;
    bob.setSettings(ParleyTest::fastSettings());
    bob.setUserName(QStringLiteral("bob"));
    bob.joinRoom(room);
    bob.connectToServer(server.url());
    QTRY_COMPARE_WITH_TIMEOUT(alice.syncState(room), RoomSync::SyncState::Synced, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(bob.syncState(room), RoomSync::SyncState::Synced, 10000);
    ReceivedMessages heard(&alice);

    QVERIFY(bob.sendMessage(room, QStringLiteral("before")).size() > 0);
    QTRY_COMPARE_WITH_TIMEOUT(heard.size(), qsizetype(1), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(store.syncedSeq(room), qint64(1), 10000);

    // The disk is full: no page more.
    QVERIFY(store.setMaxPages(1));
    const QString filler(4000, QLatin1Char('x'));
    for (int i = 0; i < 20; ++i)
        QVERIFY(!bob.sendMessage(room, QStringLiteral("while full %1 ").arg(i) + filler).isEmpty());
    // Shown all the same, and the user told once.
    QTRY_COMPARE_WITH_TIMEOUT(heard.size(), qsizetype(21), 10000);
    QVERIFY(store.isWriteFailing());
    QCOMPARE(told, QList<bool>{true});
    QCOMPARE(store.messageCount(room), qint64(1)); // nothing new reached the disk
    // The sync went on in memory; the disk's watermark stayed below the first unsaved message.
    QTRY_COMPARE_WITH_TIMEOUT(store.syncedSeq(room), qint64(21), 10000);
    {
        MessageStore onDisk;
        QVERIFY(onDisk.open(path));
        QCOMPARE(onDisk.syncedSeq(room), qint64(1));
    }

    // Room again: the next message is stored, and the room is fetched from below the gap.
    QVERIFY(store.setMaxPages(1'000'000));
    QVERIFY(!bob.sendMessage(room, QStringLiteral("after")).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(told, (QList<bool>{true, false}), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(store.messageCount(room), qint64(22), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(store.syncedSeq(room), qint64(22), 10000);
    QVERIFY(!store.isWriteFailing());
    {
        MessageStore onDisk;
        QVERIFY(onDisk.open(path));
        QCOMPARE(onDisk.syncedSeq(room), qint64(22));
        QCOMPARE(onDisk.messageCount(room), qint64(22));
    }
    // Each message was shown once: the catch-up's copies were known.
    QStringList texts = heard.texts();
    texts.removeDuplicates();
    QCOMPARE(texts.size(), heard.texts().size());
    alice.disconnectFromServer();
    bob.disconnectFromServer();
}

void tst_MessageStoreFull::damagedStoreIsMovedAside()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("history/alice.sqlite"));
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("history"))));
    {
        QFile junk(path);
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write(QByteArray(8192, 'Z')); // not a database
    }
    MessageStore store;
    const MessageStoreOpener::Result opened = MessageStoreOpener::open(store, path);
    QVERIFY2(opened.ok, qPrintable(opened.error));
    QVERIFY(!opened.movedAsideTo.isEmpty());
    QVERIFY(opened.movedAsideTo.startsWith(path + QLatin1String(".damaged-")));
    // Kept, not deleted; the new store works.
    QFile kept(opened.movedAsideTo);
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), QByteArray(8192, 'Z'));
    ChatMessage m;
    m.room = QStringLiteral("lobby");
    m.seq = 1;
    m.sender = QStringLiteral("bob");
    m.text = QStringLiteral("hello");
    QVERIFY(store.saveReceived(m));
    QCOMPARE(store.messageCount(QStringLiteral("lobby")), qint64(1));

    // A healthy file is opened as it is.
    store.close();
    MessageStore again;
    const MessageStoreOpener::Result reopened = MessageStoreOpener::open(again, path);
    QVERIFY(reopened.ok);
    QVERIFY(reopened.movedAsideTo.isEmpty());
    QCOMPARE(again.messageCount(QStringLiteral("lobby")), qint64(1));
}

PARLEY_TEST_GUILESS_MAIN(tst_MessageStoreFull)
#include "tst_messagestore_full.moc"
