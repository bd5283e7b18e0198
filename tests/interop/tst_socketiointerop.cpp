// Parley's Socket.IO dialect (ProfileProtocol on SocketIoSession) against real Node socket.io 4.8
// servers: the chat tutorial, a group chat, and one using namespaces, auth, acks, binary data and
// connection state recovery.
#include "faultproxy.h"
#include "interophelpers.h"
#include "nodepeer.h"
#include "profileprotocol.h"
#include "socketiocodec.h"
#include "socketiosession.h"
#include "testmain.h"

#include <QJsonArray>
#include <QTest>

using namespace interop;
using Delivery = ChatMessage::Delivery;

class tst_SocketIoInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void classicChat();
    void groupChat();
    void utf8AndEmoji();
    void namespaceWithAuth();
    void connectErrorStopsRetries();
    void acksBothWays();
    void binaryAttachments();
    void filesGoAsAttachments();
    void filesInAnObjectPayload();
    void connectionStateRecovery();

private:
    NodePeer *m_peer = nullptr;
};

void tst_SocketIoInterop::initTestCase()
{
    PARLEY_REQUIRE_NODE_PEERS();
}

void tst_SocketIoInterop::init()
{
    m_peer = new NodePeer(this);
}

void tst_SocketIoInterop::cleanup()
{
    delete m_peer;
    m_peer = nullptr;
}

void tst_SocketIoInterop::classicChat()
{
    QVERIFY2(m_peer->start(QStringLiteral("socketio-chat.js")), qPrintable(m_peer->errorString()));
    Client alice(QStringLiteral("alice"), ServerKind::SocketIo, profile("classic"));
    Client bob(QStringLiteral("bob"), ServerKind::SocketIo, profile("classic"));
    for (Client *c : {&alice, &bob}) {
        c->client.joinRoom(QStringLiteral("lobby"));
        c->client.connectToServer(m_peer->url());
    }
    QTRY_VERIFY(alice.isReady());
    QTRY_VERIFY(bob.isReady());
    // Parley says what this server cannot do.
    QVERIFY(!alice.errors.isEmpty());
    QVERIFY(alice.errors.at(0).at(0).toString().contains(QLatin1String("Sent")));
    QCOMPARE(alice.client.capabilities().acks, false);

    const QString id = alice.client.sendMessage(QStringLiteral("lobby"), QStringLiteral("hello from alice"));
    QVERIFY(!id.isEmpty());
    const QJsonObject logged = m_peer->waitForEvent(QStringLiteral("chat message"));
    QCOMPARE(logged.value(QLatin1String("msg")).toString(), QStringLiteral("hello from alice"));
    QTRY_COMPARE(bob.received.size(), 1);
    QCOMPARE(bob.receivedAt(0).text, QStringLiteral("hello from alice"));
    QCOMPARE(bob.receivedAt(0).sender, QString()); // the tutorial sends bare strings
    // No receipts from this server: Sent is as far as it goes.
    QCOMPARE(alice.deliveriesOf(id), (QList<Delivery>{Delivery::Sent}));

    // The server sends alice's message back to her too (io.emit): not shown twice. A message the
    // server broadcasts itself reaches both.
    m_peer->command(QJsonObject{{QStringLiteral("emit"), QStringLiteral("chat message")},
                                {QStringLiteral("args"), QJsonArray{QStringLiteral("from the server")}}});
    QTRY_COMPARE(alice.received.size(), 1);
    QCOMPARE(alice.receivedAt(0).text, QStringLiteral("from the server"));
    QTRY_COMPARE(bob.received.size(), 2);
    QCOMPARE(bob.receivedAt(1).text, QStringLiteral("from the server"));

    // bob answers; alice gets it.
    bob.client.sendMessage(QStringLiteral("lobby"), QStringLiteral("hi alice"));
    QTRY_COMPARE(alice.received.size(), 2);
    QCOMPARE(alice.receivedAt(1).text, QStringLiteral("hi alice"));
    QCOMPARE(bob.received.size(), 2);
}

