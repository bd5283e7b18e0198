// IMConnector against a real in-process QWebSocketServer on 127.0.0.1 (qtwebsockets habit):
// opening, closing, data both ways, error kinds, heartbeat, TLS and the bounded send queue; the
// reconnect schedule is in tst_imconnector_reconnect.cpp. Whole state sequences are asserted, and
// every wait is on a signal.
#include "frozenwebsocketpeer.h"
#include "imconnector.h"
#include "imconnectortestbase.h"
#include "testmain.h"

#include <QFile>
#include <QSignalSpy>
#include <QSslKey>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

class tst_IMConnector : public LocalServerTest
{
    Q_OBJECT
private Q_SLOTS:
    void openAndClose();
    void textAndBinaryBothWays();
    void serverCloseCodeReported();
    void closeInsideClosedHandlerStops();
    void userCloseNeverReconnects();
    void badUrlIsPermanent_data();
    void badUrlIsPermanent();
    void handshakeHttpError_data();
    void handshakeHttpError();
    void heartbeatFindsFrozenPeer();
    void latencyPublished();
    void openTwiceIsNoop();
    void sendWhileDisconnectedFails();
    void longChineseTextIntact();
    void untrustedCertificateIsPermanent();
    void acceptedCertificateConnects();
    void frozenReaderOverflowsSendQueue();
};

void tst_IMConnector::openAndClose()
{
    IMConnector c;
    c.setSettings(connectorSettings());
    QSignalSpy stateSpy(&c, &IMConnector::stateChanged);
    QSignalSpy openedSpy(&c, &IMConnector::opened);
    QSignalSpy closedSpy(&c, &IMConnector::closed);
    QSignalSpy retrySpy(&c, &IMConnector::reconnectScheduled);

    c.open(serverUrl());
    QVERIFY(openedSpy.wait());
    QCOMPARE(c.state(), State::Connected);
    QVERIFY(nextServerSocket());

    c.close();
    QTRY_COMPARE(c.state(), State::Disconnected);
    QCOMPARE(states(stateSpy), (QList<State>{State::Connecting, State::Connected, State::Closing, State::Disconnected}));
    QCOMPARE(closedSpy.size(), 1);
    QCOMPARE(closedSpy.at(0).at(0).value<QWebSocketProtocol::CloseCode>(), QWebSocketProtocol::CloseCodeNormal);
    QCOMPARE(retrySpy.size(), 0);
}

void tst_IMConnector::textAndBinaryBothWays()
{
    IMConnector c;
    c.setSettings(connectorSettings());
    QSignalSpy openedSpy(&c, &IMConnector::opened);
    QSignalSpy textSpy(&c, &IMConnector::textReceived);
    QSignalSpy binSpy(&c, &IMConnector::binaryReceived);
    c.open(serverUrl());
    QVERIFY(openedSpy.wait());
    QWebSocket *peer = nextServerSocket();
    QVERIFY(peer);
    QSignalSpy peerText(peer, &QWebSocket::textMessageReceived);
    QSignalSpy peerBin(peer, &QWebSocket::binaryMessageReceived);

    QVERIFY(c.sendText(QStringLiteral("héllo 你好 👋")));
    QVERIFY(c.sendBinary(QByteArray("\x00\x01\xff", 3)));
    QTRY_COMPARE(peerText.size(), 1);
    QTRY_COMPARE(peerBin.size(), 1);
    QCOMPARE(peerText.at(0).at(0).toString(), QStringLiteral("héllo 你好 👋"));
    QCOMPARE(peerBin.at(0).at(0).toByteArray(), QByteArray("\x00\x01\xff", 3));

    peer->sendTextMessage(QStringLiteral("back"));
    peer->sendBinaryMessage(QByteArray("\x02", 1));
    QTRY_COMPARE(textSpy.size(), 1);
    QTRY_COMPARE(binSpy.size(), 1);
    QCOMPARE(textSpy.at(0).at(0).toString(), QStringLiteral("back"));
    QCOMPARE(binSpy.at(0).at(0).toByteArray(), QByteArray("\x02", 1));
}

void tst_IMConnector::serverCloseCodeReported()
{
    IMConnector c;
    c.setSettings(connectorSettings());
    QSignalSpy openedSpy(&c, &IMConnector::opened);
    QSignalSpy closedSpy(&c, &IMConnector::closed);
    QSignalSpy retrySpy(&c, &IMConnector::reconnectScheduled);
    c.open(serverUrl());
    QVERIFY(openedSpy.wait());
    QWebSocket *peer = nextServerSocket();
    QVERIFY(peer);
    peer->close(QWebSocketProtocol::CloseCode(4001), QStringLiteral("kicked"));
    QTRY_COMPARE(closedSpy.size(), 1);
    QCOMPARE(closedSpy.at(0).at(0).value<QWebSocketProtocol::CloseCode>(), QWebSocketProtocol::CloseCode(4001));
    QCOMPARE(closedSpy.at(0).at(1).toString(), QStringLiteral("kicked"));
    // A server-side close is not the user's: Parley comes back by itself.
    QTRY_COMPARE(retrySpy.size(), 1);
    QTRY_COMPARE(openedSpy.size(), 2);
}

