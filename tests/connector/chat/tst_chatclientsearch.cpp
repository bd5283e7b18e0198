// ChatClient::search() (ParleyProtocol, ParleySearchJson): against a real in-process parley-server
// the right messages come back in searchFinished() -- newest first, paged by the cursor, "own"
// set, never stored or handed over as received messages; a refusal comes as searchFailed(). Against
// scripted servers: no search where the connect answer does not list it, a malformed answer and
// a link lost before the answer each end in searchFailed().

#include "chatclient.h"
#include "inmemorychatstore.h"
#include "parleyserver.h"
#include "receivedmessages.h"
#include "scriptedsocketioserver.h"
#include "signedinclient.h"
#include "testmain.h"
#include "testsettings.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

namespace {

const QString kLobby = QStringLiteral("lobby");

//! A store that counts what it is given to keep.
class CountingStore : public InMemoryChatStore
{
public:
    bool saveReceived(const ChatMessage &message) override
    {
        ++saved;
        return InMemoryChatStore::saveReceived(message);
    }
    int saved = 0;
};

QStringList textsOf(const QList<ChatMessage> &messages)
{
    QStringList out;
    for (const ChatMessage &m : messages)
        out << m.text;
    return out;
}

//! The one answer to search \a id on \a client: the finished page, or nullopt (and \a *reason set)
//! when it failed or nothing came within 10 s.
struct Outcome
{
    QList<ChatMessage> results;
    bool hasMore = false;
    QString cursor;
    QString failure;  //!< the reason of searchFailed(); "(no answer)" when none came
};

Outcome await(ChatClient &client, const QString &id)
{
    QSignalSpy finished(&client, &ChatClient::searchFinished);
    QSignalSpy failed(&client, &ChatClient::searchFailed);
    Outcome out;
    if (!QTest::qWaitFor([&] { return !finished.isEmpty() || !failed.isEmpty(); }, 10000)) {
        out.failure = QStringLiteral("(no answer)");
        return out;
    }
    if (!failed.isEmpty()) {
        out.failure = failed.constFirst().at(1).toString();
        if (failed.constFirst().at(0).toString() != id)
            out.failure = QStringLiteral("(another id)");
        return out;
    }
    const QList<QVariant> &args = finished.constFirst();
    if (args.at(0).toString() != id)
        out.failure = QStringLiteral("(another id)");
    out.results = args.at(1).value<QList<ChatMessage>>();
    out.hasMore = args.at(2).toBool();
    out.cursor = args.at(3).toString();
    return out;
}

//! Sends \a texts from \a client to the lobby and waits until each is delivered.
bool posted(ChatClient &client, const QStringList &texts)
{
    QSignalSpy delivery(&client, &ChatClient::deliveryChanged);
    for (const QString &text : texts) {
        if (client.sendMessage(kLobby, text).isEmpty())
            return false;
    }
    return QTest::qWaitFor([&] {
        int delivered = 0;
        for (const QList<QVariant> &args : std::as_const(delivery))
            delivered += args.at(1).value<ChatMessage::Delivery>() == ChatMessage::Delivery::Delivered;
        return delivered == texts.size();
    }, 10000);
}

//! A scripted server that answers the connect with \a reply's fields and every join; "search"
//! with \a answer (or never, when it is empty).
void script(ScriptedSocketIoServer &server, const QJsonObject &reply, const QJsonObject &answer)
{
    server.setConnectHandler([reply](QWebSocket *, const QJsonObject &) {
        QJsonObject r = reply;
        r.insert(QStringLiteral("sid"), QStringLiteral("x"));
        r.insert(QStringLiteral("user"), QJsonObject{{QStringLiteral("id"), 1}, {QStringLiteral("username"), QStringLiteral("alice")},
                                                     {QStringLiteral("displayName"), QStringLiteral("Alice")}});
        return SocketIoCodec::connectFrame(QStringLiteral("/"), r);
    });
    server.setEventHandler([answer](QWebSocket *s, const QString &event, const QJsonArray &args, qint64 ackId) {
        if (event == QLatin1String("join"))
            ScriptedSocketIoServer::ackJoin(s, ackId, args);
        else if (event == QLatin1String("search") && !answer.isEmpty())
            ScriptedSocketIoServer::ack(s, ackId, {answer});
    });
}

//! A client of \a server (a scripted one), ready.
std::unique_ptr<ChatClient> readyClient(const ScriptedSocketIoServer &server)
{
    auto client = std::make_unique<ChatClient>();
    client->setSettings(ParleyTest::fastSettings());
    client->setUserName(QStringLiteral("alice"));
    client->connectToServer(server.url());
    if (!QTest::qWaitFor([&] { return client->isReady(); }, 10000))
        return nullptr;
    return client;
}

} // namespace

