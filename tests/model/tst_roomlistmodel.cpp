// Tests model/roomlistmodel.cpp: rows and roles, unread counting (others' messages in rooms not in
// view, not one's own, not the first catch-up, not older messages), mute, drafts, persistence per
// server, and the same through a real ChatClient against an in-process parley-server.
#include "chatclient.h"
#include "parleyserver.h"
#include "roomlistmodel.h"
#include "testmain.h"

#include <QAbstractItemModelTester>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;

namespace {
ChatMessage message(const QString &room, qint64 seq, const QString &sender = QStringLiteral("bob"),
                    const QString &text = QStringLiteral("hi"))
{
    ChatMessage m;
    m.room = room;
    m.seq = seq;
    m.sender = sender;
    m.text = text;
    m.clientId = QStringLiteral("%1-%2-%3").arg(room, sender).arg(seq);
    m.time = QDateTime::currentDateTimeUtc();
    return m;
}
} // namespace

class tst_RoomListModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void normalizedName_data();
    void normalizedName();
    void addAndRemove();
    void rolesStartAfterUserRole();
    void unreadInOtherRoomsOnly();
    void currentRoomCountsWhileNotVisible();
    void ownMessagesAreNotUnread();
    void firstCatchUpIsNotUnread();
    void olderMessagesAreNotUnread();
    void roomlessMessagesBelongToTheCurrentRoom();
    void mutedRoomsLeftOutOfTheTotal();
    void drafts();
    void persistsPerServer();
    void unreadReadPositionAndPreviewSurviveARestart();
    void directRoomsShowThePerson();
    void followsARealClient();
};

void tst_RoomListModel::initTestCase()
{
}

void tst_RoomListModel::normalizedName_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("name");
    QTest::newRow("plain") << QStringLiteral("dev") << QStringLiteral("dev");
    QTest::newRow("hash") << QStringLiteral("#dev") << QStringLiteral("dev");
    QTest::newRow("spaces") << QStringLiteral("  # dev ops  ") << QStringLiteral("dev ops");
    QTest::newRow("chinese") << QStringLiteral("#闲聊") << QStringLiteral("闲聊");
    QTest::newRow("blank") << QStringLiteral("   ") << QString();
    QTest::newRow("only hash") << QStringLiteral("#") << QString();
    QTest::newRow("too long") << QString(RoomListModel::kMaxNameLength + 1, QLatin1Char('x')) << QString();
    QTest::newRow("longest") << QString(RoomListModel::kMaxNameLength, QLatin1Char('x'))
                             << QString(RoomListModel::kMaxNameLength, QLatin1Char('x'));
}

void tst_RoomListModel::normalizedName()
{
    QFETCH(QString, text);
    QFETCH(QString, name);
    QCOMPARE(RoomListModel::normalizedName(text), name);
}

void tst_RoomListModel::addAndRemove()
{
    RoomListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QCOMPARE(model.addRoom(QStringLiteral("lobby")), 0);
    QCOMPARE(model.addRoom(QStringLiteral("#dev")), 1);
    QCOMPARE(model.addRoom(QStringLiteral("dev")), 1); // already there
    QCOMPARE(model.addRoom(QStringLiteral(" ")), -1);
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(model.rooms(), (QStringList{QStringLiteral("lobby"), QStringLiteral("dev")}));
    QCOMPARE(model.index(1).data(Qt::DisplayRole).toString(), QStringLiteral("dev"));

    model.setCurrentRoom(QStringLiteral("dev"));
    QVERIFY(model.index(1).data(RoomListModel::CurrentRole).toBool());
    QSignalSpy current(&model, &RoomListModel::currentRoomChanged);
    QVERIFY(model.removeRoom(QStringLiteral("dev")));
    QVERIFY(!model.removeRoom(QStringLiteral("dev")));
    QCOMPARE(current.size(), 1);
    QCOMPARE(model.currentRoom(), QString());
    QCOMPARE(model.rooms(), QStringList{QStringLiteral("lobby")});
    model.setCurrentRoom(QStringLiteral("nowhere")); // not a row: no current room
    QCOMPARE(model.currentRoom(), QString());
}

