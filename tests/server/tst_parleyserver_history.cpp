// ParleyServer end to end, the "history" request: queries by after/before/limit, paging until
// complete, the limits and the text budget, refusals, and catching up on edits, deletes and
// reactions (docs/protocol.md).

#include "parleyserverfixtures.h"
#include "testmain.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

namespace {

//! \a name, joined to the lobby of \a server, after posting m1 … m<count> there (nullptr on
//! failure).
std::unique_ptr<SioClient> postedInLobby(const ParleyServer &server, const QString &name, int count)
{
    auto client = joinedClient(server, name, kLobby);
    if (!client || !postMany(*client, kLobby, count))
        return nullptr;
    return client;
}

//! \a client's change request \a event for message \a seq of the lobby, with \a fields added; true
//! when it was acknowledged ok.
bool change(SioClient &client, const QString &event, qint64 seq, const QJsonObject &fields)
{
    QJsonObject args = fields;
    args.insert(QLatin1String("room"), kLobby);
    args.insert(QLatin1String("seq"), seq);
    const auto ack = client.request(event, {args});
    return ack && ack->value(QLatin1String("ok")).toBool();
}

} // namespace

class tst_ParleyServerHistory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void historyQueries_data();
    void historyQueries();
    void historyMessagesAreTheBroadcastMessages();
    void historyLimitDefaultsAndCap();
    void historyPagesUntilComplete();
    void historyLongTextsArePagedByTheTextBudget();
    void historyRefusals_data();
    void historyRefusals();
    void catchingUpBringsTheChangesInOrder();
};

void tst_ParleyServerHistory::historyQueries_data()
{
    QTest::addColumn<QJsonObject>("request");
    QTest::addColumn<QList<qint64>>("expected");
    QTest::addColumn<bool>("hasMore");
    // The room holds seq 1..12.
    QTest::newRow("newest, default limit") << obj(R"({"room":"lobby"})") << range(1, 12) << false;
    QTest::newRow("newest 5") << obj(R"({"room":"lobby","limit":5})") << range(8, 12) << true;
    QTest::newRow("after 3, limit 4") << obj(R"({"room":"lobby","after":3,"limit":4})") << range(4, 7) << true;
    QTest::newRow("after 8, the rest") << obj(R"({"room":"lobby","after":8,"limit":4})") << range(9, 12) << false;
    QTest::newRow("after 0") << obj(R"({"room":"lobby","after":0})") << range(1, 12) << false;
    QTest::newRow("after the last") << obj(R"({"room":"lobby","after":12})") << QList<qint64>() << false;
    QTest::newRow("before 6, limit 3") << obj(R"({"room":"lobby","before":6,"limit":3})") << range(3, 5) << true;
    QTest::newRow("before 4") << obj(R"({"room":"lobby","before":4})") << range(1, 3) << false;
    QTest::newRow("before 1") << obj(R"({"room":"lobby","before":1})") << QList<qint64>() << false;
    QTest::newRow("null means absent") << obj(R"({"room":"lobby","after":null,"before":null,"limit":null})")
                                       << range(1, 12) << false;
    QTest::newRow("integral double") << obj(R"({"room":"lobby","after":1e1,"limit":2.0})") << range(11, 12) << false;
    QTest::newRow("room name trimmed") << obj(R"({"room":" lobby ","limit":1})") << range(12, 12) << true;
}

void tst_ParleyServerHistory::historyQueries()
{
    QFETCH(QJsonObject, request);
    QFETCH(QList<qint64>, expected);
    QFETCH(bool, hasMore);
    const auto server = startServer();
    QVERIFY(server);
    const auto alice = postedInLobby(*server, QStringLiteral("alice"), 12);
    QVERIFY(alice);
    auto carol = joinedClient(*server, QStringLiteral("carol"), QStringLiteral("other"));
    QVERIFY(carol);
    QVERIFY(postMany(*carol, QStringLiteral("other"), 2, QStringLiteral("o")));  // not in lobby's

    const auto reply = history(*alice, request);
    QVERIFY(reply);
    QCOMPARE(reply->value(QLatin1String("ok")), QJsonValue(true));
    QCOMPARE(reply->value(QLatin1String("room")).toString(), kLobby);
    QCOMPARE(seqsOf(*reply), expected);
    QCOMPARE(reply->value(QLatin1String("hasMore")), QJsonValue(hasMore));
    QCOMPARE(reply->value(QLatin1String("lastSeq")).toInteger(), 12);
    QCOMPARE(reply->size(), 5);  // ok, room, messages, lastSeq, hasMore and nothing else
}

