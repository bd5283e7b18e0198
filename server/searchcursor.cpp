#include "searchcursor.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace {

constexpr auto kBase64 = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

} // namespace

QByteArray SearchCursor::fingerprint(const QStringList &terms, const QString &room,
                                     const QString &fromKey, std::optional<qint64> after,
                                     std::optional<qint64> before)
{
    // A JSON array: unambiguous however the strings look (a term may contain any character).
    const QJsonArray arguments{QJsonArray::fromStringList(terms), room, fromKey,
                               after ? QJsonValue(*after) : QJsonValue(),
                               before ? QJsonValue(*before) : QJsonValue()};
    const QByteArray hash = QCryptographicHash::hash(QJsonDocument(arguments).toJson(QJsonDocument::Compact),
                                                     QCryptographicHash::Sha256);
    return hash.left(8).toHex();
}

QString SearchCursor::encode(qint64 position, const QByteArray &fingerprint)
{
    const QByteArray plain = "1:" + QByteArray::number(position) + ':' + fingerprint;
    return QString::fromLatin1(plain.toBase64(kBase64));
}

std::optional<qint64> SearchCursor::decode(const QString &cursor, const QByteArray &fingerprint)
{
    if (cursor.isEmpty() || cursor.size() > kMaxLength)
        return std::nullopt;
    const QByteArray encoded = cursor.toLatin1();
    if (QString::fromLatin1(encoded) != cursor)
        return std::nullopt;  // not Latin-1: cannot be base64 either
    const QByteArray::FromBase64Result decoded =
            QByteArray::fromBase64Encoding(encoded, kBase64 | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.toBase64(kBase64) != encoded)
        return std::nullopt;  // only the one encoding encode() writes
    // Anchored: "$" alone would let a final newline through.
    static const QRegularExpression format(
            QRegularExpression::anchoredPattern(QStringLiteral("1:([1-9][0-9]{0,18}):([0-9a-f]{16})")));
    const QRegularExpressionMatch match = format.match(QString::fromLatin1(decoded.decoded));
    if (!match.hasMatch() || match.captured(2).toLatin1() != fingerprint)
        return std::nullopt;
    bool ok = false;
    const qint64 position = match.captured(1).toLongLong(&ok);
    if (!ok || position <= 0)
        return std::nullopt;
    return position;
}
