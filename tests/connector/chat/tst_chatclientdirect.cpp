// Direct messages and presence end to end: ChatClient (people, PeopleBook, ParleyAccounts)
// against a real in-process parley-server, three accounts. A direct message reaches its two
// people only; a third account can neither join the room nor hear anything of it; presence goes
// away and offline (with "last seen") as the other person does, and is unknown while one's own
// link is down.
#include "chatclient.h"
#include "directroomname.h"
#include "parleyserver.h"
#include "receivedmessages.h"
#include "signedinclient.h"
#include "testmain.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

class tst_ChatClientDirect : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void directMessageReachesOnlyTheTwo();
    void presenceFollowsThePerson();

private:
    //! A client signed in as \a username on the server, ready.
    std::unique_ptr<ChatClient> signedIn(const QString &username, const QString &displayName);
    std::unique_ptr<ParleyServer> m_server;
};

void tst_ChatClientDirect::init()
{
    ServerSettings settings;
    settings.guests = false;
    m_server = std::make_unique<ParleyServer>(settings);
    QVERIFY2(m_server->listen(QHostAddress::LocalHost, 0), qPrintable(m_server->errorString()));
}

void tst_ChatClientDirect::cleanup()
{
    m_server.reset();
}

std::unique_ptr<ChatClient> tst_ChatClientDirect::signedIn(const QString &username, const QString &displayName)
{
    return ParleyTest::signedInClient(*m_server, username, displayName);
}

void tst_ChatClientDirect::directMessageReachesOnlyTheTwo()
{
    auto alice = signedIn(QStringLiteral("alice"), QStringLiteral("Alice"));
    auto bob = signedIn(QStringLiteral("bob"), QStringLiteral("Bob"));
    auto mallory = signedIn(QStringLiteral("mallory"), QStringLiteral("Bob")); // the same name as bob
    QVERIFY(alice && bob && mallory);
    const qint64 aliceId = alice->identity().userId;
    const qint64 bobId = bob->identity().userId;
    const QString room = DirectRoomName::make(aliceId, bobId);

    ReceivedMessages bobHears(bob.get());
    ReceivedMessages malloryHears(mallory.get());
    QSignalSpy bobOpened(bob.get(), &ChatClient::directOpened);
    QSignalSpy aliceOpened(alice.get(), &ChatClient::directOpened);
    alice->openDirect(bobId);
    QVERIFY(aliceOpened.wait(10000));
    QCOMPARE(aliceOpened.first().at(0).toString(), room);
    QCOMPARE(aliceOpened.first().at(1).value<Person>().id, bobId);
    QTRY_VERIFY_WITH_TIMEOUT(alice->rooms().contains(room), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(alice->syncState(room), RoomSync::SyncState::Synced, 10000);

    QVERIFY(!alice->sendMessage(room, QStringLiteral("just between us")).isEmpty());
    // bob had never heard of the room: it comes to him, live, under alice's name and id.
    QTRY_COMPARE_WITH_TIMEOUT(bobHears.texts(), QStringList{QStringLiteral("just between us")}, 10000);
    QCOMPARE(bobHears.arrivals().first(), ChatClient::Arrival::Live);
    QCOMPARE(bobHears.at(0).room, room);
    QCOMPARE(bobHears.at(0).senderId, aliceId);
    QVERIFY(!bobHears.at(0).own);
    QVERIFY(bobOpened.size() >= 1);
    QCOMPARE(bobOpened.first().at(1).value<Person>().id, aliceId);
    QCOMPARE(bob->directPeer(room).id, aliceId);
    QTRY_VERIFY_WITH_TIMEOUT(bob->rooms().contains(room), 5000);

    // mallory asks to join the room by its name: refused, and nothing of it reaches her.
    QSignalSpy malloryError(mallory.get(), &ChatClient::errorOccurred);
    mallory->joinRoom(room);
    QVERIFY(malloryError.wait(10000));
    QVERIFY2(malloryError.first().first().toString().contains(QStringLiteral("not allowed")),
             qPrintable(malloryError.first().first().toString()));
    // bob answers; once alice has it, mallory has had every chance to hear it too.
    ReceivedMessages aliceHears(alice.get());
    QVERIFY(!bob->sendMessage(room, QStringLiteral("agreed")).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(aliceHears.texts(), QStringList{QStringLiteral("agreed")}, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(bob->syncState(room), RoomSync::SyncState::Synced, 10000);
    QVERIFY(malloryHears.isEmpty());
    QVERIFY(mallory->directPeer(room).id == 0);
    QCOMPARE(mallory->syncState(room), RoomSync::SyncState::Joining);
}

void tst_ChatClientDirect::presenceFollowsThePerson()
{
    auto alice = signedIn(QStringLiteral("alice"), QStringLiteral("Alice"));
    auto bob = signedIn(QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(alice && bob);
    const qint64 aliceId = alice->identity().userId;
    // Both are in the lobby: bob knows alice, online.
    QTRY_COMPARE_WITH_TIMEOUT(bob->person(aliceId).presence, Person::Presence::Online, 10000);

    alice->setAway(true);
    QTRY_COMPARE_WITH_TIMEOUT(bob->person(aliceId).presence, Person::Presence::Away, 10000);
    alice->setAway(false);
    QTRY_COMPARE_WITH_TIMEOUT(bob->person(aliceId).presence, Person::Presence::Online, 10000);

    // alice goes: offline, and when she was last seen.
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    alice->disconnectFromServer();
    QTRY_COMPARE_WITH_TIMEOUT(bob->person(aliceId).presence, Person::Presence::Offline, 10000);
    QVERIFY(bob->person(aliceId).lastSeen >= before);
    QVERIFY(bob->person(aliceId).lastSeen <= QDateTime::currentDateTimeUtc().addSecs(1));

    // alice is back; then bob's own link goes: he knows nothing current of anybody.
    alice->connectToServer(m_server->url());
    QTRY_COMPARE_WITH_TIMEOUT(bob->person(aliceId).presence, Person::Presence::Online, 10000);
    bob->disconnectFromServer();
    QCOMPARE(bob->person(aliceId).presence, Person::Presence::Unknown);
}

PARLEY_TEST_GUILESS_MAIN(tst_ChatClientDirect)
#include "tst_chatclientdirect.moc"
