// Tests model/sessionmodels.cpp: joining makes a room's row and its MessageModel (lazily, one per
// room, paging from the store), leaving removes both (but never a model it was given), the room
// shown carries its members, what is saved per server in QSettings (order, muted flags, drafts,
// the room shown) and how it comes back, which changes ask for a save, and which direct room is
// shown when one asks for a person (the last person asked for, once). With a real in-process
// parley-server where the client's own state matters.
#include "chatclient.h"
#include "directroomname.h"
#include "membermodel.h"
#include "messagemodel.h"
#include "messagestore.h"
#include "parleyserver.h"
#include "roomlistmodel.h"
#include "sessionmodels.h"
#include "signedinclient.h"
#include "testmain.h"

#include <QPointer>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

//! A change made to the models, for the table of what asks for a save.
using Change = std::function<void(SessionModels &)>;
Q_DECLARE_METATYPE(Change)

class tst_SessionModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void joinRoom_data();
    void joinRoom();
    void modelsAreMadePerRoomOnJoin();
    void modelsPageFromTheStore();
    void leavingRemovesTheRoomAndItsOwnModel();
    void currentRoomCarriesItsMembers();
    void savedStateChanged_data();
    void savedStateChanged();
    void roomsComeBackAsSaved();
    void restore_data();
    void restore();
    void roomAlreadyJoinedByTheClientIsMarkedJoined();
    void openDirect_data();
    void openDirect();
    void directRoomNotAskedForIsNotShown_data();
    void directRoomNotAskedForIsNotShown();
    void laterAskReplacesEarlier();

private:
    QTemporaryDir m_dir;
};

namespace {
//! An in-process parley-server with accounts (no guests), and alice, bob and carol signed in.
struct ThreePeople
{
    ThreePeople()
        : server(withoutGuests())
    {
        if (!server.listen(QHostAddress::LocalHost, 0))
            return;
        alice = ParleyTest::signedInClient(server, QStringLiteral("alice"), QStringLiteral("Alice"));
        bob = ParleyTest::signedInClient(server, QStringLiteral("bob"), QStringLiteral("Bob"));
        carol = ParleyTest::signedInClient(server, QStringLiteral("carol"), QStringLiteral("Carol"));
    }
    bool isValid() const { return alice && bob && carol; }
    //! The direct room of alice and \a other.
    QString roomWith(const ChatClient &other) const
    {
        return DirectRoomName::make(alice->identity().userId, other.identity().userId);
    }

    static ServerSettings withoutGuests()
    {
        ServerSettings settings;
        settings.guests = false;
        return settings;
    }

    ParleyServer server;
    std::unique_ptr<ChatClient> alice;
    std::unique_ptr<ChatClient> bob;
    std::unique_ptr<ChatClient> carol;
};

//! Asks \a models for the direct room with \a person: by username when \a name is given, else
//! by user id.
void askFor(SessionModels &models, const ChatClient &person, const QString &name)
{
    if (name.isEmpty())
        models.openDirect(person.identity().userId);
    else
        models.openDirectByName(name);
}
} // namespace

void tst_SessionModels::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void tst_SessionModels::joinRoom_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("room");
    QTest::newRow("plain") << QStringLiteral("dev") << QStringLiteral("dev");
    QTest::newRow("hash") << QStringLiteral("#design") << QStringLiteral("design");
    QTest::newRow("spaces") << QStringLiteral("  # music ") << QStringLiteral("music");
    QTest::newRow("only a hash") << QStringLiteral("  # ") << QString();
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("too long") << QString(RoomListModel::kMaxNameLength + 1, QLatin1Char('x')) << QString();
}

void tst_SessionModels::joinRoom()
{
    QFETCH(QString, name);
    QFETCH(QString, room);
    ChatClient client;
    SessionModels models(&client);
    QCOMPARE(models.joinRoom(name), room);
    if (room.isEmpty()) {
        QCOMPARE(models.rooms()->rowCount(), 0);
        QVERIFY(client.rooms().isEmpty());
        return;
    }
    QCOMPARE(models.rooms()->rooms(), QStringList{room});
    QCOMPARE(client.rooms(), QStringList{room});
    // A second time: nothing changes.
    QCOMPARE(models.joinRoom(name), room);
    QCOMPARE(models.rooms()->rowCount(), 1);
}

