#pragma once
// What kind of server is at the other end, so one knows which ChatProtocol speaks to it. (The
// Engine.IO/Socket.IO link itself is SocketIoSession; "dialect" in the command line's --dialect
// means this kind.)
#include <QMetaType>
#include <QObject>
#include <QString>
#include <optional>

namespace ServerKinds {
Q_NAMESPACE

enum class ServerKind {
    Parley,   //!< parley-server: ParleyProtocol
    SocketIo, //!< a stock Socket.IO v4 server: ProfileProtocol with a ServerProfile
    Raw,      //!< a plain websocket server: RawProtocol
};
Q_ENUM_NS(ServerKind)

//! "parley", "socketio", "raw": the names of --dialect and of ServerMemory.
QString name(ServerKind kind);
std::optional<ServerKind> fromName(const QString &name);
} // namespace ServerKinds

using ServerKinds::ServerKind;
