#include "signinkeeper.h"

#include "chatclient.h"
#include "logging.h"
#include "servermemory.h"

#include <QSettings>
#include <QSysInfo>

SignInKeeper::SignInKeeper(ChatClient *client, TokenVault *vault, QSettings *settings, const QUrl &server,
                           QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_vault(vault)
    , m_settings(settings)
    , m_server(server)
    , m_username(ServerMemory::recallUser(*settings, server))
{
    connect(m_client, &ChatClient::signedIn, this, &SignInKeeper::onSignedIn);
    connect(m_client, &ChatClient::authRefused, this, &SignInKeeper::onRefused);
    connect(m_client, &ChatClient::sessionEnded, this, &SignInKeeper::onSessionEnded);
    connect(m_vault, &TokenVault::finished, this,
            [this](TokenVault::Operation operation, const QString &, const TokenResult &result) {
                onVaultFinished(operation, result);
            });
    connect(m_vault, &TokenVault::keychainUnavailable, this, [this](const QString &reason) {
        Q_EMIT notice(tr("No keychain is available (%1); Parley keeps your sign-in in a file only you can read.")
                          .arg(reason));
    });
}

QString SignInKeeper::deviceLabel()
{
    return tr("Parley on %1").arg(QSysInfo::machineHostName());
}

void SignInKeeper::prepare(std::function<void()> whenReady)
{
    m_whenReady = std::move(whenReady);
    if (m_username.isEmpty()) {
        const auto ready = std::exchange(m_whenReady, {});
        ready(); // nobody signed in here yet: the server says whether it needs anyone
        return;
    }
    m_vault->read(m_server, m_username);
}

void SignInKeeper::signInWith(const SignIn &signIn)
{
    m_username = signIn.username;
    m_client->setSignIn(signIn);
    m_client->connectToServer(m_client->serverUrl());
}

void SignInKeeper::forget()
{
    if (!m_username.isEmpty())
        m_vault->forget(m_server, m_username);
    ServerMemory::rememberUser(*m_settings, m_server, {});
    m_client->setSignIn({});
}

void SignInKeeper::onSignedIn(const Identity &identity, const QString &newToken)
{
    if (identity.guest)
        return; // a guest's token is for this run only
    m_username = identity.username;
    ServerMemory::rememberUser(*m_settings, m_server, identity.username);
    if (!newToken.isEmpty())
        m_vault->write(m_server, identity.username, newToken.toLatin1());
}

void SignInKeeper::onRefused(const AuthRefusal &refusal)
{
    if (refusal.reason == QLatin1String("throttled")) {
        // Not a question for the user: the protocol tries again by itself after the server's wait.
        qCInfo(lcApp).noquote() << "sign-in on" << m_server.toDisplayString() << "throttled";
        return;
    }
    if (refusal.tokenRejected() && !m_username.isEmpty())
        m_vault->forget(m_server, m_username); // it will not work again
    QString why = refusal.message;
    if (refusal.reason == QLatin1String("auth required"))
        why.clear(); // the first question, not an error
    qCInfo(lcApp).noquote() << "sign-in needed on" << m_server.toDisplayString() << refusal.reason;
    Q_EMIT signInNeeded(why, m_username);
}

void SignInKeeper::onSessionEnded(const QString &reason)
{
    if (!m_username.isEmpty())
        m_vault->forget(m_server, m_username); // revoked on the server: it will not work again
    QString why;
    if (reason == QLatin1String("signed out"))
        why = tr("You signed out.");
    else if (reason == QLatin1String("token revoked"))
        why = tr("This device was signed out from another device.");
    else
        why = tr("The server ended this sign-in.");
    qCInfo(lcApp).noquote() << "session ended on" << m_server.toDisplayString() << reason;
    Q_EMIT signInNeeded(why, m_username);
}

void SignInKeeper::onVaultFinished(TokenVault::Operation operation, const TokenResult &result)
{
    if (operation == TokenVault::Operation::Read) {
        if (result.status == TokenResult::Status::Ok)
            m_client->setSignIn(SignIn::withToken(QString::fromLatin1(result.token), deviceLabel()));
        else if (result.status != TokenResult::Status::NotFound)
            Q_EMIT notice(result.error);
        if (m_whenReady)
            std::exchange(m_whenReady, {})();
        return;
    }
    if (result.status == TokenResult::Status::Failed || result.status == TokenResult::Status::Refused)
        Q_EMIT notice(result.error);
}
