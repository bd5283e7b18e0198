// parley_ui_screenshots: draws the chat window and the connection banners offscreen and saves
// them as PNG files for a person to look at. Not a test (a picture cannot fail), so not run by
// ctest; docs/take-ui-screenshots.sh builds it and runs it for the light, dark and zh_CN pictures.
//
//   parley_ui_screenshots --out DIR [--dark] [--lang zh_CN]
//
// writes DIR/chatwindow<suffix>.png and DIR/connectionbanner<suffix>.png, the suffix naming the
// variant ("-dark", "-zh_CN", "-zh_CN-dark"; none for light English). Exits non-zero when a scene
// did not reach the state it is drawn in.
#include "chatclient.h"
#include "chatwindow.h"
#include "closedport.h"
#include "composer.h"
#include "connectionbanner.h"
#include "connectorsettings.h"
#include "languageloader.h"
#include "manualnetworkmonitor.h"
#include "messagemodel.h"
#include "notfoundserver.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QKeyEvent>
#include <QLabel>
#include <QPalette>
#include <QStandardPaths>
#include <QStatusBar>
#include <QVBoxLayout>
#include <QtCore/qtestsupport_core.h>
#include <QtWidgets/qtestsupport_widgets.h>

#include <cstdio>
#include <functional>

using namespace std::chrono_literals;

namespace {

//! How long a scene may take to reach the state it is drawn in.
constexpr int kSceneTimeoutMs = 10'000;

//! The dark variant's colours, for the Fusion style (which draws with the palette alone).
QPalette darkPalette()
{
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::AlternateBase, QColor(0x33, 0x33, 0x33));
    dark.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    dark.setColor(QPalette::ButtonText, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Mid, QColor(0x20, 0x20, 0x20));
    dark.setColor(QPalette::Highlight, QColor(0x2a, 0x82, 0xda));
    dark.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
    return dark;
}

//! Runs the event loop until \a done; says what it waited for when it times out.
bool waitFor(const std::function<bool()> &done, const char *what)
{
    if (QTest::qWaitFor(done, kSceneTimeoutMs))
        return true;
    std::fprintf(stderr, "parley_ui_screenshots: timed out waiting for %s\n", what);
    return false;
}

bool save(QWidget &widget, const QString &path)
{
    if (widget.grab().save(path)) {
        std::printf("%s\n", qPrintable(QDir::toNativeSeparators(path)));
        return true;
    }
    std::fprintf(stderr, "parley_ui_screenshots: cannot write %s\n", qPrintable(path));
    return false;
}

//! Someone else's message \a n of the lobby.
ChatMessage said(int n, const QString &sender, const QString &text)
{
    ChatMessage m;
    m.clientId = QStringLiteral("lobby-%1").arg(n);
    m.room = QStringLiteral("lobby");
    m.seq = n + 1;
    m.sender = sender;
    m.text = text;
    m.time = QDateTime::currentDateTimeUtc();
    return m;
}

void pressReturn(QWidget *widget)
{
    QKeyEvent press(QEvent::KeyPress, Qt::Key_Return, Qt::NoModifier);
    QKeyEvent release(QEvent::KeyRelease, Qt::Key_Return, Qt::NoModifier);
    QApplication::sendEvent(widget, &press);
    QApplication::sendEvent(widget, &release);
}

//! The window offline, hosting a server: others' messages (long, markup, Chinese), two of one's
//! own (one delivered), a draft in the composer.
bool shootChatWindow(const QString &path)
{
    ChatClient client;
    client.setUserName(QStringLiteral("alice"));
    MessageModel model(QStringLiteral("lobby"));
    model.connectClient(&client);
    ChatWindow window(&client, &model);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return false;
    window.activateWindow();
    auto *composer = window.findChild<Composer *>(QStringLiteral("composer"));
    if (!composer)
        return false;
    composer->setFocus();

    window.resize(760, 600);
    window.setHostedServer(QUrl(QStringLiteral("ws://127.0.0.1:8787")));
    model.addMessages({
            said(0, QStringLiteral("bob"), QStringLiteral("Hi Alice! Did the build pass?")),
            said(1, QStringLiteral("carol"),
                 QStringLiteral("Here is a long one so that we can see wrapping: Lorem ipsum dolor sit "
                                "amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt "
                                "ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis "
                                "nostrud.")),
            said(2, QStringLiteral("mallory"),
                 QStringLiteral("<b>not bold</b> <img src=file:///etc/passwd>")),
            said(3, QStringLiteral("李雷"), QStringLiteral("你好，世界！这是一条中文消息。\nSecond line.")),
    });
    composer->insertPlainText(QStringLiteral("Yes, all green ✓"));
    pressReturn(composer);
    composer->insertPlainText(QStringLiteral("And <b>this</b> stays literal too"));
    pressReturn(composer);
    if (!waitFor([&] { return model.rowCount() == 6; }, "one's own two messages"))
        return false;
    const QString ownId = model.index(4).data(MessageModel::ClientIdRole).toString();
    model.updateDelivery(ownId, ChatMessage::Delivery::Delivered, 5, QDateTime::currentDateTimeUtc());
    composer->insertPlainText(QStringLiteral("A draft…"));
    QCoreApplication::processEvents();
    // Posted layout requests (the status bar after a language change) settle before the grab.
    const auto labels = window.statusBar()->findChildren<QLabel *>();
    for (QLabel *label : labels) {
        if (!waitFor([label] { return label->isHidden() || label->width() >= label->sizeHint().width(); },
                     "the status bar's layout"))
            return false;
    }
    return save(window, path);
}

