// ChatClient's hand-over order against a scripted parley-server on 127.0.0.1: live messages that
// race a catch-up are held back and handed over after the page they follow — and the hold-back
// is bounded (ChatClient::kMaxHeldLive): past it, messages go out at once rather than pile up.
// A change that arrives after a later change of the same thing (ChatStore::isSuperseded) is stored
// but not handed over.
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
//! \a client as alice, joining the lobby on \a url (the scripted server), without heartbeats.
void aliceInTheLobby(ChatClient *client, const QUrl &url)
{
    client->setSettings(ParleyTest::withoutHeartbeat(ParleyTest::fastSettings()));
    client->setUserName(QStringLiteral("alice"));
    client->joinRoom(QStringLiteral("lobby"));
    client->connectToServer(url);
}
} // namespace

class tst_ChatClientOrder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void holdBackIsBoundedThenReleasedInOrder();
    void aChangeLearntAfterALaterOneIsNotShown();
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
    ReceivedMessages received(&client);
    aliceInTheLobby(&client, server.url());
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

void tst_ChatClientOrder::aChangeLearntAfterALaterOneIsNotShown()
{
    // Bob's reaction on (seq 2) and off (seq 3) to message 1. Seq 2 is lost on the link; seq 3
    // comes live, reveals the gap, and the catch-up brings seq 2: old news, not to be shown (it
    // would put the reaction back).
    const auto reaction = [](qint64 seq, bool on) {
        return QJsonObject{{QStringLiteral("kind"), QStringLiteral("react")}, {QStringLiteral("room"), QStringLiteral("lobby")},
                           {QStringLiteral("seq"), seq}, {QStringLiteral("time"), 1700000000000.0},
                           {QStringLiteral("sender"), QStringLiteral("bob")}, {QStringLiteral("senderId"), 7},
                           {QStringLiteral("target"), 1}, {QStringLiteral("emoji"), QStringLiteral("👍")},
                           {QStringLiteral("on"), on}, {QStringLiteral("clientId"), QStringLiteral("r%1").arg(seq)}};
    };
    ScriptedSocketIoServer server;
    QVERIFY(server.listen());
    QWebSocket *peer = nullptr;
    int pages = 0;
    server.setEventHandler([&](QWebSocket *s, const QString &event, const QJsonArray &args, qint64 ackId) {
        if (event == QLatin1String("join")) {
            peer = s;
            ScriptedSocketIoServer::ackJoin(s, ackId, args, 0);
        } else if (event == QLatin1String("history")) {
            ++pages;
            ScriptedSocketIoServer::ack(s, ackId, {QJsonObject{{QStringLiteral("ok"), true},
                                                               {QStringLiteral("room"), QStringLiteral("lobby")},
                                                               {QStringLiteral("messages"), QJsonArray{reaction(2, true), reaction(3, false)}},
                                                               {QStringLiteral("hasMore"), false}}});
        }
    });
    ChatClient client;
    ReceivedMessages received(&client);
    aliceInTheLobby(&client, server.url());
    QTRY_VERIFY(peer);
    QTRY_COMPARE(client.syncState(QStringLiteral("lobby")), RoomSync::SyncState::Synced);
    ScriptedSocketIoServer::emitTo(peer, QStringLiteral("chat message"), {message(1)});
    QTRY_COMPARE(received.size(), 1);
    ScriptedSocketIoServer::emitTo(peer, QStringLiteral("react"), {reaction(3, false)});
    QTRY_COMPARE(pages, 1);
    QTRY_COMPARE(client.syncState(QStringLiteral("lobby")), RoomSync::SyncState::Synced);
    QCOMPARE(received.size(), 2);
    QCOMPARE(received.at(1).seq, qint64(3));
    QVERIFY(!received.at(1).reactionOn);
    client.disconnectFromServer();
}

PARLEY_TEST_GUILESS_MAIN(tst_ChatClientOrder)
#include "tst_chatclientorder.moc"