void tst_RoomListModel::rolesStartAfterUserRole()
{
    RoomListModel model;
    QCOMPARE(int(RoomListModel::NameRole), Qt::UserRole + 1);
    const auto names = model.roleNames();
    for (const QByteArray &name : {QByteArray("name"), QByteArray("unread"), QByteArray("muted"),
                                   QByteArray("lastActivity"), QByteArray("draft")})
        QVERIFY2(names.values().contains(name), name.constData());
    QVERIFY(!model.index(5).data(RoomListModel::NameRole).isValid()); // guarded
}

void tst_RoomListModel::unreadInOtherRoomsOnly()
{
    RoomListModel model;
    model.addRoom(QStringLiteral("lobby"));
    model.addRoom(QStringLiteral("dev"));
    model.setCurrentRoom(QStringLiteral("lobby"));
    QSignalSpy total(&model, &RoomListModel::totalUnreadChanged);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    model.noteMessage(message(QStringLiteral("dev"), 1));
    QCOMPARE(model.unread(QStringLiteral("dev")), 1);
    QCOMPARE(model.index(1).data(RoomListModel::UnreadRole).toInt(), 1);
    QCOMPARE(model.index(1).data(RoomListModel::LastTextRole).toString(), QStringLiteral("hi"));
    QCOMPARE(model.index(1).data(RoomListModel::LastSenderRole).toString(), QStringLiteral("bob"));
    QVERIFY(model.index(1).data(RoomListModel::LastActivityRole).toDateTime().isValid());
    model.noteMessage(message(QStringLiteral("dev"), 2));
    QCOMPARE(model.unread(QStringLiteral("dev")), 2);
    QCOMPARE(model.index(1).data(Qt::AccessibleTextRole).toString(), QStringLiteral("Room dev, 2 unread"));
    model.noteMessage(message(QStringLiteral("lobby"), 1)); // the room in view
    QCOMPARE(model.unread(QStringLiteral("lobby")), 0);
    QCOMPARE(model.totalUnread(), 2);
    QCOMPARE(total.size(), 2);
    QCOMPARE(total.last().at(0).toInt(), 2);
    // The unread change names its role.
    bool unreadNamed = false;
    for (const auto &args : std::as_const(changed))
        unreadNamed = unreadNamed || args.at(2).value<QList<int>>().contains(RoomListModel::UnreadRole);
    QVERIFY(unreadNamed);

    // Switching to the room reads it.
    model.setCurrentRoom(QStringLiteral("dev"));
    QCOMPARE(model.unread(QStringLiteral("dev")), 0);
    QCOMPARE(model.totalUnread(), 0);
    QCOMPARE(total.last().at(0).toInt(), 0);
    // A message for a room not in the list is ignored.
    model.noteMessage(message(QStringLiteral("elsewhere"), 1));
    QCOMPARE(model.totalUnread(), 0);
}

void tst_RoomListModel::currentRoomCountsWhileNotVisible()
{
    RoomListModel model;
    model.addRoom(QStringLiteral("lobby"));
    model.setCurrentRoom(QStringLiteral("lobby"));
    model.setCurrentRoomVisible(false); // window in the background
    model.noteMessage(message(QStringLiteral("lobby"), 1));
    QCOMPARE(model.unread(QStringLiteral("lobby")), 1);
    model.setCurrentRoomVisible(true);
    QCOMPARE(model.unread(QStringLiteral("lobby")), 0);
}

