// ParleyServer end to end, replies, edits, deletes and reactions (docs/protocol.md,
// "Conversations"): the ack to the sender and the event to the others, every refusal, resends
// and changes that change nothing, the edit window on a clock the test moves, an admin's delete,
// the rate limit and its hold, and a delete that leaves no text in the database file.

#include "parleyserverfixtures.h"
#include "rawsqlitefile.h"
#include "testmain.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kEdit = QStringLiteral("edit");
const QString kDelete = QStringLiteral("delete");
const QString kReact = QStringLiteral("react");

QJsonObject editArgs(qint64 seq, const QString &text, const QString &clientId)
{
    return QJsonObject{{QLatin1String("room"), kLobby}, {QLatin1String("seq"), seq},
                       {QLatin1String("text"), text}, {QLatin1String("clientId"), clientId}};
}

QJsonObject deleteArgs(qint64 seq, const QString &clientId)
{
    return QJsonObject{{QLatin1String("room"), kLobby}, {QLatin1String("seq"), seq},
                       {QLatin1String("clientId"), clientId}};
}

QJsonObject reactArgs(qint64 seq, const QString &emoji, bool on, const QString &clientId)
{
    return QJsonObject{{QLatin1String("room"), kLobby}, {QLatin1String("seq"), seq},
                       {QLatin1String("emoji"), emoji}, {QLatin1String("on"), on},
                       {QLatin1String("clientId"), clientId}};
}

//! \a client's request \a event with \a args; its answer (an empty object when none came).
QJsonObject ask(SioClient &client, const QString &event, const QJsonObject &args)
{
    return client.request(event, {args}).value_or(QJsonObject());
}

//! The error of a refusal, or "ok" for an ok answer (a compare then shows what came).
QString errorOf(const QJsonObject &answer)
{
    return answer.value(QLatin1String("ok")).toBool() ? QStringLiteral("ok")
                                                      : answer.value(QLatin1String("error")).toString();
}

//! Posts "marker" from \a from and waits until \a to heard it: whatever \a from sent before has
//! reached \a to by then (one socket, in order), so counting \a to's events is exact.
bool flushed(SioClient &from, SioClient &to)
{
    const qsizetype heard = to.events(kChat).size();
    return from.request(kChat, {roomMessage(kLobby, QStringLiteral("marker"), QString())})
            && to.waitForEvents(kChat, heard + 1);
}

//! The seq of a chat message \a client posts with \a text (0 on failure).
qint64 post(SioClient &client, const QString &text, const QString &clientId)
{
    const auto ack = client.request(kChat, {roomMessage(kLobby, text, clientId)});
    return ack ? ack->value(QLatin1String("seq")).toInteger() : 0;
}

} // namespace

class tst_ParleyServerConversations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void editIsAckedAndBroadcast();
    void deleteIsAckedAndBroadcast();
    void reactionsAreAckedAndBroadcast();
    void refusals_data();
    void refusals();
    void twentyEmojiPerMessage();
    void resendsAreAnsweredWithTheOriginal();
    void changesThatChangeNothingAreAckedOnly();
    void editWindowOnTheServersClock();
    void adminMayDeleteOthersMessages();
    void repliesAreStoredAndRefusedForUnknownTargets();
    void changesAreRateLimitedAndHeldLikeMessages();
    void deleteLeavesNoTextInTheDatabase();
};

