#include "passwordhasher.h"

#include "sodiumlibrary.h"

#include <sodium.h>

static_assert(PasswordHasher::kDefaultOpsLimit == crypto_pwhash_OPSLIMIT_INTERACTIVE);
static_assert(PasswordHasher::kDefaultMemLimit == crypto_pwhash_MEMLIMIT_INTERACTIVE);
static_assert(PasswordHasher::kMinOpsLimit == crypto_pwhash_OPSLIMIT_MIN);
static_assert(PasswordHasher::kMinMemLimit == crypto_pwhash_MEMLIMIT_MIN);

PasswordHasher::PasswordHasher() = default;

PasswordHasher::PasswordHasher(const Settings &settings)
    : m_settings(settings)
{
}

PasswordHasher::Settings PasswordHasher::fastestSettings()
{
    Settings s;
    s.opsLimit = kMinOpsLimit;
    s.memLimit = kMinMemLimit;
    return s;
}

const PasswordHasher::Settings &PasswordHasher::settings() const
{
    return m_settings;
}

std::optional<QByteArray> PasswordHasher::encode(const QString &password, QString *error) const
{
    if (password.isEmpty()) {
        *error = QStringLiteral("password empty");
        return std::nullopt;
    }
    // A UTF-8 encoding is never shorter than its UTF-16 code unit count: refuse before working.
    if (password.size() > m_settings.maxPasswordBytes) {
        *error = QStringLiteral("password too long");
        return std::nullopt;
    }
    QByteArray bytes = password.normalized(QString::NormalizationForm_KC).toUtf8();
    if (bytes.size() > m_settings.maxPasswordBytes) {
        sodium_memzero(bytes.data(), size_t(bytes.size()));
        *error = QStringLiteral("password too long");
        return std::nullopt;
    }
    return bytes;
}

QString PasswordHasher::check(const QString &password) const
{
    QString error;
    if (std::optional<QByteArray> bytes = encode(password, &error))
        sodium_memzero(bytes->data(), size_t(bytes->size()));
    return error;
}

PasswordHasher::Hashed PasswordHasher::hash(const QString &password) const
{
    Hashed out;
    std::optional<QByteArray> bytes = encode(password, &out.error);
    if (!bytes)
        return out;
    char buffer[crypto_pwhash_STRBYTES] = {};
    const bool ok = SodiumLibrary::ready()
            && crypto_pwhash_str_alg(buffer, bytes->constData(),
                                     static_cast<unsigned long long>(bytes->size()),
                                     m_settings.opsLimit, m_settings.memLimit,
                                     crypto_pwhash_ALG_ARGON2ID13)
                    == 0;
    sodium_memzero(bytes->data(), size_t(bytes->size()));
    if (ok)
        out.hash = QByteArray(buffer);
    else
        out.error = QStringLiteral("password hashing failed");
    return out;
}

bool PasswordHasher::verify(const QByteArray &storedHash, const QString &password) const
{
    QString error;
    std::optional<QByteArray> bytes = encode(password, &error);
    if (!bytes || storedHash.isEmpty() || storedHash.size() >= crypto_pwhash_STRBYTES
        || !SodiumLibrary::ready()) {
        return false;
    }
    // QByteArray keeps a NUL after its data, as crypto_pwhash_str_verify() wants.
    const bool ok = crypto_pwhash_str_verify(storedHash.constData(), bytes->constData(),
                                             static_cast<unsigned long long>(bytes->size()))
            == 0;
    sodium_memzero(bytes->data(), size_t(bytes->size()));
    return ok;
}

bool PasswordHasher::needsRehash(const QByteArray &storedHash) const
{
    if (storedHash.isEmpty() || storedHash.size() >= crypto_pwhash_STRBYTES)
        return true;
    return crypto_pwhash_str_needs_rehash(storedHash.constData(), m_settings.opsLimit,
                                          m_settings.memLimit)
            != 0;
}
