// The parley-server executable's command line (server/main.cpp), run as a child process: where the
// history database goes (--data), that a data directory it cannot use is a clear error, exit 1,
// its accounts' defaults, the longest message it accepts (--max-text-length), how long messages
// may be edited (--edit-window-hours), and the
// administrator and invite commands (checked in the file with
// AccountStore).

#include "accountstore.h"
#include "testmain.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

//! Long enough for a cold start under a loaded CI machine; a wait, never a sleep.
constexpr int kProcessWaitMs = 10000;

} // namespace

class tst_ServerMain : public QObject
{
    Q_OBJECT

private:
    //! Runs parley-server with \a arguments to completion, \a input on its standard input; its
    //! exit code (-1 if it did not end).
    static int run(const QStringList &arguments, QString *out, QString *err,
                   const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
                   const QByteArray &input = QByteArray())
    {
        QProcess process;
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(PARLEY_SERVER_BIN), arguments);
        if (process.waitForStarted(kProcessWaitMs)) {
            process.write(input);
            process.closeWriteChannel();
        }
        if (!process.waitForFinished(kProcessWaitMs)) {
            process.kill();
            process.waitForFinished(kProcessWaitMs);
            return -1;
        }
        *out = QString::fromUtf8(process.readAllStandardOutput());
        *err = QString::fromUtf8(process.readAllStandardError());
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    }

    //! Starts parley-server on a free port with \a arguments, waits until it listens and returns
    //! everything it printed to stdout by then; then stops it with SIGTERM and checks a clean exit.
    static QString startAndStop(const QStringList &arguments, const QProcessEnvironment &env,
                                bool *ok)
    {
        *ok = false;
        QProcess process;
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(PARLEY_SERVER_BIN),
                      QStringList{QStringLiteral("--port"), QStringLiteral("0")} + arguments);
        if (!process.waitForStarted(kProcessWaitMs))
            return {};
        QString out;
        const QDeadlineTimer deadline(kProcessWaitMs);
        while (!out.contains(QLatin1String("listening on")) && !deadline.hasExpired()
               && process.state() == QProcess::Running) {
            process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
            out += QString::fromUtf8(process.readAllStandardOutput());
        }
        process.terminate();
        const bool finished = process.waitForFinished(kProcessWaitMs);
        *ok = finished && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0
                && out.contains(QLatin1String("listening on"));
        if (!finished)
            process.kill();
        return out;
    }

private Q_SLOTS:
    void helpDescribesTheDataDirectory();
    void dataDirectoryIsCreatedAndReported();
    void defaultDataDirectoryIsTheAppDataLocation();
    void uncreatableDataDirectoryFails();
    void unreadableDatabaseFails();
    void emptyDataArgumentFails();
    void accountsDefaultToInvitesWithoutGuests_data();
    void accountsDefaultToInvitesWithoutGuests();
    void invalidAccountOptionsFail_data();
    void invalidAccountOptionsFail();
    void createAdminReadsThePassword_data();
    void createAdminReadsThePassword();
    void createAdminWithoutPasswordFails();
    void createInvitePrintsACodeAndALink();
    void maxTextLengthOption_data();
    void maxTextLengthOption();
    void editWindowOption_data();
    void editWindowOption();
    void tlsServesWss();
    void badTlsFilesFail_data();
    void badTlsFilesFail();
    void hostileClientLimits_data();
    void hostileClientLimits();
};

void tst_ServerMain::helpDescribesTheDataDirectory()
{
    QString out;
    QString err;
    QCOMPARE(run({QStringLiteral("--help")}, &out, &err), 0);
    QVERIFY2(out.contains(QLatin1String("--data <dir>")), qPrintable(out));
    QVERIFY2(out.contains(QLatin1String("history.sqlite")), qPrintable(out));
}

