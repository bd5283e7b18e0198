// ParleyServer end to end, identity: nobody can be anybody else. A client claiming a user's name
// is a guest with its own id (or refused without guests); a signed-in client's messages carry its
// account whatever the payload says, in broadcasts, history, typing and member lists; tokens are
// listed, revoked (which ends the sessions using them) and signed out; history from before
// accounts still loads, marked legacy.

#include "parleyserverfixtures.h"
#include "rawsqlitefile.h"
#include "testmain.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kPw = QStringLiteral("a long enough password");

//! A fresh server (cheap hashing) with alice registered ("Alice"), signed in and in the lobby.
//! Any part is null (0) when it could not be set up.
struct WithAlice
{
    std::unique_ptr<ParleyServer> server;
    std::unique_ptr<SioClient> alice;
    qint64 aliceId = 0;
};

WithAlice serverWithAlice()
{
    WithAlice w;
    w.server = startServer(fastHashing());
    if (!w.server)
        return w;
    w.aliceId = w.server->accounts()
                        ->createAccount(QStringLiteral("alice"), QStringLiteral("Alice"), kPw, false)
                        .value.id;
    w.alice = signedInClient(*w.server, withPassword(QStringLiteral("alice"), kPw));
    if (w.alice && !w.alice->request(QStringLiteral("join"), {obj(R"({"room":"lobby"})")}))
        w.alice.reset();
    return w;
}

} // namespace

class tst_ParleyServerIdentity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void claimingAUsersNameMakesAGuest();
    void claimingANameWithoutGuestsIsRefused();
    void payloadSenderFieldsAreIgnored();
    void typingAndMembersCarryTheAccount();
    void guestKeepsItsIdWithItsToken();
    void tokensAreListedAndRevokingEndsTheirSessions();
    void signOutEndsTheSessionAndItsToken();
    void historyFromBeforeAccountsStillLoads();
};

void tst_ParleyServerIdentity::claimingAUsersNameMakesAGuest()
{
    const auto [server, alice, aliceId] = serverWithAlice();
    QVERIFY(server && alice && aliceId > 0);
    auto fake = joinedClient(*server, QStringLiteral("Alice"), kLobby);
    QVERIFY(fake);
    const QJsonObject fakeUser = userOf(*fake);
    QVERIFY(fakeUser.value(QLatin1String("id")).toInteger() != aliceId);
    QCOMPARE(fakeUser.value(QLatin1String("guest")), QJsonValue(true));
    QVERIFY(fakeUser.value(QLatin1String("username")).toString().startsWith(QLatin1String("guest-")));

    // What alice sees: the same display name, but another id and the guest's mark.
    QVERIFY(fake->request(kChat, {roomMessage(kLobby, QStringLiteral("I am alice, honest"), QStringLiteral("f1"))}));
    QVERIFY(alice->waitForEvents(kChat, 1));
    const QJsonObject heard = alice->events(kChat).constFirst().at(0).toObject();
    QCOMPARE(heard.value(QLatin1String("sender")).toString(), QStringLiteral("Alice"));
    QCOMPARE(heard.value(QLatin1String("senderId")), fakeUser.value(QLatin1String("id")));
    QCOMPARE(heard.value(QLatin1String("senderUsername")), fakeUser.value(QLatin1String("username")));
    QCOMPARE(heard.value(QLatin1String("guest")), QJsonValue(true));
    QVERIFY(!heard.contains(QLatin1String("legacy")));
}

void tst_ParleyServerIdentity::claimingANameWithoutGuestsIsRefused()
{
    ServerSettings settings = fastHashing();
    settings.guests = false;
    const auto server = startServer(settings);
    QVERIFY(server);
    for (const QJsonObject &auth : {obj(R"({"name":"alice"})"), obj(R"({"guest":true,"name":"alice"})"), QJsonObject()}) {
        const auto client = openedClient(*server);
        QVERIFY(client);
        const auto answer = client->connectIo(auth);
        QVERIFY(answer);
        QCOMPARE(answer->type, SocketIoType::ConnectError);
        QCOMPARE(answer->data.toObject().value(QLatin1String("reason")).toString(), QStringLiteral("auth required"));
    }
    QCOMPARE(server->accounts()->findAccount(QStringLiteral("guest-1")).error, QStringLiteral("unknown account"));
}

