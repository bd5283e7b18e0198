// Tests ui/connectionbanner.cpp: a real ChatClient against a real in-process parley-server (and,
// for the failures, tiny QTcpServers that answer 404 or never answer), with the banner following
// it through ChatClient's public signals only.
#include "chatclient.h"
#include "connectionbanner.h"
#include "connectorsettings.h"
#include "languageloader.h"
#include "manualnetworkmonitor.h"
#include "notfoundserver.h"
#include "parleyserver.h"
#include "testmain.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QVBoxLayout>

#include <memory>

using namespace std::chrono_literals;

namespace {

// The retry schedule of these tests: 3 s, then 6 s, no jitter, so the countdown is "3, 2, 1".
constexpr auto kBackoffBase = 3s;
// Long enough for a handshake that never finishes to stay "under way" for the whole test.
constexpr auto kLongConnectTimeout = 30s;
constexpr int kConnectMs = 10'000;  // QTRY timeout for a real localhost connection

QUrl wsUrl(quint16 port)
{
    QUrl url;
    url.setScheme(QStringLiteral("ws"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port);
    return url;
}

//! Counts how often a widget is shown (a flash of the banner is one show).
class ShowCounter : public QObject
{
public:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Show)
            ++shows;
        return QObject::eventFilter(watched, event);
    }
    int shows = 0;
};

}  // namespace

class tst_ConnectionBanner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void healthyStartNeverShowsTheBanner();
    void lostLinkCountsDownAndRetryNowReconnects();
    void userCloseHidesTheBanner();
    void offlineWaitsForTheNetwork();
    void offlineRetryNow();
    void firstAttemptFails();
    void slowFirstAttemptShowsAfterTheGrace();
    void refusedHandshakeStopsWithConnect();
    void givingUpStopsWithConnect();
    void badAddressHasNoConnectButton();
    void messageErrorsAreNotConnectionProblems();
    void followsTheLanguage();

private:
    QLabel *label() const
    {
        return m_banner->findChild<QLabel *>(QStringLiteral("connectionBannerText"));
    }
    QPushButton *button() const
    {
        return m_banner->findChild<QPushButton *>(QStringLiteral("connectionBannerButton"));
    }
    //! Starts the parley-server (again) on \a port (0: any).
    bool startServer(quint16 port = 0);
    //! Connects the client to the server and waits until it is ready.
    void connectAndWait();
    static QString lostIn(int seconds)
    {
        return QStringLiteral("Connection lost — reconnecting in %1 s").arg(seconds);
    }
    static QString offlineText()
    {
        return QStringLiteral("You are offline — Parley will reconnect when the network is back.");
    }

    QTemporaryDir m_accountsDir;
    std::unique_ptr<ParleyServer> m_server;
    quint16 m_port = 0;
    std::unique_ptr<ChatClient> m_client;
    std::unique_ptr<QWidget> m_window;
    ConnectionBanner *m_banner = nullptr;
};

void tst_ConnectionBanner::initTestCase()
{
}

void tst_ConnectionBanner::init()
{
    m_client = std::make_unique<ChatClient>();
    m_client->setUserName(QStringLiteral("alice"));
    ConnectorSettings settings;
    settings.backoffBase = kBackoffBase;
    settings.backoffMultiplier = 2.0;
    settings.backoffJitter = 0.0;
    settings.connectTimeout = kLongConnectTimeout;
    m_client->setSettings(settings);

    m_window = std::make_unique<QWidget>();
    auto *layout = new QVBoxLayout(m_window.get());
    m_banner = new ConnectionBanner(m_client.get(), m_window.get());
    layout->addWidget(m_banner);
    layout->addStretch(1);
    m_window->resize(600, 200);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(!m_banner->isVisible());
    QCOMPARE(m_banner->mode(), ConnectionBanner::Mode::Hidden);
}

void tst_ConnectionBanner::cleanup()
{
    m_window.reset();
    m_banner = nullptr;
    m_client.reset();
    m_server.reset();
    m_port = 0;
    LanguageLoader::install(qApp, QStringLiteral("en"));
}

bool tst_ConnectionBanner::startServer(quint16 port)
{
    // Accounts in a file: the guest's token the client reconnects with survives the restart.
    ServerSettings settings;
    settings.accountsDatabasePath = m_accountsDir.filePath(QStringLiteral("accounts.sqlite"));
    m_server = std::make_unique<ParleyServer>(settings);
    if (!m_server->listen(QHostAddress::LocalHost, port)) {
        qWarning() << "listen failed:" << m_server->errorString();
        return false;
    }
    m_port = m_server->port();
    return true;
}

