#include "membermodel.h"

#include "chatclient.h"

#include <QSet>

#include <algorithm>

MemberModel::MemberModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

MemberModel::~MemberModel() = default;

int MemberModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_names.size());
}

QVariant MemberModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.model() != this || index.row() >= m_names.size())
        return {};
    const QString &name = m_names.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return name;
    case Qt::AccessibleTextRole: {
        const bool self = !m_self.isEmpty() && name == m_self;
        const QString who = self ? tr("%1 (you)").arg(name) : name;
        return presence(name) == Presence::Away ? tr("%1, away").arg(who) : tr("%1, online").arg(who);
    }
    case PresenceRole:
        return int(presence(name));
    case SelfRole:
        return !m_self.isEmpty() && name == m_self;
    default:
        return {};
    }
}

QHash<int, QByteArray> MemberModel::roleNames() const
{
    return {{NameRole, "name"}, {PresenceRole, "presence"}, {SelfRole, "self"}};
}

void MemberModel::connectClient(ChatClient *client)
{
    if (m_client)
        m_client->disconnect(this);
    m_client = client;
    if (!client)
        return;
    setSelfName(client->identity().isValid() ? client->identity().displayName : client->userName());
    // Signed in: the server's name for us is the one in its member lists.
    connect(client, &ChatClient::signedIn, this,
            [this](const Identity &identity) { setSelfName(identity.displayName); });
    connect(client, &ChatClient::membersChanged, this,
            [this](const QString &room, const QStringList &members) {
                if (room == m_room)
                    setMembers(members);
            });
    // A lost link empties no list: the members come back with the re-join.
    setMembers(client->members(m_room));
}

void MemberModel::setRoom(const QString &room)
{
    if (room == m_room)
        return;
    m_room = room;
    m_presence.clear();
    // A different room: a reset is honest (no row is "the same" across rooms).
    beginResetModel();
    m_names.clear();
    endResetModel();
    if (m_client)
        setMembers(m_client->members(room));
    Q_EMIT roomChanged(room);
    Q_EMIT countChanged(rowCount());
}

bool MemberModel::lessThan(const QString &a, const QString &b) const
{
    const bool aSelf = a == m_self;
    const bool bSelf = b == m_self;
    if (aSelf != bSelf)
        return aSelf;
    const int c = a.compare(b, Qt::CaseInsensitive);
    return c != 0 ? c < 0 : a < b;
}

int MemberModel::insertRow(const QString &name) const
{
    int row = 0;
    while (row < m_names.size() && lessThan(m_names.at(row), name))
        ++row;
    return row;
}

void MemberModel::setMembers(const QStringList &names)
{
    QSet<QString> wanted;
    for (const QString &n : names) {
        if (!n.trimmed().isEmpty())
            wanted.insert(n);
    }
    const int before = rowCount();
    for (int row = int(m_names.size()) - 1; row >= 0; --row) {
        if (wanted.contains(m_names.at(row)))
            continue;
        beginRemoveRows({}, row, row);
        m_presence.remove(m_names.at(row));
        m_names.removeAt(row);
        endRemoveRows();
    }
    for (const QString &n : names) {
        if (!wanted.contains(n) || m_names.contains(n))
            continue;
        const int row = insertRow(n);
        beginInsertRows({}, row, row);
        m_names.insert(row, n);
        endInsertRows();
    }
    if (rowCount() != before)
        Q_EMIT countChanged(rowCount());
}

QStringList MemberModel::members() const
{
    return m_names;
}

int MemberModel::rowOf(const QString &name) const
{
    return int(m_names.indexOf(name));
}

void MemberModel::setSelfName(const QString &name)
{
    if (name == m_self)
        return;
    m_self = name;
    if (m_names.isEmpty())
        return;
    // The order depends on who one is.
    beginResetModel();
    std::sort(m_names.begin(), m_names.end(),
              [this](const QString &a, const QString &b) { return lessThan(a, b); });
    endResetModel();
}

void MemberModel::setPresence(const QString &name, Presence presence)
{
    const int row = rowOf(name);
    if (row < 0 || this->presence(name) == presence)
        return;
    if (presence == Presence::Online)
        m_presence.remove(name);
    else
        m_presence.insert(name, presence);
    const QModelIndex i = index(row);
    Q_EMIT dataChanged(i, i, {PresenceRole, Qt::AccessibleTextRole});
}

MemberModel::Presence MemberModel::presence(const QString &name) const
{
    return m_presence.value(name, Presence::Online);
}

int MemberModel::count(Presence presence) const
{
    int n = 0;
    for (const QString &name : m_names) {
        if (this->presence(name) == presence)
            ++n;
    }
    return n;
}
