// parley-server's admin endpoint (AdminEndpoint through ParleyServer::listenAdmin): /healthz,
// /readyz (503 with the reason once it stops taking clients) and /metrics (Prometheus text) that
// count what happened; and its bounds against hostile requests: a head over kMaxRequestBytes
// (431), other methods (405), unknown paths (404), garbage (400), more than kMaxConnections
// connections at once (the extra one is closed at once).
#include "adminendpoint.h"
#include "parleyserver.h"
#include "signedinclient.h"
#include "testmain.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <vector>

namespace {
//! Sends \a request to 127.0.0.1:\a port and returns everything answered until the server
//! closed the connection (empty on a timeout).
QByteArray exchange(quint16 port, const QByteArray &request)
{
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    if (!s.waitForConnected(5000))
        return {};
    QSignalSpy closed(&s, &QTcpSocket::disconnected);
    s.write(request);
    QByteArray answer;
    QObject::connect(&s, &QTcpSocket::readyRead, &s, [&] { answer += s.readAll(); });
    if (!closed.wait(10000))
        return {};
    return answer + s.readAll();
}

QByteArray get(quint16 port, const QByteArray &path)
{
    return exchange(port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
}

QByteArray body(const QByteArray &answer)
{
    return answer.mid(answer.indexOf("\r\n\r\n") + 4);
}
} // namespace

class tst_AdminEndpoint : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void endpointsSayHowTheServerIs();
    void hostileRequestsAreBounded();
};

void tst_AdminEndpoint::endpointsSayHowTheServerIs()
{
    ParleyServer server{ServerSettings{}};
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QVERIFY2(server.listenAdmin(QHostAddress::LocalHost, 0), qPrintable(server.adminError()));
    const quint16 port = server.adminPort();
    QVERIFY(port > 0);

    QVERIFY(get(port, "/healthz").startsWith("HTTP/1.1 200 OK\r\n"));
    QCOMPARE(body(get(port, "/healthz")), QByteArray("ok\n"));
    QCOMPARE(body(get(port, "/readyz?verbose")), QByteArray("ready\n"));
    QVERIFY(body(get(port, "/metrics")).contains("\nparley_connections 0\n"));

    auto alice = ParleyTest::signedInClient(server, QStringLiteral("alice"), QStringLiteral("Alice"));
    auto bob = ParleyTest::signedInClient(server, QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(alice && bob);
    QSignalSpy arrived(bob.get(), &ChatClient::messagesReceived);
    alice->sendMessage(QStringLiteral("lobby"), QStringLiteral("counted"));
    QVERIFY(arrived.wait(5000));
    const QByteArray metrics = body(get(port, "/metrics"));
    QVERIFY2(metrics.contains("\nparley_connections 2\n"), metrics.constData());
    QVERIFY2(metrics.contains("\nparley_messages_stored_total 1\n"), metrics.constData());
    QVERIFY2(metrics.contains("\nparley_fanout_frames_total 1\n"), metrics.constData());
    QVERIFY2(metrics.contains("\nparley_fanout_seconds_count 1\n"), metrics.constData());
    QVERIFY(metrics.contains("# TYPE parley_outgoing_queue_bytes gauge\n"));

    server.close(); // no longer taking clients: not ready, still alive
    const QByteArray ready = get(port, "/readyz");
    QVERIFY2(ready.startsWith("HTTP/1.1 503 "), ready.constData());
    QCOMPARE(body(ready), QByteArray("not ready: not listening\n"));
    QVERIFY(get(port, "/healthz").startsWith("HTTP/1.1 200 OK\r\n"));
    QVERIFY(body(get(port, "/metrics")).contains("\nparley_ready 0\n"));
}

void tst_AdminEndpoint::hostileRequestsAreBounded()
{
    ParleyServer server{ServerSettings{}};
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QVERIFY(server.listenAdmin(QHostAddress::LocalHost, 0));
    const quint16 port = server.adminPort();

    QVERIFY(exchange(port, "POST /metrics HTTP/1.1\r\n\r\n").startsWith("HTTP/1.1 405 "));
    QVERIFY(get(port, "/../../etc/passwd").startsWith("HTTP/1.1 404 "));
    QVERIFY(exchange(port, "\x16\x03\x01 not http at all\r\n\r\n").startsWith("HTTP/1.1 400 "));
    // A head that never ends: cut at kMaxRequestBytes.
    const QByteArray huge = "GET /metrics HTTP/1.1\r\nX-Pad: " + QByteArray(AdminEndpoint::kMaxRequestBytes, 'a');
    QVERIFY(exchange(port, huge).startsWith("HTTP/1.1 431 "));

    // kMaxConnections idle connections: the next one is closed at once, and once they go the
    // endpoint answers again.
    std::vector<std::unique_ptr<QTcpSocket>> idle;
    for (int i = 0; i < AdminEndpoint::kMaxConnections; ++i) {
        idle.push_back(std::make_unique<QTcpSocket>());
        idle.back()->connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(idle.back()->waitForConnected(5000));
    }
    QTcpSocket extra;
    QSignalSpy extraClosed(&extra, &QTcpSocket::disconnected);
    extra.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(extra.waitForConnected(5000));
    QVERIFY(extraClosed.wait(2000)); // well before kRequestTimeout: refused, not timed out
    idle.clear();
    QTRY_VERIFY(get(port, "/healthz").startsWith("HTTP/1.1 200 OK\r\n"));
    // An idle connection is closed after kRequestTimeout.
    QTcpSocket slow;
    QSignalSpy slowClosed(&slow, &QTcpSocket::disconnected);
    slow.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(slow.waitForConnected(5000));
    slow.write("GET /healthz HTTP/1.1\r\n"); // and nothing more
    QVERIFY(slowClosed.wait(int(AdminEndpoint::kRequestTimeout.count()) + 3000));
    QVERIFY(slow.readAll().isEmpty());
}

PARLEY_TEST_GUILESS_MAIN(tst_AdminEndpoint)
#include "tst_adminendpoint.moc"
