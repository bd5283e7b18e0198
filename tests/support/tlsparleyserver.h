#pragma once
// A ParleyServer serving wss:// itself with a test certificate (testcerts.h), on 127.0.0.1 and a
// free port, with the library's defaults (guests welcome). Header-only; link Parley::Server.
#include "parleyserver.h"
#include "servertls.h"
#include "testcerts.h"

#include <memory>

namespace ParleyTest {

//! parley-server with tests/support/certs/\a name.crt and .key, listening; null if it cannot.
inline std::unique_ptr<ParleyServer> tlsServer(const char *name)
{
    QString error;
    ServerSettings settings;
    const QString base = certPath(name);
    settings.tls = ServerTls::load(base + QStringLiteral(".crt"), base + QStringLiteral(".key"), &error)
                           .value_or(QSslConfiguration());
    auto server = std::make_unique<ParleyServer>(settings);
    if (!settings.isSecure() || !server->listen(QHostAddress::LocalHost, 0))
        return nullptr;
    return server;
}

} // namespace ParleyTest
