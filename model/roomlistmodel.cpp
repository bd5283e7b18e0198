#include "roomlistmodel.h"

#include "mentionfinder.h"

#include "chatclient.h"
#include "directroomname.h"
#include "logging.h"
#include "servermemory.h"

#include <QSettings>
#include <QUrl>
#include <QVariantMap>

namespace {
const auto kJoinedKey = QLatin1String("joined");
const auto kMutedKey = QLatin1String("muted");
const auto kDraftsKey = QLatin1String("drafts");
const auto kCurrentKey = QLatin1String("current");
const auto kPeersKey = QLatin1String("peers");
const auto kPeerId = QLatin1String("id");
const auto kPeerUsername = QLatin1String("username");
const auto kPeerName = QLatin1String("displayName");
const auto kStateKey = QLatin1String("state");
const auto kUnread = QLatin1String("unread");
const auto kReadSeq = QLatin1String("readSeq");
const auto kLastSeq = QLatin1String("lastSeq");
const auto kLastSender = QLatin1String("lastSender");
const auto kLastText = QLatin1String("lastText");
const auto kLastTime = QLatin1String("lastTimeMs");
const auto kLastOwn = QLatin1String("lastOwn");
} // namespace

RoomListModel::RoomListModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

RoomListModel::~RoomListModel() = default;

int RoomListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rooms.size());
}

QVariant RoomListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.model() != this || index.row() >= m_rooms.size())
        return {};
    const Room &r = m_rooms.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
        return r.peer.isValid() ? r.peer.displayName : r.name;
    case NameRole:
        return r.name;
    case DirectRole:
        return DirectRoomName::isDirect(r.name);
    case PeerIdRole:
        return r.peer.id;
    case PeerPresenceRole:
        return int(m_linkUp ? r.peer.presence : Person::Presence::Unknown);
    case Qt::AccessibleTextRole: {
        // What a screen reader says for the row (the sidebar draws more than the name).
        QStringList parts{r.peer.isValid() ? tr("Direct messages with %1").arg(r.peer.displayName)
                                           : tr("Room %1").arg(r.name)};
        if (r.unread > 0)
            parts << tr("%n unread", nullptr, r.unread);
        if (r.mentions > 0)
            parts << tr("you are mentioned");
        if (r.muted)
            parts << tr("muted");
        if (!r.draft.trimmed().isEmpty())
            parts << tr("draft");
        return parts.join(QLatin1String(", "));
    }
    case ReadSeqRole:
        return r.readSeq;
    case MentionsRole:
        return r.mentions;
    case UnreadRole:
        return r.unread;
    case MutedRole:
        return r.muted;
    case LastActivityRole:
        return r.lastActivity;
    case LastSenderRole:
        return r.lastSender;
    case LastTextRole:
        return r.lastText;
    case DraftRole:
        return r.draft;
    case CurrentRole:
        return r.name == m_current;
    case JoinedRole:
        return r.joined;
    case LastOwnRole:
        return r.lastOwn;
    default:
        return {};
    }
}

QHash<int, QByteArray> RoomListModel::roleNames() const
{
    return {
        {NameRole, "name"},
        {UnreadRole, "unread"},
        {ReadSeqRole, "readSeq"},
        {MentionsRole, "mentions"},
        {MutedRole, "muted"},
        {LastActivityRole, "lastActivity"},
        {LastSenderRole, "lastSender"},
        {LastTextRole, "lastText"},
        {DraftRole, "draft"},
        {CurrentRole, "current"},
        {JoinedRole, "joined"},
        {LastOwnRole, "lastOwn"},
        {TitleRole, "title"},
        {DirectRole, "direct"},
        {PeerIdRole, "peerId"},
        {PeerPresenceRole, "peerPresence"},
    };
}

QString RoomListModel::normalizedName(const QString &text)
{
    QString name = text.trimmed();
    if (name.startsWith(QLatin1Char('#')))
        name = name.mid(1).trimmed();
    if (name.size() > kMaxNameLength)
        return {};
    return name;
}

