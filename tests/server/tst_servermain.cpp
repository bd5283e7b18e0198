// The parley-server executable's command line (server/main.cpp), run as a child process: where the
// history database goes (--data), and that a data directory it cannot use is a clear error, exit 1.

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
    //! Runs parley-server with \a arguments to completion; its exit code (-1 if it did not end).
    static int run(const QStringList &arguments, QString *out, QString *err,
                   const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
    {
        QProcess process;
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(PARLEY_SERVER_BIN), arguments);
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

QTEST_GUILESS_MAIN(tst_ServerMain)
#include "tst_servermain.moc"
