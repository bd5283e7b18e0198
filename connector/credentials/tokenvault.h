#pragma once
// Where a signed-in account's session token waits between runs, so the user does not type a
// password at every start. The token is a password-equivalent: it goes to the OS keychain through
// QtKeychain (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows), under
// service "Parley" and key "<host:port>/<username>". Where no keychain service answers — a headless
// box, a desktop without gnome-keyring or KWallet — the vault says so once (keychainUnavailable,
// for the UI to show) and keeps tokens in 0600 files instead (TokenFileStore). Never in Parley.conf:
// QtKeychain's own plaintext fallback into QSettings stays off.
//
// Every request is asynchronous and answered by one finished() signal, in the order asked. Requests
// run one at a time, so a write followed by a forget of the same account can never land reversed.
#include "tokenfilestore.h"
#include "tokenresult.h"
#include "tokenvaultsettings.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <deque>

namespace QKeychain {
class Job;
}

class TokenVault : public QObject
{
    Q_OBJECT
public:
    enum class Operation { Read, Write, Forget };
    Q_ENUM(Operation)
    //! Where tokens go now.
    enum class Backend {
        Keychain,  //!< the OS keychain (until it fails to answer)
        File,      //!< 0600 files: forced by the settings, or no keychain answered
    };
    Q_ENUM(Backend)

    explicit TokenVault(const TokenVaultSettings &settings = {}, QObject *parent = nullptr);
    ~TokenVault() override;

    //! QtKeychain's service name for every Parley token.
    static QString serviceName();
    //! The keychain key of an account: "<host:port>/<username>", the port filled in from the
    //! scheme (WebSocketUrl::hostAndPort), so ws://h and ws://h:80 are one account. Empty if the
    //! server has no host or the user name is empty.
    static QString keyFor(const QUrl &server, const QString &username);

    Backend backend() const { return m_backend; }
    //! Why the keychain is not used (empty while it is, and when the file store was forced).
    QString keychainProblem() const { return m_keychainProblem; }

    //! Looks the token up; finished() carries it (Ok), NotFound, or why it cannot be used.
    //! A token that went to a file while the keychain was away is still found once it is back.
    void read(const QUrl &server, const QString &username);
    //! Stores \a token (base64url, at most SessionToken::kMaxBytes), replacing any earlier one.
    //! Once it is in the keychain, a token file left from a keychain-less run is deleted.
    void write(const QUrl &server, const QString &username, const QByteArray &token);
    //! Deletes the token from the keychain and from the file store (sign-out, token refused).
    void forget(const QUrl &server, const QString &username);

Q_SIGNALS:
    //! One per read/write/forget, in the order they were asked. \a key is keyFor() of the account.
    void finished(TokenVault::Operation operation, const QString &key, const TokenResult &result);
    //! The keychain did not answer or has no service: from now on this vault uses token files.
    //! Emitted once per vault, before the finished() of the request that found out.
    void keychainUnavailable(const QString &reason);

private:
    struct Request
    {
        Operation operation;
        QString key;
        QByteArray token;
    };

    void enqueue(Operation operation, const QUrl &server, const QString &username, const QByteArray &token);
    void startNext();
    void startKeychainJob(const Request &request);
    void onJobFinished(QKeychain::Job *job);
    void onJobTimeout();
    void abandonJob();
    void markKeychainUnavailable(const QString &reason);
    TokenResult runOnFile(const Request &request) const;
    TokenResult keychainResult(const Request &request, QKeychain::Job *job);
    void finish(const TokenResult &result);

    TokenVaultSettings m_settings;
    TokenFileStore m_files;
    Backend m_backend = Backend::Keychain;
    QString m_keychainProblem;
    std::deque<Request> m_queue;
    bool m_busy = false;
    QPointer<QKeychain::Job> m_job;
    QTimer m_jobTimeout;
};