void tst_SocketIoInterop::groupChat()
{
    QVERIFY2(m_peer->start(QStringLiteral("socketio-group.js")), qPrintable(m_peer->errorString()));
    Client alice(QStringLiteral("alice"), ServerKind::SocketIo, profile("group"));
    Client bob(QStringLiteral("bob"), ServerKind::SocketIo, profile("group"));
    for (Client *c : {&alice, &bob})
        c->client.connectToServer(m_peer->url());
    // Each gets the server's welcome, with the sender named by the "name" field.
    QTRY_COMPARE(alice.received.size(), 1);
    QTRY_COMPARE(bob.received.size(), 1);
    QCOMPARE(alice.receivedAt(0).sender, QStringLiteral("server"));
    QCOMPARE(alice.receivedAt(0).text, QStringLiteral("Welcome to the group chat!"));

    alice.client.sendMessage(QStringLiteral("lobby"), QStringLiteral("hello group"));
    const QJsonObject logged = m_peer->waitForEvent(QStringLiteral("message"));
    QCOMPARE(logged.value(QLatin1String("data")).toObject(),
             (QJsonObject{{QStringLiteral("name"), QStringLiteral("alice")}, {QStringLiteral("msg"), QStringLiteral("hello group")}}));
    QTRY_COMPARE(bob.received.size(), 2);
    QCOMPARE(bob.receivedAt(1).sender, QStringLiteral("alice"));
    QCOMPARE(bob.receivedAt(1).text, QStringLiteral("hello group"));
    QVERIFY(!bob.receivedAt(1).own);
    QVERIFY(bob.receivedAt(1).raw.contains(QLatin1String("\"msg\":\"hello group\"")));
    QCOMPARE(alice.received.size(), 1); // socket.broadcast.emit: not back to the sender
}

void tst_SocketIoInterop::utf8AndEmoji()
{
    QVERIFY2(m_peer->start(QStringLiteral("socketio-chat.js")), qPrintable(m_peer->errorString()));
    Client alice(QStringLiteral("alice"), ServerKind::SocketIo, profile("classic"));
    Client bob(QStringLiteral("bob"), ServerKind::SocketIo, profile("classic"));
    for (Client *c : {&alice, &bob})
        c->client.connectToServer(m_peer->url());
    QTRY_VERIFY(alice.isReady());
    QTRY_VERIFY(bob.isReady());
    const QString text = QStringLiteral("你好，世界 👋🏽 ünïcødé \"quoted\" \\ 🇨🇳 \u200d end");
    alice.client.sendMessage(QStringLiteral("lobby"), text);
    QCOMPARE(m_peer->waitForEvent(QStringLiteral("chat message")).value(QLatin1String("msg")).toString(), text);
    QTRY_COMPARE(bob.received.size(), 1);
    QCOMPARE(bob.receivedAt(0).text, text);
}

void tst_SocketIoInterop::namespaceWithAuth()
{
    QVERIFY2(m_peer->start(QStringLiteral("socketio-features.js")), qPrintable(m_peer->errorString()));
    ServerProfile admin = profile("classic");
    admin.nameSpace = QStringLiteral("/admin");
    admin.auth = QJsonObject{{QStringLiteral("token"), QStringLiteral("s3cret")}};
    admin.authNameField = QStringLiteral("name");
    Client alice(QStringLiteral("alice"), ServerKind::SocketIo, admin);
    alice.client.connectToServer(m_peer->url());
    QTRY_VERIFY(alice.isReady());
    const QJsonObject connection = m_peer->waitFor([](const QJsonObject &o) {
        return o.value(QLatin1String("event")).toString() == QLatin1String("connection")
            && o.value(QLatin1String("nsp")).toString() == QLatin1String("/admin");
    });
    QCOMPARE(connection.value(QLatin1String("auth")).toObject(),
             (QJsonObject{{QStringLiteral("token"), QStringLiteral("s3cret")}, {QStringLiteral("name"), QStringLiteral("alice")}}));
    alice.client.sendMessage(QStringLiteral("lobby"), QStringLiteral("hi admins"));
    QTRY_COMPARE(alice.received.size(), 1);
    QCOMPARE(alice.receivedAt(0).text, QStringLiteral("[admin] hi admins"));
    // Messages of the default namespace do not leak into /admin.
    m_peer->command(QJsonObject{{QStringLiteral("emit"), QStringLiteral("chat message")},
                                {QStringLiteral("args"), QJsonArray{QStringLiteral("for / only")}}});
    m_peer->waitForEvent(QStringLiteral("emitted"));
    alice.client.sendMessage(QStringLiteral("lobby"), QStringLiteral("second"));
    QTRY_COMPARE(alice.received.size(), 2);
    QCOMPARE(alice.receivedAt(1).text, QStringLiteral("[admin] second"));
}

