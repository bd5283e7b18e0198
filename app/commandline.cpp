#include "commandline.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QNetworkInterface>
#include <QProcessEnvironment>

namespace {
QString systemUserName()
{
    const auto env = QProcessEnvironment::systemEnvironment();
    QString name = env.value(QStringLiteral("USER"), env.value(QStringLiteral("USERNAME")));
    return name.isEmpty() ? QStringLiteral("me") : name;
}

[[noreturn]] void failWith(const QString &text)
{
    fprintf(stderr, "parley: %s\n", qPrintable(text));
    ::exit(1);
}
} // namespace

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

CommandLine CommandLine::parseOrExit(const QStringList &arguments, const QStringList &rawArguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "CommandLine", "Parley, a desktop chat client. Without --server it hosts a chat server "
                       "on this computer and joins it, so you can start chatting at once."));
    parser.addHelpOption();
    parser.addVersionOption();
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
        QCoreApplication::translate("CommandLine", "The room to join (default: lobby)."),
        QStringLiteral("room"), QStringLiteral("lobby"));
    const QCommandLineOption langOpt(QStringLiteral("lang"),
        QCoreApplication::translate("CommandLine", "User interface language, e.g. zh_CN or en (default: the system's)."),
        QStringLiteral("language"));
    parser.addOptions({serverOpt, listenOpt, nameOpt, roomOpt, langOpt});
    parser.process(arguments);

    if (!parser.positionalArguments().isEmpty())
        failWith(QCoreApplication::translate("CommandLine", "unexpected argument “%1” (see --help)")
                     .arg(parser.positionalArguments().constFirst()));

    CommandLine c;
    if (parser.isSet(serverOpt)) {
        c.server = QUrl::fromUserInput(parser.value(serverOpt));
        if (!c.server.isValid() || c.server.host().isEmpty()
            || (c.server.scheme() != QLatin1String("ws") && c.server.scheme() != QLatin1String("wss")))
            failWith(QCoreApplication::translate("CommandLine", "--server wants a ws:// or wss:// address, not “%1”")
                         .arg(parser.value(serverOpt)));
        if (parser.isSet(listenOpt))
            failWith(QCoreApplication::translate("CommandLine", "--listen and --server do not go together"));
    }
    if (parser.isSet(listenOpt)) {
        if (!parseListen(parser.value(listenOpt), &c.listenHost, &c.listenPort))
            failWith(QCoreApplication::translate("CommandLine", "--listen wants HOST:PORT, not “%1”")
                         .arg(parser.value(listenOpt)));
        c.listenPortGiven = true;
    }
    c.name = parser.isSet(nameOpt) ? parser.value(nameOpt) : peekValue(rawArguments, nameOpt.names().constFirst());
    c.name = c.name.trimmed();
    if (c.name.isEmpty())
        c.name = systemUserName();
    c.room = parser.value(roomOpt).trimmed();
    if (c.room.isEmpty())
        c.room = QStringLiteral("lobby");
    c.lang = parser.value(langOpt);
    return c;
}
