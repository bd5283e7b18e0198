// Parley's command line: the parsing helpers directly, and the real `parley` binary for what a
// user sees (help, version, clear errors with exit code 1).
#include "commandline.h"
#include "testmain.h"

#include <QProcess>
#include <QTest>

class tst_CommandLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void localUsername_data();
    void localUsername();
    void parseListen_data();
    void parseListen();
    void peekValue();
    void addressForOthers();
    void dialectAndProfile_data();
    void dialectAndProfile();
    void room_data();
    void room();
    void inviteLink_data();
    void inviteLink();
    void help();
    void version();
    void nameIsHiddenFromQt_data();
    void nameIsHiddenFromQt();
    void badArguments_data();
    void badArguments();

private:
    //! Starts the parley binary offscreen, or (\a display false) with no display at all, as on
    //! a server or in a build chroot where --help and --version must still work.
    static QProcess *runParley(const QStringList &args, bool display = true);
};

void tst_CommandLine::localUsername_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("username");
    QTest::newRow("plain") << QStringLiteral("alice") << QStringLiteral("alice");
    QTest::newRow("capitals and a space") << QStringLiteral("Alice Smith") << QStringLiteral("alice.smith");
    QTest::newRow("punctuation dropped") << QStringLiteral("  o'brien! ") << QStringLiteral("obrien");
    QTest::newRow("fullwidth") << QStringLiteral("ａｌｉｃｅ") << QStringLiteral("alice");
    QTest::newRow("chinese") << QStringLiteral("小明") << QStringLiteral("小明");
    QTest::newRow("nothing usable") << QStringLiteral("!!") << QStringLiteral("me");
    QTest::newRow("too long") << QString(40, QLatin1Char('a')) << QString(32, QLatin1Char('a'));
}

void tst_CommandLine::localUsername()
{
    QFETCH(QString, name);
    QFETCH(QString, username);
    QCOMPARE(CommandLine::localUsername(name), username);
}

void tst_CommandLine::parseListen_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::newRow("host:port") << QStringLiteral("127.0.0.1:9000") << true << QStringLiteral("127.0.0.1") << 9000;
    QTest::newRow("any") << QStringLiteral("0.0.0.0:8787") << true << QStringLiteral("0.0.0.0") << 8787;
    QTest::newRow("star") << QStringLiteral("*:8787") << true << QStringLiteral("0.0.0.0") << 8787;
    QTest::newRow("port only") << QStringLiteral("8788") << true << QStringLiteral("127.0.0.1") << 8788;
    QTest::newRow(":port") << QStringLiteral(":0") << true << QStringLiteral("127.0.0.1") << 0;
    QTest::newRow("ipv6") << QStringLiteral("[::1]:8787") << true << QStringLiteral("::1") << 8787;
    QTest::newRow("localhost") << QStringLiteral("localhost:1") << true << QStringLiteral("127.0.0.1") << 1;
    QTest::newRow("port too big") << QStringLiteral("127.0.0.1:70000") << false << QString() << 0;
    QTest::newRow("not a port") << QStringLiteral("127.0.0.1:http") << false << QString() << 0;
    QTest::newRow("bad host") << QStringLiteral("no.such.host:1") << false << QString() << 0;
    QTest::newRow("empty") << QString() << false << QString() << 0;
}

void tst_CommandLine::parseListen()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QString, host);
    QFETCH(int, port);
    QHostAddress parsedHost;
    quint16 parsedPort = 0;
    QCOMPARE(CommandLine::parseListen(text, &parsedHost, &parsedPort), ok);
    if (ok) {
        QCOMPARE(parsedHost.toString(), host);
        QCOMPARE(int(parsedPort), port);
    }
}