void tst_SocketIoInterop::connectErrorStopsRetries()
{
    QVERIFY2(m_peer->start(QStringLiteral("socketio-features.js")), qPrintable(m_peer->errorString()));
    ServerProfile admin = profile("classic");
    admin.nameSpace = QStringLiteral("/admin");
    admin.auth = QJsonObject{{QStringLiteral("token"), QStringLiteral("wrong")}};
    Client alice(QStringLiteral("alice"), ServerKind::SocketIo, admin);
    QSignalSpy connectorErrors(alice.client.connector(), &IMConnector::errorOccurred);
    QSignalSpy retries(&alice.client, &ChatClient::reconnectScheduled);
    alice.client.connectToServer(m_peer->url());
    QVERIFY(connectorErrors.wait(NodePeer::kLineTimeoutMs));
    QCOMPARE(connectorErrors.at(0).at(0).value<IMConnector::Error>(), IMConnector::Error::Refused);
    QVERIFY(connectorErrors.at(0).at(1).toString().contains(QLatin1String("not authorized")));
    QVERIFY(alice.errors.at(0).at(0).toString().contains(QLatin1String("not authorized")));
    // No retry storm: one refusal, no reconnect scheduled or pending, no second connect at the server.
    QCOMPARE(alice.client.connectionState(), IMConnector::State::Disconnected);
    QCOMPARE(retries.size(), 0);
    QCOMPARE(alice.client.connector()->retryRemainingMs(), -1);
    QCOMPARE(m_peer->events(QStringLiteral("refused")).size(), 1);
    QVERIFY(!alice.isReady());
}

void tst_SocketIoInterop::acksBothWays()
{
    QVERIFY2(m_peer->start(QStringLiteral("socketio-features.js")), qPrintable(m_peer->errorString()));
    ServerProfile withAcks = profile("classic");
    withAcks.sendWithAck = true;
    Client alice(QStringLiteral("alice"), ServerKind::SocketIo, withAcks);
    alice.client.connectToServer(m_peer->url());
    QTRY_VERIFY(alice.isReady());
    QCOMPARE(alice.client.capabilities().acks, true);

    // Parley → server: the server's callback turns Sent into Delivered.
    const QString id = alice.client.sendMessage(QStringLiteral("lobby"), QStringLiteral("ack me 👍"));
    QTRY_COMPARE(alice.deliveriesOf(id), (QList<Delivery>{Delivery::Sent, Delivery::Delivered}));
    const QJsonObject logged = m_peer->waitForEvent(QStringLiteral("chat message"));
    QVERIFY(logged.value(QLatin1String("withAck")).toBool());

    // Server → Parley: a message that asks for an acknowledgement is shown and answered.
    m_peer->command(QJsonObject{{QStringLiteral("ask"), QStringLiteral("chat message")},
                                {QStringLiteral("args"), QJsonArray{QStringLiteral("are you there?")}}});
    const QJsonObject answer = m_peer->waitForEvent(QStringLiteral("answer"));
    QCOMPARE(answer.value(QLatin1String("answer")).toObject(), (QJsonObject{{QStringLiteral("ok"), true}}));
    QTRY_VERIFY(alice.receivedTexts().contains(QStringLiteral("are you there?")));
}

void tst_SocketIoInterop::binaryAttachments()
{
    QVERIFY2(m_peer->start(QStringLiteral("socketio-features.js")), qPrintable(m_peer->errorString()));
    Client alice(QStringLiteral("alice"), ServerKind::SocketIo, profile("classic"));
    alice.client.connectToServer(m_peer->url());
    QTRY_VERIFY(alice.isReady());
    auto *protocol = qobject_cast<ProfileProtocol *>(alice.client.protocol());
    QVERIFY(protocol);

    // Parley → server: "45" with a placeholder, then the bytes; a binary ack ("46") comes back.
    const QByteArray bytes("\x00\x01\xfe\xff\x80", 5);
    QJsonArray ackArgs;
    QList<QByteArray> ackAttachments;
    bool acked = false;
    QVERIFY(protocol->session()->emitEventWithAttachments(
        QStringLiteral("upload"), {QJsonObject{{QStringLiteral("name"), QStringLiteral("a.bin")}}, SocketIoCodec::placeholder(0)},
        {bytes}, [&](const QJsonArray &a, const QList<QByteArray> &b) {
            acked = true;
            ackArgs = a;
            ackAttachments = b;
        }));
    const QJsonObject upload = m_peer->waitForEvent(QStringLiteral("upload"));
    QVERIFY(upload.value(QLatin1String("isBuffer")).toBool());
    QCOMPARE(upload.value(QLatin1String("hex")).toString(), QStringLiteral("0001feff80"));
    QTRY_VERIFY(acked);
    QCOMPARE(ackArgs.at(0).toObject().value(QLatin1String("size")).toInt(), 5);
    QCOMPARE(ackAttachments, QList<QByteArray>{QByteArray("thumb")});

    // Server → Parley: the server broadcast the Buffer as a "chat message": shown as binary data.
    QTRY_COMPARE(alice.received.size(), 1);
    QCOMPARE(alice.receivedAt(0).text, QStringLiteral("binary, 5 byte(s)"));
    QCOMPARE(alice.receivedAt(0).raw, QStringLiteral("data:application/octet-stream;base64,") + QString::fromLatin1(bytes.toBase64()));

    // An image arrives as an image, its bytes in raw for an inline view.
    m_peer->command(QJsonObject{{QStringLiteral("emitPng"), QStringLiteral("chat message")}});
    QTRY_COMPARE(alice.received.size(), 2);
    QVERIFY2(alice.receivedAt(1).text.startsWith(QLatin1String("image (image/png)")), qPrintable(alice.receivedAt(1).text));
    QVERIFY(alice.receivedAt(1).raw.startsWith(QLatin1String("data:image/png;base64,iVBORw0KGgo")));
}