int RoomListModel::addRoom(const QString &room)
{
    const QString name = normalizedName(room);
    if (name.isEmpty())
        return -1;
    const int existing = rowOf(name);
    if (existing >= 0)
        return existing;
    const int row = int(m_rooms.size());
    beginInsertRows({}, row, row);
    Room r;
    r.name = name;
    m_rooms.append(r);
    endInsertRows();
    qCDebug(lcModel) << "room list: added" << name;
    return row;
}

bool RoomListModel::removeRoom(const QString &room)
{
    const int row = rowOf(room);
    if (row < 0)
        return false;
    beginRemoveRows({}, row, row);
    m_rooms.removeAt(row);
    endRemoveRows();
    if (m_current == room) {
        m_current.clear();
        Q_EMIT currentRoomChanged(m_current);
    }
    emitTotalIfChanged();
    return true;
}

int RoomListModel::rowOf(const QString &room) const
{
    for (int i = 0; i < m_rooms.size(); ++i) {
        if (m_rooms.at(i).name == room)
            return i;
    }
    return -1;
}

QStringList RoomListModel::rooms() const
{
    QStringList names;
    names.reserve(m_rooms.size());
    for (const Room &r : m_rooms)
        names << r.name;
    return names;
}

QString RoomListModel::roomAt(int row) const
{
    return row >= 0 && row < m_rooms.size() ? m_rooms.at(row).name : QString();
}

void RoomListModel::setCurrentRoom(const QString &room)
{
    const QString name = contains(room) ? room : QString();
    if (name == m_current)
        return;
    const int oldRow = rowOf(m_current);
    if (oldRow >= 0)
        m_rooms[oldRow].lineAfter = 0; // the line was for that visit
    m_current = name;
    if (oldRow >= 0)
        changed(oldRow, {CurrentRole});
    const int row = rowOf(name);
    if (row >= 0) {
        changed(row, {CurrentRole});
        if (m_currentVisible)
            setUnread(row, 0);
    }
    Q_EMIT currentRoomChanged(m_current);
}

void RoomListModel::setCurrentRoomVisible(bool visible)
{
    if (m_currentVisible == visible)
        return;
    m_currentVisible = visible;
    if (visible)
        markRead(m_current);
}

int RoomListModel::unread(const QString &room) const
{
    const int row = rowOf(room);
    return row >= 0 ? m_rooms.at(row).unread : 0;
}

int RoomListModel::totalUnread() const
{
    int total = 0;
    for (const Room &r : m_rooms) {
        if (!r.muted)
            total += r.unread;
    }
    return total;
}

void RoomListModel::markRead(const QString &room)
{
    const int row = rowOf(room);
    if (row >= 0)
        setUnread(row, 0);
}

bool RoomListModel::isMuted(const QString &room) const
{
    const int row = rowOf(room);
    return row >= 0 && m_rooms.at(row).muted;
}

void RoomListModel::setMuted(const QString &room, bool muted)
{
    const int row = rowOf(room);
    if (row < 0 || m_rooms.at(row).muted == muted)
        return;
    m_rooms[row].muted = muted;
    changed(row, {MutedRole});
    emitTotalIfChanged();
}

QString RoomListModel::draft(const QString &room) const
{
    const int row = rowOf(room);
    return row >= 0 ? m_rooms.at(row).draft : QString();
}

void RoomListModel::setDraft(const QString &room, const QString &text)
{
    const int row = rowOf(room);
    if (row < 0 || m_rooms.at(row).draft == text)
        return;
    m_rooms[row].draft = text;
    changed(row, {DraftRole});
}

QString RoomListModel::title(const QString &room) const
{
    const int row = rowOf(room);
    if (row < 0)
        return room;
    const Room &r = m_rooms.at(row);
    return r.peer.isValid() ? r.peer.displayName : r.name;
}

QString RoomListModel::label(const QString &room) const
{
    return isDirect(room) ? title(room) : QLatin1Char('#') + room;
}

