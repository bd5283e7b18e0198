// parley-cli with accounts, as a user runs it, against a scripted parley-server on 127.0.0.1:
// `login` keeps the token (here in the 0600 file: no keychain on a test machine), later commands
// sign in with it and never send the password again, a refused token is forgotten, and the
// password never comes from the command line.
#include "cliprocess.h"
#include "scriptedsocketioserver.h"
#include "testmain.h"

#include <QDir>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

namespace {
const QString kUser = QStringLiteral("dana");

QString welcome(bool withToken)
{
    return withToken ? QStringLiteral(R"(40{"sid":"s","user":{"id":7,"username":"dana","displayName":"Dana"},"token":"tok-dana-7"})")
                     : QStringLiteral(R"(40{"sid":"s","user":{"id":7,"username":"dana","displayName":"Dana"}})");
}
} // namespace

class tst_CliSignIn : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void loginKeepsTokenAndSendUsesIt();
    void refusedTokenIsForgotten();
    void passwordFromFileNotArgv();
    void loginNeedsUserAndPassword();

private:
    //! A parley-cli run with its own settings (file fallback forced) and environment.
    CliProcess *cli(const QString &password = QString());
    ScriptedSocketIoServer *m_server = nullptr;
    std::unique_ptr<CliProcess> m_cli;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_configDir;
};

void tst_CliSignIn::init()
{
    m_server = new ScriptedSocketIoServer(this);
    QVERIFY(m_server->listen());
    m_server->setConnectHandler([](QWebSocket *, const QJsonObject &auth) {
        if (auth.contains(QLatin1String("password")))
            return auth.value(QLatin1String("password")).toString() == QLatin1String("s3cret")
                ? welcome(true)
                : QStringLiteral(R"(44{"message":"Wrong user name or password.","reason":"invalid credentials"})");
        if (auth.value(QLatin1String("token")).toString() == QLatin1String("tok-dana-7"))
            return welcome(false);
        return QStringLiteral(R"(44{"message":"Your session has expired.","reason":"token expired"})");
    });
    m_server->setEventHandler([](QWebSocket *s, const QString &event, const QJsonArray &args, qint64 ackId) {
        if (event == QLatin1String("join"))
            ScriptedSocketIoServer::ackJoin(s, ackId, args);
        else if (event == QLatin1String("chat message"))
            ScriptedSocketIoServer::ack(s, ackId, {QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("seq"), 1},
                                                               {QStringLiteral("time"), 1700000000000.0}}});
        else if (event == QLatin1String("history"))
            ScriptedSocketIoServer::ack(s, ackId, {QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("messages"), QJsonArray{}},
                                                               {QStringLiteral("hasMore"), false}}});
    });
    m_cli.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    m_configDir = m_dir->path();
}

CliProcess *tst_CliSignIn::cli(const QString &password)
{
    m_cli = std::make_unique<CliProcess>(m_configDir);
    QSettings conf(m_configDir + QStringLiteral("/Parley/Parley.conf"), QSettings::IniFormat);
    conf.setValue(QStringLiteral("credentials/forceFileFallback"), true);
    conf.sync();
    QProcessEnvironment env = m_cli->process().processEnvironment();
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_configDir + QStringLiteral("/data"));
    if (password.isNull())
        env.remove(QStringLiteral("PARLEY_PASSWORD"));
    else
        env.insert(QStringLiteral("PARLEY_PASSWORD"), password);
    m_cli->process().setProcessEnvironment(env);
    return m_cli.get();
}

