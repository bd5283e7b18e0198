// ParleyAccounts under ParleyProtocol against a scripted parley-server on 127.0.0.1: what the
// server sends by itself ("direct", "presence", "auth") is checked before anyone sees it — a direct
// room must be ours and its peer the room's other account, or it is ignored.
#include "imconnector.h"
#include "parleyaccounts.h"
#include "parleyprotocol.h"
#include "scriptedsocketioserver.h"
#include "testmain.h"
#include "testsettings.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

namespace {
// We are id 7.
const QString kWelcome = QStringLiteral(R"(40{"sid":"s","user":{"id":7,"username":"dana","displayName":"Dana"}})");

struct Link
{
    Link()
    {
        server.setConnectHandler([](QWebSocket *, const QJsonObject &) { return kWelcome; });
        connector.setSettings(ParleyTest::withoutHeartbeat(ParleyTest::fastSettings()));
    }
    bool open()
    {
        if (!server.listen())
            return false;
        connector.open(protocol.endpointUrl(server.url()));
        return QTest::qWaitFor([this] { return protocol.isReady(); }, 5000);
    }
    //! Sends \a event with \a json as its argument, then "presence" of a marker (id 1): once the
    //! marker is seen, everything before it was handled.
    bool send(const QString &event, const QString &json)
    {
        QSignalSpy presence(&protocol, &ChatProtocol::presenceChanged);
        QWebSocket *s = server.sockets().constLast();
        ScriptedSocketIoServer::emitTo(s, event, {QJsonDocument::fromJson(json.toUtf8()).object()});
        ScriptedSocketIoServer::emitTo(s, QStringLiteral("presence"),
                                       {QJsonObject{{QStringLiteral("id"), 1}, {QStringLiteral("username"), QStringLiteral("marker")}}});
        return QTest::qWaitFor([&] { return !presence.isEmpty() && presence.constLast().at(0).value<Person>().id == 1; }, 5000);
    }
    ScriptedSocketIoServer server;
    IMConnector connector;
    ParleyProtocol protocol{&connector};
};

QString message(const QString &room)
{
    return QStringLiteral(R"({"room":"%1","seq":3,"time":1700000000000,"senderId":12,"sender":"Bob","senderUsername":"bob","text":"hi","clientId":"c3"})")
        .arg(room);
}
const QString kBob = QStringLiteral(R"({"id":12,"username":"bob","displayName":"Bob","presence":"online"})");
} // namespace

class tst_ParleyAccounts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void capabilities();
    void directEvent_data();
    void directEvent();
    void presenceEvent_data();
    void presenceEvent();
    void authEventReasonIsBounded();
};

void tst_ParleyAccounts::capabilities()
{
    IMConnector connector;
    QVERIFY(ParleyProtocol(&connector).capabilities().accounts);
}

void tst_ParleyAccounts::directEvent_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<bool>("accepted");
    const QString dm = QStringLiteral("@dm:7:12");
    auto event = [](const QString &room, const QString &peer, const QString &msg) {
        return QStringLiteral(R"({"room":"%1","peer":%2,"message":%3})").arg(room, peer, msg);
    };
    QTest::newRow("ours") << event(dm, kBob, message(dm)) << true;
    QTest::newRow("not ours") << event(QStringLiteral("@dm:3:12"), kBob, message(QStringLiteral("@dm:3:12"))) << false;
    QTest::newRow("high id first") << event(QStringLiteral("@dm:12:7"), kBob, message(QStringLiteral("@dm:12:7"))) << false;
    QTest::newRow("leading zero") << event(QStringLiteral("@dm:07:12"), kBob, message(QStringLiteral("@dm:07:12"))) << false;
    QTest::newRow("ordinary room") << event(QStringLiteral("lobby"), kBob, message(QStringLiteral("lobby"))) << false;
    QTest::newRow("with ourselves") << event(QStringLiteral("@dm:7:7"), QStringLiteral(R"({"id":7,"username":"dana"})"),
                                             message(QStringLiteral("@dm:7:7"))) << false;
    QTest::newRow("peer is somebody else") << event(dm, QStringLiteral(R"({"id":13,"username":"carol"})"), message(dm)) << false;
    QTest::newRow("peer without username") << event(dm, QStringLiteral(R"({"id":12})"), message(dm)) << false;
    QTest::newRow("peer not an object") << event(dm, QStringLiteral("12"), message(dm)) << false;
    QTest::newRow("message of another room") << event(dm, kBob, message(QStringLiteral("lobby"))) << false;
    QTest::newRow("message a bare string") << event(dm, kBob, QStringLiteral("\"hi\"")) << false;
    QTest::newRow("no message") << QStringLiteral(R"({"room":"@dm:7:12","peer":%1})").arg(kBob) << false;
    QTest::newRow("no room") << QStringLiteral(R"({"peer":%1,"message":%2})").arg(kBob, message(dm)) << false;
}

