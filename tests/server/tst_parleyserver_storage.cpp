// ParleyServer end to end, storage ("Nothing lost, nothing twice"): a restart keeps seqs and
// history (edits, deletes, reactions and replies included), a resend after a restart is the
// original, a storage failure is refused for a retry.

#include "parleyserverfixtures.h"
#include "testmain.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {

//! Runs \a sql on the database file \a path through a connection of its own, as another process
//! would (used to provoke storage failures without a hook in the server).
bool execOnFile(const QString &path, const QString &sql)
{
    const QString name = QStringLiteral("tst_parleyserver.side");
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        ok = db.open() && QSqlQuery(db).exec(sql);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace

class tst_ParleyServerStorage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void restartContinuesSeqAndKeepsHistory();
    void resendAfterRestartIsAckedWithTheOriginalNotBroadcast();
    void clientIdReusedInAnotherRoomIsTheOriginal();
    void storageFailureIsRefusedForARetryAndNotBroadcast();
    void unopenableDatabaseRefusesToListen();
    void serversInOneProcessHaveTheirOwnHistory();
    void conversationsSurviveARestart();
};

void tst_ParleyServerStorage::restartContinuesSeqAndKeepsHistory()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const ServerSettings settings = onFileIn(dir);
    QList<QJsonObject> acks;
    {
        const auto first = startServer(settings);
        QVERIFY(first);
        auto alice = joinedClient(*first, QStringLiteral("alice"), kLobby);
        QVERIFY(alice);
        for (int i = 1; i <= 3; ++i) {
            const QString text = QStringLiteral("before restart %1").arg(i);
            const auto ack = alice->request(kChat, {roomMessage(kLobby, text, QStringLiteral("a%1").arg(i))});
            QVERIFY(ack);
            QCOMPARE(ack->value(QLatin1String("seq")).toInteger(), i);
            acks << *ack;
        }
    }  // the server goes away, clients with it

    const auto second = startServer(settings);
    QVERIFY(second);
    auto bob = connectClient(*second, QStringLiteral("bob"));
    QVERIFY(bob);
    const auto joined = bob->request(QStringLiteral("join"), {obj(R"({"room":"lobby"})")});
    QVERIFY(joined);
    QCOMPARE(without(*joined, QStringLiteral("people")),
             obj(R"({"ok":true,"room":"lobby","members":["bob"],"lastSeq":3,"receipts":[]})"));
    const auto next = bob->request(kChat, {roomMessage(kLobby, QStringLiteral("after restart"), QStringLiteral("b1"))});
    QVERIFY(next);
    QCOMPARE(next->value(QLatin1String("seq")).toInteger(), 4);

    const auto reply = history(*bob, obj(R"({"room":"lobby"})"));
    QVERIFY(reply);
    QCOMPARE(seqsOf(*reply), range(1, 4));
    QCOMPARE(reply->value(QLatin1String("lastSeq")).toInteger(), 4);
    const QJsonArray messages = reply->value(QLatin1String("messages")).toArray();
    for (int i = 0; i < 3; ++i) {
        const QJsonObject m = messages.at(i).toObject();
        QCOMPARE(m.value(QLatin1String("text")).toString(), QStringLiteral("before restart %1").arg(i + 1));
        QCOMPARE(m.value(QLatin1String("sender")).toString(), QStringLiteral("alice"));
        QCOMPARE(m.value(QLatin1String("clientId")).toString(), QStringLiteral("a%1").arg(i + 1));
        QCOMPARE(m.value(QLatin1String("time")), acks.at(i).value(QLatin1String("time")));
    }
    QCOMPARE(messages.at(3).toObject().value(QLatin1String("sender")).toString(), QStringLiteral("bob"));
}

