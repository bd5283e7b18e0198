// ParleyServer end to end, accounts: signing up and in over the wire (a password, then the token
// it gave), registration open / by invite / closed, invites (single and multi use, expiry, not
// spent on a taken name), throttled sign-ins, look-alike names refused, and events sent while the
// sign-in is still being checked.

#include "parleyserverfixtures.h"
#include "testmain.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace std::chrono_literals;

namespace {

const QString kPw = QStringLiteral("a long enough password");

//! The reason of \a answer when it is a connect_error; "connected" when it is a connect.
QString outcomeOf(const std::optional<SocketIoPacket> &answer)
{
    if (!answer)
        return QStringLiteral("no answer");
    if (answer->type == SocketIoType::Connect)
        return QStringLiteral("connected");
    return answer->data.toObject().value(QLatin1String("reason")).toString();
}

//! Opens a link to \a server and connects with \a auth: "connected" or the refusal's reason.
QString attempt(const ParleyServer &server, const QJsonObject &auth)
{
    const auto client = openedClient(server);
    return client ? outcomeOf(client->connectIo(auth)) : QStringLiteral("no link");
}

ServerSettings byInvite()
{
    ServerSettings settings = fastHashing();
    settings.registration = ServerSettings::Registration::Invite;
    return settings;
}

} // namespace

class tst_ParleyServerAccounts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void signUpThenSignInWithPasswordAndToken();
    void registrationPolicy_data();
    void registrationPolicy();
    void lookAlikeUsernamesRefusedAtSignUp_data();
    void lookAlikeUsernamesRefusedAtSignUp();
    void invitesSingleAndMultiUse();
    void inviteExpires();
    void inviteNotSpentOnATakenName();
    void invitesMadeByAdminsOnly();
    void signInThrottledOverTheWire();
    void eventsWhileSigningInWaitForIt();
    void eventsWhileSigningInAreBounded();
};

void tst_ParleyServerAccounts::signUpThenSignInWithPasswordAndToken()
{
    const auto server = startServer(fastHashing());
    QVERIFY(server);
    QJsonObject auth = signUp(QStringLiteral("Alice"), kPw);
    auth.insert(QLatin1String("displayName"), QStringLiteral("Alice Liddell"));
    auth.insert(QLatin1String("device"), QStringLiteral("laptop"));
    auto first = signedInClient(*server, auth);
    QVERIFY(first);
    const QJsonObject reply = connectReply(*first);
    QCOMPARE(reply.keys(), (QStringList{QStringLiteral("features"), QStringLiteral("limits"), QStringLiteral("sid"),
                                        QStringLiteral("token"), QStringLiteral("user")}));
    const QJsonObject user = reply.value(QLatin1String("user")).toObject();
    const qint64 id = user.value(QLatin1String("id")).toInteger();
    QVERIFY(id > 0);
    QCOMPARE(user, (QJsonObject{{QLatin1String("id"), id},
                                {QLatin1String("username"), QStringLiteral("Alice")},
                                {QLatin1String("displayName"), QStringLiteral("Alice Liddell")},
                                {QLatin1String("guest"), false},
                                {QLatin1String("admin"), false},
                                {QLatin1String("readReceipts"), true}}));
    const QString token = reply.value(QLatin1String("token")).toString();
    QCOMPARE(token.size(), 43);

    // A password in any spelling of the name, and the token: the same account.
    auto second = signedInClient(*server, withPassword(QStringLiteral("ALICE"), kPw));
    QVERIFY(second);
    QCOMPARE(userOf(*second), user);
    QVERIFY(!connectReply(*second).value(QLatin1String("token")).toString().isEmpty());
    auto third = signedInClient(*server, QJsonObject{{QLatin1String("token"), token}});
    QVERIFY(third);
    QCOMPARE(userOf(*third), user);
    QVERIFY(!connectReply(*third).contains(QLatin1String("token"))); // none issued by this connect

    // The name is taken now; a wrong password is refused without saying whether the name exists.
    QCOMPARE(attempt(*server, signUp(QStringLiteral("alice"), kPw)), QStringLiteral("username taken"));
    const auto wrong = openedClient(*server);
    QVERIFY(wrong);
    const auto refused = wrong->connectIo(withPassword(QStringLiteral("alice"), QStringLiteral("nope")));
    QVERIFY(refused);
    QCOMPARE(refused->type, SocketIoType::ConnectError);
    QCOMPARE(refused->data.toObject().value(QLatin1String("reason")).toString(), QStringLiteral("invalid credentials"));
    QCOMPARE(refused->data.toObject().value(QLatin1String("message")).toString(),
             QStringLiteral("Wrong username or password."));
    QCOMPARE(attempt(*server, withPassword(QStringLiteral("nobody"), QStringLiteral("nope"))),
             QStringLiteral("invalid credentials"));
    // Still usable after a refusal: the right password on the same link.
    QCOMPARE(outcomeOf(wrong->connectIo(withPassword(QStringLiteral("alice"), kPw))), QStringLiteral("connected"));
}

