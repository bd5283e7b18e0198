// ParleyServer end to end, rooms and chat: messages between clients in a room, acks with a seq,
// de-duplication by client id, plain broadcasts, member lists, joining and leaving.

#include "parleyserverfixtures.h"
#include "testmain.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

class tst_ParleyServerRooms : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void twoClientsInOneRoomChat();
    void acksCarryIncreasingSeqAndServerTime();
    void resentClientIdIsAckedAgainNotBroadcast();
    void plainStringReachesClassicClientsOnly();
    void membersFollowJoinLeaveAndDisconnect();
    void joinAckReportsMembersAndLastSeq();
    void leaveStopsDelivery();
};

void tst_ParleyServerRooms::twoClientsInOneRoomChat()
{
    auto [server, alice, bob] = aliceAndBob();
    QVERIFY(server && alice && bob);

    const QString aliceText = QStringLiteral("hi bob, ça va? 😀 <b>not bold</b>\n  ");
    const auto ackA = alice->request(kChat, {roomMessage(kLobby, aliceText, QStringLiteral("a-1"))});
    QVERIFY(ackA);
    QVERIFY(ackA->value(QLatin1String("ok")).toBool());
    QVERIFY(bob->waitForEvents(kChat, 1));
    const QJsonObject atBob = bob->events(kChat).constFirst().at(0).toObject();
    QCOMPARE(atBob.value(QLatin1String("sender")).toString(), QStringLiteral("alice"));
    QCOMPARE(atBob.value(QLatin1String("room")).toString(), kLobby);
    QCOMPARE(atBob.value(QLatin1String("text")).toString(), aliceText);  // exactly as sent
    QCOMPARE(atBob.value(QLatin1String("clientId")).toString(), QStringLiteral("a-1"));
    QCOMPARE(atBob.value(QLatin1String("seq")), ackA->value(QLatin1String("seq")));
    QCOMPARE(atBob.value(QLatin1String("time")), ackA->value(QLatin1String("time")));

    const auto ackB = bob->request(kChat, {roomMessage(kLobby, QStringLiteral("hello alice"), QStringLiteral("b-1"))});
    QVERIFY(ackB);
    QVERIFY(alice->waitForEvents(kChat, 1));
    const QJsonObject atAlice = alice->events(kChat).constFirst().at(0).toObject();
    QCOMPARE(atAlice.value(QLatin1String("sender")).toString(), QStringLiteral("bob"));
    QCOMPARE(atAlice.value(QLatin1String("text")).toString(), QStringLiteral("hello alice"));
    QCOMPARE(atAlice.value(QLatin1String("seq")).toInteger(), 2);

    // Nobody hears their own room message back.
    QCOMPARE(alice->events(kChat).size(), 1);
    QCOMPARE(bob->events(kChat).size(), 1);
}

void tst_ParleyServerRooms::acksCarryIncreasingSeqAndServerTime()
{
    const auto server = startServer();
    QVERIFY(server);
    auto alice = joinedClient(*server, QStringLiteral("alice"), kLobby);
    auto carol = joinedClient(*server, QStringLiteral("carol"), QStringLiteral("other"));
    QVERIFY(alice && carol);
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    for (int i = 1; i <= 3; ++i) {
        const QString clientId = QStringLiteral("id-%1").arg(i);
        const auto ack = alice->request(kChat, {roomMessage(kLobby, QStringLiteral("m"), clientId)});
        QVERIFY(ack);
        QCOMPARE(ack->value(QLatin1String("ok")).toBool(), true);
        QCOMPARE(ack->value(QLatin1String("room")).toString(), kLobby);
        QCOMPARE(ack->value(QLatin1String("seq")).toInteger(), i);
        QCOMPARE(ack->value(QLatin1String("clientId")).toString(), clientId);
        const qint64 time = ack->value(QLatin1String("time")).toInteger();
        QVERIFY(time >= before && time <= QDateTime::currentMSecsSinceEpoch());
    }
    // Sequences are per room.
    const auto other = carol->request(
            kChat, {roomMessage(QStringLiteral("other"), QStringLiteral("x"), QStringLiteral("c"))});
    QVERIFY(other);
    QCOMPARE(other->value(QLatin1String("seq")).toInteger(), 1);
}

