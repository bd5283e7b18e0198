// ParleyServer end to end, read receipts (docs/protocol.md, "Read receipts"): a receipt only moves
// forward, goes to the room (the reader's other sessions too) coalesced per room, comes in the
// join answer, is hidden both ways by "privacy", survives a restart, and every malformed request
// and flood is refused.

#include "parleyserverfixtures.h"
#include "testmain.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kRead = QStringLiteral("read");
const QString kPrivacy = QStringLiteral("privacy");

QJsonObject readArgs(qint64 seq, const QString &room = kLobby)
{
    return QJsonObject{{QLatin1String("room"), room}, {QLatin1String("seq"), seq}};
}

//! \a client's answer to "read" of \a seq in the lobby (empty when none came).
QJsonObject read(SioClient &client, qint64 seq)
{
    return client.request(kRead, {readArgs(seq)}).value_or(QJsonObject());
}

QJsonObject privacy(SioClient &client, bool on)
{
    return client.request(kPrivacy, {QJsonObject{{QLatin1String("readReceipts"), on}}})
            .value_or(QJsonObject());
}

QString errorOf(const QJsonObject &answer)
{
    return answer.value(QLatin1String("ok")).toBool() ? QStringLiteral("ok")
                                                      : answer.value(QLatin1String("error")).toString();
}

qint64 idOf(const SioClient &client)
{
    return userOf(client).value(QLatin1String("id")).toInteger();
}

//! The "read" events \a client heard, as {userId, seq} pairs in order.
QList<QPair<qint64, qint64>> readsHeard(const SioClient &client)
{
    QList<QPair<qint64, qint64>> result;
    for (const QJsonArray &args : client.events(kRead)) {
        const QJsonObject o = args.at(0).toObject();
        result.append({o.value(QLatin1String("userId")).toInteger(), o.value(QLatin1String("seq")).toInteger()});
    }
    return result;
}

//! Posts "marker" from \a from and waits until \a to heard it: every frame the server sent \a to
//! before has arrived by then.
bool flushed(SioClient &from, SioClient &to)
{
    const qsizetype heard = to.events(kChat).size();
    return from.request(kChat, {roomMessage(kLobby, QStringLiteral("marker"), QString())})
            && to.waitForEvents(kChat, heard + 1);
}

QJsonArray receiptsOf(const QJsonObject &joinAnswer)
{
    return joinAnswer.value(QLatin1String("receipts")).toArray();
}

QJsonObject receipt(qint64 userId, qint64 seq)
{
    return QJsonObject{{QLatin1String("userId"), userId}, {QLatin1String("seq"), seq}};
}

} // namespace

class tst_ParleyServerReceipts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readMovesForwardOnly();
    void readGoesToTheRoomAndTheReadersOtherSessions();
    void readsAreCoalescedPerRoom();
    void joinAnswerListsReceipts();
    void privacyOffHidesBothWays();
    void receiptsAndPrivacySurviveARestart();
    void malformedRequests_data();
    void malformedRequests();
    void readsAreRateLimited();
};

void tst_ParleyServerReceipts::readMovesForwardOnly()
{
    auto [server, alice, bob] = aliceAndBob();
    QVERIFY(server && alice && bob);
    QVERIFY(postMany(*alice, kLobby, 3));
    QCOMPARE(read(*bob, 2), obj(R"({"ok":true,"room":"lobby","seq":2})"));
    QCOMPARE(read(*bob, 1), obj(R"({"ok":true,"room":"lobby","seq":2})"));  // the kept one
    QCOMPARE(read(*bob, 2), obj(R"({"ok":true,"room":"lobby","seq":2})"));
    QCOMPARE(read(*bob, 3), obj(R"({"ok":true,"room":"lobby","seq":3})"));
    QCOMPARE(errorOf(read(*bob, 4)), QStringLiteral("unknown message"));
    QVERIFY(alice->waitForEvents(kRead, 1));
    QTRY_COMPARE(readsHeard(*alice).constLast(), qMakePair(idOf(*bob), qint64(3)));
    for (const auto &heard : readsHeard(*alice))
        QVERIFY(heard.second >= 2);  // never backwards
}