void tst_ParleyServerAccounts::registrationPolicy_data()
{
    QTest::addColumn<int>("registration");
    QTest::addColumn<bool>("withInvite");
    QTest::addColumn<QString>("outcome");
    QTest::newRow("open") << int(ServerSettings::Registration::Open) << false << QStringLiteral("connected");
    QTest::newRow("invite, without") << int(ServerSettings::Registration::Invite) << false
                                     << QStringLiteral("invite required");
    QTest::newRow("invite, with") << int(ServerSettings::Registration::Invite) << true << QStringLiteral("connected");
    QTest::newRow("closed") << int(ServerSettings::Registration::Closed) << false
                            << QStringLiteral("registration closed");
    QTest::newRow("closed, with an invite") << int(ServerSettings::Registration::Closed) << true
                                            << QStringLiteral("registration closed");
}

void tst_ParleyServerAccounts::registrationPolicy()
{
    QFETCH(int, registration);
    QFETCH(bool, withInvite);
    QFETCH(QString, outcome);
    ServerSettings settings = fastHashing();
    settings.registration = ServerSettings::Registration(registration);
    const auto server = startServer(settings);
    QVERIFY(server);
    const QString code = withInvite ? server->createInvite(1, 1h).value.code : QString();
    QCOMPARE(attempt(*server, signUp(QStringLiteral("bob"), kPw, code)), outcome);
    QCOMPARE(server->accounts()->findAccount(QStringLiteral("bob")).ok(), outcome == QLatin1String("connected"));
    // Whatever the policy, an existing account signs in.
    QVERIFY(server->accounts()->createAccount(QStringLiteral("carol"), QString(), kPw, false).ok());
    QCOMPARE(attempt(*server, withPassword(QStringLiteral("carol"), kPw)), QStringLiteral("connected"));
}

void tst_ParleyServerAccounts::lookAlikeUsernamesRefusedAtSignUp_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<QString>("reason");
    QTest::newRow("capitals") << QStringLiteral("ALICE") << QStringLiteral("username taken");
    QTest::newRow("fullwidth") << QString::fromUtf8("ａｌｉｃｅ") << QStringLiteral("username taken");
    QTest::newRow("Cyrillic a inside") << QString::fromUtf8("\xD0\xB0lice") << QStringLiteral("username mixes scripts");
    QTest::newRow("zero width joiner") << QString::fromUtf8("ali\xE2\x80\x8D" "ce")
                                       << QStringLiteral("username has a character that is not allowed");
    QTest::newRow("right-to-left override") << QString::fromUtf8("\xE2\x80\xAE" "ecila")
                                            << QStringLiteral("username has a character that is not allowed");
    QTest::newRow("a guest's") << QStringLiteral("guest-1") << QStringLiteral("username reserved");
}

void tst_ParleyServerAccounts::lookAlikeUsernamesRefusedAtSignUp()
{
    QFETCH(QString, username);
    QFETCH(QString, reason);
    const auto server = startServer(fastHashing());
    QVERIFY(server);
    QCOMPARE(attempt(*server, signUp(QStringLiteral("alice"), kPw)), QStringLiteral("connected"));
    QCOMPARE(attempt(*server, signUp(username, kPw)), reason);
}