void tst_CliSignIn::loginKeepsTokenAndSendUsesIt()
{
    const QString server = m_server->url().toString();
    QCOMPARE(cli(QStringLiteral("s3cret"))->run({QStringLiteral("--server"), server, QStringLiteral("--dialect"),
                                                 QStringLiteral("parley"), QStringLiteral("--user"), kUser, QStringLiteral("login")}),
             0);
    QVERIFY2(m_cli->err().contains(QLatin1String("signed in as Dana (@dana)")), qPrintable(m_cli->err()));
    QVERIFY(!m_cli->err().contains(QLatin1String("s3cret")));
    QCOMPARE(m_server->connectAuths().size(), 1);
    QCOMPARE(m_server->connectAuths().at(0).value(QLatin1String("username")).toString(), kUser);
    // The token is in a file only its owner can read, and nowhere in the settings.
    const QDir tokens(m_configDir + QStringLiteral("/data/Parley/parley-cli/tokens"));
    const QStringList files = tokens.entryList(QDir::Files);
    QCOMPARE(files.size(), 1);
    const QFile::Permissions perms = QFile::permissions(tokens.filePath(files.constFirst()));
    QVERIFY(perms.testFlag(QFile::ReadOwner));
    QCOMPARE(perms & (QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther
                      | QFile::WriteOther | QFile::ExeOther),
             QFile::Permissions());
    QFile conf(m_configDir + QStringLiteral("/Parley/Parley.conf"));
    QVERIFY(conf.open(QIODevice::ReadOnly));
    QVERIFY(!conf.readAll().contains("tok-dana-7"));

    // No password this time: the kept token signs in.
    QCOMPARE(cli()->run({QStringLiteral("--server"), server, QStringLiteral("--dialect"), QStringLiteral("parley"),
                         QStringLiteral("--user"), kUser, QStringLiteral("send"), QStringLiteral("hello")}),
             0);
    QCOMPARE(m_server->connectAuths().size(), 2);
    QCOMPARE(m_server->connectAuths().at(1).value(QLatin1String("token")).toString(), QStringLiteral("tok-dana-7"));
    QVERIFY(!m_server->connectAuths().at(1).contains(QLatin1String("password")));
}

void tst_CliSignIn::refusedTokenIsForgotten()
{
    const QString server = m_server->url().toString();
    QCOMPARE(cli(QStringLiteral("s3cret"))->run({QStringLiteral("--server"), server, QStringLiteral("--dialect"),
                                                 QStringLiteral("parley"), QStringLiteral("--user"), kUser, QStringLiteral("login")}),
             0);
    // The server forgets the token (expired, revoked): the next run is refused and the kept
    // token goes, so the one after says to log in instead of trying it again.
    m_server->setConnectHandler([](QWebSocket *, const QJsonObject &) {
        return QStringLiteral(R"(44{"message":"Your session has expired.","reason":"token expired"})");
    });
    const QStringList listen{QStringLiteral("--server"), server, QStringLiteral("--dialect"), QStringLiteral("parley"),
                             QStringLiteral("--user"), kUser, QStringLiteral("listen")};
    QCOMPARE(cli()->run(listen), 3);
    QVERIFY2(m_cli->err().contains(QLatin1String("Your session has expired.")), qPrintable(m_cli->err()));
    QVERIFY2(m_cli->err().contains(QLatin1String("parley-cli login")), qPrintable(m_cli->err()));
    const int connects = int(m_server->connectAuths().size());
    QCOMPARE(cli()->run(listen), 3);
    QVERIFY2(m_cli->err().contains(QLatin1String("no saved sign-in for dana")), qPrintable(m_cli->err()));
    QCOMPARE(int(m_server->connectAuths().size()), connects); // it did not even try
}

void tst_CliSignIn::passwordFromFileNotArgv()
{
    CliProcess *p = cli();
    const QString file = m_configDir + QStringLiteral("/pw");
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("s3cret\nsecond line is ignored\n");
    f.close();
    QCOMPARE(p->run({QStringLiteral("--server"), m_server->url().toString(), QStringLiteral("--dialect"),
                     QStringLiteral("parley"), QStringLiteral("--user"), kUser, QStringLiteral("--password-file"), file,
                     QStringLiteral("login")}),
             0);
    QCOMPARE(m_server->connectAuths().constLast().value(QLatin1String("password")).toString(), QStringLiteral("s3cret"));
}

void tst_CliSignIn::loginNeedsUserAndPassword()
{
    QCOMPARE(cli()->run({QStringLiteral("--server"), m_server->url().toString(), QStringLiteral("--user"), kUser,
                         QStringLiteral("login")}),
             2);
    QVERIFY2(m_cli->err().contains(QLatin1String("PARLEY_PASSWORD")), qPrintable(m_cli->err()));
    QCOMPARE(cli(QStringLiteral("x"))->run({QStringLiteral("--server"), m_server->url().toString(), QStringLiteral("login")}), 2);
    QVERIFY2(m_cli->err().contains(QLatin1String("--user")), qPrintable(m_cli->err()));
    QVERIFY(m_server->connectAuths().isEmpty());
}

PARLEY_TEST_GUILESS_MAIN(tst_CliSignIn)
#include "tst_clisignin.moc"