void tst_ConnectionBanner::connectAndWait()
{
    m_client->connectToServer(m_server->url());
    QTRY_VERIFY_WITH_TIMEOUT(m_client->isReady(), kConnectMs);
}

void tst_ConnectionBanner::healthyStartNeverShowsTheBanner()
{
    QVERIFY(startServer());
    ShowCounter shows;
    m_banner->installEventFilter(&shows);
    QSignalSpy texts(m_banner, &ConnectionBanner::textChanged);
    connectAndWait();
    QCOMPARE(m_client->connectionState(), IMConnector::State::Connected);
    QCoreApplication::processEvents();  // let a queued refresh run, if one is pending
    QCOMPARE(m_banner->mode(), ConnectionBanner::Mode::Hidden);
    QVERIFY(!m_banner->isVisible());
    QCOMPARE(shows.shows, 0);
    QCOMPARE(texts.count(), 0);
    QVERIFY(m_banner->text().isEmpty());
}

void tst_ConnectionBanner::lostLinkCountsDownAndRetryNowReconnects()
{
    QVERIFY(startServer());
    connectAndWait();
    QSignalSpy texts(m_banner, &ConnectionBanner::textChanged);

    m_server.reset();  // the host goes away
    QTRY_COMPARE_WITH_TIMEOUT(m_banner->text(), lostIn(3), kConnectMs);
    QVERIFY(m_banner->isVisible());
    QCOMPARE(m_banner->mode(), ConnectionBanner::Mode::Waiting);
    QCOMPARE(label()->textFormat(), Qt::PlainText);
    QCOMPARE(label()->accessibleName(), m_banner->text());
    QVERIFY(!m_banner->accessibleName().isEmpty());
    QVERIFY(button()->isVisible());
    QVERIFY(button()->isEnabled());
    QCOMPARE(button()->text(), QStringLiteral("Retry now"));
    QCOMPARE(button()->accessibleName(), QStringLiteral("Retry now"));

    // The count goes down a second at a time, with no number skipped or shown late.
    QTRY_COMPARE(m_banner->text(), lostIn(2));
    QTRY_COMPARE(m_banner->text(), lostIn(1));
    // The retry at 3 s fails (no server), the next one is 6 s away.
    QTRY_COMPARE_WITH_TIMEOUT(m_banner->text(), lostIn(6), kConnectMs);
    QStringList countdown;
    for (const QList<QVariant> &args : std::as_const(texts)) {
        const QString text = args.at(0).toString();
        if (text.contains(QLatin1String(" in ")))
            countdown << text;
    }
    QCOMPARE(countdown, (QStringList{lostIn(3), lostIn(2), lostIn(1), lostIn(6)}));
    QVERIFY(m_client->retryRemainingMs() > 1000);

    // The server is back on the same port; "Retry now" does not wait the 6 s.
    QVERIFY(startServer(m_port));
    QTest::mouseClick(button(), Qt::LeftButton);
    QCOMPARE(m_client->connectionState(), IMConnector::State::Connecting);
    QTRY_VERIFY_WITH_TIMEOUT(m_client->isReady(), kConnectMs);
    QTRY_VERIFY(!m_banner->isVisible());
    QCOMPARE(m_banner->mode(), ConnectionBanner::Mode::Hidden);
    QVERIFY(m_banner->text().isEmpty());
}

void tst_ConnectionBanner::userCloseHidesTheBanner()
{
    QVERIFY(startServer());
    connectAndWait();
    m_server.reset();
    QTRY_COMPARE_WITH_TIMEOUT(m_banner->mode(), ConnectionBanner::Mode::Waiting, kConnectMs);
    m_client->disconnectFromServer();
    QTRY_VERIFY(!m_banner->isVisible());
    QCOMPARE(m_banner->mode(), ConnectionBanner::Mode::Hidden);
}

