#pragma once
// What a session token may look like before Parley stores it, or uses one it read back. The token
// comes from the server and goes back to it; the keychain entry or the file it sits in between runs
// may have been damaged or replaced, so nothing read back is sent anywhere unchecked.
#include <QByteArray>
#include <QString>

namespace SessionToken {
//! Largest token stored or accepted back. Real tokens are a few dozen bytes; anything near this
//! is damage or tampering, and a bound keeps a huge file from being read into memory.
constexpr qsizetype kMaxBytes = 4096;

//! Why a byte string is not a usable token.
enum class Defect {
    None,          //!< usable
    Empty,         //!< no bytes at all
    TooLarge,      //!< more than kMaxBytes
    NotBase64Url,  //!< a byte outside A–Z a–z 0–9 '-' '_' (no padding, spaces or line breaks)
};

//! The first defect of \a token, or Defect::None.
Defect defect(const QByteArray &token);
//! Shorthand for defect(token) == Defect::None.
bool isValid(const QByteArray &token);
//! A translated sentence for \a defect, for the user and the log (never contains the token).
QString describe(Defect defect);
} // namespace SessionToken
