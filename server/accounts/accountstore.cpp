#include "accountstore.h"

#include "accountstoreschema.h"
#include "logging.h"
#include "issuedtoken.h"
#include "sqliteconnection.h"
#include "sqlitetransaction.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <limits>
#include <optional>
#include <utility>

namespace {

using Account = AccountStore::Account;
template <typename T>
using Result = AccountStore::Result<T>;

const QString kStorageFailure = QStringLiteral("storage failure");
const QString kInvalidCredentials = QStringLiteral("invalid credentials");
const QString kAccountDisabled = QStringLiteral("account disabled");
const QString kUnknownAccount = QStringLiteral("unknown account");
const QString kInvalidLifetime = QStringLiteral("invalid lifetime");
const QString kInvalidToken = QStringLiteral("invalid token");
const QString kInvalidInvite = QStringLiteral("invalid invite");

//! The columns accountFrom() reads, in its order; "a" is the accounts table.
const QLatin1String kAccountColumns(
        "a.id, a.username, a.display_name, a.is_admin, a.is_guest, a.created_ms, a.disabled");
constexpr int kAccountColumnCount = 7;

Account accountFrom(const QSqlQuery &query)
{
    Account a;
    a.id = query.value(0).toLongLong();
    a.username = query.value(1).toString();
    a.displayName = query.value(2).toString();
    a.isAdmin = query.value(3).toInt() != 0;
    a.isGuest = query.value(4).toInt() != 0;
    a.createdMs = query.value(5).toLongLong();
    a.disabled = query.value(6).toInt() != 0;
    return a;
}

template <typename T>
Result<T> refused(QString error)
{
    Result<T> result;
    result.error = std::move(error);
    return result;
}

template <typename T>
Result<T> success(T value)
{
    Result<T> result;
    result.value = std::move(value);
    return result;
}

//! QSQLITE binds a null QString as NULL, which the NOT NULL columns refuse.
QString notNull(const QString &text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

//! \a nowMs + \a lifetime cut to \a max, without overflow.
qint64 expiryAt(qint64 nowMs, std::chrono::milliseconds lifetime, std::chrono::milliseconds max)
{
    const qint64 span = std::min(lifetime, max).count();
    return span > std::numeric_limits<qint64>::max() - nowMs ? std::numeric_limits<qint64>::max()
                                                              : nowMs + span;
}

UsernamePolicy::Limits labelLimits(const AccountStore::Settings &settings)
{
    UsernamePolicy::Limits limits = settings.names;
    limits.maxDisplayNameLength = settings.maxDeviceLabelLength;
    return limits;
}

} // namespace

struct AccountStore::Private
{
    explicit Private(Settings s)
        : settings(std::move(s)), hasher(settings.hashing), names(settings.names),
          labels(labelLimits(settings))
    {
    }

    qint64 now() const
    {
        return settings.clock ? settings.clock() : QDateTime::currentMSecsSinceEpoch();
    }

    //! Records and logs why \a what failed; returns the code for the caller.
    QString fail(const QString &what, const QString &reason)
    {
        error = reason + QLatin1String(" (") + what + QLatin1Char(')');
        qCWarning(lcServer).noquote() << "accounts database"
                                      << (path.isEmpty() ? QStringLiteral(":memory:") : path)
                                      << "failed:" << error;
        return kStorageFailure;
    }
    QString fail(const QString &what, const QSqlError &sqlError)
    {
        return fail(what, sqlError.databaseText().isEmpty() ? sqlError.text()
                                                            : sqlError.databaseText());
    }
    //! A transaction that could not begin or commit.
    QString transactionFailed(const QString &what) { return fail(what, connection.errorString()); }

