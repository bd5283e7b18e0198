#include "issuedtoken.h"

#include "sodiumlibrary.h"

#include <QByteArray>
#include <QCryptographicHash>

#include <sodium.h>

#include <algorithm>

namespace {

qsizetype textLength(int bytes)
{
    return (qsizetype(bytes) * 4 + 2) / 3;
}

bool isBase64UrlChar(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'A' && u <= u'Z') || (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9')
            || u == u'-' || u == u'_';
}

bool isLowerHex(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f');
}

} // namespace

static_assert(IssuedToken::kTokenLength == 43);

QString IssuedToken::generate(int bytes)
{
    if (bytes <= 0 || !SodiumLibrary::ready())
        return {};
    QByteArray raw(bytes, Qt::Uninitialized);
    randombytes_buf(raw.data(), size_t(raw.size()));
    const QString text = QString::fromLatin1(
            raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    sodium_memzero(raw.data(), size_t(raw.size()));
    return text;
}

bool IssuedToken::isWellFormed(const QString &text, int bytes)
{
    return bytes > 0 && text.size() == textLength(bytes)
            && std::all_of(text.cbegin(), text.cend(), isBase64UrlChar);
}

QString IssuedToken::hashOf(const QString &secret)
{
    return QString::fromLatin1(
            QCryptographicHash::hash(secret.toUtf8(), QCryptographicHash::Sha256).toHex());
}

QString IssuedToken::idOf(const QString &hash)
{
    return hash.left(kIdLength);
}

bool IssuedToken::isWellFormedId(const QString &id)
{
    return id.size() == kIdLength && std::all_of(id.cbegin(), id.cend(), isLowerHex);
}