void tst_SessionModels::modelsAreMadePerRoomOnJoin()
{
    ChatClient client;
    client.setUserName(QStringLiteral("alice"));
    SessionModels models(&client);
    QVERIFY(!models.modelFor(QStringLiteral("dev")));
    models.joinRoom(QStringLiteral("dev"));
    models.joinRoom(QStringLiteral("lobby"));
    MessageModel *dev = models.modelFor(QStringLiteral("dev"));
    QVERIFY(dev);
    QCOMPARE(dev->room(), QStringLiteral("dev"));
    QVERIFY(dev != models.modelFor(QStringLiteral("lobby")));
    QCOMPARE(models.joinRoom(QStringLiteral("#dev")), QStringLiteral("dev"));
    QCOMPARE(models.modelFor(QStringLiteral("dev")), dev); // made once
    // The pane pages at the top itself, not QAbstractItemView's fetchMore at the bottom.
    QVERIFY(!dev->fetchMoreEnabled());
    // It follows the client: what one sends to dev shows there only.
    QVERIFY(!client.sendMessage(QStringLiteral("dev"), QStringLiteral("hello dev")).isEmpty());
    QCOMPARE(dev->rowCount(), 1);
    QCOMPARE(models.modelFor(QStringLiteral("lobby"))->rowCount(), 0);
    // A row added behind its back gets its model too.
    models.rooms()->addRoom(QStringLiteral("random"));
    QVERIFY(models.modelFor(QStringLiteral("random")));
}

void tst_SessionModels::modelsPageFromTheStore()
{
    MessageStore store;
    QVERIFY2(store.open(m_dir.filePath(QStringLiteral("paging.sqlite"))), qPrintable(store.errorString()));
    const int total = MessageModel::kPageSize + 10;
    QList<ChatMessage> history;
    for (int i = 0; i < total; ++i) {
        ChatMessage m;
        m.clientId = QStringLiteral("archive-%1").arg(i);
        m.room = QStringLiteral("archive");
        m.seq = i + 1;
        m.sender = QStringLiteral("bob");
        m.text = QStringLiteral("old message %1").arg(i);
        m.time = QDateTime::currentDateTimeUtc();
        history << m;
    }
    QCOMPARE(store.saveReceivedBatch(history).size(), total);
    ChatClient client;
    client.setStore(&store);
    SessionModels models(&client, &store);
    QCOMPARE(models.store(), &store);
    models.joinRoom(QStringLiteral("archive"));
    MessageModel *model = models.modelFor(QStringLiteral("archive"));
    QCOMPARE(model->store(), &store);
    QCOMPARE(model->rowCount(), MessageModel::kPageSize); // the newest page only
    QVERIFY(model->hasOlder());
}

void tst_SessionModels::leavingRemovesTheRoomAndItsOwnModel()
{
    ChatClient client;
    SessionModels models(&client);
    MessageModel given(QStringLiteral("lobby"));
    given.connectClient(&client);
    models.adoptModel(&given);
    QCOMPARE(models.joinRoom(QStringLiteral("lobby")), QStringLiteral("lobby"));
    QCOMPARE(models.modelFor(QStringLiteral("lobby")), &given); // used, not made
    models.joinRoom(QStringLiteral("dev"));
    QPointer<MessageModel> dev = models.modelFor(QStringLiteral("dev"));

    QVERIFY(models.leaveRoom(QStringLiteral("dev")));
    QCOMPARE(models.rooms()->rooms(), QStringList{QStringLiteral("lobby")});
    QVERIFY(!client.rooms().contains(QStringLiteral("dev")));
    QVERIFY(!models.modelFor(QStringLiteral("dev")));
    QTRY_VERIFY(!dev); // its own model goes
    QVERIFY(!models.leaveRoom(QStringLiteral("dev")));

    // The model it was given is not its to delete.
    QVERIFY(models.leaveRoom(QStringLiteral("lobby")));
    QVERIFY(!models.modelFor(QStringLiteral("lobby")));
    QCoreApplication::processEvents();
    QCOMPARE(given.room(), QStringLiteral("lobby"));
}