void tst_ParleyServerConversations::editIsAckedAndBroadcast()
{
    auto [server, alice, bob] = aliceAndBob();
    QVERIFY(server && alice && bob);
    QCOMPARE(post(*alice, QStringLiteral("helo"), QStringLiteral("m1")), 1);
    QCOMPARE(post(*bob, QStringLiteral("hi"), QStringLiteral("m2")), 2);
    const QJsonObject ack = ask(*alice, kEdit, editArgs(1, QStringLiteral("hello"), QStringLiteral("e1")));
    QCOMPARE(without(ack, QStringLiteral("time")),
             obj(R"({"ok":true,"room":"lobby","seq":3,"clientId":"e1"})"));
    QVERIFY(bob->waitForEvents(kEdit, 1));
    const QJsonObject event = bob->events(kEdit).constFirst().at(0).toObject();
    QJsonObject expected{{QLatin1String("room"), kLobby},
                         {QLatin1String("seq"), 3},
                         {QLatin1String("time"), ack.value(QLatin1String("time"))},
                         {QLatin1String("target"), 1},
                         {QLatin1String("text"), QStringLiteral("hello")},
                         {QLatin1String("senderId"), userOf(*alice).value(QLatin1String("id"))},
                         {QLatin1String("sender"), QStringLiteral("alice")},
                         {QLatin1String("senderUsername"), userOf(*alice).value(QLatin1String("username"))},
                         {QLatin1String("clientId"), QStringLiteral("e1")}};
    QCOMPARE(event, expected);
    QVERIFY(flushed(*bob, *alice));
    QVERIFY(alice->events(kEdit).isEmpty());  // the sender has the ack
    // The message now reads as edited, wherever a client pages it in.
    const auto page = history(*bob, obj(R"({"room":"lobby","before":2})"));
    QVERIFY(page);
    const QJsonObject message = page->value(QLatin1String("messages")).toArray().at(0).toObject();
    QCOMPARE(message.value(QLatin1String("text")).toString(), QStringLiteral("hello"));
    QCOMPARE(message.value(QLatin1String("edited")), ack.value(QLatin1String("time")));
    QCOMPARE(page->value(QLatin1String("lastSeq")).toInteger(), 4);  // the change and the marker
}

void tst_ParleyServerConversations::deleteIsAckedAndBroadcast()
{
    auto [server, alice, bob] = aliceAndBob();
    QVERIFY(server && alice && bob);
    QCOMPARE(post(*alice, QStringLiteral("oops"), QStringLiteral("m1")), 1);
    const QJsonObject ack = ask(*alice, kDelete, deleteArgs(1, QStringLiteral("d1")));
    QCOMPARE(without(ack, QStringLiteral("time")), obj(R"({"ok":true,"room":"lobby","seq":2,"clientId":"d1"})"));
    QVERIFY(bob->waitForEvents(kDelete, 1));
    const QJsonObject event = bob->events(kDelete).constFirst().at(0).toObject();
    QCOMPARE(event.value(QLatin1String("target")).toInteger(), 1);
    QCOMPARE(event.value(QLatin1String("seq")).toInteger(), 2);
    QCOMPARE(event.value(QLatin1String("senderId")), userOf(*alice).value(QLatin1String("id")));
    QVERIFY(!event.contains(QLatin1String("text")));
    const auto page = history(*bob, obj(R"({"room":"lobby"})"));
    QVERIFY(page);
    QCOMPARE(seqsOf(*page), QList<qint64>{1});
    const QJsonObject message = page->value(QLatin1String("messages")).toArray().at(0).toObject();
    QCOMPARE(message.value(QLatin1String("deleted")), QJsonValue(true));
    QCOMPARE(message.value(QLatin1String("text")), QJsonValue(QString()));
}

