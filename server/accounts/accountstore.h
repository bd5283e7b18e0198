#pragma once
// AccountStore: parley-server's accounts, session tokens and invite codes in SQLite.

#include "passwordhasher.h"
#include "usernamepolicy.h"

#include <QList>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>

//! Accounts (registered and guests), their session tokens and the server's invite codes, in one
//! SQLite file through Parley::Sql (issue 10). One object = one connection; use it from the
//! thread that opened it.
//!
//! What it promises (docs/security.md):
//! - An account's id is an AUTOINCREMENT key: unique, stable, never handed out again, even after
//!   the account is gone. Usernames are unique by UsernamePolicy's key (NFKC, case folded), checked
//!   inside the write transaction. A guest's username is "guest-<id>", which no registered name
//!   can be (UsernamePolicy refuses the prefix).
//! - Passwords are stored only as PasswordHasher's Argon2id strings; tokens and invite codes only
//!   as IssuedToken::hashOf(). A stored hash made with weaker settings is replaced at the next
//!   successful verifyPassword(). Nothing here logs a password, token or code.
//! - Sign-in errors do not tell an unknown name from a wrong password ("invalid credentials"),
//!   and an unknown name costs one hash too, so timing does not tell either.
//! - Every limit is a setting (Settings), so a peer cannot grow a table without bound: tokens per
//!   account (the least recently used goes), uses per invite, lifetimes.
//!
//! Failures are returned, never thrown: a Result's error is a protocol code ("username taken",
//! "invalid credentials", "invalid token", "token expired", "account disabled", "unknown account",
//! "unknown token", "invalid lifetime", "invalid uses", "invalid invite", "invite expired",
//! "invite used up", UsernamePolicy's and PasswordHasher's codes) or "storage failure", whose
//! details are in errorString() and the log (parley.server).
//!
//! The tables are AccountStoreSchema's; they may share a file with HistoryStore's. Hashing a
//! password takes PasswordHasher's time on the calling thread (see there).
class AccountStore
{
public:
    //! The accounts' schema version this code writes (AccountStoreSchema's last step).
    static constexpr int kSchemaVersion = 3;
    //! Tokens one account holds at most; issuing one more drops the least recently used. Enough
    //! for every device a person owns, few enough that a script cannot fill the table.
    static constexpr qsizetype kDefaultMaxTokensPerAccount = 20;
    //! Longest device label, in code points after UsernamePolicy::cleanDisplayName()'s cleaning.
    static constexpr qsizetype kDefaultMaxDeviceLabelLength = 64;
    //! Longest token lifetime: a longer one asked for is cut to this (one year).
    static constexpr std::chrono::milliseconds kDefaultMaxTokenLifetime{365LL * 24 * 3600 * 1000};
    //! Random bytes in an invite code: 128 bits (22 characters), unguessable yet short to paste.
    static constexpr int kDefaultInviteCodeBytes = 16;
    //! Most uses one invite code may have.
    static constexpr int kDefaultMaxInviteUses = 1000;
    //! Longest invite lifetime: a longer one asked for is cut to this (90 days).
    static constexpr std::chrono::milliseconds kDefaultMaxInviteLifetime{90LL * 24 * 3600 * 1000};
    //! How long a write waits for another connection's lock (HistoryStore's default too).
    static constexpr std::chrono::milliseconds kDefaultBusyTimeout{2000};

    //! Every limit, the hash cost and the clock; fields default to the constants above.
    struct Settings
    {
        PasswordHasher::Settings hashing;
        UsernamePolicy::Limits names;
        qsizetype maxTokensPerAccount = kDefaultMaxTokensPerAccount;
        qsizetype maxDeviceLabelLength = kDefaultMaxDeviceLabelLength;
        std::chrono::milliseconds maxTokenLifetime = kDefaultMaxTokenLifetime;
        int inviteCodeBytes = kDefaultInviteCodeBytes;
        int maxInviteUses = kDefaultMaxInviteUses;
        std::chrono::milliseconds maxInviteLifetime = kDefaultMaxInviteLifetime;
        std::chrono::milliseconds busyTimeout = kDefaultBusyTimeout;
        //! Wall-clock time, ms since the Unix epoch (expiries outlive restarts); empty: the system
        //! clock. Tests set their own.
        std::function<qint64()> clock;
    };

