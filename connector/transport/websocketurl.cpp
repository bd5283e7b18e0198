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

int port(const QUrl &url)
{
    return url.port(isSecure(url) ? 443 : 80);
}

QString hostAndPort(const QUrl &url)
{
    return url.host() + QLatin1Char(':') + QString::number(port(url));
}

} // namespace WebSocketUrl