void tst_RoomListModel::ownMessagesAreNotUnread()
{
    RoomListModel model;
    model.addRoom(QStringLiteral("lobby"));
    model.addRoom(QStringLiteral("dev"));
    model.setCurrentRoom(QStringLiteral("lobby"));
    ChatMessage mine = message(QStringLiteral("dev"), 0, QStringLiteral("alice"), QStringLiteral("mine"));
    mine.own = true;
    model.noteMessage(mine);
    QCOMPARE(model.unread(QStringLiteral("dev")), 0);
    // It is still the room's latest activity.
    QCOMPARE(model.index(1).data(RoomListModel::LastTextRole).toString(), QStringLiteral("mine"));
    QVERIFY(model.index(1).data(RoomListModel::LastOwnRole).toBool());
}

void tst_RoomListModel::firstCatchUpIsNotUnread()
{
    RoomListModel model;
    model.addRoom(QStringLiteral("lobby"));
    model.addRoom(QStringLiteral("dev"));
    model.setCurrentRoom(QStringLiteral("lobby"));
    // Joining dev brings its past: not news.
    model.noteMessages({message(QStringLiteral("dev"), 1), message(QStringLiteral("dev"), 2)});
    QCOMPARE(model.unread(QStringLiteral("dev")), 0);
    QCOMPARE(model.index(1).data(RoomListModel::LastActivityRole).toDateTime().isValid(), true);
    model.noteSynced(QStringLiteral("dev"));
    // After a reconnect, what was missed is news.
    model.noteMessages({message(QStringLiteral("dev"), 3), message(QStringLiteral("dev"), 4)});
    QCOMPARE(model.unread(QStringLiteral("dev")), 2);
}

void tst_RoomListModel::olderMessagesAreNotUnread()
{
    RoomListModel model;
    model.addRoom(QStringLiteral("lobby"));
    model.addRoom(QStringLiteral("dev"));
    model.setCurrentRoom(QStringLiteral("lobby"));
    model.noteMessage(message(QStringLiteral("dev"), 10, QStringLiteral("bob"), QStringLiteral("new")));
    model.noteMessage(message(QStringLiteral("dev"), 4, QStringLiteral("carol"), QStringLiteral("old")));
    QCOMPARE(model.unread(QStringLiteral("dev")), 1);
    QCOMPARE(model.index(1).data(RoomListModel::LastTextRole).toString(), QStringLiteral("new"));
}

void tst_RoomListModel::roomlessMessagesBelongToTheCurrentRoom()
{
    RoomListModel model;
    model.addRoom(QStringLiteral("lobby"));
    model.setCurrentRoom(QStringLiteral("lobby"));
    model.setCurrentRoomVisible(false);
    ChatMessage classic = message(QString(), 0);
    classic.clientId.clear();
    model.noteMessage(classic);
    QCOMPARE(model.unread(QStringLiteral("lobby")), 1);
}

void tst_RoomListModel::mutedRoomsLeftOutOfTheTotal()
{
    RoomListModel model;
    model.addRoom(QStringLiteral("lobby"));
    model.addRoom(QStringLiteral("noisy"));
    model.setCurrentRoom(QStringLiteral("lobby"));
    model.noteMessage(message(QStringLiteral("noisy"), 1));
    QCOMPARE(model.totalUnread(), 1);
    QSignalSpy total(&model, &RoomListModel::totalUnreadChanged);
    model.setMuted(QStringLiteral("noisy"), true);
    QVERIFY(model.isMuted(QStringLiteral("noisy")));
    QVERIFY(model.index(1).data(RoomListModel::MutedRole).toBool());
    QCOMPARE(model.totalUnread(), 0);
    QCOMPARE(total.size(), 1);
    // The room itself still shows what it has.
    model.noteMessage(message(QStringLiteral("noisy"), 2));
    QCOMPARE(model.unread(QStringLiteral("noisy")), 2);
    QCOMPARE(model.totalUnread(), 0);
    model.setMuted(QStringLiteral("noisy"), false);
    QCOMPARE(model.totalUnread(), 2);
}