void tst_ParleyServerReceipts::readGoesToTheRoomAndTheReadersOtherSessions()
{
    const auto server = startServer(fastHashing());
    QVERIFY(server);
    const qint64 aliceId = registerAccount(*server, QStringLiteral("alice"));
    auto laptop = signedInAs(*server, aliceId);
    auto phone = signedInAs(*server, aliceId);
    auto bob = connectClient(*server, QStringLiteral("bob"));
    auto carol = connectClient(*server, QStringLiteral("carol")); // elsewhere
    QVERIFY(laptop && phone && bob && carol);
    for (SioClient *c : {laptop.get(), phone.get(), bob.get()})
        QVERIFY(joinRoom(*c, kLobby)->value(QLatin1String("ok")).toBool());
    QVERIFY(joinRoom(*carol, QStringLiteral("elsewhere")));
    QVERIFY(postMany(*bob, kLobby, 2));
    QCOMPARE(read(*laptop, 2).value(QLatin1String("seq")).toInteger(), 2);
    const QList<QPair<qint64, qint64>> expected{{aliceId, 2}};
    for (SioClient *c : {bob.get(), phone.get(), laptop.get()}) {
        QVERIFY(c->waitForEvents(kRead, 1));
        QCOMPARE(readsHeard(*c), expected);
        QCOMPARE(c->events(kRead).constFirst().at(0).toObject(),
                 QJsonObject({{QLatin1String("room"), kLobby}, {QLatin1String("userId"), aliceId},
                              {QLatin1String("seq"), 2}}));
    }
    QVERIFY(carol->request(kChat, {roomMessage(QStringLiteral("elsewhere"), QStringLiteral("x"), QString())}));
    QVERIFY(carol->events(kRead).isEmpty());
}

void tst_ParleyServerReceipts::readsAreCoalescedPerRoom()
{
    ServerSettings settings;
    settings.membersAnnounceDelay = std::chrono::milliseconds(500);  // all reads fall into one
    settings.readRate = {};
    auto [server, alice, bob] = aliceAndBob(withoutMessageLimits(settings));
    QVERIFY(server && alice && bob);
    QVERIFY(postMany(*alice, kLobby, 20));
    for (qint64 seq = 1; seq <= 20; ++seq) {
        QCOMPARE(read(*bob, seq).value(QLatin1String("seq")).toInteger(), seq);
        QCOMPARE(read(*alice, seq).value(QLatin1String("seq")).toInteger(), seq);
    }
    QVERIFY(bob->waitForEvents(kRead, 2));
    QVERIFY(flushed(*alice, *bob));
    // 40 moves, one "read" per account that moved: its highest seq.
    QList<QPair<qint64, qint64>> heard = readsHeard(*bob);
    std::sort(heard.begin(), heard.end());
    QList<QPair<qint64, qint64>> expected{{idOf(*alice), 20}, {idOf(*bob), 20}};
    std::sort(expected.begin(), expected.end());
    QCOMPARE(heard, expected);
}

void tst_ParleyServerReceipts::joinAnswerListsReceipts()
{
    auto [server, alice, bob] = aliceAndBob();
    QVERIFY(server && alice && bob);
    auto carol = connectClient(*server, QStringLiteral("carol"));
    QVERIFY(carol);
    QCOMPARE(receiptsOf(*joinRoom(*carol, kLobby)), QJsonArray());  // nobody has read anything
    QVERIFY(postMany(*alice, kLobby, 3));
    QVERIFY(read(*alice, 3).value(QLatin1String("ok")).toBool());
    QVERIFY(read(*bob, 1).value(QLatin1String("ok")).toBool());
    auto dave = connectClient(*server, QStringLiteral("dave"));
    QVERIFY(dave);
    QCOMPARE(receiptsOf(*joinRoom(*dave, kLobby)),
             QJsonArray({receipt(idOf(*alice), 3), receipt(idOf(*bob), 1)}));  // highest first
    // The asker's own comes too, when it has one.
    QCOMPARE(receiptsOf(*joinRoom(*bob, kLobby)),
             QJsonArray({receipt(idOf(*alice), 3), receipt(idOf(*bob), 1)}));
}

