// Replies, edits, deletes and reactions end to end (issue 12): two signed-in people on a real
// in-process parley-server, each with a ChatClient, a MessageStore file and the room's
// MessageModel, as the app wires them. Changes made live, while the other is offline, and while
// oneself is offline all end in the same room state in both windows, and it survives a restart;
// a deleted text is gone from both files.
#include "chatclient.h"
#include "messagemodel.h"
#include "messagestore.h"
#include "messagestorefixtures.h"
#include "parleyserver.h"
#include "signedinclient.h"
#include "testmain.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {
const QString kLobby = QStringLiteral("lobby");

//! One person as the app wires them: store, client, the lobby's model.
struct Side
{
    std::unique_ptr<MessageStore> store;
    std::unique_ptr<ChatClient> client;
    std::unique_ptr<MessageModel> model;
};

//! What a model shows, per seq: text, edited, deleted, replyTo, reactions.
QStringList stateOf(const MessageModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row) {
        const ChatMessage m = model.messageAt(row);
        QStringList reactions;
        for (const ChatMessage::Reaction &r : m.reactions)
            reactions << QStringLiteral("%1x%2").arg(r.emoji).arg(r.count);
        out << QStringLiteral("%1|%2|%3|%4|%5|%6")
                       .arg(m.seq)
                       .arg(m.text)
                       .arg(m.edited.isValid() ? QStringLiteral("edited") : QString())
                       .arg(m.deleted ? QStringLiteral("deleted") : QString())
                       .arg(m.replyTo)
                       .arg(reactions.join(QLatin1Char(',')));
    }
    return out;
}
} // namespace

class tst_ConversationSync : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void bothWindowsConvergeThroughLinkLossAndRestart();
    void aSecondEditBeforeTheFirstAckIsNeverUndone();

private:
    std::unique_ptr<Side> person(const QString &username, const QString &displayName, const QString &file);

    QTemporaryDir m_dir;
    std::unique_ptr<ParleyServer> m_server;
};

void tst_ConversationSync::init()
{
    QVERIFY(m_dir.isValid());
    ServerSettings settings;
    settings.guests = false;
    m_server = std::make_unique<ParleyServer>(settings);
    QVERIFY2(m_server->listen(QHostAddress::LocalHost, 0), qPrintable(m_server->errorString()));
}

void tst_ConversationSync::cleanup()
{
    m_server.reset();
}

std::unique_ptr<Side> tst_ConversationSync::person(const QString &username, const QString &displayName,
                                                     const QString &file)
{
    auto p = std::make_unique<Side>();
    p->store = std::make_unique<MessageStore>();
    if (!p->store->open(m_dir.filePath(file)))
        return nullptr;
    p->model = std::make_unique<MessageModel>(kLobby);
    p->model->setStore(p->store.get());
    const QString token = m_server->localSignIn(username, displayName);
    p->client = std::make_unique<ChatClient>();
    p->client->setSettings(ParleyTest::fastSettings());
    p->client->setStore(p->store.get());
    p->model->connectClient(p->client.get());
    p->client->setSignIn(SignIn::withToken(token, QStringLiteral("test")));
    p->client->joinRoom(kLobby);
    QSignalSpy joined(p->client.get(), &ChatClient::joined);
    p->client->connectToServer(m_server->url());
    if (!joined.wait(10000))
        return nullptr;
    return p;
}

