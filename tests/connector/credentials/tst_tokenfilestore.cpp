// TokenFileStore: one 0600 file per account, atomic, bounded and checked on the way back in.
#include "sessiontoken.h"
#include "tokenfilestore.h"
#include "testmain.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#define REQUIRE_UNIX_MODES()
#else
#define REQUIRE_UNIX_MODES() QSKIP("file modes are a Unix matter; AppData is private to the user on Windows")
#endif

namespace {
constexpr QFile::Permissions kUnixBits = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
    | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;

int modeOf(const QString &path)
{
#ifdef Q_OS_UNIX
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) == 0)
        return int(st.st_mode & 07777);
#else
    Q_UNUSED(path)
#endif
    return -1;
}

bool setMode(const QString &path, int mode)
{
#ifdef Q_OS_UNIX
    return ::chmod(QFile::encodeName(path).constData(), mode_t(mode)) == 0;
#else
    Q_UNUSED(path)
    Q_UNUSED(mode)
    return false;
#endif
}

bool writeRaw(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

const QString kAlice = QStringLiteral("chat.example.org:443/alice");
const QString kBob = QStringLiteral("chat.example.org:443/bob");
} // namespace

class tst_TokenFileStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();

    void defaultDirectoryIsUnderAppData();
    void pathIsPerKey_data();
    void pathIsPerKey();
    void roundTrip_data();
    void roundTrip();
    void writtenFileIsPrivate();
    void replacedLooseFileBecomesPrivate();
    void looseDirectoryIsNarrowed();
    void looseFileIsNarrowedOnRead();
    void twoUsersOnOneServerAreTwoFiles();
    void removeDeletesTheFile();
    void readMissingIsNotFound();
    void damagedFileIsRefused_data();
    void damagedFileIsRefused();
    void directoryInPlaceOfFileIsRefused();
    void invalidTokenIsNotWritten_data();
    void invalidTokenIsNotWritten();

private:
    std::unique_ptr<QTemporaryDir> m_root;
    QString m_dir;
};

void tst_TokenFileStore::initTestCase()
{
}

void tst_TokenFileStore::init()
{
    m_root = std::make_unique<QTemporaryDir>();
    QVERIFY(m_root->isValid());
    m_dir = m_root->filePath(QStringLiteral("tokens"));
}

void tst_TokenFileStore::defaultDirectoryIsUnderAppData()
{
    const QString appData = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QCOMPARE(TokenFileStore::defaultDirectory(), appData + QLatin1String("/tokens"));
    QCOMPARE(TokenFileStore().directory(), TokenFileStore::defaultDirectory());
}

void tst_TokenFileStore::pathIsPerKey_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::newRow("users") << kAlice << kBob;
    QTest::newRow("case of the user") << QStringLiteral("h:80/alice") << QStringLiteral("h:80/Alice");
    QTest::newRow("ports") << QStringLiteral("h:80/alice") << QStringLiteral("h:81/alice");
    QTest::newRow("slashes in the name") << QStringLiteral("h:80/a/b") << QStringLiteral("h:80/a_b");
}

void tst_TokenFileStore::pathIsPerKey()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    const TokenFileStore store(m_dir);
    const QString pa = store.pathFor(a);
    QCOMPARE(store.pathFor(a), pa); // stable
    QVERIFY(pa != store.pathFor(b));
    for (const QString &path : {pa, store.pathFor(b)}) {
        QCOMPARE(QFileInfo(path).absolutePath(), QFileInfo(m_dir).absoluteFilePath());
        QVERIFY(path.endsWith(QLatin1String(".token")));
        QCOMPARE(QFileInfo(path).fileName().size(), 64 + 6); // SHA-256 hex + ".token"
    }
}

void tst_TokenFileStore::roundTrip_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::newRow("short") << QByteArray("aB3-_x");
    QTest::newRow("whole alphabet")
        << QByteArray("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
    QTest::newRow("at the bound") << QByteArray(SessionToken::kMaxBytes, 'z');
}

