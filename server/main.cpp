// parley-server: command line around ParleyServer. Nothing else lives here.

#include "logging.h"
#include "parleyserver.h"
#include "historycopy.h"
#include "redislink.h"
#include "servertls.h"
#include "sqlconnection.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostInfo>
#include <QStandardPaths>
#include <QTextStream>
#include <QUrl>
#include <QUrlQuery>

#ifdef Q_OS_UNIX
#include <QSocketNotifier>
#include <csignal>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>
#endif

#include <cstdio>
#include <optional>

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

//! The first line of \a device without its line end; nullopt when it holds no line at all.
std::optional<QString> firstLine(QIODevice &device)
{
    const QByteArray line = device.readLine(4 * PasswordHasher::kDefaultMaxPasswordBytes);
    if (line.isEmpty())
        return std::nullopt;
    QString text = QString::fromUtf8(line);
    while (text.endsWith(QLatin1Char('\n')) || text.endsWith(QLatin1Char('\r')))
        text.chop(1);
    return text;
}

#ifdef Q_OS_UNIX
//! Turns the terminal's echo off while it lives (a password typed is not shown).
class EchoOff
{
public:
    EchoOff()
    {
        m_active = ::tcgetattr(STDIN_FILENO, &m_saved) == 0;
        if (m_active) {
            termios quiet = m_saved;
            quiet.c_lflag &= ~tcflag_t(ECHO);
            ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        }
    }
    ~EchoOff()
    {
        if (m_active)
            ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &m_saved);
    }
    EchoOff(const EchoOff &) = delete;
    EchoOff &operator=(const EchoOff &) = delete;

private:
    termios m_saved{};
    bool m_active = false;
};
#endif

//! The new administrator's password: the first line of \a passwordFile, else of standard input
//! (asked twice, without echo, on a terminal). Never from the command line, where other users
//! of the machine could read it. nullopt, with \a error, when there is none.
std::optional<QString> readPassword(const QString &passwordFile, const QString &name, QString *error)
{
    if (!passwordFile.isEmpty()) {
        QFile file(passwordFile);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = tr("cannot read the password file %1: %2")
                             .arg(QDir::toNativeSeparators(passwordFile), file.errorString());
            return std::nullopt;
        }
        const std::optional<QString> password = firstLine(file);
        if (!password)
            *error = tr("the password file %1 is empty").arg(QDir::toNativeSeparators(passwordFile));
        return password;
    }
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly)) {
        *error = tr("cannot read the password from standard input");
        return std::nullopt;
    }
#ifdef Q_OS_UNIX
    if (::isatty(STDIN_FILENO)) {
        QTextStream prompt(stderr);
        std::optional<QString> first;
        std::optional<QString> second;
        {
            const EchoOff quiet;
            prompt << tr("Password for %1: ").arg(name) << Qt::flush;
            first = firstLine(in);
            prompt << Qt::endl << tr("The same password again: ") << Qt::flush;
            second = firstLine(in);
            prompt << Qt::endl;
        }
        if (first != second) {
            *error = tr("the two passwords differ");
            return std::nullopt;
        }
        return first;
    }
#else
    Q_UNUSED(name)
#endif
    const std::optional<QString> password = firstLine(in);
    if (!password)
        *error = tr("no password on standard input (or give --password-file)");
    return password;
}

//! --create-admin: makes the administrator \a name on \a server's accounts and says so (never
//! the password). 0 on success.
int createAdmin(ParleyServer &server, const QString &name, const QString &passwordFile)
{
    QString error;
    const std::optional<QString> password = readPassword(passwordFile, name, &error);
    if (!password)
        return fail(error);
    const AccountStore::Result<AccountStore::Account> made =
            server.accounts()->createAccount(name, name, *password, true);
    if (!made.ok())
        return fail(tr("cannot create the administrator %1: %2").arg(name, made.error));
    QTextStream(stdout) << tr("created administrator %1 (id %2)").arg(made.value.username).arg(made.value.id)
                        << Qt::endl;
    return 0;
}

