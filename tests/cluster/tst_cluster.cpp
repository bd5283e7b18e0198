// A parley-server cluster as an administrator runs it (docs/deploy.md): three parley-server
// processes on one PostgreSQL and one Redis, behind HAProxy, all started by the test on loopback.
// Six people connect through the balancer (so they are spread over the nodes) and chat in one
// room at random intervals while a node is killed (SIGKILL), Redis is restarted and PostgreSQL is
// restarted. At the end every person's store holds the same messages, seq 1…N with none missing
// and none twice, their own all Delivered. Then an edit and a direct message cross the nodes.
#include "chatclient.h"
#include "clusternode.h"
#include "enginesrequired.h"
#include "haproxyinstance.h"
#include "messagestore.h"
#include "accountstore.h"
#include "parleyserver.h"
#include "postgresinstance.h"
#include "redisinstance.h"
#include "signin.h"
#include "testmain.h"
#include "testsettings.h"

#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace std::chrono_literals;
using Delivery = ChatMessage::Delivery;

namespace {

constexpr int kNodes = 3;
constexpr int kPeople = 6;
constexpr int kPerPerson = 100;
constexpr int kTotal = kPeople * kPerPerson;
const QString kRoom = QStringLiteral("cluster");

struct Chatter
{
    QString name;
    qint64 id = 0;
    QString token;
    std::unique_ptr<MessageStore> store;
    std::unique_ptr<ChatClient> client;
    int queued = 0;
    int failures = 0;

    bool start(const QString &dbPath, quint16 balancerPort)
    {
        store = std::make_unique<MessageStore>();
        if (!store->open(dbPath))
            return false;
        client = std::make_unique<ChatClient>();
        // A killed node's links are closed by HAProxy (its sockets die with it), so the heartbeat
        // need not be quick; on a loaded machine a quick one only makes links die for nothing.
        ConnectorSettings settings = ParleyTest::fastSettings();
        settings.heartbeatInterval = 1000ms;
        settings.heartbeatTimeout = 3000ms;
        settings.backoffCap = 500ms;
        settings.ackTimeout = 2000ms;
        settings.tailCheckDelay = 1500ms;
        client->setSettings(settings);
        client->setSignIn(SignIn::withToken(token, QStringLiteral("cluster test")));
        client->setStore(store.get());
        QObject::connect(client.get(), &ChatClient::deliveryChanged, client.get(),
                         [this](const QString &, Delivery d, qint64, const QDateTime &) {
                             if (d == Delivery::Failed)
                                 ++failures;
                         });
        client->joinRoom(kRoom);
        client->connectToServer(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(balancerPort)));
        return true;
    }
};

//! Every message of \a room in \a store, oldest first.
QList<ChatMessage> allMessages(const MessageStore &store, const QString &room)
{
    MessageStore::Page page = store.newestPage(room, 500);
    QList<ChatMessage> all = page.messages;
    while (page.hasMore) {
        page = store.pageBefore(room, page.oldest, 500);
        all = page.messages + all;
    }
    return all;
}

} // namespace

namespace {

//! A person on \a node, signed in by token, in kRoom, whose client looks for missed messages only
//! after a minute: what reaches it sooner came live.
std::unique_ptr<ChatClient> patientClient(ParleyServer &node, const QString &name)
{
    const QString token = node.localSignIn(name, name);
    auto client = std::make_unique<ChatClient>();
    ConnectorSettings s = ParleyTest::fastSettings();
    s.tailCheckDelay = 60000ms;
    client->setSettings(s);
    client->setSignIn(SignIn::withToken(token, QStringLiteral("test")));
    client->joinRoom(kRoom);
    client->connectToServer(node.url());
    return client;
}

//! Two nodes in this process on a private PostgreSQL and Redis, both ready.
struct TwoNodes
{
    PostgresInstance pg;
    RedisInstance redis;
    std::unique_ptr<ParleyServer> a;
    std::unique_ptr<ParleyServer> b;
    std::unique_ptr<ChatClient> alice; //!< on a
    std::unique_ptr<ChatClient> bob;   //!< on b