void tst_ParleyServerHistory::historyMessagesAreTheBroadcastMessages()
{
    auto [server, alice, bob] = aliceAndBob();
    QVERIFY(server && alice && bob);
    QVERIFY(postMany(*alice, kLobby, 3));
    QVERIFY(alice->request(kChat, {roomMessage(kLobby, QStringLiteral("no id 😀 <b>"), QString())}));
    QVERIFY(bob->waitForEvents(kChat, 4));

    const auto reply = history(*bob, obj(R"({"room":"lobby"})"));
    QVERIFY(reply);
    const QJsonArray messages = reply->value(QLatin1String("messages")).toArray();
    const QList<QJsonArray> broadcasts = bob->events(kChat);
    QCOMPARE(messages.size(), 4);
    for (int i = 0; i < 4; ++i)
        QCOMPARE(messages.at(i).toObject(), broadcasts.at(i).at(0).toObject());
    QCOMPARE(messages.at(3).toObject().value(QLatin1String("clientId")).toString(), QString());
}

void tst_ParleyServerHistory::historyLimitDefaultsAndCap()
{
    // The numbers of docs/protocol.md: 100 without a limit, never more than 500.
    const auto server = startServer(withoutMessageLimits()); // 501 messages at once: no rate here
    QVERIFY(server);
    const auto alice = postedInLobby(*server, QStringLiteral("alice"), 501);
    QVERIFY(alice);

    auto reply = history(*alice, obj(R"({"room":"lobby"})"));
    QVERIFY(reply);
    QCOMPARE(seqsOf(*reply), range(402, 501));
    QCOMPARE(reply->value(QLatin1String("hasMore")), QJsonValue(true));
    reply = history(*alice, obj(R"({"room":"lobby","limit":100000})"));
    QVERIFY(reply);
    QCOMPARE(seqsOf(*reply), range(2, 501));
    QCOMPARE(reply->value(QLatin1String("hasMore")), QJsonValue(true));
    reply = history(*alice, obj(R"({"room":"lobby","after":0,"limit":501})"));
    QVERIFY(reply);
    QCOMPARE(seqsOf(*reply), range(1, 500));
    QCOMPARE(reply->value(QLatin1String("hasMore")), QJsonValue(true));
    QCOMPARE(reply->value(QLatin1String("lastSeq")).toInteger(), 501);

    // And the limits are settings.
    ServerSettings settings;
    settings.defaultHistoryLimit = 2;
    settings.maxHistoryLimit = 3;
    const auto small = startServer(settings);
    QVERIFY(small);
    const auto bob = postedInLobby(*small, QStringLiteral("bob"), 5);
    QVERIFY(bob);
    QCOMPARE(seqsOf(*history(*bob, obj(R"({"room":"lobby"})"))), range(4, 5));
    QCOMPARE(seqsOf(*history(*bob, obj(R"({"room":"lobby","limit":50})"))), range(3, 5));
}

void tst_ParleyServerHistory::historyPagesUntilComplete()
{
    const auto server = startServer();
    QVERIFY(server);
    const auto alice = postedInLobby(*server, QStringLiteral("alice"), 23);
    QVERIFY(alice);

    // Catching up: "after" the last seq received until hasMore is false.
    QList<qint64> forward;
    int requests = 0;
    for (bool more = true; more; ++requests) {
        QVERIFY(requests < 10);
        const qint64 after = forward.isEmpty() ? 0 : forward.constLast();
        const auto reply = history(*alice, QJsonObject{{QLatin1String("room"), kLobby},
                                                       {QLatin1String("after"), after},
                                                       {QLatin1String("limit"), 5}});
        QVERIFY(reply);
        forward += seqsOf(*reply);
        more = reply->value(QLatin1String("hasMore")).toBool();
    }
    QCOMPARE(forward, range(1, 23));
    QCOMPARE(requests, 5);

    // Scrolling back: newest first, then "before" the oldest seq received.
    QList<qint64> backward;
    requests = 0;
    for (bool more = true; more; ++requests) {
        QVERIFY(requests < 10);
        QJsonObject request{{QLatin1String("room"), kLobby}, {QLatin1String("limit"), 5}};
        if (!backward.isEmpty())
            request.insert(QLatin1String("before"), backward.constFirst());
        const auto reply = history(*alice, request);
        QVERIFY(reply);
        backward = seqsOf(*reply) + backward;
        more = reply->value(QLatin1String("hasMore")).toBool();
    }
    QCOMPARE(backward, range(1, 23));
    QCOMPARE(requests, 5);
}