void tst_ParleyServerConversations::reactionsAreAckedAndBroadcast()
{
    auto [server, alice, bob] = aliceAndBob();
    QVERIFY(server && alice && bob);
    QCOMPARE(post(*alice, QStringLiteral("lunch?"), QStringLiteral("m1")), 1);
    const QString thumbs = QStringLiteral("👍");
    QCOMPARE(errorOf(ask(*bob, kReact, reactArgs(1, thumbs, true, QStringLiteral("r1")))), QStringLiteral("ok"));
    QCOMPARE(errorOf(ask(*alice, kReact, reactArgs(1, thumbs, true, QStringLiteral("r2")))), QStringLiteral("ok"));
    QVERIFY(alice->waitForEvents(kReact, 1));
    QVERIFY(bob->waitForEvents(kReact, 1));
    QJsonObject event = alice->events(kReact).constFirst().at(0).toObject();
    QCOMPARE(event.value(QLatin1String("emoji")).toString(), thumbs);
    QCOMPARE(event.value(QLatin1String("on")), QJsonValue(true));
    QCOMPARE(event.value(QLatin1String("target")).toInteger(), 1);
    QCOMPARE(event.value(QLatin1String("senderId")), userOf(*bob).value(QLatin1String("id")));
    auto page = history(*alice, obj(R"({"room":"lobby"})"));
    QVERIFY(page);
    // Listed ids ascending, whoever reacted first.
    const qint64 bobId = userOf(*bob).value(QLatin1String("id")).toInteger();
    const qint64 aliceId = userOf(*alice).value(QLatin1String("id")).toInteger();
    const QJsonArray both{std::min(bobId, aliceId), std::max(bobId, aliceId)};
    QCOMPARE(page->value(QLatin1String("messages")).toArray().at(0).toObject().value(QLatin1String("reactions")),
             QJsonValue(QJsonArray{QJsonObject{{QLatin1String("emoji"), thumbs},
                                               {QLatin1String("count"), 2},
                                               {QLatin1String("users"), both}}}));
    // Taken back: an event with "on": false, and the list without it.
    QCOMPARE(errorOf(ask(*bob, kReact, reactArgs(1, thumbs, false, QStringLiteral("r3")))), QStringLiteral("ok"));
    QVERIFY(alice->waitForEvents(kReact, 2));
    event = alice->events(kReact).at(1).at(0).toObject();
    QCOMPARE(event.value(QLatin1String("on")), QJsonValue(false));
    page = history(*alice, obj(R"({"room":"lobby"})"));
    QVERIFY(page);
    QCOMPARE(page->value(QLatin1String("messages")).toArray().at(0).toObject()
                     .value(QLatin1String("reactions")).toArray().at(0).toObject().value(QLatin1String("count")),
             QJsonValue(1));
}

void tst_ParleyServerConversations::refusals_data()
{
    QTest::addColumn<bool>("byBob");  // else alice
    QTest::addColumn<QString>("event");
    QTest::addColumn<QJsonObject>("args");
    QTest::addColumn<QString>("error");
    // The lobby: 1 alice "a1", 2 bob "b2", 3 alice's edit of 1, 4 alice "a4", 5 its delete.
    const auto row = [](const char *name, bool byBob, const QString &event, const char *args, const char *error) {
        QTest::newRow(name) << byBob << event << obj(args) << QString::fromUtf8(error);
    };
    row("edit someone else's", true, kEdit, R"({"room":"lobby","seq":1,"text":"x","clientId":"x"})", "not allowed");
    row("delete someone else's", false, kDelete, R"({"room":"lobby","seq":2,"clientId":"x"})", "not allowed");
    row("edit an unknown seq", false, kEdit, R"({"room":"lobby","seq":99,"text":"x","clientId":"x"})", "unknown message");
    row("react to an unknown seq", false, kReact, R"({"room":"lobby","seq":6,"emoji":"👍","on":true})", "unknown message");
    row("edit a change's seq", false, kEdit, R"({"room":"lobby","seq":3,"text":"x","clientId":"x"})", "unknown message");
    row("delete a change's seq", false, kDelete, R"({"room":"lobby","seq":5,"clientId":"x"})", "unknown message");
    row("edit a deleted message", false, kEdit, R"({"room":"lobby","seq":4,"text":"x","clientId":"x"})", "not allowed");
    row("react to a deleted message", true, kReact, R"({"room":"lobby","seq":4,"emoji":"👍","on":true})", "not allowed");
    row("delete a deleted message", false, kDelete, R"({"room":"lobby","seq":4,"clientId":"x"})", "not allowed");
    row("empty text", false, kEdit, R"({"room":"lobby","seq":1,"text":" \n","clientId":"x"})", "empty text");
    row("invalid emoji", true, kReact, R"({"room":"lobby","seq":1,"emoji":"👍 ","on":true})", "invalid emoji");
    row("empty emoji", true, kReact, R"({"room":"lobby","seq":1,"emoji":"","on":true})", "invalid emoji");
    row("long emoji", true, kReact, R"({"room":"lobby","seq":1,"emoji":"abcdefghijklmnopqrstuvwxyz0123456","on":true})", "invalid emoji");
    row("control in emoji", true, kReact, R"({"room":"lobby","seq":1,"emoji":"\u001b","on":true})", "invalid emoji");
    row("seq missing", false, kDelete, R"({"room":"lobby","clientId":"x"})", "malformed arguments");
    row("seq as a string", false, kDelete, R"({"room":"lobby","seq":"1","clientId":"x"})", "malformed arguments");
    row("seq 0", false, kDelete, R"({"room":"lobby","seq":0,"clientId":"x"})", "malformed arguments");
    row("seq negative", false, kDelete, R"({"room":"lobby","seq":-1,"clientId":"x"})", "malformed arguments");
    row("seq fractional", false, kDelete, R"({"room":"lobby","seq":1.5,"clientId":"x"})", "malformed arguments");
    row("seq huge", false, kDelete, R"({"room":"lobby","seq":1e300,"clientId":"x"})", "malformed arguments");
    row("text missing", false, kEdit, R"({"room":"lobby","seq":1,"clientId":"x"})", "malformed arguments");
    row("text a number", false, kEdit, R"({"room":"lobby","seq":1,"text":5,"clientId":"x"})", "malformed arguments");
    row("emoji a number", true, kReact, R"({"room":"lobby","seq":1,"emoji":1,"on":true})", "malformed arguments");
    row("on missing", true, kReact, R"({"room":"lobby","seq":1,"emoji":"👍"})", "malformed arguments");
    row("on a number", true, kReact, R"({"room":"lobby","seq":1,"emoji":"👍","on":1})", "malformed arguments");
    row("clientId a number", false, kDelete, R"({"room":"lobby","seq":1,"clientId":7})", "malformed arguments");
    row("room missing", false, kDelete, R"({"seq":1,"clientId":"x"})", "malformed arguments");
    row("blank room", false, kDelete, R"({"room":" ","seq":1,"clientId":"x"})", "invalid room name");
    row("room not joined", false, kDelete, R"({"room":"elsewhere","seq":1,"clientId":"x"})", "not joined");
    QTest::newRow("clientId too long") << false << kDelete
                                       << deleteArgs(1, QString(ServerSettings::kDefaultMaxClientIdLength + 1, QLatin1Char('c')))
                                       << QStringLiteral("clientId too long");
}

