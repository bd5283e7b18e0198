#include "messagemodel.h"

#include "chatclient.h"
#include "logging.h"

MessageModel::MessageModel(const QString &room, QObject *parent)
    : QAbstractListModel(parent)
    , m_room(room)
{
}

int MessageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_messages.size());
}

QVariant MessageModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.model() != this || index.row() >= m_messages.size())
        return {};
    const ChatMessage &m = m_messages.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TextRole:
        return m.text;
    case IdRole:
        return m.key();
    case ClientIdRole:
        return m.clientId;
    case RoomRole:
        return m.room;
    case SeqRole:
        return m.seq;
    case SenderRole:
        return m.sender;
    case TimeRole:
        return m.time;
    case OwnRole:
        return m.own;
    case DeliveryRole:
        return int(m.delivery);
    default:
        return {};
    }
}

QHash<int, QByteArray> MessageModel::roleNames() const
{
    auto names = QAbstractListModel::roleNames();
    names.insert(IdRole, "messageId");
    names.insert(ClientIdRole, "clientId");
    names.insert(RoomRole, "room");
    names.insert(SeqRole, "seq");
    names.insert(SenderRole, "sender");
    names.insert(TextRole, "text");
    names.insert(TimeRole, "time");
    names.insert(OwnRole, "own");
    names.insert(DeliveryRole, "delivery");
    return names;
}

void MessageModel::connectClient(ChatClient *client)
{
    connect(client, &ChatClient::messageQueued, this, &MessageModel::addMessage);
    connect(client, &ChatClient::messageReceived, this, &MessageModel::addMessage);
    connect(client, &ChatClient::deliveryChanged, this, &MessageModel::updateDelivery);
}

bool MessageModel::accepts(const ChatMessage &m) const
{
    return m.room == m_room || m.room.isEmpty();
}

int MessageModel::rowOfKey(const QString &key) const
{
    return key.isEmpty() ? -1 : m_rowByKey.value(key, -1);
}

void MessageModel::addMessage(const ChatMessage &message)
{
    addMessages({message});
}

void MessageModel::addMessages(const QList<ChatMessage> &messages)
{
    QList<ChatMessage> fresh;
    QHash<QString, int> freshKeys;
    for (const ChatMessage &m : messages) {
        if (!accepts(m))
            continue;
        const QString key = m.key();
        const int row = rowOfKey(key);
        if (row >= 0) {
            // Already shown: the newer copy wins, the row stays.
            m_messages[row] = m;
            const QModelIndex i = index(row);
            Q_EMIT dataChanged(i, i);
            continue;
        }
        if (!key.isEmpty() && freshKeys.contains(key)) {
            fresh[freshKeys.value(key)] = m;
            continue;
        }
        if (!key.isEmpty())
            freshKeys.insert(key, int(fresh.size()));
        fresh << m;
    }
    if (fresh.isEmpty())
        return;
    const int first = int(m_messages.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    m_messages.append(fresh);
    reindexFrom(first);
    endInsertRows();
}

void MessageModel::updateDelivery(const QString &clientId, ChatMessage::Delivery state, qint64 seq,
                                  const QDateTime &time)
{
    const int row = rowOfClientId(clientId);
    if (row < 0)
        return;
    ChatMessage &m = m_messages[row];
    QList<int> roles{DeliveryRole};
    m.delivery = state;
    if (seq > 0 && m.seq != seq) {
        m.seq = seq;
        roles << SeqRole;
    }
    if (time.isValid() && m.time != time) {
        m.time = time;
        roles << TimeRole;
    }
    const QModelIndex i = index(row);
    Q_EMIT dataChanged(i, i, roles);
}

ChatMessage MessageModel::messageAt(int row) const
{
    return (row >= 0 && row < m_messages.size()) ? m_messages.at(row) : ChatMessage{};
}

int MessageModel::rowOfClientId(const QString &clientId) const
{
    return clientId.isEmpty() ? -1 : rowOfKey(QLatin1String("c:") + clientId);
}

void MessageModel::reindexFrom(int row)
{
    for (int r = row; r < m_messages.size(); ++r) {
        const QString key = m_messages.at(r).key();
        if (!key.isEmpty())
            m_rowByKey.insert(key, r);
    }
}
