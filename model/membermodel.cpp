#include "membermodel.h"

#include "chatclient.h"

#include <QSet>

#include <algorithm>

namespace {
QString keyOf(const Person &p, const QString &label)
{
    return p.id > 0 ? QString::number(p.id) : label;
}
} // namespace

MemberModel::MemberModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

MemberModel::~MemberModel() = default;

int MemberModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_members.size());
}

QVariant MemberModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.model() != this || index.row() >= m_members.size())
        return {};
    const Member &m = m_members.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return m.label;
    case Qt::AccessibleTextRole: {
        const QString who = isSelf(m) ? tr("%1 (you)").arg(m.label) : m.label;
        switch (presence(index.row())) {
        case Presence::Away:
            return tr("%1, away").arg(who);
        case Presence::Offline:
            return tr("%1, offline").arg(who);
        case Presence::Unknown:
            return tr("%1, presence unknown").arg(who);
        case Presence::Online:
            break;
        }
        return tr("%1, online").arg(who);
    }
    case PresenceRole:
        return int(presence(index.row()));
    case SelfRole:
        return isSelf(m);
    case UserIdRole:
        return m.person.id;
    case UsernameRole:
        return m.person.username;
    case LastSeenRole:
        return m.person.lastSeen;
    case GuestRole:
        return m.person.guest;
    default:
        return {};
    }
}

QHash<int, QByteArray> MemberModel::roleNames() const
{
    return {{NameRole, "name"},         {PresenceRole, "presence"},     {SelfRole, "self"},
            {UserIdRole, "userId"},     {UsernameRole, "username"},     {LastSeenRole, "lastSeen"},
            {GuestRole, "guest"}};
}

void MemberModel::connectClient(ChatClient *client)
{
    if (m_client)
        m_client->disconnect(this);
    m_client = client;
    if (!client)
        return;
    const Identity me = client->identity();
    setSelf(me.userId, me.isValid() ? me.displayName : client->userName());
    setLinkUp(client->isReady());
    // Signed in: the server's id and name for us are the ones in its member lists.
    connect(client, &ChatClient::signedIn, this,
            [this](const Identity &identity) { setSelf(identity.userId, identity.displayName); });
    connect(client, &ChatClient::readyChanged, this, &MemberModel::setLinkUp);
    connect(client, &ChatClient::membersChanged, this,
            [this](const QString &room, const QStringList &members) {
                if (room == m_room && !m_byPeople)
                    setMembers(members);
            });
    connect(client, &ChatClient::peopleChanged, this,
            [this](const QString &room, const QList<Person> &people) {
                if (room == m_room)
                    setPeople(people);
            });
    connect(client, &ChatClient::presenceChanged, this,
            [this](const Person &p) { setPresence(p.id, p.presence, p.lastSeen); });
    // A lost link empties no list: the members come back with the re-join.
    const QList<Person> people = client->people(m_room);
    if (!people.isEmpty())
        setPeople(people);
    else
        setMembers(client->members(m_room));
}

void MemberModel::setRoom(const QString &room)
{
    if (room == m_room)
        return;
    m_room = room;
    // A different room: a reset is honest (no row is "the same" across rooms).
    beginResetModel();
    m_members.clear();
    m_byPeople = false;
    endResetModel();
    if (m_client) {
        const QList<Person> people = m_client->people(room);
        if (!people.isEmpty())
            setPeople(people);
        else
            setMembers(m_client->members(room));
    }
    Q_EMIT roomChanged(room);
    Q_EMIT countChanged(rowCount());
}

bool MemberModel::isSelf(const Member &m) const
{
    if (m_selfId > 0 && m.person.id > 0)
        return m.person.id == m_selfId;
    return !m_selfName.isEmpty() && m.label == m_selfName;
}

bool MemberModel::lessThan(const Member &a, const Member &b) const
{
    const bool aSelf = isSelf(a);
    const bool bSelf = isSelf(b);
    if (aSelf != bSelf)
        return aSelf;
    const int c = a.label.compare(b.label, Qt::CaseInsensitive);
    if (c != 0)
        return c < 0;
    if (a.label != b.label)
        return a.label < b.label;
    return a.person.id < b.person.id;
}

int MemberModel::insertRow(const Member &m) const
{
    int row = 0;
    while (row < m_members.size() && lessThan(m_members.at(row), m))
        ++row;
    return row;
}

void MemberModel::relabel(QList<Member> *members) const
{
    QHash<QString, int> uses;
    for (const Member &m : std::as_const(*members))
        ++uses[m.person.displayName.toCaseFolded()];
    for (Member &m : *members) {
        if (m.person.id <= 0)
            continue;
        const bool shared = uses.value(m.person.displayName.toCaseFolded()) > 1;
        m.label = shared ? tr("%1 (@%2)").arg(m.person.displayName, m.person.username) : m.person.displayName;
    }
}

