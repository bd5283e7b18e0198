#pragma once
// closedLocalUrl(): a ws:// address on 127.0.0.1 where nobody listens, for tests of a server that
// cannot be reached (the connector retries it). A port is bound, noted and let go, so it is free
// but was just proven usable.
#include <QHostAddress>
#include <QTcpServer>
#include <QUrl>

//! The address, or an empty URL if no port could be bound.
inline QUrl closedLocalUrl()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0))
            return {};
        port = probe.serverPort();
    }
    QUrl url;
    url.setScheme(QStringLiteral("ws"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port);
    return url;
}
