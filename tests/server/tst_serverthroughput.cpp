// How long one chat message costs the server now that every message is committed to SQLite
// before it is acknowledged. One client sends 10,000 room messages one after the other, each only
// after the previous ack (the worst case for latency: nothing overlaps), over a real websocket on
// 127.0.0.1, and the time per message is printed. The same 10,000 posts straight into a
// HistoryStore show how much of that is the database.
//
// The figures depend on the machine and on the build type, so they are reported, not asserted;
// what is asserted is correctness under load: every ack ok, seq 1..10000 in order, all stored.
// For a figure worth quoting build this target with CMAKE_BUILD_TYPE=Release.

#include "historystore.h"
#include "parleyserver.h"
#include "sioclient.h"
#include "socketiocodec.h"
#include "testmain.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

namespace {

constexpr int kMessages = 10'000;
//! A whole run may take this long before the test gives up (Debug builds on a busy machine).
constexpr int kRunTimeoutMs = 120'000;

//! A typical chat line, a little over 60 characters.
QString textFor(int n)
{
    return QStringLiteral("message %1: the quick brown fox jumps over the lazy dog").arg(n);
}

const char *buildType()
{
#ifdef QT_NO_DEBUG
    return "release (QT_NO_DEBUG)";
#else
    return "debug";
#endif
}

} // namespace

class tst_ServerThroughput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void storeAlone_data();
    void storeAlone();
    void overTheWire_data();
    void overTheWire();
};

void tst_ServerThroughput::initTestCase()
{
    // Per-connection info lines are not what this test is about.
    QLoggingCategory::setFilterRules(QStringLiteral("parley.*.info=false"));
}

void tst_ServerThroughput::cleanupTestCase()
{
    QLoggingCategory::setFilterRules(QString());
}

void tst_ServerThroughput::storeAlone_data()
{
    QTest::addColumn<bool>("onFile");
    QTest::newRow("file (WAL, synchronous=NORMAL)") << true;
    QTest::newRow("in memory") << false;
}

void tst_ServerThroughput::storeAlone()
{
    QFETCH(bool, onFile);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    HistoryStore store;
    QVERIFY(store.open(onFile ? dir.filePath(QStringLiteral("history.sqlite")) : QString()));
    QList<QString> clientIds;
    for (int i = 0; i < kMessages; ++i)
        clientIds << QUuid::createUuid().toString(QUuid::WithoutBraces);

    const HistoryStore::Sender alice{1, QStringLiteral("alice"), QStringLiteral("alice"), false};
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < kMessages; ++i) {
        const HistoryStore::Posting p = store.post(QStringLiteral("lobby"), alice,
                                                   textFor(i + 1), clientIds.at(i), 1000 + i);
        if (p.outcome != HistoryStore::Outcome::Stored || p.message.seq != i + 1)
            QFAIL(qPrintable(QStringLiteral("post %1 failed: %2").arg(i + 1).arg(store.errorString())));
    }
    const qint64 ns = clock.nsecsElapsed();
    qInfo("HistoryStore::post, %s, %s build: %d messages in %.0f ms = %.1f us per message",
          QTest::currentDataTag(), buildType(), kMessages, ns / 1e6, ns / 1e3 / kMessages);
    QCOMPARE(store.messageCount().value_or(-1), qint64(kMessages));
}

void tst_ServerThroughput::overTheWire_data()
{
    QTest::addColumn<bool>("onFile");
    QTest::newRow("file (WAL, synchronous=NORMAL)") << true;
    QTest::newRow("in memory") << false;
}

void tst_ServerThroughput::overTheWire()
{
    QFETCH(bool, onFile);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ServerSettings settings;
    // The store's speed is measured, not the rate limit's (docs/security.md, "Hostile clients").
    settings.messageRate = settings.textRate = {};
    settings.messagesPerAccountPerDay = settings.messagesPerRoomPerDay = {};
    if (onFile)
        settings.databasePath = dir.filePath(QStringLiteral("history.sqlite"));
    ParleyServer server(settings);
    QVERIFY(server.listen(QHostAddress(QHostAddress::LocalHost), 0));

    SioClient client;
    QVERIFY(client.openEngine(server.url()));
    QVERIFY(client.connectIo(QJsonObject{{QLatin1String("name"), QStringLiteral("alice")}}));
    QVERIFY(client.request(QStringLiteral("join"),
                           {QJsonObject{{QLatin1String("room"), QStringLiteral("lobby")}}}));
    // From here a lean loop of our own: SioClient's bookkeeping of every frame would be measured too.
    client.socket.disconnect(&client);

    QList<QString> clientIds;
    for (int i = 0; i < kMessages; ++i)
        clientIds << QUuid::createUuid().toString(QUuid::WithoutBraces);
    const qint64 firstAckId = client.nextAckId;
    int sent = 0;
    int acked = 0;
    QString failure;
    qint64 elapsedNs = 0;
    QElapsedTimer clock;
    const auto sendNext = [&] {
        const QJsonObject message{{QLatin1String("room"), QStringLiteral("lobby")},
                                  {QLatin1String("text"), textFor(sent + 1)},
                                  {QLatin1String("clientId"), clientIds.at(sent)}};
        client.socket.sendTextMessage(SocketIoCodec::eventFrame(
                QStringLiteral("chat message"), QJsonArray{message}, firstAckId + sent));
        ++sent;
    };
    connect(&client.socket, &QWebSocket::textMessageReceived, this, [&](const QString &frame) {
        if (frame == QLatin1String("2")) {  // Engine.IO ping
            client.socket.sendTextMessage(QStringLiteral("3"));
            return;
        }
        EngineIoPacket engine;
        SocketIoPacket packet;
        if (!SocketIoCodec::decodeEngine(frame, &engine, nullptr)
            || !SocketIoCodec::decodeSocket(engine.data, &packet, nullptr)
            || packet.type != SocketIoType::Ack) {
            return;
        }
        const QJsonObject ack = packet.data.toArray().at(0).toObject();
        const qint64 expectedSeq = acked + 1;
        if (packet.id != firstAckId + acked || !ack.value(QLatin1String("ok")).toBool()
            || ack.value(QLatin1String("seq")).toInteger() != expectedSeq) {
            failure = QStringLiteral("ack %1 unexpected: %2").arg(acked + 1).arg(frame.left(200));
            return;
        }
        ++acked;
        if (acked == kMessages)
            elapsedNs = clock.nsecsElapsed();
        else
            sendNext();
    });

    clock.start();
    sendNext();
    QTRY_VERIFY_WITH_TIMEOUT(acked == kMessages || !failure.isEmpty(), kRunTimeoutMs);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    qInfo("one client, send -> ack -> next, %s, %s build: %d messages in %.0f ms = %.1f us per message",
          QTest::currentDataTag(), buildType(), kMessages, elapsedNs / 1e6,
          elapsedNs / 1e3 / kMessages);

    // Everything is in the history, in order.
    HistoryStore check;
    if (onFile) {
        QVERIFY(check.open(settings.databasePath));
        QCOMPARE(check.messageCount().value_or(-1), qint64(kMessages));
        const std::optional<HistoryStore::Page> last = check.newest(QStringLiteral("lobby"), 1, 1000);
        QVERIFY(last);
        QCOMPARE(last->messages.constFirst().seq, qint64(kMessages));
        QCOMPARE(last->messages.constFirst().clientId, clientIds.constLast());
    }
}

PARLEY_TEST_GUILESS_MAIN(tst_ServerThroughput)
#include "tst_serverthroughput.moc"
