// Any client against a malicious or broken server (issue 11): scripted Socket.IO servers on
// 127.0.0.1 that push member lists of rooms never joined, binary attachments that never end,
// history that never ends or repeats, floods of messages and absurd keepalives. Each test asserts
// the bound (the size of the structure, a request count, peak memory) and that a well-behaved
// message still arrives afterwards. Figures: docs/security.md, "Hostile servers".
#include "chatclient.h"
#include "inmemorychatstore.h"
#include "parleyprotocol.h"
#include "receivedmessages.h"
#include "scriptedsocketioserver.h"
#include "socketiosession.h"
#include "testmain.h"
#include "testsettings.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTest>
#include <functional>

using namespace std::chrono_literals;

namespace {
const QString kLobby = QStringLiteral("lobby");

QJsonObject message(qint64 seq, const QString &text = {}, const QString &room = kLobby)
{
    return QJsonObject{{QStringLiteral("room"), room}, {QStringLiteral("seq"), seq},
                       {QStringLiteral("time"), 1700000000000.0}, {QStringLiteral("sender"), QStringLiteral("bob")},
                       {QStringLiteral("text"), text.isEmpty() ? QStringLiteral("m%1").arg(seq) : text},
                       {QStringLiteral("clientId"), QStringLiteral("c%1").arg(seq)}};
}

QJsonObject page(const QJsonArray &messages, bool hasMore)
{
    return QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("room"), kLobby},
                       {QStringLiteral("messages"), messages}, {QStringLiteral("hasMore"), hasMore}};
}

//! This process's resident set now and at its peak, in KiB (Linux /proc).
qint64 procStatusKiB(const char *field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = f.readAll().split('\n');
    for (const QByteArray &l : lines) {
        if (l.startsWith(field))
            return l.mid(qstrlen(field)).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

//! What a scripted server does with a history request (unanswered when there is none).
using HistoryHandler = std::function<void(QWebSocket *, const QJsonArray &args, qint64 ackId)>;

//! alice, a parley-dialect client, and the scripted parley-server on 127.0.0.1 she talks to: the
//! scene of every test that attacks a client through a joined lobby.
struct Client
{
    ScriptedSocketIoServer server;
    QWebSocket *peer = nullptr; //!< alice's socket on the server, once she asked to join
    ChatClient client;
    ReceivedMessages received{&client};

    //! Listens and scripts the server to answer joins (the lobby's newest seq \a lastSeq) and to
    //! hand history requests to \a onHistory; then alice connects, on \a store if one is given,
    //! and joins the lobby. False if the server cannot listen.
    bool start(qint64 lastSeq = 0, HistoryHandler onHistory = {}, ChatStore *store = nullptr)
    {
        if (!server.listen())
            return false;
        server.setEventHandler([this, lastSeq, onHistory](QWebSocket *s, const QString &event,
                                                          const QJsonArray &args, qint64 ackId) {
            if (event == QLatin1String("join")) {
                peer = s;
                ScriptedSocketIoServer::ackJoin(s, ackId, args, lastSeq);
            } else if (event == QLatin1String("history") && onHistory) {
                onHistory(s, args, ackId);
            }
        });
        client.setSettings(ParleyTest::withoutHeartbeat(ParleyTest::fastSettings()));
        if (store)
            client.setStore(store);
        client.setUserName(QStringLiteral("alice"));
        client.joinRoom(kLobby);
        client.connectToServer(server.url());
        return true;
    }
    SocketIoSession *session() const { return static_cast<ParleyProtocol *>(client.protocol())->session(); }
};
} // namespace

class tst_HostileServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void memberListsOfRoomsNeverJoinedAreNotKept();
    void binaryRefusedAtOnceInParleyDialect();
    void binaryBoundedInStockDialect();
    void keepaliveOutOfRangeRefused_data();
    void keepaliveOutOfRangeRefused();
    void endlessHasMoreIsBounded();
    void scrollBackIsWithinTheRequestBudget();
    void samePageAgainStopsTheCatchUp_data();
    void samePageAgainStopsTheCatchUp();
    void dedupOfStorelessClientIsBounded();
};

