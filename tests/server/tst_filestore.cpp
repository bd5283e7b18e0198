// FileStore: uploads in chunks land, verified, under their SHA-256; an upload resumes after a
// restart where it stopped; wrong offsets, oversized chunks, bad hashes and bad names are refused
// and lose nothing; the same content is stored once; open uploads are bounded.
#include "filebytes.h"
#include "filestore.h"
#include "testmain.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using Appended = FileStore::Appended;

namespace {
//! append(), asked again while the store says Busy (a resume being hashed on its worker).
Appended appendWhenReady(FileStore &store, const QString &key, const QString &sha, qint64 size, qint64 at,
                         const QByteArray &bytes)
{
    Appended r = Appended::Busy;
    // Waits for the worker's hash (asked again until it is there), not for a time.
    const bool ready = QTest::qWaitFor([&] { return (r = store.append(key, sha, size, at, bytes)) != Appended::Busy; }, 10000);
    Q_UNUSED(ready) // still Busy after 10 s: the caller sees Busy and fails
    return r;
}

//! Sends \a bytes from \a from on in kMaxChunk pieces; the outcome of the last one.
Appended upload(FileStore &store, const QString &key, const QByteArray &bytes, qint64 from = 0)
{
    Appended last = Appended::Stored;
    for (qint64 at = from; at < bytes.size() && last == Appended::Stored; at += FileStore::kMaxChunk)
        last = appendWhenReady(store, key, sha256Of(bytes), bytes.size(), at, bytes.mid(at, FileStore::kMaxChunk));
    return last;
}
} // namespace

class tst_FileStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void chunksLandVerifiedUnderTheirHash();
    void anUploadResumesAfterARestart();
    void wrongOffsetsAndOversizedChunksLoseNothing();
    void aHashMismatchIsDiscarded();
    void theSameContentIsStoredOnce();
    void badNamesAreRefused();
    void openUploadsAreBounded();
    void removeAndRead();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FileStore> m_store;
};

void tst_FileStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_store = std::make_unique<FileStore>(m_dir->filePath(QStringLiteral("files")));
    QVERIFY(m_store->open());
}

void tst_FileStore::chunksLandVerifiedUnderTheirHash()
{
    const QByteArray bytes = randomBytes(2 * FileStore::kMaxChunk + 1000, 1);
    const QString sha = sha256Of(bytes);
    QCOMPARE(m_store->append(QStringLiteral("u1"), sha, bytes.size(), 0, bytes.left(FileStore::kMaxChunk)),
             Appended::Stored);
    QCOMPARE(m_store->received(QStringLiteral("u1")), FileStore::kMaxChunk);
    QVERIFY(!m_store->contains(sha));
    QCOMPARE(upload(*m_store, QStringLiteral("u1"), bytes, FileStore::kMaxChunk), Appended::Complete);
    QVERIFY(m_store->contains(sha));
    QCOMPARE(m_store->size(sha), qint64(bytes.size()));
    QCOMPARE(QFileInfo(m_store->pathOf(sha)).path().section(QLatin1Char('/'), -1), sha.left(2));
    QCOMPARE(m_store->received(QStringLiteral("u1")), qint64(0)); // the upload is over
    QVERIFY(QDir(m_dir->filePath(QStringLiteral("files/partial"))).isEmpty());
    QByteArray back;
    for (qint64 at = 0;; at += FileStore::kMaxChunk) {
        const std::optional<QByteArray> piece = m_store->read(sha, at, FileStore::kMaxChunk);
        QVERIFY(piece);
        if (piece->isEmpty())
            break;
        back += *piece;
    }
    QCOMPARE(back, bytes);
}

void tst_FileStore::anUploadResumesAfterARestart()
{
    const QByteArray bytes = randomBytes(3 * FileStore::kMaxChunk, 2);
    const QString sha = sha256Of(bytes);
    QCOMPARE(m_store->append(QStringLiteral("u7-x"), sha, bytes.size(), 0, bytes.left(FileStore::kMaxChunk)),
             Appended::Stored);
    m_store = std::make_unique<FileStore>(m_dir->filePath(QStringLiteral("files"))); // a restart
    QVERIFY(m_store->open());
    const qint64 at = m_store->received(QStringLiteral("u7-x"));
    QCOMPARE(at, FileStore::kMaxChunk); // where it stopped, not 0
    // Its bytes on disk are hashed on the worker first: meanwhile nothing is written.
    QCOMPARE(m_store->append(QStringLiteral("u7-x"), sha, bytes.size(), at, bytes.mid(at, FileStore::kMaxChunk)),
             Appended::Busy);
    QCOMPARE(m_store->received(QStringLiteral("u7-x")), at);
    QCOMPARE(upload(*m_store, QStringLiteral("u7-x"), bytes, at), Appended::Complete);
    QCOMPARE(m_store->read(sha, 0, 10), bytes.left(10));
}

