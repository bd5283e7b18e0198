// The promise, under fire: 5 clients each send 2,000 messages into one room at random intervals
// while their links are cut or blackholed at random (at least 20 faults), parley-server is stopped
// and restarted twice (same port, same database), and one client is destroyed mid-run and started
// again from its database. At the end every client's store must hold the same 10,000 messages,
// in sequence order 1…10,000, none missing, none twice, its own all Delivered.
//
// Each client signs in to an account made up front: the restarted client is the same user again
// (a guest would come back as a new guest, and its outbox's resends would be new messages).
//
// Bounded: sending takes ~10 s; the whole test is allowed 150 s by ctest. The random schedule is
// seeded and the seed printed, so a failure can be replayed (PARLEY_CHAOS_SEED=n).
#include "chaosplan.h"
#include "chatclient.h"
#include "faultproxy.h"
#include "messagestore.h"
#include "parleyserver.h"
#include "signin.h"
#include "testmain.h"
#include "testsettings.h"

#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace std::chrono_literals;
using Delivery = ChatMessage::Delivery;

namespace {
constexpr int kClients = 5;
constexpr int kPerClient = 2000;
constexpr int kMinFaults = 20;
const QString kRoom = QStringLiteral("chaos");
const QString kPassword = QStringLiteral("chaos and order");

//! One chatting client: its own database, its own fault proxy, its share of messages to send.
struct Participant
{
    QString name;
    QString dbPath;
    FaultProxy proxy;
    std::unique_ptr<MessageStore> store;
    std::unique_ptr<ChatClient> client;
    int queued = 0; //!< messages handed to sendMessage() so far
    int failures = 0; //!< messages that went Failed (must stay 0)

    bool start(quint16 serverPort)
    {
        store = std::make_unique<MessageStore>();
        if (!store->open(dbPath))
            return false;
        client = std::make_unique<ChatClient>();
        client->setSettings(ChaosPlan::clientSettings());
        client->setUserName(name);
        client->setSignIn(SignIn::withPassword(name, kPassword));
        client->setStore(store.get());
        QObject::connect(client.get(), &ChatClient::deliveryChanged, client.get(),
                         [this](const QString &, Delivery d, qint64, const QDateTime &) {
                             if (d == Delivery::Failed)
                                 ++failures;
                         });
        client->joinRoom(kRoom);
        client->connectToServer(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(proxy.port())));
        Q_UNUSED(serverPort)
        return true;
    }
    //! Gone without a goodbye: no close, no flush; what it had is only what its database has.
    void kill()
    {
        client.reset();
        store.reset();
    }
};
} // namespace

class tst_Chaos : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyoneEndsWithTheSameTenThousand();
};