void tst_ConnectionBanner::offlineWaitsForTheNetwork()
{
    ManualNetworkMonitor network;
    network.setReachability(NetworkMonitor::Reachability::Online);
    m_client->setNetworkMonitor(&network);
    QVERIFY(startServer());
    connectAndWait();

    m_server.reset();
    QTRY_COMPARE_WITH_TIMEOUT(m_banner->text(), lostIn(3), kConnectMs);
    // The network goes away during the countdown: the connector parks the retry without a signal;
    // the banner notices at its next tick.
    network.setReachability(NetworkMonitor::Reachability::Offline);
    QCOMPARE(m_client->retryRemainingMs(), -1);
    QTRY_COMPARE(m_banner->text(), offlineText());
    QCOMPARE(m_banner->mode(), ConnectionBanner::Mode::Offline);
    QVERIFY(button()->isVisible());
    QVERIFY(button()->isEnabled());
    QCOMPARE(button()->text(), QStringLiteral("Retry now"));

    // The network and the server are back: reconnected at once, banner gone.
    QVERIFY(startServer(m_port));
    network.setReachability(NetworkMonitor::Reachability::Online);
    QTRY_VERIFY_WITH_TIMEOUT(m_client->isReady(), kConnectMs);
    QTRY_VERIFY(!m_banner->isVisible());
}

void tst_ConnectionBanner::offlineRetryNow()
{
    ManualNetworkMonitor network;
    network.setReachability(NetworkMonitor::Reachability::Online);
    m_client->setNetworkMonitor(&network);
    QVERIFY(startServer());
    connectAndWait();

    // Offline first (the link stays up), then the link drops: no timer at all.
    network.setReachability(NetworkMonitor::Reachability::Offline);
    QCOMPARE(m_client->connectionState(), IMConnector::State::Connected);
    m_server.reset();
    QTRY_COMPARE_WITH_TIMEOUT(m_banner->text(), offlineText(), kConnectMs);
    QCOMPARE(m_client->connectionState(), IMConnector::State::Reconnecting);

    // The user knows better than the monitor.
    QVERIFY(startServer(m_port));
    QSignalSpy texts(m_banner, &ConnectionBanner::textChanged);
    QTest::mouseClick(button(), Qt::LeftButton);
    QCOMPARE(m_client->connectionState(), IMConnector::State::Connecting);
    QTRY_VERIFY_WITH_TIMEOUT(m_client->isReady(), kConnectMs);
    QTRY_VERIFY(!m_banner->isVisible());
    // While the attempt ran the banner said so (the button greyed out), then went away.
    QCOMPARE(texts.count(), 2);
    QCOMPARE(texts.at(0).at(0).toString(), QStringLiteral("Connection lost — reconnecting…"));
    QCOMPARE(texts.at(1).at(0).toString(), QString());
    QVERIFY(!button()->isVisible());
}