    //! Prepares and runs \a sql with \a values bound in order; nullopt (recorded) on failure.
    std::optional<QSqlQuery> exec(const QString &what, const QString &sql,
                                  const QVariantList &values = {})
    {
        QSqlQuery query(connection.database());
        query.setForwardOnly(true);
        if (!query.prepare(sql)) {
            fail(what, query.lastError());
            return std::nullopt;
        }
        for (const QVariant &value : values)
            query.addBindValue(value);
        if (!query.exec()) {
            fail(what, query.lastError());
            return std::nullopt;
        }
        return query;
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

    //! The account whose \a column is \a value ("unknown account"), and its stored password
    //! hash in \a passwordHash when asked for.
    Result<Account> accountWhere(QLatin1String column, const QVariant &value,
                                 QByteArray *passwordHash = nullptr)
    {
        std::optional<QSqlQuery> q = exec(
                QStringLiteral("find account"),
                QStringLiteral("SELECT %1, a.password_hash FROM accounts a WHERE %2 = ?")
                        .arg(kAccountColumns, column),
                {value});
        if (!q)
            return refused<Account>(kStorageFailure);
        if (!q->next())
            return refused<Account>(kUnknownAccount);
        if (passwordHash)
            *passwordHash = q->value(kAccountColumnCount).toString().toLatin1();
        return success(accountFrom(*q));
    }
    //! The account \a username names by UsernamePolicy's key (no policy check: a name registered
    //! under older limits is found too); an over-long input is no account.
    Result<Account> accountByName(const QString &username, QByteArray *passwordHash = nullptr)
    {
        if (username.size() > names.limits().maxInputLength)
            return refused<Account>(kUnknownAccount);
        return accountWhere(QLatin1String("a.username_key"),
                            UsernamePolicy::keyOf(UsernamePolicy::canonical(username)), passwordHash);
    }

    Settings settings;
    PasswordHasher hasher;
    UsernamePolicy names;
    UsernamePolicy labels; //!< device labels: cleaned as display names, to their own length
    SqliteConnection connection;
    QString path;
    int schemaVersion = 0;
    QString error;
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
    SqliteConnection::Options options;
    options.busyTimeout = d->settings.busyTimeout;
    options.foreignKeys = true;
    if (!d->connection.open(databasePath, options)) {
        d->error = d->connection.errorString();
        return false;
    }
    int version = 0;
    switch (AccountStoreSchema::apply(d->connection, &version, &d->error)) {
    case SqliteMigrations::Outcome::UpToDate:
    case SqliteMigrations::Outcome::Migrated:
        d->schemaVersion = version;
        return true;
    case SqliteMigrations::Outcome::Newer:
    case SqliteMigrations::Outcome::Failed:
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
    SqliteTransaction transaction(connection);
    if (!transaction.isActive())
        return refused<Account>(transactionFailed(what));
    // Checked again inside the transaction: another sign-up may have taken it since.
    const std::optional<bool> taken = usernameTaken(UsernamePolicy::keyOf(canonical));
    if (!taken)
        return refused<Account>(kStorageFailure);
    if (*taken)
        return refused<Account>(QStringLiteral("username taken"));
    std::optional<QSqlQuery> insert = exec(
            what,
            QStringLiteral("INSERT INTO accounts (username, username_key, display_name,"
                           " password_hash, is_admin, is_guest, created_ms)"
                           " VALUES (?, ?, ?, ?, ?, 0, ?)"),
            {canonical, UsernamePolicy::keyOf(canonical), displayName,
             notNull(QString::fromLatin1(passwordHash)), int(admin), account.createdMs});
    if (!insert)
        return refused<Account>(kStorageFailure);
    account.id = insert->lastInsertId().toLongLong();
    insert->finish();
    if (!transaction.commit())
        return refused<Account>(transactionFailed(what));
    return success(account);
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
        return refused<Account>(nameError);
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
        return refused<Account>(error);
    const PasswordHasher::Hashed hashed = d->hasher.hash(password);
    if (!hashed.error.isEmpty())
        return refused<Account>(hashed.error);
    return createAccountWithHash(username, displayName, hashed.hash, admin);
}

Result<Account> AccountStore::createGuest(const QString &displayName)
{
    const QString what = QStringLiteral("create guest");
    Account account;
    account.isGuest = true;
    account.createdMs = d->now();
    SqliteTransaction transaction(d->connection);
    if (!transaction.isActive())
        return refused<Account>(d->transactionFailed(what));
    // The id is known only after the insert: a placeholder name, replaced before the commit
    // (transactions do not overlap, so no two guests ever hold it at once).
    const QString placeholder = UsernamePolicy::kGuestPrefix;
    std::optional<QSqlQuery> insert = d->exec(
            what,
            QStringLiteral("INSERT INTO accounts (username, username_key, display_name, is_guest,"
                           " created_ms) VALUES (?, ?, ?, 1, ?)"),
            {placeholder, placeholder, placeholder, account.createdMs});
    if (!insert)
        return refused<Account>(kStorageFailure);
    account.id = insert->lastInsertId().toLongLong();
    insert->finish();
    account.username = UsernamePolicy::kGuestPrefix + QString::number(account.id);
    const QString cleaned = d->names.cleanDisplayName(displayName);
    account.displayName = cleaned.isEmpty() ? account.username : cleaned;
    if (!d->exec(what,
                 QStringLiteral("UPDATE accounts SET username = ?, username_key = ?, display_name = ?"
                                " WHERE id = ?"),
                 {account.username, account.username, account.displayName, account.id})) {
        return refused<Account>(kStorageFailure);
    }
    if (!transaction.commit())
        return refused<Account>(d->transactionFailed(what));
    return success(account);
}

Result<AccountStore::PasswordRecord> AccountStore::passwordRecord(const QString &username)
{
    // The key without the policy's checks: a name registered under older limits still signs in.
    PasswordRecord record;
    const Result<Account> found = d->accountByName(username, &record.hash);
    if (!found.ok())
        return refused<PasswordRecord>(found.error == kStorageFailure ? kStorageFailure
                                                                      : kInvalidCredentials);
    if (record.hash.isEmpty()) // a guest's, or a token-only account: no password to match
        return refused<PasswordRecord>(kInvalidCredentials);
    record.account = found.value;
    return success(record);
}

QString AccountStore::storePasswordHash(qint64 accountId, const QByteArray &hash)
{
    std::optional<QSqlQuery> q =
            d->exec(QStringLiteral("store password hash"),
                    QStringLiteral("UPDATE accounts SET password_hash = ? WHERE id = ?"),
                    {notNull(QString::fromLatin1(hash)), accountId});
    if (!q)
        return kStorageFailure;
    return q->numRowsAffected() > 0 ? QString() : kUnknownAccount;
}

Result<Account> AccountStore::verifyPassword(const QString &username, const QString &password)
{
    const Result<PasswordRecord> record = passwordRecord(username);
    if (record.error == kStorageFailure)
        return refused<Account>(kStorageFailure);
    if (!record.ok()) { // no such name, or no password to match: cost the same time anyway
        d->hasher.verify(d->dummyHash(), password);
        return refused<Account>(kInvalidCredentials);
    }
    if (!d->hasher.verify(record.value.hash, password))
        return refused<Account>(kInvalidCredentials);
    if (record.value.account.disabled)
        return refused<Account>(kAccountDisabled);
    if (d->hasher.needsRehash(record.value.hash)) {
        // Best effort: the sign-in succeeds even if the stronger hash cannot be stored now.
        const PasswordHasher::Hashed rehashed = d->hasher.hash(password);
        if (rehashed.error.isEmpty())
            storePasswordHash(record.value.account.id, rehashed.hash);
    }
    return success(record.value.account);
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
    if (lifetime.count() <= 0)
        return refused<QString>(kInvalidLifetime);
    const Result<Account> owner = account(accountId);
    if (!owner.ok())
        return refused<QString>(owner.error);
    if (owner.value.disabled)
        return refused<QString>(kAccountDisabled);
    const QString what = QStringLiteral("issue token");
    const QString token = IssuedToken::generate();
    if (token.isEmpty())
        return refused<QString>(d->fail(what, QStringLiteral("no random source")));
    const qint64 nowMs = d->now();
    SqliteTransaction transaction(d->connection);
    if (!transaction.isActive())
        return refused<QString>(d->transactionFailed(what));
    const bool stored =
            d->exec(what, QStringLiteral("DELETE FROM tokens WHERE account_id = ? AND expires_ms <= ?"),
                    {accountId, nowMs})
            && d->exec(what,
                       QStringLiteral("INSERT INTO tokens (token_hash, account_id, device_label,"
                                      " created_ms, expires_ms, last_used_ms)"
                                      " VALUES (?, ?, ?, ?, ?, ?)"),
                       {IssuedToken::hashOf(token), accountId,
                        notNull(d->labels.cleanDisplayName(deviceLabel)), nowMs,
                        expiryAt(nowMs, lifetime, d->settings.maxTokenLifetime), nowMs})
            // Keep the account's newest maxTokensPerAccount by last use (rowid: by issue).
            && d->exec(what,
                       QStringLiteral("DELETE FROM tokens WHERE account_id = ? AND rowid NOT IN"
                                      " (SELECT rowid FROM tokens WHERE account_id = ?"
                                      "  ORDER BY last_used_ms DESC, rowid DESC LIMIT ?)"),
                       {accountId, accountId, qint64(d->settings.maxTokensPerAccount)});
    if (!stored)
        return refused<QString>(kStorageFailure);
    if (!transaction.commit())
        return refused<QString>(d->transactionFailed(what));
    return success(token);
}

Result<Account> AccountStore::accountForToken(const QString &token)
{
    if (!IssuedToken::isWellFormed(token))
        return refused<Account>(kInvalidToken);
    const QString what = QStringLiteral("check token");
    const QString hash = IssuedToken::hashOf(token);
    const qint64 nowMs = d->now();
    SqliteTransaction transaction(d->connection);
    if (!transaction.isActive())
        return refused<Account>(d->transactionFailed(what));
    std::optional<QSqlQuery> q = d->exec(
            what,
            QStringLiteral("SELECT %1, t.expires_ms FROM tokens t"
                           " JOIN accounts a ON a.id = t.account_id WHERE t.token_hash = ?")
                    .arg(kAccountColumns),
            {hash});
    if (!q)
        return refused<Account>(kStorageFailure);
    if (!q->next())
        return refused<Account>(kInvalidToken);
    const Account account = accountFrom(*q);
    const qint64 expiresMs = q->value(kAccountColumnCount).toLongLong();
    q->finish();
    if (expiresMs <= nowMs) {
        if (!d->exec(what, QStringLiteral("DELETE FROM tokens WHERE token_hash = ?"), {hash})
            || !transaction.commit()) {
            return refused<Account>(kStorageFailure);
        }
        return refused<Account>(QStringLiteral("token expired"));
    }
    if (account.disabled)
        return refused<Account>(kAccountDisabled);
    if (!d->exec(what, QStringLiteral("UPDATE tokens SET last_used_ms = ? WHERE token_hash = ?"),
                 {nowMs, hash})) {
        return refused<Account>(kStorageFailure);
    }
    if (!transaction.commit())
        return refused<Account>(d->transactionFailed(what));
    return success(account);
}

Result<QList<AccountStore::TokenInfo>> AccountStore::listTokens(qint64 accountId)
{
    std::optional<QSqlQuery> q = d->exec(
            QStringLiteral("list tokens"),
            QStringLiteral("SELECT token_hash, device_label, created_ms, last_used_ms, expires_ms"
                           " FROM tokens WHERE account_id = ? AND expires_ms > ?"
                           " ORDER BY last_used_ms DESC, rowid DESC"),
            {accountId, d->now()});
    if (!q)
        return refused<QList<TokenInfo>>(kStorageFailure);
    QList<TokenInfo> tokens;
    while (q->next()) {
        TokenInfo info;
        info.id = IssuedToken::idOf(q->value(0).toString());
        info.deviceLabel = q->value(1).toString();
        info.createdMs = q->value(2).toLongLong();
        info.lastUsedMs = q->value(3).toLongLong();
        info.expiresMs = q->value(4).toLongLong();
        tokens.append(info);
    }
    return success(tokens);
}

QString AccountStore::revokeToken(qint64 accountId, const QString &tokenId)
{
    const QString unknown = QStringLiteral("unknown token");
    if (!IssuedToken::isWellFormedId(tokenId))
        return unknown;
    std::optional<QSqlQuery> q = d->exec(
            QStringLiteral("revoke token"),
            QStringLiteral("DELETE FROM tokens WHERE account_id = ? AND substr(token_hash, 1, ?) = ?"),
            {accountId, qint64(IssuedToken::kIdLength), tokenId});
    if (!q)
        return kStorageFailure;
    return q->numRowsAffected() > 0 ? QString() : unknown;
}

Result<AccountStore::Invite> AccountStore::createInvite(qint64 createdBy, int uses,
                                                       std::chrono::milliseconds lifetime)
{
    if (uses < 1 || uses > d->settings.maxInviteUses)
        return refused<Invite>(QStringLiteral("invalid uses"));
    if (lifetime.count() <= 0)
        return refused<Invite>(kInvalidLifetime);
    if (createdBy > 0) {
        const Result<Account> creator = account(createdBy);
        if (!creator.ok())
            return refused<Invite>(creator.error);
    }
    const QString what = QStringLiteral("create invite");
    Invite invite;
    invite.code = IssuedToken::generate(d->settings.inviteCodeBytes);
    if (invite.code.isEmpty())
        return refused<Invite>(d->fail(what, QStringLiteral("no random source")));
    const qint64 nowMs = d->now();
    invite.expiresMs = expiryAt(nowMs, lifetime, d->settings.maxInviteLifetime);
    if (!d->exec(what,
                 QStringLiteral("INSERT INTO invites (code_hash, uses_left, expires_ms, created_by,"
                                " created_ms) VALUES (?, ?, ?, ?, ?)"),
                 {IssuedToken::hashOf(invite.code), uses, invite.expiresMs,
                  createdBy > 0 ? QVariant(createdBy) : QVariant(), nowMs})) {
        return refused<Invite>(kStorageFailure);
    }
    return success(invite);
}

QString AccountStore::redeemInvite(const QString &code)
{
    if (!IssuedToken::isWellFormed(code, d->settings.inviteCodeBytes))
        return kInvalidInvite;
    const QString what = QStringLiteral("redeem invite");
    const QString hash = IssuedToken::hashOf(code);
    SqliteTransaction transaction(d->connection);
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
    SqliteTransaction transaction(d->connection);
    if (!transaction.isActive())
        return refused<int>(d->transactionFailed(what));
    std::optional<QSqlQuery> guests;
    const bool pruned =
            d->exec(what, QStringLiteral("DELETE FROM tokens WHERE expires_ms <= ?"), {nowMs})
            && d->exec(what, QStringLiteral("DELETE FROM invites WHERE expires_ms <= ? OR uses_left <= 0"),
                       {nowMs})
            && (guests = d->exec(what,
                                 QStringLiteral("DELETE FROM accounts WHERE is_guest = 1 AND NOT EXISTS"
                                                " (SELECT 1 FROM tokens t WHERE t.account_id = accounts.id)")));
    if (!pruned)
        return refused<int>(kStorageFailure);
    const int removed = guests->numRowsAffected();
    guests->finish();
    if (!transaction.commit())
        return refused<int>(d->transactionFailed(what));
    return success(removed);
}