void tst_CommandLine::peekValue()
{
    const QStringList args{QStringLiteral("parley"), QStringLiteral("--lang"), QStringLiteral("zh_CN"),
                           QStringLiteral("--name=bob"), QStringLiteral("--room")};
    QCOMPARE(CommandLine::peekValue(args, QStringLiteral("lang")), QStringLiteral("zh_CN"));
    QCOMPARE(CommandLine::peekValue(args, QStringLiteral("name")), QStringLiteral("bob"));
    QCOMPARE(CommandLine::peekValue(args, QStringLiteral("room")), QString()); // no value follows
    QCOMPARE(CommandLine::peekValue(args, QStringLiteral("server")), QString());
}

void tst_CommandLine::addressForOthers()
{
    const QUrl loop = CommandLine::addressForOthers(QHostAddress(QHostAddress::LocalHost), 8787);
    QCOMPARE(loop.toString(), QStringLiteral("ws://127.0.0.1:8787"));
    const QUrl specific = CommandLine::addressForOthers(QHostAddress(QStringLiteral("192.0.2.5")), 1);
    QCOMPARE(specific.toString(), QStringLiteral("ws://192.0.2.5:1"));
    const QUrl any = CommandLine::addressForOthers(QHostAddress(QHostAddress::Any), 8787);
    QCOMPARE(any.port(), 8787);
    QVERIFY(!QHostAddress(any.host()).isNull()); // a real address of this machine, or loopback
}

void tst_CommandLine::dialectAndProfile_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("dialect");
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("error"); // a part of the message, empty when accepted
    const QString server = QStringLiteral("--server");
    const QString url = QStringLiteral("ws://127.0.0.1:3000");
    const QString d = QStringLiteral("--dialect");
    const QString p = QStringLiteral("--profile");
    QTest::newRow("defaults") << QStringList{server, url} << QStringLiteral("auto") << QString() << QString();
    QTest::newRow("socketio + group") << QStringList{server, url, d, QStringLiteral("socketio"), p, QStringLiteral("group")}
                                      << QStringLiteral("socketio") << QStringLiteral("group") << QString();
    QTest::newRow("auto + own profile") << QStringList{server, url, p, QStringLiteral("my_server-2")}
                                        << QStringLiteral("auto") << QStringLiteral("my_server-2") << QString();
    QTest::newRow("raw") << QStringList{server, url, QStringLiteral("--dialect=RAW")} << QStringLiteral("raw") << QString() << QString();
    QTest::newRow("parley") << QStringList{server, url, d, QStringLiteral("parley")} << QStringLiteral("parley") << QString() << QString();
    QTest::newRow("hosting, parley") << QStringList{d, QStringLiteral("parley")} << QStringLiteral("parley") << QString() << QString();
    QTest::newRow("unknown dialect") << QStringList{server, url, d, QStringLiteral("xmpp")} << QString() << QString() << QStringLiteral("--dialect");
    QTest::newRow("bad profile id") << QStringList{server, url, p, QStringLiteral("a b")} << QString() << QString() << QStringLiteral("--profile");
    QTest::newRow("empty profile") << QStringList{server, url, p, QString()} << QString() << QString() << QStringLiteral("--profile");
    QTest::newRow("socketio while hosting") << QStringList{d, QStringLiteral("socketio")} << QString() << QString() << QStringLiteral("needs --server");
    QTest::newRow("profile while hosting") << QStringList{p, QStringLiteral("group")} << QString() << QString() << QStringLiteral("needs --server");
    QTest::newRow("profile with raw") << QStringList{server, url, d, QStringLiteral("raw"), p, QStringLiteral("group")}
                                      << QString() << QString() << QStringLiteral("does not go with");
    QTest::newRow("missing value") << QStringList{server, url, d} << QString() << QString() << QStringLiteral("dialect");
}

void tst_CommandLine::dialectAndProfile()
{
    QFETCH(QStringList, args);
    QFETCH(QString, dialect);
    QFETCH(QString, profile);
    QFETCH(QString, error);
    args.prepend(QStringLiteral("parley"));
    const CommandLineResult r = CommandLine::parse(args, args);
    if (!error.isEmpty()) {
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(error), qPrintable(r.error));
        return;
    }
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.options.dialect, dialect);
    QCOMPARE(r.options.profileId, profile);
}

