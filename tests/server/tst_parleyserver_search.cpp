// ParleyServer end to end, search (docs/protocol.md, "Search"): a session finds what it may read
// -- the rooms it joined, its account's direct rooms -- and nothing else, results are history
// rows with their room, pages follow the cursor without gaps or duplicates, the index survives a
// restart, and every refusal of the contract is answered as written.

#include "directroomname.h"
#include "parleyserverfixtures.h"
#include "testmain.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kSearch = QStringLiteral("search");
const QString kSecret = QStringLiteral("secret-room");

QString errorOf(const std::optional<QJsonObject> &answer)
{
    if (!answer)
        return QStringLiteral("(no answer)");
    return answer->value(QLatin1String("ok")).toBool() ? QStringLiteral("ok")
                                                      : answer->value(QLatin1String("error")).toString();
}

std::optional<QJsonObject> search(SioClient &client, const QJsonObject &request)
{
    return client.request(kSearch, {request});
}

QJsonObject words(const QString &query)
{
    return QJsonObject{{QLatin1String("query"), query}};
}

QJsonObject wordsIn(const QString &query, const QString &room)
{
    return QJsonObject{{QLatin1String("query"), query}, {QLatin1String("room"), room}};
}

//! The texts of a search answer's results, in order.
QStringList textsOf(const std::optional<QJsonObject> &answer)
{
    QStringList out;
    if (!answer)
        return {QStringLiteral("(no answer)")};
    const QJsonArray results = answer->value(QLatin1String("results")).toArray();
    for (const QJsonValue &r : results)
        out << r.toObject().value(QLatin1String("text")).toString();
    return out;
}

//! Posts \a text to \a room (joined) and says whether it was stored.
bool post(SioClient &client, const QString &room, const QString &text)
{
    const auto ack = client.request(kChat, {roomMessage(room, text, QString())});
    return ack && ack->value(QLatin1String("ok")).toBool();
}

bool joined(SioClient &client, const QString &room)
{
    const auto ack = joinRoom(client, room);
    return ack && ack->value(QLatin1String("ok")).toBool();
}

//! Settings without the search rate, for tests that search many times.
ServerSettings unlimitedSearch(ServerSettings settings = fastHashing())
{
    settings.searchRate = {};
    return settings;
}

} // namespace

class tst_ParleyServerSearch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void connectAnswerListsSearch();
    void findsOnlyWhatTheSessionMayRead();
    void directRoomsOfOthersAreNeverSearched();
    void resultsAreHistoryRowsWithTheirRoom();
    void pagesFollowTheCursor();
    void cursorOfAnotherQueryIsRefused();
    void refusals_data();
    void refusals();
    void searchIsRateLimited();
    void indexSurvivesARestart();
    void storageFailureIsRefusedForARetry();
};

void tst_ParleyServerSearch::connectAnswerListsSearch()
{
    const auto server = startServer();
    QVERIFY(server);
    auto alice = connectClient(*server, QStringLiteral("alice"));
    QVERIFY(alice);
    QCOMPARE(connectReply(*alice).value(QLatin1String("features")).toArray(), QJsonArray{QStringLiteral("search")});
}

