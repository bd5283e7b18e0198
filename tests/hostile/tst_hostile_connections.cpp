// Connections per address (issue 11): nothing bounded how many websockets one address could hold.
// Now ServerSettings::maxConnectionsPerAddress (default 256; IPv6 counted by /64); every test
// client is on 127.0.0.1, so the bound is tested with a small value.

#include "hostilefixtures.h"
#include "testmain.h"

#include <QTest>

#include <memory>
#include <vector>

class tst_HostileConnections : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void oneConnectionTooManyIsClosed();
};

void tst_HostileConnections::oneConnectionTooManyIsClosed()
{
    ServerSettings settings = fastHashing();
    settings.maxConnectionsPerAddress = 4;
    auto server = startServer(settings);
    QVERIFY(server);
    std::vector<std::unique_ptr<SioClient>> clients;
    for (int i = 0; i < 4; ++i) {
        clients.push_back(connectClient(*server, QStringLiteral("c%1").arg(i)));
        QVERIFY(clients.back());
    }

    SioClient extra;
    QSignalSpy closed(&extra.socket, &QWebSocket::disconnected);
    extra.open(server->url());
    QVERIFY(closed.wait(kWaitMs));
    QCOMPARE(extra.socket.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(extra.socket.closeReason(), QStringLiteral("too many connections from this address"));
    QVERIFY(!extra.haveOpen);
    QCOMPARE(server->clientCount(), 4);

    // The ones in are not disturbed, and a slot given back can be taken again.
    const auto answer = clients.front()->request(QStringLiteral("join"),
                                                 {QJsonObject{{QLatin1String("room"), kLobby}}});
    QVERIFY(answer);
    QCOMPARE(answer->value(QLatin1String("ok")), QJsonValue(true));
    clients.pop_back();
    QTRY_COMPARE(server->clientCount(), 3);
    QVERIFY(connectClient(*server, QStringLiteral("again")));
}

PARLEY_TEST_GUILESS_MAIN(tst_HostileConnections)
#include "tst_hostile_connections.moc"
