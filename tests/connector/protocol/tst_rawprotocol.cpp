// RawProtocol under ChatClient against an in-process QWebSocketServer: ready on open, frames as
// messages, typed text as frames, reconnects, and no pretending (no rooms, acks or history).
#include "chatclient.h"
#include "rawprotocol.h"
#include "receivedmessages.h"
#include "testmain.h"
#include "testsettings.h"

#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

using namespace std::chrono_literals;
using Delivery = ChatMessage::Delivery;

class tst_RawProtocol : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void framesAreMessages();
    void queuedBeforeConnectThenSent();
    void reconnectsAfterServerCloses();
    void capabilities();

private:
    QWebSocket *nextPeer();
    QWebSocketServer *m_server = nullptr;
};

namespace {
//! Every test here: the test base with retries capped at 200 ms.
ConnectorSettings rawSettings()
{
    ConnectorSettings s = ParleyTest::fastSettings();
    s.backoffCap = 200ms;
    return s;
}
} // namespace

void tst_RawProtocol::init()
{
    m_server = new QWebSocketServer(QStringLiteral("raw"), QWebSocketServer::NonSecureMode, this);
    QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
}

void tst_RawProtocol::cleanup()
{
    delete m_server;
    m_server = nullptr;
}

QWebSocket *tst_RawProtocol::nextPeer()
{
    if (!m_server->hasPendingConnections() && !QSignalSpy(m_server, &QWebSocketServer::newConnection).wait(5000))
        return nullptr;
    QWebSocket *peer = m_server->nextPendingConnection();
    peer->setParent(m_server);
    return peer;
}

void tst_RawProtocol::framesAreMessages()
{
    ChatClient client;
    client.setSettings(rawSettings());
    client.setProtocol(std::make_unique<RawProtocol>(client.connector()));
    QSignalSpy ready(&client, &ChatClient::readyChanged);
    ReceivedMessages received(&client);
    QSignalSpy errors(&client, &ChatClient::errorOccurred);
    const QUrl url(QStringLiteral("ws://127.0.0.1:%1/some/path?x=1").arg(m_server->serverPort()));
    client.connectToServer(url);
    QWebSocket *peer = nextPeer();
    QVERIFY(peer);
    QCOMPARE(peer->requestUrl().path(), QStringLiteral("/some/path")); // the URL as given
    QTRY_VERIFY(client.isReady());
    QCOMPARE(errors.size(), 1); // the one notice about what a plain server cannot do

    peer->sendTextMessage(QStringLiteral("plain"));
    peer->sendTextMessage(QStringLiteral("{\"name\":\"srv\",\"msg\":\"json\"}"));
    peer->sendBinaryMessage(QByteArray("\x01\x02", 2));
    QTRY_COMPARE(received.size(), 3);
    QCOMPARE(received.at(0).text, QStringLiteral("plain"));
    QCOMPARE(received.at(1).text, QStringLiteral("json"));
    QCOMPARE(received.at(1).sender, QStringLiteral("srv"));
    QCOMPARE(received.at(2).text, QStringLiteral("binary, 2 byte(s)"));
    // Two identical frames are two messages (no identity, no de-duplication).
    peer->sendTextMessage(QStringLiteral("same"));
    peer->sendTextMessage(QStringLiteral("same"));
    QTRY_COMPARE(received.size(), 5);

    QSignalSpy frames(peer, &QWebSocket::textMessageReceived);
    QSignalSpy delivery(&client, &ChatClient::deliveryChanged);
    const QString id = client.sendMessage(QStringLiteral("lobby"), QStringLiteral("typed 🙂"));
    QVERIFY(frames.wait());
    QCOMPARE(frames.at(0).at(0).toString(), QStringLiteral("typed 🙂"));
    QCOMPARE(delivery.size(), 1);
    QCOMPARE(delivery.at(0).at(1).value<Delivery>(), Delivery::Sent);
    QVERIFY(client.outbox().isEmpty());
    Q_UNUSED(id)
}

void tst_RawProtocol::queuedBeforeConnectThenSent()
{
    ChatClient client;
    client.setSettings(rawSettings());
    client.setProtocol(std::make_unique<RawProtocol>(client.connector()));
    client.joinRoom(QStringLiteral("lobby"));
    client.sendMessage(QStringLiteral("lobby"), QStringLiteral("early"));
    QCOMPARE(client.outbox().size(), 1);
    client.connectToServer(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_server->serverPort())));
    QWebSocket *peer = nextPeer();
    QVERIFY(peer);
    QSignalSpy frames(peer, &QWebSocket::textMessageReceived);
    QVERIFY(frames.wait());
    QCOMPARE(frames.at(0).at(0).toString(), QStringLiteral("early"));
}

void tst_RawProtocol::reconnectsAfterServerCloses()
{
    ChatClient client;
    client.setSettings(rawSettings());
    client.setProtocol(std::make_unique<RawProtocol>(client.connector()));
    QSignalSpy ready(&client, &ChatClient::readyChanged);
    client.connectToServer(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_server->serverPort())));
    QWebSocket *peer = nextPeer();
    QVERIFY(peer);
    QTRY_COMPARE(ready.size(), 1);
    peer->close(QWebSocketProtocol::CloseCodeGoingAway);
    QVERIFY(nextPeer());
    QTRY_COMPARE(ready.size(), 3); // true, false, true
    QCOMPARE(ready.at(1).at(0).toBool(), false);
    QCOMPARE(ready.at(2).at(0).toBool(), true);
}

void tst_RawProtocol::capabilities()
{
    IMConnector c;
    RawProtocol p(&c);
    const ChatProtocol::Capabilities caps = p.capabilities();
    QVERIFY(!caps.rooms && !caps.acks && !caps.history && !caps.members && !caps.typing);
    QCOMPARE(p.name(), QStringLiteral("raw"));
    const QUrl u(QStringLiteral("wss://h:1/x?y=z"));
    QCOMPARE(p.endpointUrl(u), u);
    QVERIFY(!p.send(ChatMessage{})); // not ready: nothing written
}

PARLEY_TEST_GUILESS_MAIN(tst_RawProtocol)
#include "tst_rawprotocol.moc"
