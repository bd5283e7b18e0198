#include "commandline.h"

#include "cafile.h"
#include "invitelink.h"
#include "websocketurl.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QNetworkInterface>
#include <QProcessEnvironment>
#include <QRegularExpression>

#include <cstdio>

namespace {
QString systemUserName()
{
    const auto env = QProcessEnvironment::systemEnvironment();
    QString name = env.value(QStringLiteral("USER"), env.value(QStringLiteral("USERNAME")));
    return name.isEmpty() ? QStringLiteral("me") : name;
}

//! Same rule as ServerProfile::isValidId() (the app links the connector, this file's test not).
bool isProfileId(const QString &id)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_-]{1,64}$"));
    return re.match(id).hasMatch();
}
} // namespace

void CommandLine::exitWithError(const QString &text)
{
    fprintf(stderr, "parley: %s\n", qPrintable(text));
    ::exit(1);
}

QStringList CommandLine::dialects()
{
    return {QStringLiteral("auto"), QStringLiteral("parley"), QStringLiteral("socketio"), QStringLiteral("raw")};
}

QString CommandLine::peekValue(const QStringList &arguments, const QString &option)
{
    const QString flag = QLatin1String("--") + option;
    const QString flagEq = flag + QLatin1Char('=');
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &a = arguments.at(i);
        if (a == flag && i + 1 < arguments.size())
            return arguments.at(i + 1);
        if (a.startsWith(flagEq))
            return a.mid(flagEq.size());
    }
    return {};
}

void CommandLine::hideNameFromQt(int *argc, char **argv)
{
    int kept = 1;
    bool options = true; // until "--": arguments after it are kept as they are
    for (int i = 1; i < *argc; ++i) {
        const QByteArray a(argv[i]);
        if (options && a == "--")
            options = false;
        if (options && a == "--name") {
            ++i; // and its value
            continue;
        }
        if (options && a.startsWith("--name="))
            continue;
        argv[kept++] = argv[i];
    }
    for (int i = kept; i < *argc; ++i)
        argv[i] = nullptr;
    *argc = kept;
}

QStringList CommandLine::rawArguments(int argc, char **argv)
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    return args;
}

bool CommandLine::parseListen(const QString &text, QHostAddress *host, quint16 *port)
{
    QString h;
    QString p = text;
    const int colon = int(text.lastIndexOf(QLatin1Char(':')));
    if (colon >= 0) {
        h = text.left(colon);
        p = text.mid(colon + 1);
    }
    if (h.startsWith(QLatin1Char('[')) && h.endsWith(QLatin1Char(']')))
        h = h.mid(1, h.size() - 2);
    bool ok = false;
    const uint n = p.toUInt(&ok);
    if (!ok || n > 65535)
        return false;
    QHostAddress addr = QHostAddress::LocalHost;
    if (h == QLatin1String("localhost"))
        addr = QHostAddress::LocalHost;
    else if (h == QLatin1String("*") || h == QLatin1String("0.0.0.0"))
        addr = QHostAddress::Any;
    else if (!h.isEmpty() && !addr.setAddress(h))
        return false;
    *host = addr;
    *port = quint16(n);
    return true;
}

QString CommandLine::localUsername(const QString &name)
{
    constexpr int kMaxLength = 32;
    QString out;
    const QString n = name.normalized(QString::NormalizationForm_KC).trimmed().toLower();
    for (const QChar c : n) {
        if (out.size() >= kMaxLength)
            break;
        if (c.isLetterOrNumber())
            out += c;
        else if ((c == QLatin1Char('.') || c == QLatin1Char('_') || c == QLatin1Char('-') || c.isSpace())
                 && !out.isEmpty() && !out.endsWith(QLatin1Char('.')))
            out += c.isSpace() ? QLatin1Char('.') : c;
    }
    while (out.endsWith(QLatin1Char('.')) || out.endsWith(QLatin1Char('_')) || out.endsWith(QLatin1Char('-')))
        out.chop(1);
    return out.size() >= 2 ? out : QStringLiteral("me");
}

QUrl CommandLine::addressForOthers(const QHostAddress &host, quint16 port)
{
    QHostAddress shown = host;
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4 || host == QHostAddress::AnyIPv6) {
        shown = QHostAddress(QHostAddress::LocalHost);
        const QList<QHostAddress> all = QNetworkInterface::allAddresses();
        for (const QHostAddress &a : all) {
            if (!a.isLoopback() && a.protocol() == QAbstractSocket::IPv4Protocol && !a.isLinkLocal()) {
                shown = a;
                break;
            }
        }
    }
    QUrl url;
    url.setScheme(QStringLiteral("ws"));
    url.setHost(shown.toString());
    url.setPort(port);
    return url;
}