void tst_ParleyServerConversations::refusals()
{
    QFETCH(bool, byBob);
    QFETCH(QString, event);
    QFETCH(QJsonObject, args);
    QFETCH(QString, error);
    auto [server, alice, bob] = aliceAndBob();
    QVERIFY(server && alice && bob);
    QCOMPARE(post(*alice, QStringLiteral("a1"), QStringLiteral("m1")), 1);
    QCOMPARE(post(*bob, QStringLiteral("b2"), QStringLiteral("m2")), 2);
    QCOMPARE(ask(*alice, kEdit, editArgs(1, QStringLiteral("a1!"), QStringLiteral("e3"))).value(QLatin1String("seq")), 3);
    QCOMPARE(post(*alice, QStringLiteral("a4"), QStringLiteral("m4")), 4);
    QCOMPARE(ask(*alice, kDelete, deleteArgs(4, QStringLiteral("d5"))).value(QLatin1String("seq")), 5);
    SioClient &asker = byBob ? *bob : *alice;
    SioClient &other = byBob ? *alice : *bob;
    const qsizetype heard = other.events(event).size();

    const QJsonObject answer = ask(asker, event, args);
    QCOMPARE(answer, (QJsonObject{{QLatin1String("ok"), false}, {QLatin1String("error"), error}}));
    // Nothing stored, nothing told; the session goes on.
    QVERIFY(flushed(asker, other));
    QCOMPARE(other.events(event).size(), heard);
    const auto page = history(asker, obj(R"({"room":"lobby","after":0})"));
    QVERIFY(page);
    QCOMPARE(seqsOf(*page), range(1, 6));  // 6: the marker
    QCOMPARE(page->value(QLatin1String("messages")).toArray().at(0).toObject().value(QLatin1String("text")),
             QJsonValue(QStringLiteral("a1!")));
}

