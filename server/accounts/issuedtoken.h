#pragma once
// IssuedToken: the secret a client signs in with after its password, and the only form of it
// the server keeps (a hash).

#include <QString>

//! Draws session tokens (and invite codes) and hashes them for storage.
//!
//! Why random and hashed: a token is a password the server chose, so it must be unguessable
//! (kTokenBytes from libsodium's randombytes_buf(), the system's CSPRNG, i.e. 256 bits) and the
//! server must not hold it: only hashOf(token), SHA-256 in hex, is stored, so a copy of the
//! database does not let anyone sign in. A fast hash is enough here (unlike for passwords): the
//! token already has 256 bits of entropy, there is nothing to guess. Looking a token up by its
//! hash leaks no timing about the token itself.
//!
//! Text form: base64url without padding (RFC 4648 §5), so it fits a URL, a JSON string and a
//! settings file without escaping: 43 characters for 32 bytes.
class IssuedToken
{
public:
    //! Random bytes in a session token: 256 bits, the minimum.
    static constexpr int kTokenBytes = 32;
    //! Length of a token's text: base64url of kTokenBytes without padding.
    static constexpr qsizetype kTokenLength = (kTokenBytes * 4 + 2) / 3;
    //! Hex digits of a stored hash shown as the token's id (listTokens, revokeToken): 64 bits,
    //! unique among one account's tokens, and useless for signing in.
    static constexpr qsizetype kIdLength = 16;

    //! A new random secret of \a bytes random bytes as base64url text (no padding); empty when
    //! libsodium cannot start. Tokens use kTokenBytes; invite codes may use fewer.
    static QString generate(int bytes = kTokenBytes);
    //! True when \a text has the shape of a generate(\a bytes) result (length and alphabet):
    //! anything else is refused before it is hashed or looked up.
    static bool isWellFormed(const QString &text, int bytes = kTokenBytes);
    //! The stored form of \a secret: SHA-256 of its UTF-8, 64 lowercase hex digits.
    static QString hashOf(const QString &secret);
    //! The id shown for the token stored as \a hash: its first kIdLength hex digits.
    static QString idOf(const QString &hash);
    //! True when \a id has the shape of an idOf() result.
    static bool isWellFormedId(const QString &id);
};