    //! Empty when both nodes are up, their fan-out connected and alice and bob ready; else what
    //! failed.
    QString start()
    {
        if (!pg.start())
            return pg.errorString();
        if (!redis.start())
            return redis.errorString();
        ServerSettings settings;
        settings.databasePath = pg.url();
        settings.redisUrl = QStringLiteral("redis://127.0.0.1:%1").arg(redis.port());
        a = std::make_unique<ParleyServer>(settings);
        b = std::make_unique<ParleyServer>(settings);
        if (!a->isHistoryOpen() || !b->isHistoryOpen())
            return QStringLiteral("history not open");
        if (!a->listen(QHostAddress::LocalHost, 0) || !b->listen(QHostAddress::LocalHost, 0))
            return QStringLiteral("cannot listen");
        if (!QTest::qWaitFor([this] { return a->notReadyReason().isEmpty() && b->notReadyReason().isEmpty(); }, 10000))
            return QStringLiteral("not ready: ") + a->notReadyReason() + QLatin1Char('/') + b->notReadyReason();
        alice = patientClient(*a, QStringLiteral("alice"));
        bob = patientClient(*b, QStringLiteral("bob"));
        if (!QTest::qWaitFor([this] { return alice->isReady() && bob->isReady(); }, 10000))
            return QStringLiteral("alice or bob not ready");
        return {};
    }
};

} // namespace

class tst_Cluster : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyoneEndsWithTheSameMessagesAcrossFailures();
    void liveEventsCrossTheNodesThroughRedis();
    void eventsLostWithRedisAreCaughtUp();
};

