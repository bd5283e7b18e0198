// Parley desktop: command line, settings, wiring. Nothing else lives here.
#include "appsession.h"
#include "chatwindow.h"
#include "commandline.h"
#include "hostedchat.h"
#include "languageloader.h"
#include "logging.h"
#include "parleyserver.h"
#include "serverprofile.h"
#include "systemnetworkmonitor.h"

#include <QApplication>
#include <QDir>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>

#include <functional>
#include <memory>

namespace {
void nameTheApplication()
{
    QCoreApplication::setApplicationName(QStringLiteral("Parley"));
    QCoreApplication::setOrganizationName(QStringLiteral("Parley"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PARLEY_VERSION));
}
} // namespace

int main(int argc, char *argv[])
{
    const QStringList rawArguments = CommandLine::rawArguments(argc, argv);
    const QString lang = CommandLine::peekValue(rawArguments, QStringLiteral("lang"));
    if (CommandLine::asksForTextOnly(rawArguments)) {
        // --help and --version need no display (a server, a build chroot): answered before the
        // QApplication, which needs one, exists. parseOrExit() prints and exits.
        QCoreApplication textOnly(argc, argv);
        nameTheApplication();
        LanguageLoader::install(&textOnly, lang);
        CommandLine::parseOrExit(QCoreApplication::arguments(), rawArguments);
    }
    CommandLine::hideNameFromQt(&argc, argv);
    QApplication app(argc, argv);
    nameTheApplication();
    // The launcher this window belongs to (Wayland app id; docks and task switchers group by it).
    QGuiApplication::setDesktopFileName(QStringLiteral("org.parley.Parley"));

    LanguageLoader::install(&app, lang);
    const CommandLine cli = CommandLine::parseOrExit(QApplication::arguments(), rawArguments);
    qCInfo(lcApp).noquote() << "user" << cli.name << "room" << cli.room << "dialect" << cli.dialect
                            << "profile" << cli.profileId;

    QSettings settings;
    if (!cli.profileId.isEmpty() && !ServerProfile::load(settings, cli.profileId)) {
        CommandLine::exitWithError(
                QCoreApplication::translate("main", "there is no profile “%1” (known: %2)")
                        .arg(cli.profileId, ServerProfile::ids(settings).join(QLatin1String(", "))));
    }
    SystemNetworkMonitor network;

    // No --server: host parley-server in-process so a new user can chat at once.
    std::unique_ptr<ParleyServer> hosted;
    std::unique_ptr<HostedChat> hostedChat; // after hosted: goes first
    AppSession::Target target;
    target.server = cli.server;
    target.invite = cli.invite;
    target.name = cli.name;
    target.dialect = cli.dialect;
    target.profileId = cli.profileId;
    target.room = cli.room;
    target.roomGiven = cli.roomGiven;
    target.caCertificates = cli.caCertificates;
    if (target.server.isEmpty()) {
        // The hosted chat keeps its history on disk, like parley-server does, one database per
        // port so that two hosted chats on one machine never share a history.
        const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
            + QStringLiteral("/hosted-server");
        // Accounts for everyone who joins, by invitation ("Invite someone…" makes a link; the form
        // opens with its code), no anonymous guests.
        ServerSettings serverSettings;
        serverSettings.registration = ServerSettings::Registration::Invite;
        serverSettings.guests = false;
        if (QDir().mkpath(dataDir)) {
            serverSettings.databasePath = dataDir + QStringLiteral("/history-%1.sqlite").arg(cli.listenPort);
            // Files sent in the hosted chat live beside its history (docs/protocol.md, "Files").
            serverSettings.filesDirectory = dataDir + QStringLiteral("/files-%1").arg(cli.listenPort);
        }
        hosted = std::make_unique<ParleyServer>(serverSettings);
        bool listening = hosted->listen(cli.listenHost, cli.listenPort);
        if (!listening && !cli.listenPortGiven) {
            // The default port is taken (another Parley?): any free port will do, for a chat that
            // lasts as long as this window (its history would belong to no fixed address).
            qCInfo(lcApp) << "port" << cli.listenPort << "busy; hosting on a free port, history in memory";
            ServerSettings inMemory;
            inMemory.registration = serverSettings.registration;
            inMemory.guests = serverSettings.guests;
            hosted = std::make_unique<ParleyServer>(inMemory);
            target.persistent = false;
            listening = hosted->listen(cli.listenHost, 0);
        }
        if (!listening) {
            const QString text = QCoreApplication::translate("main", "Parley could not host a chat server on %1:%2: %3")
                                     .arg(cli.listenHost.toString())
                                     .arg(cli.listenPort)
                                     .arg(hosted->errorString());
            qCWarning(lcApp).noquote() << text;
            QMessageBox::critical(nullptr, QCoreApplication::translate("main", "Parley"), text);
            return 1;
        }
        // Join our own server over loopback, whatever interface it listens on.
        const QHostAddress h = cli.listenHost;
        const bool anyAddress = (h == QHostAddress::Any || h == QHostAddress::AnyIPv4 || h == QHostAddress::AnyIPv6);
        target.server.setScheme(QStringLiteral("ws"));
        target.server.setHost(anyAddress ? QStringLiteral("127.0.0.1") : h.toString());
        target.server.setPort(hosted->port());
        // Known by the port asked for: the rooms and history of this chat come back next time.
        target.identity = target.server;
        target.identity.setPort(cli.listenPort);
        target.dialect = QStringLiteral("parley"); // our own server: nothing to find out
        target.hostedUrl = CommandLine::addressForOthers(cli.listenHost, hosted->port());
        // The person at this computer is the chat's administrator, signed in without a form.
        target.token = hosted->localSignIn(CommandLine::localUsername(cli.name), cli.name);
        hostedChat = std::make_unique<HostedChat>(hosted.get(), cli.listenHost);
        target.hosted = hostedChat.get();
        if (target.token.isEmpty())
            qCWarning(lcApp).noquote() << "could not sign in to the hosted chat:" << hosted->accountsError();
        qCInfo(lcApp).noquote() << "hosting parley-server on" << h.toString() << "port" << hosted->port();
    }

    // One session per server; "Connect to server…" replaces it (the hosted server keeps running
    // for whoever else is in it).
    std::unique_ptr<AppSession> session;
    std::function<void(const ConnectDialog::Choice &)> switchTo;
    auto startSession = [&](const AppSession::Target &t, const QRect &geometry) {
        auto next = std::make_unique<AppSession>(&settings, &network);
        QObject::connect(next.get(), &AppSession::connectRequested, &app,
                         [&switchTo](const ConnectDialog::Choice &choice) {
                             // Not from inside the old window's signal: it is about to go.
                             QMetaObject::invokeMethod(qApp, [&switchTo, choice] { switchTo(choice); },
                                                       Qt::QueuedConnection);
                         });
        next->start(t, geometry);
        session = std::move(next); // the previous session (if any) goes after the new one is up
    };
    switchTo = [&](const ConnectDialog::Choice &choice) {
        AppSession::Target t;
        t.server = choice.server;
        t.name = choice.name.isEmpty() ? cli.name : choice.name;
        t.dialect = choice.dialect;
        t.profileId = choice.profileId;
        t.room = cli.room;
        t.caCertificates = cli.caCertificates;
        if (hosted && choice.server.port() == hosted->port()
            && (choice.server.host() == QLatin1String("127.0.0.1") || choice.server.host() == QLatin1String("localhost"))) {
            t.identity = target.identity; // back to our own chat
            t.persistent = target.persistent;
            t.token = target.token;
            t.hosted = target.hosted;
            t.hostedUrl = hostedChat->addressForOthers(); // shared on the network since, perhaps
        }
        const QRect geometry = session && session->window() ? session->window()->geometry() : QRect();
        qCInfo(lcApp).noquote() << "switching to" << t.server.toDisplayString();
        startSession(t, geometry);
    };
    startSession(target, {});

    const int rc = QApplication::exec();
    session.reset();
    return rc;
}