void tst_ConversationSync::bothWindowsConvergeThroughLinkLossAndRestart()
{
    auto alice = person(QStringLiteral("alice"), QStringLiteral("Alice"), QStringLiteral("alice.sqlite"));
    auto bob = person(QStringLiteral("bob"), QStringLiteral("Bob"), QStringLiteral("bob.sqlite"));
    QVERIFY(alice && bob);
    QVERIFY(alice->client->hasConversations());

    // Live: a message, a reply to it, a reaction, an edit.
    QVERIFY(!alice->client->sendMessage(kLobby, QStringLiteral("hello")).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(bob->model->rowCount(), 1, 10000);
    const qint64 hello = bob->model->messageAt(0).seq;
    QVERIFY(!bob->client->sendMessage(kLobby, QStringLiteral("hi Alice"), hello).isEmpty());
    QVERIFY(!bob->client->react(kLobby, hello, QStringLiteral("👍"), true).isEmpty());
    QVERIFY(!alice->client->editMessage(kLobby, hello, QStringLiteral("hello, world")).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(*alice->model), stateOf(*bob->model), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(alice->model->rowCount(), 2, 10000);
    QTRY_VERIFY2_WITH_TIMEOUT(stateOf(*bob->model).value(0).contains(QStringLiteral("hello, world|edited||0|👍x1")), qPrintable(stateOf(*bob->model).join(QLatin1Char(';')) + QLatin1String(" / ") + stateOf(*alice->model).join(QLatin1Char(';'))), 10000);
    // bob has read alice's message: her window says who.
    bob->client->markRead(kLobby, hello);
    QTRY_COMPARE_WITH_TIMEOUT(alice->model->index(0).data(MessageModel::ReadByRole).toStringList(),
                              QStringList{QStringLiteral("Bob")}, 10000);
    // Who reacted, by name (the people the client knows by id).
    QCOMPARE(alice->model->index(0).data(MessageModel::ReactionsToolTipRole).toString(), QStringLiteral("👍 Bob"));
    const qint64 reply = alice->model->messageAt(1).seq;
    QCOMPARE(alice->model->messageAt(1).replyTo, hello);
    QCOMPARE(alice->model->index(1).data(MessageModel::ReplyExcerptRole).toString(),
             QStringLiteral("Alice: hello, world"));

    // bob is away: alice posts a secret and deletes it, edits again, reacts to bob's reply.
    bob->client->disconnectFromServer();
    QVERIFY(!alice->client->sendMessage(kLobby, QStringLiteral("my secret")).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(alice->model->messageAt(2).delivery, ChatMessage::Delivery::Delivered, 10000);
    const qint64 secret = alice->model->messageAt(2).seq;
    QVERIFY(!alice->client->deleteMessage(kLobby, secret).isEmpty());
    QVERIFY(!alice->client->editMessage(kLobby, hello, QStringLiteral("hello again")).isEmpty());
    QVERIFY(!alice->client->react(kLobby, reply, QStringLiteral("🎉"), true).isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(alice->client->outbox().isEmpty(), 10000);
    // ...and then alice is offline herself while she takes her 🎉 back: it waits in her outbox.
    alice->client->disconnectFromServer();
    QVERIFY(!alice->client->react(kLobby, reply, QStringLiteral("🎉"), false).isEmpty());
    QCOMPARE(alice->client->outbox().size(), 1);

    QSignalSpy bobSynced(bob->client.get(), &ChatClient::roomSynced);
    bob->client->connectToServer(m_server->url());
    QVERIFY(bobSynced.wait(10000));
    alice->client->connectToServer(m_server->url());
    QTRY_VERIFY_WITH_TIMEOUT(alice->client->outbox().isEmpty(), 10000);
    const QStringList expected{
            QStringLiteral("%1|hello again|edited||0|👍x1").arg(hello),
            QStringLiteral("%1|hi Alice|||%2|").arg(reply).arg(hello),
            QStringLiteral("%1|||deleted|0|").arg(secret),
    };
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(*bob->model), expected, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(stateOf(*alice->model), expected, 10000);

    // A restart: what the files hold is the same state, and the secret is in neither.
    const QString bobFile = bob->store->path();
    bob.reset();
    MessageStore reopened;
    QVERIFY(reopened.open(bobFile));
    MessageModel again(kLobby);
    again.setStore(&reopened);
    QCOMPARE(stateOf(again), expected);
    reopened.close();
    const QString aliceFile = alice->store->path();
    alice.reset();
    for (const QString &file : {bobFile, aliceFile}) {
        Inspector raw(file);
        QCOMPARE(raw.value(QStringLiteral("SELECT COUNT(*) FROM messages WHERE text LIKE '%secret%'")).toInt(), 0);
    }
}

void tst_ConversationSync::aSecondEditBeforeTheFirstAckIsNeverUndone()
{
    // Two edits in a row: the window shows the second at once; the first one's ack, which comes
    // after, must not put the first text back, not even for a moment.
    auto alice = person(QStringLiteral("alice"), QStringLiteral("Alice"), QStringLiteral("alice-edits.sqlite"));
    QVERIFY(alice);
    QVERIFY(!alice->client->sendMessage(kLobby, QStringLiteral("typo")).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(alice->model->messageAt(0).delivery, ChatMessage::Delivery::Delivered, 10000);
    const qint64 seq = alice->model->messageAt(0).seq;
    QStringList shown;
    connect(alice->model.get(), &QAbstractItemModel::dataChanged, alice->model.get(), [&] {
        const QString text = alice->model->messageAt(0).text;
        if (shown.isEmpty() || shown.constLast() != text)
            shown << text;
    });
    QVERIFY(!alice->client->editMessage(kLobby, seq, QStringLiteral("fixed")).isEmpty());
    QVERIFY(!alice->client->editMessage(kLobby, seq, QStringLiteral("fixed, really")).isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(alice->client->outbox().isEmpty(), 10000);
    QCOMPARE(shown, (QStringList{QStringLiteral("fixed"), QStringLiteral("fixed, really")}));
    QCOMPARE(alice->store->newestPage(kLobby, 10).messages.value(0).text, QStringLiteral("fixed, really"));
}

PARLEY_TEST_GUILESS_MAIN(tst_ConversationSync)
#include "tst_conversationsync.moc"
