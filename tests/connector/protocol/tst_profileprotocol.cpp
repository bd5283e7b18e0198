// ProfileProtocol under ChatClient against an in-process scripted Socket.IO server: payload shapes,
// receive events and fields, echo recognition, acks as receipts, refusals.
#include "chatclient.h"
#include "profileprotocol.h"
#include "receivedmessages.h"
#include "scriptedsocketioserver.h"
#include "socketiocodec.h"
#include "testmain.h"
#include "testsettings.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;
using Delivery = ChatMessage::Delivery;

class tst_ProfileProtocol : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parseMessage_data();
    void parseMessage();
    void classicEchoNotShownTwice();
    void objectPayload();
    void ackMakesDelivered();
    void ackRefusalIsFailed();
};

namespace {
ServerProfile preset(const char *id)
{
    return *ServerProfile::preset(QLatin1String(id));
}

struct Fixture
{
    explicit Fixture(const ServerProfile &profile, const QString &name = QStringLiteral("alice"))
    {
        ConnectorSettings settings = ParleyTest::fastSettings();
        settings.backoffCap = 200ms;
        client.setSettings(settings);
        client.setUserName(name);
        client.setProtocol(std::make_unique<ProfileProtocol>(client.connector(), profile));
    }
    ChatClient client;
    ReceivedMessages received{&client};
    QSignalSpy delivery{&client, &ChatClient::deliveryChanged};
};
} // namespace

void tst_ProfileProtocol::parseMessage_data()
{
    QTest::addColumn<QString>("profile");
    QTest::addColumn<QString>("args");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("sender");
    QTest::newRow("classic string") << QStringLiteral("classic") << QStringLiteral("[\"hi\"]") << QStringLiteral("hi") << QStringLiteral("");
    QTest::newRow("classic string + recovery offset") << QStringLiteral("classic") << QStringLiteral("[\"hi\",\"OFF\"]") << QStringLiteral("hi") << QStringLiteral("");
    QTest::newRow("group object") << QStringLiteral("group") << QStringLiteral("[{\"name\":\"bob\",\"msg\":\"yo\"}]") << QStringLiteral("yo") << QStringLiteral("bob");
    QTest::newRow("classic guesses fields") << QStringLiteral("classic") << QStringLiteral("[{\"user\":\"u\",\"text\":\"t\"}]") << QStringLiteral("t") << QStringLiteral("u");
    QTest::newRow("number") << QStringLiteral("classic") << QStringLiteral("[7]") << QStringLiteral("7") << QStringLiteral("");
    QTest::newRow("nothing") << QStringLiteral("classic") << QStringLiteral("[]") << QStringLiteral("") << QStringLiteral("");
    QTest::newRow("object without text") << QStringLiteral("group") << QStringLiteral("[{\"x\":1}]") << QStringLiteral("") << QStringLiteral("");
}

void tst_ProfileProtocol::parseMessage()
{
    QFETCH(QString, profile);
    QFETCH(QString, args);
    QFETCH(QString, text);
    QFETCH(QString, sender);
    ChatMessage m;
    const bool ok = ProfileProtocol::parseMessage(*ServerProfile::preset(profile),
                                                  QJsonDocument::fromJson(args.toUtf8()).array(), {}, &m);
    QCOMPARE(ok, !text.isEmpty());
    if (ok) {
        QCOMPARE(m.text, text);
        QCOMPARE(m.sender, sender);
        QVERIFY(m.clientId.isEmpty());
        QCOMPARE(m.seq, 0);
    }
    // A binary attachment in place of the text.
    QVERIFY(ProfileProtocol::parseMessage(preset("classic"), {SocketIoCodec::placeholder(0)}, {QByteArray("abc")}, &m));
    QCOMPARE(m.text, QStringLiteral("binary, 3 byte(s)"));
}