void MemberModel::replaceRows(const QList<Member> &wanted)
{
    QHash<QString, Member> byKey;
    for (const Member &m : wanted)
        byKey.insert(keyOf(m.person, m.label), m);
    const int before = rowCount();
    for (int row = int(m_members.size()) - 1; row >= 0; --row) {
        const Member &current = m_members.at(row);
        const auto it = byKey.constFind(keyOf(current.person, current.label));
        if (it != byKey.constEnd() && it->label == current.label)
            continue;
        beginRemoveRows({}, row, row);
        m_members.removeAt(row);
        endRemoveRows();
    }
    QSet<QString> present;
    for (int row = 0; row < m_members.size(); ++row) {
        Member &current = m_members[row];
        const QString key = keyOf(current.person, current.label);
        present.insert(key);
        const Member &fresh = byKey.value(key);
        if (!(fresh.person == current.person)) {
            current.person = fresh.person;
            Q_EMIT dataChanged(index(row), index(row));
        }
    }
    for (const Member &m : wanted) {
        const QString key = keyOf(m.person, m.label);
        if (present.contains(key))
            continue;
        present.insert(key);
        const int row = insertRow(m);
        beginInsertRows({}, row, row);
        m_members.insert(row, m);
        endInsertRows();
    }
    if (rowCount() != before)
        Q_EMIT countChanged(rowCount());
}

void MemberModel::setMembers(const QStringList &names)
{
    m_byPeople = false;
    QList<Member> wanted;
    QSet<QString> seen;
    for (const QString &n : names) {
        if (n.trimmed().isEmpty() || seen.contains(n))
            continue;
        seen.insert(n);
        Person p;
        p.displayName = n;
        p.presence = Presence::Online;
        wanted << Member{p, n};
    }
    replaceRows(wanted);
}

void MemberModel::setPeople(const QList<Person> &people)
{
    if (!m_byPeople && !m_members.isEmpty()) {
        // From names to people: no row is the same.
        beginResetModel();
        m_members.clear();
        endResetModel();
    }
    m_byPeople = true;
    QList<Member> wanted;
    QSet<qint64> seen;
    for (const Person &p : people) {
        if (p.id <= 0 || seen.contains(p.id))
            continue;
        seen.insert(p.id);
        wanted << Member{p, p.displayName};
    }
    relabel(&wanted);
    replaceRows(wanted);
}

QStringList MemberModel::members() const
{
    QStringList labels;
    labels.reserve(m_members.size());
    for (const Member &m : m_members)
        labels << m.label;
    return labels;
}

int MemberModel::rowOf(const QString &label) const
{
    for (int row = 0; row < m_members.size(); ++row) {
        if (m_members.at(row).label == label)
            return row;
    }
    return -1;
}

int MemberModel::rowOfUser(qint64 userId) const
{
    for (int row = 0; userId > 0 && row < m_members.size(); ++row) {
        if (m_members.at(row).person.id == userId)
            return row;
    }
    return -1;
}

void MemberModel::resort()
{
    if (m_members.isEmpty())
        return;
    // The order depends on who one is.
    beginResetModel();
    std::stable_sort(m_members.begin(), m_members.end(),
                     [this](const Member &a, const Member &b) { return lessThan(a, b); });
    endResetModel();
}

void MemberModel::setSelf(qint64 userId, const QString &name)
{
    if (userId == m_selfId && name == m_selfName)
        return;
    m_selfId = userId;
    m_selfName = name;
    resort();
}

void MemberModel::setPresence(qint64 userId, Presence presence, const QDateTime &lastSeen)
{
    const int row = rowOfUser(userId);
    if (row < 0)
        return;
    Person &p = m_members[row].person;
    if (p.presence == presence && p.lastSeen == lastSeen)
        return;
    p.presence = presence;
    p.lastSeen = lastSeen;
    const QModelIndex i = index(row);
    Q_EMIT dataChanged(i, i, {PresenceRole, LastSeenRole, Qt::AccessibleTextRole});
}

MemberModel::Presence MemberModel::presence(int row) const
{
    if (row < 0 || row >= m_members.size())
        return Presence::Unknown;
    if (m_byPeople && !m_linkUp)
        return Presence::Unknown;
    const Presence p = m_members.at(row).person.presence;
    // A member the server lists without a presence is in the room: online.
    return p == Presence::Unknown ? Presence::Online : p;
}

int MemberModel::count(Presence presence) const
{
    int n = 0;
    for (int row = 0; row < m_members.size(); ++row) {
        if (this->presence(row) == presence)
            ++n;
    }
    return n;
}

void MemberModel::setLinkUp(bool up)
{
    if (up == m_linkUp)
        return;
    m_linkUp = up;
    if (m_byPeople && !m_members.isEmpty())
        Q_EMIT dataChanged(index(0), index(rowCount() - 1), {PresenceRole, Qt::AccessibleTextRole});
}
