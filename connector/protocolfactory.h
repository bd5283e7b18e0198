#pragma once
// The one place that turns "what kind of server" into the ChatProtocol that speaks to it, so the
// app, parley-cli and tests agree: Parley → ParleyProtocol, SocketIo → ProfileProtocol with the
// given ServerProfile, Raw → RawProtocol. Hand the result to ChatClient::setProtocol().
#include "dialectdetector.h"
#include "serverprofile.h"

class ChatProtocol;
class IMConnector;

class ProtocolFactory
{
public:
    //! A new protocol on \a connector (normally ChatClient::connector()); the caller owns it.
    //! SocketIo with the "parley" profile gives ParleyProtocol too.
    static ChatProtocol *create(DialectDetector::Dialect dialect, const ServerProfile &profile,
                                IMConnector *connector);
};
