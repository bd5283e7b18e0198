#pragma once
// Parley's command line: what the user asked for, parsed and checked, nothing else.
#include <QHostAddress>
#include <QSslCertificate>
#include <QString>
#include <QStringList>
#include <QUrl>

struct CommandLineResult;

struct CommandLine
{
    QUrl server;                 //!< --server: join this server; empty = host one in-process
    //! From an invite link (parley://HOST:PORT/?invite=CODE, given as --server or as the one
    //! argument, as a desktop passes it): the sign-up form opens with it.
    QString invite;
    QHostAddress listenHost{QHostAddress::LocalHost};  //!< --listen host (hosting only)
    quint16 listenPort = 8787;   //!< --listen port (hosting only); 0 = any free port
    bool listenPortGiven = false;
    QString name;                //!< --name, default: the system user name
    QString room = QStringLiteral("lobby");  //!< --room
    //! Whether --room was given: that room is joined (if need be) and shown; otherwise the rooms
    //! joined last time on this server are, or "lobby" the first time.
    bool roomGiven = false;
    QString lang;                //!< --lang, empty = system locale
    //! --dialect: "auto" (remembered for the server, else probed), "parley", "socketio", "raw".
    QString dialect = QStringLiteral("auto");
    //! --profile: a Socket.IO server profile id (preset or saved in the connect dialog); empty =
    //! remembered for the server, else "classic". Whether it exists is checked against the
    //! settings by the app, not here.
    QString profileId;
    //! --ca-file: certificate authorities trusted beside the system's (read and checked here).
    QList<QSslCertificate> caCertificates;

    //! Default port of a hosted parley-server (also parley-server's default).
    static constexpr quint16 kDefaultPort = 8787;
    //! The dialect names --dialect accepts.
    static QStringList dialects();

    //! The value of --\a option (or --option=value) in \a arguments, if present. Used for --lang
    //! before translators exist (so --help is translated), and for --name, which Qt's xcb plugin
    //! takes for itself (it strips "-name"/"--name" from argv when QApplication is constructed).
    static QString peekValue(const QStringList &arguments, const QString &option);
    //! Whether \a rawArguments ask for --help, --help-all or --version (-h, -?, -v): text only,
    //! which main() prints before a QApplication (that needs a display) exists.
    static bool asksForTextOnly(const QStringList &rawArguments);
    //! Takes "--name X" / "--name=X" out of \a argv (shortening \a argc) before QApplication
    //! sees it: Qt's xcb plugin would make X the window's X11 instance name (WM_CLASS), and the
    //! window would no longer match its launcher. Read it from rawArguments() first.
    static void hideNameFromQt(int *argc, char **argv);
    //! \a argv as given, before QApplication takes its own options out of it.
    static QStringList rawArguments(int argc, char **argv);
    //! Parses \a arguments without printing or exiting (for tests and for parseOrExit()).
    //! \a rawArguments is argv before QApplication touched it (for --name, see peekValue()).
    static CommandLineResult parse(const QStringList &arguments, const QStringList &rawArguments = {});
    //! parse(); on --help/--version prints and exits 0; on an error prints it and exits 1.
    static CommandLine parseOrExit(const QStringList &arguments, const QStringList &rawArguments = {});
    //! Prints "parley: \a text" to standard error and exits with 1.
    [[noreturn]] static void exitWithError(const QString &text);
    //! The URL other people would use to reach a server listening on \a host:\a port: the host
    //! itself, or for "any address" this machine's first non-loopback address (loopback if none).
    //! A username (letters, digits, "._-", 2–32 characters) for \a name, the display name of the
    //! person at this computer: what parley-server accepts as an account name.
    static QString localUsername(const QString &name);
    static QUrl addressForOthers(const QHostAddress &host, quint16 port);
    //! Splits "HOST:PORT", "[::1]:PORT", ":PORT" or "PORT"; false on nonsense.
    static bool parseListen(const QString &text, QHostAddress *host, quint16 *port);
};

//! What CommandLine::parse() found: the options, or text to print (--help, --version; exit 0),
//! or an error (exit 1).
struct CommandLineResult
{
    CommandLine options;
    QString output; //!< --help / --version text for standard output; options unusable if set
    QString error;  //!< what is wrong, for standard error; options unusable if set
    bool ok() const { return output.isEmpty() && error.isEmpty(); }
};
