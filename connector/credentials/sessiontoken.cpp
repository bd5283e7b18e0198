#include "sessiontoken.h"

#include <QCoreApplication>

namespace SessionToken {

namespace {
bool isBase64UrlByte(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
        || c == '_';
}
} // namespace

Defect defect(const QByteArray &token)
{
    if (token.isEmpty())
        return Defect::Empty;
    if (token.size() > kMaxBytes)
        return Defect::TooLarge;
    for (const char c : token) {
        if (!isBase64UrlByte(c))
            return Defect::NotBase64Url;
    }
    return Defect::None;
}

bool isValid(const QByteArray &token)
{
    return defect(token) == Defect::None;
}

QString describe(Defect defect)
{
    switch (defect) {
    case Defect::None:
        return {};
    case Defect::Empty:
        return QCoreApplication::translate("SessionToken", "The session token is empty.");
    case Defect::TooLarge:
        return QCoreApplication::translate("SessionToken", "The session token is larger than %1 bytes.")
            .arg(kMaxBytes);
    case Defect::NotBase64Url:
        return QCoreApplication::translate("SessionToken",
                                           "The session token contains characters a token cannot have.");
    }
    return {};
}

} // namespace SessionToken