void tst_ParleyServerIdentity::payloadSenderFieldsAreIgnored()
{
    const auto [server, alice, aliceId] = serverWithAlice();
    QVERIFY(server && alice && aliceId > 0);
    QVERIFY(server->accounts()->createAccount(QStringLiteral("bob"), QString(), kPw, false).ok());
    auto bob = signedInClient(*server, withPassword(QStringLiteral("bob"), kPw));
    QVERIFY(bob && bob->request(QStringLiteral("join"), {obj(R"({"room":"lobby"})")}));
    const QJsonValue bobId = userOf(*bob).value(QLatin1String("id"));

    // alice writes bob's identity into her message.
    QJsonObject forged = roomMessage(kLobby, QStringLiteral("from bob, really"), QStringLiteral("x1"));
    forged.insert(QLatin1String("sender"), QStringLiteral("bob"));
    forged.insert(QLatin1String("senderId"), bobId);
    forged.insert(QLatin1String("senderUsername"), QStringLiteral("bob"));
    forged.insert(QLatin1String("legacy"), true);
    const auto ack = alice->request(kChat, {forged});
    QVERIFY(ack && ack->value(QLatin1String("ok")).toBool());
    QVERIFY(bob->waitForEvents(kChat, 1));
    const QJsonObject expected{{QLatin1String("room"), kLobby},
                               {QLatin1String("seq"), 1},
                               {QLatin1String("time"), ack->value(QLatin1String("time"))},
                               {QLatin1String("sender"), QStringLiteral("Alice")},
                               {QLatin1String("senderId"), aliceId},
                               {QLatin1String("senderUsername"), QStringLiteral("alice")},
                               {QLatin1String("text"), QStringLiteral("from bob, really")},
                               {QLatin1String("clientId"), QStringLiteral("x1")}};
    QCOMPARE(bob->events(kChat).constFirst().at(0).toObject(), expected);
    const auto page = history(*bob, obj(R"({"room":"lobby"})"));
    QVERIFY(page);
    QCOMPARE(page->value(QLatin1String("messages")).toArray(), QJsonArray{expected});

    // bob sending alice's clientId is bob's own message: de-duplication is per account.
    const auto bobs = bob->request(kChat, {roomMessage(kLobby, QStringLiteral("mine"), QStringLiteral("x1"))});
    QVERIFY(bobs);
    QCOMPARE(bobs->value(QLatin1String("seq")).toInteger(), 2);
}

void tst_ParleyServerIdentity::typingAndMembersCarryTheAccount()
{
    const auto [server, alice, aliceId] = serverWithAlice();
    QVERIFY(server && alice && aliceId > 0);
    auto dana = joinedClient(*server, QStringLiteral("Dana"), kLobby);
    QVERIFY(dana);
    const qint64 danaId = userOf(*dana).value(QLatin1String("id")).toInteger();

    QVERIFY(alice->request(QStringLiteral("typing"), {QJsonObject{{QLatin1String("room"), kLobby},
                                                                   {QLatin1String("name"), QStringLiteral("Bob")},
                                                                   {QLatin1String("senderId"), 999}}}));
    QVERIFY(dana->waitForEvents(QStringLiteral("typing"), 1));
    QCOMPARE(dana->events(QStringLiteral("typing")).constFirst().at(0).toObject(),
             (QJsonObject{{QLatin1String("room"), kLobby},
                          {QLatin1String("name"), QStringLiteral("Alice")},
                          {QLatin1String("senderId"), aliceId}}));

    QTRY_COMPARE(alice->lastMembers(kLobby), (QStringList{QStringLiteral("Alice"), QStringLiteral("Dana")}));
    const QList<QJsonArray> announcements = alice->events(QStringLiteral("members"));
    const QJsonArray people = announcements.constLast().at(0).toObject().value(QLatin1String("people")).toArray();
    QCOMPARE(people,
             (QJsonArray{QJsonObject{{QLatin1String("id"), aliceId},
                                     {QLatin1String("username"), QStringLiteral("alice")},
                                     {QLatin1String("displayName"), QStringLiteral("Alice")},
                                     {QLatin1String("guest"), false},
                                     {QLatin1String("presence"), QStringLiteral("online")}},
                         QJsonObject{{QLatin1String("id"), danaId},
                                     {QLatin1String("username"), QStringLiteral("guest-%1").arg(danaId)},
                                     {QLatin1String("displayName"), QStringLiteral("Dana")},
                                     {QLatin1String("guest"), true},
                                     {QLatin1String("presence"), QStringLiteral("online")}}}));
}