void tst_ConnectionBanner::firstAttemptFails()
{
    quint16 port = 0;
    {
        QTcpServer probe;  // a port nobody listens on: bind one, note it, let it go
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    m_client->connectToServer(wsUrl(port));
    QTRY_COMPARE_WITH_TIMEOUT(m_banner->text(),
                              QStringLiteral("Cannot reach the server — retrying in 3 s"), kConnectMs);
    QVERIFY(m_banner->isVisible());
    QCOMPARE(button()->text(), QStringLiteral("Retry now"));
    QVERIFY(button()->isVisible());
}

void tst_ConnectionBanner::slowFirstAttemptShowsAfterTheGrace()
{
    QTcpServer silent;  // accepts, never answers the handshake
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    const QUrl url = wsUrl(silent.serverPort());
    QSignalSpy texts(m_banner, &ConnectionBanner::textChanged);
    QElapsedTimer clock;
    clock.start();
    m_client->connectToServer(url);
    QCOMPARE(m_client->connectionState(), IMConnector::State::Connecting);
    QTRY_COMPARE_WITH_TIMEOUT(texts.count(), 1,
                              int(ConnectionBanner::kFirstAttemptGrace.count()) + kConnectMs);
    // Not before the grace (a coarse timer may wake up to 5 % early).
    QVERIFY2(clock.elapsed() >= ConnectionBanner::kFirstAttemptGrace.count() * 9 / 10,
             qPrintable(QString::number(clock.elapsed()) + QLatin1Char(' ') + m_banner->text()));
    QCOMPARE(m_client->connectionState(), IMConnector::State::Connecting);
    QCOMPARE(m_banner->mode(), ConnectionBanner::Mode::Trying);
    QCOMPARE(m_banner->text(), QStringLiteral("Connecting to %1…").arg(url.toDisplayString()));
    QVERIFY(m_banner->isVisible());
    QVERIFY(!button()->isVisible());
}

void tst_ConnectionBanner::refusedHandshakeStopsWithConnect()
{
    NotFoundServer http;
    QVERIFY(http.listen(QHostAddress::LocalHost, 0));
    const QUrl url = wsUrl(http.serverPort());
    QSignalSpy errors(m_client.get(), &ChatClient::errorOccurred);
    m_client->connectToServer(url);
    QTRY_COMPARE_WITH_TIMEOUT(m_banner->mode(), ConnectionBanner::Mode::Failed, kConnectMs);
    QCOMPARE(m_client->connectionState(), IMConnector::State::Disconnected);
    QVERIFY(!errors.isEmpty());
    const QString error = errors.last().at(0).toString();
    QVERIFY2(error.contains(QLatin1String("404")), qPrintable(error));
    QCOMPARE(m_banner->text(), QStringLiteral("Not connected: ") + error);
    QVERIFY(m_banner->isVisible());
    QVERIFY(button()->isVisible());
    QVERIFY(button()->isEnabled());
    QCOMPARE(button()->text(), QStringLiteral("Connect"));
    QCOMPARE(button()->accessibleName(), QStringLiteral("Connect"));
    QCOMPARE(http.requests, 1);  // no retry storm against a refusal

    // "Connect" tries again, once.
    QSignalSpy states(m_client.get(), &ChatClient::connectionStateChanged);
    QTest::mouseClick(button(), Qt::LeftButton);
    QCOMPARE(m_client->connectionState(), IMConnector::State::Connecting);
    QTRY_COMPARE_WITH_TIMEOUT(m_client->connectionState(), IMConnector::State::Disconnected,
                              kConnectMs);
    QTRY_COMPARE(m_banner->mode(), ConnectionBanner::Mode::Failed);
    QCOMPARE(http.requests, 2);
    QCOMPARE(states.count(), 2);
    QCOMPARE(states.at(0).at(0).value<IMConnector::State>(), IMConnector::State::Connecting);
    QCOMPARE(states.at(1).at(0).value<IMConnector::State>(), IMConnector::State::Disconnected);
}

void tst_ConnectionBanner::givingUpStopsWithConnect()
{
    ConnectorSettings settings;
    settings.backoffBase = 50ms;
    settings.backoffJitter = 0.0;
    settings.maxAttempts = 1;
    m_client->setSettings(settings);
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    QSignalSpy errors(m_client.get(), &ChatClient::errorOccurred);
    m_client->connectToServer(wsUrl(port));
    QTRY_COMPARE_WITH_TIMEOUT(m_banner->mode(), ConnectionBanner::Mode::Failed, kConnectMs);
    QVERIFY(!errors.isEmpty());
    QCOMPARE(m_banner->text(), QStringLiteral("Not connected: ") + errors.last().at(0).toString());
    QVERIFY2(m_banner->text().contains(QLatin1String("Gave up")), qPrintable(m_banner->text()));
    QVERIFY(button()->isVisible());
    QCOMPARE(button()->text(), QStringLiteral("Connect"));
}

void tst_ConnectionBanner::badAddressHasNoConnectButton()
{
    m_client->connectToServer(QUrl(QStringLiteral("http://127.0.0.1:1/")));
    QTRY_COMPARE(m_banner->mode(), ConnectionBanner::Mode::Failed);
    QVERIFY(m_banner->text().startsWith(QLatin1String("Not connected: ")));
    QVERIFY(m_banner->text().contains(QLatin1String("not a websocket address")));
    QVERIFY(m_banner->isVisible());
    QVERIFY(!button()->isVisible());  // nothing to retry: the address must change
}

void tst_ConnectionBanner::messageErrorsAreNotConnectionProblems()
{
    QSignalSpy errors(m_client.get(), &ChatClient::errorOccurred);
    const QString tooLong(ChatClient::kMaxTextLength + 1, QLatin1Char('x'));
    QVERIFY(m_client->sendMessage(QStringLiteral("lobby"), tooLong).isEmpty());
    QCOMPARE(errors.count(), 1);
    QCoreApplication::processEvents();
    QCOMPARE(m_banner->mode(), ConnectionBanner::Mode::Hidden);
    QVERIFY(!m_banner->isVisible());
}

void tst_ConnectionBanner::followsTheLanguage()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    m_client->connectToServer(wsUrl(port));
    QTRY_COMPARE_WITH_TIMEOUT(m_banner->mode(), ConnectionBanner::Mode::Waiting, kConnectMs);
    QVERIFY(LanguageLoader::install(qApp, QStringLiteral("zh_CN")));
    QTRY_VERIFY(m_banner->text().startsWith(QStringLiteral("无法连接服务器")));
    QCOMPARE(button()->text(), QStringLiteral("立即重试"));
}

PARLEY_TEST_MAIN(tst_ConnectionBanner)
#include "tst_connectionbanner.moc"
