#include "protocolfactory.h"

#include "parleyprotocol.h"
#include "profileprotocol.h"
#include "rawprotocol.h"

std::unique_ptr<ChatProtocol> ProtocolFactory::create(ServerKind kind, const ServerProfile &profile,
                                                      IMConnector *connector)
{
    switch (kind) {
    case ServerKind::Parley:
        return std::make_unique<ParleyProtocol>(connector);
    case ServerKind::SocketIo:
        if (profile.isParley())
            return std::make_unique<ParleyProtocol>(connector);
        return std::make_unique<ProfileProtocol>(connector, profile);
    case ServerKind::Raw:
        return std::make_unique<RawProtocol>(connector);
    }
    return nullptr;
}
