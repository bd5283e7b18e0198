#include "accountstore.h"

#include "accountdatabase.h"
#include "accountstoreschema.h"
#include "issuedtoken.h"
#include "sessiontokens.h"
#include "sqlconnection.h"
#include "sqltransaction.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <optional>
#include <utility>

namespace {

using Account = AccountStore::Account;
template <typename T>
using Result = AccountStore::Result<T>;
using Db = AccountDatabase;

const QString kStorageFailure = AccountDatabase::storageFailure();
const QString kInvalidCredentials = QStringLiteral("invalid credentials");
const QString kAccountDisabled = QStringLiteral("account disabled");
const QString kUnknownAccount = QStringLiteral("unknown account");
const QString kInvalidInvite = QStringLiteral("invalid invite");

} // namespace

struct AccountStore::Private : AccountDatabase
{
    explicit Private(Settings s)
        : AccountDatabase(std::move(s)), hasher(settings.hashing), names(settings.names), tokens(this)
    {
    }

    //! Whether an account holds \a key; nullopt on a storage failure.
    std::optional<bool> usernameTaken(const QString &key)
    {
        std::optional<QSqlQuery> q = exec(QStringLiteral("find username"),
                                          QStringLiteral("SELECT 1 FROM accounts WHERE username_key = ?"),
                                          {key});
        if (!q)
            return std::nullopt;
        return q->next();
    }

    //! A hash to verify against when there is no account, so that an unknown name costs the
    //! same time as a wrong password.
    const QByteArray &dummyHash()
    {
        if (unknownAccountHash.isEmpty())
            unknownAccountHash = hasher.hash(QStringLiteral("parley: no such account")).hash;
        return unknownAccountHash;
    }

    Result<Account> insertAccount(const QString &canonical, const QString &displayName,
                                  const QByteArray &passwordHash, bool admin);

    //! The account \a username names by UsernamePolicy's key (no policy check: a name registered
    //! under older limits is found too); an over-long input is no account.
    Result<Account> accountByName(const QString &username, QByteArray *passwordHash = nullptr)
    {
        if (username.size() > names.limits().maxInputLength)
            return refused<Account>(kUnknownAccount);
        return accountWhere(QLatin1String("a.username_key"),
                            UsernamePolicy::keyOf(UsernamePolicy::canonical(username)), passwordHash);
    }

    PasswordHasher hasher;
    UsernamePolicy names;
    SessionTokens tokens;
    QByteArray unknownAccountHash;
};

AccountStore::AccountStore()
    : AccountStore(Settings())
{
}

AccountStore::AccountStore(Settings settings)
    : d(std::make_unique<Private>(std::move(settings)))
{
}

AccountStore::~AccountStore()
{
    close();
}

bool AccountStore::open(const QString &databasePath)
{
    close();
    d->error.clear();
    d->path = databasePath;
    SqlConnection::Options options;
    options.busyTimeout = d->settings.busyTimeout;
    options.foreignKeys = true;
    if (!d->connection.open(databasePath, options)) {
        d->error = d->connection.errorString();
        return false;
    }
    int version = 0;
    switch (AccountStoreSchema::apply(d->connection, &version, &d->error)) {
    case SqlMigrations::Outcome::UpToDate:
    case SqlMigrations::Outcome::Migrated:
        d->schemaVersion = version;
        return true;
    case SqlMigrations::Outcome::Newer:
    case SqlMigrations::Outcome::Failed:
        break;
    }
    d->connection.close();
    return false;
}

void AccountStore::close()
{
    d->connection.close();
    d->schemaVersion = 0;
}

bool AccountStore::isOpen() const
{
    return d->connection.isOpen();
}

int AccountStore::schemaVersion() const
{
    return d->schemaVersion;
}

QString AccountStore::errorString() const
{
    return d->error;
}

