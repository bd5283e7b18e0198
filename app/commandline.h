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

    //! The value of --lang, if present (read before translators exist, so --help is translated).
    static QString peekLanguage(const QStringList &arguments);
    //! Parses \a arguments; on --help/--version prints and exits; on an error prints it and exits 1.
    static CommandLine parseOrExit(const QStringList &arguments);
    //! Splits "HOST:PORT", "[::1]:PORT", ":PORT" or "PORT"; false on nonsense.
    static bool parseListen(const QString &text, QHostAddress *host, quint16 *port);
};
