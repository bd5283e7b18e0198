#include "logging.h"

Q_LOGGING_CATEGORY(lcConnector, "parley.connector", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSocketIo, "parley.socketio", QtInfoMsg)
Q_LOGGING_CATEGORY(lcDiscovery, "parley.discovery", QtInfoMsg)
Q_LOGGING_CATEGORY(lcProtocol, "parley.protocol", QtInfoMsg)
Q_LOGGING_CATEGORY(lcChat, "parley.chat", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCredentials, "parley.credentials", QtInfoMsg)
Q_LOGGING_CATEGORY(lcModel, "parley.model", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "parley.ui", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServer, "parley.server", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCluster, "parley.cluster", QtInfoMsg)
Q_LOGGING_CATEGORY(lcApp, "parley.app", QtInfoMsg)