Result<Account> AccountStore::Private::insertAccount(const QString &canonical,
                                                     const QString &displayName,
                                                     const QByteArray &passwordHash, bool admin)
{
    Account account;
    account.username = canonical;
    account.displayName = displayName;
    account.isAdmin = admin;
    account.createdMs = now();
    const QString what = QStringLiteral("create account");
    recover();
    SqlTransaction transaction(connection);
    if (!transaction.isActive())
        return Db::refused<Account>(transactionFailed(what));
    // Checked again inside the transaction: another sign-up may have taken it since.
    const std::optional<bool> taken = usernameTaken(UsernamePolicy::keyOf(canonical));
    if (!taken)
        return Db::refused<Account>(kStorageFailure);
    if (*taken)
        return Db::refused<Account>(QStringLiteral("username taken"));
    std::optional<QSqlQuery> insert = exec(
            what,
            QStringLiteral("INSERT INTO accounts (username, username_key, display_name,"
                           " password_hash, is_admin, is_guest, created_ms)"
                           " VALUES (?, ?, ?, ?, ?, 0, ?) RETURNING id"),
            {canonical, UsernamePolicy::keyOf(canonical), displayName,
             Db::notNull(QString::fromLatin1(passwordHash)), int(admin), account.createdMs});
    if (!insert || !insert->next())
        return Db::refused<Account>(insert ? fail(what, insert->lastError()) : kStorageFailure);
    account.id = insert->value(0).toLongLong();
    insert->finish();
    if (!transaction.commit())
        return Db::refused<Account>(transactionFailed(what));
    return Db::success(account);
}

QString AccountStore::checkUsername(const QString &username)
{
    const QString nameError = d->names.check(username);
    if (!nameError.isEmpty())
        return nameError;
    const std::optional<bool> taken =
            d->usernameTaken(UsernamePolicy::keyOf(UsernamePolicy::canonical(username)));
    if (!taken)
        return kStorageFailure;
    return *taken ? QStringLiteral("username taken") : QString();
}

QString AccountStore::checkNewAccount(const QString &username, const QString &password)
{
    const QString nameError = d->names.check(username);
    if (!nameError.isEmpty())
        return nameError;
    const QString passwordError = d->hasher.check(password);
    return passwordError.isEmpty() ? checkUsername(username) : passwordError;
}

Result<Account> AccountStore::createAccountWithHash(const QString &username,
                                                    const QString &displayName,
                                                    const QByteArray &passwordHash, bool admin)
{
    const QString nameError = d->names.check(username);
    if (!nameError.isEmpty())
        return Db::refused<Account>(nameError);
    const QString canonical = UsernamePolicy::canonical(username);
    const QString cleaned = d->names.cleanDisplayName(displayName);
    return d->insertAccount(canonical, cleaned.isEmpty() ? canonical : cleaned, passwordHash, admin);
}

Result<Account> AccountStore::createAccount(const QString &username, const QString &displayName,
                                            const QString &password, bool admin)
{
    // Asked before the expensive hash; insertAccount() asks again inside its transaction.
    const QString error = checkNewAccount(username, password);
    if (!error.isEmpty())
        return Db::refused<Account>(error);
    const PasswordHasher::Hashed hashed = d->hasher.hash(password);
    if (!hashed.error.isEmpty())
        return Db::refused<Account>(hashed.error);
    return createAccountWithHash(username, displayName, hashed.hash, admin);
}

Result<Account> AccountStore::createGuest(const QString &displayName)
{
    const QString what = QStringLiteral("create guest");
    Account account;
    account.isGuest = true;
    account.createdMs = d->now();
    d->recover();
    SqlTransaction transaction(d->connection);
    if (!transaction.isActive())
        return Db::refused<Account>(d->transactionFailed(what));
    // The id is known only after the insert: a placeholder name, replaced before the commit
    // (transactions do not overlap, so no two guests ever hold it at once).
    const QString placeholder = UsernamePolicy::kGuestPrefix;
    std::optional<QSqlQuery> insert = d->exec(
            what,
            QStringLiteral("INSERT INTO accounts (username, username_key, display_name, is_guest,"
                           " created_ms) VALUES (?, ?, ?, 1, ?) RETURNING id"),
            {placeholder, placeholder, placeholder, account.createdMs});
    if (!insert || !insert->next())
        return Db::refused<Account>(insert ? d->fail(what, insert->lastError()) : kStorageFailure);
    account.id = insert->value(0).toLongLong();
    insert->finish();
    account.username = UsernamePolicy::kGuestPrefix + QString::number(account.id);
    const QString cleaned = d->names.cleanDisplayName(displayName);
    account.displayName = cleaned.isEmpty() ? account.username : cleaned;
    if (!d->exec(what,
                 QStringLiteral("UPDATE accounts SET username = ?, username_key = ?, display_name = ?"
                                " WHERE id = ?"),
                 {account.username, account.username, account.displayName, account.id})) {
        return Db::refused<Account>(kStorageFailure);
    }
    if (!transaction.commit())
        return Db::refused<Account>(d->transactionFailed(what));
    return Db::success(account);
}

