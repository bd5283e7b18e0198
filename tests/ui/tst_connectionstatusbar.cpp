// Tests ui/connectionstatusbar.cpp: the state in words (table), what it shows offline, while an
// unreachable server is retried, after a refusal the banner explains, and (with an in-process
// parley-server, PARLEY_HAVE_SERVER) connected with latency and counting down in step with the
// ConnectionBanner. The bar is shown in a plain QMainWindow with the banner above, as in the chat.
#include "chatclient.h"
#include "closedport.h"
#include "connectionbanner.h"
#include "connectionstatusbar.h"
#include "connectorsettings.h"
#ifdef PARLEY_HAVE_SERVER
#include "parleyserver.h"
#include "testmain.h"
#endif

#include <QAbstractButton>
#include <QLabel>
#include <QMainWindow>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <memory>

class tst_ConnectionStatusBar : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void stateText_data();
    void stateText();
    void offline();
    void unreachableServerShowsReconnecting();
    void refusalIsLeftToTheBanner();
#ifdef PARLEY_HAVE_SERVER
    void connectedToARealServer();
    void latencyShownWhileConnected();
    void countsDownWithTheBanner();
#endif

private:
    QLabel *label(const char *name) const
    {
        return m_bar->findChild<QLabel *>(QString::fromLatin1(name));
    }

    std::unique_ptr<ChatClient> m_client;
    std::unique_ptr<QMainWindow> m_window;
    ConnectionBanner *m_banner = nullptr;
    ConnectionStatusBar *m_bar = nullptr;
};

void tst_ConnectionStatusBar::initTestCase()
{
}