void tst_HostileServer::memberListsOfRoomsNeverJoinedAreNotKept()
{
    Client alice;
    QVERIFY(alice.start());
    QTRY_COMPARE(alice.client.syncState(kLobby), RoomSync::SyncState::Synced);

    // 200 rooms never joined, 5,000 members each (1,000,000 names), then the lobby with 25,000.
    constexpr int kRooms = 200;
    constexpr int kNames = 5000;
    QJsonArray names;
    QJsonArray people;
    for (int i = 0; i < kNames; ++i) {
        names << QStringLiteral("member-%1").arg(i);
        people << QJsonObject{{QStringLiteral("id"), i + 1}, {QStringLiteral("username"), QStringLiteral("member-%1").arg(i)}};
    }
    const qint64 rssBefore = procStatusKiB("VmRSS:");
    QSignalSpy members(&alice.client, &ChatClient::membersChanged);
    for (int r = 0; r < kRooms; ++r)
        ScriptedSocketIoServer::emitTo(alice.peer, QStringLiteral("members"),
                                       {QJsonObject{{QStringLiteral("room"), QStringLiteral("foreign-%1").arg(r)},
                                                    {QStringLiteral("members"), names}, {QStringLiteral("people"), people}}});
    QJsonArray many;
    for (int i = 0; i < 25'000; ++i)
        many << QStringLiteral("n%1").arg(i);
    ScriptedSocketIoServer::emitTo(alice.peer, QStringLiteral("members"),
                                   {QJsonObject{{QStringLiteral("room"), kLobby}, {QStringLiteral("members"), many}}});
    QTRY_COMPARE_WITH_TIMEOUT(members.size(), 1, 60000); // the lobby's only: all others were ignored
    QCOMPARE(members.at(0).at(0).toString(), kLobby);
    QCOMPARE(alice.client.members(kLobby).size(), ChatClient::kMaxMembers);
    for (int r = 0; r < kRooms; ++r) {
        QVERIFY(alice.client.members(QStringLiteral("foreign-%1").arg(r)).isEmpty());
        QVERIFY(alice.client.people(QStringLiteral("foreign-%1").arg(r)).isEmpty());
    }
    const qint64 grownKiB = procStatusKiB("VmRSS:") - rssBefore;
    qInfo() << "member flood of" << kRooms * kNames << "names: RSS grew by" << grownKiB << "KiB";
    // Ceiling 96 MiB for the whole process, the in-process server and its send buffers included;
    // the bound itself is asserted on the structures above.
    QVERIFY2(grownKiB < 96 * 1024, qPrintable(QString::number(grownKiB)));

    ScriptedSocketIoServer::emitTo(alice.peer, QStringLiteral("chat message"), {message(1, QStringLiteral("still here"))});
    QTRY_COMPARE(alice.received.texts(), QStringList{QStringLiteral("still here")});
}

void tst_HostileServer::binaryRefusedAtOnceInParleyDialect()
{
    Client alice;
    QVERIFY(alice.start());
    QTRY_COMPARE(alice.client.syncState(kLobby), RoomSync::SyncState::Synced);

    // 200 attachments announced, 199 of 256 KiB sent (~50 MB), the last never: before, all held.
    constexpr int kAnnounced = 200;
    const qint64 peakBefore = procStatusKiB("VmHWM:");
    QJsonArray args{message(1)};
    for (int i = 0; i < kAnnounced; ++i)
        args << SocketIoCodec::placeholder(i);
    alice.peer->sendTextMessage(SocketIoCodec::binaryEventFrame(QStringLiteral("chat message"), args, kAnnounced));
    const QByteArray chunk(256 * 1024, 'x');
    for (int i = 0; i < kAnnounced - 1; ++i)
        alice.peer->sendBinaryMessage(chunk);
    ScriptedSocketIoServer::emitTo(alice.peer, QStringLiteral("chat message"), {message(1, QStringLiteral("after the junk"))});
    QTRY_COMPARE_WITH_TIMEOUT(alice.received.texts(), QStringList{QStringLiteral("after the junk")}, 30000);
    QCOMPARE(alice.session()->droppedAttachments(), kAnnounced);
    QCOMPARE(alice.session()->heldAttachmentBytes(), 0);
    qInfo() << "parley dialect, 200 attachments announced: peak RSS grew by" << procStatusKiB("VmHWM:") - peakBefore << "KiB";
}

void tst_HostileServer::binaryBoundedInStockDialect()
{
    ScriptedSocketIoServer server;
    QVERIFY(server.listen());
    IMConnector connector;
    ConnectorSettings s = ParleyTest::withoutHeartbeat(ParleyTest::fastSettings());
    s.maxAttachments = 4;
    s.maxAttachmentBytes = 1024 * 1024;
    s.attachmentTimeout = 300ms;
    connector.setSettings(s);
    SocketIoSession session(&connector);
    QList<QList<QByteArray>> complete;
    connect(&session, &SocketIoSession::binaryEventReceived, this,
            [&](const QString &, const QJsonArray &, const QList<QByteArray> &attachments, qint64) { complete << attachments; });
    connector.open(SocketIoSession::endpointUrl(server.url()));
    QTRY_VERIFY(session.isReady());
    QWebSocket *peer = server.sockets().constFirst();
    auto announce = [&](int n) {
        QJsonArray args;
        for (int i = 0; i < n; ++i)
            args << SocketIoCodec::placeholder(i);
        peer->sendTextMessage(SocketIoCodec::binaryEventFrame(QStringLiteral("file"), args, n));
    };
    auto goodOne = [&] { // a well-behaved packet: two small attachments
        announce(2);
        peer->sendBinaryMessage(QByteArrayLiteral("ab"));
        peer->sendBinaryMessage(QByteArrayLiteral("cd"));
    };

    // Over maxAttachments: dropped at announcement, its frames skipped.
    announce(5);
    for (int i = 0; i < 5; ++i)
        peer->sendBinaryMessage(QByteArray(10, 'x'));
    goodOne();
    QTRY_COMPARE(complete.size(), 1);
    QCOMPARE(complete.at(0), (QList<QByteArray>{QByteArrayLiteral("ab"), QByteArrayLiteral("cd")}));
    QCOMPARE(session.droppedAttachments(), 5);

    // Over maxAttachmentBytes (3 × 600 KiB > 1 MiB): dropped at the second frame.
    announce(3);
    for (int i = 0; i < 3; ++i)
        peer->sendBinaryMessage(QByteArray(600 * 1024, 'y'));
    goodOne();
    QTRY_COMPARE(complete.size(), 2);
    QCOMPARE(session.droppedAttachments(), 8);

    // Never complete: dropped after attachmentTimeout, nothing held.
    announce(2);
    peer->sendBinaryMessage(QByteArray(1000, 'z'));
    QTRY_COMPARE(session.heldAttachmentBytes(), 1000);
    QTRY_COMPARE(session.droppedAttachments(), 10);
    QCOMPARE(session.heldAttachmentBytes(), 0);
    goodOne();
    QTRY_COMPARE(complete.size(), 3);
    QVERIFY(session.isReady()); // the link stayed up throughout
    connector.close();
}

void tst_HostileServer::keepaliveOutOfRangeRefused_data()
{
    QTest::addColumn<QString>("interval");
    QTest::addColumn<QString>("timeout");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("stock defaults") << QStringLiteral("25000") << QStringLiteral("20000") << true;
    QTest::newRow("at the minimum") << QStringLiteral("100") << QStringLiteral("100") << true;
    QTest::newRow("half a millisecond") << QStringLiteral("0.5") << QStringLiteral("20000") << false;
    QTest::newRow("zero") << QStringLiteral("0") << QStringLiteral("20000") << false;
    QTest::newRow("below the minimum") << QStringLiteral("25000") << QStringLiteral("99") << false;
    QTest::newRow("over the maximum") << QStringLiteral("600001") << QStringLiteral("20000") << false;
    QTest::newRow("2^63") << QStringLiteral("9223372036854775808") << QStringLiteral("20000") << false;
    QTest::newRow("1e308") << QStringLiteral("25000") << QStringLiteral("1e308") << false;
}

void tst_HostileServer::keepaliveOutOfRangeRefused()
{
    QFETCH(QString, interval);
    QFETCH(QString, timeout);
    QFETCH(bool, accepted);
    ScriptedSocketIoServer server;
    QVERIFY(server.listen());
    server.setOpenFrame(QStringLiteral("0{\"sid\":\"s\",\"upgrades\":[],\"pingInterval\":%1,\"pingTimeout\":%2}")
                            .arg(interval, timeout));
    IMConnector connector;
    ConnectorSettings s = ParleyTest::withoutHeartbeat(ParleyTest::fastSettings());
    s.maxAttempts = 1;
    connector.setSettings(s);
    SocketIoSession session(&connector);
    QSignalSpy errors(&connector, &IMConnector::errorOccurred);
    QSignalSpy ready(&session, &SocketIoSession::ready);
    connector.open(SocketIoSession::endpointUrl(server.url()));
    if (accepted) {
        QVERIFY(ready.wait());
        QCOMPARE(errors.size(), 0);
        QCOMPARE(session.handshake().pingIntervalMs, interval.toInt());
    } else {
        QTRY_VERIFY(!errors.isEmpty());
        QCOMPARE(errors.at(0).at(0).value<IMConnector::Error>(), IMConnector::Error::Protocol);
        QCOMPARE(server.connectAuths().size(), 0); // never got as far as the namespace connect
        QCOMPARE(ready.size(), 0);
    }
    connector.close();
}

void tst_HostileServer::endlessHasMoreIsBounded()
{
    qint64 next = 1;
    QElapsedTimer clock;
    clock.start();
    Client alice;
    QVERIFY(alice.start(1'000'000'000, [&next](QWebSocket *s, const QJsonArray &, qint64 ackId) {
        // Always one more new message, and always more to come.
        ScriptedSocketIoServer::ack(s, ackId, {page({message(next++)}, true)});
    }));
    // The first catch-up stops at its page cap; the tail check later goes on, within the budget.
    QTRY_VERIFY_WITH_TIMEOUT(alice.client.roomSync(kLobby) && alice.client.roomSync(kLobby)->stops().pageCap >= 2, 60000);
    const int requests = alice.client.historyRequests(kLobby);
    const qint64 elapsed = clock.elapsed();
    const qint64 budget = SyncDriver::kRequestBurst + elapsed / SyncDriver::kRequestRefill.count() + 1;
    qInfo() << "endless hasMore:" << requests << "history requests in" << elapsed << "ms (budget" << budget << ")";
    QVERIFY2(requests <= budget, qPrintable(QStringLiteral("%1 > %2").arg(requests).arg(budget)));
    QVERIFY(requests >= 2 * RoomSync::kMaxPagesPerCatchUp);

    // A well-behaved live message still comes through.
    ScriptedSocketIoServer::emitTo(alice.peer, QStringLiteral("chat message"), {message(next + 10, QStringLiteral("live"))});
    QTRY_VERIFY(alice.received.texts().contains(QStringLiteral("live")));
}

