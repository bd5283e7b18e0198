#include "sessiontokens.h"

#include "accountdatabase.h"
#include "issuedtoken.h"
#include "sqltransaction.h"

namespace {

const QString kAccountDisabled = QStringLiteral("account disabled");
const QString kInvalidToken = QStringLiteral("invalid token");

UsernamePolicy::Limits labelLimits(const AccountStore::Settings &settings)
{
    UsernamePolicy::Limits limits = settings.names;
    limits.maxDisplayNameLength = settings.maxDeviceLabelLength;
    return limits;
}

} // namespace

SessionTokens::SessionTokens(AccountDatabase *db)
    : m_db(db)
    , m_labels(labelLimits(db->settings))
{
}

SessionTokens::Result<QString> SessionTokens::issue(qint64 accountId, const QString &deviceLabel,
                                                    std::chrono::milliseconds lifetime)
{
    using Db = AccountDatabase;
    if (lifetime.count() <= 0)
        return Db::refused<QString>(QStringLiteral("invalid lifetime"));
    const Result<Account> owner = m_db->accountWhere(QLatin1String("a.id"), accountId);
    if (!owner.ok())
        return Db::refused<QString>(owner.error);
    if (owner.value.disabled)
        return Db::refused<QString>(kAccountDisabled);
    const QString what = QStringLiteral("issue token");
    const QString token = IssuedToken::generate();
    if (token.isEmpty())
        return Db::refused<QString>(m_db->fail(what, QStringLiteral("no random source")));
    const qint64 nowMs = m_db->now();
    m_db->recover();
    SqlTransaction transaction(m_db->connection);
    if (!transaction.isActive())
        return Db::refused<QString>(m_db->transactionFailed(what));
    const bool stored =
            m_db->exec(what, QStringLiteral("DELETE FROM tokens WHERE account_id = ? AND expires_ms <= ?"),
                       {accountId, nowMs})
            && m_db->exec(what,
                          QStringLiteral("INSERT INTO tokens (token_hash, account_id, device_label,"
                                         " created_ms, expires_ms, last_used_ms)"
                                         " VALUES (?, ?, ?, ?, ?, ?)"),
                          {IssuedToken::hashOf(token), accountId,
                           Db::notNull(m_labels.cleanDisplayName(deviceLabel)), nowMs,
                           Db::expiryAt(nowMs, lifetime, m_db->settings.maxTokenLifetime), nowMs})
            // Keep the account's newest maxTokensPerAccount by last use (rowid: by issue).
            && m_db->exec(what,
                          QStringLiteral("DELETE FROM tokens WHERE account_id = ? AND %1 NOT IN"
                                         " (SELECT %1 FROM tokens WHERE account_id = ?"
                                         "  ORDER BY last_used_ms DESC, %1 DESC LIMIT ?)")
                                  .arg(m_db->issueOrder()),
                          {accountId, accountId, qint64(m_db->settings.maxTokensPerAccount)});
    if (!stored)
        return Db::refused<QString>(Db::storageFailure());
    if (!transaction.commit())
        return Db::refused<QString>(m_db->transactionFailed(what));
    return Db::success(token);
}

SessionTokens::Result<SessionTokens::Account> SessionTokens::accountFor(const QString &token)
{
    using Db = AccountDatabase;
    if (!IssuedToken::isWellFormed(token))
        return Db::refused<Account>(kInvalidToken);
    const QString what = QStringLiteral("check token");
    const QString hash = IssuedToken::hashOf(token);
    const qint64 nowMs = m_db->now();
    m_db->recover();
    SqlTransaction transaction(m_db->connection);
    if (!transaction.isActive())
        return Db::refused<Account>(m_db->transactionFailed(what));
    std::optional<QSqlQuery> q = m_db->exec(
            what,
            QStringLiteral("SELECT %1, t.expires_ms FROM tokens t"
                           " JOIN accounts a ON a.id = t.account_id WHERE t.token_hash = ?")
                    .arg(Db::accountColumns()),
            {hash});
    if (!q)
        return Db::refused<Account>(Db::storageFailure());
    if (!q->next())
        return Db::refused<Account>(kInvalidToken);
    const Account account = Db::accountFrom(*q);
    const qint64 expiresMs = q->value(Db::kAccountColumnCount).toLongLong();
    q->finish();
    if (expiresMs <= nowMs) {
        if (!m_db->exec(what, QStringLiteral("DELETE FROM tokens WHERE token_hash = ?"), {hash})
            || !transaction.commit()) {
            return Db::refused<Account>(Db::storageFailure());
        }
        return Db::refused<Account>(QStringLiteral("token expired"));
    }
    if (account.disabled)
        return Db::refused<Account>(kAccountDisabled);
    if (!m_db->exec(what, QStringLiteral("UPDATE tokens SET last_used_ms = ? WHERE token_hash = ?"),
                    {nowMs, hash})) {
        return Db::refused<Account>(Db::storageFailure());
    }
    if (!transaction.commit())
        return Db::refused<Account>(m_db->transactionFailed(what));
    return Db::success(account);
}

SessionTokens::Result<QList<AccountStore::TokenInfo>> SessionTokens::list(qint64 accountId)
{
    using Db = AccountDatabase;
    std::optional<QSqlQuery> q = m_db->exec(
            QStringLiteral("list tokens"),
            QStringLiteral("SELECT token_hash, device_label, created_ms, last_used_ms, expires_ms"
                           " FROM tokens WHERE account_id = ? AND expires_ms > ?"
                           " ORDER BY last_used_ms DESC, %1 DESC")
                    .arg(m_db->issueOrder()),
            {accountId, m_db->now()});
    if (!q)
        return Db::refused<QList<AccountStore::TokenInfo>>(Db::storageFailure());
    QList<AccountStore::TokenInfo> tokens;
    while (q->next()) {
        AccountStore::TokenInfo info;
        info.id = IssuedToken::idOf(q->value(0).toString());
        info.deviceLabel = q->value(1).toString();
        info.createdMs = q->value(2).toLongLong();
        info.lastUsedMs = q->value(3).toLongLong();
        info.expiresMs = q->value(4).toLongLong();
        tokens.append(info);
    }
    return Db::success(tokens);
}

QString SessionTokens::revoke(qint64 accountId, const QString &tokenId)
{
    const QString unknown = QStringLiteral("unknown token");
    if (!IssuedToken::isWellFormedId(tokenId))
        return unknown;
    std::optional<QSqlQuery> q = m_db->exec(
            QStringLiteral("revoke token"),
            QStringLiteral("DELETE FROM tokens WHERE account_id = ? AND substr(token_hash, 1, ?) = ?"),
            {accountId, qint64(IssuedToken::kIdLength), tokenId});
    if (!q)
        return AccountDatabase::storageFailure();
    return q->numRowsAffected() > 0 ? QString() : unknown;
}