void tst_IMConnector::closeInsideClosedHandlerStops()
{
    // A one-shot user (the dialect probe) closes for good from its closed() handler, while the
    // socket is already gone: no crash, no reconnect, Disconnected.
    IMConnector c;
    c.setSettings(connectorSettings());
    QSignalSpy openedSpy(&c, &IMConnector::opened);
    QSignalSpy retrySpy(&c, &IMConnector::reconnectScheduled);
    QSignalSpy states(&c, &IMConnector::stateChanged);
    connect(&c, &IMConnector::closed, &c, [&c] { c.close(); });
    c.open(serverUrl());
    QVERIFY(openedSpy.wait());
    QWebSocket *peer = nextServerSocket();
    QVERIFY(peer);
    peer->close(QWebSocketProtocol::CloseCode(4001), QStringLiteral("bye"));
    QTRY_COMPARE(c.state(), IMConnector::State::Disconnected);
    QCOMPARE(retrySpy.size(), 0);
    QCOMPARE(c.retryRemainingMs(), -1);
    QCOMPARE(states.constLast().at(0).value<IMConnector::State>(), IMConnector::State::Disconnected);
}

void tst_IMConnector::userCloseNeverReconnects()
{
    IMConnector c;
    c.setSettings(connectorSettings());
    QSignalSpy openedSpy(&c, &IMConnector::opened);
    QSignalSpy retrySpy(&c, &IMConnector::reconnectScheduled);
    c.open(serverUrl());
    QVERIFY(openedSpy.wait());
    QWebSocket *peer = nextServerSocket();
    QVERIFY(peer);
    QSignalSpy peerGone(peer, &QWebSocket::disconnected);
    c.close();
    QVERIFY(peerGone.wait());
    QTRY_COMPARE(c.state(), State::Disconnected);
    // Disconnected with no retry pending: nothing is left that could open a new link.
    QCOMPARE(c.retryRemainingMs(), -1);
    QCOMPARE(retrySpy.size(), 0);
    QCOMPARE(openedSpy.size(), 1);
}

void tst_IMConnector::badUrlIsPermanent_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::newRow("http") << QUrl(QStringLiteral("http://127.0.0.1:1/"));
    QTest::newRow("no host") << QUrl(QStringLiteral("ws:///path"));
    QTest::newRow("empty") << QUrl();
    QTest::newRow("garbage") << QUrl(QStringLiteral("::::"));
}

void tst_IMConnector::badUrlIsPermanent()
{
    QFETCH(QUrl, url);
    IMConnector c;
    c.setSettings(connectorSettings());
    QSignalSpy errSpy(&c, &IMConnector::errorOccurred);
    QSignalSpy retrySpy(&c, &IMConnector::reconnectScheduled);
    c.open(url);
    QCOMPARE(errSpy.size(), 1);
    QCOMPARE(errSpy.at(0).at(0).value<IMConnector::Error>(), IMConnector::Error::BadUrl);
    QVERIFY(!errSpy.at(0).at(1).toString().isEmpty());
    QCOMPARE(c.state(), State::Disconnected);
    QCOMPARE(retrySpy.size(), 0);
}

void tst_IMConnector::handshakeHttpError_data()
{
    QTest::addColumn<QByteArray>("status");
    QTest::addColumn<IMConnector::Error>("kind");
    QTest::addColumn<bool>("retried");
    QTest::newRow("404") << QByteArray("404 Not Found") << IMConnector::Error::Refused << false;
    QTest::newRow("401") << QByteArray("401 Unauthorized") << IMConnector::Error::Refused << false;
    QTest::newRow("403") << QByteArray("403 Forbidden") << IMConnector::Error::Refused << false;
    QTest::newRow("500") << QByteArray("500 Internal Server Error") << IMConnector::Error::ServerError << true;
    QTest::newRow("503") << QByteArray("503 Service Unavailable") << IMConnector::Error::ServerError << true;
}

