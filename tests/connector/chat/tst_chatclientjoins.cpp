// ChatClient's joins against a scripted parley-server on 127.0.0.1: a join whose answer is lost
// while the link stays up is sent again after ackTimeout (the chaos test's stuck client: its
// outbox and catch-up waited for ever on a room that never counted as joined), and a server that
// answers no join at all has its link given up on after 1 + ackRetries joins (a reconnect).
#include "chatclient.h"
#include "scriptedsocketioserver.h"
#include "testmain.h"
#include "testsettings.h"

#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;

namespace {
ConnectorSettings quickJoins()
{
    ConnectorSettings s = ParleyTest::withoutHeartbeat(ParleyTest::fastSettings());
    s.ackTimeout = 300ms;
    s.ackRetries = 2;
    return s;
}
} // namespace

class tst_ChatClientJoins : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aLostJoinIsSentAgain();
    void joinsNeverAnsweredGiveUpTheLink();
    void aRefusedJoinIsNotSentAgain();
};

void tst_ChatClientJoins::aLostJoinIsSentAgain()
{
    ScriptedSocketIoServer server;
    QVERIFY(server.listen());
    int joins = 0;
    QStringList sent;
    server.setEventHandler([&](QWebSocket *s, const QString &event, const QJsonArray &args, qint64 ackId) {
        if (event == QLatin1String("join") && ++joins > 1) // the first one is lost
            ScriptedSocketIoServer::ackJoin(s, ackId, args, 0);
        else if (event == QLatin1String("chat message")) {
            sent << args.at(0).toObject().value(QLatin1String("text")).toString();
            ScriptedSocketIoServer::ack(s, ackId, {QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("seq"), 1}}});
        }
    });
    ChatClient client;
    client.setSettings(quickJoins());
    client.setUserName(QStringLiteral("alice"));
    QSignalSpy joined(&client, &ChatClient::joined);
    QSignalSpy ready(&client, &ChatClient::readyChanged);
    client.joinRoom(QStringLiteral("lobby"));
    client.sendMessage(QStringLiteral("lobby"), QStringLiteral("waits for the join"));
    client.connectToServer(server.url());
    QTRY_COMPARE(ready.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(joined.size(), 1, 5000);
    QCOMPARE(joins, 2);
    QTRY_COMPARE(sent, QStringList{QStringLiteral("waits for the join")}); // the outbox went after it
    QTRY_COMPARE(client.syncState(QStringLiteral("lobby")), RoomSync::SyncState::Synced);
    QCOMPARE(ready.size(), 1); // the same link: asked again, not reconnected
    QCOMPARE(server.connectAuths().size(), 1);
    client.disconnectFromServer();
}

void tst_ChatClientJoins::joinsNeverAnsweredGiveUpTheLink()
{
    ScriptedSocketIoServer server;
    QVERIFY(server.listen());
    server.setEventHandler([](QWebSocket *, const QString &, const QJsonArray &, qint64) {});
    ChatClient client;
    client.setSettings(quickJoins());
    client.setUserName(QStringLiteral("alice"));
    QSignalSpy errors(&client, &ChatClient::errorOccurred);
    client.joinRoom(QStringLiteral("lobby"));
    client.connectToServer(server.url());
    // 1 + ackRetries joins on the first link, then a new link, which joins again.
    QTRY_COMPARE_WITH_TIMEOUT(server.connectAuths().size(), 2, 5000);
    QCOMPARE(server.eventCount(QStringLiteral("join")), 4);
    QTRY_COMPARE(server.eventCount(QStringLiteral("join")), 5);
    client.disconnectFromServer();
}

void tst_ChatClientJoins::aRefusedJoinIsNotSentAgain()
{
    ScriptedSocketIoServer server;
    QVERIFY(server.listen());
    server.setEventHandler([&](QWebSocket *s, const QString &event, const QJsonArray &, qint64 ackId) {
        if (event == QLatin1String("join"))
            ScriptedSocketIoServer::ack(s, ackId, {QJsonObject{{QStringLiteral("ok"), false},
                                                               {QStringLiteral("error"), QStringLiteral("not allowed")}}});
    });
    ChatClient client;
    client.setSettings(quickJoins());
    client.setUserName(QStringLiteral("alice"));
    QSignalSpy errors(&client, &ChatClient::errorOccurred);
    client.joinRoom(QStringLiteral("lobby"));
    client.joinRoom(QStringLiteral("other"));
    client.connectToServer(server.url());
    QTRY_COMPARE(errors.size(), 2);
    // Another join on this link after the refusals: its answer lost, so it is asked again; the
    // refused ones are not.
    server.setEventHandler([](QWebSocket *, const QString &, const QJsonArray &, qint64) {});
    client.joinRoom(QStringLiteral("third"));
    QTRY_COMPARE(server.eventCount(QStringLiteral("join")), 4);
    QCOMPARE(server.connectAuths().size(), 1);
    QCOMPARE(client.syncState(QStringLiteral("lobby")), RoomSync::SyncState::Joining);
    client.disconnectFromServer();
}

PARLEY_TEST_GUILESS_MAIN(tst_ChatClientJoins)
#include "tst_chatclientjoins.moc"