    //! One account as stored.
    struct Account
    {
        qint64 id = 0;
        QString username;     //!< as registered (UsernamePolicy::canonical()), or "guest-<id>"
        QString displayName;  //!< cleaned; a guest's is marked as such by isGuest, not in the text
        bool isAdmin = false;
        bool isGuest = false;
        qint64 createdMs = 0;
        bool disabled = false;
        //! When the account's last session ended (ms since the Unix epoch); 0: never seen.
        qint64 lastSeenMs = 0;
        //! Whether the account shares read receipts ("privacy"; docs/protocol.md, "Read receipts").
        bool readReceipts = true;
    };

    //! One session token as listTokens() shows it: never the token, never the whole hash.
    struct TokenInfo
    {
        QString id;  //!< IssuedToken::idOf() its hash: what revokeToken() takes
        QString deviceLabel;
        qint64 createdMs = 0;
        qint64 lastUsedMs = 0;
        qint64 expiresMs = 0;
    };

    //! A registered account and its stored password hash, as passwordRecord() reads them.
    struct PasswordRecord
    {
        Account account;
        QByteArray hash; //!< PasswordHasher's string form; never empty in a record returned
    };

    //! A new invite code, returned once, and when it stops working.
    struct Invite
    {
        QString code;
        qint64 expiresMs = 0; //!< wall-clock ms since the Unix epoch
    };

    //! A value, or the error code that explains why there is none.
    template <typename T>
    struct Result
    {
        T value{};
        QString error;  //!< empty when value is valid
        bool ok() const { return error.isEmpty(); }
    };

    AccountStore();
    explicit AccountStore(Settings settings);
    ~AccountStore();
    AccountStore(const AccountStore &) = delete;
    AccountStore &operator=(const AccountStore &) = delete;

    //! Opens (creating if needed) the SQLite file \a databasePath, or a private in-memory database
    //! when it is empty, and creates or migrates the accounts' tables. False, with errorString(),
    //! when the file cannot be opened or its accounts' schema is newer. Opening again closes first.
    bool open(const QString &databasePath);
    //! Closes the connection. Safe to call twice; the destructor calls it.
    void close();
    bool isOpen() const;
    //! The accounts' schema version in the file after open(); 0 when not open.
    int schemaVersion() const;
    //! Why the last storage failure happened (SQLite's words), for the log.
    QString errorString() const;

    //! Registers \a username (UsernamePolicy) with \a password (PasswordHasher) and
    //! \a displayName (cleaned; the username when nothing is left). \a admin: may manage the server.
    Result<Account> createAccount(const QString &username, const QString &displayName,
                                  const QString &password, bool admin);
    //! A new guest "guest-<id>" with \a displayName (cleaned; the username when nothing is left).
    //! A guest has no password; it signs in again only with a token.
    Result<Account> createGuest(const QString &displayName);
    //! The account \a username signs in to with \a password; "invalid credentials" for an unknown
    //! name, a guest's or a wrong password alike, "account disabled" for a right one of a
    //! disabled account.
    Result<Account> verifyPassword(const QString &username, const QString &password);

    // The same work in steps, for a caller that must not hash on its own thread (parley-server's
    // Authenticator hashes on a worker thread and keeps every database access on the server's):
    // passwordRecord() + PasswordHasher::verify() + storePasswordHash() is verifyPassword();
    // checkNewAccount() + PasswordHasher::hash() + createAccountWithHash() is createAccount().