void tst_ParleyServerStorage::resendAfterRestartIsAckedWithTheOriginalNotBroadcast()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const ServerSettings settings = onFileIn(dir);
    const QJsonObject message = roomMessage(kLobby, QStringLiteral("sent once"), QStringLiteral("u-1"));
    QJsonObject original;
    QJsonObject token;
    {
        const auto first = startServer(settings);
        QVERIFY(first);
        auto alice = joinedClient(*first, QStringLiteral("alice"), kLobby);
        QVERIFY(alice);
        token = QJsonObject{{QLatin1String("token"), connectReply(*alice).value(QLatin1String("token"))}};
        const auto ack = alice->request(kChat, {message});
        QVERIFY(ack);
        original = *ack;
    }  // "the ack was lost": the client only learns of it by resending

    // The same person comes back (its token: the same guest, as the accounts are in the file).
    const auto second = startServer(settings);
    QVERIFY(second);
    auto alice = signedInClient(*second, token);
    QVERIFY(alice);
    QVERIFY(alice->request(QStringLiteral("join"), {obj(R"({"room":"lobby"})")}));
    auto bob = joinedClient(*second, QStringLiteral("bob"), kLobby);
    QVERIFY(bob);
    const auto again = alice->request(kChat, {message});
    QVERIFY(again);
    QCOMPARE(*again, original);
    QCOMPARE(again->value(QLatin1String("seq")).toInteger(), 1);

    // A marker proves the resend was not delivered: it would have arrived before it.
    const auto marker = alice->request(kChat, {roomMessage(kLobby, QStringLiteral("marker"), QStringLiteral("u-2"))});
    QVERIFY(marker);
    QCOMPARE(marker->value(QLatin1String("seq")).toInteger(), 2);
    QVERIFY(bob->waitForEvents(kChat, 1));
    QCOMPARE(bob->events(kChat).size(), 1);
    QCOMPARE(chatTextAt(*bob, 0), QStringLiteral("marker"));
    QCOMPARE(seqsOf(*history(*bob, obj(R"({"room":"lobby"})"))), range(1, 2));
}

void tst_ParleyServerStorage::clientIdReusedInAnotherRoomIsTheOriginal()
{
    // (user id, clientId) names one message whatever the room it is sent to again.
    const auto server = startServer();
    QVERIFY(server);
    auto alice = joinedClient(*server, QStringLiteral("alice"), kLobby);
    auto bob = joinedClient(*server, QStringLiteral("bob"), QStringLiteral("other"));
    QVERIFY(alice && bob);
    QVERIFY(alice->request(QStringLiteral("join"), {obj(R"({"room":"other"})")}));
    const auto first = alice->request(kChat, {roomMessage(kLobby, QStringLiteral("x"), QStringLiteral("same"))});
    const auto second = alice->request(kChat, {roomMessage(QStringLiteral("other"), QStringLiteral("x"), QStringLiteral("same"))});
    QVERIFY(first && second);
    QCOMPARE(*second, *first);
    QCOMPARE(second->value(QLatin1String("room")).toString(), kLobby);
    // A marker behind anything the duplicate could have sent bob: only the marker came.
    QVERIFY(alice->request(kChat, {roomMessage(QStringLiteral("other"), QStringLiteral("sync"), QStringLiteral("sync-1"))}));
    QVERIFY(bob->waitForEvents(kChat, 1));
    QCOMPARE(bob->events(kChat).size(), 1);
    QCOMPARE(bob->events(kChat).at(0).at(0).toObject().value(QLatin1String("text")).toString(), QStringLiteral("sync"));
    QCOMPARE(seqsOf(*history(*bob, obj(R"({"room":"other"})"))), QList<qint64>{1}); // the marker alone
}