void tst_ParleyServerSearch::findsOnlyWhatTheSessionMayRead()
{
    const ThreePeople t = threePeople(unlimitedSearch());
    QVERIFY(t.alice && t.bob && t.carol);
    QVERIFY(joined(*t.alice, kLobby) && joined(*t.alice, kSecret) && joined(*t.bob, kLobby));
    QVERIFY(post(*t.alice, kLobby, QStringLiteral("deploy in the lobby")));
    QVERIFY(post(*t.alice, kSecret, QStringLiteral("deploy in secret")));

    QCOMPARE(textsOf(search(*t.alice, words(QStringLiteral("deploy")))),
             (QStringList{QStringLiteral("deploy in secret"), QStringLiteral("deploy in the lobby")}));
    QCOMPARE(textsOf(search(*t.bob, words(QStringLiteral("deploy")))), QStringList{QStringLiteral("deploy in the lobby")});
    QCOMPARE(errorOf(search(*t.bob, wordsIn(QStringLiteral("deploy"), kSecret))), QStringLiteral("not in room"));
    QCOMPARE(errorOf(search(*t.bob, wordsIn(QStringLiteral("deploy"), QStringLiteral("nowhere")))), QStringLiteral("not in room"));
    QCOMPARE(textsOf(search(*t.carol, words(QStringLiteral("deploy")))), QStringList());  // in no room
    QCOMPARE(textsOf(search(*t.alice, wordsIn(QStringLiteral("  deploy  "), QStringLiteral(" lobby ")))),
             QStringList{QStringLiteral("deploy in the lobby")});

    // The session's rooms, not the account's: bob's phone in the secret room, his laptop not.
    auto phone = signedInAs(*t.server, t.bobId);
    QVERIFY(phone && joined(*phone, kSecret));
    QCOMPARE(textsOf(search(*phone, wordsIn(QStringLiteral("deploy"), kSecret))), QStringList{QStringLiteral("deploy in secret")});
    QCOMPARE(errorOf(search(*t.bob, wordsIn(QStringLiteral("deploy"), kSecret))), QStringLiteral("not in room"));
    QCOMPARE(textsOf(search(*t.bob, words(QStringLiteral("deploy")))), QStringList{QStringLiteral("deploy in the lobby")});

    // A room left is not searched any more.
    QVERIFY(t.alice->request(QStringLiteral("leave"), {QJsonObject{{QLatin1String("room"), kSecret}}}));
    QCOMPARE(errorOf(search(*t.alice, wordsIn(QStringLiteral("deploy"), kSecret))), QStringLiteral("not in room"));
    QCOMPARE(textsOf(search(*t.alice, words(QStringLiteral("deploy")))), QStringList{QStringLiteral("deploy in the lobby")});
}

void tst_ParleyServerSearch::directRoomsOfOthersAreNeverSearched()
{
    const ThreePeople t = threePeople(unlimitedSearch());
    QVERIFY(t.alice && t.bob && t.carol);
    const QString aliceBob = DirectRoomName::make(t.aliceId, t.bobId);
    const QString bobCarol = DirectRoomName::make(t.bobId, t.carolId);
    QVERIFY(joined(*t.alice, aliceBob) && joined(*t.bob, bobCarol));
    QVERIFY(post(*t.alice, aliceBob, QStringLiteral("plan for alice and bob")));
    QVERIFY(post(*t.bob, bobCarol, QStringLiteral("plan for bob and carol")));
    QVERIFY(t.bob->request(QStringLiteral("leave"), {QJsonObject{{QLatin1String("room"), bobCarol}}}));

    // Each finds their own direct rooms, joined or not; nobody another pair's.
    QCOMPARE(textsOf(search(*t.alice, words(QStringLiteral("plan")))), QStringList{QStringLiteral("plan for alice and bob")});
    QCOMPARE(textsOf(search(*t.bob, words(QStringLiteral("plan")))),
             (QStringList{QStringLiteral("plan for bob and carol"), QStringLiteral("plan for alice and bob")}));
    QCOMPARE(textsOf(search(*t.carol, words(QStringLiteral("plan")))), QStringList{QStringLiteral("plan for bob and carol")});
    QCOMPARE(textsOf(search(*t.carol, wordsIn(QStringLiteral("plan"), bobCarol))), QStringList{QStringLiteral("plan for bob and carol")});
    QCOMPARE(errorOf(search(*t.carol, wordsIn(QStringLiteral("plan"), aliceBob))), QStringLiteral("not in room"));
    QCOMPARE(errorOf(search(*t.alice, wordsIn(QStringLiteral("plan"), bobCarol))), QStringLiteral("not in room"));
    // Short terms (the scan) keep to the same rooms.
    QCOMPARE(textsOf(search(*t.carol, words(QStringLiteral("an")))), QStringList{QStringLiteral("plan for bob and carol")});
    // A guest has no direct rooms.
    auto guest = connectClient(*t.server, QStringLiteral("Dana"));
    QVERIFY(guest);
    QCOMPARE(textsOf(search(*guest, words(QStringLiteral("plan")))), QStringList());
    QCOMPARE(errorOf(search(*guest, wordsIn(QStringLiteral("plan"), aliceBob))), QStringLiteral("not in room"));
}