void tst_ServerMain::dataDirectoryIsCreatedAndReported()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString dataDir = tmp.filePath(QStringLiteral("not/yet/there"));
    bool ok = false;
    const QString out = startAndStop({QStringLiteral("--data"), dataDir},
                                     QProcessEnvironment::systemEnvironment(), &ok);
    QVERIFY2(ok, qPrintable(out));
    const QString database = QDir(dataDir).filePath(QStringLiteral("history.sqlite"));
    QVERIFY2(out.contains(QLatin1String("parley-server data: ") + QDir::toNativeSeparators(database)),
             qPrintable(out));
    QVERIFY(QFile::exists(database));

    // A second start on the same directory opens the existing database.
    const QString again = startAndStop({QStringLiteral("--data"), dataDir},
                                       QProcessEnvironment::systemEnvironment(), &ok);
    QVERIFY2(ok, qPrintable(again));
}

void tst_ServerMain::defaultDataDirectoryIsTheAppDataLocation()
{
    QTemporaryDir home;
    QVERIFY(home.isValid());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home.path());
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("share")));
    bool ok = false;
    const QString out = startAndStop({}, env, &ok);
    QVERIFY2(ok, qPrintable(out));
    const QString expected = home.filePath(QStringLiteral("share/parley-server/history.sqlite"));
    QVERIFY2(out.contains(QLatin1String("parley-server data: ") + QDir::toNativeSeparators(expected)),
             qPrintable(out));
    QVERIFY(QFile::exists(expected));
}

void tst_ServerMain::uncreatableDataDirectoryFails()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QFile file(tmp.filePath(QStringLiteral("a-file")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    QString out;
    QString err;
    QCOMPARE(run({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--data"),
                  file.fileName() + QStringLiteral("/sub")},
                 &out, &err),
             1);
    QVERIFY2(err.contains(QLatin1String("cannot create the data directory")), qPrintable(err));
    QVERIFY(!out.contains(QLatin1String("listening")));
}

void tst_ServerMain::unreadableDatabaseFails()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QFile garbage(tmp.filePath(QStringLiteral("history.sqlite")));
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write(QByteArray(4096, 'x'));
    garbage.close();
    QString out;
    QString err;
    QCOMPARE(run({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--data"), tmp.path()},
                 &out, &err),
             1);
    QVERIFY2(err.contains(QLatin1String("cannot open the history database")), qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("not a database")), qPrintable(err));
    QVERIFY(!out.contains(QLatin1String("listening")));
}

void tst_ServerMain::emptyDataArgumentFails()
{
    QString out;
    QString err;
    QCOMPARE(run({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--data"), QString()},
                 &out, &err),
             1);
    QVERIFY2(err.contains(QLatin1String("invalid --data")), qPrintable(err));
}

void tst_ServerMain::accountsDefaultToInvitesWithoutGuests_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("said");
    QTest::newRow("defaults") << QStringList() << QStringLiteral("registration invite, guests off");
    QTest::newRow("open with guests") << QStringList{QStringLiteral("--registration"), QStringLiteral("open"),
                                                     QStringLiteral("--guests")}
                                      << QStringLiteral("registration open, guests on");
    QTest::newRow("closed") << QStringList{QStringLiteral("--registration"), QStringLiteral("CLOSED")}
                            << QStringLiteral("registration closed, guests off");
}

void tst_ServerMain::accountsDefaultToInvitesWithoutGuests()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, said);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    bool ok = false;
    const QString out = startAndStop(QStringList{QStringLiteral("--data"), tmp.path()} + arguments,
                                     QProcessEnvironment::systemEnvironment(), &ok);
    QVERIFY2(ok, qPrintable(out));
    QVERIFY2(out.contains(said), qPrintable(out));
}

void tst_ServerMain::hostileClientLimits_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("said");
    QTest::newRow("defaults") << QStringList()
                              << QStringLiteral("limits: 256 connections per address, 500 rooms per account, "
                                                "5 messages per second, 256 MiB queued");
    QTest::newRow("set") << QStringList{QStringLiteral("--max-connections-per-address"), QStringLiteral("8"),
                                        QStringLiteral("--max-rooms-per-account"), QStringLiteral("50"),
                                        QStringLiteral("--messages-per-second"), QStringLiteral("2"),
                                        QStringLiteral("--max-queued-mib"), QStringLiteral("64")}
                         << QStringLiteral("limits: 8 connections per address, 50 rooms per account, "
                                           "2 messages per second, 64 MiB queued");
}

void tst_ServerMain::hostileClientLimits()
{
    accountsDefaultToInvitesWithoutGuests(); // the same run: start with the arguments, read the line
}

