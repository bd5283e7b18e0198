#include "appsession.h"

#include "chatclient.h"
#include "chatwindow.h"
#include "connectorsettings.h"
#include "logging.h"
#include "messagestore.h"
#include "serverconnection.h"
#include "roomlistmodel.h"

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
    if (m_window)
        saveRooms();
    if (m_connection)
        m_connection->abort();
    if (m_client)
        m_client->disconnectFromServer();
    // The window and the models follow the client; the store outlives both.
    m_window.reset();
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

    m_window = std::make_unique<ChatWindow>(m_client.get());
    m_window->setSettings(m_settings);
    if (m_store)
        m_window->setStore(m_store.get());
    restoreRooms();
    if (!target.hostedUrl.isEmpty())
        m_window->setHostedServer(target.hostedUrl);
    connect(m_window.get(), &ChatWindow::connectRequested, this, &AppSession::connectRequested);

    RoomListModel *rooms = m_window->rooms();
    auto later = [this] { m_saveTimer.start(); };
    connect(rooms, &QAbstractItemModel::rowsInserted, this, later);
    connect(rooms, &QAbstractItemModel::rowsRemoved, this, later);
    connect(rooms, &RoomListModel::currentRoomChanged, this, later);
    connect(rooms, &QAbstractItemModel::dataChanged, this,
            [later](const QModelIndex &, const QModelIndex &, const QList<int> &roles) {
                if (roles.contains(RoomListModel::MutedRole) || roles.contains(RoomListModel::DraftRole))
                    later();
            });

    if (geometry.isValid())
        m_window->setGeometry(geometry);
    m_window->show();

    // Which protocol: asked for, remembered for this server, or found out; then connect.
    m_connection = new ServerConnection(m_client.get(), m_settings, this);
    m_connection->setConnectorSettings(connectorSettings);
    connect(m_connection, &ServerConnection::progress, m_window.get(), &ChatWindow::showStatus);
    connect(m_connection, &ServerConnection::failed, m_window.get(),
            [this](IMConnector::Error, const QString &text) { m_window->showError(text); });
    DialectResolver::Request request;
    request.server = target.server;
    request.dialect = target.dialect;
    request.profileId = target.profileId;
    m_connection->start(request);
}

void AppSession::restoreRooms()
{
    // The rooms of last time, in their order, then the one asked for; "lobby" the first time.
    const QStringList saved = RoomListModel::savedRooms(*m_settings, m_target.identity);
    for (const QString &room : saved)
        m_window->joinRoom(room, false);
    m_window->rooms()->restore(*m_settings, m_target.identity); // muted flags and drafts
    if (m_target.roomGiven || saved.isEmpty())
        m_window->joinRoom(m_target.room, false);
    QString show = m_target.roomGiven ? RoomListModel::normalizedName(m_target.room)
                                      : RoomListModel::savedCurrentRoom(*m_settings, m_target.identity);
    if (!m_window->rooms()->contains(show))
        show = m_window->rooms()->roomAt(0);
    m_window->showRoom(show);
    qCInfo(lcApp).noquote() << "rooms:" << m_window->rooms()->rooms().join(QLatin1String(", "))
                            << "showing" << show;
}

void AppSession::saveRooms()
{
    if (!m_window)
        return;
    m_window->saveDraft();
    m_window->rooms()->save(*m_settings, m_target.identity);
}
