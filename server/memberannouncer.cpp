#include "memberannouncer.h"

#include "presenceevents.h"
#include "room.h"
#include "roomregistry.h"
#include "serversession.h"
#include "socketiocodec.h"

#include <algorithm>
#include <limits>

namespace {

const QLatin1String kRoom("room");
const QLatin1String kMembers("members");
const QLatin1String kPeople("people");
const QLatin1String kMembersDelta("membersDelta");
const QLatin1String kJoined("joined");
const QLatin1String kLeft("left");

} // namespace

MemberAnnouncer::MemberAnnouncer(const ServerSettings &settings, const RoomRegistry *rooms,
                                 const PresenceEvents *presence)
    : m_settings(settings)
    , m_rooms(rooms)
    , m_presence(presence)
{
    m_timer.setSingleShot(true);
    QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] { flush(); });
}

std::chrono::milliseconds MemberAnnouncer::delayFor(const Room &room) const
{
    const qint64 steps = 1 + room.members().size() / qMax(1, m_settings.membersPerAnnounceStep);
    const std::chrono::milliseconds delay = m_settings.membersAnnounceDelay * steps;
    return std::max(m_settings.membersAnnounceDelay, std::min(delay, m_settings.maxMembersAnnounceDelay));
}

void MemberAnnouncer::changed(const Room &room, qint64 accountId)
{
    auto it = m_due.find(room.name());
    if (it == m_due.end()) {
        const qint64 now = m_settings.nowMs();
        qint64 at = now + m_settings.membersAnnounceDelay.count();
        const auto last = m_lastAnnouncedMs.constFind(room.name());
        if (last != m_lastAnnouncedMs.cend())
            at = qMax(at, *last + qint64(delayFor(room).count()));
        it = m_due.insert(room.name(), Due{{}, at});
    }
    it->touched.insert(accountId);
    arm();
}

void MemberAnnouncer::arm()
{
    if (m_due.isEmpty()) {
        m_timer.stop();
        return;
    }
    qint64 earliest = std::numeric_limits<qint64>::max();
    for (const Due &due : std::as_const(m_due))
        earliest = qMin(earliest, due.atMs);
    const qint64 wait = qMax<qint64>(0, earliest - m_settings.nowMs());
    if (!m_timer.isActive() || m_timer.remainingTime() > wait)
        m_timer.start(std::chrono::milliseconds(wait));
}

void MemberAnnouncer::flush()
{
    const qint64 now = m_settings.nowMs();
    QList<QPair<QString, QSet<qint64>>> ready;
    for (auto it = m_due.begin(); it != m_due.end();) {
        if (it->atMs <= now) {
            ready.append({it.key(), it->touched});
            it = m_due.erase(it);
        } else {
            ++it;
        }
    }
    for (const auto &[name, touched] : std::as_const(ready)) {
        const Room *room = m_rooms->find(name);
        if (!room || room->members().isEmpty()) {
            m_lastAnnouncedMs.remove(name); // gone meanwhile: nobody to tell
            continue;
        }
        m_lastAnnouncedMs.insert(name, now);
        announce(*room, touched);
    }
    arm();
}

void MemberAnnouncer::announce(const Room &room, const QSet<qint64> &touched)
{
    QList<ServerSession *> legacy;
    QList<ServerSession *> deltas;
    QSet<qint64> present;
    QJsonArray joined;
    for (ServerSession *member : room.members()) {
        (m_deltaSessions.contains(member) ? deltas : legacy).append(member);
        const AccountStore::Account &account = member->account();
        if (!present.contains(account.id)) {
            present.insert(account.id);
            if (touched.contains(account.id))
                joined.append(m_presence->person(account));
        }
    }
    if (!legacy.isEmpty()) {
        const QJsonObject members{{kRoom, room.name()},
                                  {kMembers, QJsonArray::fromStringList(memberNames(room))},
                                  {kPeople, people(room)}};
        const QString frame = SocketIoCodec::eventFrame(kMembers, QJsonArray{members});
        for (ServerSession *session : std::as_const(legacy))
            session->sendFrame(frame);
    }
    if (deltas.isEmpty())
        return;
    // Joined: touched accounts still here (a second session of one already here is harmless:
    // a delta is applied by id). Left: touched accounts gone.
    QJsonArray left;
    for (qint64 id : touched) {
        if (!present.contains(id))
            left.append(id);
    }
    const QJsonObject delta{{kRoom, room.name()}, {kJoined, joined}, {kLeft, left}};
    const QString frame = SocketIoCodec::eventFrame(kMembersDelta, QJsonArray{delta});
    for (ServerSession *session : std::as_const(deltas))
        session->sendFrame(frame);
}

QStringList MemberAnnouncer::memberNames(const Room &room)
{
    QStringList names;
    QSet<QString> seen;
    for (const ServerSession *member : room.members()) {
        if (!seen.contains(member->name())) {
            seen.insert(member->name());
            names.append(member->name());
        }
    }
    return names;
}

QJsonArray MemberAnnouncer::people(const Room &room) const
{
    QJsonArray result;
    QSet<qint64> seen;
    for (const ServerSession *member : room.members()) {
        const AccountStore::Account &account = member->account();
        if (seen.contains(account.id))
            continue;
        seen.insert(account.id);
        result.append(m_presence->person(account));
    }
    return result;
}
