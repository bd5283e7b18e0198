// TokenVault: a session token per (server, user) in the OS keychain, else in 0600 files; every
// request answered asynchronously and in order; a keychain that is absent or silent reported once.
//
// The keychain tests drive the real QtKeychain. On Linux it talks to the Secret Service over the
// session bus through GDBus, which keeps one session-bus connection per process: the no-keychain
// tests point this process at a bus that is not there, or that never answers, so the real Secret
// Service test only runs when it is run alone (ctest: tst_tokenvault_secretservice).
#include "sessiontoken.h"
#include "tokenfilestore.h"
#include "tokenvault.h"
#include "testmain.h"

#include <QElapsedTimer>
#include <QFile>
#include <QLocalServer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#ifdef PARLEY_HAVE_QTDBUS
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusReply>
#endif

using namespace std::chrono_literals;

namespace {
const QUrl kServer(QStringLiteral("wss://chat.example.org"));
const QString kAlice = QStringLiteral("alice");
const QString kBob = QStringLiteral("bob");
constexpr QFile::Permissions kUnixBits = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
    | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;

TokenVault::Operation operationAt(const QSignalSpy &spy, int i)
{
    return spy.at(i).at(0).value<TokenVault::Operation>();
}
QString keyAt(const QSignalSpy &spy, int i)
{
    return spy.at(i).at(1).toString();
}
TokenResult resultAt(const QSignalSpy &spy, int i)
{
    return spy.at(i).at(2).value<TokenResult>();
}
} // namespace

class tst_TokenVault : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();

    void keyFor_data();
    void keyFor();

    // The file store, forced by the settings.
    void forcedFileRoundTrip();
    void answersAreAsynchronousAndInOrder();
    void twoUsersOnOneServerAreTwoFiles();
    void damagedFileIsRefused();
    void invalidRequestsAreRefused_data();
    void invalidRequestsAreRefused();

    // No keychain service. The silent one leaves a hung bus connection behind: keep it last but one.
    void noSessionBusFallsBackToFileOnce();
    void silentKeychainTimesOut();

    // A real Secret Service: only when run alone, in a session that has one.
    void secretServiceRoundTrip();

private:
    TokenVaultSettings settings(bool forceFile) const;
    void pointSessionBusAt(const QString &address);

    std::unique_ptr<QTemporaryDir> m_dir;
    bool m_busRedirected = false;
};

void tst_TokenVault::initTestCase()
{
}

void tst_TokenVault::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

TokenVaultSettings tst_TokenVault::settings(bool forceFile) const
{
    TokenVaultSettings s;
    s.forceFileFallback = forceFile;
    s.fileDirectory = m_dir->filePath(QStringLiteral("tokens"));
    return s;
}

// Hides the desktop too, so that QtKeychain picks libsecret (not KWallet) on any developer machine.
void tst_TokenVault::pointSessionBusAt(const QString &address)
{
    qputenv("DBUS_SESSION_BUS_ADDRESS", address.toLocal8Bit());
    for (const char *name : {"XDG_CURRENT_DESKTOP", "DESKTOP_SESSION", "GNOME_DESKTOP_SESSION_ID",
                             "KDE_FULL_SESSION", "KDE_SESSION_VERSION"})
        qunsetenv(name);
    m_busRedirected = true;
}

void tst_TokenVault::keyFor_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("key");
    QTest::newRow("wss default port") << QStringLiteral("wss://chat.example.org/chat") << kAlice
                                      << QStringLiteral("chat.example.org:443/alice");
    QTest::newRow("ws default port") << QStringLiteral("ws://chat.example.org") << kAlice
                                     << QStringLiteral("chat.example.org:80/alice");
    QTest::newRow("explicit port") << QStringLiteral("ws://127.0.0.1:8787") << kBob
                                   << QStringLiteral("127.0.0.1:8787/bob");
    QTest::newRow("host case folds, user case stays") << QStringLiteral("ws://Chat.Example.ORG") << QStringLiteral("Alice")
                                                      << QStringLiteral("chat.example.org:80/Alice");
    QTest::newRow("no user") << QStringLiteral("ws://chat.example.org") << QString() << QString();
    QTest::newRow("no host") << QStringLiteral("ws://") << kAlice << QString();
}

void tst_TokenVault::keyFor()
{
    QFETCH(QString, url);
    QFETCH(QString, user);
    QFETCH(QString, key);
    QCOMPARE(TokenVault::keyFor(QUrl(url), user), key);
    QCOMPARE(TokenVault::keyFor(QUrl(url), user).isEmpty(), key.isEmpty());
}

