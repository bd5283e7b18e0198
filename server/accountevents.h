#pragma once
// AccountEvents: what a signed-in session may do with its own account over the socket --
// "tokens", "revokeToken", "signOut" and, for admins, "createInvite" (docs/protocol.md,
// "Accounts' events and identities").

#include "serversettings.h"

#include <QJsonArray>
#include <QList>
#include <QString>

#include <optional>

class AccountStore;
class ServerSession;

//! Answers the accounts' events for ChatHub, which hands over every event it recognises here.
//!
//! Why apart from ChatHub: these events touch the accounts' database and end sessions, not rooms;
//! ChatHub stays the chat. The account they act on is always the asking session's own
//! (ServerSession::account()), never one named in the payload, so nobody can list or revoke
//! another person's tokens. Revoking a token ends every session signed in with it: each gets an
//! "auth" event {"reason": "token revoked"} and is closed; the client's next connect with that
//! token is refused ("invalid token").
class AccountEvents
{
public:
    //! \a store must be open and outlive this object.
    AccountEvents(const ServerSettings &settings, AccountStore *store);

    //! True for the events handled here.
    static bool handles(const QString &event);
    //! Handles \a event from \a from; \a sessions are every signed-in session of the server (the
    //! ones a revoked token may end).
    void handle(ServerSession *from, const QString &event, const QJsonArray &args,
                std::optional<qint64> ackId, const QList<ServerSession *> &sessions);

private:
    void listTokens(ServerSession *from, std::optional<qint64> ackId);
    void revokeToken(ServerSession *from, const QJsonArray &args, std::optional<qint64> ackId,
                     const QList<ServerSession *> &sessions);
    void signOut(ServerSession *from, std::optional<qint64> ackId,
                 const QList<ServerSession *> &sessions);
    void createInvite(ServerSession *from, const QJsonArray &args, std::optional<qint64> ackId);
    //! Ends every session in \a sessions signed in to \a accountId with token \a tokenId, except
    //! \a spared.
    static void endSessions(const QList<ServerSession *> &sessions, qint64 accountId,
                            const QString &tokenId, const ServerSession *spared);

    ServerSettings m_settings;
    AccountStore *m_store;
};