void tst_ConnectionStatusBar::init()
{
    m_client = std::make_unique<ChatClient>();
    m_client->setUserName(QStringLiteral("alice"));
    m_window = std::make_unique<QMainWindow>();
    m_banner = new ConnectionBanner(m_client.get(), m_window.get());
    m_window->setCentralWidget(m_banner);
    m_bar = new ConnectionStatusBar(m_client.get(), m_banner, m_window.get());
    m_window->setStatusBar(m_bar);
    m_window->resize(700, 200);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void tst_ConnectionStatusBar::cleanup()
{
    m_window.reset();
    m_client.reset();
}

void tst_ConnectionStatusBar::stateText_data()
{
    QTest::addColumn<IMConnector::State>("state");
    QTest::addColumn<int>("retryMs");
    QTest::addColumn<QString>("text");
    using S = IMConnector::State;
    QTest::newRow("offline") << S::Disconnected << -1 << QStringLiteral("Offline");
    QTest::newRow("connecting") << S::Connecting << -1 << QStringLiteral("Connecting…");
    QTest::newRow("connected") << S::Connected << -1 << QStringLiteral("Connected");
    QTest::newRow("retry 4 s") << S::Reconnecting << 4000 << QStringLiteral("Reconnecting in 4 s");
    QTest::newRow("retry 3.2 s") << S::Reconnecting << 3200 << QStringLiteral("Reconnecting in 4 s");
    QTest::newRow("retry 1 s") << S::Reconnecting << 1000 << QStringLiteral("Reconnecting in 1 s");
    QTest::newRow("retry now") << S::Reconnecting << 0 << QStringLiteral("Reconnecting…");
    QTest::newRow("retry unknown") << S::Reconnecting << -1 << QStringLiteral("Reconnecting…");
    QTest::newRow("closing") << S::Closing << -1 << QStringLiteral("Disconnecting…");
}

void tst_ConnectionStatusBar::stateText()
{
    QFETCH(IMConnector::State, state);
    QFETCH(int, retryMs);
    QFETCH(QString, text);
    QCOMPARE(ConnectionStatusBar::stateText(state, retryMs), text);
}

void tst_ConnectionStatusBar::offline()
{
    QCOMPARE(m_bar->connectionText(), QStringLiteral("Offline"));
    QCOMPARE(label("connectionLabel")->text(), QStringLiteral("Offline"));
    QVERIFY(!label("connectionLabel")->accessibleName().isEmpty());
    QCOMPARE(label("stateDot")->toolTip(), QStringLiteral("Offline"));
    QVERIFY(!label("stateDot")->pixmap().isNull());
    QCOMPARE(label("serverLabel")->text(), QStringLiteral("No server"));
    QVERIFY(!label("latencyLabel")->isVisible());
    // Server names and reasons are anyone's text: never rich text.
    for (const char *name : {"connectionLabel", "latencyLabel", "serverLabel"})
        QCOMPARE(label(name)->textFormat(), Qt::PlainText);
    // One place to retry: the banner, not the status bar.
    QCOMPARE(m_bar->findChildren<QAbstractButton *>().size(), 0);
    // Notes appear beside it without hiding it.
    m_bar->showMessage(QStringLiteral("a passing note"));
    QCOMPARE(m_bar->currentMessage(), QStringLiteral("a passing note"));
    QVERIFY(label("connectionLabel")->isVisible());
}

void tst_ConnectionStatusBar::unreachableServerShowsReconnecting()
{
    const QUrl url = closedLocalUrl();
    QVERIFY(url.isValid());
    QSignalSpy scheduled(m_client.get(), &ChatClient::reconnectScheduled);
    m_client->connectToServer(url);
    QTRY_VERIFY_WITH_TIMEOUT(scheduled.count() > 0, 15000);
    QTRY_VERIFY(m_bar->connectionText().startsWith(QStringLiteral("Reconnecting"))
                || m_bar->connectionText() == QStringLiteral("Connecting…"));
    QCOMPARE(label("serverLabel")->text(), url.toDisplayString());
    QVERIFY(!label("latencyLabel")->isVisible());

    m_client->disconnectFromServer();
    QTRY_COMPARE(m_bar->connectionText(), QStringLiteral("Offline"));
}

void tst_ConnectionStatusBar::refusalIsLeftToTheBanner()
{
    m_bar->showMessage(QStringLiteral("an older note"));
    m_client->connectToServer(QUrl(QStringLiteral("http://127.0.0.1:1/")));  // refused at once
    QTRY_VERIFY(m_banner->isVisible());
    QCOMPARE(m_banner->mode(), ConnectionBanner::Mode::Failed);
    QCOMPARE(m_bar->connectionText(), QStringLiteral("Offline"));
    // The banner says it in full; the status bar does not repeat it cut short.
    QVERIFY(m_bar->currentMessage().isEmpty());
}

#ifdef PARLEY_HAVE_SERVER
void tst_ConnectionStatusBar::connectedToARealServer()
{
    ParleyServer server;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    m_client->joinRoom(QStringLiteral("lobby"));
    m_client->connectToServer(server.url());
    QTRY_COMPARE_WITH_TIMEOUT(m_bar->connectionText(), QStringLiteral("Connected"), 10000);
    QCOMPARE(label("serverLabel")->text(), server.url().toDisplayString());
    QCOMPARE(label("stateDot")->toolTip(), QStringLiteral("Connected"));
    QTRY_VERIFY(m_client->isReady());
    m_client->disconnectFromServer();
    QTRY_COMPARE(m_bar->connectionText(), QStringLiteral("Offline"));
}

void tst_ConnectionStatusBar::latencyShownWhileConnected()
{
    using namespace std::chrono_literals;
    ConnectorSettings settings;
    settings.heartbeatInterval = 100ms;  // a round trip is measured at once
    m_client->setSettings(settings);
    ParleyServer server;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0), qPrintable(server.errorString()));
    QLabel *latency = label("latencyLabel");
    QSignalSpy measured(m_client.get(), &ChatClient::latencyChanged);
    m_client->connectToServer(server.url());
    QTRY_VERIFY_WITH_TIMEOUT(!measured.isEmpty(), 10000);
    QVERIFY(latency->isVisible());
    const int ms = measured.last().at(0).toInt();
    QCOMPARE(latency->text(), ms == 0 ? QStringLiteral("< 1 ms") : QStringLiteral("%1 ms").arg(ms));
    QCOMPARE(m_bar->connectionText(), QStringLiteral("Connected"));
    m_client->disconnectFromServer();
    QTRY_COMPARE(m_bar->connectionText(), QStringLiteral("Offline"));
    QVERIFY(!latency->isVisible());
}

void tst_ConnectionStatusBar::countsDownWithTheBanner()
{
    using namespace std::chrono_literals;
    ConnectorSettings settings;
    settings.backoffBase = 3s;
    settings.backoffJitter = 0.0;
    m_client->setSettings(settings);
    auto server = std::make_unique<ParleyServer>();
    QVERIFY2(server->listen(QHostAddress::LocalHost, 0), qPrintable(server->errorString()));
    m_client->connectToServer(server->url());
    QTRY_VERIFY_WITH_TIMEOUT(m_client->isReady(), 10000);

    // Each time the banner's number changes, the status bar already shows the same one.
    QStringList pairs;
    connect(m_banner, &ConnectionBanner::textChanged, this, [&](const QString &text) {
        if (text.contains(QLatin1String(" in ")))
            pairs << text.section(QLatin1String(" in "), 1) + QLatin1Char('|')
                            + m_bar->connectionText().section(QLatin1String(" in "), 1);
    });
    server.reset();
    QTRY_COMPARE_WITH_TIMEOUT(pairs.size(), 3, 10000);
    QCOMPARE(pairs, (QStringList{QStringLiteral("3 s|3 s"), QStringLiteral("2 s|2 s"),
                                 QStringLiteral("1 s|1 s")}));
    QVERIFY(m_banner->isVisible());
    m_client->disconnectFromServer();
    QTRY_VERIFY(!m_banner->isVisible());
}
#endif

PARLEY_TEST_MAIN(tst_ConnectionStatusBar)
#include "tst_connectionstatusbar.moc"