    //! The stored hash \a username signs in with, without checking any password. "invalid
    //! credentials" for an unknown name, a guest's, one without a password and an over-long input
    //! (the caller should then hash anyway, so that timing does not tell); the account is
    //! returned even when disabled (say "account disabled" only after the password matched).
    Result<PasswordRecord> passwordRecord(const QString &username);
    //! Replaces \a accountId's password hash with \a hash (re-hashed at stronger settings).
    QString storePasswordHash(qint64 accountId, const QByteArray &hash);
    //! Why \a username cannot be registered now (UsernamePolicy's codes, "username taken",
    //! "storage failure"), or an empty string.
    QString checkUsername(const QString &username);
    //! Why \a username with \a password cannot be registered now (UsernamePolicy's and
    //! PasswordHasher's codes, "username taken", "storage failure"), or an empty string: asked
    //! before the expensive hash, and before an invite is spent.
    QString checkNewAccount(const QString &username, const QString &password);
    //! createAccount() with the hash already made (PasswordHasher::hash() at this store's
    //! settings). An empty \a passwordHash makes an account that can sign in only with a token
    //! (the desktop app's own account on the server it hosts).
    Result<Account> createAccountWithHash(const QString &username, const QString &displayName,
                                          const QByteArray &passwordHash, bool admin);

    //! The account registered as \a username (compared by UsernamePolicy's key), or "unknown
    //! account". No password is involved: for the server's operator, not for signing in.
    Result<Account> findAccount(const QString &username);
    //! The account with id \a accountId ("unknown account").
    Result<Account> account(qint64 accountId);
    //! Disables or enables \a accountId: a disabled account's password and tokens are refused.
    QString setDisabled(qint64 accountId, bool disabled);

    //! Records that \a accountId's last session ended at \a lastSeenMs (presence: "lastSeen"),
    //! so it outlives a restart. "unknown account" when there is none.
    QString setLastSeen(qint64 accountId, qint64 lastSeenMs);
    //! Records whether \a accountId shares read receipts, so it outlives a restart. "unknown
    //! account" when there is none.
    QString setReadReceipts(qint64 accountId, bool on);

    //! A new session token for \a accountId, valid for \a lifetime (cut to maxTokenLifetime),
    //! labelled \a deviceLabel (cleaned, bounded). Drops the account's expired tokens and, beyond
    //! maxTokensPerAccount, its least recently used ones. The token text is returned once; only
    //! its hash is stored.
    Result<QString> issueToken(qint64 accountId, const QString &deviceLabel,
                               std::chrono::milliseconds lifetime);
    //! The account \a token signs in to, marking the token used now. "invalid token" (unknown,
    //! revoked, malformed), "token expired" (and the token is deleted), "account disabled".
    Result<Account> accountForToken(const QString &token);
    //! \a accountId's unexpired tokens, most recently used first.
    Result<QList<TokenInfo>> listTokens(qint64 accountId);
    //! Deletes \a accountId's token with id \a tokenId (TokenInfo::id); "unknown token" when it
    //! has none such. Disconnecting sessions signed in with it is the caller's part.
    QString revokeToken(qint64 accountId, const QString &tokenId);

    //! A new invite code for \a uses registrations (1..maxInviteUses) within \a lifetime (cut to
    //! maxInviteLifetime), made by account \a createdBy (0: the server's operator; else "unknown
    //! account" when there is none). Returned once; only its hash is stored.
    Result<Invite> createInvite(qint64 createdBy, int uses, std::chrono::milliseconds lifetime);
    //! Uses \a code once, atomically: empty on success, else "invalid invite", "invite expired" or
    //! "invite used up" (nothing changed).
    QString redeemInvite(const QString &code);

    //! Forgets what can no longer be used: expired tokens, invites expired or used up, and guests
    //! left without an unexpired token (no one can ever sign in as them again; their ids are
    //! never reused and the history keeps their names). Returns how many guests went. This is
    //! what bounds the guests' table: run it now and then (parley-server: at start, then hourly).
    Result<int> pruneExpired();

private:
    struct Private;
    std::unique_ptr<Private> d;
};