void tst_TokenVault::forcedFileRoundTrip()
{
    TokenVault vault(settings(true));
    QCOMPARE(vault.backend(), TokenVault::Backend::File);
    QSignalSpy unavailable(&vault, &TokenVault::keychainUnavailable);
    QSignalSpy finished(&vault, &TokenVault::finished);
    const QString key = TokenVault::keyFor(kServer, kAlice);
    const TokenFileStore files(settings(true).fileDirectory);

    vault.write(kServer, kAlice, QByteArray("tok-1"));
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(operationAt(finished, 0), TokenVault::Operation::Write);
    QCOMPARE(keyAt(finished, 0), key);
    QCOMPARE(resultAt(finished, 0).status, TokenResult::Status::Ok);
    QVERIFY(QFile::exists(files.pathFor(key)));
    if (QFile::permissions(files.pathFor(key)) & QFile::ReadOther) // Unix: nobody else may read it
        QFAIL("the token file is readable by others");

    vault.read(kServer, kAlice);
    QTRY_COMPARE(finished.size(), 2);
    QCOMPARE(operationAt(finished, 1), TokenVault::Operation::Read);
    QCOMPARE(resultAt(finished, 1).status, TokenResult::Status::Ok);
    QCOMPARE(resultAt(finished, 1).token, QByteArray("tok-1"));

    vault.forget(kServer, kAlice);
    QTRY_COMPARE(finished.size(), 3);
    QCOMPARE(operationAt(finished, 2), TokenVault::Operation::Forget);
    QCOMPARE(resultAt(finished, 2).status, TokenResult::Status::Ok);
    QVERIFY(!QFile::exists(files.pathFor(key)));

    vault.read(kServer, kAlice);
    QTRY_COMPARE(finished.size(), 4);
    QCOMPARE(resultAt(finished, 3).status, TokenResult::Status::NotFound);

    // Forced is a choice, not a failure: nothing to tell the user.
    QCOMPARE(unavailable.size(), 0);
    QVERIFY(vault.keychainProblem().isEmpty());
}

void tst_TokenVault::answersAreAsynchronousAndInOrder()
{
    TokenVault vault(settings(true));
    QSignalSpy finished(&vault, &TokenVault::finished);
    vault.write(kServer, kAlice, QByteArray("first"));
    vault.write(kServer, kAlice, QByteArray("second"));
    vault.read(kServer, kAlice);
    vault.forget(kServer, kAlice);
    vault.read(kServer, kAlice);
    QCOMPARE(finished.size(), 0); // nothing answered inside the calls

    QTRY_COMPARE(finished.size(), 5);
    const QList<TokenVault::Operation> expected{TokenVault::Operation::Write, TokenVault::Operation::Write,
                                                TokenVault::Operation::Read, TokenVault::Operation::Forget,
                                                TokenVault::Operation::Read};
    for (int i = 0; i < 5; ++i)
        QCOMPARE(operationAt(finished, i), expected.at(i));
    QCOMPARE(resultAt(finished, 2).token, QByteArray("second"));
    QCOMPARE(resultAt(finished, 4).status, TokenResult::Status::NotFound);
}

void tst_TokenVault::twoUsersOnOneServerAreTwoFiles()
{
    TokenVault vault(settings(true));
    QSignalSpy finished(&vault, &TokenVault::finished);
    vault.write(kServer, kAlice, QByteArray("aaa"));
    vault.write(kServer, kBob, QByteArray("bbb"));
    vault.read(kServer, kAlice);
    vault.read(kServer, kBob);
    QTRY_COMPARE(finished.size(), 4);
    QCOMPARE(resultAt(finished, 2).token, QByteArray("aaa"));
    QCOMPARE(resultAt(finished, 3).token, QByteArray("bbb"));
    QCOMPARE(QDir(settings(true).fileDirectory).entryList(QDir::Files).size(), 2);
}

void tst_TokenVault::damagedFileIsRefused()
{
    const TokenFileStore files(settings(true).fileDirectory);
    QVERIFY(QDir().mkpath(files.directory()));
    QFile file(files.pathFor(TokenVault::keyFor(kServer, kAlice)));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.write(QByteArray(SessionToken::kMaxBytes + 1, 'a')) > 0);
    file.close();

    TokenVault vault(settings(true));
    QSignalSpy finished(&vault, &TokenVault::finished);
    vault.read(kServer, kAlice);
    QTRY_COMPARE(finished.size(), 1);
    const TokenResult r = resultAt(finished, 0);
    QCOMPARE(r.status, TokenResult::Status::Refused);
    QVERIFY(r.token.isEmpty());
    QVERIFY2(r.error.contains(QString::number(SessionToken::kMaxBytes)), qPrintable(r.error));
}