void tst_SocketIoInterop::filesGoAsAttachments()
{
    // The classic profile, told that the server takes files: each goes as the event's one
    // binary attachment, its caption as a text message after it.
    QVERIFY2(m_peer->start(QStringLiteral("socketio-features.js")), qPrintable(m_peer->errorString()));
    ServerProfile withFiles = profile("classic");
    withFiles.sendFiles = true;
    Client alice(QStringLiteral("alice"), ServerKind::SocketIo, withFiles);
    Client bob(QStringLiteral("bob"), ServerKind::SocketIo, profile("classic"));
    for (Client *c : {&alice, &bob})
        c->client.connectToServer(m_peer->url());
    QTRY_VERIFY(alice.isReady() && bob.isReady());
    QVERIFY(alice.client.hasFiles());
    QCOMPARE(alice.client.maxFileSize(), qint64(1'000'000));
    QVERIFY(!bob.client.hasFiles()); // a profile that does not say so sends none

    QTemporaryDir dir;
    QByteArray bytes;
    const QString path = writeBytes(dir, QStringLiteral("notes.bin"), 3000, &bytes);
    QVERIFY(alice.client.sendFile(QStringLiteral("lobby"), path, QStringLiteral("the notes")));
    const QJsonObject file = m_peer->waitForEvent(QStringLiteral("chat message"));
    QVERIFY(file.value(QLatin1String("isBuffer")).toBool());
    QCOMPARE(file.value(QLatin1String("msg")).toObject().value(QLatin1String("size")).toInt(), 3000);
    QCOMPARE(file.value(QLatin1String("msg")).toObject().value(QLatin1String("sha256")).toString(), sha256Hex(bytes));
    QTRY_COMPARE(m_peer->events(QStringLiteral("chat message")).size(), 2);
    QCOMPARE(m_peer->events(QStringLiteral("chat message")).at(1).value(QLatin1String("msg")).toString(),
             QStringLiteral("the notes"));
    // The server sends both to everyone: bob sees the data, then the caption; alice's own echoes
    // are recognised and not shown again.
    QTRY_COMPARE(bob.received.size(), 2);
    QCOMPARE(bob.receivedAt(0).text, QStringLiteral("binary, 3000 byte(s)"));
    QCOMPARE(bob.receivedAt(0).raw, QStringLiteral("data:application/octet-stream;base64,") + QString::fromLatin1(bytes.toBase64()));
    QCOMPARE(bob.receivedAt(1).text, QStringLiteral("the notes"));
    QCOMPARE(alice.received.size(), 0);

    // Over the profile's largest file: refused before it is read or queued.
    QSignalSpy refused(&alice.client, &ChatClient::fileRefused);
    QByteArray big;
    QVERIFY(alice.client.sendFile(QStringLiteral("lobby"), writeBytes(dir, QStringLiteral("big.bin"), 1'000'001, &big)));
    QTRY_COMPARE(refused.size(), 1);
    QVERIFY(alice.client.outbox().isEmpty());
    QCOMPARE(m_peer->events(QStringLiteral("chat message")).size(), 2);
}