void tst_SessionModels::currentRoomCarriesItsMembers()
{
    ChatClient client;
    client.setUserName(QStringLiteral("alice"));
    SessionModels models(&client);
    models.joinRoom(QStringLiteral("lobby"));
    models.joinRoom(QStringLiteral("dev"));
    QCOMPARE(models.currentRoom(), QString());
    models.setCurrentRoom(QStringLiteral("dev"));
    QCOMPARE(models.currentRoom(), QStringLiteral("dev"));
    QCOMPARE(models.rooms()->currentRoom(), QStringLiteral("dev"));
    QCOMPARE(models.members()->room(), QStringLiteral("dev"));
    // Not joined: no room is shown.
    models.setCurrentRoom(QStringLiteral("elsewhere"));
    QCOMPARE(models.currentRoom(), QString());
    QCOMPARE(models.members()->room(), QString());
    // Leaving the room shown leaves no members listed.
    models.setCurrentRoom(QStringLiteral("lobby"));
    models.leaveRoom(QStringLiteral("lobby"));
    QCOMPARE(models.currentRoom(), QString());
    QCOMPARE(models.members()->room(), QString());
}

void tst_SessionModels::savedStateChanged_data()
{
    QTest::addColumn<Change>("change");
    QTest::addColumn<bool>("saved");
    const auto lobby = QStringLiteral("lobby");
    QTest::newRow("join") << Change([](SessionModels &m) { m.joinRoom(QStringLiteral("dev")); }) << true;
    QTest::newRow("leave") << Change([lobby](SessionModels &m) { m.leaveRoom(lobby); }) << true;
    QTest::newRow("show") << Change([lobby](SessionModels &m) { m.setCurrentRoom(lobby); }) << true;
    QTest::newRow("mute") << Change([lobby](SessionModels &m) { m.rooms()->setMuted(lobby, true); }) << true;
    QTest::newRow("draft") << Change([lobby](SessionModels &m) { m.rooms()->setDraft(lobby, QStringLiteral("hm")); })
                           << true;
    QTest::newRow("joined flag") << Change([lobby](SessionModels &m) { m.rooms()->setJoined(lobby, true); })
                                 << false;
    ChatMessage news;
    news.room = lobby;
    news.seq = 7;
    news.sender = QStringLiteral("bob");
    news.text = QStringLiteral("news");
    news.time = QDateTime::currentDateTimeUtc();
    // Unread counts, read positions and previews are kept across restarts (issue 12).
    QTest::newRow("unread") << Change([news](SessionModels &m) { m.rooms()->noteMessage(news); }) << true;
}

void tst_SessionModels::savedStateChanged()
{
    QFETCH(Change, change);
    QFETCH(bool, saved);
    ChatClient client;
    SessionModels models(&client);
    models.joinRoom(QStringLiteral("lobby"));
    QSignalSpy spy(&models, &SessionModels::savedStateChanged);
    change(models);
    QCOMPARE(!spy.isEmpty(), saved);
}