void tst_FileStore::wrongOffsetsAndOversizedChunksLoseNothing()
{
    const QByteArray bytes = randomBytes(2 * FileStore::kMaxChunk + 10, 3);
    const QString sha = sha256Of(bytes);
    const QString key = QStringLiteral("u2");
    QCOMPARE(m_store->append(key, sha, bytes.size(), 5, bytes.mid(5, 10)), Appended::WrongOffset);
    QCOMPARE(m_store->append(key, sha, bytes.size(), 0, bytes.left(100)), Appended::Stored);
    QCOMPARE(m_store->append(key, sha, bytes.size(), 0, bytes.left(100)), Appended::WrongOffset); // again
    QCOMPARE(m_store->append(key, sha, bytes.size(), 100, bytes.mid(100, FileStore::kMaxChunk + 1)),
             Appended::TooLong);
    const QByteArray small = bytes.left(50);
    QCOMPARE(m_store->append(QStringLiteral("u2-small"), sha256Of(small), small.size(), 0, small + "xx"),
             Appended::TooLong); // past the size announced
    QCOMPARE(m_store->received(QStringLiteral("u2-small")), qint64(0));
    QCOMPARE(m_store->received(key), qint64(100));
    QCOMPARE(upload(*m_store, key, bytes, 100), Appended::Complete);
    QCOMPARE(m_store->read(sha, 0, FileStore::kMaxChunk + 10)->size(), FileStore::kMaxChunk); // a read is bounded too
}

void tst_FileStore::aHashMismatchIsDiscarded()
{
    const QByteArray bytes = randomBytes(1000, 4);
    const QString claimed = sha256Of("something else");
    QCOMPARE(m_store->append(QStringLiteral("u3"), claimed, bytes.size(), 0, bytes), Appended::HashMismatch);
    QVERIFY(!m_store->contains(claimed));
    QVERIFY(!m_store->contains(sha256Of(bytes)));
    QCOMPARE(m_store->received(QStringLiteral("u3")), qint64(0));
    QVERIFY(QDir(m_dir->filePath(QStringLiteral("files/partial"))).isEmpty());
}

void tst_FileStore::theSameContentIsStoredOnce()
{
    const QByteArray bytes = randomBytes(5000, 5);
    QCOMPARE(upload(*m_store, QStringLiteral("alice"), bytes), Appended::Complete);
    QCOMPARE(upload(*m_store, QStringLiteral("bob"), bytes), Appended::Complete);
    QDir shard(QFileInfo(m_store->pathOf(sha256Of(bytes))).path());
    QCOMPARE(shard.entryList(QDir::Files).size(), 1);
    QVERIFY(QDir(m_dir->filePath(QStringLiteral("files/partial"))).isEmpty());
}

void tst_FileStore::badNamesAreRefused()
{
    const QByteArray bytes = randomBytes(10, 6);
    const QString sha = sha256Of(bytes);
    for (const QString &key : {QStringLiteral("../escape"), QStringLiteral("a/b"), QString(), QStringLiteral("UP"),
                               QString(101, u'a')}) {
        QVERIFY2(!FileStore::isValidKey(key), qPrintable(key));
        QCOMPARE(m_store->append(key, sha, bytes.size(), 0, bytes), Appended::WrongOffset);
    }
    const QStringList badHashes{sha.toUpper(), sha.left(63), sha + QLatin1Char('0'), QStringLiteral("../") + sha.mid(3)};
    for (const QString &hash : badHashes) {
        QVERIFY2(!FileStore::isValidHash(hash), qPrintable(hash));
        QCOMPARE(m_store->append(QStringLiteral("k"), hash, bytes.size(), 0, bytes), Appended::WrongOffset);
        QVERIFY(!m_store->read(hash, 0, 10));
        QVERIFY(!m_store->remove(hash));
    }
    QCOMPARE(m_store->append(QStringLiteral("k"), sha, 0, 0, {}), Appended::WrongOffset); // no 0-byte files
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList{QStringLiteral("files")});
}

void tst_FileStore::openUploadsAreBounded()
{
    // More uploads under way than are kept open: the ones closed resume from their bytes on disk.
    constexpr int kUploads = FileStore::kMaxOpenUploads + 6;
    QList<QByteArray> contents;
    for (int i = 0; i < kUploads; ++i) {
        contents << randomBytes(200, 100 + i);
        QCOMPARE(m_store->append(QStringLiteral("u%1").arg(i), sha256Of(contents.at(i)), 200, 0,
                                 contents.at(i).left(120)),
                 Appended::Stored);
        QVERIFY(m_store->openUploadCount() <= FileStore::kMaxOpenUploads);
    }
    QCOMPARE(m_store->openUploadCount(), FileStore::kMaxOpenUploads);
    for (int i = 0; i < kUploads; ++i) {
        QCOMPARE(m_store->received(QStringLiteral("u%1").arg(i)), qint64(120));
        QCOMPARE(appendWhenReady(*m_store, QStringLiteral("u%1").arg(i), sha256Of(contents.at(i)), 200, 120,
                                 contents.at(i).mid(120)),
                 Appended::Complete);
    }
}

void tst_FileStore::removeAndRead()
{
    const QByteArray bytes = randomBytes(300, 7);
    const QString sha = sha256Of(bytes);
    QVERIFY(!m_store->read(sha, 0, 10)); // not stored
    QCOMPARE(upload(*m_store, QStringLiteral("u"), bytes), Appended::Complete);
    QCOMPARE(m_store->read(sha, 290, 100), bytes.mid(290));
    QCOMPARE(m_store->read(sha, 300, 100), QByteArray()); // at its end
    QVERIFY(!m_store->read(sha, -1, 10));
    QVERIFY(m_store->remove(sha));
    QVERIFY(!m_store->contains(sha));
    QVERIFY(!m_store->remove(sha));
}

PARLEY_TEST_GUILESS_MAIN(tst_FileStore)
#include "tst_filestore.moc"
