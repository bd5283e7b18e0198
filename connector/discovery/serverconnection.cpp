#include "serverconnection.h"

#include "chatclient.h"
#include "logging.h"
#include "protocolfactory.h"

#include <QSettings>

ServerConnection::ServerConnection(ChatClient *client, QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_settings(settings)
    , m_resolver(new DialectResolver(settings, this))
{
    connect(m_resolver, &DialectResolver::progress, this, &ServerConnection::progress);
    connect(m_resolver, &DialectResolver::resolved, this, &ServerConnection::onResolved);
    connect(m_resolver, &DialectResolver::failed, this, [this](IMConnector::Error kind, const QString &text) {
        qCWarning(lcDiscovery).noquote() << "cannot talk to" << m_request.server.toDisplayString() << ":" << text;
        Q_EMIT failed(kind, text);
    });
    connect(m_client, &ChatClient::readyChanged, this, &ServerConnection::onReady);
}

void ServerConnection::setConnectorSettings(const ConnectorSettings &settings)
{
    m_resolver->setConnectorSettings(settings);
}

void ServerConnection::start(const DialectResolver::Request &request)
{
    m_request = request;
    m_remembered = false;
    m_resolver->resolve(request);
}

void ServerConnection::abort()
{
    m_resolver->abort();
}

void ServerConnection::onResolved(ServerKind kind, const ServerProfile &profile)
{
    m_kind = kind;
    m_profile = profile;
    m_client->setProtocol(ProtocolFactory::create(kind, profile, m_client->connector()));
    qCInfo(lcDiscovery).noquote() << "connecting to" << m_request.server.toDisplayString() << "as"
                                  << ServerKinds::name(kind) << profile.id;
    Q_EMIT connecting(kind, profile);
    m_client->connectToServer(m_request.server);
}

void ServerConnection::onReady(bool ready)
{
    if (!ready || m_remembered)
        return;
    // What worked is remembered, so the next start neither probes nor asks.
    m_remembered = true;
    m_resolver->remember(m_request.server, m_kind, m_profile, m_request.customProfile.has_value());
    m_settings->sync();
}
