// Parley desktop: command line, settings, wiring. Nothing else lives here.
#include "chatclient.h"
#include "chatwindow.h"
#include "commandline.h"
#include "connectorsettings.h"
#include "languageloader.h"
#include "logging.h"
#include "messagemodel.h"
#include "parleyserver.h"
#include "systemnetworkmonitor.h"

#include <QApplication>
#include <QDir>
#include <QStandardPaths>
#include <QMessageBox>
#include <QSettings>

int main(int argc, char *argv[])
{
    const QStringList rawArguments = CommandLine::rawArguments(argc, argv);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Parley"));
    QApplication::setOrganizationName(QStringLiteral("Parley"));
    QApplication::setApplicationVersion(QStringLiteral(PARLEY_VERSION));

    LanguageLoader::install(&app, CommandLine::peekValue(rawArguments, QStringLiteral("lang")));
    const CommandLine cli = CommandLine::parseOrExit(QApplication::arguments(), rawArguments);
    qCInfo(lcApp).noquote() << "user" << cli.name << "room" << cli.room;

    QSettings settings;
    ChatClient client;
    client.setSettings(ConnectorSettings::fromSettings(settings));
    client.setUserName(cli.name);
    SystemNetworkMonitor network;
    client.setNetworkMonitor(&network);

    // No --server: host parley-server in-process so a new user can chat at once.
    std::unique_ptr<ParleyServer> hosted;
    QUrl serverUrl = cli.server;
    if (serverUrl.isEmpty()) {
        // The hosted chat keeps its history on disk, like parley-server does.
        ServerSettings serverSettings;
        const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
            + QStringLiteral("/hosted-server");
        if (QDir().mkpath(dataDir))
            serverSettings.databasePath = dataDir + QStringLiteral("/history.sqlite");
        hosted = std::make_unique<ParleyServer>(serverSettings);
        bool listening = hosted->listen(cli.listenHost, cli.listenPort);
        if (!listening && !cli.listenPortGiven) {
            // The default port is taken (another Parley?): any free port will do.
            qCInfo(lcApp) << "port" << cli.listenPort << "busy; hosting on a free port instead";
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
        serverUrl.setScheme(QStringLiteral("ws"));
        serverUrl.setHost(anyAddress ? QStringLiteral("127.0.0.1") : h.toString());
        serverUrl.setPort(hosted->port());
        qCInfo(lcApp).noquote() << "hosting parley-server on" << h.toString() << "port" << hosted->port();
    }

    MessageModel model(cli.room);
    model.connectClient(&client);
    client.joinRoom(cli.room);

    ChatWindow window(&client, &model);
    if (hosted)
        window.setHostedServer(CommandLine::addressForOthers(cli.listenHost, hosted->port()));
    window.show();
    client.connectToServer(serverUrl);

    const int rc = QApplication::exec();
    client.disconnectFromServer();
    return rc;
}
