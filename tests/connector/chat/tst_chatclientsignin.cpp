// ChatClient on a server with accounts (scripted on 127.0.0.1): the sign-in payload, the identity
// and token from the connect reply, reconnects with the token (never the password again), "own"
// decided by the server's sender id, and refusals that stop the link.
#include "chatclient.h"
#include "receivedmessages.h"
#include "scriptedsocketioserver.h"
#include "testmain.h"
#include "testsettings.h"

#include <QSignalSpy>
#include <QTest>

namespace {
const QString kWelcome = QStringLiteral(
    R"(40{"sid":"s1","user":{"id":7,"username":"dana","displayName":"Dana"},"token":"tok-7"})");

QJsonObject message(qint64 seq, qint64 senderId, const QString &sender)
{
    return QJsonObject{{QStringLiteral("room"), QStringLiteral("lobby")},
                       {QStringLiteral("seq"), seq},
                       {QStringLiteral("time"), 1700000000000.0},
                       {QStringLiteral("senderId"), senderId},
                       {QStringLiteral("sender"), sender},
                       {QStringLiteral("senderUsername"), sender.toLower()},
                       {QStringLiteral("text"), QStringLiteral("m%1").arg(seq)},
                       {QStringLiteral("clientId"), QStringLiteral("c%1").arg(seq)}};
}
} // namespace

class tst_ChatClientSignIn : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void passwordThenTokenOnReconnect();
    void ownIsDecidedBySenderIdNotName();
    void refusalStopsTheLink();
    void forgottenGuestComesBackAsNewGuest();
};

void tst_ChatClientSignIn::forgottenGuestComesBackAsNewGuest()
{
    // A guest's token dies with a server that kept no accounts: the client does not stop (nothing
    // of the user's is lost by being a new guest); it connects as a guest again by itself.
    ScriptedSocketIoServer server;
    QVERIFY(server.listen());
    int guests = 0;
    server.setConnectHandler([&guests](QWebSocket *, const QJsonObject &auth) {
        if (auth.contains(QLatin1String("token")))
            return QStringLiteral(R"(44{"message":"Sign in again.","reason":"invalid token"})");
        ++guests;
        return QStringLiteral(R"(40{"sid":"s","user":{"id":%1,"username":"guest-%1","displayName":"Dana","guest":true},"token":"g%1"})")
            .arg(guests);
    });
    ChatClient client;
    client.setSettings(ParleyTest::fastSettings());
    client.setUserName(QStringLiteral("Dana"));
    QSignalSpy refused(&client, &ChatClient::authRefused);
    client.connectToServer(server.url());
    QTRY_COMPARE(client.identity().userId, 1);
    server.sockets().constFirst()->abort(); // "the server restarted"
    QTRY_COMPARE(client.identity().userId, 2);
    QTRY_VERIFY(client.isReady());
    QCOMPARE(refused.size(), 0);
    const QList<QJsonObject> auths = server.connectAuths();
    QCOMPARE(auths.size(), 3);
    QCOMPARE(auths.at(0).value(QLatin1String("name")).toString(), QStringLiteral("Dana"));
    QCOMPARE(auths.at(1).value(QLatin1String("token")).toString(), QStringLiteral("g1"));
    QCOMPARE(auths.at(2).value(QLatin1String("name")).toString(), QStringLiteral("Dana"));
    client.disconnectFromServer();
}

