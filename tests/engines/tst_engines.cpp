// The engines a cluster of parley-servers runs on (issue 14), started by the tests themselves on
// loopback: a private PostgreSQL (initdb into a temporary folder, as the "postgres" account when
// the tests run as root) reached through Qt's QPSQL driver, and a private redis-server. What the
// cluster will rely on is checked here first: a per-room sequence bumped with UPDATE … RETURNING
// survives a crash of PostgreSQL (SIGKILL, recovery from its WAL), de-duplication with
// ON CONFLICT DO NOTHING, and Redis pub/sub reaching a subscriber, also after a restart; and
// HAProxy in front of two parley-servers spreads Parley clients over both, and when one node dies
// its clients come back through the balancer to the other.
#include "chatclient.h"
#include "enginesrequired.h"
#include "haproxyinstance.h"
#include "parleyserver.h"
#include "postgresinstance.h"
#include "redisinstance.h"
#include "testmain.h"
#include "testsettings.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTest>

namespace {
QSqlDatabase connectTo(const PostgresInstance &pg, const QString &name)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    db.setHostName(QStringLiteral("127.0.0.1"));
    db.setPort(pg.port());
    db.setUserName(QStringLiteral("parley"));
    db.setDatabaseName(QStringLiteral("parley"));
    db.open();
    return db;
}

qint64 bump(QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("UPDATE rooms SET last_seq = last_seq + 1 WHERE name = 'lobby' RETURNING last_seq")) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

//! One RESP command on \a s (an array of bulk strings).
void command(QTcpSocket &s, const QList<QByteArray> &words)
{
    QByteArray out = "*" + QByteArray::number(words.size()) + "\r\n";
    for (const QByteArray &w : words)
        out += "$" + QByteArray::number(w.size()) + "\r\n" + w + "\r\n";
    s.write(out);
}

bool waitFor(QTcpSocket &s, QByteArray *seen, const QByteArray &text)
{
    return QTest::qWaitFor([&] {
        *seen += s.readAll();
        return seen->contains(text);
    }, 10000);
}
} // namespace

class tst_Engines : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void postgresSequenceSurvivesACrash();
    void redisPublishReachesASubscriber();
    void haproxySpreadsClientsAndTakesADeadNodeOut();
};

void tst_Engines::initTestCase()
{
    PARLEY_REQUIRE_ENGINES();
}

void tst_Engines::postgresSequenceSurvivesACrash()
{
    PostgresInstance pg;
    QVERIFY2(pg.start(), qPrintable(pg.errorString()));
    QVERIFY(pg.url().startsWith(QLatin1String("postgresql://parley@127.0.0.1:")));
    {
        QSqlDatabase db = connectTo(pg, QStringLiteral("first"));
        QVERIFY2(db.isOpen(), qPrintable(db.lastError().text()));
        QSqlQuery q(db);
        QVERIFY2(q.exec(QStringLiteral("CREATE TABLE rooms (name TEXT PRIMARY KEY, last_seq BIGINT NOT NULL)")),
                 qPrintable(q.lastError().text()));
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE messages (sender_id BIGINT, client_id TEXT, seq BIGINT,"
                                      " UNIQUE (sender_id, client_id))")));
        QVERIFY(q.exec(QStringLiteral("INSERT INTO rooms VALUES ('lobby', 0)")));
        QCOMPARE(bump(db), 1);
        QCOMPARE(bump(db), 2);
        // De-duplication by (sender, client id): the second insert does nothing.
        QVERIFY(q.exec(QStringLiteral("INSERT INTO messages VALUES (7, 'c-1', 2) ON CONFLICT DO NOTHING")));
        QCOMPARE(q.numRowsAffected(), 1);
        QVERIFY(q.exec(QStringLiteral("INSERT INTO messages VALUES (7, 'c-1', 3) ON CONFLICT DO NOTHING")));
        QCOMPARE(q.numRowsAffected(), 0);
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("first"));

    pg.kill(); // a crash: what was committed is in the WAL
    QVERIFY(!pg.isRunning());
    QVERIFY2(pg.start(), qPrintable(pg.errorString()));
    {
        QSqlDatabase db = connectTo(pg, QStringLiteral("second"));
        QVERIFY2(db.isOpen(), qPrintable(db.lastError().text()));
        QCOMPARE(bump(db), 3);
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("second"));
}

void tst_Engines::redisPublishReachesASubscriber()
{
    RedisInstance redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    for (int round = 0; round < 2; ++round) {
        QTcpSocket sub, pub;
        sub.connectToHost(QHostAddress::LocalHost, redis.port());
        pub.connectToHost(QHostAddress::LocalHost, redis.port());
        QVERIFY(sub.waitForConnected(5000) && pub.waitForConnected(5000));
        QByteArray subSeen, pubSeen;
        command(sub, {"SUBSCRIBE", "room:lobby"});
        QVERIFY(waitFor(sub, &subSeen, "subscribe"));
        command(pub, {"PUBLISH", "room:lobby", "hello 你好"});
        QVERIFY(waitFor(pub, &pubSeen, ":1\r\n")); // one subscriber got it
        QVERIFY(waitFor(sub, &subSeen, "hello 你好"));
        // A restart: the same port, the subscribers must come again.
        redis.kill();
        QVERIFY(!redis.isRunning());
        QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    }
}

void tst_Engines::haproxySpreadsClientsAndTakesADeadNodeOut()
{
    if (!HaproxyInstance::isInstalled()) {
        if (qEnvironmentVariable("PARLEY_ENGINES_REQUIRED") == QLatin1String("1"))
            QFAIL("haproxy is not installed");
        QSKIP("haproxy is not installed (Debian: haproxy)");
    }
    auto first = std::make_unique<ParleyServer>(ServerSettings{});
    ParleyServer second{ServerSettings{}};
    QVERIFY(first->listen(QHostAddress::LocalHost, 0) && second.listen(QHostAddress::LocalHost, 0));
    HaproxyInstance balancer;
    QVERIFY2(balancer.start({first->port(), second.port()}), qPrintable(balancer.errorString()));
    QVERIFY(HaproxyInstance::configuration(balancer.port(), {1, 2}).contains(QLatin1String("balance roundrobin")));

    std::vector<std::unique_ptr<ChatClient>> clients;
    for (int i = 0; i < 4; ++i) {
        auto c = std::make_unique<ChatClient>();
        c->setSettings(ParleyTest::deadLinkSettings());
        c->setUserName(QStringLiteral("guest%1").arg(i));
        c->joinRoom(QStringLiteral("lobby"));
        c->connectToServer(QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(balancer.port())));
        clients.push_back(std::move(c));
    }
    const auto allReady = [&] {
        return std::all_of(clients.cbegin(), clients.cend(), [](const auto &c) { return c->isReady(); });
    };
    QTRY_VERIFY_WITH_TIMEOUT(allReady(), 15000);
    QTRY_COMPARE(first->clientCount() + second.clientCount(), 4);
    QVERIFY(first->clientCount() >= 1 && second.clientCount() >= 1); // round robin: both have some

    first.reset(); // a node goes away: its clients reconnect through the balancer
    QTRY_COMPARE_WITH_TIMEOUT(second.clientCount(), 4, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(allReady(), 20000);
}

PARLEY_TEST_GUILESS_MAIN(tst_Engines)
#include "tst_engines.moc"
