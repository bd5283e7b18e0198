// Parley's raw dialect (RawProtocol) against real Node websocket servers: the `ws` README server
// ('hello' + data) and a nodejs-websocket tutorial server (greeting, JSON answers).
#include "interophelpers.h"
#include "nodepeer.h"
#include "testmain.h"

#include <QJsonDocument>
#include <QTest>

using namespace interop;
using Delivery = ChatMessage::Delivery;

class tst_RawInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void wsHello();
    void wsBinaryFrames();
    void filesGoAsBinaryFrames();
    void wsWithPath();
    void nodejsWebsocket();

private:
    NodePeer *m_peer = nullptr;
};

void tst_RawInterop::initTestCase()
{
    PARLEY_REQUIRE_NODE_PEERS();
}

void tst_RawInterop::init()
{
    m_peer = new NodePeer(this);
}

void tst_RawInterop::cleanup()
{
    delete m_peer;
    m_peer = nullptr;
}

void tst_RawInterop::wsHello()
{
    QVERIFY2(m_peer->start(QStringLiteral("ws-hello.js")), qPrintable(m_peer->errorString()));
    Client alice(QStringLiteral("alice"), ServerKind::Raw);
    alice.client.joinRoom(QStringLiteral("lobby"));
    alice.client.connectToServer(m_peer->url());
    QTRY_VERIFY(alice.isReady());
    QVERIFY(alice.errors.at(0).at(0).toString().contains(QLatin1String("plain WebSocket")));

    const QString id = alice.client.sendMessage(QStringLiteral("lobby"), QStringLiteral("world 🌍"));
    QCOMPARE(m_peer->waitForEvent(QStringLiteral("message")).value(QLatin1String("data")).toString(),
             QStringLiteral("world 🌍"));
    QTRY_COMPARE(alice.received.size(), 1);
    QCOMPARE(alice.receivedAt(0).text, QStringLiteral("helloworld 🌍"));
    QCOMPARE(alice.receivedAt(0).raw, QString()); // not JSON: shown as it is
    QCOMPARE(alice.deliveriesOf(id), (QList<Delivery>{Delivery::Sent}));
}

void tst_RawInterop::wsBinaryFrames()
{
    QVERIFY2(m_peer->start(QStringLiteral("ws-hello.js")), qPrintable(m_peer->errorString()));
    Client alice(QStringLiteral("alice"), ServerKind::Raw);
    alice.client.connectToServer(m_peer->url());
    QTRY_VERIFY(alice.isReady());
    QTRY_COMPARE(m_peer->events(QStringLiteral("connection")).size(), 1);

    m_peer->command(QJsonObject{{QStringLiteral("binary"), QStringLiteral("bytes")}});
    QTRY_COMPARE(alice.received.size(), 1);
    QCOMPARE(alice.receivedAt(0).text, QStringLiteral("binary, 5 byte(s)"));
    QVERIFY(alice.receivedAt(0).raw.startsWith(QLatin1String("data:application/octet-stream;base64,")));

    m_peer->command(QJsonObject{{QStringLiteral("binary"), QStringLiteral("png")}});
    QTRY_COMPARE(alice.received.size(), 2);
    QVERIFY2(alice.receivedAt(1).text.startsWith(QLatin1String("image (image/png)")), qPrintable(alice.receivedAt(1).text));
    QVERIFY(alice.receivedAt(1).raw.startsWith(QLatin1String("data:image/png;base64,")));
}

void tst_RawInterop::filesGoAsBinaryFrames()
{
    QVERIFY2(m_peer->start(QStringLiteral("ws-hello.js")), qPrintable(m_peer->errorString()));
    Client alice(QStringLiteral("alice"), ServerKind::Raw);
    alice.client.connectToServer(m_peer->url());
    QTRY_VERIFY(alice.isReady());
    QVERIFY(alice.client.hasFiles());
    QCOMPARE(alice.client.maxFileSize(), ConnectorSettings().maxRawFileSize);

    QTemporaryDir dir;
    QByteArray bytes;
    QVERIFY(alice.client.sendFile(QStringLiteral("lobby"), writeBytes(dir, QStringLiteral("a.bin"), 70'000, &bytes),
                                  QStringLiteral("caption")));
    const QJsonObject frame = m_peer->waitForEvent(QStringLiteral("binary"));
    QCOMPARE(frame.value(QLatin1String("size")).toInt(), 70'000);
    QCOMPARE(frame.value(QLatin1String("sha256")).toString(), sha256Hex(bytes));
    QCOMPARE(m_peer->waitForEvent(QStringLiteral("message")).value(QLatin1String("data")).toString(),
             QStringLiteral("caption"));
    QTRY_COMPARE(alice.received.size(), 2);
    QCOMPARE(alice.receivedTexts(), (QStringList{QStringLiteral("hello 70000 bytes"), QStringLiteral("hellocaption")}));
    QTRY_VERIFY(alice.client.outbox().isEmpty());
}

void tst_RawInterop::wsWithPath()
{
    // ws with `path`: only /chat is served; the URL is used exactly as given.
    QVERIFY2(m_peer->start(QStringLiteral("ws-hello.js"), {QStringLiteral("--path"), QStringLiteral("/chat")}),
             qPrintable(m_peer->errorString()));
    Client alice(QStringLiteral("alice"), ServerKind::Raw);
    alice.client.connectToServer(m_peer->url(QStringLiteral("/chat")));
    QTRY_VERIFY(alice.isReady());
    QCOMPARE(m_peer->waitForEvent(QStringLiteral("connection")).value(QLatin1String("url")).toString(),
             QStringLiteral("/chat"));
    alice.client.sendMessage(QStringLiteral("lobby"), QStringLiteral("there"));
    QTRY_COMPARE(alice.received.size(), 1);
    QCOMPARE(alice.receivedAt(0).text, QStringLiteral("hellothere"));
}

void tst_RawInterop::nodejsWebsocket()
{
    QVERIFY2(m_peer->start(QStringLiteral("nodejs-websocket.js")), qPrintable(m_peer->errorString()));
    Client alice(QStringLiteral("alice"), ServerKind::Raw);
    alice.client.connectToServer(m_peer->url());
    // The greeting: JSON shown by its text field, the whole of it kept for "show more".
    QTRY_COMPARE(alice.received.size(), 1);
    QCOMPARE(alice.receivedAt(0).text, QStringLiteral("Welcome, client1!"));
    const QJsonObject greeting = QJsonDocument::fromJson(alice.receivedAt(0).raw.toUtf8()).object();
    QCOMPARE(greeting.value(QLatin1String("to")).toString(), QStringLiteral("client1"));

    alice.client.sendMessage(QStringLiteral("lobby"), QStringLiteral("ping 你好 🎉"));
    QCOMPARE(m_peer->waitForEvent(QStringLiteral("text")).value(QLatin1String("str")).toString(),
             QStringLiteral("ping 你好 🎉"));
    QTRY_COMPARE(alice.received.size(), 2);
    QCOMPARE(alice.receivedAt(1).text, QStringLiteral("ping 你好 🎉"));
    const QJsonObject answer = QJsonDocument::fromJson(alice.receivedAt(1).raw.toUtf8()).object();
    QCOMPARE(answer.value(QLatin1String("num")).toInt(), 1);
    QCOMPARE(answer.value(QLatin1String("clientText")).toString(), QStringLiteral("ping 你好 🎉"));
    QCOMPARE(answer.value(QLatin1String("to")).toString(), QStringLiteral("client1"));
}

PARLEY_TEST_GUILESS_MAIN(tst_RawInterop)
#include "tst_rawinterop.moc"