void tst_IMConnector::handshakeHttpError()
{
    QFETCH(QByteArray, status);
    QFETCH(IMConnector::Error, kind);
    QFETCH(bool, retried);
    // A plain HTTP server that answers the upgrade request with an HTTP error.
    QTcpServer http;
    QVERIFY(http.listen(QHostAddress::LocalHost, 0));
    connect(&http, &QTcpServer::newConnection, &http, [&http, status] {
        QTcpSocket *s = http.nextPendingConnection();
        connect(s, &QTcpSocket::readyRead, s, [s, status] {
            s->readAll();
            s->write("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            s->disconnectFromHost();
        });
    });
    IMConnector c;
    c.setSettings(connectorSettings());
    QSignalSpy errSpy(&c, &IMConnector::errorOccurred);
    QSignalSpy retrySpy(&c, &IMConnector::reconnectScheduled);
    c.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/nothing").arg(http.serverPort())));
    QVERIFY(errSpy.wait());
    QCOMPARE(errSpy.at(0).at(0).value<IMConnector::Error>(), kind);
    if (retried) {
        QTRY_VERIFY(retrySpy.size() >= 2); // transient: keeps trying, with backoff
        c.close();
    } else {
        // Permanent: stopped, with no retry scheduled or pending (no retry storm).
        QCOMPARE(c.state(), State::Disconnected);
        QCOMPARE(retrySpy.size(), 0);
        QCOMPARE(c.retryRemainingMs(), -1);
    }
}

void tst_IMConnector::heartbeatFindsFrozenPeer()
{
    FrozenWebSocketPeer frozen;
    QVERIFY(frozen.start());
    IMConnector c;
    c.setSettings(connectorSettings()); // ping every 100 ms, dead after 150 ms of silence
    QSignalSpy openedSpy(&c, &IMConnector::opened);
    QSignalSpy errSpy(&c, &IMConnector::errorOccurred);
    QSignalSpy closedSpy(&c, &IMConnector::closed);
    QSignalSpy retrySpy(&c, &IMConnector::reconnectScheduled);
    c.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(frozen.serverPort())));
    QVERIFY(openedSpy.wait());
    QVERIFY(errSpy.wait(2000));
    QCOMPARE(errSpy.at(0).at(0).value<IMConnector::Error>(), IMConnector::Error::Timeout);
    QCOMPARE(closedSpy.size(), 1);
    QTRY_VERIFY(retrySpy.size() >= 1);
    QTRY_VERIFY(frozen.acceptedCount() >= 2); // and it tried again
}

void tst_IMConnector::latencyPublished()
{
    IMConnector c;
    c.setSettings(connectorSettings());
    QSignalSpy latencySpy(&c, &IMConnector::latencyChanged);
    QSignalSpy errSpy(&c, &IMConnector::errorOccurred);
    c.open(serverUrl());
    QVERIFY(latencySpy.wait(3000)); // QWebSocketServer answers pings by itself
    QVERIFY(c.latencyMs() >= 0);
    QCOMPARE(errSpy.size(), 0);
}

void tst_IMConnector::openTwiceIsNoop()
{
    IMConnector c;
    c.setSettings(connectorSettings());
    QSignalSpy openedSpy(&c, &IMConnector::opened);
    QSignalSpy stateSpy(&c, &IMConnector::stateChanged);
    c.open(serverUrl());
    c.open(serverUrl());
    QVERIFY(openedSpy.wait());
    c.open(serverUrl());
    // A reopen would have left Connected at once (dropSocket, then Connecting).
    QCOMPARE(c.state(), State::Connected);
    QCOMPARE(states(stateSpy), (QList<State>{State::Connecting, State::Connected}));
    QCOMPARE(c.attempt(), 0);
    QVERIFY(nextServerSocket());
    QVERIFY(!m_server->hasPendingConnections());
    QCOMPARE(openedSpy.size(), 1);
    c.close();
    c.close();
    QTRY_COMPARE(c.state(), State::Disconnected);
}

void tst_IMConnector::sendWhileDisconnectedFails()
{
    IMConnector c;
    QVERIFY(!c.sendText(QStringLiteral("x")));
    QVERIFY(!c.sendBinary(QByteArray("x")));
}

void tst_IMConnector::longChineseTextIntact()
{
    // Qt 6.4 splits outgoing text over 512 KiB into frames at arbitrary bytes and its receiver then
    // closes with 1007. IMConnector raises the frame size; a 600 KB Chinese text must arrive whole.
    IMConnector c;
    c.setSettings(connectorSettings());
    QSignalSpy openedSpy(&c, &IMConnector::opened);
    c.open(serverUrl());
    QVERIFY(openedSpy.wait());
    QWebSocket *peer = nextServerSocket();
    QVERIFY(peer);
    QSignalSpy peerText(peer, &QWebSocket::textMessageReceived);
    QSignalSpy closedSpy(&c, &IMConnector::closed);
    const QString unit = QStringLiteral("中文消息测试，"); // 7 chars, 21 UTF-8 bytes
    const QString text = unit.repeated(600 * 1024 / 21 + 1);
    QVERIFY(text.toUtf8().size() > 600 * 1024);
    QVERIFY(c.sendText(text));
    QVERIFY(peerText.wait(10000));
    QCOMPARE(peerText.at(0).at(0).toString(), text);
    QCOMPARE(closedSpy.size(), 0);
}

