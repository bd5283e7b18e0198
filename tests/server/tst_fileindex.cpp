// FileIndex on a real HistoryStore: an upload is recorded once per account and content and
// counts against the quota from its start; completing it stores the file for its account (once,
// however often) and puts it in its room, in one step; who may fetch is decided by the rooms;
// abandoned uploads are found by age; everything survives a reopen.
#include "fileindex.h"
#include "testdatabase.h"
#include "historystore.h"
#include "testmain.h"

#include <QTemporaryDir>
#include <QTest>

namespace {
QString sha(char c)
{
    return QString(64, QLatin1Char(c));
}

FileIndex::Upload upload(qint64 account, char content, qint64 size, const QString &room = QStringLiteral("lobby"),
                         qint64 startedMs = 1000)
{
    return FileIndex::Upload{FileIndex::uploadKey(account, sha(content)), account, sha(content), size, room,
                             QStringLiteral("shot.png"), QStringLiteral("image/png"), startedMs};
}
} // namespace

class tst_FileIndex : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void anUploadCountsFromItsStart();
    void completingStoresOncePerAccount();
    void roomsDecideWhoMayFetch();
    void abandonedUploadsAreFoundByAge();
    void survivesAReopen();

private:
    QTemporaryDir m_dir;
    QString m_location; //!< the database of the current test
    std::unique_ptr<HistoryStore> m_store;
    FileIndex *m_files = nullptr;
};

void tst_FileIndex::initTestCase()
{
    PARLEY_TEST_DATABASE_SETUP();
}

void tst_FileIndex::init()
{
    m_store = std::make_unique<HistoryStore>();
    m_location = TestDatabase::fresh(m_dir.filePath(
            QStringLiteral("history-%1.sqlite").arg(QLatin1String(QTest::currentTestFunction()))));
    QVERIFY2(m_store->open(m_location), qPrintable(m_store->errorString()));
    m_files = m_store->files();
    QVERIFY(m_files);
}

void tst_FileIndex::anUploadCountsFromItsStart()
{
    QCOMPARE(m_files->usedBytes(7), qint64(0));
    QVERIFY(m_files->begin(upload(7, 'a', 1000)));
    QVERIFY(m_files->begin(upload(7, 'b', 500)));
    QCOMPARE(m_files->usedBytes(7), qint64(1500)); // both under way count
    QCOMPARE(m_files->uploadCount(7), 2);
    QCOMPARE(m_files->usedBytes(8), qint64(0)); // another account's quota is its own
    // The same upload begun again (a resume) is the one recorded: not counted twice, not changed.
    QVERIFY(m_files->begin(upload(7, 'a', 999999)));
    QCOMPARE(m_files->usedBytes(7), qint64(1500));
    const std::optional<FileIndex::Upload> a = m_files->upload(FileIndex::uploadKey(7, sha('a')));
    QVERIFY(a);
    QCOMPARE(a->size, qint64(1000));
    QCOMPARE(a->name, QStringLiteral("shot.png"));
    QVERIFY(m_files->drop(a->key));
    QCOMPARE(m_files->usedBytes(7), qint64(500));
    QVERIFY(!m_files->upload(a->key));
    QVERIFY(m_files->errorString().isEmpty()); // none, not a failure
}

void tst_FileIndex::completingStoresOncePerAccount()
{
    QVERIFY(m_files->begin(upload(7, 'a', 1000)));
    QVERIFY(m_files->complete(FileIndex::uploadKey(7, sha('a')), 5000));
    QCOMPARE(m_files->usedBytes(7), qint64(1000)); // the file now, no longer the upload
    QCOMPARE(m_files->uploadCount(7), 0);
    QCOMPARE(m_files->isStored(sha('a')), true);
    // Sent again by the same account (to another room): still counted once.
    QVERIFY(m_files->begin(upload(7, 'a', 1000, QStringLiteral("dev"))));
    QVERIFY(m_files->complete(FileIndex::uploadKey(7, sha('a')), 6000));
    QCOMPARE(m_files->usedBytes(7), qint64(1000));
    // The same content from another account counts for that account too.
    QVERIFY(m_files->begin(upload(9, 'a', 1000)));
    QVERIFY(m_files->complete(FileIndex::uploadKey(9, sha('a')), 7000));
    QCOMPARE(m_files->usedBytes(9), qint64(1000));
    QCOMPARE(m_files->isStored(sha('z')), false);
    // Completing what is not under way stores nothing.
    QVERIFY(m_files->complete(FileIndex::uploadKey(9, sha('q')), 8000));
    QCOMPARE(m_files->isStored(sha('q')), false);
}

void tst_FileIndex::roomsDecideWhoMayFetch()
{
    QVERIFY(m_files->begin(upload(7, 'a', 10, QStringLiteral("dev"))));
    QVERIFY(m_files->complete(FileIndex::uploadKey(7, sha('a')), 5000));
    QCOMPARE(m_files->isInRooms(sha('a'), {QStringLiteral("dev")}), true);
    QCOMPARE(m_files->isInRooms(sha('a'), {QStringLiteral("lobby"), QStringLiteral("dev")}), true);
    QCOMPARE(m_files->isInRooms(sha('a'), {QStringLiteral("lobby")}), false);
    QCOMPARE(m_files->isInRooms(sha('a'), {}), false);
    QCOMPARE(m_files->isInRooms(sha('b'), {QStringLiteral("dev")}), false);
    QVERIFY(m_files->addRoom(sha('a'), QStringLiteral("lobby"))); // forwarded there
    QCOMPARE(m_files->isInRooms(sha('a'), {QStringLiteral("lobby")}), true);
    // A room name that looks like SQL is a name.
    QCOMPARE(m_files->isInRooms(sha('a'), {QStringLiteral("') OR 1=1 --")}), false);
}

void tst_FileIndex::abandonedUploadsAreFoundByAge()
{
    QVERIFY(m_files->begin(upload(1, 'a', 10, QStringLiteral("lobby"), 100)));
    QVERIFY(m_files->begin(upload(2, 'b', 10, QStringLiteral("lobby"), 300)));
    QVERIFY(m_files->begin(upload(3, 'c', 10, QStringLiteral("lobby"), 200)));
    QCOMPARE(m_files->startedBefore(250, 10),
             (QStringList{FileIndex::uploadKey(1, sha('a')), FileIndex::uploadKey(3, sha('c'))}));
    QCOMPARE(m_files->startedBefore(1000, 1), QStringList{FileIndex::uploadKey(1, sha('a'))});
    QCOMPARE(m_files->startedBefore(100, 10), QStringList{});
}

void tst_FileIndex::survivesAReopen()
{
    QVERIFY(m_files->begin(upload(7, 'a', 1000)));
    QVERIFY(m_files->begin(upload(7, 'b', 20)));
    QVERIFY(m_files->complete(FileIndex::uploadKey(7, sha('b')), 5000));
    m_files = nullptr;
    m_store = std::make_unique<HistoryStore>();
    QVERIFY(m_store->open(m_location));
    QCOMPARE(m_store->schemaVersion(), HistoryStore::kSchemaVersion);
    FileIndex *files = m_store->files();
    QCOMPARE(files->usedBytes(7), qint64(1020));
    QVERIFY(files->upload(FileIndex::uploadKey(7, sha('a'))));
    QCOMPARE(files->isInRooms(sha('b'), {QStringLiteral("lobby")}), true);
}

PARLEY_TEST_GUILESS_MAIN(tst_FileIndex)
#include "tst_fileindex.moc"
