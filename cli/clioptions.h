#pragma once
// parley-cli's command line: `parley-cli --server URL [options] send TEXT… | listen | pipe |
// search QUERY… | send-file PATH… | fetch-file ID OUT`.
// Parsing is separate from running so that it can be tested without a network, and so that every
// mistake is reported before anything connects (exit code kUsage).
#include "searchquery.h"
#include "serverprofile.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QSslCertificate>
#include <QStringList>
#include "chatmessage.h"

#include <QUrl>
#include <optional>

struct CliParseResult;

class CliOptions
{
    Q_DECLARE_TR_FUNCTIONS(CliOptions)
public:
    enum class Command { Send, Listen, Pipe, Register, Login, Search, SendFile, FetchFile };

    //! Exit codes, documented in --help.
    enum ExitCode {
        kOk = 0,        //!< done; for send/pipe every message was delivered (or sent, where the
                        //!< server gives no receipts); for search every page asked for came
        kFailed = 1,    //!< a message failed or was not delivered within --timeout; a search was
                        //!< refused, not answered within --timeout, or the server has none
        kUsage = 2,     //!< bad command line
        kPermanent = 3, //!< a permanent connection error: bad URL, refused, TLS, --max-attempts used up
    };

    //! Seconds `send` waits for delivery, and `pipe` for the outbox to drain after end of input.
    static constexpr int kDefaultTimeoutSeconds = 30;
    //! Largest password file read (bytes); a password is its first line.
    static constexpr qint64 kMaxPasswordFileSize = 4096;
    //! Results `search` prints without --limit.
    static constexpr int kDefaultSearchLimit = 20;
    //! The most --limit takes: a bound on the pages one run asks for.
    static constexpr int kMaxSearchLimit = 10'000;
    //! The environment variable a password may come from instead of --password-file.
    static constexpr const char *kPasswordVariable = "PARLEY_PASSWORD";

    Command command = Command::Listen;
    QUrl server;
    QString dialect = QStringLiteral("auto"); //!< auto | parley | socketio | raw
    QString profileId;                        //!< empty: remembered for the server, else "classic"
    std::optional<ServerProfile> customProfile; //!< --profile-json
    std::optional<QString> nameSpace;         //!< --namespace overrides the profile's
    std::optional<QJsonObject> auth;          //!< --auth overrides the profile's
    QString room = QStringLiteral("lobby");
    //! search: what to look for (the words, SearchQuery's filters read); its room is the one
    //! joined and searched (in:#room, else --room when given, else every room one may read).
    SearchQuery search;
    int searchLimit = kDefaultSearchLimit;  //!< search: --limit, the most results printed
    QString name;
    QString user;                             //!< --user: the account to sign in as (parley-server)
    QString password;                         //!< from --password-file or PARLEY_PASSWORD, never argv
    QString displayName;                      //!< register: --display-name (default: --name)
    QString invite;                           //!< register: --invite
    QString text;                             //!< send, search: the words; send-file: --caption
    QStringList files;                        //!< send-file: the paths, as given
    QString fileId;                           //!< fetch-file: the file's id (its SHA-256)
    QString output;                           //!< fetch-file: where to write it
    //! send-like commands on one message (parley-server): reply, edit, delete, react, unreact.
    //! Send with kind Message (replyTo set for reply), else the change of that kind to target.
    ChatMessage::Kind kind = ChatMessage::Kind::Message;
    qint64 target = 0;                        //!< edit/delete/react: the seq of the message in --room
    qint64 replyTo = 0;                       //!< reply: the seq answered
    bool reactionOn = true;                   //!< react: true, unreact: false
    int timeoutSeconds = kDefaultTimeoutSeconds;
    int maxAttempts = 0;                      //!< 0 = reconnect for ever (like the app)
    bool redetect = false;
    bool quiet = false;
    //! --ca-file: certificate authorities trusted beside the system's.
    QList<QSslCertificate> caCertificates;
    //! --trust-fingerprint: a server certificate with this SHA-256 (as CertificatePins::
    //! fingerprint() writes it) is pinned for the server, even in place of a changed pin.
    QString trustFingerprint;

    //! \a arguments include the program name, as QCoreApplication::arguments().
    static CliParseResult parse(const QStringList &arguments);
};

//! Result of CliOptions::parse(): options, or help/version text to print (exit 0), or an error
//! (exit CliOptions::kUsage).
struct CliParseResult
{
    std::optional<CliOptions> options;
    QString output; //!< --help / --version text for stdout
    QString error;  //!< usage error for stderr
};