void tst_ParleyServerIdentity::guestKeepsItsIdWithItsToken()
{
    const auto server = startServer(fastHashing());
    QVERIFY(server);
    auto first = connectClient(*server, QStringLiteral("Dana"));
    QVERIFY(first);
    const QString token = connectReply(*first).value(QLatin1String("token")).toString();
    QVERIFY(!token.isEmpty());
    auto again = signedInClient(*server, QJsonObject{{QLatin1String("token"), token}});
    QVERIFY(again);
    QCOMPARE(userOf(*again), userOf(*first));
    // The same name without the token is somebody else.
    auto other = connectClient(*server, QStringLiteral("Dana"));
    QVERIFY(other);
    QVERIFY(userOf(*other).value(QLatin1String("id")) != userOf(*first).value(QLatin1String("id")));
}

void tst_ParleyServerIdentity::tokensAreListedAndRevokingEndsTheirSessions()
{
    const auto server = startServer(fastHashing());
    QVERIFY(server);
    QVERIFY(server->accounts()->createAccount(QStringLiteral("alice"), QString(), kPw, false).ok());
    QJsonObject laptopAuth = withPassword(QStringLiteral("alice"), kPw);
    laptopAuth.insert(QLatin1String("device"), QStringLiteral("laptop"));
    QJsonObject phoneAuth = laptopAuth;
    phoneAuth.insert(QLatin1String("device"), QStringLiteral("phone"));
    auto laptop = signedInClient(*server, laptopAuth);
    auto phone = signedInClient(*server, phoneAuth);
    QVERIFY(laptop && phone);
    const QString phoneToken = connectReply(*phone).value(QLatin1String("token")).toString();
    auto phoneAgain = signedInClient(*server, QJsonObject{{QLatin1String("token"), phoneToken}});
    QVERIFY(phoneAgain);

    const auto listed = laptop->request(QStringLiteral("tokens"), {});
    QVERIFY(listed && listed->value(QLatin1String("ok")).toBool());
    const QJsonArray tokens = listed->value(QLatin1String("tokens")).toArray();
    QCOMPARE(tokens.size(), 2);
    QString phoneId;
    for (const QJsonValue &t : tokens) {
        const QJsonObject o = t.toObject();
        const bool isLaptop = o.value(QLatin1String("device")).toString() == QLatin1String("laptop");
        QCOMPARE(o.value(QLatin1String("current")).toBool(), isLaptop);
        QCOMPARE(o.value(QLatin1String("id")).toString().size(), 16);
        QVERIFY(o.value(QLatin1String("expires")).toInteger() > o.value(QLatin1String("created")).toInteger());
        QVERIFY(o.value(QLatin1String("lastUsed")).toInteger() >= o.value(QLatin1String("created")).toInteger());
        if (!isLaptop)
            phoneId = o.value(QLatin1String("id")).toString();
    }

    // Another person cannot revoke it: the account is always the asker's own.
    auto bob = connectClient(*server, QStringLiteral("bob"));
    QVERIFY(bob);
    const auto notHis = bob->request(QStringLiteral("revokeToken"), {QJsonObject{{QLatin1String("id"), phoneId}}});
    QVERIFY(notHis);
    QCOMPARE(*notHis, obj(R"({"ok":false,"error":"unknown token"})"));

    QSignalSpy phoneGone(&phone->socket, &QWebSocket::disconnected);
    QSignalSpy phoneAgainGone(&phoneAgain->socket, &QWebSocket::disconnected);
    const auto revoked = laptop->request(QStringLiteral("revokeToken"), {QJsonObject{{QLatin1String("id"), phoneId}}});
    QVERIFY(revoked);
    QCOMPARE(*revoked, obj(R"({"ok":true})"));
    QTRY_COMPARE(phoneGone.size(), 1);
    QTRY_COMPARE(phoneAgainGone.size(), 1);
    for (SioClient *ended : {phone.get(), phoneAgain.get()}) {
        QCOMPARE(ended->events(QStringLiteral("auth")),
                 (QList<QJsonArray>{QJsonArray{obj(R"({"reason":"token revoked"})")}}));
    }
    QCOMPARE(laptop->socket.state(), QAbstractSocket::ConnectedState);
    const auto client = openedClient(*server);
    QVERIFY(client);
    const auto refused = client->connectIo(QJsonObject{{QLatin1String("token"), phoneToken}});
    QVERIFY(refused);
    QCOMPARE(refused->data.toObject().value(QLatin1String("reason")).toString(), QStringLiteral("invalid token"));
    const auto again = laptop->request(QStringLiteral("tokens"), {});
    QVERIFY(again);
    QCOMPARE(again->value(QLatin1String("tokens")).toArray().size(), 1);
    const auto malformed = laptop->request(QStringLiteral("revokeToken"), {obj(R"({"id":5})")});
    QVERIFY(malformed);
    QCOMPARE(*malformed, obj(R"({"ok":false,"error":"malformed arguments"})"));
}