void tst_ParleyServerConversations::twentyEmojiPerMessage()
{
    auto [server, alice, bob] = aliceAndBob(withoutMessageLimits());
    QVERIFY(server && alice && bob);
    QCOMPARE(post(*alice, QStringLiteral("vote"), QStringLiteral("m1")), 1);
    for (int i = 0; i < 20; ++i) {
        SioClient &who = i % 2 ? *alice : *bob;
        QCOMPARE(errorOf(ask(who, kReact, reactArgs(1, QString(QChar(0x2600 + i)), true, QString()))),
                 QStringLiteral("ok"));
    }
    QCOMPARE(errorOf(ask(*bob, kReact, reactArgs(1, QStringLiteral("🎉"), true, QString()))),
             QStringLiteral("too many reactions"));
    QCOMPARE(errorOf(ask(*alice, kReact, reactArgs(1, QString(QChar(0x2600)), true, QString()))),
             QStringLiteral("ok"));  // one it has takes more people
    const auto page = history(*alice, obj(R"({"room":"lobby"})"));
    QVERIFY(page);
    QCOMPARE(page->value(QLatin1String("lastSeq")).toInteger(), 22);
    QCOMPARE(page->value(QLatin1String("messages")).toArray().at(0).toObject()
                     .value(QLatin1String("reactions")).toArray().size(), 20);
}

void tst_ParleyServerConversations::resendsAreAnsweredWithTheOriginal()
{
    auto [server, alice, bob] = aliceAndBob();
    QVERIFY(server && alice && bob);
    QCOMPARE(post(*alice, QStringLiteral("one"), QStringLiteral("m1")), 1);
    const QJsonObject edit = ask(*alice, kEdit, editArgs(1, QStringLiteral("one!"), QStringLiteral("e1")));
    const QJsonObject react = ask(*alice, kReact, reactArgs(1, QStringLiteral("👍"), true, QStringLiteral("r1")));
    const QJsonObject remove = ask(*alice, kDelete, deleteArgs(1, QStringLiteral("d1")));
    QCOMPARE(edit.value(QLatin1String("seq")), 2);
    QCOMPARE(react.value(QLatin1String("seq")), 3);
    QCOMPARE(remove.value(QLatin1String("seq")), 4);
    // Each resent (the message deleted meanwhile): the original answer, nothing broadcast again.
    QCOMPARE(ask(*alice, kEdit, editArgs(1, QStringLiteral("one!"), QStringLiteral("e1"))), edit);
    QCOMPARE(ask(*alice, kReact, reactArgs(1, QStringLiteral("👍"), true, QStringLiteral("r1"))), react);
    QCOMPARE(ask(*alice, kDelete, deleteArgs(1, QStringLiteral("d1"))), remove);
    // A change resent under a message's clientId is that message.
    const QJsonObject asMessage = ask(*alice, kReact, reactArgs(1, QStringLiteral("👍"), true, QStringLiteral("m1")));
    QCOMPARE(asMessage.value(QLatin1String("seq")), 1);
    QVERIFY(flushed(*alice, *bob));
    QCOMPARE(bob->events(kEdit).size(), 1);
    QCOMPARE(bob->events(kReact).size(), 1);
    QCOMPARE(bob->events(kDelete).size(), 1);
    QCOMPARE(history(*bob, obj(R"({"room":"lobby"})"))->value(QLatin1String("lastSeq")).toInteger(), 5);
}

void tst_ParleyServerConversations::changesThatChangeNothingAreAckedOnly()
{
    auto [server, alice, bob] = aliceAndBob();
    QVERIFY(server && alice && bob);
    QCOMPARE(post(*alice, QStringLiteral("same"), QStringLiteral("m1")), 1);
    const QList<std::pair<QString, QJsonObject>> noOps{
            {kEdit, editArgs(1, QStringLiteral("same"), QStringLiteral("n1"))},
            {kReact, reactArgs(1, QStringLiteral("👍"), false, QStringLiteral("n2"))},
    };
    for (const auto &[event, args] : noOps) {
        const QJsonObject answer = ask(*alice, event, args);
        QCOMPARE(without(answer, QStringLiteral("time")),
                 (QJsonObject{{QLatin1String("ok"), true}, {QLatin1String("room"), kLobby}, {QLatin1String("target"), 1},
                              {QLatin1String("clientId"), args.value(QLatin1String("clientId"))},
                              {QLatin1String("unchanged"), true}}));
        QVERIFY(!answer.contains(QLatin1String("seq")));  // none was used: nothing a client could take for its own
    }
    QCOMPARE(errorOf(ask(*bob, kReact, reactArgs(1, QStringLiteral("👍"), true, QStringLiteral("b1")))), QStringLiteral("ok"));
    QCOMPARE(ask(*bob, kReact, reactArgs(1, QStringLiteral("👍"), true, QStringLiteral("b2"))).value(QLatin1String("unchanged")),
             QJsonValue(true));
    QVERIFY(flushed(*bob, *alice));
    QCOMPARE(bob->events(kEdit).size(), 0);
    QCOMPARE(alice->events(kReact).size(), 1);
    QCOMPARE(history(*bob, obj(R"({"room":"lobby"})"))->value(QLatin1String("lastSeq")).toInteger(), 3);
}