void tst_ParleyServerRooms::resentClientIdIsAckedAgainNotBroadcast()
{
    auto [server, alice, bob] = aliceAndBob();
    QVERIFY(server && alice && bob);
    const QJsonObject message = roomMessage(kLobby, QStringLiteral("once"), QStringLiteral("dup-1"));
    const auto first = alice->request(kChat, {message});
    const auto second = alice->request(kChat, {message});
    QVERIFY(first && second);
    QCOMPARE(second->value(QLatin1String("ok")).toBool(), true);
    QCOMPARE(second->value(QLatin1String("seq")), first->value(QLatin1String("seq")));
    QCOMPARE(second->value(QLatin1String("time")), first->value(QLatin1String("time")));
    QCOMPARE(second->value(QLatin1String("clientId")).toString(), QStringLiteral("dup-1"));

    // The same clientId from another sender is another message.
    const auto bobs = bob->request(kChat, {message});
    QVERIFY(bobs);
    QCOMPARE(bobs->value(QLatin1String("seq")).toInteger(), 2);

    // A marker proves the resend was not delivered: it would have arrived before it.
    const auto marker = alice->request(kChat, {roomMessage(kLobby, QStringLiteral("marker"), QStringLiteral("m"))});
    QVERIFY(marker);
    QCOMPARE(marker->value(QLatin1String("seq")).toInteger(), 3);
    QVERIFY(bob->waitForEvents(kChat, 2));
    QCOMPARE(bob->events(kChat).size(), 2);
    QCOMPARE(chatTextAt(*bob, 0), QStringLiteral("once"));
    QCOMPARE(chatTextAt(*bob, 1), QStringLiteral("marker"));
}

void tst_ParleyServerRooms::plainStringReachesClassicClientsOnly()
{
    const auto server = startServer();
    QVERIFY(server);
    auto alice = connectClient(*server, QStringLiteral("alice")); // classic: in no room
    auto bob = connectClient(*server, QStringLiteral("bob"));     // classic too
    auto carol = joinedClient(*server, QStringLiteral("carol"), kLobby); // a room client
    QVERIFY(alice && bob && carol);
    const auto unconnected = openedClient(*server);  // Engine.IO open but no "40": not a Socket.IO client yet
    QVERIFY(unconnected);

    const auto ack = bob->request(kChat, {QStringLiteral("hello world")});
    QVERIFY(ack);
    QCOMPARE(*ack, obj(R"({"ok":true})"));
    alice->emitEvent(kChat, {QStringLiteral("no ack wanted")});

    for (SioClient *client : {alice.get(), bob.get()}) {
        QVERIFY(client->waitForEvents(kChat, 2));
        const QList<QJsonArray> got = client->events(kChat);
        QCOMPARE(got.size(), 2);
        QCOMPARE(got.at(0), QJsonArray{QStringLiteral("hello world")});
        QCOMPARE(got.at(1), QJsonArray{QStringLiteral("no ack wanted")});
    }
    QCOMPARE(unconnected->packets.size(), 0);
    // carol, in a room, heard none of it: she hears her room's messages (a marker after them).
    QVERIFY(alice->request(kChat, {QStringLiteral("more classic")}));
    const auto marker = bob->request(QStringLiteral("join"), {QJsonObject{{QStringLiteral("room"), kLobby}}});
    QVERIFY(marker);
    QVERIFY(bob->request(kChat, {roomMessage(kLobby, QStringLiteral("marker"), QStringLiteral("m1"))}));
    QVERIFY(carol->waitForEvents(kChat, 1));
    const QList<QJsonArray> heard = carol->events(kChat);
    QCOMPARE(heard.size(), 1);
    QCOMPARE(heard.at(0).at(0).toObject().value(QLatin1String("text")).toString(), QStringLiteral("marker"));
}

void tst_ParleyServerRooms::membersFollowJoinLeaveAndDisconnect()
{
    const auto server = startServer();
    QVERIFY(server);
    auto alice = joinedClient(*server, QStringLiteral("alice"), kLobby);
    QVERIFY(alice);
    QTRY_COMPARE(alice->lastMembers(kLobby), QStringList{QStringLiteral("alice")});

    auto bob = joinedClient(*server, QStringLiteral("bob"), kLobby);
    QVERIFY(bob);
    const QStringList both{QStringLiteral("alice"), QStringLiteral("bob")};
    QTRY_COMPARE(alice->lastMembers(kLobby), both);
    QTRY_COMPARE(bob->lastMembers(kLobby), both);

    auto carol = joinedClient(*server, QStringLiteral("carol"), kLobby);
    QVERIFY(carol);
    const QStringList three{QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("carol")};
    QTRY_COMPARE(alice->lastMembers(kLobby), three);

    QVERIFY(bob->request(QStringLiteral("leave"), {obj(R"({"room":"lobby"})")}));
    const QStringList afterLeave{QStringLiteral("alice"), QStringLiteral("carol")};
    QTRY_COMPARE(alice->lastMembers(kLobby), afterLeave);
    QTRY_COMPARE(carol->lastMembers(kLobby), afterLeave);

    const qsizetype bobMembersEvents = bob->events(QStringLiteral("members")).size();
    carol->socket.close();
    QTRY_COMPARE(alice->lastMembers(kLobby), QStringList{QStringLiteral("alice")});
    // Bob left the room: he is not told about it any more.
    QVERIFY(bob->request(QStringLiteral("join"), {obj(R"({"room":"elsewhere"})")}));
    QTRY_COMPARE(bob->lastMembers(QStringLiteral("elsewhere")), QStringList{QStringLiteral("bob")});
    QCOMPARE(bob->events(QStringLiteral("members")).size(), bobMembersEvents + 1);

    // An abrupt drop counts as a disconnect too.
    auto dave = joinedClient(*server, QStringLiteral("dave"), kLobby);
    QVERIFY(dave);
    QTRY_COMPARE(alice->lastMembers(kLobby),
                 (QStringList{QStringLiteral("alice"), QStringLiteral("dave")}));
    dave->socket.abort();
    QTRY_COMPARE(alice->lastMembers(kLobby), QStringList{QStringLiteral("alice")});
}