void tst_SocketIoInterop::filesInAnObjectPayload()
{
    // A server whose "post" event takes {name, msg, file, fileName, fileType} and passes it on.
    QVERIFY2(m_peer->start(QStringLiteral("socketio-features.js")), qPrintable(m_peer->errorString()));
    ServerProfile post = profile("group");
    post.id = QStringLiteral("post");
    post.sendEvent = QStringLiteral("post");
    post.receiveEvents = QStringList{QStringLiteral("posted")};
    post.sendWithAck = true;
    post.sendFiles = true;
    QVERIFY2(post.validate().isEmpty(), qPrintable(post.validate()));
    Client alice(QStringLiteral("alice"), ServerKind::SocketIo, post);
    Client bob(QStringLiteral("bob"), ServerKind::SocketIo, post);
    for (Client *c : {&alice, &bob})
        c->client.connectToServer(m_peer->url());
    QTRY_VERIFY(alice.isReady() && bob.isReady());

    QTemporaryDir dir;
    QByteArray bytes;
    const QString path = writeBytes(dir, QStringLiteral("plan.pdf"), 5000, &bytes);
    QSignalSpy queued(&alice.client, &ChatClient::messageQueued);
    QVERIFY(alice.client.sendFile(QStringLiteral("lobby"), path, QStringLiteral("the plan")));
    const QJsonObject sent = m_peer->waitForEvent(QStringLiteral("post"));
    QCOMPARE(sent.value(QLatin1String("name")).toString(), QStringLiteral("alice"));
    QCOMPARE(sent.value(QLatin1String("msg")).toString(), QStringLiteral("the plan"));
    QCOMPARE(sent.value(QLatin1String("fileName")).toString(), QStringLiteral("plan.pdf"));
    QCOMPARE(sent.value(QLatin1String("fileType")).toString(), QStringLiteral("application/pdf"));
    QVERIFY(sent.value(QLatin1String("isBuffer")).toBool());
    QCOMPARE(sent.value(QLatin1String("sha256")).toString(), sha256Hex(bytes));
    QTRY_COMPARE(queued.size(), 1);
    const QString clientId = queued.constFirst().at(0).value<ChatMessage>().clientId;
    QTRY_COMPARE(alice.deliveriesOf(clientId).constLast(), Delivery::Delivered); // the server's ack

    QTRY_COMPARE(bob.received.size(), 1);
    QCOMPARE(bob.receivedAt(0).sender, QStringLiteral("alice"));
    QCOMPARE(bob.receivedAt(0).text, QStringLiteral("the plan\nbinary, 5000 byte(s)"));
    QVERIFY(bob.receivedAt(0).raw.endsWith(QString::fromLatin1(bytes.toBase64())));
}

void tst_SocketIoInterop::connectionStateRecovery()
{
    QVERIFY2(m_peer->start(QStringLiteral("socketio-chat.js"), {QStringLiteral("--recovery")}),
             qPrintable(m_peer->errorString()));
    FaultProxy proxy;
    QVERIFY(proxy.listen());
    const quint16 proxyPort = proxy.port();
    proxy.setUpstream(QHostAddress::LocalHost, m_peer->port());

    Client alice(QStringLiteral("alice"), ServerKind::SocketIo, profile("classic"));
    auto *protocol = qobject_cast<ProfileProtocol *>(alice.client.protocol());
    QVERIFY(protocol);
    alice.client.connectToServer(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(proxyPort)));
    QTRY_VERIFY(alice.isReady());
    QVERIFY(protocol->session()->recoveryOffered());

    // One stored message first: its offset is where the server resumes.
    m_peer->command(QJsonObject{{QStringLiteral("emit"), QStringLiteral("chat message")},
                                {QStringLiteral("args"), QJsonArray{QStringLiteral("before")}}});
    QTRY_COMPARE(alice.received.size(), 1);
    QCOMPARE(alice.receivedAt(0).text, QStringLiteral("before"));
    QVERIFY(!protocol->session()->recoveryOffset().isEmpty());

    // The link is cut and stays down; the server notices, then broadcasts.
    proxy.close();
    QCOMPARE(m_peer->waitForEvent(QStringLiteral("disconnect")).value(QLatin1String("reason")).toString(),
             QStringLiteral("transport close"));
    m_peer->command(QJsonObject{{QStringLiteral("emit"), QStringLiteral("chat message")},
                                {QStringLiteral("args"), QJsonArray{QStringLiteral("during the outage")}}});
    QVERIFY(!m_peer->waitForEvent(QStringLiteral("emitted")).isEmpty());
    QTRY_VERIFY(!alice.isReady());

    // The link comes back: the session is recovered and the missed message arrives.
    QVERIFY(proxy.listen(proxyPort));
    const QJsonObject recovered = m_peer->waitFor([](const QJsonObject &o) {
        return o.value(QLatin1String("event")).toString() == QLatin1String("connection")
            && o.value(QLatin1String("recovered")).toBool();
    });
    QVERIFY2(!recovered.isEmpty(), "the server did not recover the session");
    QTRY_COMPARE(alice.received.size(), 2);
    QCOMPARE(alice.receivedAt(1).text, QStringLiteral("during the outage"));
    QVERIFY(protocol->session()->wasRecovered());
}

PARLEY_TEST_GUILESS_MAIN(tst_SocketIoInterop)
#include "tst_socketiointerop.moc"