void tst_ParleyServerConversations::editWindowOnTheServersClock()
{
    qint64 now = QDateTime::currentMSecsSinceEpoch();
    ServerSettings settings;
    settings.clock = [&now] { return now; };
    settings.editWindow = std::chrono::hours(1);
    auto [server, alice, bob] = aliceAndBob(settings);
    QVERIFY(server && alice && bob);
    const auto ack = alice->request(kChat, {roomMessage(kLobby, QStringLiteral("v1"), QStringLiteral("m1"))});
    QVERIFY(ack);
    QCOMPARE(ack->value(QLatin1String("time")).toInteger(), now);  // stamped by the same clock
    now += 3600 * 1000;  // the last moment of the window
    QCOMPARE(ask(*alice, kEdit, editArgs(1, QStringLiteral("v2"), QStringLiteral("e1"))).value(QLatin1String("time")),
             now);
    now += 1;
    QCOMPARE(errorOf(ask(*alice, kEdit, editArgs(1, QStringLiteral("v3"), QStringLiteral("e2")))),
             QStringLiteral("edit window passed"));
    // Deleting and reacting know no window.
    QCOMPARE(errorOf(ask(*bob, kReact, reactArgs(1, QStringLiteral("👍"), true, QStringLiteral("r")))), QStringLiteral("ok"));
    QCOMPARE(errorOf(ask(*alice, kDelete, deleteArgs(1, QStringLiteral("d")))), QStringLiteral("ok"));

    // 0: no limit, however long ago.
    settings.editWindow = std::chrono::milliseconds(0);
    auto [open, carol, dave] = aliceAndBob(settings);
    QVERIFY(open && carol && dave);
    QCOMPARE(post(*carol, QStringLiteral("old"), QStringLiteral("m1")), 1);
    now += 1000LL * 24 * 3600 * 1000;
    QCOMPARE(errorOf(ask(*carol, kEdit, editArgs(1, QStringLiteral("still mine"), QStringLiteral("e")))),
             QStringLiteral("ok"));
}

void tst_ParleyServerConversations::adminMayDeleteOthersMessages()
{
    const auto server = startServer(fastHashing());
    QVERIFY(server);
    const qint64 bossId = server->accounts()->createAccountWithHash(QStringLiteral("boss"), QString(), QByteArray(), true).value.id;
    const qint64 bobId = registerAccount(*server, QStringLiteral("bob"));
    QVERIFY(bossId > 0 && bobId > 0);
    auto boss = signedInAs(*server, bossId);
    auto bob = signedInAs(*server, bobId);
    auto bobsPhone = signedInAs(*server, bobId);
    QVERIFY(boss && bob && bobsPhone);
    for (SioClient *c : {boss.get(), bob.get(), bobsPhone.get()})
        QCOMPARE(errorOf(joinRoom(*c, kLobby).value_or(QJsonObject())), QStringLiteral("ok"));
    QCOMPARE(post(*bob, QStringLiteral("spam"), QStringLiteral("s1")), 1);
    QCOMPARE(post(*boss, QStringLiteral("rules"), QStringLiteral("r1")), 2);
    // An admin may not edit someone else's message, but may delete it.
    QCOMPARE(errorOf(ask(*boss, kEdit, editArgs(1, QStringLiteral("ham"), QStringLiteral("e")))), QStringLiteral("not allowed"));
    QCOMPARE(errorOf(ask(*boss, kDelete, deleteArgs(1, QStringLiteral("d")))), QStringLiteral("ok"));
    QCOMPARE(errorOf(ask(*bob, kDelete, deleteArgs(2, QStringLiteral("d")))), QStringLiteral("not allowed"));
    // Every other session in the room hears it, bob's two included.
    QVERIFY(bob->waitForEvents(kDelete, 1));
    QVERIFY(bobsPhone->waitForEvents(kDelete, 1));
    QCOMPARE(bob->events(kDelete).constFirst().at(0).toObject().value(QLatin1String("senderId")).toInteger(), bossId);
    // A change from bob's laptop reaches his phone too.
    QCOMPARE(errorOf(ask(*bob, kReact, reactArgs(2, QStringLiteral("✅"), true, QStringLiteral("ok")))), QStringLiteral("ok"));
    QVERIFY(bobsPhone->waitForEvents(kReact, 1));
    QVERIFY(boss->waitForEvents(kReact, 1));
}