void tst_ParleyServerReceipts::privacyOffHidesBothWays()
{
    auto [server, alice, bob] = aliceAndBob();
    QVERIFY(server && alice && bob);
    QCOMPARE(userOf(*bob).value(QLatin1String("readReceipts")), QJsonValue(true));
    QVERIFY(postMany(*alice, kLobby, 3));
    QVERIFY(read(*bob, 1).value(QLatin1String("ok")).toBool());
    QCOMPARE(privacy(*bob, false), obj(R"({"ok":true,"readReceipts":false})"));
    // Bob's receipt is gone; what he reads now is answered, not kept and not told.
    QCOMPARE(read(*bob, 2), obj(R"({"ok":true,"room":"lobby","seq":2})"));
    QCOMPARE(read(*alice, 3).value(QLatin1String("seq")).toInteger(), 3);
    QVERIFY(alice->waitForEvents(kRead, 1));
    QVERIFY(flushed(*alice, *bob));
    QVERIFY(flushed(*bob, *alice));
    for (const auto &heard : readsHeard(*alice))
        QVERIFY(heard.first != idOf(*bob) || heard.second == 1);  // bob's only before he turned it off
    QVERIFY(bob->events(kRead).isEmpty());                           // he hears nobody's
    QCOMPARE(receiptsOf(*joinRoom(*bob, kLobby)), QJsonArray());
    auto carol = connectClient(*server, QStringLiteral("carol"));
    QVERIFY(carol);
    QCOMPARE(receiptsOf(*joinRoom(*carol, kLobby)), QJsonArray({receipt(idOf(*alice), 3)}));
    // A repeated connect answer says so; back on, his receipts are kept again.
    QCOMPARE(bob->connectIo()->data.toObject().value(QLatin1String("user")).toObject()
                     .value(QLatin1String("readReceipts")), QJsonValue(false));
    QCOMPARE(privacy(*bob, true), obj(R"({"ok":true,"readReceipts":true})"));
    QCOMPARE(read(*bob, 3).value(QLatin1String("seq")).toInteger(), 3);
    QVERIFY(bob->waitForEvents(kRead, 1));
    QCOMPARE(readsHeard(*bob).constLast(), qMakePair(idOf(*bob), qint64(3)));
}

void tst_ParleyServerReceipts::receiptsAndPrivacySurviveARestart()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    qint64 aliceId = 0;
    qint64 bobId = 0;
    {
        const auto server = startServer(onFileIn(dir));
        QVERIFY(server);
        aliceId = registerAccount(*server, QStringLiteral("alice"));
        bobId = registerAccount(*server, QStringLiteral("bob"));
        auto alice = signedInAs(*server, aliceId);
        auto bob = signedInAs(*server, bobId);
        QVERIFY(alice && bob && joinRoom(*alice, kLobby) && joinRoom(*bob, kLobby));
        QVERIFY(postMany(*alice, kLobby, 2));
        QCOMPARE(read(*alice, 2).value(QLatin1String("seq")).toInteger(), 2);
        QCOMPARE(privacy(*bob, false).value(QLatin1String("ok")), QJsonValue(true));
    }
    const auto server = startServer(onFileIn(dir));
    QVERIFY(server);
    QVERIFY(!server->accounts()->account(bobId).value.readReceipts);
    auto bob = signedInAs(*server, bobId);
    auto alice = signedInAs(*server, aliceId);
    QVERIFY(alice && bob);
    QCOMPARE(userOf(*bob).value(QLatin1String("readReceipts")), QJsonValue(false));
    QCOMPARE(userOf(*alice).value(QLatin1String("readReceipts")), QJsonValue(true));
    QCOMPARE(receiptsOf(*joinRoom(*alice, kLobby)), QJsonArray({receipt(aliceId, 2)}));
    QCOMPARE(read(*alice, 1).value(QLatin1String("seq")).toInteger(), 2);  // still forward only
}

