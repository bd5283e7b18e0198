#include "postgresaddress.h"

#include <QSet>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

namespace {

const QSet<QString> kSslModes{QStringLiteral("disable"), QStringLiteral("allow"),
                              QStringLiteral("prefer"), QStringLiteral("require"),
                              QStringLiteral("verify-ca"), QStringLiteral("verify-full")};

//! libpq option values go into "key=value;…": no separators, no quotes, no control characters.
bool isPlainValue(const QString &value)
{
    for (const QChar c : value) {
        if (c.unicode() < 0x20 || c == QLatin1Char(';') || c == QLatin1Char('=')
            || c == QLatin1Char('\'') || c == QLatin1Char('\\') || c.isSpace()) {
            return false;
        }
    }
    return !value.isEmpty() && value.size() <= 1024;
}

} // namespace

bool PostgresAddress::hasScheme(const QString &location)
{
    return location.startsWith(QLatin1String("postgresql://"), Qt::CaseInsensitive)
            || location.startsWith(QLatin1String("postgres://"), Qt::CaseInsensitive);
}

std::optional<PostgresAddress> PostgresAddress::parse(const QString &location, QString *error)
{
    const auto refuse = [error](const QString &why) -> std::optional<PostgresAddress> {
        *error = why;
        return std::nullopt;
    };
    if (!hasScheme(location))
        return refuse(QStringLiteral("not a postgresql:// location"));
    if (location.size() > 4096)
        return refuse(QStringLiteral("the location is longer than 4096 characters"));
    const QUrl url(location, QUrl::StrictMode);
    if (!url.isValid())
        return refuse(QStringLiteral("malformed location: %1").arg(url.errorString()));
    if (url.hasFragment())
        return refuse(QStringLiteral("a location has no #fragment"));

    PostgresAddress a;
    a.host = url.host();
    a.port = url.port(0);
    if (url.port() == 0)
        return refuse(QStringLiteral("port 0 is not a port"));
    a.user = url.userName(QUrl::FullyDecoded);
    a.password = url.password(QUrl::FullyDecoded);
    QString path = url.path(QUrl::FullyDecoded);
    if (path.startsWith(QLatin1Char('/')))
        path.remove(0, 1);
    if (path.contains(QLatin1Char('/')))
        return refuse(QStringLiteral("the path names one database: \"%1\"").arg(path));
    a.database = path;

    QStringList options;
    const QList<std::pair<QString, QString>> items =
            QUrlQuery(url).queryItems(QUrl::FullyDecoded);
    const QSet<QString> known{QStringLiteral("connect_timeout"), QStringLiteral("sslmode"),
                              QStringLiteral("host"), QStringLiteral("sslrootcert"),
                              QStringLiteral("sslcert"), QStringLiteral("sslkey"),
                              QStringLiteral("application_name")};
    for (const auto &[key, value] : items) {
        if (!known.contains(key))
            return refuse(QStringLiteral("unsupported option \"%1\"").arg(key));
        if (!isPlainValue(value))
            return refuse(QStringLiteral("option %1 has an unusable value").arg(key));
        if (key == QLatin1String("connect_timeout")) {
            bool ok = false;
            const int seconds = value.toInt(&ok);
            if (!ok || seconds < 1 || seconds > 3600)
                return refuse(QStringLiteral("connect_timeout must be 1-3600 seconds"));
        } else if (key == QLatin1String("sslmode")) {
            if (!kSslModes.contains(value))
                return refuse(QStringLiteral("unknown sslmode \"%1\"").arg(value));
        } else if (key == QLatin1String("host")) {
            a.host = value;
            continue;
        }
        options << key + QLatin1Char('=') + value;
    }
    // libpq waits for ever by default; a node must not hang on an unreachable database.
    if (!QUrlQuery(url).hasQueryItem(QStringLiteral("connect_timeout")))
        options.prepend(QStringLiteral("connect_timeout=%1").arg(kDefaultConnectTimeoutSeconds));
    a.options = options.join(QLatin1Char(';'));
    return a;
}

QString PostgresAddress::display(const QString &location)
{
    QUrl url(location, QUrl::TolerantMode);
    if (!url.isValid() || url.password().isEmpty())
        return location;
    url.setPassword(QStringLiteral("***"));
    return url.toString();
}
