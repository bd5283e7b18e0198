// parley-cli, the real process, against a scripted server whose every string is an attack on the
// terminal: ESC sequences (clear screen, set the title, colours), BEL, DEL, a C1 CSI and a bidi
// override, in a refusal reason, in a join refusal, in a sender's name and in a message's text.
// Nothing of it may reach stdout or stderr raw (TerminalText); what listen prints stays valid
// JSON with the data unchanged for a parser.
#include "cliprocess.h"
#include "scriptedsocketioserver.h"
#include "testmain.h"

#include <QTest>

namespace {
// Clear the screen, set the window title, BEL, red, DEL, C1 CSI, right-to-left override.
const QString kPoison = QStringLiteral("\u001b[2J\u001b]0;owned\u0007\u001b[31mred\u007f\u009b1m\u202etxt.exe");

//! The characters that must never be written raw to a terminal.
QString rawControlsIn(const QString &output)
{
    QString found;
    for (const QChar c : output) {
        const char16_t u = c.unicode();
        const bool c0 = u < 0x20 && u != u'\n';
        if (c0 || u == 0x7f || (u >= 0x80 && u <= 0x9f) || (u >= 0x202a && u <= 0x202e)
            || (u >= 0x2066 && u <= 0x2069))
            found += QStringLiteral("U+%1 ").arg(int(u), 4, 16, QLatin1Char('0'));
    }
    return found;
}

const QString kLobby = QStringLiteral("lobby");
} // namespace

class tst_ParleyCliHostile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void refusalReasonReachesTheTerminalDefused();
    void joinRefusalReachesTheTerminalDefused();
    void listenPrintsHostileNamesAsJsonData();
};

void tst_ParleyCliHostile::refusalReasonReachesTheTerminalDefused()
{
    ScriptedSocketIoServer server;
    server.setEventHandler([](QWebSocket *s, const QString &event, const QJsonArray &args, qint64 ackId) {
        if (event == QLatin1String("join"))
            ScriptedSocketIoServer::ackJoin(s, ackId, args);
        else if (event == QLatin1String("chat message"))
            ScriptedSocketIoServer::ack(s, ackId, {QJsonObject{{QStringLiteral("ok"), false},
                                                               {QStringLiteral("error"), kPoison}}});
    });
    QVERIFY(server.listen());
    CliProcess cli;
    const int code = cli.run({QStringLiteral("--server"), server.url().toString(), QStringLiteral("--dialect"),
                              QStringLiteral("parley"), QStringLiteral("send"), QStringLiteral("hello")});
    QVERIFY2(code != 0, qPrintable(cli.err()));
    QVERIFY2(cli.err().contains(QLatin1String("owned")), qPrintable(cli.err())); // the reason is shown...
    QVERIFY2(cli.err().contains(QLatin1String("\\x1b[2J")), qPrintable(cli.err())); // ...defused
    QCOMPARE(rawControlsIn(cli.err()), QString());
    QCOMPARE(rawControlsIn(cli.out()), QString());
}

void tst_ParleyCliHostile::joinRefusalReachesTheTerminalDefused()
{
    ScriptedSocketIoServer server;
    server.setEventHandler([](QWebSocket *s, const QString &event, const QJsonArray &, qint64 ackId) {
        if (event == QLatin1String("join"))
            ScriptedSocketIoServer::ack(s, ackId, {QJsonObject{{QStringLiteral("ok"), false},
                                                               {QStringLiteral("error"), kPoison}}});
    });
    QVERIFY(server.listen());
    CliProcess cli;
    cli.run({QStringLiteral("--server"), server.url().toString(), QStringLiteral("--dialect"),
             QStringLiteral("parley"), QStringLiteral("--timeout"), QStringLiteral("3"), QStringLiteral("send"),
             QStringLiteral("hello")});
    QVERIFY2(cli.err().contains(QLatin1String("owned")), qPrintable(cli.err()));
    QCOMPARE(rawControlsIn(cli.err()), QString());
    QCOMPARE(rawControlsIn(cli.out()), QString());
}

void tst_ParleyCliHostile::listenPrintsHostileNamesAsJsonData()
{
    ScriptedSocketIoServer server;
    server.setEventHandler([](QWebSocket *s, const QString &event, const QJsonArray &args, qint64 ackId) {
        if (event != QLatin1String("join"))
            return;
        ScriptedSocketIoServer::ackJoin(s, ackId, args);
        ScriptedSocketIoServer::emitTo(s, QStringLiteral("chat message"),
                                       {QJsonObject{{QStringLiteral("room"), kLobby},
                                                    {QStringLiteral("seq"), 1},
                                                    {QStringLiteral("time"), 1700000000000.0},
                                                    {QStringLiteral("sender"), kPoison},
                                                    {QStringLiteral("text"), QString(kPoison + QStringLiteral("\nline 2"))},
                                                    {QStringLiteral("clientId"), QStringLiteral("c1")}}});
    });
    QVERIFY(server.listen());
    CliProcess cli;
    cli.start({QStringLiteral("--server"), server.url().toString(), QStringLiteral("--dialect"),
               QStringLiteral("parley"), QStringLiteral("listen")});
    const QJsonObject line = cli.waitForJson([](const QJsonObject &o) {
        return o.value(QLatin1String("clientId")).toString() == QLatin1String("c1");
    });
    QVERIFY2(!line.isEmpty(), qPrintable(cli.err()));
    // A parser gets the data exactly as the server sent it...
    QCOMPARE(line.value(QLatin1String("sender")).toString(), kPoison);
    QCOMPARE(line.value(QLatin1String("text")).toString(), kPoison + QStringLiteral("\nline 2"));
    cli.process().terminate();
    QVERIFY(cli.waitForFinished());
    // ...and the terminal gets none of it raw: one line, escapes only.
    QCOMPARE(cli.out().count(QLatin1Char('\n')), 1);
    QCOMPARE(rawControlsIn(cli.out()), QString());
    QCOMPARE(rawControlsIn(cli.err()), QString());
}

PARLEY_TEST_GUILESS_MAIN(tst_ParleyCliHostile)
#include "tst_parleycli_hostile.moc"