//! --create-invite: an invite code for \a uses sign-ups and the link that carries it to a
//! client of the server at \a host:\a port. 0 on success.
int createInvite(ParleyServer &server, int uses, const QHostAddress &host, quint16 port)
{
    const AccountStore::Result<AccountStore::Invite> invite =
            server.createInvite(uses, server.settings().inviteLifetime);
    if (!invite.ok())
        return fail(tr("cannot create an invite: %1").arg(invite.error));
    QUrl link;
    // parley:// means ws://; a server with its own TLS is reached (and invited to) by wss://.
    link.setScheme(server.settings().isSecure() ? QStringLiteral("wss") : QStringLiteral("parley"));
    // An address that means "every interface" is nothing a client can reach: name the machine.
    link.setHost(host == QHostAddress::AnyIPv4 || host == QHostAddress::AnyIPv6 || host == QHostAddress::Any
                         ? QHostInfo::localHostName()
                         : host.toString());
    link.setPort(port);
    link.setPath(QStringLiteral("/"));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("invite"), invite.value.code);
    link.setQuery(query);
    QTextStream out(stdout);
    out << QCoreApplication::translate("parley-server", "invite code: %1 (%n sign-up(s), until %2)",
                                       nullptr, uses)
                    .arg(invite.value.code,
                         QDateTime::fromMSecsSinceEpoch(invite.value.expiresMs).toString(Qt::ISODate))
        << Qt::endl;
    out << tr("link: %1").arg(link.toString(QUrl::FullyEncoded)) << Qt::endl;
    return 0;
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
            tr("Parley chat server: Socket.IO 5 (Engine.IO 4) over websocket.\n"
               "Clients connect to ws://HOST:PORT/socket.io/?EIO=4&transport=websocket, or to\n"
               "wss://… with --tls-cert and --tls-key (or behind a TLS proxy: see the README).\n"
               "Message history (per-room sequence numbers, de-duplication of resent messages) is\n"
               "kept in DATA/history.sqlite (SQLite, WAL) and survives restarts, with the accounts.\n"
               "Every client signs in (a password, a token, or as a guest with --guests); new\n"
               "accounts need an invite unless --registration open. Make the first administrator\n"
               "with --create-admin NAME (password on standard input) and invites with\n"
               "--create-invite [USES].\n"
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
    const QCommandLineOption registrationOption(
            QStringLiteral("registration"),
            tr("Who may create an account: \"open\" (anybody), \"invite\" (with an invite code) or "
               "\"closed\" (only --create-admin). Default: invite."),
            tr("policy"), QStringLiteral("invite"));
    const QCommandLineOption guestsOption(
            QStringLiteral("guests"),
            tr("Let clients in without an account, as guests with a server-assigned id (their "
               "name is marked as a guest's). Default: off."));
    const QCommandLineOption createAdminOption(
            QStringLiteral("create-admin"),
            tr("Create the administrator account NAME, then exit. The password is the first line "
               "of standard input (asked for on a terminal) or of --password-file."),
            tr("name"));
    const QCommandLineOption passwordFileOption(
            QStringLiteral("password-file"),
            tr("With --create-admin: read the password from the first line of this file."),
            tr("file"));
    const QCommandLineOption maxTextLengthOption(
            QStringLiteral("max-text-length"),
            tr("Longest chat message accepted, in characters (UTF-16 code units, as JavaScript "
               "counts them), 1-%1; a longer one is refused with \"text too long\". "
               "Default: %2.")
                    .arg(ServerSettings::kLargestMaxTextLength)
                    .arg(defaults.maxTextLength),
            tr("chars"), QString::number(defaults.maxTextLength));
    const QCommandLineOption maxFileSizeOption(
            QStringLiteral("max-file-size"),
            tr("Largest file one may send, in MiB (with --data). Default: %1.").arg(defaults.maxFileSize >> 20),
            tr("MiB"), QString::number(defaults.maxFileSize >> 20));
    const QCommandLineOption fileQuotaOption(
            QStringLiteral("file-quota"),
            tr("What one account may keep stored, in MiB (with --data). Default: %1.").arg(defaults.fileQuota >> 20),
            tr("MiB"), QString::number(defaults.fileQuota >> 20));
    const qint64 hourMs = 3600 * 1000;
    const QCommandLineOption editWindowOption(
            QStringLiteral("edit-window-hours"),
            tr("How many hours after posting a message its sender may still edit it; 0: no limit. "
               "Default: %1.")
                    .arg(defaults.editWindow.count() / hourMs),
            tr("hours"), QString::number(defaults.editWindow.count() / hourMs));
    const QCommandLineOption createInviteOption(
            QStringLiteral("create-invite"),
            tr("Print a new invite code for USES sign-ups (the argument after the options, "
               "default 1; valid %1 days) and a parley:// link carrying it, then exit.")
                    .arg(defaults.inviteLifetime.count() / (24 * 3600 * 1000)));
    const QCommandLineOption tlsCertOption(
            QStringLiteral("tls-cert"),
            tr("Serve wss:// with this certificate (PEM; the server's certificate first, then any "
               "intermediates). Needs --tls-key."),
            tr("file"));
    const QCommandLineOption tlsKeyOption(
            QStringLiteral("tls-key"),
            tr("The private key of --tls-cert (PEM, RSA or EC, without a passphrase)."), tr("file"));
    // Hostile clients (docs/security.md): the limits an operator most often wants to change.
    const QCommandLineOption connectionsOption(
            QStringLiteral("max-connections-per-address"),
            tr("Websockets one address (IPv6: /64) may hold at once. Default: %1.")
                    .arg(defaults.maxConnectionsPerAddress),
            tr("n"), QString::number(defaults.maxConnectionsPerAddress));
    const QCommandLineOption roomsOption(
            QStringLiteral("max-rooms-per-account"),
            tr("Rooms one account's sessions may be in at once. Default: %1.")
                    .arg(defaults.maxRoomsPerAccount),
            tr("n"), QString::number(defaults.maxRoomsPerAccount));
    const QCommandLineOption messageRateOption(
            QStringLiteral("messages-per-second"),
            tr("Room messages one session may send per second (bursts of ten times as many). "
               "Default: %1.").arg(defaults.messageRate.perSecond),
            tr("n"), QString::number(defaults.messageRate.perSecond));
    const QCommandLineOption queuedOption(
            QStringLiteral("max-queued-mib"),
            tr("MiB of unsent data all clients together may have queued; above it the slowest "
               "readers are dropped. Default: %1.").arg(defaults.maxOutgoingTotal >> 20),
            tr("n"), QString::number(defaults.maxOutgoingTotal >> 20));
    const QCommandLineOption databaseOption(
            QStringLiteral("database"),
            tr("Keep history and accounts in this PostgreSQL database instead of %1 in --data, "
               "e.g. postgresql://parley@db.example/parley (a cluster's nodes share one; the "
               "password belongs in ~/.pgpass or PGPASSWORD, not here; docs/deploy.md).")
                    .arg(kHistoryFileName),
            tr("url"));
    const QCommandLineOption redisOption(
            QStringLiteral("redis"),
            tr("Carry live events to the other nodes of a cluster through this Redis, e.g. "
               "redis://10.0.0.5:6379 (with --database; docs/deploy.md). Default: a single server."),
            tr("url"));
    const QCommandLineOption importOption(
            QStringLiteral("import-sqlite"),
            tr("Copy the history and accounts of this parley-server SQLite file into the empty "
               "--database, check the copy (rows, every room's seqs) and exit (docs/deploy.md)."),
            tr("file"));
    const QCommandLineOption adminOption(
            QStringLiteral("admin"),
            tr("Serve /healthz, /readyz and /metrics (Prometheus) over HTTP on HOST:PORT, for load "
               "balancers and monitoring; keep it on a private address. Default: off."),
            tr("host:port"));
    parser.addOptions({hostOption, portOption, pingIntervalOption, pingTimeoutOption, dataOption,
                       databaseOption, redisOption, importOption, adminOption,
                       registrationOption, guestsOption, maxTextLengthOption, editWindowOption,
                       createAdminOption,
                       passwordFileOption, createInviteOption, tlsCertOption, tlsKeyOption,
                       connectionsOption, roomsOption, messageRateOption, queuedOption,
                       maxFileSizeOption, fileQuotaOption});
    parser.addPositionalArgument(QStringLiteral("uses"),
                                 tr("With --create-invite: how many sign-ups the invite allows."),
                                 QStringLiteral("[uses]"));
    parser.process(app);

    const bool makeInvite = parser.isSet(createInviteOption);
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > (makeInvite ? 1 : 0))
        return fail(tr("unexpected argument: %1").arg(positional.constLast()));
    int inviteUses = 1;
    if (makeInvite && !positional.isEmpty()) {
        bool usesOk = false;
        inviteUses = positional.constFirst().toInt(&usesOk);
        if (!usesOk || inviteUses <= 0)
            return fail(tr("invalid number of uses \"%1\": expected a positive number")
                                .arg(positional.constFirst()));
    }
    if (parser.isSet(passwordFileOption) && !parser.isSet(createAdminOption))
        return fail(tr("--password-file goes with --create-admin"));

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

    // Stricter than the library's defaults (a server hosted in an app or a test): a server on
    // the network takes new people by invite and lets nobody in without an account.
    ServerSettings settings;
    settings.guests = parser.isSet(guestsOption);
    const QString registration = parser.value(registrationOption).toLower();
    if (registration == QLatin1String("open"))
        settings.registration = ServerSettings::Registration::Open;
    else if (registration == QLatin1String("invite"))
        settings.registration = ServerSettings::Registration::Invite;
    else if (registration == QLatin1String("closed"))
        settings.registration = ServerSettings::Registration::Closed;
    else
        return fail(tr("invalid --registration \"%1\": expected open, invite or closed")
                            .arg(parser.value(registrationOption)));
    if (!parseMs(parser.value(pingIntervalOption), &settings.pingInterval))
        return fail(tr("invalid --ping-interval \"%1\": expected a positive number of milliseconds")
                            .arg(parser.value(pingIntervalOption)));
    if (!parseMs(parser.value(pingTimeoutOption), &settings.pingTimeout))
        return fail(tr("invalid --ping-timeout \"%1\": expected a positive number of milliseconds")
                            .arg(parser.value(pingTimeoutOption)));

    bool maxTextOk = false;
    settings.maxTextLength = parser.value(maxTextLengthOption).toLongLong(&maxTextOk);
    if (!maxTextOk || settings.maxTextLength <= 0
        || settings.maxTextLength > ServerSettings::kLargestMaxTextLength)
        return fail(tr("invalid --max-text-length \"%1\": expected 1-%2 characters")
                            .arg(parser.value(maxTextLengthOption))
                            .arg(ServerSettings::kLargestMaxTextLength));
    bool fileSizeOk = false;
    bool quotaOk = false;
    const qint64 maxFileMiB = parser.value(maxFileSizeOption).toLongLong(&fileSizeOk);
    const qint64 quotaMiB = parser.value(fileQuotaOption).toLongLong(&quotaOk);
    constexpr qint64 kLargestMiB = qint64(1) << 30; // a pebibyte: far beyond any disk here
    if (!fileSizeOk || maxFileMiB <= 0 || maxFileMiB > kLargestMiB)
        return fail(tr("invalid --max-file-size \"%1\": expected a number of MiB").arg(parser.value(maxFileSizeOption)));
    if (!quotaOk || quotaMiB <= 0 || quotaMiB > kLargestMiB)
        return fail(tr("invalid --file-quota \"%1\": expected a number of MiB").arg(parser.value(fileQuotaOption)));
    settings.maxFileSize = maxFileMiB << 20;
    settings.fileQuota = quotaMiB << 20;
    bool editWindowOk = false;
    const int editWindowHours = parser.value(editWindowOption).toInt(&editWindowOk);
    if (!editWindowOk || editWindowHours < 0)
        return fail(tr("invalid --edit-window-hours \"%1\": expected 0 (no limit) or a number of hours")
                            .arg(parser.value(editWindowOption)));
    settings.editWindow = std::chrono::milliseconds(editWindowHours * hourMs);
    if (parser.isSet(tlsCertOption) != parser.isSet(tlsKeyOption))
        return fail(tr("--tls-cert and --tls-key go together"));
    if (parser.isSet(tlsCertOption)) {
        QString error;
        QString warning;
        const std::optional<QSslConfiguration> tls =
                ServerTls::load(parser.value(tlsCertOption), parser.value(tlsKeyOption), &error, &warning);
        if (!tls)
            return fail(tr("cannot serve TLS: %1").arg(error));
        if (!warning.isEmpty())
            QTextStream(stderr) << QCoreApplication::applicationName() << ": " << tr("warning: %1").arg(warning)
                                << Qt::endl;
        settings.tls = *tls;
    }
    // A positive whole number for a limit, or 0 (and the error said) when it is not.
    const auto positive = [&parser](const QCommandLineOption &option) -> int {
        bool ok = false;
        const int n = parser.value(option).toInt(&ok);
        return ok && n > 0 ? n : 0;
    };
    const auto badLimit = [&parser](const QCommandLineOption &option) {
        return fail(tr("invalid --%1 \"%2\": expected a positive number")
                            .arg(option.names().constFirst(), parser.value(option)));
    };
    if (!(settings.maxConnectionsPerAddress = positive(connectionsOption)))
        return badLimit(connectionsOption);
    if (!(settings.maxRoomsPerAccount = positive(roomsOption)))
        return badLimit(roomsOption);
    if (const int rate = positive(messageRateOption))
        settings.messageRate = {double(rate), 10.0 * rate};
    else
        return badLimit(messageRateOption);
    if (const int mib = positive(queuedOption))
        settings.maxOutgoingTotal = qint64(mib) << 20;
    else
        return badLimit(queuedOption);

    const QString dataDir = parser.value(dataOption);
    if (dataDir.isEmpty())
        return fail(tr("invalid --data \"\": expected a directory"));
    if (!QDir().mkpath(dataDir))
        return fail(tr("cannot create the data directory %1").arg(QDir::toNativeSeparators(dataDir)));
    settings.databasePath = QFileInfo(QDir(dataDir), kHistoryFileName).absoluteFilePath();
    if (parser.isSet(databaseOption)) {
        settings.databasePath = parser.value(databaseOption);
        if (!SqlConnection::isPostgresLocation(settings.databasePath))
            return fail(tr("invalid --database \"%1\": expected postgresql://…")
                                .arg(SqlConnection::displayLocation(settings.databasePath)));
    }
    if (parser.isSet(redisOption)) {
        QString host;
        quint16 redisPort = 0;
        QString why;
        if (!RedisLink::parseUrl(QUrl(parser.value(redisOption)), &host, &redisPort, &why))
            return fail(tr("invalid --redis \"%1\": %2").arg(parser.value(redisOption), why));
        if (!SqlConnection::isPostgresLocation(settings.databasePath))
            return fail(tr("--redis needs --database: the nodes of a cluster share one PostgreSQL database"));
        settings.redisUrl = parser.value(redisOption);
    }
    if (parser.isSet(importOption)) {
        if (!SqlConnection::isPostgresLocation(settings.databasePath))
            return fail(tr("--import-sqlite needs --database: the PostgreSQL database to copy into"));
        const HistoryCopy::Result copied = HistoryCopy::copy(parser.value(importOption), settings.databasePath);
        if (!copied.ok)
            return fail(tr("import failed, nothing was copied: %1").arg(copied.error));
        for (const HistoryCopy::Table &table : copied.tables)
            QTextStream(stdout) << "parley-server import: " << table.name << ' ' << table.rows << Qt::endl;
        QTextStream(stdout) << "parley-server import: checked " << copied.rooms
                            << " rooms (rows and seqs the same on both sides)" << Qt::endl;
        return 0;
    }
    const QString databaseShown = SqlConnection::isPostgresLocation(settings.databasePath)
            ? SqlConnection::displayLocation(settings.databasePath)
            : QDir::toNativeSeparators(settings.databasePath);
    settings.filesDirectory = QFileInfo(QDir(dataDir), QStringLiteral("files")).absoluteFilePath();

    ParleyServer server(settings);
    if (!server.isHistoryOpen()) {
        return fail(tr("cannot open the history database %1: %2")
                            .arg(databaseShown, server.historyError()));
    }
    if (!server.isAccountsOpen()) {
        return fail(tr("cannot open the accounts in %1: %2")
                            .arg(databaseShown, server.accountsError()));
    }
    if (parser.isSet(createAdminOption) || makeInvite) {
        if (parser.isSet(createAdminOption)) {
            const int status = createAdmin(server, parser.value(createAdminOption),
                                           parser.value(passwordFileOption));
            if (status != 0)
                return status;
        }
        return makeInvite ? createInvite(server, inviteUses, address, quint16(port)) : 0;
    }
    QTextStream(stdout) << "parley-server data: " << databaseShown << Qt::endl;
    if (!server.listen(address, static_cast<quint16>(port))) {
        return fail(tr("cannot listen on %1 port %2: %3")
                            .arg(address.toString())
                            .arg(port)
                            .arg(server.errorString()));
    }
    if (parser.isSet(adminOption)) {
        const QString spec = parser.value(adminOption).trimmed();
        const qsizetype colon = spec.lastIndexOf(QLatin1Char(':'));
        bool portOk = false;
        const int adminPort = colon > 0 ? spec.mid(colon + 1).toInt(&portOk) : 0;
        QHostAddress adminAddress;
        QString adminHost = spec.left(colon);
        if (adminHost.startsWith(QLatin1Char('[')) && adminHost.endsWith(QLatin1Char(']')))
            adminHost = adminHost.mid(1, adminHost.size() - 2);
        if (colon <= 0 || !portOk || adminPort < 0 || adminPort > 65535 || !adminAddress.setAddress(adminHost))
            return fail(tr("invalid --admin \"%1\": expected an IP address and a port, e.g. 127.0.0.1:9187").arg(spec));
        if (!server.listenAdmin(adminAddress, quint16(adminPort)))
            return fail(tr("cannot serve --admin on %1: %2").arg(spec, server.adminError()));
        QTextStream(stdout) << "parley-server admin: http://" << spec.left(colon) << ':' << server.adminPort()
                            << "/healthz, /readyz, /metrics" << Qt::endl;
    }