void tst_ParleyServerHistory::historyLongTextsArePagedByTheTextBudget()
{
    ServerSettings settings;
    settings.maxHistoryReplyText = 2500;
    const auto server = startServer(settings);
    QVERIFY(server);
    auto alice = joinedClient(*server, QStringLiteral("alice"), kLobby);
    QVERIFY(alice);
    for (int i = 1; i <= 5; ++i) {
        QVERIFY(alice->request(kChat, {roomMessage(kLobby, QString(1000, QLatin1Char('a' + i)), QString::number(i))}));
    }
    const auto reply = history(*alice, obj(R"({"room":"lobby","after":0})"));
    QVERIFY(reply);
    QCOMPARE(seqsOf(*reply), range(1, 2));
    QCOMPARE(reply->value(QLatin1String("hasMore")), QJsonValue(true));
}

void tst_ParleyServerHistory::historyRefusals_data()
{
    QTest::addColumn<QJsonArray>("args");
    QTest::addColumn<QString>("error");
    const QString malformed = QStringLiteral("malformed arguments");
    QTest::newRow("no args") << QJsonArray() << malformed;
    QTest::newRow("string") << QJsonArray{kLobby} << malformed;
    QTest::newRow("number") << QJsonArray{7} << malformed;
    QTest::newRow("no room") << QJsonArray{obj(R"({"after":1})")} << malformed;
    QTest::newRow("numeric room") << QJsonArray{obj(R"({"room":1})")} << malformed;
    QTest::newRow("blank room") << QJsonArray{obj(R"({"room":" "})")} << QStringLiteral("invalid room name");
    QTest::newRow("never joined") << QJsonArray{obj(R"({"room":"elsewhere"})")} << QStringLiteral("not in room");
    QTest::newRow("joined by others only") << QJsonArray{obj(R"({"room":"bobs"})")} << QStringLiteral("not in room");
    QTest::newRow("negative after") << QJsonArray{obj(R"({"room":"lobby","after":-1})")} << QStringLiteral("invalid after");
    QTest::newRow("fractional after") << QJsonArray{obj(R"({"room":"lobby","after":2.5})")} << QStringLiteral("invalid after");
    QTest::newRow("string after") << QJsonArray{obj(R"({"room":"lobby","after":"3"})")} << QStringLiteral("invalid after");
    QTest::newRow("huge after") << QJsonArray{obj(R"({"room":"lobby","after":1e300})")} << QStringLiteral("invalid after");
    QTest::newRow("object before") << QJsonArray{obj(R"({"room":"lobby","before":{}})")} << QStringLiteral("invalid before");
    QTest::newRow("zero limit") << QJsonArray{obj(R"({"room":"lobby","limit":0})")} << QStringLiteral("invalid limit");
    QTest::newRow("negative limit") << QJsonArray{obj(R"({"room":"lobby","limit":-5})")} << QStringLiteral("invalid limit");
    QTest::newRow("bool limit") << QJsonArray{obj(R"({"room":"lobby","limit":true})")} << QStringLiteral("invalid limit");
    QTest::newRow("after and before") << QJsonArray{obj(R"({"room":"lobby","after":1,"before":5})")}
                                      << QStringLiteral("after and before are exclusive");
}

void tst_ParleyServerHistory::historyRefusals()
{
    QFETCH(QJsonArray, args);
    QFETCH(QString, error);
    const auto server = startServer();
    QVERIFY(server);
    auto alice = joinedClient(*server, QStringLiteral("alice"), kLobby);
    auto bob = joinedClient(*server, QStringLiteral("bob"), QStringLiteral("bobs"));
    QVERIFY(alice && bob);
    QVERIFY(postMany(*bob, QStringLiteral("bobs"), 2));
    QVERIFY(postMany(*alice, kLobby, 2));
    QSignalSpy closed(&alice->socket, &QWebSocket::disconnected);
    const auto reply = alice->request(kHistory, args);
    QVERIFY(reply);
    QCOMPARE(*reply, (QJsonObject{{QLatin1String("ok"), false}, {QLatin1String("error"), error}}));
    // The session still works and nothing leaked from bob's room.
    const auto fine = history(*alice, obj(R"({"room":"lobby"})"));
    QVERIFY(fine);
    QCOMPARE(seqsOf(*fine), range(1, 2));
    QCOMPARE(closed.size(), 0);
    // Without an ack id there is nobody to answer: silently ignored.
    alice->emitEvent(kHistory, args);
    QVERIFY(alice->request(QStringLiteral("join"), {obj(R"({"room":"lobby"})")}));
}