void tst_TokenFileStore::roundTrip()
{
    QFETCH(QByteArray, token);
    const TokenFileStore store(m_dir);
    QCOMPARE(store.write(kAlice, token).status, TokenResult::Status::Ok);
    const TokenResult read = store.read(kAlice);
    QCOMPARE(read.status, TokenResult::Status::Ok);
    QCOMPARE(read.token, token);
    QVERIFY(read.error.isEmpty());

    // The file holds the token and nothing else.
    QFile file(store.pathFor(kAlice));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), token);

    // A second write replaces the first.
    QCOMPARE(store.write(kAlice, QByteArray("second")).status, TokenResult::Status::Ok);
    QCOMPARE(store.read(kAlice).token, QByteArray("second"));
}

void tst_TokenFileStore::writtenFileIsPrivate()
{
    REQUIRE_UNIX_MODES();
    const TokenFileStore store(m_dir);
    QCOMPARE(store.write(kAlice, QByteArray("tok")).status, TokenResult::Status::Ok);
    const QString path = store.pathFor(kAlice);
    QCOMPARE(QFile::permissions(path) & kUnixBits, QFile::ReadOwner | QFile::WriteOwner);
    QCOMPARE(modeOf(path), 0600);
    QCOMPARE(QFile::permissions(m_dir) & kUnixBits, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QCOMPARE(modeOf(m_dir), 0700);
}

void tst_TokenFileStore::replacedLooseFileBecomesPrivate()
{
    REQUIRE_UNIX_MODES();
    // QSaveFile copies an existing file's permissions; the store must not keep them.
    const TokenFileStore store(m_dir);
    QVERIFY(QDir().mkpath(m_dir));
    const QString path = store.pathFor(kAlice);
    QVERIFY(writeRaw(path, "old"));
    QVERIFY(setMode(path, 0644));
    QCOMPARE(modeOf(path), 0644);

    QCOMPARE(store.write(kAlice, QByteArray("new")).status, TokenResult::Status::Ok);
    QCOMPARE(modeOf(path), 0600);
    QCOMPARE(store.read(kAlice).token, QByteArray("new"));
}

void tst_TokenFileStore::looseDirectoryIsNarrowed()
{
    REQUIRE_UNIX_MODES();
    QVERIFY(QDir().mkpath(m_dir));
    QVERIFY(setMode(m_dir, 0755));
    const TokenFileStore store(m_dir);
    QCOMPARE(store.write(kAlice, QByteArray("tok")).status, TokenResult::Status::Ok);
    QCOMPARE(modeOf(m_dir), 0700);
}

void tst_TokenFileStore::looseFileIsNarrowedOnRead()
{
    REQUIRE_UNIX_MODES();
    const TokenFileStore store(m_dir);
    QCOMPARE(store.write(kAlice, QByteArray("tok")).status, TokenResult::Status::Ok);
    const QString path = store.pathFor(kAlice);
    QVERIFY(setMode(path, 0644));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("readable by others")));
    QCOMPARE(store.read(kAlice).token, QByteArray("tok"));
    QCOMPARE(modeOf(path), 0600);
}

void tst_TokenFileStore::twoUsersOnOneServerAreTwoFiles()
{
    const TokenFileStore store(m_dir);
    QCOMPARE(store.write(kAlice, QByteArray("aaa")).status, TokenResult::Status::Ok);
    QCOMPARE(store.write(kBob, QByteArray("bbb")).status, TokenResult::Status::Ok);
    QCOMPARE(QDir(m_dir).entryList(QDir::Files).size(), 2);
    QCOMPARE(store.read(kAlice).token, QByteArray("aaa"));
    QCOMPARE(store.read(kBob).token, QByteArray("bbb"));

    QCOMPARE(store.remove(kAlice).status, TokenResult::Status::Ok);
    QCOMPARE(store.read(kAlice).status, TokenResult::Status::NotFound);
    QCOMPARE(store.read(kBob).token, QByteArray("bbb"));
}

