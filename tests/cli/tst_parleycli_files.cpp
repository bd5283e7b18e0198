// parley-cli send-file / fetch-file / listen with files, the real process against an in-process
// parley-server that takes files: files go to the room as messages (exit 0 once each is
// delivered), listen prints a file message with its id, name, size and SHA-256, fetch-file writes
// the very bytes; a file that cannot be sent, a server without files and an unknown id exit 1, a
// malformed id 2.

#include "chatclient.h"
#include "cliprocess.h"
#include "parleyserver.h"
#include "signedinclient.h"
#include "serverwithfiles.h"
#include "testfiles.h"
#include "testmain.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonObject>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

namespace {


QByteArray pattern(qint64 size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qint64 i = 0; i < size; ++i)
        bytes[i] = char((i * 7919) % 251);
    return bytes;
}

QString sha256Of(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace

class tst_ParleyCliFiles : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void sendListenFetch();
    void whatCannotBeSentExitsOne();
    void serverWithoutFilesExitsOne();
    void fetchRefusalsAndUsage();

private:
    //! A parley-cli signed in as alice (registered by the first call) with its own settings.
    std::unique_ptr<CliProcess> cli();
    QStringList args(const QStringList &command) const
    {
        return QStringList{QStringLiteral("--server"), m_server->url().toString(), QStringLiteral("--dialect"),
                           QStringLiteral("parley"), QStringLiteral("--user"), QStringLiteral("alice"),
                           QStringLiteral("--timeout"), QStringLiteral("20")}
                + command;
    }
    void startServer(bool files);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ParleyServer> m_server;
};

void tst_ParleyCliFiles::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    startServer(true);
}

void tst_ParleyCliFiles::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

void tst_ParleyCliFiles::startServer(bool files)
{
    m_server = std::make_unique<ParleyServer>(ParleyTest::settingsWithFiles(*m_dir, files));
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
    auto registration = cli();
    QCOMPARE(registration->run(args({QStringLiteral("register")})), 0);
}

std::unique_ptr<CliProcess> tst_ParleyCliFiles::cli()
{
    const QString config = m_dir->filePath(QStringLiteral("cli"));
    auto process = std::make_unique<CliProcess>(config);
    QSettings conf(config + QStringLiteral("/Parley/Parley.conf"), QSettings::IniFormat);
    conf.setValue(QStringLiteral("credentials/forceFileFallback"), true);
    conf.sync();
    QProcessEnvironment env = process->process().processEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), config + QStringLiteral("/data"));
    env.insert(QStringLiteral("PARLEY_PASSWORD"), QStringLiteral("correct horse battery"));
    process->process().setProcessEnvironment(env);
    return process;
}

void tst_ParleyCliFiles::sendListenFetch()
{
    auto listener = cli();
    listener->start(args({QStringLiteral("listen")}));
    QVERIFY(listener->waitForStderr(QStringLiteral("joined #lobby")));
    const QByteArray one = pattern(700'000);
    const QByteArray two = QByteArrayLiteral("x");
    auto sender = cli();
    QCOMPARE(sender->run(args({QStringLiteral("send-file"), writeTestFile(*m_dir, QStringLiteral("one.bin"), one),
                               writeTestFile(*m_dir, QStringLiteral("two.txt"), two), QStringLiteral("--caption"),
                               QStringLiteral("both")})),
             0);
    QVERIFY2(sender->err().contains(QLatin1String("one.bin sent to #lobby")), qPrintable(sender->err()));
    QVERIFY2(sender->err().contains(QLatin1String("two.txt sent to #lobby")), qPrintable(sender->err()));
    const QJsonObject line = listener->waitForJson([](const QJsonObject &o) {
        return o.value(QLatin1String("file")).toObject().value(QLatin1String("name")).toString() == QLatin1String("one.bin");
    });
    const QJsonObject file = line.value(QLatin1String("file")).toObject();
    QCOMPARE(file.value(QLatin1String("size")).toInteger(), one.size());
    QCOMPARE(file.value(QLatin1String("sha256")).toString(), sha256Of(one));
    QCOMPARE(file.value(QLatin1String("id")).toString(), sha256Of(one));
    QCOMPARE(line.value(QLatin1String("text")).toString(), QStringLiteral("both"));

    auto fetcher = cli();
    const QString out = m_dir->filePath(QStringLiteral("fetched/one.bin"));
    QCOMPARE(fetcher->run(args({QStringLiteral("fetch-file"), file.value(QLatin1String("id")).toString(), out})), 0);
    QFile fetched(out);
    QVERIFY(fetched.open(QIODevice::ReadOnly));
    QCOMPARE(fetched.readAll(), one);
    QVERIFY2(fetcher->err().contains(QLatin1String("SHA-256 verified")), qPrintable(fetcher->err()));
}

void tst_ParleyCliFiles::whatCannotBeSentExitsOne()
{
    auto sender = cli();
    QCOMPARE(sender->run(args({QStringLiteral("send-file"), writeTestFile(*m_dir, QStringLiteral("ok.txt"), "fine"),
                               writeTestFile(*m_dir, QStringLiteral("empty.txt"), QByteArray()),
                               m_dir->filePath(QStringLiteral("missing.png"))})),
             1);
    QVERIFY2(sender->err().contains(QLatin1String("ok.txt sent")), qPrintable(sender->err()));
    QVERIFY2(sender->err().contains(QLatin1String("empty.txt was not sent: it is empty.")), qPrintable(sender->err()));
    QVERIFY2(sender->err().contains(QLatin1String("missing.png was not sent: it does not exist.")), qPrintable(sender->err()));
    QCOMPARE(sender->err().count(QLatin1String("empty.txt was not sent")), 1); // said once
}

void tst_ParleyCliFiles::serverWithoutFilesExitsOne()
{
    m_server.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    startServer(false);
    auto sender = cli();
    QCOMPARE(sender->run(args({QStringLiteral("send-file"), writeTestFile(*m_dir, QStringLiteral("a.txt"), "a")})), 1);
    QVERIFY2(sender->err().contains(QLatin1String("takes no files")), qPrintable(sender->err()));
}

void tst_ParleyCliFiles::fetchRefusalsAndUsage()
{
    auto fetcher = cli();
    const QString out = m_dir->filePath(QStringLiteral("never.bin"));
    QCOMPARE(fetcher->run(args({QStringLiteral("fetch-file"), QString(64, QLatin1Char('a')), out})), 1);
    QVERIFY2(fetcher->err().contains(QLatin1String("not on the server")), qPrintable(fetcher->err()));
    QVERIFY(!QFile::exists(out));
    auto usage = cli();
    QCOMPARE(usage->run(args({QStringLiteral("fetch-file"), QStringLiteral("xyz"), out})), 2);
    QCOMPARE(usage->run(args({QStringLiteral("send-file")})), 2);
}

PARLEY_TEST_GUILESS_MAIN(tst_ParleyCliFiles)
#include "tst_parleycli_files.moc"