void tst_ServerMain::invalidAccountOptionsFail_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("error");
    QTest::newRow("registration") << QStringList{QStringLiteral("--registration"), QStringLiteral("maybe")}
                                  << QStringLiteral("invalid --registration");
    QTest::newRow("uses") << QStringList{QStringLiteral("--create-invite"), QStringLiteral("none")}
                          << QStringLiteral("invalid number of uses");
    QTest::newRow("no uses") << QStringList{QStringLiteral("--create-invite"), QStringLiteral("0")}
                             << QStringLiteral("invalid number of uses");
    QTest::newRow("argument without --create-invite") << QStringList{QStringLiteral("3")}
                                                      << QStringLiteral("unexpected argument");
    QTest::newRow("password file alone") << QStringList{QStringLiteral("--password-file"), QStringLiteral("x")}
                                         << QStringLiteral("--password-file goes with --create-admin");
    QTest::newRow("a bad name") << QStringList{QStringLiteral("--create-admin"), QStringLiteral("guest-1")}
                                << QStringLiteral("username reserved");
    QTest::newRow("connections") << QStringList{QStringLiteral("--max-connections-per-address"), QStringLiteral("0")}
                                 << QStringLiteral("invalid --max-connections-per-address \"0\"");
    QTest::newRow("rooms") << QStringList{QStringLiteral("--max-rooms-per-account"), QStringLiteral("many")}
                           << QStringLiteral("invalid --max-rooms-per-account");
    QTest::newRow("rate") << QStringList{QStringLiteral("--messages-per-second"), QStringLiteral("-1")}
                          << QStringLiteral("invalid --messages-per-second");
    QTest::newRow("queued") << QStringList{QStringLiteral("--max-queued-mib"), QStringLiteral("1.5")}
                            << QStringLiteral("invalid --max-queued-mib");
}

void tst_ServerMain::invalidAccountOptionsFail()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, error);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QString out;
    QString err;
    QCOMPARE(run(QStringList{QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--data"), tmp.path()}
                         + arguments,
                 &out, &err, QProcessEnvironment::systemEnvironment(), "a password\n"),
             1);
    QVERIFY2(err.contains(error), qPrintable(err));
    QVERIFY(!out.contains(QLatin1String("listening")));
}

void tst_ServerMain::createAdminReadsThePassword_data()
{
    QTest::addColumn<bool>("fromFile");
    QTest::newRow("standard input") << false;
    QTest::newRow("--password-file") << true;
}

