// parley-cli as a user runs it: a separate process, against an in-process parley-server, a
// scripted Socket.IO server that never acknowledges, a TLS server nobody trusts, and nothing at all.
#include "chatclient.h"
#include "cliprocess.h"
#include "faultproxy.h"
#include "parleyserver.h"
#include "receivedmessages.h"
#include "scriptedsocketioserver.h"
#include "testmain.h"

#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QSslKey>
#include <QTcpServer>
#include <QTest>
#include <QWebSocketServer>

using namespace std::chrono_literals;

class tst_ParleyCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void help();
    void usageErrorExitsTwo();
    void badUrlIsPermanent();
    void untrustedCertificateIsPermanent_data();
    void untrustedCertificateIsPermanent();
    void givesUpAfterMaxAttempts_data();
    void givesUpAfterMaxAttempts();
    void sendToParleyServer();
    void listenPrintsJsonLines();
    void listenPrintsWhatWasMissedWhileDown();
    void pipeSendsEachLine();
    void sendTimesOutWithoutAck();
    void listenReconnectsAfterServerRestart();
    void conversationCommandsAndChangesInListen();

private:
    //! alice, in #lobby on the in-process server.
    ChatClient *alice();

    ParleyServer *m_server = nullptr;
    ChatClient *m_alice = nullptr;
};

void tst_ParleyCli::init()
{
    m_server = new ParleyServer(ServerSettings{}, this);
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
}

void tst_ParleyCli::cleanup()
{
    delete m_alice;
    m_alice = nullptr;
    delete m_server;
    m_server = nullptr;
}

ChatClient *tst_ParleyCli::alice()
{
    if (m_alice)
        return m_alice;
    m_alice = new ChatClient;
    m_alice->setUserName(QStringLiteral("alice"));
    QSignalSpy joined(m_alice, &ChatClient::joined);
    m_alice->joinRoom(QStringLiteral("lobby"));
    m_alice->connectToServer(m_server->url());
    joined.wait(5000);
    return m_alice;
}

void tst_ParleyCli::help()
{
    CliProcess cli;
    QCOMPARE(cli.run({QStringLiteral("--help")}), 0);
    for (const char *word : {"send TEXT", "listen", "pipe", "--server", "--dialect", "--profile", "Exit codes"})
        QVERIFY2(cli.out().contains(QLatin1String(word)), word);
}

void tst_ParleyCli::usageErrorExitsTwo()
{
    CliProcess cli;
    QCOMPARE(cli.run({QStringLiteral("listen")}), 2);
    QVERIFY2(cli.err().contains(QLatin1String("--server")), qPrintable(cli.err()));
    QVERIFY(cli.err().contains(QLatin1String("--help")));
}

void tst_ParleyCli::badUrlIsPermanent()
{
    CliProcess cli;
    QCOMPARE(cli.run({QStringLiteral("--server"), QStringLiteral("http://127.0.0.1:1"), QStringLiteral("send"), QStringLiteral("hi")}), 3);
    QVERIFY2(cli.err().contains(QLatin1String("not a websocket address")), qPrintable(cli.err()));
}

void tst_ParleyCli::untrustedCertificateIsPermanent_data()
{
    QTest::addColumn<QString>("dialect");
    QTest::newRow("auto (the probe)") << QStringLiteral("auto");
    QTest::newRow("raw (the link)") << QStringLiteral("raw");
}