void tst_ParleyServerSearch::resultsAreHistoryRowsWithTheirRoom()
{
    auto [server, alice, bob] = aliceAndBob(unlimitedSearch());
    QVERIFY(server && alice && bob);
    QVERIFY(post(*alice, kLobby, QStringLiteral("今天天气很好")));
    QVERIFY(post(*bob, kLobby, QStringLiteral("an unrelated line")));
    QVERIFY(alice->request(QStringLiteral("react"), {obj(R"({"room":"lobby","seq":1,"emoji":"👍","on":true})")}));
    const auto page = history(*alice, obj(R"({"room":"lobby"})"));
    QVERIFY(page);
    const QJsonObject row = page->value(QLatin1String("messages")).toArray().at(0).toObject();
    QCOMPARE(row.value(QLatin1String("room")).toString(), kLobby);
    QVERIFY(row.contains(QLatin1String("reactions")));

    const auto answer = search(*bob, words(QStringLiteral("天气")));
    QVERIFY(answer);
    QCOMPARE(*answer, (QJsonObject{{QLatin1String("ok"), true}, {QLatin1String("results"), QJsonArray{row}},
                                   {QLatin1String("hasMore"), false}}));
}

void tst_ParleyServerSearch::pagesFollowTheCursor()
{
    ServerSettings settings = withoutMessageLimits(unlimitedSearch());
    settings.maxSearchRows = 9;  // pages also stop at the rows read
    auto [server, alice, bob] = aliceAndBob(settings);
    QVERIFY(server && alice && bob);
    QVERIFY(postMany(*alice, kLobby, 40, QStringLiteral("needle ")));
    QStringList expected;
    for (int n = 40; n >= 1; --n) {
        if (n % 3 != 0)
            expected << QStringLiteral("needle %1").arg(n);
    }
    // Every third one deleted: not found, and pages still join up.
    for (int n = 3; n <= 40; n += 3) {
        QVERIFY(alice->request(QStringLiteral("delete"), {QJsonObject{{QLatin1String("room"), kLobby},
                                                                      {QLatin1String("seq"), n}}}));
    }
    QStringList all;
    QJsonObject request{{QLatin1String("query"), QStringLiteral("needle")}, {QLatin1String("limit"), 4}};
    for (int pages = 0;; ++pages) {
        QVERIFY(pages < 100);
        const auto answer = search(*bob, request);
        QCOMPARE(errorOf(answer), QStringLiteral("ok"));
        QVERIFY(answer->value(QLatin1String("results")).toArray().size() <= 4);
        all << textsOf(answer);
        if (!answer->value(QLatin1String("hasMore")).toBool()) {
            QVERIFY(!answer->contains(QLatin1String("cursor")));
            break;
        }
        QVERIFY(answer->value(QLatin1String("cursor")).isString());
        request.insert(QLatin1String("cursor"), answer->value(QLatin1String("cursor")));
    }
    QCOMPARE(all, expected);
}

