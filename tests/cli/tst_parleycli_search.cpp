// parley-cli search, the real process: against an in-process parley-server it prints what the
// server finds as JSON lines like listen (newest first, sanitized for the terminal), follows
// hasMore up to --limit (waiting out "rate limited"), searches the room it is told (--room,
// in:#room) and exits 0; a server without search and a refusal exit 1, a query without a word 2.

#include "chatclient.h"
#include "cliprocess.h"
#include "parleyserver.h"
#include "scriptedsocketioserver.h"
#include "testmain.h"

#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

namespace {

const QString kLobby = QStringLiteral("lobby");
// An ESC sequence, a C1 CSI and a bidi override: never raw on the terminal.
const QString kPoison = QStringLiteral("\u001b[2J\u009b1m\u202e");

//! The characters that must never be written raw to a terminal (tst_parleycli_hostile's rule).
bool hasRawControls(const QString &output)
{
    for (const QChar c : output) {
        const char16_t u = c.unicode();
        if ((u < 0x20 && u != u'\n') || u == 0x7f || (u >= 0x80 && u <= 0x9f) || (u >= 0x202a && u <= 0x202e)
            || (u >= 0x2066 && u <= 0x2069))
            return true;
    }
    return false;
}

QStringList textsOf(const QList<QJsonObject> &lines)
{
    QStringList out;
    for (const QJsonObject &o : lines)
        out << o.value(QLatin1String("text")).toString();
    return out;
}

} // namespace

class tst_ParleyCliSearch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cleanup();
    void printsWhatTheServerFinds();
    void followsHasMoreUpToTheLimit();
    void searchesTheRoomItIsTold();
    void serverWithoutSearchExitsOne();
    void refusalExitsOne();
    void queryWithoutAWordIsAUsageError_data();
    void queryWithoutAWordIsAUsageError();

private:
    //! A parley-server with \a settings, and alice in #lobby on it, who posts \a texts there (and
    //! \a elsewhere to #other); false when something did not come up.
    bool setUp(const ServerSettings &settings, const QStringList &texts, const QStringList &elsewhere = {});
    QStringList args(const QStringList &command) const
    {
        return QStringList{QStringLiteral("--server"), m_server->url().toString(), QStringLiteral("--dialect"),
                           QStringLiteral("parley"), QStringLiteral("--name"), QStringLiteral("bot")}
                + command;
    }

    std::unique_ptr<ParleyServer> m_server;
    std::unique_ptr<ChatClient> m_alice;
};

void tst_ParleyCliSearch::cleanup()
{
    m_alice.reset();
    m_server.reset();
}

bool tst_ParleyCliSearch::setUp(const ServerSettings &settings, const QStringList &texts, const QStringList &elsewhere)
{
    m_server = std::make_unique<ParleyServer>(settings);
    if (!m_server->listen(QHostAddress::LocalHost, 0))
        return false;
    m_alice = std::make_unique<ChatClient>();
    m_alice->setUserName(QStringLiteral("alice"));
    QSignalSpy joined(m_alice.get(), &ChatClient::joined);
    m_alice->joinRoom(kLobby);
    if (!elsewhere.isEmpty())
        m_alice->joinRoom(QStringLiteral("other"));
    m_alice->connectToServer(m_server->url());
    if (!QTest::qWaitFor([&] { return joined.size() == (elsewhere.isEmpty() ? 1 : 2); }, 10000))
        return false;
    QSignalSpy delivery(m_alice.get(), &ChatClient::deliveryChanged);
    for (const QString &text : texts)
        m_alice->sendMessage(kLobby, text);
    for (const QString &text : elsewhere)
        m_alice->sendMessage(QStringLiteral("other"), text);
    return QTest::qWaitFor([&] {
        qsizetype delivered = 0;
        for (const QList<QVariant> &a : std::as_const(delivery))
            delivered += a.at(1).value<ChatMessage::Delivery>() == ChatMessage::Delivery::Delivered;
        return delivered == texts.size() + elsewhere.size();
    }, 10000);
}

