#pragma once
// SignInKeeper: keeps the app signed in on one parley-server without asking twice. Before the
// first connect it looks up the account last used on that server (ServerMemory) and its session
// token (TokenVault: the OS keychain, else a 0600 file) and hands it to ChatClient. When the server
// issues a token, it is kept and the account remembered; when the server refuses (no credentials,
// an expired or revoked token), the token is forgotten and signInNeeded() asks the UI for a
// username and password (SignInDialog). Signing out forgets the token, and so does a session the
// server ended (signed out here or from another device). A "throttled" refusal asks nothing: the
// protocol tries again by itself after the server's wait.
//
// No widgets: the window decides how to ask (see AppSession).
#include "authrefusal.h"
#include "identity.h"
#include "signin.h"
#include "tokenvault.h"

#include <QObject>
#include <QUrl>
#include <functional>

class ChatClient;
class QSettings;

class SignInKeeper : public QObject
{
    Q_OBJECT
public:
    //! \a client, \a vault and \a settings are not owned and outlive the keeper.
    SignInKeeper(ChatClient *client, TokenVault *vault, QSettings *settings, const QUrl &server,
                 QObject *parent = nullptr);

    //! Gives the client the kept sign-in (if any), then calls \a whenReady (connect then).
    void prepare(std::function<void()> whenReady);
    //! The user filled the sign-in form: sign in with \a signIn and connect again.
    void signInWith(const SignIn &signIn);
    //! Forgets the kept token and account for this server.
    void forget();
    //! The account the keeper signs in as (last remembered, or typed).
    QString username() const { return m_username; }
    //! A label for this computer in the server's list of sessions.
    static QString deviceLabel();

Q_SIGNALS:
    //! The server wants to know who we are: ask the user. \a why in words (empty the first time),
    //! \a username to prefill.
    void signInNeeded(const QString &why, const QString &username);
    //! The vault could not keep the token where asked (shown once, e.g. "no keychain").
    void notice(const QString &text);

private:
    void onSignedIn(const Identity &identity, const QString &newToken);
    void onRefused(const AuthRefusal &refusal);
    void onSessionEnded(const QString &reason);
    void onVaultFinished(TokenVault::Operation operation, const TokenResult &result);

    ChatClient *m_client;
    TokenVault *m_vault;
    QSettings *m_settings;
    QUrl m_server;
    QString m_username;
    std::function<void()> m_whenReady;
};
