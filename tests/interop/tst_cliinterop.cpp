// parley-cli against real Node servers: auto detection (Socket.IO and raw), profiles, listen's
// JSON lines, pipe, and a refused connect as a permanent error.
#include "cliprocess.h"
#include "nodepeer.h"
#include "testmain.h"

#include <QJsonArray>
#include <QTest>

class tst_CliInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void sendToSocketIoChatDetectsAndRemembers();
    void sendWithGroupProfile();
    void listenToNodejsWebsocket();
    void pipeToWs();
    void refusedConnectIsPermanent();
};

void tst_CliInterop::initTestCase()
{
    PARLEY_REQUIRE_NODE_PEERS();
}

void tst_CliInterop::sendToSocketIoChatDetectsAndRemembers()
{
    NodePeer peer;
    QVERIFY2(peer.start(QStringLiteral("socketio-chat.js")), qPrintable(peer.errorString()));
    CliProcess first;
    QCOMPARE(first.run({QStringLiteral("--server"), peer.url().toString(), QStringLiteral("send"),
                        QStringLiteral("hello"), QStringLiteral("from"), QStringLiteral("cli 👋")}),
             0);
    QCOMPARE(peer.waitForEvent(QStringLiteral("chat message")).value(QLatin1String("msg")).toString(),
             QStringLiteral("hello from cli 👋"));
    QVERIFY2(first.err().contains(QLatin1String("speaks socketio")), qPrintable(first.err()));
    QVERIFY(first.err().contains(QLatin1String("Sent rather than Delivered")));

    // The second run uses what worked: no probe.
    CliProcess second(first.configDir());
    QCOMPARE(second.run({QStringLiteral("--server"), peer.url().toString(), QStringLiteral("send"), QStringLiteral("again")}), 0);
    QVERIFY2(second.err().contains(QLatin1String("remembered")), qPrintable(second.err()));
    QTRY_COMPARE(peer.events(QStringLiteral("chat message")).size(), 2);
}

void tst_CliInterop::sendWithGroupProfile()
{
    NodePeer peer;
    QVERIFY2(peer.start(QStringLiteral("socketio-group.js")), qPrintable(peer.errorString()));
    CliProcess cli;
    QCOMPARE(cli.run({QStringLiteral("--server"), peer.url().toString(), QStringLiteral("--dialect"), QStringLiteral("socketio"),
                      QStringLiteral("--profile"), QStringLiteral("group"), QStringLiteral("--name"), QStringLiteral("bot"),
                      QStringLiteral("send"), QStringLiteral("beep")}),
             0);
    QCOMPARE(peer.waitForEvent(QStringLiteral("message")).value(QLatin1String("data")).toObject(),
             (QJsonObject{{QStringLiteral("name"), QStringLiteral("bot")}, {QStringLiteral("msg"), QStringLiteral("beep")}}));
}

void tst_CliInterop::listenToNodejsWebsocket()
{
    NodePeer peer;
    QVERIFY2(peer.start(QStringLiteral("nodejs-websocket.js")), qPrintable(peer.errorString()));
    CliProcess cli;
    cli.start({QStringLiteral("--server"), peer.url().toString(), QStringLiteral("listen")});
    const QJsonObject greeting = cli.waitForJson([](const QJsonObject &o) {
        // client1 was the dialect probe, which nodejs-websocket greeted too.
        return o.value(QLatin1String("text")).toString().startsWith(QLatin1String("Welcome, client"));
    });
    QVERIFY2(!greeting.isEmpty(), qPrintable(cli.err()));
    QVERIFY(greeting.value(QLatin1String("raw")).toString().contains(QLatin1String("\"serverText\"")));
    QVERIFY(greeting.contains(QLatin1String("time")));
    QVERIFY(cli.err().contains(QLatin1String("speaks raw")));
    cli.process().terminate();
    QVERIFY(cli.waitForFinished());
}

void tst_CliInterop::pipeToWs()
{
    NodePeer peer;
    QVERIFY2(peer.start(QStringLiteral("ws-hello.js")), qPrintable(peer.errorString()));
    CliProcess cli;
    QCOMPARE(cli.run({QStringLiteral("--server"), peer.url().toString(), QStringLiteral("--dialect"), QStringLiteral("raw"),
                      QStringLiteral("pipe")},
                     QByteArray("one\ntwo 🎈\n\nthree\n"), true),
             0);
    QTRY_COMPARE(peer.events(QStringLiteral("message")).size(), 3);
    QStringList got;
    for (const QJsonObject &o : peer.events(QStringLiteral("message")))
        got << o.value(QLatin1String("data")).toString();
    QCOMPARE(got, (QStringList{QStringLiteral("one"), QStringLiteral("two 🎈"), QStringLiteral("three")}));
}

void tst_CliInterop::refusedConnectIsPermanent()
{
    NodePeer peer;
    QVERIFY2(peer.start(QStringLiteral("socketio-features.js")), qPrintable(peer.errorString()));
    CliProcess cli;
    QCOMPARE(cli.run({QStringLiteral("--server"), peer.url().toString(), QStringLiteral("--dialect"), QStringLiteral("socketio"),
                      QStringLiteral("--namespace"), QStringLiteral("/admin"), QStringLiteral("--auth"),
                      QStringLiteral("{\"token\":\"wrong\"}"), QStringLiteral("listen")}),
             3);
    QVERIFY2(cli.err().contains(QLatin1String("not authorized")), qPrintable(cli.err()));
    QCOMPARE(peer.events(QStringLiteral("refused")).size(), 1);
}

PARLEY_TEST_GUILESS_MAIN(tst_CliInterop)
#include "tst_cliinterop.moc"
