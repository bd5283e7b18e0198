// parley-cli's command line, parsed without running anything.
#include "clioptions.h"
#include "testmain.h"

#include <QScopeGuard>
#include <QTest>

class tst_CliOptions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void valid();
    void search_data();
    void search();
    void invalid_data();
    void invalid();
    void help();
};

static CliParseResult parse(QStringList args)
{
    args.prepend(QStringLiteral("parley-cli"));
    return CliOptions::parse(args);
}

void tst_CliOptions::valid()
{
    CliParseResult p = parse({QStringLiteral("--server"), QStringLiteral("ws://127.0.0.1:8787"), QStringLiteral("send"),
                                  QStringLiteral("hello"), QStringLiteral("world")});
    QVERIFY2(p.options, qPrintable(p.error));
    QCOMPARE(p.options->command, CliOptions::Command::Send);
    QCOMPARE(p.options->text, QStringLiteral("hello world"));
    QCOMPARE(p.options->dialect, QStringLiteral("auto"));
    QCOMPARE(p.options->room, QStringLiteral("lobby"));
    QCOMPARE(p.options->timeoutSeconds, CliOptions::kDefaultTimeoutSeconds);
    QVERIFY(!p.options->name.isEmpty());

    p = parse({QStringLiteral("-s"), QStringLiteral("ws://h:1/chat"), QStringLiteral("--dialect"), QStringLiteral("socketio"),
               QStringLiteral("--profile"), QStringLiteral("group"), QStringLiteral("--namespace"), QStringLiteral("admin"),
               QStringLiteral("--auth"), QStringLiteral("{\"token\":\"t\"}"), QStringLiteral("-r"), QStringLiteral("dev"),
               QStringLiteral("-n"), QStringLiteral("bot"), QStringLiteral("--max-attempts"), QStringLiteral("3"),
               QStringLiteral("-q"), QStringLiteral("listen")});
    QVERIFY2(p.options, qPrintable(p.error));
    QCOMPARE(p.options->command, CliOptions::Command::Listen);
    QCOMPARE(p.options->server, QUrl(QStringLiteral("ws://h:1/chat")));
    QCOMPARE(p.options->profileId, QStringLiteral("group"));
    QCOMPARE(p.options->nameSpace.value_or(QString()), QStringLiteral("/admin"));
    QCOMPARE(p.options->auth.value_or(QJsonObject()).value(QLatin1String("token")).toString(), QStringLiteral("t"));
    QCOMPARE(p.options->room, QStringLiteral("dev"));
    QCOMPARE(p.options->name, QStringLiteral("bot"));
    QCOMPARE(p.options->maxAttempts, 3);
    QVERIFY(p.options->quiet);

    p = parse({QStringLiteral("--server"), QStringLiteral("ws://h:1"), QStringLiteral("--profile-json"),
               QStringLiteral("{\"sendEvent\":\"say\",\"sendShape\":\"object\",\"sendTextField\":\"body\",\"receiveEvents\":[\"said\"]}"),
               QStringLiteral("pipe")});
    QVERIFY2(p.options, qPrintable(p.error));
    QCOMPARE(p.options->command, CliOptions::Command::Pipe);
    QVERIFY(p.options->customProfile);
    QCOMPARE(p.options->customProfile->id, QStringLiteral("custom"));
    QCOMPARE(p.options->customProfile->sendEvent, QStringLiteral("say"));
    QCOMPARE(p.options->customProfile->sendShape, ServerProfile::Shape::Object);
    QCOMPARE(p.options->customProfile->receiveEvents, QStringList{QStringLiteral("said")});

    // register: the name others see is --display-name, else --name, else the account's.
    qputenv("PARLEY_PASSWORD", "correct horse");
    auto unset = qScopeGuard([] { qunsetenv("PARLEY_PASSWORD"); });
    const QStringList reg{QStringLiteral("-s"), QStringLiteral("ws://h:1"), QStringLiteral("-u"), QStringLiteral("dana"),
                          QStringLiteral("register")};
    p = parse(reg);
    QVERIFY2(p.options, qPrintable(p.error));
    QCOMPARE(p.options->displayName, QStringLiteral("dana"));
    p = parse(QStringList{QStringLiteral("-n"), QStringLiteral("Dana S.")} + reg);
    QCOMPARE(p.options->displayName, QStringLiteral("Dana S."));
    p = parse(QStringList{QStringLiteral("--display-name"), QStringLiteral("D")} + reg);
    QCOMPARE(p.options->displayName, QStringLiteral("D"));
}