void tst_SessionModels::roomsComeBackAsSaved()
{
    QSettings settings(m_dir.filePath(QStringLiteral("saved.ini")), QSettings::IniFormat);
    const QUrl server(QStringLiteral("ws://chat.example:8787"));
    {
        ChatClient client;
        SessionModels models(&client);
        models.joinRoom(QStringLiteral("lobby"));
        models.joinRoom(QStringLiteral("dev"));
        models.joinRoom(QStringLiteral("random"));
        models.rooms()->setMuted(QStringLiteral("random"), true);
        models.rooms()->setDraft(QStringLiteral("lobby"), QStringLiteral("unsent words"));
        models.setCurrentRoom(QStringLiteral("dev"));
        models.save(settings, server);
    }
    ChatClient client;
    SessionModels models(&client);
    QCOMPARE(models.restore(settings, server, QStringLiteral("lobby"), false), QStringLiteral("dev"));
    QCOMPARE(models.rooms()->rooms(),
             (QStringList{QStringLiteral("lobby"), QStringLiteral("dev"), QStringLiteral("random")}));
    QVERIFY(models.rooms()->isMuted(QStringLiteral("random")));
    QVERIFY(!models.rooms()->isMuted(QStringLiteral("dev")));
    QCOMPARE(models.rooms()->draft(QStringLiteral("lobby")), QStringLiteral("unsent words"));
    // …joined again, each with its messages.
    QCOMPARE(client.rooms(), models.rooms()->rooms());
    QVERIFY(models.modelFor(QStringLiteral("random")));
    // Another server keeps its own rooms.
    ChatClient other;
    SessionModels elsewhere(&other);
    QCOMPARE(elsewhere.restore(settings, QUrl(QStringLiteral("ws://other.example")), QStringLiteral("lobby"), false),
             QStringLiteral("lobby"));
    QCOMPARE(elsewhere.rooms()->rooms(), QStringList{QStringLiteral("lobby")});
}

void tst_SessionModels::restore_data()
{
    QTest::addColumn<QStringList>("saved");
    QTest::addColumn<QString>("savedCurrent");
    QTest::addColumn<QString>("room");
    QTest::addColumn<bool>("roomGiven");
    QTest::addColumn<QStringList>("rooms");
    QTest::addColumn<QString>("shown");
    const QStringList two{QStringLiteral("lobby"), QStringLiteral("dev")};
    QTest::newRow("first start") << QStringList() << QString() << QStringLiteral("lobby") << false
                                 << QStringList{QStringLiteral("lobby")} << QStringLiteral("lobby");
    QTest::newRow("first start, room given") << QStringList() << QString() << QStringLiteral("support") << true
                                             << QStringList{QStringLiteral("support")} << QStringLiteral("support");
    QTest::newRow("as left") << two << QStringLiteral("dev") << QStringLiteral("lobby") << false << two
                             << QStringLiteral("dev");
    QTest::newRow("room given is added and shown")
            << two << QStringLiteral("dev") << QStringLiteral("#support") << true
            << QStringList{QStringLiteral("lobby"), QStringLiteral("dev"), QStringLiteral("support")}
            << QStringLiteral("support");
    QTest::newRow("room given already joined is only shown")
            << two << QStringLiteral("dev") << QStringLiteral("lobby") << true << two << QStringLiteral("lobby");
    QTest::newRow("no room was shown: the first") << two << QString() << QStringLiteral("lobby") << false << two
                                                   << QStringLiteral("lobby");
}

void tst_SessionModels::restore()
{
    QFETCH(QStringList, saved);
    QFETCH(QString, savedCurrent);
    QFETCH(QString, room);
    QFETCH(bool, roomGiven);
    QFETCH(QStringList, rooms);
    QFETCH(QString, shown);
    QSettings settings(m_dir.filePath(QStringLiteral("restore-%1.ini").arg(QString::fromLatin1(QTest::currentDataTag()))),
                       QSettings::IniFormat);
    const QUrl server(QStringLiteral("ws://127.0.0.1:8787"));
    {
        ChatClient client;
        SessionModels models(&client);
        for (const QString &name : std::as_const(saved))
            models.joinRoom(name);
        models.setCurrentRoom(savedCurrent);
        if (!saved.isEmpty())
            models.save(settings, server);
    }
    ChatClient client;
    SessionModels models(&client);
    QCOMPARE(models.restore(settings, server, room, roomGiven), shown);
    QCOMPARE(models.rooms()->rooms(), rooms);
    QCOMPARE(client.rooms(), rooms);
}