namespace {
//! A wss:// server with the self-signed certificate in tests/support/certs.
QWebSocketServer *startTlsServer(QObject *parent, QSslCertificate *certOut)
{
    QFile certFile(QStringLiteral(PARLEY_TEST_CERTS "/localhost.crt"));
    QFile keyFile(QStringLiteral(PARLEY_TEST_CERTS "/localhost.key"));
    if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
        return nullptr;
    const QSslCertificate cert(&certFile, QSsl::Pem);
    const QSslKey key(&keyFile, QSsl::Rsa, QSsl::Pem);
    auto *server = new QWebSocketServer(QStringLiteral("tls"), QWebSocketServer::SecureMode, parent);
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(cert);
    config.setPrivateKey(key);
    config.setPeerVerifyMode(QSslSocket::VerifyNone);
    server->setSslConfiguration(config);
    if (!server->listen(QHostAddress::LocalHost, 0))
        return nullptr;
    *certOut = cert;
    return server;
}
} // namespace

void tst_IMConnector::untrustedCertificateIsPermanent()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    QSslCertificate cert;
    QWebSocketServer *tls = startTlsServer(this, &cert);
    QVERIFY(tls);
    IMConnector c;
    c.setSettings(connectorSettings());
    QSignalSpy errSpy(&c, &IMConnector::errorOccurred);
    QSignalSpy certSpy(&c, &IMConnector::untrustedCertificate);
    QSignalSpy retrySpy(&c, &IMConnector::reconnectScheduled);
    c.open(QUrl(QStringLiteral("wss://127.0.0.1:%1/").arg(tls->serverPort())));
    QVERIFY(certSpy.wait());
    QCOMPARE(certSpy.at(0).at(0).value<QSslCertificate>(), cert);
    QCOMPARE(errSpy.at(0).at(0).value<IMConnector::Error>(), IMConnector::Error::Tls);
    // No retry storm against a certificate nobody accepted: none scheduled, none pending.
    QCOMPARE(c.state(), State::Disconnected);
    QCOMPARE(retrySpy.size(), 0);
    QCOMPARE(c.retryRemainingMs(), -1);
    delete tls;
}

void tst_IMConnector::acceptedCertificateConnects()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    QSslCertificate cert;
    QWebSocketServer *tls = startTlsServer(this, &cert);
    QVERIFY(tls);
    IMConnector c;
    c.setSettings(connectorSettings());
    c.setTrustedCertificates({cert}); // the user looked at it and said yes
    QSignalSpy openedSpy(&c, &IMConnector::opened);
    QSignalSpy errSpy(&c, &IMConnector::errorOccurred);
    c.open(QUrl(QStringLiteral("wss://127.0.0.1:%1/").arg(tls->serverPort())));
    QVERIFY(openedSpy.wait());
    QCOMPARE(errSpy.size(), 0);
    QVERIFY(c.sendText(QStringLiteral("over TLS")));
    delete tls;
}

void tst_IMConnector::frozenReaderOverflowsSendQueue()
{
    // A peer that stops reading: the kernel buffers fill, then QWebSocket's own queue grows.
    // Past maxBytesToWrite the link is declared dead instead of buffering for ever.
    FrozenWebSocketPeer frozen;
    frozen.setStopReadingAfterHandshake(true);
    QVERIFY(frozen.start());
    ConnectorSettings s = connectorSettings();
    s.heartbeatInterval = 60000ms; // only the send queue may notice here
    s.heartbeatTimeout = 60000ms;
    s.maxBytesToWrite = 256 * 1024;
    IMConnector c;
    c.setSettings(s);
    QSignalSpy openedSpy(&c, &IMConnector::opened);
    QSignalSpy errSpy(&c, &IMConnector::errorOccurred);
    c.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(frozen.serverPort())));
    QVERIFY(openedSpy.wait());
    const QByteArray chunk(64 * 1024, 'x');
    int sent = 0;
    // Bounded: 64 MiB at most, far more than kernel buffers on loopback hold.
    while (sent < 1024 && c.sendBinary(chunk)) {
        ++sent;
        QCoreApplication::processEvents();
    }
    QVERIFY2(sent < 1024, "the send queue was never capped");
    QCOMPARE(errSpy.size(), 1);
    QCOMPARE(errSpy.at(0).at(0).value<IMConnector::Error>(), IMConnector::Error::Overloaded);
    QCOMPARE(c.state(), State::Reconnecting);
}

PARLEY_TEST_GUILESS_MAIN(tst_IMConnector)
#include "tst_imconnector.moc"
