#pragma once
// The one place that knows what a websocket address is: ws:// or wss:// with a host, and the
// port it means when none is written (80 for ws, 443 for wss). The connector, the detector, the
// command line, the connect dialog and the per-server memory all ask here.
#include <QString>
#include <QUrl>

namespace WebSocketUrl {
//! A ws:// or wss:// URL with a host.
bool isValid(const QUrl &url);
//! True for wss:// (and https://, the same server's TLS address).
bool isSecure(const QUrl &url);
//! The port a scheme means when none is written: 443 for wss/https, 80 for ws/http, else 0.
int defaultPort(const QUrl &url);
//! The port of \a url, or its scheme's default.
int port(const QUrl &url);
//! "host:port" with the default port filled in.
QString hostAndPort(const QUrl &url);
} // namespace WebSocketUrl