void tst_CommandLine::inviteLink_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("server"); // empty: an error
    QTest::addColumn<QString>("invite");
    const QString link = QStringLiteral("parley://chat.example:8787/?invite=Zx9");
    QTest::newRow("as the argument") << QStringList{link} << QStringLiteral("ws://chat.example:8787") << QStringLiteral("Zx9");
    QTest::newRow("as --server") << QStringList{QStringLiteral("--server"), link} << QStringLiteral("ws://chat.example:8787") << QStringLiteral("Zx9");
    QTest::newRow("ws with invite") << QStringList{QStringLiteral("ws://h:1/?invite=abc")} << QStringLiteral("ws://h:1") << QStringLiteral("abc");
    QTest::newRow("plain server") << QStringList{QStringLiteral("--server"), QStringLiteral("ws://h:1")} << QStringLiteral("ws://h:1") << QString();
    QTest::newRow("both") << QStringList{QStringLiteral("--server"), QStringLiteral("ws://h:1"), link} << QString() << QString();
    QTest::newRow("with --listen") << QStringList{QStringLiteral("--listen"), QStringLiteral(":0"), link} << QString() << QString();
    QTest::newRow("not a link") << QStringList{QStringLiteral("parley://h:1/")} << QString() << QString();
}

void tst_CommandLine::inviteLink()
{
    QFETCH(QStringList, args);
    QFETCH(QString, server);
    QFETCH(QString, invite);
    args.prepend(QStringLiteral("parley"));
    const CommandLineResult r = CommandLine::parse(args, args);
    QCOMPARE(r.ok(), !server.isEmpty());
    if (!r.ok())
        return;
    QCOMPARE(r.options.server.toString(), server);
    QCOMPARE(r.options.invite, invite);
}

void tst_CommandLine::room_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("room");
    QTest::addColumn<bool>("given");
    QTest::newRow("default") << QStringList() << QStringLiteral("lobby") << false;
    QTest::newRow("given") << QStringList{QStringLiteral("--room"), QStringLiteral("dev")} << QStringLiteral("dev") << true;
    QTest::newRow("hash") << QStringList{QStringLiteral("--room=#dev")} << QStringLiteral("dev") << true;
    QTest::newRow("blank") << QStringList{QStringLiteral("--room"), QStringLiteral("  ")} << QStringLiteral("lobby") << false;
}

void tst_CommandLine::room()
{
    QFETCH(QStringList, args);
    QFETCH(QString, room);
    QFETCH(bool, given);
    args.prepend(QStringLiteral("parley"));
    const CommandLineResult r = CommandLine::parse(args, args);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.options.room, room);
    QCOMPARE(r.options.roomGiven, given);
}