void tst_RoomListModel::drafts()
{
    RoomListModel model;
    model.addRoom(QStringLiteral("lobby"));
    model.addRoom(QStringLiteral("dev"));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setDraft(QStringLiteral("dev"), QStringLiteral("half a thought"));
    QCOMPARE(model.draft(QStringLiteral("dev")), QStringLiteral("half a thought"));
    QCOMPARE(model.draft(QStringLiteral("lobby")), QString());
    QCOMPARE(model.index(1).data(RoomListModel::DraftRole).toString(), QStringLiteral("half a thought"));
    QCOMPARE(changed.size(), 1);
    model.setDraft(QStringLiteral("dev"), QStringLiteral("half a thought")); // no change
    QCOMPARE(changed.size(), 1);
}

void tst_RoomListModel::persistsPerServer()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QSettings settings(dir.filePath(QStringLiteral("parley.ini")), QSettings::IniFormat);
    const QUrl serverA(QStringLiteral("ws://127.0.0.1:8787"));
    const QUrl serverB(QStringLiteral("ws://chat.example:9000/"));
    {
        RoomListModel model;
        model.addRoom(QStringLiteral("lobby"));
        model.addRoom(QStringLiteral("dev/ops")); // '/' is a QSettings group separator
        model.addRoom(QStringLiteral("闲聊"));
        model.setMuted(QStringLiteral("dev/ops"), true);
        model.setDraft(QStringLiteral("闲聊"), QStringLiteral("写了一半"));
        model.setCurrentRoom(QStringLiteral("dev/ops"));
        model.save(settings, serverA);
        RoomListModel other;
        other.addRoom(QStringLiteral("elsewhere"));
        other.save(settings, serverB);
    }
    settings.sync();
    QSettings again(dir.filePath(QStringLiteral("parley.ini")), QSettings::IniFormat);
    QCOMPARE(RoomListModel::savedRooms(again, serverA),
             (QStringList{QStringLiteral("lobby"), QStringLiteral("dev/ops"), QStringLiteral("闲聊")}));
    // The same server written differently is the same key.
    QCOMPARE(RoomListModel::savedRooms(again, QUrl(QStringLiteral("ws://CHAT.example:9000"))),
             QStringList{QStringLiteral("elsewhere")});
    RoomListModel restored;
    QCOMPARE(restored.restore(again, serverA).size(), 3);
    QCOMPARE(restored.rooms(), RoomListModel::savedRooms(again, serverA));
    QVERIFY(restored.isMuted(QStringLiteral("dev/ops")));
    QVERIFY(!restored.isMuted(QStringLiteral("lobby")));
    QCOMPARE(restored.draft(QStringLiteral("闲聊")), QStringLiteral("写了一半"));
    QCOMPARE(RoomListModel::savedCurrentRoom(again, serverA), QStringLiteral("dev/ops"));
    QCOMPARE(RoomListModel::savedRooms(again, QUrl(QStringLiteral("ws://unknown:1"))), QStringList());
    QCOMPARE(RoomListModel::savedCurrentRoom(again, QUrl(QStringLiteral("ws://unknown:1"))), QString());
}