void tst_CliOptions::search_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("terms");
    QTest::addColumn<QString>("joined");    // the room the session joins
    QTest::addColumn<QString>("searched");  // the room searched; empty: every room one may read
    QTest::addColumn<int>("limit");
    QTest::newRow("words") << QStringList{QStringLiteral("search"), QStringLiteral("deploy"), QStringLiteral("friday")}
                           << QStringList{QStringLiteral("deploy"), QStringLiteral("friday")} << QStringLiteral("lobby")
                           << QString() << CliOptions::kDefaultSearchLimit;
    QTest::newRow("--room") << QStringList{QStringLiteral("-r"), QStringLiteral("dev"), QStringLiteral("search"), QStringLiteral("x")}
                            << QStringList{QStringLiteral("x")} << QStringLiteral("dev") << QStringLiteral("dev")
                            << CliOptions::kDefaultSearchLimit;
    QTest::newRow("in: wins") << QStringList{QStringLiteral("-r"), QStringLiteral("dev"), QStringLiteral("search"), QStringLiteral("x"),
                                             QStringLiteral("in:#ops")}
                              << QStringList{QStringLiteral("x")} << QStringLiteral("ops") << QStringLiteral("ops")
                              << CliOptions::kDefaultSearchLimit;
    QTest::newRow("--limit") << QStringList{QStringLiteral("search"), QStringLiteral("x"), QStringLiteral("--limit"), QStringLiteral("500")}
                             << QStringList{QStringLiteral("x")} << QStringLiteral("lobby") << QString() << 500;
    QTest::newRow("one quoted argument") << QStringList{QStringLiteral("search"), QStringLiteral("from:@alice 天气 ok")}
                                         << QStringList{QStringLiteral("天气"), QStringLiteral("ok")} << QStringLiteral("lobby")
                                         << QString() << CliOptions::kDefaultSearchLimit;
}

void tst_CliOptions::search()
{
    QFETCH(QStringList, args);
    QFETCH(QStringList, terms);
    QFETCH(QString, joined);
    QFETCH(QString, searched);
    QFETCH(int, limit);
    const CliParseResult p = parse(QStringList{QStringLiteral("--server"), QStringLiteral("ws://h:1")} + args);
    QVERIFY2(p.options, qPrintable(p.error));
    QCOMPARE(p.options->command, CliOptions::Command::Search);
    QCOMPARE(p.options->search.terms, terms);
    QCOMPARE(p.options->room, joined);
    QCOMPARE(p.options->search.room, searched);
    QCOMPARE(p.options->searchLimit, limit);
}

void tst_CliOptions::invalid_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");
    const QString s = QStringLiteral("--server");
    const QString u = QStringLiteral("ws://h:1");
    QTest::newRow("no command") << QStringList{s, u} << QStringLiteral("No command");
    QTest::newRow("unknown command") << QStringList{s, u, QStringLiteral("shout")} << QStringLiteral("shout");
    QTest::newRow("no server") << QStringList{QStringLiteral("listen")} << QStringLiteral("--server");
    QTest::newRow("send without text") << QStringList{s, u, QStringLiteral("send")} << QStringLiteral("text");
    QTest::newRow("listen with text") << QStringList{s, u, QStringLiteral("listen"), QStringLiteral("x")} << QStringLiteral("takes no text");
    QTest::newRow("bad dialect") << QStringList{s, u, QStringLiteral("--dialect"), QStringLiteral("mqtt"), QStringLiteral("listen")} << QStringLiteral("mqtt");
    QTest::newRow("bad profile name") << QStringList{s, u, QStringLiteral("--profile"), QStringLiteral("a/b"), QStringLiteral("listen")} << QStringLiteral("a/b");
    QTest::newRow("bad auth") << QStringList{s, u, QStringLiteral("--auth"), QStringLiteral("[1]"), QStringLiteral("listen")} << QStringLiteral("--auth");
    QTest::newRow("bad profile json") << QStringList{s, u, QStringLiteral("--profile-json"), QStringLiteral("{\"sendWithAck\":\"yes\"}"), QStringLiteral("listen")} << QStringLiteral("sendWithAck");
    QTest::newRow("bad timeout") << QStringList{s, u, QStringLiteral("--timeout"), QStringLiteral("0"), QStringLiteral("listen")} << QStringLiteral("--timeout");
    QTest::newRow("bad attempts") << QStringList{s, u, QStringLiteral("--max-attempts"), QStringLiteral("-1"), QStringLiteral("listen")} << QStringLiteral("--max-attempts");
    QTest::newRow("unknown option") << QStringList{s, u, QStringLiteral("--colour"), QStringLiteral("listen")} << QStringLiteral("colour");
    QTest::newRow("search without words") << QStringList{s, u, QStringLiteral("search")} << QStringLiteral("a word");
    QTest::newRow("search with filters only") << QStringList{s, u, QStringLiteral("search"), QStringLiteral("from:@bob")} << QStringLiteral("a word");
    QTest::newRow("search limit 0") << QStringList{s, u, QStringLiteral("--limit"), QStringLiteral("0"), QStringLiteral("search"), QStringLiteral("x")} << QStringLiteral("--limit");
    QTest::newRow("search limit too big") << QStringList{s, u, QStringLiteral("--limit"), QStringLiteral("10001"), QStringLiteral("search"), QStringLiteral("x")} << QStringLiteral("--limit");
}

void tst_CliOptions::invalid()
{
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    const CliParseResult p = parse(args);
    QVERIFY(!p.options);
    QVERIFY2(p.error.contains(mentions), qPrintable(p.error));
}

void tst_CliOptions::help()
{
    const CliParseResult p = parse({QStringLiteral("--help")});
    QVERIFY(!p.options);
    QVERIFY(p.error.isEmpty());
    for (const char *word : {"send TEXT", "listen", "pipe", "--server", "--dialect", "--profile", "--namespace", "--auth",
                             "--room", "--name", "--timeout", "--max-attempts", "Exit codes", "auto", "socketio", "raw",
                             "search QUERY", "--limit"})
        QVERIFY2(p.output.contains(QLatin1String(word)), word);
}

PARLEY_TEST_GUILESS_MAIN(tst_CliOptions)
#include "tst_clioptions.moc"
