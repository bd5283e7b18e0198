// Tests ui/traynotifier.cpp without a real tray: a notification is requested only for others'
// live messages in rooms that are not muted while the window is not active, at most once per room
// per interval; the tooltip and badge follow the unread total; a real second client's message
// through an in-process parley-server.
#include "chatclient.h"
#include "parleyserver.h"
#include "roomlistmodel.h"
#include "traynotifier.h"
#include "signedinclient.h"
#include "receivedmessages.h"
#include "testmain.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QSystemTrayIcon>
#include <QTest>

using namespace std::chrono_literals;

namespace {
ChatMessage fromBob(const QString &room, const QString &text = QStringLiteral("hi"))
{
    ChatMessage m;
    m.room = room;
    m.sender = QStringLiteral("bob");
    m.text = text;
    m.time = QDateTime::currentDateTimeUtc();
    return m;
}
} // namespace

class tst_TrayNotifier : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void onlyWhenNotActive();
    void notForMutedRooms();
    void notForOwnMessages();
    void notForRoomsLeft();
    void oncePerRoomPerInterval();
    void titleAndText();
    void tooltipAndBadge();
    void noTrayIsFine();
    void realClient();
    void mentionsNotifyInMutedRooms();

private:
    std::unique_ptr<RoomListModel> m_rooms;
    std::unique_ptr<TrayNotifier> m_notifier;
    bool m_active = false;
};

void tst_TrayNotifier::initTestCase()
{
}

void tst_TrayNotifier::init()
{
    m_rooms = std::make_unique<RoomListModel>();
    m_rooms->addRoom(QStringLiteral("lobby"));
    m_rooms->addRoom(QStringLiteral("dev"));
    m_rooms->setCurrentRoom(QStringLiteral("lobby"));
    m_notifier = std::make_unique<TrayNotifier>(m_rooms.get());
    m_notifier->setActiveCheck([this] { return m_active; });
    m_notifier->setRoomInterval(0ms);
    m_active = false;
}

void tst_TrayNotifier::onlyWhenNotActive()
{
    QSignalSpy requested(m_notifier.get(), &TrayNotifier::notificationRequested);
    m_active = true;
    m_notifier->consider(fromBob(QStringLiteral("dev")));
    QCOMPARE(requested.size(), 0);
    m_active = false;
    m_notifier->consider(fromBob(QStringLiteral("dev")));
    QCOMPARE(requested.size(), 1);
    QCOMPARE(requested.first().at(0).toString(), QStringLiteral("dev"));
    // The room in view too, when the window is in the background.
    m_notifier->consider(fromBob(QStringLiteral("lobby")));
    QCOMPARE(requested.size(), 2);
}

void tst_TrayNotifier::notForMutedRooms()
{
    QSignalSpy requested(m_notifier.get(), &TrayNotifier::notificationRequested);
    m_rooms->setMuted(QStringLiteral("dev"), true);
    QVERIFY(!m_notifier->shouldNotify(fromBob(QStringLiteral("dev"))));
    m_notifier->consider(fromBob(QStringLiteral("dev")));
    QCOMPARE(requested.size(), 0);
    m_rooms->setMuted(QStringLiteral("dev"), false);
    m_notifier->consider(fromBob(QStringLiteral("dev")));
    QCOMPARE(requested.size(), 1);
}

void tst_TrayNotifier::notForOwnMessages()
{
    QSignalSpy requested(m_notifier.get(), &TrayNotifier::notificationRequested);
    ChatMessage mine = fromBob(QStringLiteral("dev"));
    mine.own = true;
    m_notifier->consider(mine);
    QCOMPARE(requested.size(), 0);
}

void tst_TrayNotifier::notForRoomsLeft()
{
    QSignalSpy requested(m_notifier.get(), &TrayNotifier::notificationRequested);
    m_rooms->removeRoom(QStringLiteral("dev"));
    m_notifier->consider(fromBob(QStringLiteral("dev")));
    QCOMPARE(requested.size(), 0);
}

void tst_TrayNotifier::oncePerRoomPerInterval()
{
    QCOMPARE(TrayNotifier::kRoomInterval, 5000ms);
    m_notifier->setRoomInterval(300ms);
    QSignalSpy requested(m_notifier.get(), &TrayNotifier::notificationRequested);
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < 5; ++i)
        m_notifier->consider(fromBob(QStringLiteral("dev"), QStringLiteral("burst %1").arg(i)));
    m_notifier->consider(fromBob(QStringLiteral("lobby")));
    QCOMPARE(requested.size(), 2); // one per room
    // Once the interval is over, the room may notify again.
    QTRY_VERIFY(clock.elapsed() > 300);
    m_notifier->consider(fromBob(QStringLiteral("dev")));
    QCOMPARE(requested.size(), 3);
}

void tst_TrayNotifier::titleAndText()
{
    const ChatMessage m = fromBob(QStringLiteral("dev"), QStringLiteral("<b>x</b>\nsecond line"));
    QCOMPARE(TrayNotifier::titleFor(m), QStringLiteral("bob in #dev"));
    QCOMPARE(TrayNotifier::textFor(m), QStringLiteral("<b>x</b> second line")); // plain, one line
    const ChatMessage longOne = fromBob(QStringLiteral("dev"), QString(1000, QLatin1Char('a')));
    QCOMPARE(TrayNotifier::textFor(longOne).size(), TrayNotifier::kPreviewChars);
    ChatMessage classic = fromBob(QString());
    classic.sender.clear();
    QCOMPARE(TrayNotifier::titleFor(classic), QStringLiteral("Someone"));
}