void tst_ServerMain::createAdminReadsThePassword()
{
    QFETCH(bool, fromFile);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString password = QStringLiteral("s3cret passphrase, ünïcode");
    QStringList arguments{QStringLiteral("--data"), tmp.path(), QStringLiteral("--create-admin"),
                          QStringLiteral("Boss")};
    QByteArray input = password.toUtf8() + "\r\n";
    if (fromFile) {
        QFile file(tmp.filePath(QStringLiteral("pw")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(input + "the second line is not part of it\n");
        file.close();
        arguments << QStringLiteral("--password-file") << file.fileName();
        input = "not this\n";
    }
    QString out;
    QString err;
    QCOMPARE(run(arguments, &out, &err, QProcessEnvironment::systemEnvironment(), input), 0);
    QVERIFY2(out.contains(QLatin1String("created administrator Boss")), qPrintable(out + err));
    QVERIFY(!out.contains(QLatin1String("listening")));
    QVERIFY(!out.contains(QLatin1String("s3cret")) && !err.contains(QLatin1String("s3cret")));

    AccountStore store;
    QVERIFY(store.open(tmp.filePath(QStringLiteral("history.sqlite"))));
    const AccountStore::Result<AccountStore::Account> boss = store.verifyPassword(QStringLiteral("boss"), password);
    QCOMPARE(boss.error, QString());
    QVERIFY(boss.value.isAdmin);
    store.close();

    // A second administrator of that name: refused, exit 1.
    QCOMPARE(run(arguments, &out, &err, QProcessEnvironment::systemEnvironment(), input), 1);
    QVERIFY2(err.contains(QLatin1String("username taken")), qPrintable(err));
}

void tst_ServerMain::createAdminWithoutPasswordFails()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QString out;
    QString err;
    QCOMPARE(run({QStringLiteral("--data"), tmp.path(), QStringLiteral("--create-admin"), QStringLiteral("boss")},
                 &out, &err),
             1);
    QVERIFY2(err.contains(QLatin1String("no password")), qPrintable(err));
    QCOMPARE(run({QStringLiteral("--data"), tmp.path(), QStringLiteral("--create-admin"), QStringLiteral("boss"),
                  QStringLiteral("--password-file"), tmp.filePath(QStringLiteral("missing"))},
                 &out, &err),
             1);
    QVERIFY2(err.contains(QLatin1String("cannot read the password file")), qPrintable(err));
}

void tst_ServerMain::createInvitePrintsACodeAndALink()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QString out;
    QString err;
    QCOMPARE(run({QStringLiteral("--data"), tmp.path(), QStringLiteral("--host"), QStringLiteral("::1"),
                  QStringLiteral("--port"), QStringLiteral("9123"), QStringLiteral("--create-invite"),
                  QStringLiteral("2")},
                 &out, &err),
             0);
    const QRegularExpressionMatch code =
            QRegularExpression(QStringLiteral("invite code: ([A-Za-z0-9_-]{22}) \\(2 sign-up")).match(out);
    QVERIFY2(code.hasMatch(), qPrintable(out + err));
    QVERIFY2(out.contains(QStringLiteral("link: parley://[::1]:9123/?invite=") + code.captured(1)), qPrintable(out));
    QVERIFY(!out.contains(QLatin1String("listening")));

    AccountStore store;
    QVERIFY(store.open(tmp.filePath(QStringLiteral("history.sqlite"))));
    QCOMPARE(store.redeemInvite(code.captured(1)), QString());
    QCOMPARE(store.redeemInvite(code.captured(1)), QString());
    QCOMPARE(store.redeemInvite(code.captured(1)), QStringLiteral("invite used up"));
}

void tst_ServerMain::maxTextLengthOption_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("starts");
    QTest::addColumn<QString>("said");
    QTest::newRow("default") << QStringList() << true
                             << QStringLiteral("messages up to 65536 characters");
    QTest::newRow("set") << QStringList{QStringLiteral("--max-text-length"), QStringLiteral("1000")}
                         << true << QStringLiteral("messages up to 1000 characters");
    QTest::newRow("the largest") << QStringList{QStringLiteral("--max-text-length=1000000")} << true
                                 << QStringLiteral("messages up to 1000000 characters");
    QTest::newRow("zero") << QStringList{QStringLiteral("--max-text-length"), QStringLiteral("0")}
                          << false << QStringLiteral("invalid --max-text-length \"0\"");
    QTest::newRow("over the largest")
            << QStringList{QStringLiteral("--max-text-length"), QStringLiteral("1000001")} << false
            << QStringLiteral("invalid --max-text-length \"1000001\": expected 1-1000000");
    QTest::newRow("not a number")
            << QStringList{QStringLiteral("--max-text-length"), QStringLiteral("64k")} << false
            << QStringLiteral("invalid --max-text-length \"64k\"");
    // Files (--data is given): the largest file and the quota per account.
    QTest::newRow("files default") << QStringList() << true
                                   << QStringLiteral("files: up to 256 MiB each, 1024 MiB per account");
    QTest::newRow("files set") << QStringList{QStringLiteral("--max-file-size"), QStringLiteral("10"),
                                              QStringLiteral("--file-quota=50")}
                               << true << QStringLiteral("files: up to 10 MiB each, 50 MiB per account");
    QTest::newRow("file size zero") << QStringList{QStringLiteral("--max-file-size"), QStringLiteral("0")}
                                    << false << QStringLiteral("invalid --max-file-size \"0\"");
    QTest::newRow("quota not a number") << QStringList{QStringLiteral("--file-quota"), QStringLiteral("1G")}
                                        << false << QStringLiteral("invalid --file-quota \"1G\"");
}