void tst_SessionModels::roomAlreadyJoinedByTheClientIsMarkedJoined()
{
    ParleyServer server;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    ChatClient client;
    client.setUserName(QStringLiteral("alice"));
    client.joinRoom(QStringLiteral("lobby"));
    QSignalSpy joined(&client, &ChatClient::joined);
    client.connectToServer(server.url());
    QTRY_VERIFY_WITH_TIMEOUT(!joined.isEmpty() && client.isReady(), 10000);
    // The models come after the client joined: they say so at once, not at the next join.
    SessionModels models(&client);
    models.joinRoom(QStringLiteral("lobby"));
    QVERIFY(models.rooms()->isJoined(QStringLiteral("lobby")));
    models.setCurrentRoom(QStringLiteral("lobby"));
    QCOMPARE(models.members()->members(), QStringList{QStringLiteral("alice")});
    client.disconnectFromServer();
}

void tst_SessionModels::openDirect_data()
{
    QTest::addColumn<QString>("name"); // empty: asked by user id
    QTest::newRow("by id") << QString();
    QTest::newRow("by name") << QStringLiteral("bob");
    QTest::newRow("by name, other case") << QStringLiteral("BOB");
    QTest::newRow("by name, spaces") << QStringLiteral("  bob ");
}

void tst_SessionModels::openDirect()
{
    QFETCH(QString, name);
    ThreePeople people;
    QVERIFY(people.isValid());
    const QString room = people.roomWith(*people.bob);
    SessionModels models(people.alice.get());
    QSignalSpy ready(&models, &SessionModels::directReady);
    QSignalSpy opened(people.alice.get(), &ChatClient::directOpened);

    askFor(models, *people.bob, name);
    QVERIFY(ready.wait(10000));
    QCOMPARE(ready.size(), 1);
    QCOMPARE(ready.at(0).at(0).toString(), room);
    QCOMPARE(models.rooms()->directRoomWith(people.bob->identity().userId), room);

    // Answered: the server saying it again (the client asked by itself) shows nothing more.
    people.alice->openDirect(people.bob->identity().userId);
    QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 2, 10000);
    QCOMPARE(ready.size(), 1);
    // Listed now: asked again, it is shown at once.
    askFor(models, *people.bob, name);
    QCOMPARE(ready.size(), 2);
    QCOMPARE(ready.at(1).at(0).toString(), room);
}

void tst_SessionModels::directRoomNotAskedForIsNotShown_data()
{
    QTest::addColumn<QString>("name"); // empty: asked by an id nobody has
    QTest::newRow("by id") << QString();
    QTest::newRow("by name") << QStringLiteral("nobody");
}

void tst_SessionModels::directRoomNotAskedForIsNotShown()
{
    QFETCH(QString, name);
    ThreePeople people;
    QVERIFY(people.isValid());
    SessionModels models(people.alice.get());
    QSignalSpy ready(&models, &SessionModels::directReady);
    QSignalSpy refused(people.alice.get(), &ChatClient::errorOccurred);
    QSignalSpy opened(people.alice.get(), &ChatClient::directOpened);
    if (name.isEmpty())
        models.openDirect(people.carol->identity().userId + 1000);
    else
        models.openDirectByName(name);
    QVERIFY(refused.wait(10000)); // "unknown user": still waiting for that person

    // Another direct room opens meanwhile: listed, but not the one asked for.
    people.alice->openDirect(people.carol->identity().userId);
    QVERIFY(opened.wait(10000));
    QCOMPARE(opened.at(0).at(0).toString(), people.roomWith(*people.carol));
    QCOMPARE(models.rooms()->directRoomWith(people.carol->identity().userId), people.roomWith(*people.carol));
    QCOMPARE(ready.size(), 0);
}

void tst_SessionModels::laterAskReplacesEarlier()
{
    ThreePeople people;
    QVERIFY(people.isValid());
    SessionModels models(people.alice.get());
    QSignalSpy ready(&models, &SessionModels::directReady);
    QSignalSpy opened(people.alice.get(), &ChatClient::directOpened);
    // bob by name, then carol by id before either answer: only carol's room is shown.
    models.openDirectByName(QStringLiteral("bob"));
    models.openDirect(people.carol->identity().userId);
    QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 2, 10000);
    QCOMPARE(ready.size(), 1);
    QCOMPARE(ready.at(0).at(0).toString(), people.roomWith(*people.carol));
}

PARLEY_TEST_MAIN(tst_SessionModels)
#include "tst_sessionmodels.moc"
