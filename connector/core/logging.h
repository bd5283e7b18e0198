#pragma once
// All of Parley's logging categories, in one place (libQuotient habit).
// Enable with QT_LOGGING_RULES, e.g. QT_LOGGING_RULES="parley.*.debug=true".
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcConnector) //!< "parley.connector": transport: socket, heartbeat, reconnect
Q_DECLARE_LOGGING_CATEGORY(lcSocketIo)  //!< "parley.socketio": Engine.IO / Socket.IO session
Q_DECLARE_LOGGING_CATEGORY(lcProtocol)  //!< "parley.protocol": chat protocols (parley, profile, raw)
Q_DECLARE_LOGGING_CATEGORY(lcDiscovery) //!< "parley.discovery": server kind detection and resolution
Q_DECLARE_LOGGING_CATEGORY(lcChat)      //!< "parley.chat": rooms, outbox, acks
Q_DECLARE_LOGGING_CATEGORY(lcCredentials) //!< "parley.credentials": token vault (keychain, file fallback); never logs a token
Q_DECLARE_LOGGING_CATEGORY(lcModel)     //!< "parley.model": models and local store
Q_DECLARE_LOGGING_CATEGORY(lcUi)        //!< "parley.ui": widgets
Q_DECLARE_LOGGING_CATEGORY(lcServer)    //!< "parley.server": parley-server
Q_DECLARE_LOGGING_CATEGORY(lcCluster)   //!< "parley.cluster": parley-server nodes together (Redis, PostgreSQL)
Q_DECLARE_LOGGING_CATEGORY(lcApp)       //!< "parley.app": command line, settings, wiring
