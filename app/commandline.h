#pragma once
// Parley's command line: what the user asked for, parsed and checked, nothing else.
#include <QHostAddress>
#include <QString>
#include <QStringList>
#include <QUrl>

struct CommandLine
{
    QUrl server;                 //!< --server: join this server; empty = host one in-process
    QHostAddress listenHost{QHostAddress::LocalHost};  //!< --listen host (hosting only)
    quint16 listenPort = 8787;   //!< --listen port (hosting only); 0 = any free port
    bool listenPortGiven = false;
    QString name;                //!< --name, default: the system user name
    QString room = QStringLiteral("lobby");  //!< --room
    QString lang;                //!< --lang, empty = system locale

    //! Default port of a hosted parley-server (also parley-server's default).
    static constexpr quint16 kDefaultPort = 8787;

    //! The value of --\a option (or --option=value) in \a arguments, if present. Used for --lang
    //! before translators exist (so --help is translated), and for --name, which Qt's xcb plugin
    //! takes for itself (it strips "-name"/"--name" from argv when QApplication is constructed).
    static QString peekValue(const QStringList &arguments, const QString &option);
    //! \a argv as given, before QApplication takes its own options out of it.
    static QStringList rawArguments(int argc, char **argv);
    //! Parses \a arguments; on --help/--version prints and exits; on an error prints it and exits 1.
    //! \a rawArguments is argv before QApplication touched it (for --name, see peekValue()).
    static CommandLine parseOrExit(const QStringList &arguments, const QStringList &rawArguments = {});
    //! The URL other people would use to reach a server listening on \a host:\a port: the host
    //! itself, or for "any address" this machine's first non-loopback address (loopback if none).
    static QUrl addressForOthers(const QHostAddress &host, quint16 port);
    //! Splits "HOST:PORT", "[::1]:PORT", ":PORT" or "PORT"; false on nonsense.
    static bool parseListen(const QString &text, QHostAddress *host, quint16 *port);
};