//! One banner per kind of trouble, each following a client of its own: waiting to retry (the
//! countdown), refused for good (404), offline.
bool shootBanners(const QString &path)
{
    const QUrl closed = closedLocalUrl();
    NotFoundServer http;
    if (closed.isEmpty() || !http.listen(QHostAddress::LocalHost, 0))
        return false;
    QUrl refusing = closed;
    refusing.setPort(http.serverPort());
    ManualNetworkMonitor offline;
    offline.setReachability(NetworkMonitor::Reachability::Offline);

    ChatClient waiting;
    ConnectorSettings settings;  // the countdown reads "3 s", as in tst_connectionbanner
    settings.backoffBase = 3s;
    settings.backoffJitter = 0.0;
    waiting.setSettings(settings);
    ChatClient failed;
    ChatClient offlineClient;
    offlineClient.setNetworkMonitor(&offline);

    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *waitingBanner = new ConnectionBanner(&waiting, &window);
    auto *failedBanner = new ConnectionBanner(&failed, &window);
    auto *offlineBanner = new ConnectionBanner(&offlineClient, &window);
    layout->addWidget(waitingBanner);
    layout->addWidget(failedBanner);
    layout->addWidget(offlineBanner);
    layout->addStretch(1);
    window.resize(600, 200);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return false;
    waiting.connectToServer(closed);
    failed.connectToServer(refusing);
    offlineClient.connectToServer(closed);
    const bool shown = waitFor([&] { return waitingBanner->mode() == ConnectionBanner::Mode::Waiting; },
                               "the waiting banner")
            && waitFor([&] { return failedBanner->mode() == ConnectionBanner::Mode::Failed; },
                       "the failed banner")
            && waitFor([&] { return offlineBanner->mode() == ConnectionBanner::Mode::Offline; },
                       "the offline banner");
    window.resize(640, 260);  // the banners lay their text out again, with the height it now takes
    QCoreApplication::processEvents();
    return shown && save(window, path);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);  // nothing of the user's is read or written

    QCommandLineParser parser;
    parser.setApplicationDescription(
            QStringLiteral("Saves offscreen pictures of Parley's chat window and connection banners."));
    parser.addHelpOption();
    const QCommandLineOption outOption(QStringLiteral("out"), QStringLiteral("Folder for the PNG files."),
                                       QStringLiteral("dir"), QStringLiteral("."));
    const QCommandLineOption darkOption(QStringLiteral("dark"), QStringLiteral("Dark palette (Fusion style)."));
    const QCommandLineOption langOption(QStringLiteral("lang"), QStringLiteral("UI language, e.g. zh_CN."),
                                        QStringLiteral("lang"));
    parser.addOptions({outOption, darkOption, langOption});
    parser.process(app);

    QString suffix;
    if (parser.isSet(langOption)) {
        LanguageLoader::install(&app, parser.value(langOption));
        suffix += QLatin1Char('-') + parser.value(langOption);
    }
    if (parser.isSet(darkOption)) {
        QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(darkPalette());
        suffix += QStringLiteral("-dark");
    }
    const QDir out(parser.value(outOption));
    if (!out.mkpath(QStringLiteral("."))) {
        std::fprintf(stderr, "parley_ui_screenshots: cannot create %s\n", qPrintable(out.path()));
        return 1;
    }
    const bool ok = shootChatWindow(out.filePath(QStringLiteral("chatwindow%1.png").arg(suffix)))
            && shootBanners(out.filePath(QStringLiteral("connectionbanner%1.png").arg(suffix)));
    return ok ? 0 : 1;
}