void tst_ParleyServerSearch::cursorOfAnotherQueryIsRefused()
{
    auto [server, alice, bob] = aliceAndBob(withoutMessageLimits(unlimitedSearch()));
    QVERIFY(server && alice && bob);
    QVERIFY(postMany(*alice, kLobby, 5, QStringLiteral("needle ")));
    const auto first = search(*bob, QJsonObject{{QLatin1String("query"), QStringLiteral("needle")}, {QLatin1String("limit"), 2}});
    QVERIFY(first && first->value(QLatin1String("hasMore")).toBool());
    const QJsonValue cursor = first->value(QLatin1String("cursor"));
    const auto with = [&](QJsonObject request) {
        request.insert(QLatin1String("cursor"), cursor);
        return errorOf(search(*bob, request));
    };
    QCOMPARE(with(obj(R"({"query":"needle","limit":2})")), QStringLiteral("ok"));
    QCOMPARE(with(obj(R"({"query":"needle","limit":50})")), QStringLiteral("ok"));  // another page size is fine
    QCOMPARE(with(obj(R"({"query":"needle 1"})")), QStringLiteral("invalid cursor"));
    QCOMPARE(with(obj(R"({"query":"needle","room":"lobby"})")), QStringLiteral("invalid cursor"));
    QCOMPARE(with(obj(R"({"query":"needle","from":"alice"})")), QStringLiteral("invalid cursor"));
    QCOMPARE(with(obj(R"({"query":"needle","after":0})")), QStringLiteral("invalid cursor"));
    QCOMPARE(with(obj(R"({"query":"needle","before":99999999999999})")), QStringLiteral("invalid cursor"));
}

void tst_ParleyServerSearch::refusals_data()
{
    QTest::addColumn<QJsonValue>("request");
    QTest::addColumn<QString>("error");
    const auto row = [](const char *name, const QJsonValue &request, const char *error) {
        QTest::newRow(name) << request << QString::fromUtf8(error);
    };
    row("a string", QStringLiteral("deploy"), "malformed arguments");
    row("no query", obj(R"({"room":"lobby"})"), "malformed arguments");
    row("query not a string", obj(R"({"query":5})"), "malformed arguments");
    row("query null", obj(R"({"query":null})"), "malformed arguments");
    row("room not a string", obj(R"({"query":"x","room":5})"), "malformed arguments");
    row("from not a string", obj(R"({"query":"x","from":true})"), "malformed arguments");
    row("empty query", obj(R"({"query":""})"), "invalid query");
    row("only white space", obj(R"({"query":" \t\n "})"), "invalid query");
    row("201 characters", QJsonObject{{QLatin1String("query"), QString(201, QLatin1Char('x'))}}, "invalid query");
    row("200 characters", QJsonObject{{QLatin1String("query"), QString(200, QLatin1Char('x'))}}, "ok");
    row("after negative", obj(R"({"query":"x","after":-1})"), "invalid time");
    row("after a string", obj(R"({"query":"x","after":"5"})"), "invalid time");
    row("before a fraction", obj(R"({"query":"x","before":1.5})"), "invalid time");
    row("before huge", obj(R"({"query":"x","before":1e300})"), "invalid time");
    row("limit 0", obj(R"({"query":"x","limit":0})"), "invalid limit");
    row("limit negative", obj(R"({"query":"x","limit":-3})"), "invalid limit");
    row("limit a string", obj(R"({"query":"x","limit":"5"})"), "invalid limit");
    row("limit a fraction", obj(R"({"query":"x","limit":2.5})"), "invalid limit");
    row("limit over 100 is capped", obj(R"({"query":"x","limit":1000})"), "ok");
    row("cursor garbage", obj(R"({"query":"x","cursor":"garbage"})"), "invalid cursor");
    row("cursor empty", obj(R"({"query":"x","cursor":""})"), "invalid cursor");
    row("cursor a number", obj(R"({"query":"x","cursor":5})"), "invalid cursor");
    row("a room not joined", obj(R"({"query":"x","room":"elsewhere"})"), "not in room");
    row("a blank room", obj(R"({"query":"x","room":"  "})"), "not in room");
    row("another pair's direct room", obj(R"({"query":"x","room":"@dm:1:2"})"), "not in room");
    row("nulls are absent", obj(R"({"query":"x","room":null,"from":null,"after":null,"before":null,"limit":null,"cursor":null})"), "ok");
    row("every argument", obj(R"({"query":"x y","room":"lobby","from":"@alice","after":0,"before":99999999999999,"limit":5})"), "ok");
}