void tst_ParleyCliSearch::printsWhatTheServerFinds()
{
    QVERIFY(setUp(ServerSettings{}, {QStringLiteral("deploy on Friday"), QStringLiteral("lunch?"),
                                     QStringLiteral("今天天气很好"), QStringLiteral("deploy ") + kPoison}));
    CliProcess cli;
    QCOMPARE(cli.run(args({QStringLiteral("search"), QStringLiteral("DEPLOY")})), 0);
    const QList<QJsonObject> lines = cli.jsonLines();
    QCOMPARE(textsOf(lines), (QStringList{QStringLiteral("deploy ") + kPoison, QStringLiteral("deploy on Friday")}));
    const QJsonObject &first = lines.constLast();
    QCOMPARE(first.value(QLatin1String("room")).toString(), kLobby);
    QCOMPARE(first.value(QLatin1String("seq")).toInteger(), 1);
    QCOMPARE(first.value(QLatin1String("sender")).toString(), QStringLiteral("alice"));
    QCOMPARE(first.value(QLatin1String("senderUsername")).toString(), m_alice->identity().username);
    QVERIFY(QDateTime::fromString(first.value(QLatin1String("time")).toString(), Qt::ISODateWithMs).isValid());
    QCOMPARE(cli.out().count(QLatin1Char('\n')), 2);  // one line per hit, nothing of the room's history
    QVERIFY(!hasRawControls(cli.out()));
    QVERIFY(!hasRawControls(cli.err()));
    // Chinese, by a part of the sentence; nothing found is no failure.
    QCOMPARE(cli.run(args({QStringLiteral("search"), QStringLiteral("天气")})), 0);
    QCOMPARE(textsOf(cli.jsonLines()).mid(2), QStringList{QStringLiteral("今天天气很好")});
    CliProcess none;
    QCOMPARE(none.run(args({QStringLiteral("search"), QStringLiteral("nothing"), QStringLiteral("like"), QStringLiteral("it")})), 0);
    QCOMPARE(none.out(), QString());
}

void tst_ParleyCliSearch::followsHasMoreUpToTheLimit()
{
    ServerSettings settings;
    settings.maxSearchRows = 2;       // pages of at most two
    settings.searchRate = {1, 2};     // the third page waits for the rate
    QStringList texts;
    for (int i = 1; i <= 5; ++i)
        texts << QStringLiteral("page %1").arg(i);
    QVERIFY(setUp(settings, texts));
    CliProcess cli;
    QCOMPARE(cli.run(args({QStringLiteral("search"), QStringLiteral("page"), QStringLiteral("--limit"), QStringLiteral("3")})), 0);
    QCOMPARE(textsOf(cli.jsonLines()), (QStringList{QStringLiteral("page 5"), QStringLiteral("page 4"), QStringLiteral("page 3")}));
    CliProcess all;
    QCOMPARE(all.run(args({QStringLiteral("search"), QStringLiteral("page")})), 0);
    std::reverse(texts.begin(), texts.end());
    QCOMPARE(textsOf(all.jsonLines()), texts);
}

void tst_ParleyCliSearch::searchesTheRoomItIsTold()
{
    QVERIFY(setUp(ServerSettings{}, {QStringLiteral("deploy here")}, {QStringLiteral("deploy there")}));
    CliProcess cli;
    QCOMPARE(cli.run(args({QStringLiteral("--room"), QStringLiteral("other"), QStringLiteral("search"), QStringLiteral("deploy")})), 0);
    QCOMPARE(textsOf(cli.jsonLines()), QStringList{QStringLiteral("deploy there")});
    CliProcess filter;
    QCOMPARE(filter.run(args({QStringLiteral("search"), QStringLiteral("deploy"), QStringLiteral("in:#other")})), 0);
    QCOMPARE(textsOf(filter.jsonLines()), QStringList{QStringLiteral("deploy there")});
    // Neither: the default room it joins (the lobby) and its direct rooms, not #other.
    CliProcess lobby;
    QCOMPARE(lobby.run(args({QStringLiteral("search"), QStringLiteral("deploy")})), 0);
    QCOMPARE(textsOf(lobby.jsonLines()), QStringList{QStringLiteral("deploy here")});
}