void tst_TokenVault::invalidRequestsAreRefused_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QByteArray>("token");
    QTest::newRow("no user") << kServer.toString() << QString() << QByteArray("tok");
    QTest::newRow("no server") << QString() << kAlice << QByteArray("tok");
    QTest::newRow("empty token") << kServer.toString() << kAlice << QByteArray();
    QTest::newRow("token with a newline") << kServer.toString() << kAlice << QByteArray("tok\n");
    QTest::newRow("oversized token") << kServer.toString() << kAlice << QByteArray(SessionToken::kMaxBytes + 1, 'a');
}

void tst_TokenVault::invalidRequestsAreRefused()
{
    QFETCH(QString, url);
    QFETCH(QString, user);
    QFETCH(QByteArray, token);
    // Not forced: a refused request must not even reach the keychain (there is none here, and
    // the vault would report that).
    TokenVaultSettings s = settings(false);
    TokenVault vault(s);
    QSignalSpy unavailable(&vault, &TokenVault::keychainUnavailable);
    QSignalSpy finished(&vault, &TokenVault::finished);
    vault.write(QUrl(url), user, token);
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(resultAt(finished, 0).status, TokenResult::Status::Refused);
    QVERIFY(!resultAt(finished, 0).error.isEmpty());
    QCOMPARE(unavailable.size(), 0);
    QCOMPARE(vault.backend(), TokenVault::Backend::Keychain);
    QVERIFY(!QFileInfo::exists(s.fileDirectory));
}

void tst_TokenVault::noSessionBusFallsBackToFileOnce()
{
#ifndef Q_OS_LINUX
    QSKIP("only the Linux keychain (Secret Service over D-Bus) can be taken away from a test");
#endif
    pointSessionBusAt(QStringLiteral("unix:path=") + m_dir->filePath(QStringLiteral("no-bus")));
    const TokenVaultSettings s = settings(false);
    TokenVault vault(s);
    QCOMPARE(vault.backend(), TokenVault::Backend::Keychain);
    QSignalSpy unavailable(&vault, &TokenVault::keychainUnavailable);
    QSignalSpy finished(&vault, &TokenVault::finished);
    bool unavailableBeforeFirstAnswer = false;
    connect(&vault, &TokenVault::finished, this, [&] {
        if (finished.size() == 1)
            unavailableBeforeFirstAnswer = unavailable.size() == 1;
    });

    QElapsedTimer clock;
    clock.start();
    vault.write(kServer, kAlice, QByteArray("tok-a"));
    vault.write(kServer, kBob, QByteArray("tok-b"));
    vault.read(kServer, kAlice);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, int(2 * s.keychainTimeout.count()));
    // Told by the failed connection, not by the timer.
    QVERIFY2(clock.elapsed() < s.keychainTimeout.count(), qPrintable(QString::number(clock.elapsed())));

    QCOMPARE(unavailable.size(), 1);
    QVERIFY(unavailableBeforeFirstAnswer);
    const QString reason = unavailable.at(0).at(0).toString();
    QVERIFY(!reason.isEmpty());
    QCOMPARE(vault.keychainProblem(), reason);
    QCOMPARE(vault.backend(), TokenVault::Backend::File);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(resultAt(finished, i).status, TokenResult::Status::Ok);
    QCOMPARE(resultAt(finished, 2).token, QByteArray("tok-a"));

    const TokenFileStore files(s.fileDirectory);
    for (const QString &user : {kAlice, kBob}) {
        const QString path = files.pathFor(TokenVault::keyFor(kServer, user));
        QVERIFY(QFile::exists(path));
        QCOMPARE(QFile::permissions(path) & kUnixBits, QFile::ReadOwner | QFile::WriteOwner);
    }

    vault.forget(kServer, kAlice);
    QTRY_COMPARE(finished.size(), 4);
    QCOMPARE(resultAt(finished, 3).status, TokenResult::Status::Ok);
    QVERIFY(!QFile::exists(files.pathFor(TokenVault::keyFor(kServer, kAlice))));
    QCOMPARE(unavailable.size(), 1); // said once
}

