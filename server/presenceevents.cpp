#include "presenceevents.h"

#include "chathub.h"
#include "directroomname.h"
#include "logging.h"
#include "room.h"
#include "roomregistry.h"
#include "serversession.h"
#include "socketiocodec.h"

#include <QDateTime>

#include <utility>

namespace {

const QLatin1String kPresence("presence");
const QLatin1String kAway("away");
const QLatin1String kOnline("online");
const QLatin1String kDirectPrefix("@dm:");

} // namespace

PresenceEvents::PresenceEvents(const ServerSettings &settings, const RoomRegistry *rooms,
                               AccountStore *accounts)
    : m_settings(settings)
    , m_rooms(rooms)
    , m_accounts(accounts)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(settings.membersAnnounceDelay);
    QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] { flush(); });
}

bool PresenceEvents::handles(const QString &event)
{
    return event == kPresence;
}

void PresenceEvents::handle(ServerSession *from, const QJsonArray &args, std::optional<qint64> ackId)
{
    const QJsonValue said = args.at(0).toObject().value(kPresence);
    if (!args.at(0).isObject() || (said != QJsonValue(kAway) && said != QJsonValue(kOnline)))
        return ChatHub::reply(from, ackId, ChatHub::errorReply(QStringLiteral("malformed arguments")));
    const qint64 accountId = from->account().id;
    const PresenceBoard::Presence before = m_board.presenceOf(accountId);
    m_board.setAway(from, said == QJsonValue(kAway));
    ChatHub::reply(from, ackId, QJsonObject{{QLatin1String("ok"), true}});
    changed(from->account(), before);
}

void PresenceEvents::sessionStarted(ServerSession *session)
{
    const PresenceBoard::Presence before = m_board.presenceOf(session->account().id);
    m_board.add(session->account().id, session);
    changed(session->account(), before);
}

void PresenceEvents::sessionEnded(ServerSession *session)
{
    // Its room-mates, counted now: once it has left its rooms nothing says who they were.
    QSet<ServerSession *> roomMates;
    for (const Room *room : m_rooms->roomsOf(session)) {
        for (ServerSession *member : room->members())
            roomMates.insert(member);
    }
    roomMates.remove(session);
    for (Due &due : m_due)
        due.audience.remove(session);

    AccountStore::Account account = session->account();
    const PresenceBoard::Presence before = m_board.presenceOf(account.id);
    if (m_board.remove(session) == 0)
        return;
    if (m_board.presenceOf(account.id) == PresenceBoard::Presence::Offline) {
        account.lastSeenMs = QDateTime::currentMSecsSinceEpoch();
        const QString error = m_accounts->setLastSeen(account.id, account.lastSeenMs);
        if (!error.isEmpty()) {
            qCWarning(lcServer).noquote() << "last seen of account" << account.id
                                          << "not stored:" << error;
        }
    }
    changed(account, before, roomMates);
}

void PresenceEvents::changed(const AccountStore::Account &account, PresenceBoard::Presence before,
                             const QSet<ServerSession *> &audience)
{
    if (m_board.presenceOf(account.id) == before)
        return;
    Due &due = m_due[account.id];
    due.account = account;
    due.audience.unite(audience);
    if (!m_timer.isActive())
        m_timer.start();
}

QSet<ServerSession *> PresenceEvents::audienceOf(qint64 accountId) const
{
    QSet<ServerSession *> audience;
    const auto addMembers = [&audience](const Room *room) {
        for (ServerSession *member : room->members())
            audience.insert(member);
    };
    for (const ServerSession *session : m_board.sessionsOf(accountId)) {
        for (const Room *room : m_rooms->roomsOf(session))
            addMembers(room);
    }
    for (const Room *room : m_rooms->roomsStartingWith(kDirectPrefix)) {
        const std::optional<DirectRoomName::Pair> pair = DirectRoomName::parse(room->name());
        if (pair && pair->contains(accountId))
            addMembers(room);
    }
    return audience;
}

void PresenceEvents::flush()
{
    const QHash<qint64, Due> due = std::exchange(m_due, {});
    for (auto it = due.cbegin(); it != due.cend(); ++it) {
        const qint64 accountId = it.key();
        const PresenceBoard::Presence now = m_board.presenceOf(accountId);
        if (now == m_announced.value(accountId, PresenceBoard::Presence::Offline))
            continue; // back where it was announced last: nothing to tell
        if (now == PresenceBoard::Presence::Offline)
            m_announced.remove(accountId);
        else
            m_announced.insert(accountId, now);
        const QSet<ServerSession *> audience = audienceOf(accountId) | it->audience;
        const QString frame = SocketIoCodec::eventFrame(kPresence, QJsonArray{person(it->account)});
        for (ServerSession *target : audience)
            target->sendFrame(frame);
    }
}

QJsonObject PresenceEvents::person(const AccountStore::Account &account) const
{
    const PresenceBoard::Presence presence = m_board.presenceOf(account.id);
    QJsonObject o{{QLatin1String("id"), account.id},
                  {QLatin1String("username"), account.username},
                  {QLatin1String("displayName"), account.displayName},
                  {QLatin1String("guest"), account.isGuest},
                  {kPresence, PresenceBoard::nameOf(presence)}};
    if (presence == PresenceBoard::Presence::Offline && account.lastSeenMs > 0)
        o.insert(QLatin1String("lastSeen"), account.lastSeenMs);
    return o;
}
