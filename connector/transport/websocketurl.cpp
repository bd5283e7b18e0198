#include "websocketurl.h"

namespace WebSocketUrl {

bool isValid(const QUrl &url)
{
    const QString scheme = url.scheme();
    return url.isValid() && !url.host().isEmpty()
        && (scheme == QLatin1String("ws") || scheme == QLatin1String("wss"));
}

bool isSecure(const QUrl &url)
{
    return url.scheme() == QLatin1String("wss") || url.scheme() == QLatin1String("https");
}

int defaultPort(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("wss") || scheme == QLatin1String("https"))
        return 443;
    if (scheme == QLatin1String("ws") || scheme == QLatin1String("http"))
        return 80;
    return 0;
}

int port(const QUrl &url)
{
    return url.port(defaultPort(url));
}

QString hostAndPort(const QUrl &url)
{
    return url.host() + QLatin1Char(':') + QString::number(port(url));
}

} // namespace WebSocketUrl
