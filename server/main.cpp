// parley-server: command line around ParleyServer. Nothing else lives here.

#include "logging.h"
#include "parleyserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTextStream>

#ifdef Q_OS_UNIX
#include <QSocketNotifier>
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>
#endif

#include <cstdio>

namespace {

//! The history database's file name inside the data directory.
const QLatin1String kHistoryFileName("history.sqlite");

QString tr(const char *text)
{
    return QCoreApplication::translate("parley-server", text);
}

int fail(const QString &message)
{
    QTextStream(stderr) << QCoreApplication::applicationName() << ": " << message << Qt::endl;
    return 1;
}

//! Parses a positive number of milliseconds; false when \a text is not one.
bool parseMs(const QString &text, std::chrono::milliseconds *out)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value <= 0)
        return false;
    *out = std::chrono::milliseconds(value);
    return true;
}

#ifdef Q_OS_UNIX
int signalPipe[2] = {-1, -1};

extern "C" void onTerminationSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(signalPipe[1], &byte, 1);
}

//! Turns SIGINT/SIGTERM into a clean shutdown through the event loop (self-pipe trick): the
//! handler only writes a byte; the notifier closes the server and quits outside signal context.
void installTerminationHandler(ParleyServer *server)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0)
        return;
    auto *notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, server);
    QObject::connect(notifier, &QSocketNotifier::activated, server, [server, notifier] {
        notifier->setEnabled(false);
        char byte = 0;
        [[maybe_unused]] const ssize_t got = ::read(signalPipe[0], &byte, 1);
        qCInfo(lcServer) << "termination signal: shutting down";
        server->close();
        QCoreApplication::quit();
    });
    struct sigaction action = {};
    action.sa_handler = onTerminationSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}
#endif

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("parley-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PARLEY_VERSION));

    const ServerSettings defaults;
    QCommandLineParser parser;
    parser.setApplicationDescription(
            tr("Parley chat server: Socket.IO 5 (Engine.IO 4) over plain websocket.\n"
               "Clients connect to ws://HOST:PORT/socket.io/?EIO=4&transport=websocket.\n"
               "Message history (per-room sequence numbers, de-duplication of resent messages) is\n"
               "kept in DATA/history.sqlite (SQLite, WAL) and survives restarts.\n"
               "Logging: QT_LOGGING_RULES=\"parley.server.debug=true\" shows every request."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption hostOption(
            QStringLiteral("host"),
            tr("Address to listen on (IPv4 or IPv6 literal, or \"localhost\"; 0.0.0.0 for all). "
               "Default: 127.0.0.1."),
            tr("address"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption portOption(
            QStringLiteral("port"), tr("TCP port to listen on; 0 picks a free one. Default: 8787."),
            tr("port"), QStringLiteral("8787"));
    const QCommandLineOption pingIntervalOption(
            QStringLiteral("ping-interval"),
            tr("Milliseconds between the server's Engine.IO pings. Default: %1.")
                    .arg(defaults.pingInterval.count()),
            tr("ms"), QString::number(defaults.pingInterval.count()));
    const QCommandLineOption pingTimeoutOption(
            QStringLiteral("ping-timeout"),
            tr("Milliseconds a client has to answer a ping before it is dropped. Default: %1.")
                    .arg(defaults.pingTimeout.count()),
            tr("ms"), QString::number(defaults.pingTimeout.count()));
    const QString defaultDataDir =
            QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    const QCommandLineOption dataOption(
            QStringLiteral("data"),
            tr("Directory for the message history (%1 inside it); created if missing. "
               "Default: %2.")
                    .arg(kHistoryFileName, defaultDataDir),
            tr("dir"), defaultDataDir);
    parser.addOptions({hostOption, portOption, pingIntervalOption, pingTimeoutOption, dataOption});
    parser.process(app);

    if (!parser.positionalArguments().isEmpty())
        return fail(tr("unexpected argument: %1").arg(parser.positionalArguments().constFirst()));

    const QString host = parser.value(hostOption);
    QHostAddress address;
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        address = QHostAddress(QHostAddress::LocalHost);
    else if (!address.setAddress(host))
        return fail(tr("invalid --host \"%1\": expected an IP address such as 127.0.0.1 or ::1")
                            .arg(host));

    bool portOk = false;
    const uint port = parser.value(portOption).toUInt(&portOk);
    if (!portOk || port > 65535)
        return fail(tr("invalid --port \"%1\": expected 0-65535").arg(parser.value(portOption)));

    ServerSettings settings;
    if (!parseMs(parser.value(pingIntervalOption), &settings.pingInterval))
        return fail(tr("invalid --ping-interval \"%1\": expected a positive number of milliseconds")
                            .arg(parser.value(pingIntervalOption)));
    if (!parseMs(parser.value(pingTimeoutOption), &settings.pingTimeout))
        return fail(tr("invalid --ping-timeout \"%1\": expected a positive number of milliseconds")
                            .arg(parser.value(pingTimeoutOption)));

    const QString dataDir = parser.value(dataOption);
    if (dataDir.isEmpty())
        return fail(tr("invalid --data \"\": expected a directory"));
    if (!QDir().mkpath(dataDir))
        return fail(tr("cannot create the data directory %1").arg(QDir::toNativeSeparators(dataDir)));
    settings.databasePath = QFileInfo(QDir(dataDir), kHistoryFileName).absoluteFilePath();

    ParleyServer server(settings);
    if (!server.isHistoryOpen()) {
        return fail(tr("cannot open the history database %1: %2")
                            .arg(QDir::toNativeSeparators(settings.databasePath),
                                 server.historyError()));
    }
    QTextStream(stdout) << "parley-server data: "
                        << QDir::toNativeSeparators(settings.databasePath) << Qt::endl;
    if (!server.listen(address, static_cast<quint16>(port))) {
        return fail(tr("cannot listen on %1 port %2: %3")
                            .arg(address.toString())
                            .arg(port)
                            .arg(server.errorString()));
    }
#ifdef Q_OS_UNIX
    installTerminationHandler(&server);
#endif
    QTextStream(stdout) << "parley-server listening on " << server.url().toString() << Qt::endl;
    return QCoreApplication::exec();
}