void tst_ParleyServerConversations::repliesAreStoredAndRefusedForUnknownTargets()
{
    auto [server, alice, bob] = aliceAndBob();
    QVERIFY(server && alice && bob);
    QCOMPARE(post(*alice, QStringLiteral("question"), QStringLiteral("m1")), 1);
    QCOMPARE(ask(*alice, kEdit, editArgs(1, QStringLiteral("question?"), QStringLiteral("e"))).value(QLatin1String("seq")), 2);
    QJsonObject reply = roomMessage(kLobby, QStringLiteral("answer"), QStringLiteral("b1"));
    reply.insert(QLatin1String("replyTo"), 1);
    QCOMPARE(errorOf(ask(*bob, kChat, reply)), QStringLiteral("ok"));
    QVERIFY(alice->waitForEvents(kChat, 1));
    QCOMPARE(alice->events(kChat).constFirst().at(0).toObject().value(QLatin1String("replyTo")), QJsonValue(1));
    const auto page = history(*alice, obj(R"({"room":"lobby"})"));
    QVERIFY(page);
    const QJsonArray messages = page->value(QLatin1String("messages")).toArray();
    QCOMPARE(messages.at(1).toObject(), alice->events(kChat).constFirst().at(0).toObject());
    QVERIFY(!messages.at(0).toObject().contains(QLatin1String("replyTo")));

    const QList<std::pair<QJsonValue, QString>> refused{
            {QJsonValue(2), QStringLiteral("unknown message")},  // an edit's seq
            {QJsonValue(99), QStringLiteral("unknown message")},
            {QJsonValue(0), QStringLiteral("malformed arguments")},
            {QJsonValue(-1), QStringLiteral("malformed arguments")},
            {QJsonValue(1.5), QStringLiteral("malformed arguments")},
            {QJsonValue(QStringLiteral("1")), QStringLiteral("malformed arguments")},
    };
    for (const auto &[replyTo, error] : refused) {
        reply.insert(QLatin1String("replyTo"), replyTo);
        reply.insert(QLatin1String("clientId"), QStringLiteral("bad"));
        QCOMPARE(errorOf(ask(*bob, kChat, reply)), error);
    }
    reply.insert(QLatin1String("replyTo"), QJsonValue::Null);  // null is no reply
    QCOMPARE(errorOf(ask(*bob, kChat, reply)), QStringLiteral("ok"));
    QCOMPARE(history(*bob, obj(R"({"room":"lobby"})"))->value(QLatin1String("lastSeq")).toInteger(), 4);
}