bool RoomListModel::isDirect(const QString &room) const
{
    return DirectRoomName::isDirect(room);
}

void RoomListModel::setPeer(const QString &room, const Person &peer)
{
    const int row = rowOf(room);
    if (row < 0 || !peer.isValid() || !DirectRoomName::isDirect(room))
        return;
    Room &r = m_rooms[row];
    if (r.peer == peer)
        return;
    r.peer = peer;
    changed(row, {TitleRole, Qt::DisplayRole, PeerIdRole, PeerPresenceRole, Qt::AccessibleTextRole});
}

Person RoomListModel::peer(const QString &room) const
{
    const int row = rowOf(room);
    return row < 0 ? Person{} : m_rooms.at(row).peer;
}

QString RoomListModel::directRoomWith(qint64 userId) const
{
    for (const Room &r : m_rooms) {
        if (userId > 0 && r.peer.id == userId)
            return r.name;
    }
    return {};
}

void RoomListModel::setPeerPresence(qint64 userId, Person::Presence presence, const QDateTime &lastSeen)
{
    for (int row = 0; row < m_rooms.size(); ++row) {
        Person &p = m_rooms[row].peer;
        if (userId <= 0 || p.id != userId || (p.presence == presence && p.lastSeen == lastSeen))
            continue;
        p.presence = presence;
        p.lastSeen = lastSeen;
        changed(row, {PeerPresenceRole});
    }
}

bool RoomListModel::isJoined(const QString &room) const
{
    const int row = rowOf(room);
    return row >= 0 && m_rooms.at(row).joined;
}

void RoomListModel::setJoined(const QString &room, bool joined)
{
    const int row = rowOf(room);
    if (row < 0 || m_rooms.at(row).joined == joined)
        return;
    m_rooms[row].joined = joined;
    changed(row, {JoinedRole});
}

bool RoomListModel::counts(int row) const
{
    return m_rooms.at(row).name != m_current || !m_currentVisible;
}

void RoomListModel::noteMessage(const ChatMessage &message, bool live)
{
    const int row = rowOf(message.room.isEmpty() ? m_current : message.room);
    if (row < 0)
        return;
    Room &r = m_rooms[row];
    const bool older = message.seq > 0 && message.seq <= r.lastSeq;
    if (message.seq > r.lastSeq)
        r.lastSeq = message.seq;
    if (older || message.isChange())
        return; // scrolling back, or a copy, or an edit, delete or reaction: not new messages
    r.lastActivity = message.time.isValid() ? message.time : QDateTime::currentDateTimeUtc();
    r.lastSender = message.sender;
    // A file without a caption is shown by its name (the paperclip says it is one).
    r.lastText = message.text.isEmpty() && !message.file.isNull()
            ? QStringLiteral("\U0001F4CE ") + message.file.name
            : message.text;
    r.lastOwn = message.own;
    changed(row, {LastActivityRole, LastSenderRole, LastTextRole, LastOwnRole});
    if (!message.own && (live || r.synced) && counts(row)) {
        if (mentionsMe(message)) {
            ++m_rooms[row].mentions;
            changed(row, {MentionsRole});
        }
        setUnread(row, r.unread + 1);
    }
    else if (message.seq > r.readSeq && (message.own || !counts(row))) {
        r.readSeq = message.seq; // seen as it came, or one's own
        changed(row, {ReadSeqRole});
    }
}

int RoomListModel::mentions(const QString &room) const
{
    const int row = rowOf(room);
    return row >= 0 ? m_rooms.at(row).mentions : 0;
}

bool RoomListModel::mentionsMe(const ChatMessage &message) const
{
    return !message.own && m_client && MentionFinder::mentions(message.text, m_client->identity().username);
}

qint64 RoomListModel::readSeq(const QString &room) const
{
    const int row = rowOf(room);
    return row >= 0 ? m_rooms.at(row).readSeq : 0;
}