void tst_ServerMain::maxTextLengthOption()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, starts);
    QFETCH(QString, said);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QStringList data{QStringLiteral("--data"), tmp.path()};
    if (starts) {
        bool ok = false;
        const QString out = startAndStop(data + arguments, QProcessEnvironment::systemEnvironment(), &ok);
        QVERIFY2(ok, qPrintable(out));
        QVERIFY2(out.contains(said), qPrintable(out));
        return;
    }
    QString out;
    QString err;
    QCOMPARE(run(QStringList{QStringLiteral("--port"), QStringLiteral("0")} + data + arguments, &out, &err), 1);
    QVERIFY2(err.contains(said), qPrintable(err));
    QVERIFY(!out.contains(QLatin1String("listening")));
}

void tst_ServerMain::editWindowOption_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("starts");
    QTest::addColumn<QString>("said");
    const QString option = QStringLiteral("--edit-window-hours");
    QTest::newRow("default") << QStringList() << true
                             << QStringLiteral("edits: within 48 hours of posting");
    QTest::newRow("set") << QStringList{option, QStringLiteral("2")} << true
                         << QStringLiteral("edits: within 2 hours of posting");
    QTest::newRow("no limit") << QStringList{option, QStringLiteral("0")} << true
                              << QStringLiteral("edits: no time limit");
    QTest::newRow("negative") << QStringList{QStringLiteral("--edit-window-hours=-1")} << false
                              << QStringLiteral("invalid --edit-window-hours \"-1\": expected 0 (no limit)");
    QTest::newRow("not a number") << QStringList{option, QStringLiteral("2d")} << false
                                  << QStringLiteral("invalid --edit-window-hours \"2d\"");
}

void tst_ServerMain::editWindowOption()
{
    maxTextLengthOption(); // the same run: start with the arguments, read what it said
}

void tst_ServerMain::tlsServesWss()
{
    QTemporaryDir tmp;
    bool ok = false;
    const QString out = startAndStop({QStringLiteral("--data"), tmp.path(), QStringLiteral("--tls-cert"),
                                      QStringLiteral(PARLEY_TEST_CERTS "/localhost.crt"), QStringLiteral("--tls-key"),
                                      QStringLiteral(PARLEY_TEST_CERTS "/localhost.key")},
                                     QProcessEnvironment::systemEnvironment(), &ok);
    QVERIFY2(ok, qPrintable(out));
    QVERIFY2(out.contains(QLatin1String("listening on wss://127.0.0.1:")), qPrintable(out));
}

void tst_ServerMain::badTlsFilesFail_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString certs = QStringLiteral(PARLEY_TEST_CERTS "/");
    const QString certOpt = QStringLiteral("--tls-cert");
    const QString keyOpt = QStringLiteral("--tls-key");
    QTest::newRow("key of another certificate")
            << QStringList{certOpt, certs + QStringLiteral("localhost.crt"), keyOpt, certs + QStringLiteral("other.key")}
            << QStringLiteral("cannot serve TLS: the private key in %1other.key does not belong to the certificate in %1localhost.crt")
                       .arg(certs);
    QTest::newRow("missing certificate")
            << QStringList{certOpt, certs + QStringLiteral("nope.crt"), keyOpt, certs + QStringLiteral("localhost.key")}
            << QStringLiteral("cannot serve TLS: cannot read %1nope.crt").arg(certs);
    QTest::newRow("not a key")
            << QStringList{certOpt, certs + QStringLiteral("localhost.crt"), keyOpt, certs + QStringLiteral("localhost.crt")}
            << QStringLiteral("holds no usable private key");
    QTest::newRow("certificate without key") << QStringList{certOpt, certs + QStringLiteral("localhost.crt")}
                                             << QStringLiteral("--tls-cert and --tls-key go together");
}

void tst_ServerMain::badTlsFilesFail()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QTemporaryDir tmp;
    QString out;
    QString err;
    QCOMPARE(run(QStringList{QStringLiteral("--data"), tmp.path(), QStringLiteral("--port"), QStringLiteral("0")}
                         + arguments,
                 &out, &err),
             1);
    QVERIFY2(err.contains(message), qPrintable(err));
    QVERIFY2(!out.contains(QLatin1String("listening")), qPrintable(out));
}

PARLEY_TEST_GUILESS_MAIN(tst_ServerMain)
#include "tst_servermain.moc"