CommandLineResult CommandLine::parse(const QStringList &arguments, const QStringList &rawArguments)
{
    CommandLineResult out;
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "CommandLine", "Parley, a desktop chat client. Without --server it hosts a chat server "
                       "on this computer and joins it, so you can start chatting at once."));
    const QCommandLineOption helpOpt = parser.addHelpOption();
    const QCommandLineOption versionOpt = parser.addVersionOption();
    const QCommandLineOption serverOpt(QStringLiteral("server"),
        QCoreApplication::translate("CommandLine", "Join the chat server at <url> (ws://host:port or wss://host:port) instead of hosting one."),
        QStringLiteral("url"));
    const QCommandLineOption listenOpt(QStringLiteral("listen"),
        QCoreApplication::translate("CommandLine", "Host the built-in server on <host:port> (default 127.0.0.1:%1; use 0.0.0.0:%1 to share it on your network).")
            .arg(kDefaultPort),
        QStringLiteral("host:port"));
    const QCommandLineOption nameOpt(QStringLiteral("name"),
        QCoreApplication::translate("CommandLine", "Your display name (default: your user name)."),
        QStringLiteral("name"));
    const QCommandLineOption roomOpt(QStringLiteral("room"),
        QCoreApplication::translate("CommandLine", "The room to show, joined if need be (default: the rooms joined last time, else lobby)."),
        QStringLiteral("room"), QStringLiteral("lobby"));
    const QCommandLineOption langOpt(QStringLiteral("lang"),
        QCoreApplication::translate("CommandLine", "User interface language, e.g. zh_CN or en (default: the system's)."),
        QStringLiteral("language"));
    const QCommandLineOption dialectOpt(QStringLiteral("dialect"),
        QCoreApplication::translate("CommandLine", "How to talk to the --server: auto (remembered, else detected), parley, socketio or raw (default: auto)."),
        QStringLiteral("dialect"), QStringLiteral("auto"));
    const QCommandLineOption profileOpt(QStringLiteral("profile"),
        QCoreApplication::translate("CommandLine", "Socket.IO server profile: classic, group, parley or one saved in “Connect to server…” (default: remembered for the server, else classic)."),
        QStringLiteral("id"));
    const QCommandLineOption caFileOpt(QStringLiteral("ca-file"),
        QCoreApplication::translate("CommandLine", "Also trust the certificate authorities in this file (PEM) for wss:// servers."),
        QStringLiteral("file"));
    parser.addOptions({serverOpt, listenOpt, nameOpt, roomOpt, langOpt, dialectOpt, profileOpt, caFileOpt});
    if (!parser.parse(arguments)) {
        out.error = parser.errorText();
        return out;
    }
    // addHelpOption() also adds --help-all (Qt's own options too).
    if (parser.isSet(helpOpt) || (parser.optionNames().contains(QLatin1String("help-all")))) {
        out.output = parser.helpText();
        return out;
    }
    if (parser.isSet(versionOpt)) {
        out.output = QCoreApplication::applicationName() + QLatin1Char(' ')
                   + QCoreApplication::applicationVersion() + QLatin1Char('\n');
        return out;
    }

    // One argument may be an invite link (how a desktop opens parley:// links).
    const QStringList positional = parser.positionalArguments();
    const std::optional<InviteLink::Invite> argumentInvite =
        positional.size() == 1 ? InviteLink::parse(positional.constFirst()) : std::nullopt;
    if (!positional.isEmpty() && !argumentInvite) {
        out.error = QCoreApplication::translate("CommandLine", "unexpected argument “%1” (see --help)")
                        .arg(positional.constFirst());
        return out;
    }

    CommandLine &c = out.options;
    const std::optional<InviteLink::Invite> serverInvite =
        parser.isSet(serverOpt) ? InviteLink::parse(parser.value(serverOpt)) : std::nullopt;
    if (argumentInvite && parser.isSet(serverOpt)) {
        out.error = QCoreApplication::translate("CommandLine", "an invite link and --server do not go together");
        return out;
    }
    if (const std::optional<InviteLink::Invite> invite = argumentInvite ? argumentInvite : serverInvite) {
        c.server = invite->server;
        c.invite = invite->code;
    } else if (parser.isSet(serverOpt)) {
        c.server = QUrl::fromUserInput(parser.value(serverOpt));
        if (!WebSocketUrl::isValid(c.server)) {
            out.error = QCoreApplication::translate("CommandLine", "--server wants a ws:// or wss:// address, not “%1”")
                            .arg(parser.value(serverOpt));
            return out;
        }
    }
    if (!c.server.isEmpty() && parser.isSet(listenOpt)) {
        out.error = QCoreApplication::translate("CommandLine", "--listen and --server do not go together");
        return out;
    }
    if (parser.isSet(listenOpt)) {
        if (!parseListen(parser.value(listenOpt), &c.listenHost, &c.listenPort)) {
            out.error = QCoreApplication::translate("CommandLine", "--listen wants HOST:PORT, not “%1”")
                            .arg(parser.value(listenOpt));
            return out;
        }
        c.listenPortGiven = true;
    }
    c.dialect = parser.value(dialectOpt).trimmed().toLower();
    if (!dialects().contains(c.dialect)) {
        out.error = QCoreApplication::translate("CommandLine", "--dialect wants auto, parley, socketio or raw, not “%1”")
                        .arg(parser.value(dialectOpt));
        return out;
    }
    c.profileId = parser.value(profileOpt).trimmed();
    if (parser.isSet(profileOpt) && !isProfileId(c.profileId)) {
        out.error = QCoreApplication::translate("CommandLine", "--profile wants a profile name (letters, digits, '-' and '_'), not “%1”")
                        .arg(parser.value(profileOpt));
        return out;
    }
    // The hosted server is parley-server: nothing else to choose.
    if (c.server.isEmpty() && c.dialect != QLatin1String("auto") && c.dialect != QLatin1String("parley")) {
        out.error = QCoreApplication::translate("CommandLine", "--dialect %1 needs --server (the server Parley hosts speaks parley)")
                        .arg(c.dialect);
        return out;
    }
    if (c.server.isEmpty() && !c.profileId.isEmpty() && c.profileId != QLatin1String("parley")) {
        out.error = QCoreApplication::translate("CommandLine", "--profile needs --server (the server Parley hosts speaks parley)");
        return out;
    }
    if (!c.profileId.isEmpty() && (c.dialect == QLatin1String("parley") || c.dialect == QLatin1String("raw"))
        && c.profileId != QLatin1String("parley")) {
        out.error = QCoreApplication::translate("CommandLine", "--profile is for Socket.IO servers; it does not go with --dialect %1")
                        .arg(c.dialect);
        return out;
    }
    c.name = parser.isSet(nameOpt) ? parser.value(nameOpt) : peekValue(rawArguments, nameOpt.names().constFirst());
    c.name = c.name.trimmed();
    if (c.name.isEmpty())
        c.name = systemUserName();
    c.roomGiven = parser.isSet(roomOpt);
    c.room = parser.value(roomOpt).trimmed();
    if (c.room.startsWith(QLatin1Char('#')))
        c.room = c.room.mid(1).trimmed();
    if (c.room.isEmpty()) {
        c.room = QStringLiteral("lobby");
        c.roomGiven = false;
    }
    c.lang = parser.value(langOpt);
    if (parser.isSet(caFileOpt)) {
        QString error;
        const std::optional<QList<QSslCertificate>> cas = CaFile::read(parser.value(caFileOpt), &error);
        if (!cas) {
            out.error = QCoreApplication::translate("CommandLine", "--ca-file: %1").arg(error);
            return out;
        }
        c.caCertificates = *cas;
    }
    return out;
}

bool CommandLine::asksForTextOnly(const QStringList &rawArguments)
{
    static const QStringList textOnly{QStringLiteral("-h"), QStringLiteral("--help"), QStringLiteral("-?"),
                                      QStringLiteral("--help-all"), QStringLiteral("-v"), QStringLiteral("--version")};
    for (qsizetype i = 1; i < rawArguments.size(); ++i) {
        if (rawArguments.at(i) == QLatin1String("--"))
            return false; // what follows are arguments, not options
        if (textOnly.contains(rawArguments.at(i)))
            return true;
    }
    return false;
}

CommandLine CommandLine::parseOrExit(const QStringList &arguments, const QStringList &rawArguments)
{
    const CommandLineResult result = parse(arguments, rawArguments);
    if (!result.output.isEmpty()) {
        fputs(qPrintable(result.output), stdout);
        ::exit(0);
    }
    if (!result.error.isEmpty())
        exitWithError(result.error);
    return result.options;
}