void tst_ProfileProtocol::classicEchoNotShownTwice()
{
    ScriptedSocketIoServer server;
    server.setEventHandler([&](QWebSocket *, const QString &event, const QJsonArray &args, qint64) {
        if (event == QLatin1String("chat message")) {
            for (const auto &s : server.sockets())
                if (s)
                    ScriptedSocketIoServer::emitTo(s, QStringLiteral("chat message"), args); // io.emit
        }
    });
    QVERIFY(server.listen());
    Fixture alice(preset("classic"));
    Fixture bob(preset("classic"), QStringLiteral("bob"));
    alice.client.connectToServer(server.url());
    bob.client.connectToServer(server.url());
    QTRY_VERIFY(alice.client.isReady() && bob.client.isReady());
    alice.client.sendMessage(QStringLiteral("lobby"), QStringLiteral("once"));
    QTRY_COMPARE(bob.received.size(), 1);
    // bob says the same words: alice's echo window must not swallow bob's message.
    bob.client.sendMessage(QStringLiteral("lobby"), QStringLiteral("once"));
    QTRY_COMPARE(alice.received.size(), 1);
    QCOMPARE(alice.received.at(0).text, QStringLiteral("once"));
    QCOMPARE(server.eventCount(QStringLiteral("chat message")), 2);
    QTRY_COMPARE(bob.received.size(), 1);
}

void tst_ProfileProtocol::objectPayload()
{
    ScriptedSocketIoServer server;
    QJsonArray seen;
    server.setEventHandler([&](QWebSocket *, const QString &event, const QJsonArray &args, qint64) {
        if (event == QLatin1String("message"))
            seen = args;
    });
    QVERIFY(server.listen());
    Fixture alice(preset("group"));
    alice.client.connectToServer(server.url());
    QTRY_VERIFY(alice.client.isReady());
    alice.client.sendMessage(QStringLiteral("lobby"), QStringLiteral("hello"));
    QTRY_COMPARE(seen.size(), 1);
    QCOMPARE(seen.at(0).toObject(),
             (QJsonObject{{QStringLiteral("name"), QStringLiteral("alice")}, {QStringLiteral("msg"), QStringLiteral("hello")}}));
    // Events not in the profile are not messages.
    ScriptedSocketIoServer::emitTo(server.sockets().constFirst(), QStringLiteral("typing"), {QStringLiteral("x")});
    ScriptedSocketIoServer::emitTo(server.sockets().constFirst(), QStringLiteral("servermessage"),
                                   {QJsonObject{{QStringLiteral("name"), QStringLiteral("s")}, {QStringLiteral("msg"), QStringLiteral("m")}}});
    QTRY_COMPARE(alice.received.size(), 1);
    QCOMPARE(alice.received.at(0).text, QStringLiteral("m"));
}

void tst_ProfileProtocol::ackMakesDelivered()
{
    ScriptedSocketIoServer server;
    server.setEventHandler([](QWebSocket *s, const QString &, const QJsonArray &, qint64 ackId) {
        if (ackId >= 0)
            ScriptedSocketIoServer::ack(s, ackId, {QStringLiteral("got it")});
    });
    QVERIFY(server.listen());
    ServerProfile p = preset("classic");
    p.sendWithAck = true;
    Fixture alice(p);
    alice.client.connectToServer(server.url());
    QTRY_VERIFY(alice.client.isReady());
    const QString id = alice.client.sendMessage(QStringLiteral("lobby"), QStringLiteral("receipt please"));
    QTRY_COMPARE(alice.delivery.size(), 2);
    QCOMPARE(alice.delivery.at(1).at(0).toString(), id);
    QCOMPARE(alice.delivery.at(1).at(1).value<Delivery>(), Delivery::Delivered);
}

void tst_ProfileProtocol::ackRefusalIsFailed()
{
    ScriptedSocketIoServer server;
    server.setEventHandler([](QWebSocket *s, const QString &, const QJsonArray &, qint64 ackId) {
        if (ackId >= 0)
            ScriptedSocketIoServer::ack(s, ackId, {QJsonObject{{QStringLiteral("error"), QStringLiteral("muted")}}});
    });
    QVERIFY(server.listen());
    ServerProfile p = preset("classic");
    p.sendWithAck = true;
    Fixture alice(p);
    QSignalSpy errors(&alice.client, &ChatClient::errorOccurred);
    alice.client.connectToServer(server.url());
    QTRY_VERIFY(alice.client.isReady());
    alice.client.sendMessage(QStringLiteral("lobby"), QStringLiteral("x"));
    QTRY_COMPARE(alice.delivery.size(), 2);
    QCOMPARE(alice.delivery.at(1).at(1).value<Delivery>(), Delivery::Failed);
    QVERIFY(errors.last().at(0).toString().contains(QLatin1String("muted")));
}

PARLEY_TEST_GUILESS_MAIN(tst_ProfileProtocol)
#include "tst_profileprotocol.moc"