void tst_ParleyServerRooms::joinAckReportsMembersAndLastSeq()
{
    const auto server = startServer();
    QVERIFY(server);
    auto alice = connectClient(*server, QStringLiteral("alice"));
    QVERIFY(alice);
    const auto first = alice->request(QStringLiteral("join"), {obj(R"({"room":" lobby "})")});
    QVERIFY(first);
    QCOMPARE(without(*first, QStringLiteral("people")),
             obj(R"({"ok":true,"room":"lobby","members":["alice"],"lastSeq":0,"receipts":[]})"));
    const QJsonObject alicePerson{{QLatin1String("id"), userOf(*alice).value(QLatin1String("id"))},
                                  {QLatin1String("username"), userOf(*alice).value(QLatin1String("username"))},
                                  {QLatin1String("displayName"), QStringLiteral("alice")},
                                  {QLatin1String("guest"), true},
                                  {QLatin1String("presence"), QStringLiteral("online")}};
    QCOMPARE(first->value(QLatin1String("people")), QJsonValue(QJsonArray{alicePerson}));
    for (int i = 0; i < 2; ++i) {
        QVERIFY(alice->request(kChat, {roomMessage(kLobby, QStringLiteral("m"), QString())}));
    }
    auto bob = connectClient(*server, QStringLiteral("bob"));
    QVERIFY(bob);
    const auto second = bob->request(QStringLiteral("join"), {obj(R"({"room":"lobby"})")});
    QVERIFY(second);
    QCOMPARE(without(*second, QStringLiteral("people")),
             obj(R"({"ok":true,"room":"lobby","members":["alice","bob"],"lastSeq":2,"receipts":[]})"));
    const QJsonArray people = second->value(QLatin1String("people")).toArray();
    QCOMPARE(people.size(), 2);
    QCOMPARE(people.at(0).toObject(), alicePerson);
    QCOMPARE(people.at(1).toObject().value(QLatin1String("id")), userOf(*bob).value(QLatin1String("id")));
    // Joining twice is harmless and does not announce anything new.
    QTRY_COMPARE(alice->lastMembers(kLobby),
                 (QStringList{QStringLiteral("alice"), QStringLiteral("bob")}));
    const qsizetype announcements = alice->events(QStringLiteral("members")).size();
    QVERIFY(bob->request(QStringLiteral("join"), {obj(R"({"room":"lobby"})")}));
    // A marker that comes after anything the second join could have announced.
    QVERIFY(bob->request(kChat, {roomMessage(kLobby, QStringLiteral("sync"), QStringLiteral("sync-1"))}));
    QVERIFY(alice->waitForEvents(kChat, 1));
    QCOMPARE(alice->events(QStringLiteral("members")).size(), announcements);
}

void tst_ParleyServerRooms::leaveStopsDelivery()
{
    auto [server, alice, bob] = aliceAndBob();
    QVERIFY(server && alice && bob);
    const auto left = alice->request(QStringLiteral("leave"), {obj(R"({"room":"lobby"})")});
    QVERIFY(left);
    QCOMPARE(*left, obj(R"({"ok":true,"room":"lobby"})"));

    QVERIFY(bob->request(kChat, {roomMessage(kLobby, QStringLiteral("after leave"), QStringLiteral("b"))}));
    bob->emitEvent(kChat, {QStringLiteral("marker")});  // plain: to the sessions in no room, alice now
    QVERIFY(alice->waitForEvents(kChat, 1));
    QCOMPARE(alice->events(kChat), (QList<QJsonArray>{QJsonArray{QStringLiteral("marker")}}));

    // Not a member any more: posting and leaving again are refused.
    const auto post = alice->request(kChat, {roomMessage(kLobby, QStringLiteral("x"), QStringLiteral("a"))});
    QVERIFY(post);
    QCOMPARE(*post, obj(R"({"ok":false,"error":"not joined"})"));
    const auto again = alice->request(QStringLiteral("leave"), {obj(R"({"room":"lobby"})")});
    QVERIFY(again);
    QCOMPARE(*again, obj(R"({"ok":false,"error":"not joined"})"));
}

PARLEY_TEST_GUILESS_MAIN(tst_ParleyServerRooms)
#include "tst_parleyserver_rooms.moc"