void tst_TrayNotifier::tooltipAndBadge()
{
    QCOMPARE(m_notifier->toolTip(), QStringLiteral("Parley"));
    m_rooms->noteMessage(fromBob(QStringLiteral("dev")));
    m_rooms->noteMessage(fromBob(QStringLiteral("dev")));
    QCOMPARE(m_notifier->toolTip(), QStringLiteral("Parley — 2 unread"));
    const QIcon base(QStringLiteral(":/icons/parley.svg"));
    QVERIFY(!base.isNull());
    const QImage plain = TrayNotifier::badgeIcon(base, 0).pixmap(64, 64).toImage();
    const QImage badged = TrayNotifier::badgeIcon(base, 2).pixmap(64, 64).toImage();
    QVERIFY(!badged.isNull());
    QVERIFY(plain != badged);
    QVERIFY(TrayNotifier::badgeIcon(base, 120).pixmap(64, 64).toImage() != badged);
}

void tst_TrayNotifier::noTrayIsFine()
{
    // Offscreen has no tray: asking for it is refused quietly, and requests still come.
    if (QSystemTrayIcon::isSystemTrayAvailable())
        QSKIP("this platform has a tray");
    QVERIFY(!m_notifier->setTrayVisible(true));
    QVERIFY(!m_notifier->isTrayVisible());
    QVERIFY(!m_notifier->trayIcon());
    QSignalSpy requested(m_notifier.get(), &TrayNotifier::notificationRequested);
    m_notifier->consider(fromBob(QStringLiteral("dev")));
    QCOMPARE(requested.size(), 1);
}

void tst_TrayNotifier::realClient()
{
    ParleyServer server;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    ChatClient alice;
    alice.setUserName(QStringLiteral("alice"));
    ChatClient bob;
    bob.setUserName(QStringLiteral("bob"));
    m_notifier->connectClient(&alice);
    for (ChatClient *c : {&alice, &bob}) {
        c->joinRoom(QStringLiteral("dev"));
        c->connectToServer(server.url());
    }
    QSignalSpy aliceJoined(&alice, &ChatClient::joined);
    QSignalSpy bobJoined(&bob, &ChatClient::joined);
    QTRY_VERIFY_WITH_TIMEOUT(!aliceJoined.isEmpty() && !bobJoined.isEmpty(), 10000);
    QSignalSpy requested(m_notifier.get(), &TrayNotifier::notificationRequested);

    bob.sendMessage(QStringLiteral("dev"), QStringLiteral("ping"));
    QTRY_COMPARE(requested.size(), 1);
    QCOMPARE(requested.first().at(1).toString(), QStringLiteral("bob in #dev"));
    QCOMPARE(requested.first().at(2).toString(), QStringLiteral("ping"));
    // Alice's own message (seen by her client as queued, never as received) does not notify.
    QSignalSpy aliceDelivered(&alice, &ChatClient::deliveryChanged);
    alice.sendMessage(QStringLiteral("dev"), QStringLiteral("mine"));
    QTRY_VERIFY(!aliceDelivered.isEmpty()
                && aliceDelivered.last().at(1).value<ChatMessage::Delivery>() == ChatMessage::Delivery::Delivered);
    QCOMPARE(requested.size(), 1);
    alice.disconnectFromServer();
    bob.disconnectFromServer();
}

// A muted room stays quiet, except for a message that mentions the user ("@alice"), unless the
// user turned that off; the room list counts the mention.
void tst_TrayNotifier::mentionsNotifyInMutedRooms()
{
    ServerSettings settings;
    settings.guests = false;
    ParleyServer server(settings);
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    auto alice = ParleyTest::signedInClient(server, QStringLiteral("alice"), QStringLiteral("Alice"));
    auto bob = ParleyTest::signedInClient(server, QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(alice && bob);
    m_rooms->setCurrentRoom(QStringLiteral("dev")); // lobby is not looked at
    m_rooms->connectClient(alice.get());
    m_rooms->setMuted(QStringLiteral("lobby"), true);
    m_notifier->connectClient(alice.get());
    m_notifier->setRoomInterval(std::chrono::milliseconds(0));
    QSignalSpy requested(m_notifier.get(), &TrayNotifier::notificationRequested);
    ReceivedMessages heard(alice.get());

    bob->sendMessage(QStringLiteral("lobby"), QStringLiteral("just chatting"));
    QTRY_COMPARE(heard.size(), 1);
    QCOMPARE(requested.size(), 0);
    QCOMPARE(m_rooms->mentions(QStringLiteral("lobby")), 0);
    bob->sendMessage(QStringLiteral("lobby"), QStringLiteral("@alice can you look?"));
    QTRY_COMPARE(requested.size(), 1);
    QCOMPARE(m_rooms->mentions(QStringLiteral("lobby")), 1);
    QCOMPARE(m_rooms->unread(QStringLiteral("lobby")), 2);
    m_notifier->setMentionsInMutedRooms(false);
    bob->sendMessage(QStringLiteral("lobby"), QStringLiteral("@alice again"));
    QTRY_COMPARE(heard.size(), 3);
    QCOMPARE(requested.size(), 1);
    QCOMPARE(m_rooms->mentions(QStringLiteral("lobby")), 2);
    m_rooms->markRead(QStringLiteral("lobby"));
    QCOMPARE(m_rooms->mentions(QStringLiteral("lobby")), 0);
}

PARLEY_TEST_MAIN(tst_TrayNotifier)
#include "tst_traynotifier.moc"