void tst_TokenVault::silentKeychainTimesOut()
{
#ifndef Q_OS_LINUX
    QSKIP("only the Linux keychain (Secret Service over D-Bus) can be taken away from a test");
#endif
    // A "session bus" that accepts the connection and never says a word, like a hung daemon.
    const QString socket = m_dir->filePath(QStringLiteral("silent-bus"));
    QLocalServer silentBus;
    QVERIFY(silentBus.listen(socket));
    pointSessionBusAt(QStringLiteral("unix:path=") + socket);

    TokenVaultSettings s = settings(false);
    s.keychainTimeout = 300ms;
    TokenVault vault(s);
    QSignalSpy unavailable(&vault, &TokenVault::keychainUnavailable);
    QSignalSpy finished(&vault, &TokenVault::finished);

    QElapsedTimer clock;
    clock.start();
    vault.write(kServer, kAlice, QByteArray("tok-a"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
    // It waited for the keychain as long as the setting says (less a coarse timer's 5 %).
    QVERIFY2(clock.elapsed() >= 280, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(unavailable.size(), 1);
    QVERIFY2(unavailable.at(0).at(0).toString().contains(QLatin1String("300")),
             qPrintable(unavailable.at(0).at(0).toString()));
    QCOMPARE(vault.backend(), TokenVault::Backend::File);
    QCOMPARE(resultAt(finished, 0).status, TokenResult::Status::Ok);

    vault.write(kServer, kBob, QByteArray("tok-b"));
    vault.read(kServer, kAlice);
    QTRY_COMPARE(finished.size(), 3);
    QCOMPARE(resultAt(finished, 1).status, TokenResult::Status::Ok);
    QCOMPARE(resultAt(finished, 2).token, QByteArray("tok-a"));
    QCOMPARE(unavailable.size(), 1);
    const TokenFileStore files(s.fileDirectory);
    QVERIFY(QFile::exists(files.pathFor(TokenVault::keyFor(kServer, kBob))));
}

void tst_TokenVault::secretServiceRoundTrip()
{
    if (m_busRedirected)
        QSKIP("runs alone (`tst_tokenvault secretServiceRoundTrip`, ctest: tst_tokenvault_secretservice): "
              "GDBus keeps one session bus per process and the no-keychain tests replaced it");
#ifndef PARLEY_HAVE_QTDBUS
    QSKIP("built without Qt D-Bus: cannot look for a Secret Service");
#else
    {
        const QString name = QStringLiteral("org.freedesktop.secrets");
        QDBusConnection bus = QDBusConnection::sessionBus();
        bool present = bus.isConnected() && bus.interface()->isServiceRegistered(name).value();
        if (bus.isConnected() && !present) {
            const QDBusReply<QStringList> activatable = bus.call(QDBusMessage::createMethodCall(
                QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
                QStringLiteral("org.freedesktop.DBus"), QStringLiteral("ListActivatableNames")));
            present = activatable.isValid() && activatable.value().contains(name);
        }
        if (!present)
            QSKIP("no Secret Service (org.freedesktop.secrets) on the session bus; ctest's "
                  "tst_tokenvault_secretservice starts one with gnome-keyring-daemon when it is installed");
    }

    TokenVaultSettings s = settings(false);
    s.keychainTimeout = 20s; // a cold gnome-keyring-daemon on a busy CI box
    const TokenFileStore files(s.fileDirectory);
    const QString aliceKey = TokenVault::keyFor(kServer, kAlice);
    const QString carolKey = TokenVault::keyFor(kServer, QStringLiteral("carol"));
    // Files left from a run without a keychain.
    QCOMPARE(files.write(aliceKey, QByteArray("old-file-token")).status, TokenResult::Status::Ok);
    QCOMPARE(files.write(carolKey, QByteArray("carol-file-token")).status, TokenResult::Status::Ok);

    TokenVault vault(s);
    QSignalSpy unavailable(&vault, &TokenVault::keychainUnavailable);
    QSignalSpy finished(&vault, &TokenVault::finished);
    bool aliceFileAfterWrite = true;
    connect(&vault, &TokenVault::finished, this, [&](TokenVault::Operation operation, const QString &key) {
        if (operation == TokenVault::Operation::Write && key == aliceKey)
            aliceFileAfterWrite = QFile::exists(files.pathFor(aliceKey));
    });

    vault.write(kServer, kAlice, QByteArray("keychain-token"));
    vault.read(kServer, kAlice);
    vault.read(kServer, QStringLiteral("carol"));
    vault.forget(kServer, kAlice);
    vault.read(kServer, kAlice);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 5, 60000);

    QCOMPARE(unavailable.size(), 0);
    QCOMPARE(vault.backend(), TokenVault::Backend::Keychain);
    QCOMPARE(resultAt(finished, 0).status, TokenResult::Status::Ok);
    QVERIFY(!aliceFileAfterWrite); // in the keychain now: the stale file is gone
    QCOMPARE(resultAt(finished, 1).status, TokenResult::Status::Ok);
    QCOMPARE(resultAt(finished, 1).token, QByteArray("keychain-token")); // so from the keychain
    QCOMPARE(resultAt(finished, 2).token, QByteArray("carol-file-token")); // not in the keychain: its file
    QCOMPARE(resultAt(finished, 3).status, TokenResult::Status::Ok);
    QCOMPARE(resultAt(finished, 4).status, TokenResult::Status::NotFound);
#endif
}

PARLEY_TEST_GUILESS_MAIN(tst_TokenVault)
#include "tst_tokenvault.moc"
