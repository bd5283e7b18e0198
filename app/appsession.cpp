#include "appsession.h"

#include "chatclient.h"
#include "chatwindow.h"
#include "connectorsettings.h"
#include "dialectresolver.h"
#include "logging.h"
#include "messagestore.h"
#include "protocolfactory.h"
#include "sessionmodels.h"

#include <QSettings>

AppSession::AppSession(QSettings *settings, NetworkMonitor *network, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_network(network)
{
    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(kSaveDelay);
    connect(&m_saveTimer, &QTimer::timeout, this, &AppSession::saveRooms);
}

AppSession::~AppSession()
{
    saveRooms();
    if (m_resolver)
        m_resolver->abort();
    if (m_client)
        m_client->disconnectFromServer();
    // The window shows the models, the models follow the client; the store outlives them all.
    m_window.reset();
    m_models.reset();
    m_client.reset();
    m_store.reset();
}

void AppSession::start(const Target &target, const QRect &geometry)
{
    m_target = target;
    if (m_target.identity.isEmpty())
        m_target.identity = target.server;
    const ConnectorSettings connectorSettings = ConnectorSettings::fromSettings(*m_settings);

    m_client = std::make_unique<ChatClient>();
    m_client->setSettings(connectorSettings);
    m_client->setUserName(target.name);
    if (m_network)
        m_client->setNetworkMonitor(m_network);

    // Outbox and history on disk, one database per server and user: nothing typed is lost.
    if (target.persistent) {
        m_store = std::make_unique<MessageStore>();
        if (m_store->open(MessageStore::defaultPath(m_target.identity, target.name))) {
            qCInfo(lcApp).noquote() << "local history:" << m_store->path();
            m_client->setStore(m_store.get());
        } else {
            qCWarning(lcApp).noquote() << "local history unavailable, keeping messages in memory:"
                                       << m_store->errorString();
            m_store.reset();
        }
    }

    // The rooms of this server, as they were left (SessionModels::restore()).
    m_models = std::make_unique<SessionModels>(m_client.get(), m_store.get());
    const QString shown = m_models->restore(*m_settings, m_target.identity, target.room, target.roomGiven);
    m_window = std::make_unique<ChatWindow>(m_models.get());
    m_window->setSettings(m_settings);
    m_window->showRoom(shown);
    // Saved again soon after each change from now on (kSaveDelay), and when the session ends.
    connect(m_models.get(), &SessionModels::savedStateChanged, &m_saveTimer, qOverload<>(&QTimer::start));
    if (!target.hostedUrl.isEmpty())
        m_window->setHostedServer(target.hostedUrl);
    connect(m_window.get(), &ChatWindow::connectRequested, this, &AppSession::connectRequested);

    if (geometry.isValid())
        m_window->setGeometry(geometry);
    m_window->show();

    // Which protocol: asked for, remembered for this server, or found out (DialectResolver).
    m_resolver = new DialectResolver(m_settings, this);
    m_resolver->setConnectorSettings(connectorSettings);
    connect(m_resolver, &DialectResolver::progress, m_window.get(), &ChatWindow::showStatus);
    connect(m_resolver, &DialectResolver::resolved, this, &AppSession::onResolved);
    connect(m_resolver, &DialectResolver::failed, this, [this](IMConnector::Error kind, const QString &text) {
        qCWarning(lcApp).noquote() << "cannot talk to" << m_target.server.toDisplayString() << ":" << text << kind;
        m_window->showError(text);
    });
    connect(m_client.get(), &ChatClient::readyChanged, this, &AppSession::onReady);
    DialectResolver::Request request;
    request.server = target.server;
    request.dialect = target.dialect;
    request.profileId = target.profileId;
    m_resolver->resolve(request);
}

void AppSession::onResolved(DialectDetector::Dialect dialect, const ServerProfile &profile)
{
    m_dialect = dialect;
    m_profile = profile;
    m_client->setProtocol(ProtocolFactory::create(dialect, profile, m_client->connector()));
    qCInfo(lcApp).noquote() << "connecting to" << m_target.server.toDisplayString() << "as"
                            << DialectDetector::dialectName(dialect) << profile.id;
    m_client->connectToServer(m_target.server);
}

void AppSession::onReady(bool ready)
{
    if (!ready || m_remembered)
        return;
    // What worked is remembered, so the next start neither probes nor asks.
    m_remembered = true;
    m_resolver->remember(m_target.server, m_dialect, m_profile);
    m_settings->sync();
}

void AppSession::saveRooms()
{
    if (m_models)
        m_models->save(*m_settings, m_target.identity);
}