void tst_ParleyServerSearch::refusals()
{
    QFETCH(QJsonValue, request);
    QFETCH(QString, error);
    auto [server, alice, bob] = aliceAndBob(unlimitedSearch());
    QVERIFY(server && alice && bob);
    const auto answer = alice->request(kSearch, {request});
    QCOMPARE(errorOf(answer), error);
    if (error == QLatin1String("ok"))
        QVERIFY(answer->value(QLatin1String("results")).isArray());
    else
        QCOMPARE(*answer, (QJsonObject{{QLatin1String("ok"), false}, {QLatin1String("error"), error}}));
}

void tst_ParleyServerSearch::searchIsRateLimited()
{
    ServerSettings settings;
    settings.searchRate = {0.001, 2};
    auto [server, alice, bob] = aliceAndBob(settings);
    QVERIFY(server && alice && bob);
    // Refused requests take nothing from the budget.
    QCOMPARE(errorOf(search(*alice, words(QString()))), QStringLiteral("invalid query"));
    QCOMPARE(errorOf(search(*alice, wordsIn(QStringLiteral("x"), QStringLiteral("elsewhere")))), QStringLiteral("not in room"));
    QCOMPARE(errorOf(search(*alice, words(QStringLiteral("x")))), QStringLiteral("ok"));
    QCOMPARE(errorOf(search(*alice, words(QStringLiteral("y")))), QStringLiteral("ok"));
    const auto refused = search(*alice, words(QStringLiteral("z")));
    QCOMPARE(errorOf(refused), QStringLiteral("rate limited"));
    QVERIFY(refused->value(QLatin1String("retryAfterMs")).toInteger() > 0);
    // Per session: bob's budget is his own.
    QCOMPARE(errorOf(search(*bob, words(QStringLiteral("x")))), QStringLiteral("ok"));
}

void tst_ParleyServerSearch::indexSurvivesARestart()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const ServerSettings settings = unlimitedSearch(onFileIn(dir));
    {
        const auto first = startServer(settings);
        QVERIFY(first);
        auto alice = joinedClient(*first, QStringLiteral("alice"), kLobby);
        QVERIFY(alice);
        QVERIFY(post(*alice, kLobby, QStringLiteral("kept across the restart")));
        QVERIFY(post(*alice, kLobby, QStringLiteral("removed before the restart")));
        QVERIFY(alice->request(QStringLiteral("delete"), {obj(R"({"room":"lobby","seq":2})")}));
    }
    const auto second = startServer(settings);
    QVERIFY(second);
    auto bob = joinedClient(*second, QStringLiteral("bob"), kLobby);
    QVERIFY(bob);
    QCOMPARE(textsOf(search(*bob, words(QStringLiteral("restart")))), QStringList{QStringLiteral("kept across the restart")});
}

void tst_ParleyServerSearch::storageFailureIsRefusedForARetry()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const ServerSettings settings = unlimitedSearch(onFileIn(dir));
    const auto server = startServer(settings);
    QVERIFY(server);
    auto alice = joinedClient(*server, QStringLiteral("alice"), kLobby);
    QVERIFY(alice && post(*alice, kLobby, QStringLiteral("a needle")));
    QCOMPARE(errorOf(search(*alice, words(QStringLiteral("needle")))), QStringLiteral("ok"));
    // The index goes away behind the server's back, as another program could make it.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("side"));
        db.setDatabaseName(settings.databasePath);
        QVERIFY(db.open());
        QVERIFY(QSqlQuery(db).exec(QStringLiteral("DROP TABLE message_search")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("side"));
    const auto answer = search(*alice, words(QStringLiteral("needle")));
    QVERIFY(answer);
    QCOMPARE(*answer, obj(R"({"ok":false,"error":"storage failure","retry":true})"));
}

PARLEY_TEST_GUILESS_MAIN(tst_ParleyServerSearch)
#include "tst_parleyserver_search.moc"