// Scrolling back (ChatClient::fetchOlder) goes through the room's request budget too: a view that
// a server tricks into asking again and again (say, pages of one message) cannot flood it. Past
// the budget the newest request waits and is sent when the budget allows.
void tst_HostileServer::scrollBackIsWithinTheRequestBudget()
{
    QList<qint64> asked; // "before" of each history request the server saw
    Client alice;
    QVERIFY(alice.start(0, [&asked](QWebSocket *s, const QJsonArray &args, qint64 ackId) {
        asked << args.at(0).toObject().value(QStringLiteral("before")).toInteger();
        ScriptedSocketIoServer::ack(s, ackId, {page({}, false)});
    }));
    QTRY_COMPARE(alice.client.syncState(kLobby), RoomSync::SyncState::Synced);
    asked.clear();

    QElapsedTimer clock;
    clock.start();
    constexpr int kAsks = 300;
    constexpr qint64 kNewest = 100'000;
    for (int i = 0; i < kAsks; ++i)
        alice.client.fetchOlder(kLobby, kNewest - i);
    QTRY_VERIFY_WITH_TIMEOUT(asked.contains(kNewest - kAsks + 1), 10'000); // the last one is not lost
    const qint64 elapsed = clock.elapsed();
    const qint64 budget = SyncDriver::kRequestBurst + elapsed / SyncDriver::kRequestRefill.count() + 1;
    qInfo() << "scroll-back:" << kAsks << "asked," << asked.size() << "sent in" << elapsed << "ms (budget" << budget << ")";
    QVERIFY2(asked.size() <= budget, qPrintable(QStringLiteral("%1 > %2").arg(asked.size()).arg(budget)));
    QVERIFY(asked.size() < kAsks);
}

void tst_HostileServer::samePageAgainStopsTheCatchUp_data()
{
    QTest::addColumn<qint64>("lastSeq");
    QTest::addColumn<bool>("hasMore");
    QTest::addColumn<bool>("empty");
    QTest::addColumn<int>("requests"); // history requests before the stop
    QTest::newRow("the same page with hasMore") << qint64(50) << true << false << 2;
    QTest::newRow("empty pages under a claimed lastSeq") << qint64(9'000'000'000'000'000LL) << false << true << 1;
    QTest::newRow("empty pages with hasMore") << qint64(50) << true << true << 1;
}

void tst_HostileServer::samePageAgainStopsTheCatchUp()
{
    QFETCH(qint64, lastSeq);
    QFETCH(bool, hasMore);
    QFETCH(bool, empty);
    QFETCH(int, requests);
    Client alice;
    QVERIFY(alice.start(lastSeq, [=](QWebSocket *s, const QJsonArray &, qint64 ackId) {
        ScriptedSocketIoServer::ack(s, ackId, {page(empty ? QJsonArray{} : QJsonArray{message(1), message(2)}, hasMore)});
    }));
    QTRY_VERIFY(alice.client.roomSync(kLobby) && alice.client.roomSync(kLobby)->stops().noProgress == 1);
    QCOMPARE(alice.client.syncState(kLobby), RoomSync::SyncState::Synced);
    QCOMPARE(alice.client.historyRequests(kLobby), requests);
    QVERIFY(alice.client.roomSync(kLobby)->tailCheckDeadline().isForever()); // nothing more owed

    // The link is still good: a live message next after the watermark arrives, and nothing more
    // was asked meanwhile.
    const qint64 seq = alice.client.roomSync(kLobby)->watermark() + 1;
    ScriptedSocketIoServer::emitTo(alice.peer, QStringLiteral("chat message"), {message(seq, QStringLiteral("live"))});
    QTRY_VERIFY(alice.received.texts().contains(QStringLiteral("live")));
    QCOMPARE(alice.client.historyRequests(kLobby), requests);
    QCOMPARE(alice.server.eventCount(QStringLiteral("history")), requests);
}

void tst_HostileServer::dedupOfStorelessClientIsBounded()
{
    // The store parley-cli runs on, with a small bound so that the flood is quick; the default
    // (InMemoryChatStore::kMaxKnownIds) is the same code (tst_inmemorychatstore).
    constexpr int kBound = 1000;
    constexpr int kFlood = 5000;
    InMemoryChatStore store(kBound);
    Client alice;
    QVERIFY(alice.start(0, {}, &store));
    QTRY_COMPARE(alice.client.syncState(kLobby), RoomSync::SyncState::Synced);
    for (qint64 seq = 1; seq <= kFlood; ++seq)
        ScriptedSocketIoServer::emitTo(alice.peer, QStringLiteral("chat message"), {message(seq)});
    QTRY_COMPARE_WITH_TIMEOUT(alice.received.size(), kFlood, 60000);
    QVERIFY(store.knownCount() <= kBound);

    // A resend of a recent message is still a duplicate; the sentinel after it proves it was seen.
    ScriptedSocketIoServer::emitTo(alice.peer, QStringLiteral("chat message"), {message(kFlood)});
    ScriptedSocketIoServer::emitTo(alice.peer, QStringLiteral("chat message"), {message(kFlood + 1, QStringLiteral("sentinel"))});
    QTRY_COMPARE(alice.received.size(), kFlood + 1);
    QCOMPARE(alice.received.messages().constLast().text, QStringLiteral("sentinel"));
    QVERIFY(store.knownCount() <= kBound);
}

PARLEY_TEST_GUILESS_MAIN(tst_HostileServer)
#include "tst_hostileserver.moc"
