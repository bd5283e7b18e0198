#include "serverkind.h"

namespace ServerKinds {

QString name(ServerKind kind)
{
    switch (kind) {
    case ServerKind::Parley:
        return QStringLiteral("parley");
    case ServerKind::SocketIo:
        return QStringLiteral("socketio");
    case ServerKind::Raw:
        return QStringLiteral("raw");
    }
    return {};
}

std::optional<ServerKind> fromName(const QString &text)
{
    for (ServerKind kind : {ServerKind::Parley, ServerKind::SocketIo, ServerKind::Raw}) {
        if (name(kind) == text)
            return kind;
    }
    return std::nullopt;
}

} // namespace ServerKinds