void tst_TokenFileStore::removeDeletesTheFile()
{
    const TokenFileStore store(m_dir);
    QCOMPARE(store.write(kAlice, QByteArray("tok")).status, TokenResult::Status::Ok);
    QVERIFY(QFile::exists(store.pathFor(kAlice)));
    QCOMPARE(store.remove(kAlice).status, TokenResult::Status::Ok);
    QVERIFY(!QFile::exists(store.pathFor(kAlice)));
    QCOMPARE(store.remove(kAlice).status, TokenResult::Status::Ok); // twice is fine
    QVERIFY(QDir(m_dir).entryList(QDir::Files | QDir::Hidden).isEmpty()); // no temporary left over
}

void tst_TokenFileStore::readMissingIsNotFound()
{
    const TokenFileStore store(m_dir);
    const TokenResult r = store.read(kAlice);
    QCOMPARE(r.status, TokenResult::Status::NotFound);
    QVERIFY(r.token.isEmpty());
    QVERIFY(!QFileInfo::exists(m_dir)); // reading creates nothing
}

void tst_TokenFileStore::damagedFileIsRefused_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("oversized") << QByteArray(SessionToken::kMaxBytes + 1, 'a') << QString::number(SessionToken::kMaxBytes);
    QTest::newRow("huge") << QByteArray(1024 * 1024, 'a') << QString::number(SessionToken::kMaxBytes);
    QTest::newRow("empty") << QByteArray() << QStringLiteral("damaged");
    QTest::newRow("trailing newline") << QByteArray("abc\n") << QStringLiteral("damaged");
    QTest::newRow("binary") << QByteArray("\x00\xff\x10", 3) << QStringLiteral("damaged");
    QTest::newRow("json") << QByteArray("{\"token\":\"abc\"}") << QStringLiteral("damaged");
}

void tst_TokenFileStore::damagedFileIsRefused()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, mentions);
    const TokenFileStore store(m_dir);
    QVERIFY(QDir().mkpath(m_dir));
    const QString path = store.pathFor(kAlice);
    QVERIFY(writeRaw(path, content));

    const TokenResult r = store.read(kAlice);
    QCOMPARE(r.status, TokenResult::Status::Refused);
    QVERIFY(r.token.isEmpty());
    QVERIFY2(r.error.contains(path), qPrintable(r.error));
    QVERIFY2(r.error.contains(mentions), qPrintable(r.error));
    QVERIFY(QFile::exists(path)); // left for the user to look at
}

void tst_TokenFileStore::directoryInPlaceOfFileIsRefused()
{
    const TokenFileStore store(m_dir);
    QVERIFY(QDir().mkpath(store.pathFor(kAlice)));
    const TokenResult r = store.read(kAlice);
    QCOMPARE(r.status, TokenResult::Status::Refused);
    QVERIFY(r.error.contains(QLatin1String("regular file")));
}

void tst_TokenFileStore::invalidTokenIsNotWritten_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("oversized") << QByteArray(SessionToken::kMaxBytes + 1, 'a');
    QTest::newRow("newline") << QByteArray("abc\n");
    QTest::newRow("padding") << QByteArray("abc=");
}

void tst_TokenFileStore::invalidTokenIsNotWritten()
{
    QFETCH(QByteArray, token);
    const TokenFileStore store(m_dir);
    const TokenResult r = store.write(kAlice, token);
    QCOMPARE(r.status, TokenResult::Status::Refused);
    QVERIFY(!r.error.isEmpty());
    QVERIFY(!QFileInfo::exists(store.pathFor(kAlice)));
}

PARLEY_TEST_GUILESS_MAIN(tst_TokenFileStore)
#include "tst_tokenfilestore.moc"