// Unread counts, the read position and the preview are kept with the rooms; after a restart the
// messages that come after the saved position are news (counted), not the room's past.
void tst_RoomListModel::unreadReadPositionAndPreviewSurviveARestart()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QSettings settings(dir.filePath(QStringLiteral("parley.ini")), QSettings::IniFormat);
    const QUrl server(QStringLiteral("ws://127.0.0.1:8787"));
    const auto message = [](qint64 seq, const QString &text) {
        ChatMessage m;
        m.room = QStringLiteral("dev");
        m.seq = seq;
        m.sender = QStringLiteral("bob");
        m.text = text;
        m.time = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000 + seq * 1000, Qt::UTC);
        return m;
    };
    {
        RoomListModel model;
        model.addRoom(QStringLiteral("lobby"));
        model.addRoom(QStringLiteral("dev"));
        model.setCurrentRoom(QStringLiteral("dev"));
        model.noteMessage(message(1, QStringLiteral("seen")));
        model.setCurrentRoom(QStringLiteral("lobby"));
        model.noteMessage(message(2, QStringLiteral("not yet")));
        model.noteMessage(message(3, QString(500, u'x')));
        QCOMPARE(model.unread(QStringLiteral("dev")), 2);
        QCOMPARE(model.readSeq(QStringLiteral("dev")), qint64(1));
        model.save(settings, server);
    }
    settings.sync();
    QSettings again(dir.filePath(QStringLiteral("parley.ini")), QSettings::IniFormat);
    RoomListModel restored;
    restored.restore(again, server);
    restored.setCurrentRoom(QStringLiteral("lobby"));
    QCOMPARE(restored.unread(QStringLiteral("dev")), 2);
    QCOMPARE(restored.readSeq(QStringLiteral("dev")), qint64(1));
    const QModelIndex dev = restored.index(restored.rowOf(QStringLiteral("dev")));
    QCOMPARE(dev.data(RoomListModel::LastTextRole).toString().size(), RoomListModel::kMaxSavedPreview);
    QCOMPARE(dev.data(RoomListModel::LastSenderRole).toString(), QStringLiteral("bob"));
    QVERIFY(dev.data(RoomListModel::LastActivityRole).toDateTime().isValid());
    // The catch-up after the restart: what was saved is not counted again, what is new is.
    restored.noteMessages({message(2, QStringLiteral("not yet")), message(3, QStringLiteral("x")),
                           message(4, QStringLiteral("while closed"))},
                          false);
    QCOMPARE(restored.unread(QStringLiteral("dev")), 3);
    // Opening it: read, and the line goes after the saved read position.
    restored.setCurrentRoom(QStringLiteral("dev"));
    QCOMPARE(restored.unread(QStringLiteral("dev")), 0);
    QCOMPARE(restored.unreadLineAfter(QStringLiteral("dev")), qint64(1));
    QCOMPARE(restored.readSeq(QStringLiteral("dev")), qint64(4));
}

void tst_RoomListModel::directRoomsShowThePerson()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QSettings settings(dir.filePath(QStringLiteral("parley.ini")), QSettings::IniFormat);
    const QUrl server(QStringLiteral("ws://127.0.0.1:8787"));
    Person bob;
    bob.id = 12;
    bob.username = QStringLiteral("bob");
    bob.displayName = QStringLiteral("Bob");
    bob.presence = Person::Presence::Away;
    const QString room = QStringLiteral("@dm:3:12");
    {
        RoomListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addRoom(QStringLiteral("lobby"));
        const int row = model.addRoom(room);
        QCOMPARE(model.title(room), room); // not known yet
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setPeer(room, bob);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.title(room), QStringLiteral("Bob"));
        QCOMPARE(model.index(row).data(RoomListModel::TitleRole).toString(), QStringLiteral("Bob"));
        QCOMPARE(model.index(row).data(RoomListModel::NameRole).toString(), room);
        QVERIFY(model.index(row).data(RoomListModel::DirectRole).toBool());
        QVERIFY(!model.index(0).data(RoomListModel::DirectRole).toBool());
        QCOMPARE(model.index(row).data(RoomListModel::PeerIdRole).toLongLong(), qint64(12));
        QCOMPARE(model.directRoomWith(12), room);
        QCOMPARE(model.directRoomWith(3), QString());
        // No client: no link, so nobody's presence is current.
        QCOMPARE(model.index(row).data(RoomListModel::PeerPresenceRole).toInt(), int(Person::Presence::Unknown));
        model.setPeerPresence(12, Person::Presence::Offline, QDateTime::fromMSecsSinceEpoch(1700000000000, Qt::UTC));
        QCOMPARE(model.peer(room).presence, Person::Presence::Offline);
        QCOMPARE(model.peer(room).lastSeen.toMSecsSinceEpoch(), 1700000000000);
        QCOMPARE(changed.size(), 2);
        // An ordinary room takes no peer.
        model.setPeer(QStringLiteral("lobby"), bob);
        QCOMPARE(model.title(QStringLiteral("lobby")), QStringLiteral("lobby"));
        QVERIFY(model.index(row).data(Qt::AccessibleTextRole).toString().contains(QStringLiteral("Bob")));
        model.save(settings, server);
    }
    settings.sync();
    // After a restart the row reads right before the link is up.
    RoomListModel restored;
    restored.restore(settings, server);
    QCOMPARE(restored.title(room), QStringLiteral("Bob"));
    QCOMPARE(restored.peer(room).username, QStringLiteral("bob"));
    QCOMPARE(restored.directRoomWith(12), room);
}