void tst_ParleyCli::untrustedCertificateIsPermanent()
{
    QFETCH(QString, dialect);
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    QFile certFile(QStringLiteral(PARLEY_TEST_CERTS "/localhost.crt"));
    QFile keyFile(QStringLiteral(PARLEY_TEST_CERTS "/localhost.key"));
    QVERIFY(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
    QWebSocketServer tls(QStringLiteral("tls"), QWebSocketServer::SecureMode);
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(QSslCertificate(&certFile, QSsl::Pem));
    config.setPrivateKey(QSslKey(&keyFile, QSsl::Rsa, QSsl::Pem));
    config.setPeerVerifyMode(QSslSocket::VerifyNone);
    tls.setSslConfiguration(config);
    QVERIFY(tls.listen(QHostAddress::LocalHost, 0));
    CliProcess cli;
    QCOMPARE(cli.run({QStringLiteral("--server"), QStringLiteral("wss://127.0.0.1:%1").arg(tls.serverPort()),
                      QStringLiteral("--dialect"), dialect, QStringLiteral("listen")}),
             3);
    QVERIFY2(cli.err().contains(QLatin1String("certificate")), qPrintable(cli.err()));
}

void tst_ParleyCli::givesUpAfterMaxAttempts_data()
{
    QTest::addColumn<QString>("dialect");
    QTest::newRow("auto (the probe)") << QStringLiteral("auto");
    QTest::newRow("parley (the link)") << QStringLiteral("parley");
}

void tst_ParleyCli::givesUpAfterMaxAttempts()
{
    QFETCH(QString, dialect);
    quint16 port = 0;
    {
        QTcpServer probe; // a port that was just free: connections to it are refused
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    CliProcess cli;
    QCOMPARE(cli.run({QStringLiteral("--server"), QStringLiteral("ws://127.0.0.1:%1").arg(port), QStringLiteral("--dialect"),
                      dialect, QStringLiteral("--max-attempts"), QStringLiteral("1"), QStringLiteral("listen")}),
             3);
    QVERIFY2(cli.err().contains(QLatin1String("ave up after")), qPrintable(cli.err()));
}

void tst_ParleyCli::sendToParleyServer()
{
    ChatClient *a = alice();
    QVERIFY(a->isReady());
    ReceivedMessages received(a);
    CliProcess cli;
    QCOMPARE(cli.run({QStringLiteral("--server"), m_server->url().toString(), QStringLiteral("--name"), QStringLiteral("bot"),
                      QStringLiteral("send"), QStringLiteral("hi alice 🤖")}),
             0);
    QVERIFY2(cli.err().contains(QLatin1String("speaks parley")), qPrintable(cli.err()));
    QTRY_COMPARE(received.size(), 1);
    const ChatMessage m = received.at(0);
    QCOMPARE(m.text, QStringLiteral("hi alice 🤖"));
    QCOMPARE(m.sender, QStringLiteral("bot"));
    QCOMPARE(m.room, QStringLiteral("lobby"));
}

void tst_ParleyCli::listenPrintsJsonLines()
{
    ChatClient *a = alice();
    CliProcess cli;
    cli.start({QStringLiteral("--server"), m_server->url().toString(), QStringLiteral("--dialect"), QStringLiteral("parley"),
               QStringLiteral("listen")});
    QVERIFY2(cli.waitForStderr(QStringLiteral("joined #lobby")), qPrintable(cli.err()));
    const QString id = a->sendMessage(QStringLiteral("lobby"), QStringLiteral("hello cli\nsecond line"));
    const QJsonObject line = cli.waitForJson([](const QJsonObject &o) {
        return o.value(QLatin1String("sender")).toString() == QLatin1String("alice");
    });
    QCOMPARE(line.value(QLatin1String("text")).toString(), QStringLiteral("hello cli\nsecond line"));
    QCOMPARE(line.value(QLatin1String("room")).toString(), QStringLiteral("lobby"));
    QCOMPARE(line.value(QLatin1String("clientId")).toString(), id);
    QVERIFY(line.value(QLatin1String("seq")).toInt() > 0);
    QVERIFY(QDateTime::fromString(line.value(QLatin1String("time")).toString(), Qt::ISODateWithMs).isValid());
    QCOMPARE(cli.out().count(QLatin1Char('\n')), 1); // one line per message, the newline escaped
    cli.process().terminate();
    QVERIFY(cli.waitForFinished());
}

void tst_ParleyCli::listenPrintsWhatWasMissedWhileDown()
{
    // `listen` behind a flaky link: what is posted while its link is down arrives through the
    // catch-up after the reconnect, and must be printed like live messages, once each, in order.
    ChatClient *a = alice();
    FaultProxy proxy;
    QVERIFY(proxy.listen());
    proxy.setUpstream(QHostAddress::LocalHost, m_server->port());
    CliProcess cli;
    {
        QSettings conf(cli.configDir() + QStringLiteral("/Parley/Parley.conf"), QSettings::IniFormat);
        conf.setValue(QStringLiteral("connection/backoffBaseMs"), 50);
        conf.setValue(QStringLiteral("connection/backoffCapMs"), 200);
    }
    cli.start({QStringLiteral("--server"), QStringLiteral("ws://127.0.0.1:%1").arg(proxy.port()),
               QStringLiteral("--dialect"), QStringLiteral("parley"), QStringLiteral("listen")});
    QVERIFY2(cli.waitForStderr(QStringLiteral("joined #lobby")), qPrintable(cli.err()));
    a->sendMessage(QStringLiteral("lobby"), QStringLiteral("live 0"));
    QVERIFY(!cli.waitForJson([](const QJsonObject &o) { return o.value(QLatin1String("text")) == QLatin1String("live 0"); }).isEmpty());

    // The link goes down and stays down while alice posts.
    proxy.setMode(FaultProxy::Mode::Refuse);
    proxy.cutAll();
    QVERIFY2(cli.waitForStderr(QStringLiteral("reconnecting in")), qPrintable(cli.err()));
    constexpr int kMissed = 30;
    for (int i = 1; i <= kMissed; ++i)
        a->sendMessage(QStringLiteral("lobby"), QStringLiteral("missed %1").arg(i));
    QTRY_VERIFY(a->outbox().isEmpty()); // all stored on the server while the cli was away
    proxy.setMode(FaultProxy::Mode::PassThrough);
    QVERIFY2(cli.waitForStderr(QStringLiteral("joined #lobby"), 2, 15000), qPrintable(cli.err()));
    a->sendMessage(QStringLiteral("lobby"), QStringLiteral("live again"));
    QVERIFY(!cli.waitForJson([](const QJsonObject &o) { return o.value(QLatin1String("text")) == QLatin1String("live again"); }).isEmpty());

    // Every seq exactly once, in order.
    QList<qint64> seqs;
    QStringList texts;
    for (const QJsonObject &o : cli.jsonLines()) {
        seqs << qint64(o.value(QLatin1String("seq")).toDouble());
        texts << o.value(QLatin1String("text")).toString();
    }
    QCOMPARE(seqs.size(), kMissed + 2);
    for (int i = 1; i < seqs.size(); ++i)
        QCOMPARE(seqs.at(i), seqs.at(i - 1) + 1);
    QCOMPARE(texts.constFirst(), QStringLiteral("live 0"));
    QCOMPARE(texts.at(1), QStringLiteral("missed 1"));
    QCOMPARE(texts.at(kMissed), QStringLiteral("missed %1").arg(kMissed));
    QCOMPARE(texts.constLast(), QStringLiteral("live again"));
    cli.process().terminate();
    QVERIFY(cli.waitForFinished());
}

void tst_ParleyCli::pipeSendsEachLine()
{
    ChatClient *a = alice();
    ReceivedMessages received(a);
    CliProcess cli;
    QCOMPARE(cli.run({QStringLiteral("--server"), m_server->url().toString(), QStringLiteral("--name"), QStringLiteral("bot"),
                      QStringLiteral("pipe")},
                     QByteArray("one\r\ntwo\n\nthree"), true),
             0);
    QTRY_COMPARE(received.size(), 3);
    QStringList texts;
    texts << received.texts();
    QCOMPARE(texts, (QStringList{QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three")}));
}

void tst_ParleyCli::sendTimesOutWithoutAck()
{
    ScriptedSocketIoServer never;
    never.setEventHandler([](QWebSocket *s, const QString &event, const QJsonArray &args, qint64 ackId) {
        if (event == QLatin1String("join"))
            ScriptedSocketIoServer::ackJoin(s, ackId, args);
        // "chat message" is never acknowledged
    });
    QVERIFY(never.listen());
    CliProcess cli;
    QCOMPARE(cli.run({QStringLiteral("--server"), never.url().toString(), QStringLiteral("--dialect"), QStringLiteral("parley"),
                      QStringLiteral("--timeout"), QStringLiteral("2"), QStringLiteral("send"), QStringLiteral("hello?")}),
             1);
    QVERIFY2(cli.err().contains(QLatin1String("not delivered within 2 s")), qPrintable(cli.err()));
    QVERIFY(never.eventCount(QStringLiteral("chat message")) >= 1);
}

void tst_ParleyCli::listenReconnectsAfterServerRestart()
{
    ChatClient *a = alice();
    CliProcess cli;
    {
        // The CLI reads the app's connection settings: retry fast for this test.
        QSettings settings(cli.configDir() + QLatin1String("/Parley/Parley.conf"), QSettings::IniFormat);
        settings.setValue(QStringLiteral("connection/backoffBaseMs"), 50);
        settings.setValue(QStringLiteral("connection/backoffCapMs"), 300);
    }
    cli.start({QStringLiteral("--server"), m_server->url().toString(), QStringLiteral("--dialect"), QStringLiteral("parley"),
               QStringLiteral("listen")});
    QVERIFY2(cli.waitForStderr(QStringLiteral("joined #lobby")), qPrintable(cli.err()));

    const quint16 port = m_server->port();
    m_server->close();
    QVERIFY2(cli.waitForStderr(QStringLiteral("reconnecting in")), qPrintable(cli.err()));
    QVERIFY(m_server->listen(QHostAddress::LocalHost, port));
    QVERIFY2(cli.waitForStderr(QStringLiteral("joined #lobby"), 2), qPrintable(cli.err())); // rejoined
    QTRY_VERIFY_WITH_TIMEOUT(a->isReady(), 10000);
    a->sendMessage(QStringLiteral("lobby"), QStringLiteral("after the restart"));
    const QJsonObject line = cli.waitForJson([](const QJsonObject &o) {
        return o.value(QLatin1String("text")).toString() == QLatin1String("after the restart");
    });
    QVERIFY2(!line.isEmpty(), qPrintable(cli.err()));
    QCOMPARE(cli.process().state(), QProcess::Running);
    cli.process().terminate();
    QVERIFY(cli.waitForFinished());
}

// reply/edit/delete/react as commands (exit codes as send), and listen printing changes as JSON
// lines with their kind and target (and read receipts with theirs).
void tst_ParleyCli::conversationCommandsAndChangesInListen()
{
    ChatClient *a = alice();
    CliProcess listener;
    listener.start({QStringLiteral("--server"), m_server->url().toString(), QStringLiteral("--dialect"),
                    QStringLiteral("parley"), QStringLiteral("listen")});
    QVERIFY2(listener.waitForStderr(QStringLiteral("joined #lobby")), qPrintable(listener.err()));
    a->sendMessage(QStringLiteral("lobby"), QStringLiteral("hello"));
    const QJsonObject hello = listener.waitForJson([](const QJsonObject &o) {
        return o.value(QLatin1String("text")).toString() == QLatin1String("hello");
    });
    const qint64 seq = hello.value(QLatin1String("seq")).toInteger();
    QVERIFY(seq > 0);

    a->react(QStringLiteral("lobby"), seq, QStringLiteral("👍"), true);
    const QJsonObject react = listener.waitForJson([](const QJsonObject &o) {
        return o.value(QLatin1String("kind")).toString() == QLatin1String("react");
    });
    QCOMPARE(react.value(QLatin1String("target")).toInteger(), seq);
    QCOMPARE(react.value(QLatin1String("emoji")).toString(), QStringLiteral("👍"));
    QCOMPARE(react.value(QLatin1String("on")).toBool(), true);
    a->editMessage(QStringLiteral("lobby"), seq, QStringLiteral("hello, edited"));
    const QJsonObject edit = listener.waitForJson([](const QJsonObject &o) {
        return o.value(QLatin1String("kind")).toString() == QLatin1String("edit");
    });
    QCOMPARE(edit.value(QLatin1String("target")).toInteger(), seq);
    QCOMPARE(edit.value(QLatin1String("text")).toString(), QStringLiteral("hello, edited"));
    // alice's read receipt, as a line of its own.
    a->markRead(QStringLiteral("lobby"), seq);
    const QJsonObject read = listener.waitForJson([](const QJsonObject &o) {
        return o.value(QLatin1String("kind")).toString() == QLatin1String("read");
    });
    QCOMPARE(read, QJsonObject({{QLatin1String("kind"), QStringLiteral("read")},
                                {QLatin1String("room"), QStringLiteral("lobby")},
                                {QLatin1String("userId"), a->identity().userId},
                                {QLatin1String("seq"), seq}}));

    // A reply from the command line reaches alice as an answer to her message.
    ReceivedMessages heard(a);
    CliProcess carol;
    QCOMPARE(carol.run({QStringLiteral("--server"), m_server->url().toString(), QStringLiteral("--dialect"),
                        QStringLiteral("parley"), QStringLiteral("--name"), QStringLiteral("carol"),
                        QStringLiteral("reply"), QString::number(seq), QStringLiteral("hi"), QStringLiteral("back")}),
             0);
    QTRY_VERIFY_WITH_TIMEOUT(!heard.isEmpty(), 10000);
    QCOMPARE(heard.at(0).text, QStringLiteral("hi back"));
    QCOMPARE(heard.at(0).replyTo, seq);
    // Someone else's message cannot be edited: exit 1, with the server's reason.
    QCOMPARE(carol.run({QStringLiteral("--server"), m_server->url().toString(), QStringLiteral("--dialect"),
                        QStringLiteral("parley"), QStringLiteral("--name"), QStringLiteral("carol"),
                        QStringLiteral("edit"), QString::number(seq), QStringLiteral("mine now")}),
             1);
    QVERIFY2(carol.err().contains(QLatin1String("not allowed")), qPrintable(carol.err()));
    // A seq that is not a number is a usage error.
    QCOMPARE(carol.run({QStringLiteral("--server"), m_server->url().toString(), QStringLiteral("delete"),
                        QStringLiteral("seven")}),
             2);
    listener.process().terminate();
    QVERIFY(listener.waitForFinished());
}

PARLEY_TEST_GUILESS_MAIN(tst_ParleyCli)
#include "tst_parleycli.moc"