qint64 RoomListModel::unreadLineAfter(const QString &room) const
{
    const int row = rowOf(room);
    return row >= 0 ? m_rooms.at(row).lineAfter : 0;
}

void RoomListModel::noteMessages(const QList<ChatMessage> &messages, bool live)
{
    for (const ChatMessage &m : messages)
        noteMessage(m, live);
}

void RoomListModel::noteSynced(const QString &room)
{
    const int row = rowOf(room);
    if (row >= 0)
        m_rooms[row].synced = true;
}

void RoomListModel::connectClient(ChatClient *client)
{
    if (m_client)
        m_client->disconnect(this);
    m_client = client;
    if (!client)
        return;
    connect(client, &ChatClient::messagesReceived, this,
            [this](const QList<ChatMessage> &ms, ChatClient::Arrival arrival) {
                noteMessages(ms, arrival == ChatClient::Arrival::Live);
            });
    connect(client, &ChatClient::messageQueued, this,
            [this](const ChatMessage &m) { noteMessage(m, true); });
    connect(client, &ChatClient::joined, this, [this](const QString &room) { setJoined(room, true); });
    connect(client, &ChatClient::roomSynced, this, &RoomListModel::noteSynced);
    connect(client, &ChatClient::directOpened, this, [this](const QString &room, const Person &peer) {
        addRoom(room);
        setPeer(room, peer);
    });
    connect(client, &ChatClient::presenceChanged, this,
            [this](const Person &p) { setPeerPresence(p.id, p.presence, p.lastSeen); });
    m_linkUp = client->isReady();
    connect(client, &ChatClient::readyChanged, this, [this](bool ready) {
        m_linkUp = ready;
        for (int row = 0; row < m_rooms.size(); ++row) {
            if (m_rooms.at(row).peer.isValid())
                changed(row, {PeerPresenceRole});
        }
        if (ready)
            return;
        for (int row = 0; row < m_rooms.size(); ++row) {
            if (m_rooms.at(row).joined) {
                m_rooms[row].joined = false;
                changed(row, {JoinedRole});
            }
        }
    });
}

void RoomListModel::changed(int row, const QList<int> &roles)
{
    const QModelIndex i = index(row);
    QList<int> all = roles;
    if (roles.contains(UnreadRole) || roles.contains(MutedRole) || roles.contains(DraftRole))
        all << Qt::AccessibleTextRole;
    Q_EMIT dataChanged(i, i, all);
}

void RoomListModel::setUnread(int row, int unread)
{
    Room &r = m_rooms[row];
    if (unread == 0 && r.mentions > 0) {
        r.mentions = 0;
        changed(row, {MentionsRole});
    }
    if (unread == 0) {
        // Read: the line goes where reading stopped, once per opening with unread messages.
        if (r.unread > 0 && r.lineAfter == 0)
            r.lineAfter = std::max<qint64>(r.readSeq, 1);
        if (r.lastSeq > r.readSeq) {
            r.readSeq = r.lastSeq;
            changed(row, {ReadSeqRole});
        }
    }
    if (m_rooms.at(row).unread == unread)
        return;
    m_rooms[row].unread = unread;
    changed(row, {UnreadRole});
    emitTotalIfChanged();
}

void RoomListModel::emitTotalIfChanged()
{
    const int total = totalUnread();
    if (total != m_lastTotal) {
        m_lastTotal = total;
        Q_EMIT totalUnreadChanged(total);
    }
}

QString RoomListModel::settingsGroup(const QUrl &server)
{
    // One level: QSettings reads '/' as a group separator (as ServerMemory does).
    return QLatin1String("rooms/")
         + QString::fromLatin1(QUrl::toPercentEncoding(ServerMemory::key(server)));
}

