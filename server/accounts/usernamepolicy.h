#pragma once
// UsernamePolicy: which usernames parley-server accepts, when two of them are the same name, and
// how a display name is cleaned. Pure: no storage, no state beyond its limits.

#include <QLatin1String>
#include <QString>

#include <optional>

//! The rules for usernames and display names of accounts (issue 10).
//!
//! Why so strict: a username is what other people recognise a person by. Two names that look the
//! same must be the same account, and a name must not hide characters that change how it reads.
//! So a username is compared by its key, NFKC then case folding ("Alice", "ALICE" and the
//! fullwidth "ａｌｉｃｅ" are one name), holds only letters, decimal digits (any script, after NFKC)
//! and "._-", starts with a letter or digit, and has no control, format, bidi, zero-width or other
//! invisible character. Letters of two scripts are refused in one name (a Cyrillic "а" inside a
//! Latin "alice" would look like "alice" and be another account); the Latin + Han + kana/Hangul/
//! Bopomofo mixes of Japanese, Korean and Chinese writing are allowed (Unicode UTS #39's "highly
//! restrictive" level). Names starting with kGuestPrefix belong to guests and are refused here,
//! so a guest can never hold a registered name and no one can register a guest's.
//!
//! A display name is free text, but cleanDisplayName() strips what could disguise it (control,
//! format, bidi and invisible characters), collapses white space and bounds its length.
//!
//! The error texts are protocol codes, stable and untranslated (the client translates them):
//! "username empty", "username too short", "username too long", "username has a character that
//! is not allowed", "username must start with a letter or digit", "username mixes scripts",
//! "username reserved".
class UsernamePolicy
{
public:
    //! Shortest username, in code points after NFKC: one character is too easy to mistake.
    static constexpr qsizetype kDefaultMinLength = 2;
    //! Longest username, in code points after NFKC: it has to fit in member lists and mentions.
    static constexpr qsizetype kDefaultMaxLength = 32;
    //! Input longer than this (UTF-16 code units, before NFKC) is refused without normalising it,
    //! which bounds the work one sign-up can cause. Room for kDefaultMaxLength characters written
    //! decomposed (a letter and its accents) or outside the BMP.
    static constexpr qsizetype kDefaultMaxInputLength = 4 * kDefaultMaxLength;
    //! Longest display name, in code points after cleaning (the server's kDefaultMaxNameLength).
    static constexpr qsizetype kDefaultMaxDisplayNameLength = 64;
    //! Usernames of guests are this prefix and their account id ("guest-17").
    static constexpr QLatin1String kGuestPrefix{"guest-"};

    //! The limits; every field defaults to the constant of the same name.
    struct Limits
    {
        qsizetype minLength = kDefaultMinLength;
        qsizetype maxLength = kDefaultMaxLength;
        qsizetype maxInputLength = kDefaultMaxInputLength;
        qsizetype maxDisplayNameLength = kDefaultMaxDisplayNameLength;
    };

    UsernamePolicy();
    explicit UsernamePolicy(const Limits &limits);

    const Limits &limits() const;

    //! Why \a username cannot be registered (one of the codes above), or an empty string if it can.
    QString check(const QString &username) const;
    //! The key \a username is compared and stored by (NFKC, case folded), or nullopt when check()
    //! refuses it.
    std::optional<QString> normalize(const QString &username) const;
    //! The form of \a username that is stored and shown: NFKC, case kept ("Alice" stays "Alice",
    //! the fullwidth "ａｌｉｃｅ" becomes "alice").
    static QString canonical(const QString &username);
    //! The key of a name that is already canonical(), without any check: what normalize() returns
    //! for an accepted name, and what a guest's name is stored under.
    static QString keyOf(const QString &canonicalName);

    //! \a displayName without control, format, bidi or invisible characters, white space collapsed
    //! to single spaces and trimmed, cut to maxDisplayNameLength code points. May be empty: the
    //! caller then picks a name (the username).
    QString cleanDisplayName(const QString &displayName) const;

    //! True for characters that are never shown or change how the text around them reads:
    //! controls (Cc), format characters (Cf: bidi marks and overrides U+200E/F, U+202A–E, U+2066–9,
    //! zero-width U+200B–D, U+2060, U+FEFF…) and invisible letters and marks (Hangul fillers,
    //! variation selectors, U+034F, U+2800…). White space is not among them.
    static bool isInvisible(char32_t ch);

private:
    Limits m_limits;
};