#ifdef Q_OS_UNIX
    installTerminationHandler(&server);
#endif
    QTextStream(stdout) << "parley-server registration " << registration << ", guests "
                        << (settings.guests ? "on" : "off") << ", messages up to "
                        << settings.maxTextLength << " characters" << Qt::endl;
    QTextStream(stdout) << "parley-server limits: " << settings.maxConnectionsPerAddress
                        << " connections per address, " << settings.maxRoomsPerAccount
                        << " rooms per account, " << settings.messageRate.perSecond
                        << " messages per second, " << (settings.maxOutgoingTotal >> 20)
                        << " MiB queued" << Qt::endl;
    if (!settings.filesDirectory.isEmpty())
        QTextStream(stdout) << "parley-server files: up to " << (settings.maxFileSize >> 20) << " MiB each, "
                            << (settings.fileQuota >> 20) << " MiB per account, in "
                            << QDir::toNativeSeparators(settings.filesDirectory) << Qt::endl;
    if (settings.editWindow.count() > 0)
        QTextStream(stdout) << "parley-server edits: within " << editWindowHours << " hours of posting"
                            << Qt::endl;
    else
        QTextStream(stdout) << "parley-server edits: no time limit" << Qt::endl;
    QTextStream(stdout) << "parley-server listening on " << server.url().toString() << Qt::endl;
    return QCoreApplication::exec();
}
