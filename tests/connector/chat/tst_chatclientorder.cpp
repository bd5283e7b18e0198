// ChatClient's hand-over order against a scripted parley-server on 127.0.0.1: live messages that
// race a catch-up are held back and handed over after the page they follow — and the hold-back
// is bounded (ChatClient::kMaxHeldLive): past it, messages go out at once rather than pile up.
#include "chatclient.h"
#include "receivedmessages.h"
#include "scriptedsocketioserver.h"
#include "testmain.h"
#include "testsettings.h"

#include <QTest>

namespace {
QJsonObject message(qint64 seq)
{
    return QJsonObject{{QStringLiteral("room"), QStringLiteral("lobby")}, {QStringLiteral("seq"), seq},
                       {QStringLiteral("time"), 1700000000000.0}, {QStringLiteral("sender"), QStringLiteral("bob")},
                       {QStringLiteral("text"), QStringLiteral("m%1").arg(seq)},
                       {QStringLiteral("clientId"), QStringLiteral("c%1").arg(seq)}};
}
} // namespace

class tst_ChatClientOrder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void holdBackIsBoundedThenReleasedInOrder();
};

void tst_ChatClientOrder::holdBackIsBoundedThenReleasedInOrder()
{
    constexpr qint64 kFirstLive = 6;
    const qint64 overflow = kFirstLive + ChatClient::kMaxHeldLive; // the first one past the bound
    ScriptedSocketIoServer server;
    QVERIFY(server.listen());
    QWebSocket *peer = nullptr;
    qint64 historyAck = -1;
    auto pageOf = [](qint64 from, qint64 to) {
        QJsonArray messages;
        for (qint64 seq = from; seq <= to; ++seq)
            messages << message(seq);
        return QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("room"), QStringLiteral("lobby")},
                           {QStringLiteral("messages"), messages}, {QStringLiteral("hasMore"), false}};
    };
    server.setEventHandler([&](QWebSocket *s, const QString &event, const QJsonArray &args, qint64 ackId) {
        if (event == QLatin1String("join")) {
            peer = s;
            ScriptedSocketIoServer::ackJoin(s, ackId, args, 5); // 5 missed: a catch-up starts
        } else if (event == QLatin1String("history") && historyAck < 0) {
            historyAck = ackId; // the first page is answered later, by the test
        } else if (event == QLatin1String("history")) {
            // Asked on to the newest seq seen: the rest (all known already, live).
            ScriptedSocketIoServer::ack(s, ackId, {pageOf(kFirstLive, overflow)});
        }
    });
    ChatClient client;
    client.setSettings(ParleyTest::withoutHeartbeat(ParleyTest::fastSettings()));
    client.setUserName(QStringLiteral("alice"));
    ReceivedMessages received(&client);
    client.joinRoom(QStringLiteral("lobby"));
    client.connectToServer(server.url());
    QTRY_VERIFY(historyAck >= 0);
    QCOMPARE(client.syncState(QStringLiteral("lobby")), RoomSync::SyncState::CatchingUp);

    // Live messages while the page is due: held, up to the bound; the one past it goes at once.
    for (qint64 seq = kFirstLive; seq <= overflow; ++seq)
        ScriptedSocketIoServer::emitTo(peer, QStringLiteral("chat message"), {message(seq)});
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1, 20000);
    QCOMPARE(received.at(0).seq, overflow);
    QCOMPARE(received.arrivals().constFirst(), ChatClient::Arrival::Live);

    // The page comes (1..5); the client goes on to the newest seq seen, then hands over what it
    // held, in seq order, once each.
    ScriptedSocketIoServer::ack(peer, historyAck, {pageOf(1, kFirstLive - 1)});
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1 + (overflow - 1), 20000);
    QCOMPARE(client.syncState(QStringLiteral("lobby")), RoomSync::SyncState::Synced);
    for (qint64 i = 1; i < received.size(); ++i)
        QCOMPARE(received.at(i).seq, i);
    client.disconnectFromServer();
}

PARLEY_TEST_GUILESS_MAIN(tst_ChatClientOrder)
#include "tst_chatclientorder.moc"