void RoomListModel::save(QSettings &settings, const QUrl &server) const
{
    QStringList muted;
    QVariantMap drafts;
    QVariantMap peers;
    QVariantMap state;
    for (const Room &r : m_rooms) {
        QVariantMap s{{kUnread, r.unread}, {kReadSeq, r.readSeq}, {kLastSeq, r.lastSeq},
                      {kLastSender, r.lastSender}, {kLastText, r.lastText.left(kMaxSavedPreview)},
                      {kLastOwn, r.lastOwn}};
        if (r.lastActivity.isValid())
            s.insert(kLastTime, r.lastActivity.toMSecsSinceEpoch());
        state.insert(r.name, s);
        if (r.peer.isValid()) {
            peers.insert(r.name, QVariantMap{{kPeerId, r.peer.id},
                                             {kPeerUsername, r.peer.username},
                                             {kPeerName, r.peer.displayName}});
        }
        if (r.muted)
            muted << r.name;
        if (!r.draft.isEmpty())
            drafts.insert(r.name, r.draft);
    }
    settings.beginGroup(settingsGroup(server));
    settings.setValue(kJoinedKey, rooms());
    settings.setValue(kMutedKey, muted);
    settings.setValue(kDraftsKey, drafts);
    settings.setValue(kCurrentKey, m_current);
    settings.setValue(kPeersKey, peers);
    settings.setValue(kStateKey, state);
    settings.endGroup();
}

QStringList RoomListModel::restore(QSettings &settings, const QUrl &server)
{
    settings.beginGroup(settingsGroup(server));
    const QStringList joined = settings.value(kJoinedKey).toStringList();
    const QStringList muted = settings.value(kMutedKey).toStringList();
    const QVariantMap drafts = settings.value(kDraftsKey).toMap();
    const QVariantMap peers = settings.value(kPeersKey).toMap();
    const QVariantMap state = settings.value(kStateKey).toMap();
    settings.endGroup();
    QStringList added;
    for (const QString &room : joined) {
        const int row = addRoom(room);
        if (row < 0)
            continue;
        const QString name = roomAt(row);
        added << name;
        setMuted(name, muted.contains(name));
        setDraft(name, drafts.value(name).toString());
        const QVariantMap saved = peers.value(name).toMap();
        Person peer;
        peer.id = saved.value(kPeerId).toLongLong();
        peer.username = saved.value(kPeerUsername).toString().left(Person::kMaxNameLength);
        peer.displayName = saved.value(kPeerName).toString().left(Person::kMaxNameLength);
        if (peer.isValid() && !peer.username.isEmpty())
            setPeer(name, peer);
        // The settings file is the user's, but bounded all the same.
        const QVariantMap s = state.value(name).toMap();
        Room &r = m_rooms[row];
        r.readSeq = std::max<qint64>(0, s.value(kReadSeq).toLongLong());
        r.lastSeq = std::max<qint64>(r.readSeq, s.value(kLastSeq).toLongLong());
        r.synced = r.lastSeq > 0; // what comes after the saved position is news, not the past
        r.lastSender = s.value(kLastSender).toString().left(Person::kMaxNameLength);
        r.lastText = s.value(kLastText).toString().left(kMaxSavedPreview);
        r.lastOwn = s.value(kLastOwn).toBool();
        const qint64 time = s.value(kLastTime).toLongLong();
        if (time > 0)
            r.lastActivity = QDateTime::fromMSecsSinceEpoch(time, Qt::UTC);
        changed(row, {ReadSeqRole, LastActivityRole, LastSenderRole, LastTextRole, LastOwnRole});
        setUnread(row, std::clamp(s.value(kUnread).toInt(), 0, kMaxSavedUnread));
    }
    return added;
}

QStringList RoomListModel::savedRooms(QSettings &settings, const QUrl &server)
{
    settings.beginGroup(settingsGroup(server));
    const QStringList joined = settings.value(kJoinedKey).toStringList();
    settings.endGroup();
    return joined;
}

QString RoomListModel::savedCurrentRoom(QSettings &settings, const QUrl &server)
{
    settings.beginGroup(settingsGroup(server));
    const QString current = settings.value(kCurrentKey).toString();
    settings.endGroup();
    return current;
}
