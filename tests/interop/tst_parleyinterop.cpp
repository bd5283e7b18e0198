// Proof that parley-server is a real Socket.IO server: the official Node socket.io-client and a
// Parley ChatClient sit in one room on parley-server and talk both ways, with acks; and with
// accounts: refused without credentials where guests are off, signed up and chatting with them.
#include "interophelpers.h"
#include "nodepeer.h"
#include "parleyserver.h"
#include "signin.h"
#include "testmain.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QUuid>

using namespace interop;
using Delivery = ChatMessage::Delivery;

class tst_ParleyInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void officialClientAndParleyInOneRoom();
    void officialClientElsewhereHearsNothing();
    void officialClientWithOnlyANameIsRefusedWithoutGuests();
    void officialClientSignsUpAndChats();
};

void tst_ParleyInterop::initTestCase()
{
    PARLEY_REQUIRE_NODE_PEERS();
}

void tst_ParleyInterop::officialClientAndParleyInOneRoom()
{
    ParleyServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    Client alice(QStringLiteral("alice"), ServerKind::Parley);
    alice.client.joinRoom(QStringLiteral("lobby"));
    alice.client.connectToServer(server.url());
    QTRY_COMPARE(alice.joined.size(), 1);

    NodePeer node;
    QVERIFY2(node.start(QStringLiteral("parley-client.js"),
                        {server.url().toString(), QStringLiteral("node"), QStringLiteral("lobby")}),
             qPrintable(node.errorString()));
    // The join ack: ok, both members, the room's last sequence number.
    const QJsonObject joined = node.waitForEvent(QStringLiteral("joined"));
    const QJsonObject reply = joined.value(QLatin1String("reply")).toObject();
    QVERIFY(reply.value(QLatin1String("ok")).toBool());
    QCOMPARE(reply.value(QLatin1String("room")).toString(), QStringLiteral("lobby"));
    QVERIFY(reply.value(QLatin1String("members")).toArray().contains(QStringLiteral("alice")));
    QVERIFY(reply.value(QLatin1String("members")).toArray().contains(QStringLiteral("node")));
    QTRY_VERIFY(alice.client.members(QStringLiteral("lobby")).contains(QStringLiteral("node")));

    // Parley → socket.io-client (and Parley's own ack: Delivered).
    const QString text = QStringLiteral("hello node 👋 你好");
    const QString id = alice.client.sendMessage(QStringLiteral("lobby"), text);
    const QJsonObject heard = node.waitForEvent(QStringLiteral("chat message"));
    const QJsonObject message = heard.value(QLatin1String("message")).toObject();
    QCOMPARE(message.value(QLatin1String("text")).toString(), text);
    QCOMPARE(message.value(QLatin1String("sender")).toString(), QStringLiteral("alice"));
    QCOMPARE(message.value(QLatin1String("room")).toString(), QStringLiteral("lobby"));
    QCOMPARE(message.value(QLatin1String("clientId")).toString(), id);
    QTRY_COMPARE(alice.deliveriesOf(id), (QList<Delivery>{Delivery::Sent, Delivery::Delivered}));

    // socket.io-client → Parley, with an ack carrying the sequence number.
    const QString nodeId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    node.command(QJsonObject{{QStringLiteral("send"), QStringLiteral("hi alice, from socket.io-client 🎉")},
                             {QStringLiteral("clientId"), nodeId}});
    const QJsonObject ack = node.waitForEvent(QStringLiteral("ack")).value(QLatin1String("reply")).toObject();
    QVERIFY(ack.value(QLatin1String("ok")).toBool());
    QCOMPARE(ack.value(QLatin1String("clientId")).toString(), nodeId);
    QCOMPARE(ack.value(QLatin1String("seq")).toInt(), message.value(QLatin1String("seq")).toInt() + 1);
    QTRY_COMPARE(alice.received.size(), 1);
    const ChatMessage got = alice.receivedAt(0);
    QCOMPARE(got.text, QStringLiteral("hi alice, from socket.io-client 🎉"));
    QCOMPARE(got.sender, QStringLiteral("node"));
    QCOMPARE(got.room, QStringLiteral("lobby"));
    QCOMPARE(got.clientId, nodeId);
    QCOMPARE(got.seq, qint64(ack.value(QLatin1String("seq")).toInt()));
}