Result<AccountStore::PasswordRecord> AccountStore::passwordRecord(const QString &username)
{
    // The key without the policy's checks: a name registered under older limits still signs in.
    PasswordRecord record;
    const Result<Account> found = d->accountByName(username, &record.hash);
    if (!found.ok())
        return Db::refused<PasswordRecord>(found.error == kStorageFailure ? kStorageFailure
                                                                      : kInvalidCredentials);
    if (record.hash.isEmpty()) // a guest's, or a token-only account: no password to match
        return Db::refused<PasswordRecord>(kInvalidCredentials);
    record.account = found.value;
    return Db::success(record);
}

QString AccountStore::storePasswordHash(qint64 accountId, const QByteArray &hash)
{
    std::optional<QSqlQuery> q =
            d->exec(QStringLiteral("store password hash"),
                    QStringLiteral("UPDATE accounts SET password_hash = ? WHERE id = ?"),
                    {Db::notNull(QString::fromLatin1(hash)), accountId});
    if (!q)
        return kStorageFailure;
    return q->numRowsAffected() > 0 ? QString() : kUnknownAccount;
}

Result<Account> AccountStore::verifyPassword(const QString &username, const QString &password)
{
    const Result<PasswordRecord> record = passwordRecord(username);
    if (record.error == kStorageFailure)
        return Db::refused<Account>(kStorageFailure);
    if (!record.ok()) { // no such name, or no password to match: cost the same time anyway
        d->hasher.verify(d->dummyHash(), password);
        return Db::refused<Account>(kInvalidCredentials);
    }
    if (!d->hasher.verify(record.value.hash, password))
        return Db::refused<Account>(kInvalidCredentials);
    if (record.value.account.disabled)
        return Db::refused<Account>(kAccountDisabled);
    if (d->hasher.needsRehash(record.value.hash)) {
        // Best effort: the sign-in succeeds even if the stronger hash cannot be stored now.
        const PasswordHasher::Hashed rehashed = d->hasher.hash(password);
        if (rehashed.error.isEmpty())
            storePasswordHash(record.value.account.id, rehashed.hash);
    }
    return Db::success(record.value.account);
}

Result<Account> AccountStore::findAccount(const QString &username)
{
    return d->accountByName(username);
}

Result<Account> AccountStore::account(qint64 accountId)
{
    return d->accountWhere(QLatin1String("a.id"), accountId);
}

QString AccountStore::setDisabled(qint64 accountId, bool disabled)
{
    std::optional<QSqlQuery> q =
            d->exec(QStringLiteral("disable account"),
                    QStringLiteral("UPDATE accounts SET disabled = ? WHERE id = ?"),
                    {int(disabled), accountId});
    if (!q)
        return kStorageFailure;
    return q->numRowsAffected() > 0 ? QString() : kUnknownAccount;
}

Result<QString> AccountStore::issueToken(qint64 accountId, const QString &deviceLabel,
                                         std::chrono::milliseconds lifetime)
{
    return d->tokens.issue(accountId, deviceLabel, lifetime);
}

Result<Account> AccountStore::accountForToken(const QString &token)
{
    return d->tokens.accountFor(token);
}

Result<QList<AccountStore::TokenInfo>> AccountStore::listTokens(qint64 accountId)
{
    return d->tokens.list(accountId);
}

QString AccountStore::revokeToken(qint64 accountId, const QString &tokenId)
{
    return d->tokens.revoke(accountId, tokenId);
}

QString AccountStore::setLastSeen(qint64 accountId, qint64 lastSeenMs)
{
    std::optional<QSqlQuery> q =
            d->exec(QStringLiteral("last seen"),
                    QStringLiteral("UPDATE accounts SET last_seen_ms = ? WHERE id = ?"),
                    {lastSeenMs, accountId});
    if (!q)
        return kStorageFailure;
    return q->numRowsAffected() > 0 ? QString() : kUnknownAccount;
}