void tst_ParleyServerAccounts::invitesSingleAndMultiUse()
{
    const auto server = startServer(byInvite());
    QVERIFY(server);
    const QString single = server->createInvite(1, 1h).value.code;
    const QString triple = server->createInvite(3, 1h).value.code;
    QCOMPARE(attempt(*server, signUp(QStringLiteral("a1"), kPw, single)), QStringLiteral("connected"));
    QCOMPARE(attempt(*server, signUp(QStringLiteral("a2"), kPw, single)), QStringLiteral("invite used up"));
    for (int i = 1; i <= 3; ++i)
        QCOMPARE(attempt(*server, signUp(QStringLiteral("b%1").arg(i), kPw, triple)), QStringLiteral("connected"));
    QCOMPARE(attempt(*server, signUp(QStringLiteral("b4"), kPw, triple)), QStringLiteral("invite used up"));
    QCOMPARE(attempt(*server, signUp(QStringLiteral("c1"), kPw, QStringLiteral("made-up"))),
             QStringLiteral("invalid invite"));
}

void tst_ParleyServerAccounts::inviteExpires()
{
    const auto server = startServer(byInvite());
    QVERIFY(server);
    const AccountStore::Invite invite = server->createInvite(5, 1ms).value;
    QTRY_VERIFY(QDateTime::currentMSecsSinceEpoch() > invite.expiresMs); // a wait on the clock, not a sleep
    QCOMPARE(attempt(*server, signUp(QStringLiteral("late"), kPw, invite.code)), QStringLiteral("invite expired"));
}

void tst_ParleyServerAccounts::inviteNotSpentOnATakenName()
{
    const auto server = startServer(byInvite());
    QVERIFY(server);
    QVERIFY(server->accounts()->createAccount(QStringLiteral("alice"), QString(), kPw, false).ok());
    const QString code = server->createInvite(1, 1h).value.code;
    QCOMPARE(attempt(*server, signUp(QStringLiteral("Alice"), kPw, code)), QStringLiteral("username taken"));
    QCOMPARE(attempt(*server, signUp(QStringLiteral("bob"), kPw, code)), QStringLiteral("connected"));
}

void tst_ParleyServerAccounts::invitesMadeByAdminsOnly()
{
    const auto server = startServer(byInvite());
    QVERIFY(server);
    QVERIFY(server->accounts()->createAccount(QStringLiteral("boss"), QString(), kPw, true).ok());
    QVERIFY(server->accounts()->createAccount(QStringLiteral("pleb"), QString(), kPw, false).ok());
    auto boss = signedInClient(*server, withPassword(QStringLiteral("boss"), kPw));
    auto pleb = signedInClient(*server, withPassword(QStringLiteral("pleb"), kPw));
    QVERIFY(boss && pleb);
    QCOMPARE(userOf(*boss).value(QLatin1String("admin")), QJsonValue(true));

    const auto refused = pleb->request(QStringLiteral("createInvite"), {obj(R"({"uses":1})")});
    QVERIFY(refused);
    QCOMPARE(*refused, obj(R"({"ok":false,"error":"not allowed"})"));
    const auto bad = boss->request(QStringLiteral("createInvite"), {obj(R"({"uses":0})")});
    QVERIFY(bad);
    QCOMPARE(*bad, obj(R"({"ok":false,"error":"invalid uses"})"));

    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    const auto made = boss->request(QStringLiteral("createInvite"), {obj(R"({"uses":2,"lifetimeMs":60000})")});
    QVERIFY(made);
    QCOMPARE(made->value(QLatin1String("ok")), QJsonValue(true));
    const qint64 expires = made->value(QLatin1String("expires")).toInteger();
    QVERIFY(expires >= before + 60000 && expires <= QDateTime::currentMSecsSinceEpoch() + 60000);
    const QString code = made->value(QLatin1String("code")).toString();
    QCOMPARE(attempt(*server, signUp(QStringLiteral("new1"), kPw, code)), QStringLiteral("connected"));
    QCOMPARE(attempt(*server, signUp(QStringLiteral("new2"), kPw, code)), QStringLiteral("connected"));
    QCOMPARE(attempt(*server, signUp(QStringLiteral("new3"), kPw, code)), QStringLiteral("invite used up"));
    // No arguments: one use, the server's default lifetime.
    const auto plain = boss->request(QStringLiteral("createInvite"), {});
    QVERIFY(plain);
    QVERIFY(plain->value(QLatin1String("expires")).toInteger()
            >= before + ServerSettings::kDefaultInviteLifetime.count());
}

