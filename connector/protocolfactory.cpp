#include "protocolfactory.h"

#include "parleyprotocol.h"
#include "profileprotocol.h"
#include "rawprotocol.h"

ChatProtocol *ProtocolFactory::create(DialectDetector::Dialect dialect, const ServerProfile &profile,
                                      IMConnector *connector)
{
    switch (dialect) {
    case DialectDetector::Dialect::Parley:
        return new ParleyProtocol(connector);
    case DialectDetector::Dialect::SocketIo:
        if (profile.isParley())
            return new ParleyProtocol(connector);
        return new ProfileProtocol(connector, profile);
    case DialectDetector::Dialect::Raw:
        return new RawProtocol(connector);
    }
    return nullptr;
}