QString AccountStore::setReadReceipts(qint64 accountId, bool on)
{
    std::optional<QSqlQuery> q =
            d->exec(QStringLiteral("read receipts"),
                    QStringLiteral("UPDATE accounts SET read_receipts = ? WHERE id = ?"),
                    {on ? 1 : 0, accountId});
    if (!q)
        return kStorageFailure;
    return q->numRowsAffected() > 0 ? QString() : kUnknownAccount;
}

Result<AccountStore::Invite> AccountStore::createInvite(qint64 createdBy, int uses,
                                                       std::chrono::milliseconds lifetime)
{
    if (uses < 1 || uses > d->settings.maxInviteUses)
        return Db::refused<Invite>(QStringLiteral("invalid uses"));
    if (lifetime.count() <= 0)
        return Db::refused<Invite>(QStringLiteral("invalid lifetime"));
    if (createdBy > 0) {
        const Result<Account> creator = account(createdBy);
        if (!creator.ok())
            return Db::refused<Invite>(creator.error);
    }
    const QString what = QStringLiteral("create invite");
    Invite invite;
    invite.code = IssuedToken::generate(d->settings.inviteCodeBytes);
    if (invite.code.isEmpty())
        return Db::refused<Invite>(d->fail(what, QStringLiteral("no random source")));
    const qint64 nowMs = d->now();
    invite.expiresMs = Db::expiryAt(nowMs, lifetime, d->settings.maxInviteLifetime);
    if (!d->exec(what,
                 QStringLiteral("INSERT INTO invites (code_hash, uses_left, expires_ms, created_by,"
                                " created_ms) VALUES (?, ?, ?, ?, ?)"),
                 {IssuedToken::hashOf(invite.code), uses, invite.expiresMs,
                  createdBy > 0 ? QVariant(createdBy) : QVariant(), nowMs})) {
        return Db::refused<Invite>(kStorageFailure);
    }
    return Db::success(invite);
}

QString AccountStore::redeemInvite(const QString &code)
{
    if (!IssuedToken::isWellFormed(code, d->settings.inviteCodeBytes))
        return kInvalidInvite;
    const QString what = QStringLiteral("redeem invite");
    const QString hash = IssuedToken::hashOf(code);
    d->recover();
    SqlTransaction transaction(d->connection);
    if (!transaction.isActive())
        return d->transactionFailed(what);
    std::optional<QSqlQuery> q =
            d->exec(what, QStringLiteral("SELECT uses_left, expires_ms FROM invites WHERE code_hash = ?"),
                    {hash});
    if (!q)
        return kStorageFailure;
    if (!q->next())
        return kInvalidInvite;
    const qint64 usesLeft = q->value(0).toLongLong();
    const qint64 expiresMs = q->value(1).toLongLong();
    q->finish();
    if (expiresMs <= d->now())
        return QStringLiteral("invite expired");
    if (usesLeft <= 0)
        return QStringLiteral("invite used up");
    if (!d->exec(what, QStringLiteral("UPDATE invites SET uses_left = uses_left - 1 WHERE code_hash = ?"),
                 {hash})) {
        return kStorageFailure;
    }
    return transaction.commit() ? QString() : d->transactionFailed(what);
}

Result<int> AccountStore::pruneExpired()
{
    const QString what = QStringLiteral("prune");
    const qint64 nowMs = d->now();
    d->recover();
    SqlTransaction transaction(d->connection);
    if (!transaction.isActive())
        return Db::refused<int>(d->transactionFailed(what));
    std::optional<QSqlQuery> guests;
    const bool pruned =
            d->exec(what, QStringLiteral("DELETE FROM tokens WHERE expires_ms <= ?"), {nowMs})
            && d->exec(what, QStringLiteral("DELETE FROM invites WHERE expires_ms <= ? OR uses_left <= 0"),
                       {nowMs})
            && (guests = d->exec(what,
                                 QStringLiteral("DELETE FROM accounts WHERE is_guest = 1 AND NOT EXISTS"
                                                " (SELECT 1 FROM tokens t WHERE t.account_id = accounts.id)")));
    if (!pruned)
        return Db::refused<int>(kStorageFailure);
    const int removed = guests->numRowsAffected();
    guests->finish();
    if (!transaction.commit())
        return Db::refused<int>(d->transactionFailed(what));
    return Db::success(removed);
}