class tst_ChatClientSearch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void searchFindsTheServersMessages();
    void resultsAreNeverStoredOrReceived();
    void pagesFollowTheCursor();
    void refusalsComeAsSearchFailed();
    void nothingIsSentWithoutATerm();
    void serverWithoutSearch();
    void malformedAnswerFails();
    void lostLinkFailsThePendingSearch();

private:
    std::unique_ptr<ParleyServer> m_server;
};

void tst_ChatClientSearch::init()
{
    m_server = std::make_unique<ParleyServer>(ServerSettings{});
    QVERIFY2(m_server->listen(QHostAddress::LocalHost, 0), qPrintable(m_server->errorString()));
}

void tst_ChatClientSearch::cleanup()
{
    m_server.reset();
}

void tst_ChatClientSearch::searchFindsTheServersMessages()
{
    auto alice = ParleyTest::signedInClient(*m_server, QStringLiteral("alice"), QStringLiteral("Alice"));
    auto bob = ParleyTest::signedInClient(*m_server, QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(alice && bob);
    QVERIFY(alice->hasSearch() && bob->hasSearch());
    QVERIFY(posted(*alice, {QStringLiteral("deploy on Friday"), QStringLiteral("lunch?"),
                            QStringLiteral("今天天气很好"), QStringLiteral("the DEPLOY failed")}));

    const QString id = bob->search(SearchQuery::parse(QStringLiteral("deploy")), 20);
    QVERIFY(!id.isEmpty());
    const Outcome found = await(*bob, id);
    QCOMPARE(found.failure, QString());
    QCOMPARE(textsOf(found.results), (QStringList{QStringLiteral("the DEPLOY failed"), QStringLiteral("deploy on Friday")}));
    QVERIFY(!found.hasMore);
    QVERIFY(found.cursor.isEmpty());
    const ChatMessage &newest = found.results.constFirst();
    QCOMPARE(newest.room, kLobby);
    QCOMPARE(newest.seq, 4);
    QCOMPARE(newest.senderUsername, QStringLiteral("alice"));
    QCOMPARE(newest.senderId, alice->identity().userId);
    QVERIFY(!newest.own);

    // Chinese by any part of the sentence, with the filters the user types; one's own marked.
    const QString mine = alice->search(SearchQuery::parse(QStringLiteral("天气 in:#lobby from:@alice")), 20);
    const Outcome own = await(*alice, mine);
    QCOMPARE(own.failure, QString());
    QCOMPARE(textsOf(own.results), QStringList{QStringLiteral("今天天气很好")});
    QVERIFY(own.results.constFirst().own);
    const Outcome nobody = await(*alice, alice->search(SearchQuery::parse(QStringLiteral("天气 from:@bob")), 20));
    QCOMPARE(nobody.failure, QString());
    QVERIFY(nobody.results.isEmpty());
}

void tst_ChatClientSearch::resultsAreNeverStoredOrReceived()
{
    auto alice = ParleyTest::signedInClient(*m_server, QStringLiteral("alice"), QStringLiteral("Alice"));
    QVERIFY(alice);
    QVERIFY(posted(*alice, {QStringLiteral("needle one"), QStringLiteral("needle two")}));
    // carol joins only after they were written, and stores what she receives.
    const QString token = m_server->localSignIn(QStringLiteral("carol"), QStringLiteral("Carol"));
    CountingStore store;
    ChatClient carol;
    carol.setSettings(ParleyTest::fastSettings());
    carol.setStore(&store);
    carol.setSignIn(SignIn::withToken(token, QStringLiteral("test")));
    carol.joinRoom(kLobby);
    ReceivedMessages received(&carol);
    carol.connectToServer(m_server->url());
    QTRY_VERIFY_WITH_TIMEOUT(carol.syncState(kLobby) == RoomSync::SyncState::Synced, 10000);
    const int saved = store.saved;
    const qsizetype handedOver = received.size();
    const Outcome found = await(carol, carol.search(SearchQuery::parse(QStringLiteral("needle")), 20));
    QCOMPARE(textsOf(found.results), (QStringList{QStringLiteral("needle two"), QStringLiteral("needle one")}));
    QCOMPARE(store.saved, saved);
    QCOMPARE(received.size(), handedOver);
}

void tst_ChatClientSearch::pagesFollowTheCursor()
{
    auto alice = ParleyTest::signedInClient(*m_server, QStringLiteral("alice"), QStringLiteral("Alice"));
    QVERIFY(alice);
    QStringList texts;
    for (int i = 1; i <= 5; ++i)
        texts << QStringLiteral("page %1").arg(i);
    QVERIFY(posted(*alice, texts));
    const SearchQuery query = SearchQuery::parse(QStringLiteral("page"));
    QStringList all;
    QString cursor;
    for (int pages = 1;; ++pages) {
        QVERIFY(pages <= 3);
        const QString id = alice->search(query, 2, cursor);
        QVERIFY(!id.isEmpty());
        const Outcome page = await(*alice, id);
        QCOMPARE(page.failure, QString());
        QVERIFY(page.results.size() <= 2);
        all << textsOf(page.results);
        if (!page.hasMore)
            break;
        QVERIFY(!page.cursor.isEmpty());
        cursor = page.cursor;
    }
    std::reverse(texts.begin(), texts.end());
    QCOMPARE(all, texts);
}

void tst_ChatClientSearch::refusalsComeAsSearchFailed()
{
    auto alice = ParleyTest::signedInClient(*m_server, QStringLiteral("alice"), QStringLiteral("Alice"));
    QVERIFY(alice);
    QCOMPARE(await(*alice, alice->search(SearchQuery::parse(QStringLiteral("x in:#elsewhere")), 20)).failure,
             QStringLiteral("not in room"));
    QCOMPARE(await(*alice, alice->search(SearchQuery::parse(QStringLiteral("x")), 20, QStringLiteral("bogus"))).failure,
             QStringLiteral("invalid cursor"));
}

void tst_ChatClientSearch::nothingIsSentWithoutATerm()
{
    auto alice = ParleyTest::signedInClient(*m_server, QStringLiteral("alice"), QStringLiteral("Alice"));
    QVERIFY(alice);
    QSignalSpy failed(alice.get(), &ChatClient::searchFailed);
    QCOMPARE(alice->search(SearchQuery::parse(QStringLiteral("from:@alice in:#lobby")), 20), QString());
    QCOMPARE(alice->search(SearchQuery(), 20), QString());
    alice->disconnectFromServer();
    QTRY_VERIFY(!alice->isReady());
    QCOMPARE(alice->search(SearchQuery::parse(QStringLiteral("x")), 20), QString());  // not ready
    QVERIFY(alice->hasSearch());  // the server still has it
    QVERIFY(failed.isEmpty());
}

void tst_ChatClientSearch::serverWithoutSearch()
{
    ScriptedSocketIoServer server;
    QVERIFY(server.listen());
    script(server, QJsonObject{}, QJsonObject{});
    auto client = readyClient(server);
    QVERIFY(client);
    QVERIFY(!client->hasSearch());
    QCOMPARE(client->search(SearchQuery::parse(QStringLiteral("deploy")), 20), QString());
    QCOMPARE(server.eventCount(QStringLiteral("search")), 0);
}

void tst_ChatClientSearch::malformedAnswerFails()
{
    ScriptedSocketIoServer server;
    QVERIFY(server.listen());
    // One result without a room: the page is not used at all.
    const QJsonObject bad{{QStringLiteral("ok"), true},
                          {QStringLiteral("results"), QJsonArray{QJsonObject{{QStringLiteral("seq"), 1}, {QStringLiteral("text"), QStringLiteral("x")}}}},
                          {QStringLiteral("hasMore"), false}};
    script(server, QJsonObject{{QStringLiteral("features"), QJsonArray{QStringLiteral("search")}}}, bad);
    auto client = readyClient(server);
    QVERIFY(client);
    QVERIFY(client->hasSearch());
    QSignalSpy finished(client.get(), &ChatClient::searchFinished);
    const Outcome outcome = await(*client, client->search(SearchQuery::parse(QStringLiteral("x")), 20));
    QVERIFY2(outcome.failure.startsWith(QLatin1String("malformed search answer")), qPrintable(outcome.failure));
    QVERIFY(finished.isEmpty());
}

void tst_ChatClientSearch::lostLinkFailsThePendingSearch()
{
    ScriptedSocketIoServer server;
    QVERIFY(server.listen());
    script(server, QJsonObject{{QStringLiteral("features"), QJsonArray{QStringLiteral("search")}}}, QJsonObject{});
    auto client = readyClient(server);
    QVERIFY(client);
    const QString id = client->search(SearchQuery::parse(QStringLiteral("x")), 20);
    QVERIFY(!id.isEmpty());
    QTRY_COMPARE(server.eventCount(QStringLiteral("search")), 1);  // sent, never answered
    QSignalSpy failed(client.get(), &ChatClient::searchFailed);
    for (const QPointer<QWebSocket> &s : server.sockets()) {
        if (s)
            s->abort();
    }
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
    QCOMPARE(failed.constFirst().at(0).toString(), id);
}

PARLEY_TEST_GUILESS_MAIN(tst_ChatClientSearch)
#include "tst_chatclientsearch.moc"
