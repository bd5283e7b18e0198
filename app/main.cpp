// Parley desktop: command line, settings, wiring. Nothing else lives here.
#include "chatclient.h"
#include "chatwindow.h"
#include "commandline.h"
#include "connectorsettings.h"
#include "languageloader.h"
#include "logging.h"
#include "messagemodel.h"
#include "messagestore.h"
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
    bool persistent = true; // whether this chat's history lives on disk (client and server side)
    if (serverUrl.isEmpty()) {
        // The hosted chat keeps its history on disk, like parley-server does, one database per
        // port so that two hosted chats on one machine never share a history.
        const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
            + QStringLiteral("/hosted-server");
        ServerSettings serverSettings;
        if (QDir().mkpath(dataDir))
            serverSettings.databasePath = dataDir + QStringLiteral("/history-%1.sqlite").arg(cli.listenPort);
        hosted = std::make_unique<ParleyServer>(serverSettings);
        bool listening = hosted->listen(cli.listenHost, cli.listenPort);
        if (!listening && !cli.listenPortGiven) {
            // The default port is taken (another Parley?): any free port will do, for a chat that
            // lasts as long as this window (its history would belong to no fixed address).
            qCInfo(lcApp) << "port" << cli.listenPort << "busy; hosting on a free port, history in memory";
            hosted = std::make_unique<ParleyServer>(ServerSettings{});
            persistent = false;
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

    // Outbox and history on disk, one database per server and user: nothing typed is lost.
    MessageStore store;
    MessageModel model(cli.room);
    if (persistent) {
        QUrl storeKey = serverUrl;
        if (hosted)
            storeKey.setPort(cli.listenPort);
        if (store.open(MessageStore::defaultPath(storeKey, cli.name))) {
            qCInfo(lcApp).noquote() << "local history:" << store.path();
            client.setStore(&store);
            model.setStore(&store);
        } else {
            qCWarning(lcApp).noquote() << "local history unavailable, keeping messages in memory:"
                                       << store.errorString();
        }
    }
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