QProcess *tst_CommandLine::runParley(const QStringList &args, bool display)
{
    auto *p = new QProcess;
    p->setProgram(QStringLiteral(PARLEY_BIN));
    p->setArguments(args);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (display) {
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    } else {
        for (const char *name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"})
            env.remove(QLatin1String(name));
    }
    env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    p->setProcessEnvironment(env);
    p->start();
    return p;
}

void tst_CommandLine::help()
{
    std::unique_ptr<QProcess> p(runParley({QStringLiteral("--help")}, false)); // no display needed
    QVERIFY(p->waitForFinished(20000));
    QCOMPARE(p->exitStatus(), QProcess::NormalExit);
    QCOMPARE(p->exitCode(), 0);
    const QString out = QString::fromUtf8(p->readAllStandardOutput());
    for (const char *opt : {"--server", "--listen", "--name", "--room", "--lang", "--dialect", "--profile", "--version"})
        QVERIFY2(out.contains(QLatin1String(opt)), opt);
    // ...in the language asked for, without a display too.
    std::unique_ptr<QProcess> zh(runParley({QStringLiteral("--lang"), QStringLiteral("zh_CN"), QStringLiteral("--help")}, false));
    QVERIFY(zh->waitForFinished(20000));
    QCOMPARE(zh->exitCode(), 0);
    const QString zhOut = QString::fromUtf8(zh->readAllStandardOutput());
    QVERIFY2(zhOut.contains(QStringLiteral("--server")) && zhOut != out, qPrintable(zhOut));
}

void tst_CommandLine::version()
{
    std::unique_ptr<QProcess> p(runParley({QStringLiteral("--version")}, false)); // no display needed
    QVERIFY(p->waitForFinished(20000));
    QCOMPARE(p->exitStatus(), QProcess::NormalExit);
    QCOMPARE(p->exitCode(), 0);
    QVERIFY(QString::fromUtf8(p->readAllStandardOutput()).contains(QStringLiteral(PARLEY_VERSION)));
}

void tst_CommandLine::nameIsHiddenFromQt_data()
{
    QTest::addColumn<QStringList>("given");
    QTest::addColumn<QStringList>("qtSees");
    QTest::newRow("separate value") << QStringLiteral("parley --name Zed --room dev").split(u' ')
                                    << QStringLiteral("parley --room dev").split(u' ');
    QTest::newRow("with =") << QStringLiteral("parley --name=Zed -platform offscreen").split(u' ')
                            << QStringLiteral("parley -platform offscreen").split(u' ');
    QTest::newRow("last, no value") << QStringLiteral("parley --room dev --name").split(u' ')
                                    << QStringLiteral("parley --room dev").split(u' ');
    QTest::newRow("after --") << QStringLiteral("parley -- --name x").split(u' ')
                              << QStringLiteral("parley -- --name x").split(u' ');
    QTest::newRow("none") << QStringLiteral("parley").split(u' ') << QStringLiteral("parley").split(u' ');
}

void tst_CommandLine::nameIsHiddenFromQt()
{
    QFETCH(QStringList, given);
    QFETCH(QStringList, qtSees);
    QList<QByteArray> bytes;
    for (const QString &a : given)
        bytes << a.toLocal8Bit();
    std::vector<char *> argv;
    for (QByteArray &b : bytes)
        argv.push_back(b.data());
    argv.push_back(nullptr);
    int argc = int(given.size());
    CommandLine::hideNameFromQt(&argc, argv.data());
    QCOMPARE(CommandLine::rawArguments(argc, argv.data()), qtSees);
    QCOMPARE(argv[argc], nullptr);
}

void tst_CommandLine::badArguments_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("http server") << QStringList{QStringLiteral("--server"), QStringLiteral("http://127.0.0.1:1")} << QStringLiteral("ws://");
    QTest::newRow("listen nonsense") << QStringList{QStringLiteral("--listen"), QStringLiteral("here")} << QStringLiteral("--listen");
    QTest::newRow("listen and server") << QStringList{QStringLiteral("--server"), QStringLiteral("ws://127.0.0.1:1"), QStringLiteral("--listen"), QStringLiteral(":0")} << QStringLiteral("do not go together");
    QTest::newRow("stray argument") << QStringList{QStringLiteral("hello")} << QStringLiteral("unexpected argument");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")} << QStringLiteral("frobnicate");
    QTest::newRow("unknown dialect") << QStringList{QStringLiteral("--server"), QStringLiteral("ws://127.0.0.1:1"), QStringLiteral("--dialect"), QStringLiteral("irc")} << QStringLiteral("--dialect");
    QTest::newRow("unknown profile") << QStringList{QStringLiteral("--server"), QStringLiteral("ws://127.0.0.1:1"), QStringLiteral("--profile"), QStringLiteral("no-such-profile")} << QStringLiteral("no-such-profile");
}

void tst_CommandLine::badArguments()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    std::unique_ptr<QProcess> p(runParley(args));
    QVERIFY(p->waitForFinished(20000));
    QCOMPARE(p->exitCode(), 1);
    const QString err = QString::fromUtf8(p->readAllStandardError());
    QVERIFY2(err.contains(message), qPrintable(err));
}

PARLEY_TEST_GUILESS_MAIN(tst_CommandLine)
#include "tst_commandline.moc"