void tst_ParleyServerHistory::catchingUpBringsTheChangesInOrder()
{
    auto [server, alice, bob] = aliceAndBob();
    QVERIFY(server && alice && bob);
    auto carol = joinedClient(*server, QStringLiteral("carol"), kLobby); // hears every broadcast
    QVERIFY(carol);
    const QString edit = QStringLiteral("edit");
    const QString react = QStringLiteral("react");
    const QString remove = QStringLiteral("delete");
    const QJsonObject thumbs{{QLatin1String("emoji"), QStringLiteral("👍")}, {QLatin1String("on"), true}};
    QJsonObject thumbsBack = thumbs;
    thumbsBack.insert(QLatin1String("on"), false);
    QVERIFY(alice->request(kChat, {roomMessage(kLobby, QStringLiteral("helo"), QStringLiteral("m1"))}));  // 1
    QVERIFY(bob->request(kChat, {roomMessage(kLobby, QStringLiteral("mistake"), QStringLiteral("m2"))})); // 2
    QVERIFY(change(*alice, edit, 1, {{QLatin1String("text"), QStringLiteral("hello")}}));                 // 3
    QVERIFY(change(*bob, react, 1, thumbs));                                                              // 4
    QVERIFY(alice->request(kChat, {roomMessage(kLobby, QStringLiteral("lunch?"), QStringLiteral("m5"))})); // 5
    QVERIFY(change(*bob, remove, 2, {}));                                                                 // 6
    QVERIFY(change(*bob, react, 5, thumbs));                                                              // 7
    QVERIFY(change(*bob, react, 5, thumbsBack));                                                          // 8
    QVERIFY(carol->waitForEvents(react, 3));

    // What carol heard, by seq: a change row is its event plus "kind".
    QHash<qint64, QJsonObject> heard;
    for (const QString &event : {edit, react, remove}) {
        const QList<QJsonArray> events = carol->events(event);
        for (const QJsonArray &args : events) {
            QJsonObject o = args.at(0).toObject();
            o.insert(QLatin1String("kind"), event);
            heard.insert(o.value(QLatin1String("seq")).toInteger(), o);
        }
    }
    QCOMPARE(heard.size(), 5);

    auto reply = history(*carol, obj(R"({"room":"lobby","after":0})"));
    QVERIFY(reply);
    QCOMPARE(seqsOf(*reply), range(1, 8));
    QCOMPARE(reply->value(QLatin1String("lastSeq")).toInteger(), 8);
    const QJsonArray rows = reply->value(QLatin1String("messages")).toArray();
    QStringList kinds;
    for (const QJsonValue &row : rows) {
        const QJsonObject o = row.toObject();
        kinds << o.value(QLatin1String("kind")).toString();
        if (o.contains(QLatin1String("kind")))
            QCOMPARE(o, heard.value(o.value(QLatin1String("seq")).toInteger()));
    }
    QCOMPARE(kinds, (QStringList{QString(), QString(), edit, react, QString(), remove, react, react}));
    // Message rows as they are now: edited with its reaction, deleted, reacted and taken back.
    const QJsonObject first = rows.at(0).toObject();
    QCOMPARE(first.value(QLatin1String("text")).toString(), QStringLiteral("hello"));
    QCOMPARE(first.value(QLatin1String("edited")), heard.value(3).value(QLatin1String("time")));
    const QJsonArray reactions = first.value(QLatin1String("reactions")).toArray();
    QCOMPARE(reactions.size(), 1);
    QCOMPARE(reactions.at(0).toObject().value(QLatin1String("users")),
             QJsonValue(QJsonArray{userOf(*bob).value(QLatin1String("id"))}));
    QCOMPARE(rows.at(1).toObject().value(QLatin1String("deleted")), QJsonValue(true));
    QCOMPARE(rows.at(1).toObject().value(QLatin1String("text")).toString(), QString());
    QVERIFY(!rows.at(4).toObject().contains(QLatin1String("reactions")));
    // Paging by after counts the changes too.
    reply = history(*carol, obj(R"({"room":"lobby","after":4,"limit":2})"));
    QVERIFY(reply);
    QCOMPARE(seqsOf(*reply), range(5, 6));
    QCOMPARE(reply->value(QLatin1String("hasMore")), QJsonValue(true));

    // Scrolling back counts messages only, each in its current state.
    reply = history(*carol, obj(R"({"room":"lobby","limit":2})"));
    QVERIFY(reply);
    QCOMPARE(seqsOf(*reply), (QList<qint64>{2, 5}));
    QCOMPARE(reply->value(QLatin1String("hasMore")), QJsonValue(true));
    QCOMPARE(reply->value(QLatin1String("lastSeq")).toInteger(), 8);
    reply = history(*carol, obj(R"({"room":"lobby","before":5})"));
    QVERIFY(reply);
    QCOMPARE(seqsOf(*reply), (QList<qint64>{1, 2}));
    QCOMPARE(reply->value(QLatin1String("hasMore")), QJsonValue(false));
    QCOMPARE(reply->value(QLatin1String("messages")).toArray().at(0).toObject(), first);
}

PARLEY_TEST_GUILESS_MAIN(tst_ParleyServerHistory)
#include "tst_parleyserver_history.moc"
