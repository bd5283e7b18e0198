#include "accountevents.h"

#include "accountstore.h"
#include "chathub.h"
#include "logging.h"
#include "serversession.h"

#include <QJsonObject>

#include <chrono>
#include <limits>

namespace {

const QLatin1String kTokens("tokens");
const QLatin1String kRevokeToken("revokeToken");
const QLatin1String kSignOut("signOut");
const QLatin1String kCreateInvite("createInvite");

const QLatin1String kOk("ok");
const QLatin1String kId("id");
const QLatin1String kUses("uses");
const QLatin1String kLifetimeMs("lifetimeMs");


//! Reads the optional positive integer \a key of \a request into \a out (left alone when absent
//! or null); false when it is there but not such a number.
bool optionalPositive(const QJsonObject &request, QLatin1String key, qint64 *out)
{
    const QJsonValue value = request.value(key);
    if (value.isUndefined() || value.isNull())
        return true;
    const qint64 n = value.isDouble() ? value.toInteger(0) : 0;
    if (n <= 0)
        return false;
    *out = n;
    return true;
}

} // namespace

AccountEvents::AccountEvents(const ServerSettings &settings, AccountStore *store)
    : m_settings(settings)
    , m_store(store)
{
}

bool AccountEvents::handles(const QString &event)
{
    return event == kTokens || event == kRevokeToken || event == kSignOut || event == kCreateInvite;
}

void AccountEvents::handle(ServerSession *from, const QString &event, const QJsonArray &args,
                           std::optional<qint64> ackId, const QList<ServerSession *> &sessions)
{
    if (event == kTokens)
        listTokens(from, ackId);
    else if (event == kRevokeToken)
        revokeToken(from, args, ackId, sessions);
    else if (event == kSignOut)
        signOut(from, ackId, sessions);
    else if (event == kCreateInvite)
        createInvite(from, args, ackId);
}

void AccountEvents::listTokens(ServerSession *from, std::optional<qint64> ackId)
{
    const AccountStore::Result<QList<AccountStore::TokenInfo>> tokens =
            m_store->listTokens(from->account().id);
    if (!tokens.ok())
        return ChatHub::reply(from, ackId, ChatHub::failureReply(tokens.error));
    QJsonArray list;
    for (const AccountStore::TokenInfo &t : tokens.value) {
        list.append(QJsonObject{{kId, t.id},
                                {QLatin1String("device"), t.deviceLabel},
                                {QLatin1String("created"), t.createdMs},
                                {QLatin1String("lastUsed"), t.lastUsedMs},
                                {QLatin1String("expires"), t.expiresMs},
                                {QLatin1String("current"), t.id == from->tokenId()}});
    }
    ChatHub::reply(from, ackId, QJsonObject{{kOk, true}, {kTokens, list}});
}

void AccountEvents::revokeToken(ServerSession *from, const QJsonArray &args,
                                std::optional<qint64> ackId, const QList<ServerSession *> &sessions)
{
    const QJsonValue id = args.at(0).toObject().value(kId);
    if (!id.isString())
        return ChatHub::reply(from, ackId, ChatHub::errorReply(QStringLiteral("malformed arguments")));
    const qint64 accountId = from->account().id;
    const QString error = m_store->revokeToken(accountId, id.toString());
    if (!error.isEmpty())
        return ChatHub::reply(from, ackId, ChatHub::failureReply(error));
    qCInfo(lcServer).noquote() << from->logId() << from->account().username << "revoked a token";
    ChatHub::reply(from, ackId, QJsonObject{{kOk, true}});
    // The asker too, when it revoked its own token: after the answer.
    endSessions(sessions, accountId, id.toString(), nullptr);
}

void AccountEvents::signOut(ServerSession *from, std::optional<qint64> ackId,
                            const QList<ServerSession *> &sessions)
{
    const qint64 accountId = from->account().id;
    const QString error = m_store->revokeToken(accountId, from->tokenId());
    if (!error.isEmpty() && error != QLatin1String("unknown token")) // gone already: signed out
        return ChatHub::reply(from, ackId, ChatHub::failureReply(error));
    qCInfo(lcServer).noquote() << from->logId() << from->account().username << "signed out";
    ChatHub::reply(from, ackId, QJsonObject{{kOk, true}});
    endSessions(sessions, accountId, from->tokenId(), from);
    from->endSignIn(QStringLiteral("signed out"));
}

void AccountEvents::createInvite(ServerSession *from, const QJsonArray &args,
                                 std::optional<qint64> ackId)
{
    if (!from->account().isAdmin)
        return ChatHub::reply(from, ackId, ChatHub::errorReply(QStringLiteral("not allowed")));
    const QJsonObject request = args.at(0).toObject();
    qint64 uses = 1;
    qint64 lifetimeMs = m_settings.inviteLifetime.count();
    if (!optionalPositive(request, kUses, &uses) || uses > std::numeric_limits<int>::max())
        return ChatHub::reply(from, ackId, ChatHub::errorReply(QStringLiteral("invalid uses")));
    if (!optionalPositive(request, kLifetimeMs, &lifetimeMs))
        return ChatHub::reply(from, ackId, ChatHub::errorReply(QStringLiteral("invalid lifetime")));
    const AccountStore::Result<AccountStore::Invite> invite = m_store->createInvite(
            from->account().id, int(uses), std::chrono::milliseconds(lifetimeMs));
    if (!invite.ok())
        return ChatHub::reply(from, ackId, ChatHub::failureReply(invite.error));
    qCInfo(lcServer).noquote() << from->logId() << from->account().username
                               << "created an invite for" << uses << "uses";
    ChatHub::reply(from, ackId,
                   QJsonObject{{kOk, true},
                               {QLatin1String("code"), invite.value.code},
                               {QLatin1String("expires"), invite.value.expiresMs}});
}

void AccountEvents::endSessions(const QList<ServerSession *> &sessions, qint64 accountId,
                                const QString &tokenId, const ServerSession *spared)
{
    const QList<ServerSession *> snapshot = sessions; // ending one detaches it from the live list
    for (ServerSession *session : snapshot) {
        if (session != spared && session->account().id == accountId
            && session->tokenId() == tokenId) {
            session->endSignIn(QStringLiteral("token revoked"));
        }
    }
}