void tst_Cluster::eventsLostWithRedisAreCaughtUp()
{
    // Redis goes down; two messages posted on node a meanwhile reach nobody on node b. When node
    // b's subscription is back, it sends its rooms' newest row again: bob gets the second message
    // and, from its seq, fetches the first -- long before his own tail check would.
    PARLEY_REQUIRE_ENGINES();
    TwoNodes nodes;
    const QString error = nodes.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    ParleyServer &a = *nodes.a;
    ParleyServer &b = *nodes.b;
    RedisInstance &redis = nodes.redis;
    ChatClient *alice = nodes.alice.get();
    ChatClient *bob = nodes.bob.get();
    QStringList bobSaw;
    connect(bob, &ChatClient::messagesReceived, this,
            [&bobSaw](const QList<ChatMessage> &messages, ChatClient::Arrival) {
                for (const ChatMessage &m : messages)
                    bobSaw << m.text;
            });

    redis.kill();
    QTRY_VERIFY_WITH_TIMEOUT(!a.notReadyReason().isEmpty() && !b.notReadyReason().isEmpty(), 10000);
    QVERIFY(!alice->sendMessage(kRoom, QStringLiteral("lost one")).isEmpty());
    QVERIFY(!alice->sendMessage(kRoom, QStringLiteral("lost two")).isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(alice->outbox().isEmpty(), 10000); // stored: the database is up
    QCOMPARE(bobSaw, QStringList());

    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(bobSaw.contains(QStringLiteral("lost one")) && bobSaw.contains(QStringLiteral("lost two")),
                             15000);
    QCOMPARE(bobSaw.count(QStringLiteral("lost two")), 1);
}

void tst_Cluster::liveEventsCrossTheNodesThroughRedis()
{
    // Two nodes in this process, a person on each, connected to their node directly; their
    // clients look for missed messages only after a minute (tailCheckDelay), so what arrives
    // sooner came live, through Redis: a message, typing and a read receipt.
    PARLEY_REQUIRE_ENGINES();
    TwoNodes nodes;
    const QString error = nodes.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    ParleyServer &a = *nodes.a;
    ParleyServer &b = *nodes.b;
    ChatClient *alice = nodes.alice.get();
    ChatClient *bob = nodes.bob.get();

    QSignalSpy bobGot(bob, &ChatClient::messagesReceived);
    QVERIFY(!alice->sendMessage(kRoom, QStringLiteral("hello from node a")).isEmpty());
    QVERIFY(bobGot.wait(5000));
    const auto got = bobGot.constLast().at(0).value<QList<ChatMessage>>();
    QCOMPARE(got.constFirst().text, QStringLiteral("hello from node a"));
    QCOMPARE(bobGot.constLast().at(1).value<ChatClient::Arrival>(), ChatClient::Arrival::Live);

    QSignalSpy aliceSawTyping(alice, &ChatClient::typingReceived);
    bob->notifyTyping(kRoom);
    QVERIFY(aliceSawTyping.wait(5000));
    QCOMPARE(aliceSawTyping.constFirst().at(1).toString(), QStringLiteral("bob"));

    QSignalSpy aliceReceipts(alice, &ChatClient::receiptsChanged);
    bob->markRead(kRoom, got.constFirst().seq);
    QTRY_VERIFY_WITH_TIMEOUT(!aliceReceipts.isEmpty(), 5000);

    // Through the relay, as the metrics count it: b got the message, a the typing and the receipt.
    const auto received = [](const ParleyServer &node) {
        return metricValue(node.metricsText(), "parley_relay_received_total");
    };
    QVERIFY2(received(b) >= 1, qPrintable(QString::number(received(b))));
    QVERIFY2(received(a) >= 2, qPrintable(QString::number(received(a))));
}

void tst_Cluster::everyoneEndsWithTheSameMessagesAcrossFailures()
{
    PARLEY_REQUIRE_ENGINES();
    if (!HaproxyInstance::isInstalled()) {
        if (qEnvironmentVariable("PARLEY_ENGINES_REQUIRED") == QLatin1String("1"))
            QFAIL("haproxy is not installed");
        QSKIP("haproxy is not installed (Debian: haproxy)");
    }
    QLoggingCategory::setFilterRules(QStringLiteral("parley.*.info=false\nparley.*.warning=false"));
    auto restoreLogs = qScopeGuard([] { QLoggingCategory::setFilterRules(QString()); });
    const quint32 seed = qEnvironmentVariableIsSet("PARLEY_CLUSTER_SEED")
            ? qEnvironmentVariable("PARLEY_CLUSTER_SEED").toUInt()
            : QRandomGenerator::global()->generate();
    qInfo("cluster seed %u", seed);
    QRandomGenerator rng(seed);

    PostgresInstance pg;
    QVERIFY2(pg.start(), qPrintable(pg.errorString()));
    RedisInstance redis;
    const QString redisPassword = QStringLiteral("cluster secret");
    redis.setPassword(redisPassword); // the nodes sign in with PARLEY_REDIS_PASSWORD
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    const QString redisUrl = QStringLiteral("redis://127.0.0.1:%1").arg(redis.port());

    // The accounts, made up front in the shared database, each with a session token.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    std::vector<std::unique_ptr<Chatter>> people;
    {
        AccountStore::Settings settings;
        settings.hashing = PasswordHasher::fastestSettings();
        AccountStore accounts(settings);
        QVERIFY2(accounts.open(pg.url()), qPrintable(accounts.errorString()));
        for (int i = 0; i < kPeople; ++i) {
            auto p = std::make_unique<Chatter>();
            p->name = QStringLiteral("user%1").arg(i);
            const auto account = accounts.createAccount(p->name, p->name, QStringLiteral("unused password"), false);
            QVERIFY2(account.ok(), qPrintable(account.error));
            p->id = account.value.id;
            const auto token = accounts.issueToken(p->id, QStringLiteral("test"), 24h);
            QVERIFY(token.ok());
            p->token = token.value;
            people.push_back(std::move(p));
        }
    }

    std::vector<std::unique_ptr<ClusterNode>> nodes;
    QList<quint16> ports;
    for (int i = 0; i < kNodes; ++i) {
        auto node = std::make_unique<ClusterNode>();
        QVERIFY2(node->start(pg.url(), redisUrl, redisPassword), qPrintable(node->log()));
        ports << node->port();
        nodes.push_back(std::move(node));
    }
    HaproxyInstance balancer;
    QVERIFY2(balancer.start(ports), qPrintable(balancer.errorString()));

    for (int i = 0; i < kPeople; ++i)
        QVERIFY(people[size_t(i)]->start(dir.filePath(QStringLiteral("client%1.sqlite").arg(i)), balancer.port()));
    const auto allReady = [&] {
        return std::all_of(people.cbegin(), people.cend(), [](const auto &p) { return p->client->isReady(); });
    };
    QTRY_VERIFY_WITH_TIMEOUT(allReady(), 20000);
    // Round robin: every node has its share of the people.
    for (const auto &node : nodes)
        QTRY_VERIFY_WITH_TIMEOUT(node->metric("parley_connections") >= 1, 5000);

    // Everyone sends after random pauses of 0-30 ms; faults strike at set points of the run.
    const auto totalQueued = [&] {
        int n = 0;
        for (const auto &p : people)
            n += p->queued;
        return n;
    };
    QList<qint64> nextAt(kPeople, 0);
    QElapsedTimer clock;
    clock.start();
    QTimer sender;
    sender.setInterval(1ms);
    connect(&sender, &QTimer::timeout, this, [&] {
        for (int i = 0; i < kPeople; ++i) {
            Chatter &p = *people[size_t(i)];
            if (p.queued >= kPerPerson || clock.elapsed() < nextAt[i])
                continue;
            if (!p.client->sendMessage(kRoom, QStringLiteral("%1 #%2").arg(p.name).arg(p.queued)).isEmpty())
                ++p.queued;
            nextAt[i] = clock.elapsed() + qint64(rng.bounded(31));
        }
    });
    sender.start();

    QTRY_VERIFY_WITH_TIMEOUT(totalQueued() >= kTotal / 4, 30000);
    nodes[0]->kill(); // a crash: its people reconnect through the balancer to the others
    QTRY_VERIFY_WITH_TIMEOUT(totalQueued() >= kTotal / 2, 30000);
    redis.kill(); // the fan-out goes down: live events are lost until it is back
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(totalQueued() >= 3 * kTotal / 4, 30000);
    pg.stop(); // every node's database link is cut; writes fail and are retried
    QVERIFY2(pg.start(), qPrintable(pg.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(totalQueued() == kTotal, 60000);
    sender.stop();
    const qint64 sendingMs = clock.elapsed();

    const auto settled = [&] {
        for (const auto &p : people) {
            if (!p->client->isReady() || !p->client->outbox().isEmpty() || p->store->syncedSeq(kRoom) < kTotal)
                return false;
        }
        return true;
    };
    if (!QTest::qWaitFor(settled, 60000)) {
        for (const auto &p : people) {
            qWarning("%s: failed %d ready %d outbox %lld lastSeq %lld synced %lld", qPrintable(p->name), p->failures,
                     p->client->isReady(), qint64(p->client->outbox().size()), p->store->lastSeq(kRoom),
                     p->store->syncedSeq(kRoom));
        }
        for (size_t i = 1; i < nodes.size(); ++i)
            qWarning("node %zu log tail: %s", i, qPrintable(nodes[i]->log().right(3000)));
    }
    QVERIFY(settled());

    QList<QString> reference;
    for (const auto &p : people) {
        const QList<ChatMessage> all = allMessages(*p->store, kRoom);
        QCOMPARE(all.size(), kTotal);
        QList<QString> ids;
        int own = 0, ownDelivered = 0;
        for (int i = 0; i < all.size(); ++i) {
            const ChatMessage &m = all.at(i);
            QCOMPARE(m.seq, qint64(i + 1));
            ids << m.clientId;
            if (m.senderId == p->id) {
                ++own;
                ownDelivered += m.delivery == Delivery::Delivered ? 1 : 0;
            }
        }
        QCOMPARE(QSet<QString>(ids.cbegin(), ids.cend()).size(), ids.size()); // none twice
        QCOMPARE(own, kPerPerson);
        QCOMPARE(ownDelivered, kPerPerson);
        QCOMPARE(p->failures, 0);
        if (reference.isEmpty())
            reference = ids;
        QCOMPARE(ids, reference); // the same messages in the same order for everyone
    }
    double relayed = 0;
    for (size_t i = 1; i < nodes.size(); ++i)
        relayed += nodes[i]->metric("parley_relay_received_total");
    QVERIFY2(relayed > 0, "no event crossed the nodes through Redis");
    qInfo("%d messages from %d people over %d nodes in %lld ms (a node killed, Redis and PostgreSQL"
          " restarted); every store holds seq 1..%d once each; %.0f events crossed the nodes",
          kTotal, kPeople, kNodes, sendingMs, kTotal, relayed);

    // An edit and a direct message, from whichever node their sender is on to everyone else.
    Chatter &author = *people[0];
    const QList<ChatMessage> authored = allMessages(*author.store, kRoom);
    const auto first = std::find_if(authored.cbegin(), authored.cend(),
                                    [&](const ChatMessage &m) { return m.senderId == author.id; });
    QVERIFY(first != authored.cend());
    QVERIFY(!author.client->editMessage(kRoom, first->seq, QStringLiteral("edited across the cluster")).isEmpty());
    for (const auto &p : people) {
        QTRY_VERIFY_WITH_TIMEOUT(allMessages(*p->store, kRoom).at(int(first->seq - 1)).text
                                         == QStringLiteral("edited across the cluster"),
                                 15000);
    }
    Chatter &reader = *people[kPeople - 1];
    QSignalSpy opened(author.client.get(), &ChatClient::directOpened);
    QSignalSpy errors(author.client.get(), &ChatClient::errorOccurred);
    // A request whose link drops before the answer is not sent again by the client: ask again.
    for (int attempt = 0; attempt < 3 && opened.isEmpty(); ++attempt) {
        QTRY_VERIFY_WITH_TIMEOUT(author.client->isReady(), 10000);
        author.client->openDirect(reader.id);
        opened.wait(5000);
    }
    if (opened.isEmpty()) {
        for (const QList<QVariant> &e : std::as_const(errors))
            qWarning("author's error: %s", qPrintable(e.at(0).toString()));
        for (size_t i = 1; i < nodes.size(); ++i)
            qWarning("node %zu log tail: %s", i, qPrintable(nodes[i]->log().right(2000)));
    }
    QCOMPARE(opened.size(), 1);
    const QString direct = opened.constFirst().at(0).toString();
    QTRY_VERIFY_WITH_TIMEOUT(author.client->isReady(), 10000);
    QVERIFY(!author.client->sendMessage(direct, QStringLiteral("just between us")).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(reader.store->messageCount(direct), qint64(1), 15000);
    QCOMPARE(allMessages(*reader.store, direct).constFirst().text, QStringLiteral("just between us"));
}

PARLEY_TEST_GUILESS_MAIN(tst_Cluster)
#include "tst_cluster.moc"
