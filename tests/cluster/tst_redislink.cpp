// RedisLink against a private redis-server on loopback (RedisInstance): every command answered
// exactly once (a reply, or an error when the link is down or goes down first), subscriptions
// that come back by themselves after Redis restarts, and the bounds: commands waiting, message
// size.
#include "enginesrequired.h"
#include "redisinstance.h"
#include "redislink.h"
#include "testmain.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;

namespace {
RedisLink::Settings quick()
{
    RedisLink::Settings s;
    s.reconnectDelay = 50ms;
    s.maxReconnectDelay = 300ms;
    return s;
}

//! Sends \a words on \a link and waits for the reply.
std::optional<RedisReply> ask(RedisLink &link, const QList<QByteArray> &words)
{
    std::optional<RedisReply> reply;
    link.command(words, [&](const RedisReply &r) { reply = r; });
    if (!QTest::qWaitFor([&] { return reply.has_value(); }, 5000))
        return std::nullopt;
    return reply;
}

//! Publishes until a subscriber gets it (a SUBSCRIBE sent may not have reached Redis yet).
bool publishUntilHeard(RedisLink &publisher, const QByteArray &channel, const QByteArray &payload)
{
    return QTest::qWaitFor([&] {
        const std::optional<RedisReply> r = ask(publisher, {"PUBLISH", channel, payload});
        return r && r->type == RedisReply::Type::Integer && r->integer >= 1;
    }, 10000);
}
} // namespace

class tst_RedisLink : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void commandsAreAnswered();
    void passwordIsSentFirst();
    void subscriptionsComeBackAfterARestart();
    void everyCommandIsAnsweredOnceEvenWhenTheLinkGoes();
    void boundsHold();
    void badUrlsAreRefused();
};

void tst_RedisLink::initTestCase()
{
    PARLEY_REQUIRE_ENGINES();
}

void tst_RedisLink::commandsAreAnswered()
{
    RedisInstance redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    RedisLink link;
    link.setSettings(quick());
    QSignalSpy connected(&link, &RedisLink::connected);
    QVERIFY(link.open(QUrl(redis.url())));
    QVERIFY(connected.wait(5000));
    QCOMPARE(ask(link, {"SET", "greeting", "你好 hello"})->text, QByteArray("OK"));
    QCOMPARE(ask(link, {"GET", "greeting"})->text, QByteArray("你好 hello"));
    for (qint64 i = 1; i <= 3; ++i)
        QCOMPARE(ask(link, {"INCR", "seq"})->integer, i);
    QVERIFY(ask(link, {"NOSUCHCOMMAND"})->isError());
    QCOMPARE(ask(link, {"GET", "missing"})->type, RedisReply::Type::Nil);
    QCOMPARE(link.pending(), 0);
}

void tst_RedisLink::passwordIsSentFirst()
{
    RedisInstance redis;
    redis.setPassword(QStringLiteral("s3cret pass"));
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    QUrl url(redis.url());
    url.setPassword(QStringLiteral("s3cret pass"));
    RedisLink link; // commands only: a subscribed link takes no other command
    link.setSettings(quick());
    QSignalSpy connected(&link, &RedisLink::connected);
    QVERIFY(link.open(url));
    QVERIFY(connected.wait(5000));
    QCOMPARE(ask(link, {"SET", "k", "v"})->text, QByteArray("OK")); // signed in
    RedisLink subscriber;
    subscriber.setSettings(quick());
    QSignalSpy subscribed(&subscriber, &RedisLink::connected);
    QSignalSpy message(&subscriber, &RedisLink::message);
    subscriber.subscribe("room:lobby");
    QVERIFY(subscriber.open(url));
    QVERIFY(subscribed.wait(5000));
    RedisLink publisher;
    publisher.setSettings(quick());
    QSignalSpy publisherUp(&publisher, &RedisLink::connected);
    QVERIFY(publisher.open(url));
    QVERIFY(publisherUp.wait(5000));
    QCOMPARE(ask(publisher, {"PUBLISH", "room:lobby", "hi"})->integer, 1); // the subscription is signed in too
    QTRY_COMPARE_WITH_TIMEOUT(message.size(), 1, 5000);

    // A wrong password: refused, the link ends (and is tried again later); nothing runs.
    url.setPassword(QStringLiteral("wrong"));
    RedisLink refused;
    refused.setSettings(quick());
    QSignalSpy down(&refused, &RedisLink::disconnected);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("refused AUTH")));
    QVERIFY(refused.open(url));
    QVERIFY(down.wait(5000));
    refused.close();
}