void tst_RoomListModel::followsARealClient()
{
    ParleyServer server;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    ConnectorSettings fast;
    fast.backoffBase = 50ms;
    ChatClient alice;
    alice.setSettings(fast);
    alice.setUserName(QStringLiteral("alice"));
    ChatClient bob;
    bob.setSettings(fast);
    bob.setUserName(QStringLiteral("bob"));

    RoomListModel rooms;
    QAbstractItemModelTester tester(&rooms, QAbstractItemModelTester::FailureReportingMode::QtTest);
    rooms.connectClient(&alice);
    for (const QString &room : {QStringLiteral("lobby"), QStringLiteral("dev")}) {
        rooms.addRoom(room);
        alice.joinRoom(room);
    }
    rooms.setCurrentRoom(QStringLiteral("lobby"));
    QSignalSpy aliceSynced(&alice, &ChatClient::roomSynced);
    alice.connectToServer(server.url());
    QTRY_VERIFY_WITH_TIMEOUT(rooms.isJoined(QStringLiteral("lobby")) && rooms.isJoined(QStringLiteral("dev")),
                             10000);
    QTRY_COMPARE(aliceSynced.size(), 2);

    bob.joinRoom(QStringLiteral("dev"));
    bob.joinRoom(QStringLiteral("lobby"));
    bob.connectToServer(server.url());
    QTRY_VERIFY_WITH_TIMEOUT(bob.isReady(), 10000);
    bob.sendMessage(QStringLiteral("dev"), QStringLiteral("in dev"));
    QTRY_COMPARE(rooms.unread(QStringLiteral("dev")), 1);
    QCOMPARE(rooms.index(1).data(RoomListModel::LastTextRole).toString(), QStringLiteral("in dev"));
    bob.sendMessage(QStringLiteral("lobby"), QStringLiteral("in lobby"));
    QTRY_COMPARE(rooms.index(0).data(RoomListModel::LastTextRole).toString(), QStringLiteral("in lobby"));
    QCOMPARE(rooms.unread(QStringLiteral("lobby")), 0); // in view
    QCOMPARE(rooms.totalUnread(), 1);

    // One's own message is activity, not unread.
    alice.sendMessage(QStringLiteral("dev"), QStringLiteral("mine"));
    QCOMPARE(rooms.index(1).data(RoomListModel::LastTextRole).toString(), QStringLiteral("mine"));
    QCOMPARE(rooms.unread(QStringLiteral("dev")), 1);

    rooms.setCurrentRoom(QStringLiteral("dev"));
    QCOMPARE(rooms.totalUnread(), 0);

    // Losing the link un-joins the rows until the rooms are joined again.
    server.close();
    QTRY_VERIFY(!rooms.isJoined(QStringLiteral("dev")));
    alice.disconnectFromServer();
    bob.disconnectFromServer();
}

PARLEY_TEST_GUILESS_MAIN(tst_RoomListModel)
#include "tst_roomlistmodel.moc"