void tst_ParleyServerIdentity::signOutEndsTheSessionAndItsToken()
{
    const auto server = startServer(fastHashing());
    QVERIFY(server);
    const QString token = server->localSignIn(QStringLiteral("owner"), QStringLiteral("The Owner"));
    QVERIFY(!token.isEmpty());
    auto owner = signedInClient(*server, QJsonObject{{QLatin1String("token"), token}});
    QVERIFY(owner);
    QCOMPARE(userOf(*owner).value(QLatin1String("admin")), QJsonValue(true));
    QCOMPARE(userOf(*owner).value(QLatin1String("displayName")).toString(), QStringLiteral("The Owner"));
    QSignalSpy gone(&owner->socket, &QWebSocket::disconnected);
    const auto answer = owner->request(QStringLiteral("signOut"), {});
    QVERIFY(answer);
    QCOMPARE(*answer, obj(R"({"ok":true})"));
    QTRY_COMPARE(gone.size(), 1);
    QCOMPARE(owner->events(QStringLiteral("auth")), (QList<QJsonArray>{QJsonArray{obj(R"({"reason":"signed out"})")}}));
    const auto client = openedClient(*server);
    QVERIFY(client);
    const auto refused = client->connectIo(QJsonObject{{QLatin1String("token"), token}});
    QVERIFY(refused);
    QCOMPARE(refused->data.toObject().value(QLatin1String("reason")).toString(), QStringLiteral("invalid token"));
    // localSignIn again: the same account, a new token.
    const QString next = server->localSignIn(QStringLiteral("OWNER"), QString());
    auto back = signedInClient(*server, QJsonObject{{QLatin1String("token"), next}});
    QVERIFY(back);
    QCOMPARE(userOf(*back).value(QLatin1String("id")), userOf(*owner).value(QLatin1String("id")));
    QVERIFY(server->localSignIn(QStringLiteral("x"), QString()).isEmpty()); // too short a name
}

void tst_ParleyServerIdentity::historyFromBeforeAccountsStillLoads()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const ServerSettings settings = onFileIn(dir);
    // A file parley-server wrote before accounts (schema version 1), made with raw SQL.
    QVERIFY(RawSqliteFile::run(settings.databasePath,
                               {QStringLiteral("CREATE TABLE messages (id INTEGER PRIMARY KEY, room TEXT NOT NULL,"
                                               " seq INTEGER NOT NULL CHECK (seq > 0), time INTEGER NOT NULL,"
                                               " sender TEXT NOT NULL, text TEXT NOT NULL,"
                                               " client_id TEXT NOT NULL DEFAULT '', UNIQUE (room, seq))"),
                                QStringLiteral("CREATE UNIQUE INDEX messages_sender_client_id ON messages"
                                               " (sender, client_id) WHERE client_id <> ''"),
                                QStringLiteral("INSERT INTO messages (room, seq, time, sender, text, client_id)"
                                               " VALUES ('lobby', 1, 1000, 'alice', 'from the old days', 'old-1')"),
                                QStringLiteral("PRAGMA user_version = 1")}));
    const auto server = startServer(settings);
    QVERIFY(server);
    auto alice = joinedClient(*server, QStringLiteral("alice"), kLobby);
    QVERIFY(alice);
    QVERIFY(alice->request(kChat, {roomMessage(kLobby, QStringLiteral("new"), QStringLiteral("old-1"))}));
    const auto page = history(*alice, obj(R"({"room":"lobby"})"));
    QVERIFY(page);
    const QJsonArray messages = page->value(QLatin1String("messages")).toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages.at(0).toObject(), obj(R"({"room":"lobby","seq":1,"time":1000,"sender":"alice",)"
                                            R"("text":"from the old days","clientId":"old-1","legacy":true})"));
    const QJsonObject now = messages.at(1).toObject();
    QCOMPARE(now.value(QLatin1String("seq")).toInteger(), 2); // old-1 of the name is not this guest's
    QCOMPARE(now.value(QLatin1String("senderId")), userOf(*alice).value(QLatin1String("id")));
    QVERIFY(!now.contains(QLatin1String("legacy")));
}

PARLEY_TEST_GUILESS_MAIN(tst_ParleyServerIdentity)
#include "tst_parleyserver_identity.moc"
