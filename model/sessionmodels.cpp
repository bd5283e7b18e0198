#include "sessionmodels.h"

#include "chatclient.h"
#include "logging.h"
#include "membermodel.h"
#include "messagemodel.h"
#include "roomlistmodel.h"

#include <QSettings>
#include <QUrl>

SessionModels::SessionModels(ChatClient *client, MessageStore *store, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_store(store)
{
    Q_ASSERT(client);
    m_rooms = new RoomListModel(this);
    m_rooms->connectClient(client);
    m_members = new MemberModel(this);
    m_members->connectClient(client);

    // Every room listed has its messages, whoever added the row.
    connect(m_rooms, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) {
                for (int row = first; row <= last; ++row)
                    ensureModel(m_rooms->roomAt(row));
            });
    // The direct room asked for is open (it is listed by now: RoomListModel heard it first).
    connect(client, &ChatClient::directOpened, this, [this](const QString &room, const Person &peer) {
        if (!m_directWanted || !m_directWanted->matches(peer))
            return;
        m_directWanted.reset();
        Q_EMIT directReady(room);
    });
    auto changed = [this] { Q_EMIT savedStateChanged(); };
    connect(m_rooms, &QAbstractItemModel::rowsInserted, this, changed);
    connect(m_rooms, &QAbstractItemModel::rowsRemoved, this, changed);
    connect(m_rooms, &RoomListModel::currentRoomChanged, this, changed);
    connect(m_rooms, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &, const QModelIndex &, const QList<int> &roles) {
                // Unread counts, read positions and previews too (a crash keeps them, within the
                // app's save delay).
                if (roles.contains(RoomListModel::MutedRole) || roles.contains(RoomListModel::DraftRole)
                    || roles.contains(RoomListModel::TitleRole) || roles.contains(RoomListModel::UnreadRole)
                    || roles.contains(RoomListModel::ReadSeqRole) || roles.contains(RoomListModel::LastTextRole))
                    Q_EMIT savedStateChanged();
            });
}

SessionModels::~SessionModels() = default;

bool SessionModels::DirectWanted::matches(const Person &peer) const
{
    if (!username.isEmpty())
        return peer.username.compare(username, Qt::CaseInsensitive) == 0;
    return peer.id == userId;
}

void SessionModels::openDirect(qint64 userId)
{
    const QString listed = m_rooms->directRoomWith(userId);
    if (!listed.isEmpty()) {
        Q_EMIT directReady(listed);
        return;
    }
    if (!m_client || userId <= 0)
        return;
    m_directWanted = DirectWanted{userId, {}};
    m_client->openDirect(userId);
}

void SessionModels::openDirectByName(const QString &username)
{
    const QString name = username.trimmed();
    if (!m_client || name.isEmpty())
        return;
    for (int row = 0; row < m_rooms->rowCount(); ++row) {
        const Person peer = m_rooms->peer(m_rooms->roomAt(row));
        if (peer.isValid() && peer.username.compare(name, Qt::CaseInsensitive) == 0) {
            Q_EMIT directReady(m_rooms->roomAt(row));
            return;
        }
    }
    m_directWanted = DirectWanted{0, name};
    m_client->openDirectByName(name);
}

ChatClient *SessionModels::client() const
{
    return m_client;
}

MessageModel *SessionModels::modelFor(const QString &room) const
{
    return m_models.value(room);
}

void SessionModels::adoptModel(MessageModel *model)
{
    Q_ASSERT(model);
    m_models.insert(model->room(), model);
}

MessageModel *SessionModels::ensureModel(const QString &room)
{
    if (MessageModel *model = m_models.value(room))
        return model;
    auto *model = new MessageModel(room, this);
    // The store first: it holds the outbox the client restored (MessageModel::setStore()).
    if (m_store)
        model->setStore(m_store);
    // The view pages on reaching its top (ConversationPane), not on QAbstractItemView's fetchMore.
    model->setFetchMoreEnabled(false);
    // Older than the store (a room joined late): asked from the server on reaching the top.
    model->setFetchOlderFromServer(true);
    model->connectClient(m_client);
    m_models.insert(room, model);
    return model;
}

QString SessionModels::joinRoom(const QString &name)
{
    const QString room = RoomListModel::normalizedName(name);
    if (room.isEmpty() || m_rooms->contains(room))
        return room;
    qCInfo(lcModel) << "joining" << room;
    m_rooms->addRoom(room); // and its model (rowsInserted)
    if (m_client) {
        m_client->joinRoom(room);
        // Already joined by the client before these models existed.
        if (m_client->isReady() && !m_client->members(room).isEmpty())
            m_rooms->setJoined(room, true);
    }
    return room;
}

bool SessionModels::leaveRoom(const QString &room)
{
    if (!m_rooms->contains(room))
        return false;
    qCInfo(lcModel) << "leaving" << room;
    if (m_client)
        m_client->leaveRoom(room);
    m_rooms->removeRoom(room);
    MessageModel *model = m_models.take(room);
    if (model && model->parent() == this) // an adopted model is its owner's to delete
        model->deleteLater();
    if (m_members->room() == room)
        m_members->setRoom(QString());
    return true;
}

void SessionModels::setCurrentRoom(const QString &room)
{
    m_rooms->setCurrentRoom(room);
    m_members->setRoom(m_rooms->currentRoom());
}

QString SessionModels::currentRoom() const
{
    return m_rooms->currentRoom();
}

void SessionModels::save(QSettings &settings, const QUrl &server) const
{
    m_rooms->save(settings, server);
}

QString SessionModels::restore(QSettings &settings, const QUrl &server, const QString &room,
                               bool roomGiven)
{
    // The rooms of last time, in their order, then the one asked for; "lobby" the first time.
    const QStringList saved = RoomListModel::savedRooms(settings, server);
    for (const QString &name : saved)
        joinRoom(name);
    m_rooms->restore(settings, server); // muted flags and drafts
    if (roomGiven || saved.isEmpty())
        joinRoom(room);
    QString show = roomGiven ? RoomListModel::normalizedName(room)
                             : RoomListModel::savedCurrentRoom(settings, server);
    if (!m_rooms->contains(show))
        show = m_rooms->roomAt(0);
    qCInfo(lcModel).noquote() << "rooms:" << m_rooms->rooms().join(QLatin1String(", "))
                              << "showing" << show;
    return show;
}
