#include "clioptions.h"

#include "cafile.h"
#include "certificatepins.h"

#include <QCommandLineParser>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonParseError>

namespace {
QString defaultName()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("USERNAME");
    return user.isEmpty() ? QStringLiteral("parley-cli") : user;
}

//! The first line of \a path (at most CliOptions::kMaxPasswordFileSize bytes), or an error.
std::optional<QString> readPasswordFile(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = f.errorString();
        return std::nullopt;
    }
    if (f.size() > CliOptions::kMaxPasswordFileSize) {
        *error = CliOptions::tr("larger than %1 bytes").arg(CliOptions::kMaxPasswordFileSize);
        return std::nullopt;
    }
    const QByteArray bytes = f.read(CliOptions::kMaxPasswordFileSize + 1);
    QString text = QString::fromUtf8(bytes);
    const qsizetype end = text.indexOf(QLatin1Char('\n'));
    if (end >= 0)
        text.truncate(end);
    if (text.endsWith(QLatin1Char('\r')))
        text.chop(1);
    return text;
}

std::optional<QJsonObject> parseObject(const QString &text, QString *error)
{
    QJsonParseError pe{};
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = pe.error != QJsonParseError::NoError ? pe.errorString() : QStringLiteral("not a JSON object");
        return std::nullopt;
    }
    return doc.object();
}
} // namespace

