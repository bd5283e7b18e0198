#pragma once
// PasswordHasher: Argon2id password hashes through libsodium (crypto_pwhash_str).

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <optional>

//! Hashes passwords for storage and checks a password against a stored hash.
//!
//! Why Argon2id through libsodium: it is the memory-hard hash the Password Hashing Competition
//! chose and RFC 9106 recommends; memory hardness makes guessing on GPUs and ASICs expensive.
//! libsodium's string form ("$argon2id$v=19$m=…,t=…,p=1$salt$hash") carries its own random salt and
//! parameters, so old hashes keep verifying after the settings are raised, and needsRehash() says
//! when one should be replaced at the next successful sign-in.
//!
//! A password is NFKC-normalised and encoded as UTF-8 before hashing (NIST SP 800-63B), so the
//! same password typed on systems that compose accents differently is the same password. It must
//! not be empty and its UTF-8 must not exceed maxPasswordBytes, checked before any hashing, so a
//! huge "password" cannot make the server work. Nothing here ever logs a password or a hash.
//!
//! Hashing at the default settings takes tens of milliseconds and 64 MiB: callers on a busy
//! event loop should run it on a worker thread (the object is immutable, so it may be shared).
class PasswordHasher
{
public:
    //! libsodium's crypto_pwhash_OPSLIMIT_INTERACTIVE (2 passes): its advice for online sign-in.
    static constexpr unsigned long long kDefaultOpsLimit = 2;
    //! libsodium's crypto_pwhash_MEMLIMIT_INTERACTIVE (64 MiB), the pair of kDefaultOpsLimit.
    static constexpr std::size_t kDefaultMemLimit = 64 * 1024 * 1024;
    //! libsodium's crypto_pwhash_OPSLIMIT_MIN: the cheapest allowed (tests only).
    static constexpr unsigned long long kMinOpsLimit = 1;
    //! libsodium's crypto_pwhash_MEMLIMIT_MIN, 8 KiB: the cheapest allowed (tests only).
    static constexpr std::size_t kMinMemLimit = 8192;
    //! Longest password accepted, in UTF-8 bytes: far beyond any passphrase, yet a bound on the
    //! bytes one sign-in feeds the hash.
    static constexpr qsizetype kDefaultMaxPasswordBytes = 1024;

    //! How expensive a hash is and how long a password may be; the defaults are the constants above.
    struct Settings
    {
        unsigned long long opsLimit = kDefaultOpsLimit;
        std::size_t memLimit = kDefaultMemLimit;
        qsizetype maxPasswordBytes = kDefaultMaxPasswordBytes;
    };

    //! What hash() made: the hash string to store, or why there is none.
    struct Hashed
    {
        QByteArray hash;  //!< libsodium's NUL-free string form; empty on failure
        QString error;    //!< empty on success; "password empty", "password too long" or
                          //!< "password hashing failed" (out of memory, libsodium not ready)
    };

    PasswordHasher();
    explicit PasswordHasher(const Settings &settings);

    //! The cheapest settings libsodium allows (kMinOpsLimit, kMinMemLimit): for tests, never for
    //! real passwords.
    static Settings fastestSettings();

    const Settings &settings() const;

    //! Why \a password cannot be used ("password empty", "password too long"), or an empty string.
    QString check(const QString &password) const;
    //! A new Argon2id hash of \a password with a fresh random salt, at the current settings.
    Hashed hash(const QString &password) const;
    //! True when \a password matches \a storedHash. False for a wrong password, one check()
    //! refuses, or a hash that is not libsodium's string form.
    bool verify(const QByteArray &storedHash, const QString &password) const;
    //! True when \a storedHash was made with other settings (or another algorithm) than the
    //! current ones, or cannot be read: hash the password again after it verified.
    bool needsRehash(const QByteArray &storedHash) const;

private:
    //! The bytes that are hashed (NFKC, UTF-8), or nullopt when check() refuses \a password.
    std::optional<QByteArray> encode(const QString &password, QString *error) const;

    Settings m_settings;
};