void tst_ChatClientSignIn::passwordThenTokenOnReconnect()
{
    ScriptedSocketIoServer server;
    QVERIFY(server.listen());
    server.setConnectHandler([](QWebSocket *, const QJsonObject &auth) {
        return auth.contains(QLatin1String("token")) ? QStringLiteral(R"(40{"sid":"s2","user":{"id":7,"username":"dana","displayName":"Dana"}})")
                                                     : kWelcome;
    });
    ChatClient client;
    client.setSettings(ParleyTest::fastSettings());
    client.setSignIn(SignIn::withPassword(QStringLiteral("dana"), QStringLiteral("secret"), QStringLiteral("test")));
    QSignalSpy signedIn(&client, &ChatClient::signedIn);
    client.connectToServer(server.url());
    QTRY_COMPARE(signedIn.size(), 1);
    QCOMPARE(signedIn.at(0).at(0).value<Identity>().userId, 7);
    QCOMPARE(signedIn.at(0).at(1).toString(), QStringLiteral("tok-7"));
    QCOMPARE(client.identity().username, QStringLiteral("dana"));
    QCOMPARE(server.connectAuths().at(0).value(QLatin1String("password")).toString(), QStringLiteral("secret"));

    // The server drops the link: the client comes back with the token, not the password.
    server.sockets().constFirst()->abort();
    QTRY_COMPARE(signedIn.size(), 2);
    QCOMPARE(server.connectAuths().size(), 2);
    const QJsonObject second = server.connectAuths().at(1);
    QCOMPARE(second.value(QLatin1String("token")).toString(), QStringLiteral("tok-7"));
    QVERIFY(!second.contains(QLatin1String("password")));
    QCOMPARE(signedIn.at(1).at(1).toString(), QString()); // no new token this time
    client.disconnectFromServer();
}

void tst_ChatClientSignIn::ownIsDecidedBySenderIdNotName()
{
    ScriptedSocketIoServer server;
    QVERIFY(server.listen());
    server.setConnectHandler([](QWebSocket *, const QJsonObject &) { return kWelcome; });
    server.setEventHandler([](QWebSocket *s, const QString &event, const QJsonArray &args, qint64 ackId) {
        if (event != QLatin1String("join"))
            return;
        ScriptedSocketIoServer::ackJoin(s, ackId, args);
        // Another "Dana" (another account), then dana herself from another device.
        ScriptedSocketIoServer::emitTo(s, QStringLiteral("chat message"), {message(1, 99, QStringLiteral("Dana"))});
        ScriptedSocketIoServer::emitTo(s, QStringLiteral("chat message"), {message(2, 7, QStringLiteral("Dana"))});
    });
    ChatClient client;
    client.setSettings(ParleyTest::fastSettings());
    client.setUserName(QStringLiteral("Dana"));
    client.setSignIn(SignIn::withToken(QStringLiteral("tok-7")));
    ReceivedMessages received(&client);
    client.joinRoom(QStringLiteral("lobby"));
    client.connectToServer(server.url());
    QTRY_COMPARE(received.size(), 2);
    QCOMPARE(received.at(0).senderId, 99);
    QVERIFY(!received.at(0).own); // same display name, another person
    QCOMPARE(received.at(1).senderId, 7);
    QVERIFY(received.at(1).own);
    client.disconnectFromServer();
}

void tst_ChatClientSignIn::refusalStopsTheLink()
{
    ScriptedSocketIoServer server;
    QVERIFY(server.listen());
    server.setConnectHandler([](QWebSocket *, const QJsonObject &) {
        return QStringLiteral(R"(44{"message":"Your session has expired.","reason":"token expired"})");
    });
    ChatClient client;
    client.setSettings(ParleyTest::fastSettings());
    client.setSignIn(SignIn::withToken(QStringLiteral("old")));
    QSignalSpy refused(&client, &ChatClient::authRefused);
    QSignalSpy linkErrors(&client, &ChatClient::linkError);
    client.connectToServer(server.url());
    QTRY_COMPARE(refused.size(), 1);
    const AuthRefusal r = refused.at(0).at(0).value<AuthRefusal>();
    QCOMPARE(r.reason, QStringLiteral("token expired"));
    QVERIFY(r.tokenRejected());
    QTRY_COMPARE(client.connectionState(), IMConnector::State::Disconnected);
    QCOMPARE(client.retryRemainingMs(), -1); // no retry storm: it waits for the user
    QVERIFY(!linkErrors.isEmpty());
    QVERIFY(!IMConnector::isTransient(linkErrors.constLast().at(0).value<IMConnector::Error>()));
    QCOMPARE(server.connectAuths().size(), 1);
}

PARLEY_TEST_GUILESS_MAIN(tst_ChatClientSignIn)
#include "tst_chatclientsignin.moc"