void tst_ParleyCliSearch::serverWithoutSearchExitsOne()
{
    ScriptedSocketIoServer server;  // parley's events, but no "features" in its connect answer
    server.setEventHandler([](QWebSocket *s, const QString &event, const QJsonArray &args, qint64 ackId) {
        if (event == QLatin1String("join"))
            ScriptedSocketIoServer::ackJoin(s, ackId, args);
    });
    QVERIFY(server.listen());
    CliProcess cli;
    QCOMPARE(cli.run({QStringLiteral("--server"), server.url().toString(), QStringLiteral("--dialect"), QStringLiteral("parley"),
                      QStringLiteral("search"), QStringLiteral("deploy")}),
             1);
    QVERIFY2(cli.err().contains(QLatin1String("no search")), qPrintable(cli.err()));
    QCOMPARE(server.eventCount(QStringLiteral("search")), 0);
}

void tst_ParleyCliSearch::refusalExitsOne()
{
    ScriptedSocketIoServer server;
    server.setConnectHandler([](QWebSocket *, const QJsonObject &) {
        return SocketIoCodec::connectFrame(QStringLiteral("/"),
                                           QJsonObject{{QStringLiteral("sid"), QStringLiteral("x")},
                                                       {QStringLiteral("features"), QJsonArray{QStringLiteral("search")}}});
    });
    server.setEventHandler([](QWebSocket *s, const QString &event, const QJsonArray &args, qint64 ackId) {
        if (event == QLatin1String("join"))
            ScriptedSocketIoServer::ackJoin(s, ackId, args);
        else if (event == QLatin1String("search"))
            ScriptedSocketIoServer::ack(s, ackId, {QJsonObject{{QStringLiteral("ok"), false},
                                                               {QStringLiteral("error"), QStringLiteral("storage failure")},
                                                               {QStringLiteral("retry"), true}}});
    });
    QVERIFY(server.listen());
    CliProcess cli;
    QCOMPARE(cli.run({QStringLiteral("--server"), server.url().toString(), QStringLiteral("--dialect"), QStringLiteral("parley"),
                      QStringLiteral("search"), QStringLiteral("deploy")}),
             1);
    QVERIFY2(cli.err().contains(QLatin1String("search failed: storage failure")), qPrintable(cli.err()));
    QCOMPARE(cli.out(), QString());
}

void tst_ParleyCliSearch::queryWithoutAWordIsAUsageError_data()
{
    QTest::addColumn<QStringList>("command");
    QTest::newRow("no query") << QStringList{QStringLiteral("search")};
    QTest::newRow("filters only") << QStringList{QStringLiteral("search"), QStringLiteral("from:@alice"), QStringLiteral("in:#lobby")};
    QTest::newRow("limit 0") << QStringList{QStringLiteral("search"), QStringLiteral("x"), QStringLiteral("--limit"), QStringLiteral("0")};
    QTest::newRow("limit a word") << QStringList{QStringLiteral("search"), QStringLiteral("x"), QStringLiteral("--limit"), QStringLiteral("all")};
}

void tst_ParleyCliSearch::queryWithoutAWordIsAUsageError()
{
    QFETCH(QStringList, command);
    CliProcess cli;
    QCOMPARE(cli.run(QStringList{QStringLiteral("--server"), QStringLiteral("ws://127.0.0.1:1")} + command), 2);
    QVERIFY(cli.err().contains(QLatin1String("--help")));
}

PARLEY_TEST_GUILESS_MAIN(tst_ParleyCliSearch)
#include "tst_parleycli_search.moc"