void tst_RedisLink::subscriptionsComeBackAfterARestart()
{
    RedisInstance redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    RedisLink subscriber, publisher;
    subscriber.setSettings(quick());
    publisher.setSettings(quick());
    QSignalSpy messages(&subscriber, &RedisLink::message);
    QSignalSpy lost(&subscriber, &RedisLink::disconnected);
    QSignalSpy back(&subscriber, &RedisLink::connected);
    subscriber.subscribe("room:lobby");
    QVERIFY(subscriber.open(QUrl(redis.url())) && publisher.open(QUrl(redis.url())));
    QTRY_VERIFY(subscriber.isConnected() && publisher.isConnected());
    QVERIFY(publishUntilHeard(publisher, "room:lobby", "first"));
    QTRY_VERIFY(!messages.isEmpty());
    QCOMPARE(messages.constLast().at(0).toByteArray(), QByteArray("room:lobby"));
    QCOMPARE(messages.constLast().at(1).toByteArray(), QByteArray("first"));

    redis.kill(); // a crash: both links notice, commands fail at once, nothing waits
    QTRY_VERIFY(!subscriber.isConnected() && !publisher.isConnected());
    QCOMPARE(lost.size(), 1);
    QVERIFY(ask(publisher, {"PING"})->isError());
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(subscriber.isConnected() && publisher.isConnected(), 10000);
    QCOMPARE(back.size(), 2);
    messages.clear();
    QVERIFY(publishUntilHeard(publisher, "room:lobby", "after the restart"));
    QTRY_VERIFY(!messages.isEmpty());
    QCOMPARE(messages.constLast().at(1).toByteArray(), QByteArray("after the restart"));
}

void tst_RedisLink::everyCommandIsAnsweredOnceEvenWhenTheLinkGoes()
{
    RedisInstance redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    RedisLink link;
    link.setSettings(quick());
    QVERIFY(link.open(QUrl(redis.url())));
    QTRY_VERIFY(link.isConnected());
    // A command Redis holds (a blocking pop on an empty list), then Redis dies.
    int answers = 0;
    RedisReply last;
    link.command({"BLPOP", "nothing", "0"}, [&](const RedisReply &r) {
        ++answers;
        last = r;
    });
    QTRY_COMPARE(link.pending(), 1);
    redis.kill();
    QTRY_COMPARE(answers, 1);
    QVERIFY(last.isError());
    QCOMPARE(link.pending(), 0);
    // Closed for good: no reconnect even when Redis is back.
    link.close();
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    QVERIFY(ask(link, {"PING"})->isError());
    QVERIFY(!link.isConnected());
    QCOMPARE(answers, 1);
}

void tst_RedisLink::boundsHold()
{
    RedisInstance redis;
    QVERIFY2(redis.start(), qPrintable(redis.errorString()));
    RedisLink::Settings small = quick();
    small.maxPending = 2;
    small.maxMessageBytes = 100;
    RedisLink subscriber, link;
    subscriber.setSettings(small);
    link.setSettings(small);
    subscriber.subscribe("c");
    QVERIFY(subscriber.open(QUrl(redis.url())) && link.open(QUrl(redis.url())));
    QTRY_VERIFY(subscriber.isConnected() && link.isConnected());
    QSignalSpy messages(&subscriber, &RedisLink::message);
    // A message over maxMessageBytes is dropped and counted; one within it comes.
    QVERIFY(publishUntilHeard(link, "c", QByteArray(1000, 'x')));
    QTRY_VERIFY(subscriber.droppedMessages() >= 1);
    QVERIFY(messages.isEmpty());
    QVERIFY(publishUntilHeard(link, "c", "small"));
    QTRY_VERIFY(!messages.isEmpty());
    QCOMPARE(messages.constLast().at(1).toByteArray(), QByteArray("small"));
    // maxPending: two blocked, the third refused at once.
    int refused = 0;
    link.command({"BLPOP", "a", "0"});
    link.command({"BLPOP", "b", "0"});
    link.command({"PING"}, [&](const RedisReply &r) { refused += r.isError() ? 1 : 0; });
    QCOMPARE(refused, 1);
    QCOMPARE(link.pending(), 2);
}

void tst_RedisLink::badUrlsAreRefused()
{
    RedisLink link;
    QVERIFY(!link.open(QUrl(QStringLiteral("http://127.0.0.1:6379"))));
    QVERIFY(!link.open(QUrl(QStringLiteral("redis://"))));
    QVERIFY(!link.isConnected());
}

PARLEY_TEST_GUILESS_MAIN(tst_RedisLink)
#include "tst_redislink.moc"