CliParseResult CliOptions::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(tr(
        "A headless Parley client for scripts, bots and benchmarks: the same connector, dialects\n"
        "and reconnects as the Parley app.\n"
        "\n"
        "Commands:\n"
        "  send TEXT…   send one message (the words joined by spaces), wait until it is delivered\n"
        "               (or written, where the server gives no receipts), then exit\n"
        "  reply SEQ TEXT…   as send, as an answer to the message SEQ of --room (parley-server)\n"
        "  edit SEQ TEXT…    change the text of one's own message SEQ\n"
        "  delete SEQ        delete one's own message SEQ (any message, for an administrator)\n"
        "  react SEQ EMOJI   put a reaction on message SEQ; unreact SEQ EMOJI takes it back\n"
        "               (these wait and exit like send; listen prints changes with \"kind\")\n"
        "  listen       print each incoming message as one JSON object per line, until stopped\n"
        "  pipe         send each line read from standard input as a message, print incoming ones\n"
        "               as in listen; at the end of input wait for the outbox to drain, then exit\n"
        "  register     sign up on parley-server as --user (with --invite CODE where needed),\n"
        "               keep the session token, then exit\n"
        "  login        sign in on parley-server as --user, keep the session token, then exit\n"
        "  search QUERY…    print what parley-server finds in its history (newest first, at most\n"
        "               --limit results, one JSON line each as in listen), then exit. QUERY: words\n"
        "               that must all be in a message, and from:@user, in:#room,\n"
        "               before:YYYY-MM-DD, after:YYYY-MM-DD. It searches the room it joins\n"
        "               (in:#room, else --room if given) or, without either, #lobby and your\n"
        "               direct messages\n"
        "  send-file PATH…  send each file to --room (parley-server with files), with --caption\n"
        "               TEXT if given; wait until every one is delivered, then exit (as send;\n"
        "               --timeout counts from the last progress, so a large file may take longer)\n"
        "  fetch-file ID OUT  download the file ID (as listen prints it) of a message in --room\n"
        "               into OUT, verified against its SHA-256, then exit\n"
        "\n"
        "Accounts (parley-server): with --user, the commands sign in with the token kept by\n"
        "login/register (in the keychain, else a file only you can read), or with the password.\n"
        "The password comes from --password-file or the environment variable PARLEY_PASSWORD,\n"
        "never from the command line.\n"
        "\n"
        "Dialects (--dialect):\n"
        "  auto         remembered for this server, else probed: Socket.IO first (parley-server or\n"
        "               a stock server), then plain WebSocket; what worked is remembered\n"
        "  parley       parley-server: rooms, history, delivery receipts\n"
        "  socketio     a stock Socket.IO 4 server, spoken to by a profile (--profile)\n"
        "  raw          a plain WebSocket server: one text frame is one message\n"
        "\n"
        "Profiles (--profile): %1, or one saved by the Parley app.\n"
        "\n"
        "JSON lines: {\"room\",\"sender\",\"text\",\"time\"[,\"seq\",\"clientId\",\"senderId\",\n"
        "\"senderUsername\",\"raw\",\"file\":{\"id\",\"name\",\"size\",\"type\",\"sha256\"}]}.\n"
        "\n"
        "TLS (wss://): a server certificate that neither the system nor --ca-file vouches for is\n"
        "refused, with its SHA-256 fingerprint. Check it with the server's operator, then trust it\n"
        "with --trust-fingerprint: it is pinned for that host:port (shared with the Parley app),\n"
        "and a server that later presents another certificate is refused as a possible attack.\n"
        "\n"
        "Exit codes: 0 done, 1 a message or file failed or timed out (search: refused, timed out, or\n"
        "the server has no search), 2 bad command line,\n"
        "3 permanent connection error (bad URL, refused, TLS, --max-attempts used up).")
                                         .arg(QStringLiteral("classic, group, parley")));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  tr("Show this help and exit."));
    const QCommandLineOption version(QStringList{QStringLiteral("v"), QStringLiteral("version")},
                                     tr("Show the version and exit."));
    const QCommandLineOption server(QStringList{QStringLiteral("s"), QStringLiteral("server")},
                                    tr("The server: ws://host:port[/path] or wss://… (required)."),
                                    tr("url"));
    const QCommandLineOption dialect(QStringLiteral("dialect"),
                                     tr("auto, parley, socketio or raw (default: auto)."), tr("dialect"),
                                     QStringLiteral("auto"));
    const QCommandLineOption profile(QStringLiteral("profile"),
                                     tr("Socket.IO server profile (default: remembered for the server, else classic)."),
                                     tr("id"));
    const QCommandLineOption profileJson(QStringLiteral("profile-json"),
                                         tr("A whole profile as JSON, e.g. {\"sendEvent\":\"msg\",\"receiveEvents\":[\"msg\"]}."),
                                         tr("json"));
    const QCommandLineOption nameSpace(QStringLiteral("namespace"),
                                       tr("Socket.IO namespace to connect, e.g. /admin."), tr("nsp"));
    const QCommandLineOption auth(QStringLiteral("auth"), tr("Socket.IO connect auth payload (a JSON object)."),
                                  tr("json"));
    const QCommandLineOption room(QStringList{QStringLiteral("r"), QStringLiteral("room")},
                                  tr("Room to join on parley-server (default: lobby)."), tr("room"),
                                  QStringLiteral("lobby"));
    const QCommandLineOption name(QStringList{QStringLiteral("n"), QStringLiteral("name")},
                                  tr("Display name (default: your user name)."), tr("name"));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     tr("Seconds send waits for delivery, and pipe for the outbox after the end of input (default: %1).")
                                         .arg(kDefaultTimeoutSeconds),
                                     tr("seconds"), QString::number(kDefaultTimeoutSeconds));
    const QCommandLineOption maxAttempts(QStringLiteral("max-attempts"),
                                         tr("Give up after this many failed connection attempts in a row (default: 0, never)."),
                                         tr("n"), QStringLiteral("0"));
    const QCommandLineOption redetect(QStringLiteral("redetect"),
                                      tr("With --dialect auto: probe the server again instead of using what was remembered."));
    const QCommandLineOption quiet(QStringList{QStringLiteral("q"), QStringLiteral("quiet")},
                                   tr("Only errors on standard error, no progress notes."));
    const QCommandLineOption user(QStringList{QStringLiteral("u"), QStringLiteral("user")},
                                  tr("Sign in on parley-server as this account."), tr("name"));
    const QCommandLineOption passwordFile(QStringLiteral("password-file"),
                                          tr("Read the password from the first line of this file."), tr("file"));
    const QCommandLineOption displayName(QStringLiteral("display-name"),
                                         tr("register: the name others see (default: --name, else --user)."), tr("name"));
    const QCommandLineOption invite(QStringLiteral("invite"), tr("register: the invite code."), tr("code"));
    const QCommandLineOption limit(QStringLiteral("limit"),
                                   tr("search: print at most this many results (default: %1).").arg(kDefaultSearchLimit),
                                   tr("n"), QString::number(kDefaultSearchLimit));
    const QCommandLineOption caption(QStringLiteral("caption"), tr("send-file: a caption for the file(s)."),
                                     tr("text"));
    const QCommandLineOption caFile(QStringLiteral("ca-file"),
                                    tr("Also trust the certificate authorities in this file (PEM) for wss://."),
                                    tr("file"));
    const QCommandLineOption trustFingerprint(QStringLiteral("trust-fingerprint"),
                                              tr("Trust and pin the server's certificate if its SHA-256 fingerprint is this."),
                                              tr("sha256"));
    parser.addOptions({help, version, server, dialect, profile, profileJson, nameSpace, auth, room, name,
                       timeout, maxAttempts, redetect, quiet, user, passwordFile, displayName, invite, caFile,
                       trustFingerprint, limit, caption});
    parser.addPositionalArgument(QStringLiteral("command"), tr("send, reply, edit, delete, react, unreact, listen, pipe, register, login, search, send-file or fetch-file."));
    parser.addPositionalArgument(QStringLiteral("text"), tr("send: the message."), QStringLiteral("[TEXT…]"));

    CliParseResult out;
    if (!parser.parse(arguments)) {
        out.error = parser.errorText();
        return out;
    }
    if (parser.isSet(help)) {
        out.output = parser.helpText();
        return out;
    }
    if (parser.isSet(version)) {
        out.output = QCoreApplication::applicationName() + QLatin1Char(' ')
                   + QCoreApplication::applicationVersion() + QLatin1Char('\n');
        return out;
    }

    CliOptions o;
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        out.error = tr("No command given: send, reply, edit, delete, react, unreact, listen, pipe, register, login, search, send-file or fetch-file (see --help).");
        return out;
    }
    const QString command = positional.first();
    static const QHash<QString, ChatMessage::Kind> changes{
            {QStringLiteral("reply"), ChatMessage::Kind::Message},
            {QStringLiteral("edit"), ChatMessage::Kind::Edit},
            {QStringLiteral("delete"), ChatMessage::Kind::Delete},
            {QStringLiteral("react"), ChatMessage::Kind::React},
            {QStringLiteral("unreact"), ChatMessage::Kind::React}};
    if (changes.contains(command)) {
        o.command = Command::Send;
        o.kind = changes.value(command);
        bool ok = false;
        const qint64 seq = positional.value(1).toLongLong(&ok);
        if (!ok || seq <= 0) {
            out.error = tr("%1 needs the seq of a message (a positive number), got “%2”.")
                                .arg(command, positional.value(1));
            return out;
        }
        (command == QLatin1String("reply") ? o.replyTo : o.target) = seq;
        o.reactionOn = command != QLatin1String("unreact");
        o.text = positional.mid(2).join(QLatin1Char(' '));
        const bool needsText = o.kind != ChatMessage::Kind::Delete;
        if (needsText == o.text.trimmed().isEmpty()) {
            out.error = needsText ? tr("%1 needs a text after the seq.").arg(command)
                                  : tr("%1 takes only the seq (got “%2”).").arg(command, o.text);
            return out;
        }
    } else if (command == QLatin1String("send")) {
        o.command = Command::Send;
        o.text = positional.mid(1).join(QLatin1Char(' '));
        if (o.text.trimmed().isEmpty()) {
            out.error = tr("send needs the text of the message.");
            return out;
        }
    } else if (command == QLatin1String("send-file")) {
        o.command = Command::SendFile;
        o.files = positional.mid(1);
        o.text = parser.value(caption);
        if (o.files.isEmpty()) {
            out.error = tr("send-file needs the path of at least one file.");
            return out;
        }
    } else if (command == QLatin1String("fetch-file")) {
        o.command = Command::FetchFile;
        o.fileId = positional.value(1);
        o.output = positional.value(2);
        if (positional.size() != 3 || !FileRef::isValidId(o.fileId)) {
            out.error = tr("fetch-file needs the file's id (64 hexadecimal digits, as listen prints it) and where to write it.");
            return out;
        }
    } else if (command == QLatin1String("search")) {
        o.command = Command::Search;
        o.text = positional.mid(1).join(QLatin1Char(' '));
        o.search = SearchQuery::parse(o.text);
        if (o.search.terms.isEmpty()) {
            out.error = tr("search needs a word to look for (filters alone are not enough).");
            return out;
        }
    } else if (command == QLatin1String("listen") || command == QLatin1String("pipe")) {
        o.command = command == QLatin1String("listen") ? Command::Listen : Command::Pipe;
        if (positional.size() > 1) {
            out.error = tr("%1 takes no text (got “%2”).").arg(command, positional.mid(1).join(QLatin1Char(' ')));
            return out;
        }
    } else if (command == QLatin1String("register") || command == QLatin1String("login")) {
        o.command = command == QLatin1String("register") ? Command::Register : Command::Login;
        if (positional.size() > 1) {
            out.error = tr("%1 takes no text (got “%2”).").arg(command, positional.mid(1).join(QLatin1Char(' ')));
            return out;
        }
    } else {
        out.error = tr("Unknown command “%1”: send, reply, edit, delete, react, unreact, listen, pipe, register, login, search, send-file or fetch-file (see --help).").arg(command);
        return out;
    }

    if (!parser.isSet(server)) {
        out.error = tr("--server is required, e.g. --server ws://127.0.0.1:8787.");
        return out;
    }
    // Taken as given: a URL that is not ws:// or wss:// is a permanent error reported by the
    // connection itself (exit code kPermanent), exactly as the app reports it.
    o.server = QUrl(parser.value(server), QUrl::StrictMode);

    o.dialect = parser.value(dialect);
    static const QStringList dialects{QStringLiteral("auto"), QStringLiteral("parley"),
                                      QStringLiteral("socketio"), QStringLiteral("raw")};
    if (!dialects.contains(o.dialect)) {
        out.error = tr("Unknown dialect “%1”: auto, parley, socketio or raw.").arg(o.dialect);
        return out;
    }
    o.profileId = parser.value(profile);
    if (!o.profileId.isEmpty() && !ServerProfile::isValidId(o.profileId)) {
        out.error = tr("“%1” is not a profile name.").arg(o.profileId);
        return out;
    }
    if (parser.isSet(profileJson)) {
        QString error;
        const std::optional<QJsonObject> json = parseObject(parser.value(profileJson), &error);
        std::optional<ServerProfile> p = json ? ServerProfile::fromJson(*json, &error) : std::nullopt;
        if (p && p->id.isEmpty())
            p->id = QStringLiteral("custom");
        if (p && !p->validate().isEmpty())
            error = p->validate();
        if (!p || !p->validate().isEmpty()) {
            out.error = tr("--profile-json: %1").arg(error);
            return out;
        }
        o.customProfile = p;
    }
    if (parser.isSet(nameSpace)) {
        const QString nsp = parser.value(nameSpace);
        o.nameSpace = nsp.startsWith(QLatin1Char('/')) ? nsp : QLatin1Char('/') + nsp;
    }
    if (parser.isSet(auth)) {
        QString error;
        o.auth = parseObject(parser.value(auth), &error);
        if (!o.auth) {
            out.error = tr("--auth must be a JSON object: %1").arg(error);
            return out;
        }
    }
    o.room = parser.value(room).trimmed();
    if (o.room.isEmpty()) {
        out.error = tr("--room must not be empty.");
        return out;
    }
    bool ok = false;
    if (o.command == Command::Search) {
        // The room searched is the room joined: in:#room wins over --room; neither: every room
        // the session may read (the default room joined, and the direct rooms).
        if (!o.search.room.isEmpty())
            o.room = o.search.room;
        else if (parser.isSet(room))
            o.search.room = o.room;
        o.searchLimit = parser.value(limit).toInt(&ok);
        if (!ok || o.searchLimit < 1 || o.searchLimit > kMaxSearchLimit) {
            out.error = tr("--limit must be a number from 1 to %1.").arg(kMaxSearchLimit);
            return out;
        }
    }
    o.name = parser.isSet(name) ? parser.value(name).trimmed() : defaultName();
    o.timeoutSeconds = parser.value(timeout).toInt(&ok);
    if (!ok || o.timeoutSeconds <= 0) {
        out.error = tr("--timeout must be a positive number of seconds.");
        return out;
    }
    o.maxAttempts = parser.value(maxAttempts).toInt(&ok);
    if (!ok || o.maxAttempts < 0) {
        out.error = tr("--max-attempts must be 0 (never give up) or more.");
        return out;
    }
    o.user = parser.value(user).trimmed();
    if (parser.isSet(passwordFile)) {
        QString error;
        const std::optional<QString> password = readPasswordFile(parser.value(passwordFile), &error);
        if (!password) {
            out.error = tr("--password-file %1: %2").arg(parser.value(passwordFile), error);
            return out;
        }
        o.password = *password;
    } else {
        o.password = qEnvironmentVariable(kPasswordVariable);
    }
    // An account is known by its name when nothing else is said (not by the login's $USER).
    o.displayName = parser.isSet(displayName) ? parser.value(displayName).trimmed()
            : parser.isSet(name) || o.user.isEmpty() ? o.name
                                                     : o.user;
    o.invite = parser.value(invite).trimmed();
    const bool signsIn = o.command == Command::Register || o.command == Command::Login;
    if (signsIn && o.user.isEmpty()) {
        out.error = tr("%1 needs --user.").arg(command);
        return out;
    }
    if (signsIn && o.password.isEmpty()) {
        out.error = tr("%1 needs a password: --password-file FILE or the environment variable %2.")
                        .arg(command, QLatin1String(kPasswordVariable));
        return out;
    }
    if (signsIn && o.dialect != QLatin1String("auto") && o.dialect != QLatin1String("parley")) {
        out.error = tr("%1 is for parley-server (--dialect parley).").arg(command);
        return out;
    }
    if (parser.isSet(caFile)) {
        QString error;
        const std::optional<QList<QSslCertificate>> cas = CaFile::read(parser.value(caFile), &error);
        if (!cas) {
            out.error = tr("--ca-file: %1").arg(error);
            return out;
        }
        o.caCertificates = *cas;
    }
    if (parser.isSet(trustFingerprint)) {
        o.trustFingerprint = CertificatePins::normalizedFingerprint(parser.value(trustFingerprint));
        if (o.trustFingerprint.isEmpty()) {
            out.error = tr("--trust-fingerprint wants a SHA-256 fingerprint: 64 hex digits, colons allowed.");
            return out;
        }
    }
    o.redetect = parser.isSet(redetect);
    o.quiet = parser.isSet(quiet);
    out.options = o;
    return out;
}