void tst_ParleyInterop::officialClientElsewhereHearsNothing()
{
    ParleyServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    Client alice(QStringLiteral("alice"), ServerKind::Parley);
    alice.client.joinRoom(QStringLiteral("lobby"));
    alice.client.connectToServer(server.url());
    QTRY_COMPARE(alice.joined.size(), 1);
    NodePeer node;
    QVERIFY2(node.start(QStringLiteral("parley-client.js"),
                        {server.url().toString(), QStringLiteral("node"), QStringLiteral("elsewhere")}),
             qPrintable(node.errorString()));
    const QString id = alice.client.sendMessage(QStringLiteral("lobby"), QStringLiteral("only for lobby"));
    QTRY_COMPARE(alice.deliveriesOf(id).size(), 2);
    // A message in the node client's own room does reach it: so "nothing" above is not silence.
    node.command(QJsonObject{{QStringLiteral("send"), QStringLiteral("in elsewhere")},
                             {QStringLiteral("clientId"), QUuid::createUuid().toString(QUuid::WithoutBraces)}});
    QVERIFY(!node.waitForEvent(QStringLiteral("ack")).isEmpty());
    QCOMPARE(node.events(QStringLiteral("chat message")).size(), 0);
    QCOMPARE(alice.received.size(), 0);
}

void tst_ParleyInterop::officialClientWithOnlyANameIsRefusedWithoutGuests()
{
    ServerSettings settings;
    settings.guests = false;
    ParleyServer server(settings);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    NodePeer node;
    QVERIFY2(node.start(QStringLiteral("parley-client.js"),
                        {server.url().toString(), QStringLiteral("alice"), QStringLiteral("lobby")}),
             qPrintable(node.errorString()));
    const QJsonObject refused = node.waitForEvent(QStringLiteral("connect_error"));
    QCOMPARE(refused.value(QLatin1String("data")).toObject().value(QLatin1String("reason")).toString(),
             QStringLiteral("auth required"));
    QVERIFY(!refused.value(QLatin1String("message")).toString().isEmpty());
    QCOMPARE(node.events(QStringLiteral("connect")).size(), 0);
}

void tst_ParleyInterop::officialClientSignsUpAndChats()
{
    ServerSettings settings; // registration open
    settings.guests = false;
    settings.passwordHashing = PasswordHasher::fastestSettings();
    ParleyServer server(settings);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));

    Client alice(QStringLiteral("alice"), ServerKind::Parley);
    alice.client.setSignIn(SignIn::withToken(server.localSignIn(QStringLiteral("alice"), QStringLiteral("Alice"))));
    alice.client.joinRoom(QStringLiteral("lobby"));
    alice.client.connectToServer(server.url());
    QTRY_COMPARE(alice.joined.size(), 1);

    NodePeer node;
    const QJsonObject auth{{QStringLiteral("register"), true},
                           {QStringLiteral("username"), QStringLiteral("nodeuser")},
                           {QStringLiteral("password"), QStringLiteral("from node, with love")}};
    QVERIFY2(node.start(QStringLiteral("parley-client.js"),
                        {server.url().toString(), QStringLiteral("ignored"), QStringLiteral("lobby"),
                         QStringLiteral("--auth"), QString::fromUtf8(QJsonDocument(auth).toJson(QJsonDocument::Compact))}),
             qPrintable(node.errorString()));
    const QJsonObject reply = node.waitForEvent(QStringLiteral("joined")).value(QLatin1String("reply")).toObject();
    QVERIFY(reply.value(QLatin1String("ok")).toBool());
    QVERIFY(reply.value(QLatin1String("members")).toArray().contains(QStringLiteral("nodeuser")));
    QVERIFY(server.accounts()->findAccount(QStringLiteral("nodeuser")).ok());

    const QString nodeId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    node.command(QJsonObject{{QStringLiteral("send"), QStringLiteral("signed up, saying hi")},
                             {QStringLiteral("clientId"), nodeId}});
    QVERIFY(node.waitForEvent(QStringLiteral("ack")).value(QLatin1String("reply")).toObject().value(QLatin1String("ok")).toBool());
    QTRY_COMPARE(alice.received.size(), 1);
    const ChatMessage got = alice.receivedAt(0);
    QCOMPARE(got.text, QStringLiteral("signed up, saying hi"));
    QCOMPARE(got.sender, QStringLiteral("nodeuser"));
    QCOMPARE(got.senderUsername, QStringLiteral("nodeuser"));
    QCOMPARE(got.senderId, server.accounts()->findAccount(QStringLiteral("nodeuser")).value.id);

    const QString id = alice.client.sendMessage(QStringLiteral("lobby"), QStringLiteral("welcome"));
    const QJsonObject heard = node.waitForEvent(QStringLiteral("chat message")).value(QLatin1String("message")).toObject();
    QCOMPARE(heard.value(QLatin1String("clientId")).toString(), id);
    QCOMPARE(heard.value(QLatin1String("sender")).toString(), QStringLiteral("Alice"));
    QCOMPARE(heard.value(QLatin1String("senderUsername")).toString(), QStringLiteral("alice"));
    QCOMPARE(heard.value(QLatin1String("senderId")).toInteger(), alice.client.identity().userId);
}

PARLEY_TEST_GUILESS_MAIN(tst_ParleyInterop)
#include "tst_parleyinterop.moc"
