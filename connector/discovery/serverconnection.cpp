#include "serverconnection.h"

#include "certificatepins.h"
#include "chatclient.h"
#include "logging.h"
#include "protocolfactory.h"
#include "websocketurl.h"

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
    IMConnector *link = m_client->connector();
    connect(link, &IMConnector::untrustedCertificate, this, &ServerConnection::untrustedCertificate);
    connect(link, &IMConnector::pinnedCertificateChanged, this, &ServerConnection::certificateChanged);
    DialectDetector *probe = m_resolver->detector();
    connect(probe, &DialectDetector::untrustedCertificate, this, &ServerConnection::untrustedCertificate);
    connect(probe, &DialectDetector::pinnedCertificateChanged, this, &ServerConnection::certificateChanged);
}

void ServerConnection::setConnectorSettings(const ConnectorSettings &settings)
{
    m_resolver->setConnectorSettings(settings);
}

void ServerConnection::start(const DialectResolver::Request &request)
{
    m_request = request;
    m_remembered = false;
    const QSslCertificate pin = WebSocketUrl::isSecure(request.server)
            ? CertificatePins::pinned(*m_settings, request.server)
            : QSslCertificate();
    if (!pin.isNull())
        qCInfo(lcDiscovery).noquote() << "certificate pinned for" << CertificatePins::key(request.server) << ":"
                                      << CertificatePins::fingerprint(pin);
    m_client->connector()->setCaCertificates(m_caCertificates);
    m_client->connector()->setPinnedCertificate(pin);
    m_resolver->detector()->setCaCertificates(m_caCertificates);
    m_resolver->detector()->setPinnedCertificate(pin);
    m_resolver->resolve(request);
}

void ServerConnection::abort()
{
    m_resolver->abort();
}

void ServerConnection::setCaCertificates(const QList<QSslCertificate> &certificates)
{
    m_caCertificates = certificates;
}

void ServerConnection::trust(const QSslCertificate &certificate)
{
    CertificatePins::pin(*m_settings, m_request.server, certificate);
    start(m_request);
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
