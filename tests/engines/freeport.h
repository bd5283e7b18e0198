#pragma once
// FreePort: a TCP port on 127.0.0.1 that nothing listens on now, for servers that cannot be told
// to pick one themselves (postgres, redis-server). Another process may take it before the server
// does: rare on a test machine, and the server then fails to start with a clear message.
#include <QHostAddress>
#include <QTcpServer>

namespace FreePort {
inline quint16 onLoopback()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}
} // namespace FreePort