void tst_ParleyServerConversations::changesAreRateLimitedAndHeldLikeMessages()
{
    qint64 now = 1'000'000;
    ServerSettings settings;
    settings.clock = [&now] { return now; };
    settings.messageRate = {1, 3};  // test-sized: three at once, one a second
    settings.textRate = {100, 100};
    auto [server, alice, bob] = aliceAndBob(settings);
    QVERIFY(server && alice && bob);
    QCOMPARE(post(*alice, QStringLiteral("hi"), QStringLiteral("m1")), 1);
    QCOMPARE(errorOf(ask(*alice, kReact, reactArgs(1, QStringLiteral("👍"), true, QStringLiteral("r1")))), QStringLiteral("ok"));
    // An edit costs its text: 2 + 1 + 98 is more than the 100 a second.
    QJsonObject refused = ask(*alice, kEdit, editArgs(1, QString(98, QLatin1Char('x')), QStringLiteral("e1")));
    QCOMPARE(errorOf(refused), QStringLiteral("rate limited"));
    QVERIFY(refused.value(QLatin1String("retryAfterMs")).toInteger() > 0);
    // Held: nothing else of alice's to the room until the refused edit comes back.
    now += 1000;
    QCOMPARE(errorOf(ask(*alice, kDelete, deleteArgs(1, QStringLiteral("d1")))), QStringLiteral("rate limited"));
    QCOMPARE(errorOf(ask(*alice, kEdit, editArgs(1, QString(98, QLatin1Char('x')), QStringLiteral("e1")))),
             QStringLiteral("ok"));
    // A reaction or a delete costs one message: the burst is spent, then one a second.
    QCOMPARE(errorOf(ask(*alice, kReact, reactArgs(1, QStringLiteral("😀"), true, QStringLiteral("r2")))),
             QStringLiteral("ok"));
    refused = ask(*alice, kDelete, deleteArgs(1, QStringLiteral("d1")));
    QCOMPARE(errorOf(refused), QStringLiteral("rate limited"));
    QCOMPARE(refused.value(QLatin1String("retryAfterMs")).toInteger(), 1000);
    now += 1000;
    QCOMPARE(errorOf(ask(*alice, kDelete, deleteArgs(1, QStringLiteral("d1")))), QStringLiteral("ok"));
    // Bob heard what was stored, once each, and nothing refused.
    QVERIFY(bob->waitForEvents(kDelete, 1));
    QCOMPARE(bob->events(kReact).size(), 2);
    QCOMPARE(bob->events(kEdit).size(), 1);
    QCOMPARE(bob->events(kDelete).size(), 1);
    QCOMPARE(history(*bob, obj(R"({"room":"lobby"})"))->value(QLatin1String("lastSeq")).toInteger(), 5);
}

void tst_ParleyServerConversations::deleteLeavesNoTextInTheDatabase()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const ServerSettings settings = onFileIn(dir);
    auto [server, alice, bob] = aliceAndBob(settings);
    QVERIFY(server && alice && bob);
    QCOMPARE(post(*alice, QStringLiteral("my password is hunter2"), QStringLiteral("m1")), 1);
    QCOMPARE(post(*bob, QStringLiteral("bob was here"), QStringLiteral("m2")), 2);
    QCOMPARE(errorOf(ask(*alice, kEdit, editArgs(1, QStringLiteral("my password is hunter3"), QStringLiteral("e1")))),
             QStringLiteral("ok"));
    QCOMPARE(errorOf(ask(*bob, kReact, reactArgs(1, QStringLiteral("🙈"), true, QStringLiteral("r1")))), QStringLiteral("ok"));
    QCOMPARE(errorOf(ask(*alice, kDelete, deleteArgs(1, QStringLiteral("d1")))), QStringLiteral("ok"));
    // Read the server's file directly, as anyone with the disk could.
    const QString texts = RawSqliteFile::column(settings.databasePath, QStringLiteral("SELECT text FROM messages"));
    QVERIFY2(!texts.contains(QLatin1String("hunter")), qPrintable(texts));
    QVERIFY2(texts.contains(QLatin1String("bob was here")), qPrintable(texts));
    QCOMPARE(RawSqliteFile::column(settings.databasePath,
                                   QStringLiteral("SELECT COUNT(*) FROM messages WHERE text LIKE '%hunter%'")),
             QStringLiteral("0"));
    QCOMPARE(RawSqliteFile::column(settings.databasePath, QStringLiteral("SELECT COUNT(*) FROM reactions")),
             QStringLiteral("0"));
    QCOMPARE(RawSqliteFile::column(settings.databasePath,
                                   QStringLiteral("SELECT deleted FROM messages WHERE room = 'lobby' AND seq = 1")),
             QStringLiteral("1"));
}

PARLEY_TEST_GUILESS_MAIN(tst_ParleyServerConversations)
#include "tst_parleyserver_conversations.moc"