void tst_ParleyServerStorage::storageFailureIsRefusedForARetryAndNotBroadcast()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const ServerSettings settings = onFileIn(dir);
    auto [server, alice, bob] = aliceAndBob(settings);
    QVERIFY(server && alice && bob);
    QVERIFY(alice->request(kChat, {roomMessage(kLobby, QStringLiteral("first"), QStringLiteral("u-1"))}));

    // Another process makes every insert fail (a full disk or a read-only file would too).
    QVERIFY(execOnFile(settings.databasePath,
                       QStringLiteral("CREATE TRIGGER refuse BEFORE INSERT ON messages"
                                      " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")));
    const QRegularExpression logged(QStringLiteral("refused by the test"));
    QTest::ignoreMessage(QtWarningMsg, logged);  // the store's SQL error
    QTest::ignoreMessage(QtWarningMsg, logged);  // the hub's "not stored, refused for a retry"
    const QJsonObject message = roomMessage(kLobby, QStringLiteral("must not be lost"), QStringLiteral("u-2"));
    const auto refused = alice->request(kChat, {message});
    QVERIFY(refused);
    QCOMPARE(*refused, obj(R"({"ok":false,"error":"storage failure","retry":true})"));

    // The fault goes away; the client's retry is stored with the next seq and delivered once.
    QVERIFY(execOnFile(settings.databasePath, QStringLiteral("DROP TRIGGER refuse")));
    const auto retried = alice->request(kChat, {message});
    QVERIFY(retried);
    QCOMPARE(retried->value(QLatin1String("ok")), QJsonValue(true));
    QCOMPARE(retried->value(QLatin1String("seq")).toInteger(), 2);
    QVERIFY(bob->waitForEvents(kChat, 2));
    QCOMPARE(bob->events(kChat).size(), 2);
    QCOMPARE(chatTextAt(*bob, 0), QStringLiteral("first"));
    QCOMPARE(chatTextAt(*bob, 1), QStringLiteral("must not be lost"));
    QCOMPARE(seqsOf(*history(*bob, obj(R"({"room":"lobby"})"))), range(1, 2));
}

void tst_ParleyServerStorage::unopenableDatabaseRefusesToListen()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ServerSettings settings;
    settings.databasePath = dir.path();  // a directory, not a database file
    ParleyServer server(settings);
    QVERIFY(!server.isHistoryOpen());
    QVERIFY(!server.historyError().isEmpty());
    QVERIFY(!server.listen(QHostAddress(QHostAddress::LocalHost), 0));
    QVERIFY(!server.isListening());
    QVERIFY2(server.errorString().contains(QLatin1String("history database")),
             qPrintable(server.errorString()));
}

void tst_ParleyServerStorage::serversInOneProcessHaveTheirOwnHistory()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto a = startServer();
    const auto b = startServer();
    const auto c = startServer(onFileIn(dir));
    QVERIFY(a && b && c);
    QVERIFY(a->isHistoryOpen() && b->isHistoryOpen() && c->isHistoryOpen());
    auto atA = joinedClient(*a, QStringLiteral("alice"), kLobby);
    QVERIFY(atA);
    QVERIFY(postMany(*atA, kLobby, 3));
    for (ParleyServer *other : {b.get(), c.get()}) {
        auto client = connectClient(*other, QStringLiteral("alice"));
        QVERIFY(client);
        const auto joined = client->request(QStringLiteral("join"), {obj(R"({"room":"lobby"})")});
        QVERIFY(joined);
        QCOMPARE(joined->value(QLatin1String("lastSeq")).toInteger(), 0);
        // Same user and clientId on another server: a new message there.
        const auto ack = client->request(kChat, {roomMessage(kLobby, QStringLiteral("m1"), QStringLiteral("m1"))});
        QVERIFY(ack);
        QCOMPARE(ack->value(QLatin1String("seq")).toInteger(), 1);
    }
}