void tst_ParleyServerAccounts::signInThrottledOverTheWire()
{
    ServerSettings settings = fastHashing();
    settings.signInThrottle.freeFailures = 2;
    settings.signInThrottle.baseDelay = 60s;
    const auto server = startServer(settings);
    QVERIFY(server);
    QVERIFY(server->accounts()->createAccount(QStringLiteral("alice"), QString(), kPw, false).ok());
    const QJsonObject guess = withPassword(QStringLiteral("alice"), QStringLiteral("guess"));
    for (int i = 0; i < 3; ++i)
        QCOMPARE(attempt(*server, guess), QStringLiteral("invalid credentials"));

    // Now even the right password must wait, and the answer says how long.
    const auto client = openedClient(*server);
    QVERIFY(client);
    const auto answer = client->connectIo(withPassword(QStringLiteral("Alice"), kPw));
    QVERIFY(answer);
    QCOMPARE(answer->type, SocketIoType::ConnectError);
    const QJsonObject data = answer->data.toObject();
    QCOMPARE(data.value(QLatin1String("reason")).toString(), QStringLiteral("throttled"));
    const qint64 retryAfter = data.value(QLatin1String("retryAfterMs")).toInteger();
    QVERIFY2(retryAfter > 55000 && retryAfter <= 60000, qPrintable(QString::number(retryAfter)));
    // A token is not a guess: it still works.
    const QString token = server->localSignIn(QStringLiteral("alice"), QString());
    QCOMPARE(attempt(*server, QJsonObject{{QLatin1String("token"), token}}), QStringLiteral("connected"));
}

void tst_ParleyServerAccounts::eventsWhileSigningInWaitForIt()
{
    const auto server = startServer(fastHashing());
    QVERIFY(server);
    QVERIFY(server->accounts()->createAccount(QStringLiteral("alice"), QString(), kPw, false).ok());
    const auto client = openedClient(*server);
    QVERIFY(client);
    // "40" and a join at once: the join is answered after the sign-in, as alice.
    client->send(SocketIoCodec::connectFrame(QStringLiteral("/"), withPassword(QStringLiteral("alice"), kPw)));
    client->emitEvent(QStringLiteral("join"), {obj(R"({"room":"lobby"})")}, 1);
    const auto joined = client->waitForAck(1);
    QVERIFY(joined);
    QCOMPARE(joined->value(QLatin1String("members")), QJsonValue(QJsonArray{QStringLiteral("alice")}));
    QCOMPARE(client->packets.constFirst().type, SocketIoType::Connect);

    // A refused sign-in: the waiting events are refused too, and nothing was joined.
    const auto other = openedClient(*server);
    QVERIFY(other);
    other->send(SocketIoCodec::connectFrame(QStringLiteral("/"), withPassword(QStringLiteral("alice"), QStringLiteral("x"))));
    other->emitEvent(QStringLiteral("join"), {obj(R"({"room":"lobby"})")}, 1);
    const auto notJoined = other->waitForAck(1);
    QVERIFY(notJoined);
    QCOMPARE(*notJoined, obj(R"({"ok":false,"error":"not signed in"})"));
    QTRY_COMPARE(client->lastMembers(kLobby), QStringList{QStringLiteral("alice")});
}

void tst_ParleyServerAccounts::eventsWhileSigningInAreBounded()
{
    // The real hashing cost: the sign-in takes far longer than the frames take to arrive.
    ServerSettings settings;
    settings.maxPacketsBeforeSignIn = 2;
    const auto server = startServer(settings);
    QVERIFY(server);
    QVERIFY(server->accounts()->createAccount(QStringLiteral("alice"), QString(), kPw, false).ok());
    const auto client = openedClient(*server);
    QVERIFY(client);
    client->send(SocketIoCodec::connectFrame(QStringLiteral("/"), withPassword(QStringLiteral("alice"), kPw)));
    for (qint64 id = 1; id <= 3; ++id)
        client->emitEvent(QStringLiteral("join"), {obj(R"({"room":"lobby"})")}, id);
    // The third is refused at once, before the sign-in is done; the first two wait for it.
    const auto third = client->waitForAck(3);
    QVERIFY(third);
    QCOMPARE(*third, obj(R"({"ok":false,"error":"not signed in"})"));
    QCOMPARE(client->packets.constFirst().type, SocketIoType::Ack);
    for (qint64 id = 1; id <= 2; ++id) {
        const auto joined = client->waitForAck(id);
        QVERIFY(joined);
        QCOMPARE(joined->value(QLatin1String("ok")), QJsonValue(true));
    }
}

PARLEY_TEST_GUILESS_MAIN(tst_ParleyServerAccounts)
#include "tst_parleyserver_accounts.moc"
