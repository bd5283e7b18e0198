#include "messagestorepath.h"

#include "websocketurl.h"

#include <QCryptographicHash>
#include <QStandardPaths>
#include <QUrl>

namespace {

//! Lower case [a-z0-9._-], at most kReadableNameChars; anything else becomes '_'.
QString readableName(const QString &name)
{
    QString out;
    const QString lower = name.toLower();
    for (const QChar c : lower) {
        if (out.size() >= MessageStorePath::kReadableNameChars)
            break;
        const char16_t u = c.unicode();
        const bool keep = (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9') || u == u'.'
                || u == u'-';
        out += keep ? c : QLatin1Char('_');
    }
    return out;
}

} // namespace

QString MessageStorePath::defaultPath(const QUrl &server, const QString &user)
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
            + QLatin1String("/history/") + fileName(server, user);
}

QString MessageStorePath::fileName(const QUrl &server, const QString &user)
{
    const QString host = server.host().toLower();
    const QString port = QString::number(WebSocketUrl::port(server));
    const QString exact = host + QLatin1Char(':') + port + QLatin1Char('/') + user;
    const QByteArray hash = QCryptographicHash::hash(exact.toUtf8(), QCryptographicHash::Sha256)
                                    .toHex()
                                    .left(kNameHashChars);
    return readableName(host) + QLatin1Char('_') + port + QLatin1Char('-') + readableName(user)
            + QLatin1Char('-') + QString::fromLatin1(hash) + QLatin1String(".sqlite");
}