void tst_ParleyServerReceipts::malformedRequests_data()
{
    QTest::addColumn<QString>("event");
    QTest::addColumn<QJsonValue>("args");
    QTest::addColumn<QString>("error");
    const auto row = [](const char *name, const QString &event, const QJsonValue &args, const char *error) {
        QTest::newRow(name) << event << args << QString::fromLatin1(error);
    };
    row("seq as a string", kRead, obj(R"({"room":"lobby","seq":"1"})"), "malformed arguments");
    row("seq 0", kRead, obj(R"({"room":"lobby","seq":0})"), "malformed arguments");
    row("seq negative", kRead, obj(R"({"room":"lobby","seq":-1})"), "malformed arguments");
    row("seq fractional", kRead, obj(R"({"room":"lobby","seq":1.5})"), "malformed arguments");
    row("seq huge", kRead, obj(R"({"room":"lobby","seq":1e300})"), "malformed arguments");
    row("seq null", kRead, obj(R"({"room":"lobby","seq":null})"), "malformed arguments");
    row("no seq", kRead, obj(R"({"room":"lobby"})"), "malformed arguments");
    row("room a number", kRead, obj(R"({"room":7,"seq":1})"), "malformed arguments");
    row("no object", kRead, QJsonValue(QStringLiteral("lobby")), "malformed arguments");
    row("blank room", kRead, obj(R"({"room":"  ","seq":1})"), "invalid room name");
    row("long room", kRead, readArgs(1, QString(65, QLatin1Char('r'))), "room name too long");
    row("not joined", kRead, readArgs(1, QStringLiteral("elsewhere")), "not joined");
    row("above the last seq", kRead, readArgs(2), "unknown message");
    row("privacy a string", kPrivacy, obj(R"({"readReceipts":"false"})"), "malformed arguments");
    row("privacy a number", kPrivacy, obj(R"({"readReceipts":0})"), "malformed arguments");
    row("privacy missing", kPrivacy, obj(R"({})"), "malformed arguments");
}

void tst_ParleyServerReceipts::malformedRequests()
{
    QFETCH(QString, event);
    QFETCH(QJsonValue, args);
    QFETCH(QString, error);
    auto [server, alice, bob] = aliceAndBob();
    QVERIFY(server && alice && bob);
    QVERIFY(postMany(*alice, kLobby, 1));
    QCOMPARE(errorOf(alice->request(event, {args}).value_or(QJsonObject())), error);
    QVERIFY(flushed(*alice, *bob));
    QVERIFY(bob->events(kRead).isEmpty());
    QCOMPARE(userOf(*alice).value(QLatin1String("readReceipts")), QJsonValue(true));
}

void tst_ParleyServerReceipts::readsAreRateLimited()
{
    ServerSettings settings;
    settings.readRate = {0.001, 3};
    auto [server, alice, bob] = aliceAndBob(settings);
    QVERIFY(server && alice && bob);
    QVERIFY(postMany(*alice, kLobby, 4));
    for (qint64 seq = 1; seq <= 3; ++seq)
        QCOMPARE(errorOf(read(*bob, seq)), QStringLiteral("ok"));
    const QJsonObject refused = read(*bob, 4);
    QCOMPARE(errorOf(refused), QStringLiteral("rate limited"));
    QVERIFY(refused.value(QLatin1String("retryAfterMs")).toInteger() > 0);
    QCOMPARE(errorOf(privacy(*bob, false)), QStringLiteral("rate limited"));  // the same budget
    QVERIFY(alice->waitForEvents(kRead, 1));
    QCOMPARE(receiptsOf(*joinRoom(*alice, kLobby)), QJsonArray({receipt(idOf(*bob), 3)}));
}

PARLEY_TEST_GUILESS_MAIN(tst_ParleyServerReceipts)
#include "tst_parleyserver_receipts.moc"
