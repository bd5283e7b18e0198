#pragma once
// The one place that turns "what kind of server" into the ChatProtocol that speaks to it, so the
// app, parley-cli and tests agree: Parley → ParleyProtocol, SocketIo → ProfileProtocol with the
// given ServerProfile, Raw → RawProtocol. Hand the result to ChatClient::setProtocol().
#include "serverkind.h"
#include "serverprofile.h"

#include <memory>

class ChatProtocol;
class IMConnector;

class ProtocolFactory
{
public:
    //! A new protocol on \a connector (normally ChatClient::connector()).
    //! SocketIo with the "parley" profile gives ParleyProtocol too.
    static std::unique_ptr<ChatProtocol> create(ServerKind kind, const ServerProfile &profile,
                                                IMConnector *connector);
};