void tst_ParleyAccounts::directEvent()
{
    QFETCH(QString, json);
    QFETCH(bool, accepted);
    Link link;
    QVERIFY(link.open());
    QSignalSpy opened(&link.protocol, &ChatProtocol::directOpened);
    QSignalSpy messages(&link.protocol, &ChatProtocol::messageReceived);
    QList<int> order; // 1 = directOpened, 2 = messageReceived
    connect(&link.protocol, &ChatProtocol::directOpened, this, [&order] { order << 1; });
    connect(&link.protocol, &ChatProtocol::messageReceived, this, [&order] { order << 2; });
    QVERIFY(link.send(QStringLiteral("direct"), json));
    QCOMPARE(opened.size(), accepted ? 1 : 0);
    QCOMPARE(messages.size(), accepted ? 1 : 0);
    if (!accepted)
        return;
    QCOMPARE(order, (QList<int>{1, 2})); // the room is known before its message
    QCOMPARE(opened.at(0).at(0).toString(), QStringLiteral("@dm:7:12"));
    QCOMPARE(opened.at(0).at(1).value<Person>().displayName, QStringLiteral("Bob"));
    const ChatMessage m = messages.at(0).at(0).value<ChatMessage>();
    QCOMPARE(m.room, QStringLiteral("@dm:7:12"));
    QCOMPARE(m.seq, 3);
    QCOMPARE(m.senderId, 12);
    QCOMPARE(m.text, QStringLiteral("hi"));
}

void tst_ParleyAccounts::presenceEvent_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<int>("presence"); // -1: ignored
    QTest::newRow("away") << QStringLiteral(R"({"id":12,"username":"bob","presence":"away"})") << int(Person::Presence::Away);
    QTest::newRow("unknown word") << QStringLiteral(R"({"id":12,"username":"bob","presence":"busy"})") << int(Person::Presence::Unknown);
    QTest::newRow("no id") << QStringLiteral(R"({"username":"bob","presence":"away"})") << -1;
    QTest::newRow("id hostile") << QStringLiteral(R"({"id":1e308,"username":"bob","presence":"away"})") << -1;
}

void tst_ParleyAccounts::presenceEvent()
{
    QFETCH(QString, json);
    QFETCH(int, presence);
    Link link;
    QVERIFY(link.open());
    QSignalSpy changed(&link.protocol, &ChatProtocol::presenceChanged);
    QVERIFY(link.send(QStringLiteral("presence"), json));
    QCOMPARE(changed.size(), presence < 0 ? 1 : 2); // the marker comes last
    if (presence >= 0)
        QCOMPARE(int(changed.at(0).at(0).value<Person>().presence), presence);
}

void tst_ParleyAccounts::authEventReasonIsBounded()
{
    Link link;
    QVERIFY(link.open());
    QSignalSpy ended(&link.protocol, &ChatProtocol::sessionEnded);
    QVERIFY(link.send(QStringLiteral("auth"), QStringLiteral(R"({"reason":"%1"})").arg(QString(100'000, QLatin1Char('r')))));
    QCOMPARE(ended.size(), 1);
    QCOMPARE(ended.at(0).at(0).toString().size(), ParleyAccounts::kMaxReasonLength);
}

PARLEY_TEST_GUILESS_MAIN(tst_ParleyAccounts)
#include "tst_parleyaccounts.moc"
