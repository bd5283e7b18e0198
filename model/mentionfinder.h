#pragma once
// MentionFinder: whether a message mentions a person, written "@username" (as the composer
// completes it): at the start of the text or after a character that cannot be part of a name,
// and not followed by one that can, compared without regard to case.
#include <QString>

class MentionFinder
{
public:
    //! Only this much of a text is looked at: a mention is near the start of what people write,
    //! and the check runs while rows are painted.
    static constexpr int kMaxScan = 4096;

    //! True when \a text mentions \a username (empty: never).
    static bool mentions(const QString &text, const QString &username);
    //! Whether \a c can be part of a username (letters, digits, '.', '_', '-', as parley-server
    //! allows them).
    static bool isNameChar(QChar c);
    //! The same, for the character before the "@": only ASCII ones make "x@name" an e-mail
    //! address rather than a mention (Chinese and Japanese put no space before it: "你好@bob").
    static bool isAsciiNameChar(QChar c);
};