void tst_ParleyServerStorage::conversationsSurviveARestart()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const ServerSettings settings = onFileIn(dir);  // the accounts live in the same file
    const auto args = [](qint64 seq, std::initializer_list<QPair<QString, QJsonValue>> fields) {
        QJsonObject o{{QLatin1String("room"), kLobby}, {QLatin1String("seq"), seq}};
        for (const auto &field : fields)
            o.insert(field.first, field.second);
        return o;
    };
    const QJsonObject editArgs = args(1, {{QStringLiteral("text"), QStringLiteral("first, edited")},
                                          {QStringLiteral("clientId"), QStringLiteral("e1")}});
    const QJsonObject reactArgs = args(1, {{QStringLiteral("emoji"), QStringLiteral("🎉")},
                                           {QStringLiteral("on"), true},
                                           {QStringLiteral("clientId"), QStringLiteral("r1")}});
    qint64 aliceId = 0;
    qint64 bobId = 0;
    QJsonObject editAck;
    QJsonObject reactAck;
    {
        const auto first = startServer(settings);
        QVERIFY(first);
        aliceId = registerAccount(*first, QStringLiteral("alice"));
        bobId = registerAccount(*first, QStringLiteral("bob"));
        auto alice = signedInAs(*first, aliceId);
        auto bob = signedInAs(*first, bobId);
        QVERIFY(alice && bob && joinRoom(*alice, kLobby) && joinRoom(*bob, kLobby));
        QVERIFY(alice->request(kChat, {roomMessage(kLobby, QStringLiteral("first"), QStringLiteral("m1"))}));
        QJsonObject reply = roomMessage(kLobby, QStringLiteral("re: first"), QStringLiteral("m2"));
        reply.insert(QLatin1String("replyTo"), 1);
        QCOMPARE(bob->request(kChat, {reply}).value_or(QJsonObject()).value(QLatin1String("seq")), 2);
        editAck = alice->request(QStringLiteral("edit"), {editArgs}).value_or(QJsonObject());
        reactAck = bob->request(QStringLiteral("react"), {reactArgs}).value_or(QJsonObject());
        QCOMPARE(editAck.value(QLatin1String("seq")), 3);
        QCOMPARE(reactAck.value(QLatin1String("seq")), 4);
        QVERIFY(alice->request(kChat, {roomMessage(kLobby, QStringLiteral("gone soon"), QStringLiteral("m5"))}));
        QCOMPARE(alice->request(QStringLiteral("delete"), {args(5, {{QStringLiteral("clientId"), QStringLiteral("d")}})})
                         .value_or(QJsonObject()).value(QLatin1String("seq")),
                 6);
    }

    const auto second = startServer(settings);
    QVERIFY(second);
    auto alice = signedInAs(*second, aliceId);
    auto bob = signedInAs(*second, bobId);
    QVERIFY(alice && bob && joinRoom(*alice, kLobby) && joinRoom(*bob, kLobby));
    const auto reply = history(*bob, obj(R"({"room":"lobby","after":0})"));
    QVERIFY(reply);
    QCOMPARE(seqsOf(*reply), range(1, 6));
    const QJsonArray rows = reply->value(QLatin1String("messages")).toArray();
    const QJsonObject first = rows.at(0).toObject();
    QCOMPARE(first.value(QLatin1String("text")).toString(), QStringLiteral("first, edited"));
    QCOMPARE(first.value(QLatin1String("edited")), editAck.value(QLatin1String("time")));
    QCOMPARE(first.value(QLatin1String("reactions")),
             QJsonValue(QJsonArray{QJsonObject{{QLatin1String("emoji"), QStringLiteral("🎉")},
                                               {QLatin1String("count"), 1},
                                               {QLatin1String("users"), QJsonArray{bobId}}}}));
    QCOMPARE(rows.at(1).toObject().value(QLatin1String("replyTo")), QJsonValue(1));
    QCOMPARE(rows.at(2).toObject().value(QLatin1String("kind")).toString(), QStringLiteral("edit"));
    QCOMPARE(rows.at(3).toObject().value(QLatin1String("kind")).toString(), QStringLiteral("react"));
    QCOMPARE(rows.at(4).toObject().value(QLatin1String("deleted")), QJsonValue(true));
    QCOMPARE(rows.at(5).toObject().value(QLatin1String("kind")).toString(), QStringLiteral("delete"));
    // Resends after the restart: the original answers; a reaction one has: unchanged.
    QCOMPARE(alice->request(QStringLiteral("edit"), {editArgs}).value_or(QJsonObject()), editAck);
    QCOMPARE(bob->request(QStringLiteral("react"), {reactArgs}).value_or(QJsonObject()), reactAck);
    QJsonObject again = reactArgs;
    again.insert(QLatin1String("clientId"), QStringLiteral("r2"));
    QCOMPARE(bob->request(QStringLiteral("react"), {again}).value_or(QJsonObject()).value(QLatin1String("unchanged")),
             QJsonValue(true));
    QCOMPARE(history(*bob, obj(R"({"room":"lobby"})"))->value(QLatin1String("lastSeq")).toInteger(), 6);
}

PARLEY_TEST_GUILESS_MAIN(tst_ParleyServerStorage)
#include "tst_parleyserver_storage.moc"
