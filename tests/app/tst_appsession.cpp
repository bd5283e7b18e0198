// Tests app/appsession.cpp, the app's wiring for one server, against a real in-process
// parley-server: the rooms joined are saved per server in QSettings (order, muted flags, drafts,
// the room shown) and joined again at the next start; --room adds and shows one; the dialect that
// worked is remembered.
#include "appsession.h"
#include "chatclient.h"
#include "chatwindow.h"
#include "parleyserver.h"
#include "roomlistmodel.h"
#include "sessionmodels.h"
#include "servermemory.h"
#include "testmain.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

class tst_AppSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void roomsComeBackAtTheNextStart();
    void roomOptionAddsAndShowsOne();

private:
    AppSession::Target target(const QUrl &url) const;
    QTemporaryDir m_dir;
};

void tst_AppSession::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

AppSession::Target tst_AppSession::target(const QUrl &url) const
{
    AppSession::Target t;
    t.server = url;
    t.name = QStringLiteral("alice");
    t.room = QStringLiteral("lobby");
    t.persistent = false; // the history store is tested elsewhere
    return t;
}

void tst_AppSession::roomsComeBackAtTheNextStart()
{
    ParleyServer server;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    QSettings settings(m_dir.filePath(QStringLiteral("rooms.ini")), QSettings::IniFormat);
    {
        AppSession session(&settings, nullptr);
        session.start(target(server.url()));
        ChatWindow *window = session.window();
        RoomListModel *rooms = session.models()->rooms();
        QVERIFY(window->isVisible());
        // First start on this server: lobby.
        QCOMPARE(rooms->rooms(), QStringList{QStringLiteral("lobby")});
        QTRY_VERIFY_WITH_TIMEOUT(session.client()->isReady(), 10000);
        window->joinRoom(QStringLiteral("dev"));
        window->joinRoom(QStringLiteral("random"), false);
        window->setRoomMuted(QStringLiteral("random"), true);
        window->showRoom(QStringLiteral("lobby"));
        window->showRoom(QStringLiteral("dev"));
        rooms->setDraft(QStringLiteral("lobby"), QStringLiteral("unsent words"));
        // The dialect that worked is remembered for the server.
        QTRY_COMPARE(ServerMemory::recall(settings, server.url()).dialect, QStringLiteral("parley"));
    } // quitting saves
    AppSession again(&settings, nullptr);
    again.start(target(server.url()));
    ChatWindow *window = again.window();
    RoomListModel *rooms = again.models()->rooms();
    QCOMPARE(rooms->rooms(),
             (QStringList{QStringLiteral("lobby"), QStringLiteral("dev"), QStringLiteral("random")}));
    QCOMPARE(window->currentRoom(), QStringLiteral("dev"));
    QVERIFY(rooms->isMuted(QStringLiteral("random")));
    QCOMPARE(rooms->draft(QStringLiteral("lobby")), QStringLiteral("unsent words"));
    // …and joined on the server again.
    QTRY_VERIFY_WITH_TIMEOUT(rooms->isJoined(QStringLiteral("random")), 10000);
    QCOMPARE(again.client()->rooms(), rooms->rooms());
}

void tst_AppSession::roomOptionAddsAndShowsOne()
{
    ParleyServer server;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    QSettings settings(m_dir.filePath(QStringLiteral("room-option.ini")), QSettings::IniFormat);
    {
        AppSession session(&settings, nullptr);
        session.start(target(server.url()));
        session.window()->joinRoom(QStringLiteral("dev"));
    }
    AppSession::Target t = target(server.url());
    t.room = QStringLiteral("support");
    t.roomGiven = true;
    AppSession session(&settings, nullptr);
    session.start(t);
    QCOMPARE(session.models()->rooms()->rooms(),
             (QStringList{QStringLiteral("lobby"), QStringLiteral("dev"), QStringLiteral("support")}));
    QCOMPARE(session.window()->currentRoom(), QStringLiteral("support"));
    // A room given that is already joined is only shown.
    AppSession::Target lobby = target(server.url());
    lobby.roomGiven = true;
    session.saveRooms();
    AppSession third(&settings, nullptr);
    third.start(lobby);
    QCOMPARE(third.models()->rooms()->rowCount(), 3);
    QCOMPARE(third.window()->currentRoom(), QStringLiteral("lobby"));
}

PARLEY_TEST_MAIN(tst_AppSession)
#include "tst_appsession.moc"