void tst_Chaos::everyoneEndsWithTheSameTenThousand()
{
    // 10,000 messages × 5 clients of connection chatter would drown the report.
    QLoggingCategory::setFilterRules(QStringLiteral("parley.*.info=false\nparley.*.warning=false"));
    auto restoreLogs = qScopeGuard([] { QLoggingCategory::setFilterRules(QString()); });

    QRandomGenerator rng(ChaosPlan::seed());

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString serverDb = dir.filePath(QStringLiteral("server.sqlite"));
    auto server = std::make_unique<ParleyServer>(ChaosPlan::serverSettings(serverDb, kClients));
    QVERIFY(server->listen(QHostAddress::LocalHost, 0));
    const quint16 port = server->port();

    std::vector<std::unique_ptr<Participant>> people;
    for (int i = 0; i < kClients; ++i) {
        auto p = std::make_unique<Participant>();
        p->name = QStringLiteral("user%1").arg(i);
        QVERIFY(server->accounts()->createAccount(p->name, p->name, kPassword, false).ok());
        p->dbPath = dir.filePath(QStringLiteral("client%1.sqlite").arg(i));
        p->proxy.setUpstream(QHostAddress::LocalHost, port);
        QVERIFY(p->proxy.listen());
        QVERIFY(p->start(port));
        people.push_back(std::move(p));
    }
    for (auto &p : people)
        QTRY_VERIFY_WITH_TIMEOUT(p->client->isReady(), 10000);

    // Senders: each client queues its next message after a random pause of 0–8 ms.
    QTimer sender;
    sender.setInterval(1ms);
    QList<qint64> nextAt(kClients, 0);
    QElapsedTimer clock;
    clock.start();
    connect(&sender, &QTimer::timeout, this, [&] {
        for (int i = 0; i < kClients; ++i) {
            Participant &p = *people[size_t(i)];
            if (!p.client || p.queued >= kPerClient || clock.elapsed() < nextAt[i])
                continue;
            const QString id = p.client->sendMessage(kRoom, QStringLiteral("%1 #%2").arg(p.name).arg(p.queued));
            if (!id.isEmpty())
                ++p.queued;
            nextAt[i] = clock.elapsed() + qint64(rng.bounded(9));
        }
    });
    sender.start();

    // Chaos: faults every 150–400 ms while sending lasts; restarts and the kill at set points.
    ChaosPlan::Faults faults;
    int restarts = 0, kills = 0;
    auto totalQueued = [&] {
        int n = 0;
        for (auto &p : people)
            n += p->queued;
        return n;
    };
    QTimer chaos;
    chaos.setSingleShot(true);
    std::function<void()> strike = [&] {
        const int progress = totalQueued();
        if (restarts == 0 && progress > kClients * kPerClient / 3) {
            server.reset();
            server = std::make_unique<ParleyServer>(ChaosPlan::serverSettings(serverDb, kClients));
            QVERIFY(server->listen(QHostAddress::LocalHost, port));
            ++restarts;
        } else if (restarts == 1 && progress > 2 * kClients * kPerClient / 3) {
            server.reset();
            server = std::make_unique<ParleyServer>(ChaosPlan::serverSettings(serverDb, kClients));
            QVERIFY(server->listen(QHostAddress::LocalHost, port));
            ++restarts;
        } else if (kills == 0 && progress > kClients * kPerClient / 2) {
            Participant &victim = *people.back();
            victim.kill();
            ++kills;
            QTimer::singleShot(300ms, this, [&victim, port] { QVERIFY(victim.start(port)); });
        } else {
            faults.strike(people[size_t(rng.bounded(kClients))]->proxy, rng);
        }
        if (totalQueued() < kClients * kPerClient || faults.total() < kMinFaults)
            chaos.start(std::chrono::milliseconds(150 + rng.bounded(250)));
    };
    connect(&chaos, &QTimer::timeout, this, strike);
    chaos.start(300ms);

    QTRY_VERIFY_WITH_TIMEOUT(totalQueued() == kClients * kPerClient && !chaos.isActive(), 90000);
    sender.stop();
    const qint64 sendingMs = clock.elapsed();
    for (auto &p : people)
        p->proxy.setMode(FaultProxy::Mode::PassThrough);

    // Settle: every outbox empty, every client caught up without gaps to the last message (its
    // watermark, not merely the highest seq it has seen: a catch-up may still be under way).
    auto settled = [&] {
        for (auto &p : people) {
            if (!p->client || !p->client->isReady() || !p->client->outbox().isEmpty()
                || p->store->syncedSeq(kRoom) < kClients * kPerClient)
                return false;
        }
        return true;
    };
    if (!QTest::qWaitFor(settled, 60000)) {
        for (auto &p : people) {
            qWarning("%s: failed %d ready %d state %d outbox %lld lastSeq %lld synced %lld", qPrintable(p->name), p->failures,
                     p->client && p->client->isReady(), p->client ? int(p->client->connectionState()) : -1,
                     p->client ? qint64(p->client->outbox().size()) : -1, p->store ? p->store->lastSeq(kRoom) : -1,
                     p->store ? p->store->syncedSeq(kRoom) : -1);
        }
    }
    QVERIFY(settled());

    // Every store: seq 1…10,000 in order, each once; the same client ids everywhere; own ones Delivered.
    QList<QString> reference;
    for (auto &p : people) {
        QList<ChatMessage> all;
        MessageStore::Page page = p->store->newestPage(kRoom, 500);
        all = page.messages;
        while (page.hasMore) {
            page = p->store->pageBefore(kRoom, page.oldest, 500);
            all = page.messages + all;
        }
        if (all.size() != kClients * kPerClient) {
            QList<qint64> missing;
            qint64 expect = 1;
            for (const ChatMessage &m : std::as_const(all)) {
                while (expect < m.seq && missing.size() < 20)
                    missing << expect++;
                expect = m.seq + 1;
            }
            QStringList txt;
            for (qint64 x : missing)
                txt << QString::number(x);
            qWarning("%s holds %lld; first missing seqs: %s; synced %lld", qPrintable(p->name), qint64(all.size()),
                     qPrintable(txt.join(QLatin1Char(' '))), p->store->syncedSeq(kRoom));
        }
        QCOMPARE(all.size(), kClients * kPerClient);
        QList<QString> ids;
        int own = 0, ownDelivered = 0;
        for (int i = 0; i < all.size(); ++i) {
            const ChatMessage &m = all.at(i);
            QCOMPARE(m.seq, qint64(i + 1));
            QVERIFY(!m.clientId.isEmpty());
            ids << m.clientId;
            if (m.sender == p->name) {
                ++own;
                if (m.delivery == Delivery::Delivered)
                    ++ownDelivered;
            }
        }
        QCOMPARE(QSet<QString>(ids.cbegin(), ids.cend()).size(), ids.size()); // none twice
        QCOMPARE(own, kPerClient);
        QCOMPARE(ownDelivered, kPerClient);
        if (reference.isEmpty())
            reference = ids;
        QCOMPARE(ids, reference); // the same messages in the same order for everyone
        qInfo("%s: %lld messages, seq 1..%lld contiguous, %d distinct ids, %d own all Delivered",
              qPrintable(p->name), qint64(all.size()), all.last().seq, int(ids.size()), own);
    }
    qInfo("faults: %d cuts, %d blackholes, %d server restarts, %d client killed and restarted; "
          "sending took %lld ms, settling done at %lld ms",
          faults.cuts, faults.blackholes, restarts, kills, sendingMs, clock.elapsed());
    QVERIFY(faults.total() >= kMinFaults);
    QCOMPARE(restarts, 2);
    QCOMPARE(kills, 1);

    // The lost last message (seed 333628296 once ended with one client at 9,999 of 10,000),
    // replayed on purpose: the deaf client sees the room's activity, then the one broadcast of the
    // room's last message vanishes into a blackhole, and nothing follows it. The tail check that
    // the activity left owing (tailCheckDelay after it) must still fetch it.
    Participant &deaf = *people.front();
    Participant &poster = *people.back();
    const qint64 total = kClients * kPerClient;
    QVERIFY(!poster.client->sendMessage(kRoom, QStringLiteral("nearly the last word")).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(deaf.store->syncedSeq(kRoom), total + 1, 10000);
    QSignalSpy deafReady(deaf.client.get(), &ChatClient::readyChanged);
    deaf.proxy.setMode(FaultProxy::Mode::Blackhole);
    QVERIFY(!poster.client->sendMessage(kRoom, QStringLiteral("the last word")).isEmpty());
    QTRY_VERIFY(poster.client->outbox().isEmpty());
    QTRY_VERIFY(deaf.proxy.bytesDropped() > 0);
    deaf.proxy.setMode(FaultProxy::Mode::PassThrough);
    QTRY_COMPARE_WITH_TIMEOUT(deaf.store->syncedSeq(kRoom), total + 2, 10000);
    // With this test's 300 ms heartbeat the blackhole may also cost the link (then the rejoin
    // finds it); tst_chatclient's messageLostAtTheTailIsFetched keeps the link up throughout.
    qInfo("tail: %s fetched the lost last message (%lld ready changes meanwhile)", qPrintable(deaf.name),
          qint64(deafReady.size()));
}

PARLEY_TEST_GUILESS_MAIN(tst_Chaos)
#include "tst_chaos.moc"
