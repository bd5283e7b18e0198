#include "directrooms.h"

#include "roomrelay.h"

#include "chathub.h"
#include "directroomname.h"
#include "historystore.h"
#include "logging.h"
#include "presenceevents.h"
#include "room.h"
#include "serversession.h"
#include "socketiocodec.h"

namespace {

const QLatin1String kOpenDirect("openDirect");
const QLatin1String kDirects("directs");
const QLatin1String kDirect("direct");
const QLatin1String kRoom("room");
const QLatin1String kPeer("peer");
const QLatin1String kUserId("userId");
const QLatin1String kUsername("username");

const QString kNotAllowed = QStringLiteral("not allowed");
const QString kUnknownUser = QStringLiteral("unknown user");
const QString kMalformed = QStringLiteral("malformed arguments");

} // namespace

DirectRooms::DirectRooms(HistoryStore *history, AccountStore *accounts,
                         const PresenceEvents *presence, RoomRelay *relay)
    : m_history(history)
    , m_accounts(accounts)
    , m_presence(presence)
    , m_relay(relay)
{
}

bool DirectRooms::handles(const QString &event)
{
    return event == kOpenDirect || event == kDirects;
}

void DirectRooms::handle(ServerSession *from, const QString &event, const QJsonArray &args,
                         std::optional<qint64> ackId)
{
    if (event == kOpenDirect)
        openDirect(from, args, ackId);
    else if (event == kDirects)
        listDirects(from, ackId);
}

AccountStore::Result<AccountStore::Account> DirectRooms::registered(qint64 id, const QString &unknown)
{
    AccountStore::Result<AccountStore::Account> found = m_accounts->account(id);
    if (found.error == QLatin1String("unknown account"))
        found.error = unknown;
    else if (found.ok() && found.value.isGuest)
        found.error = kNotAllowed;
    return found;
}

QString DirectRooms::admit(const ServerSession &from, const QString &room, AccountStore::Account *peer)
{
    if (!DirectRoomName::isReserved(room))
        return {};
    const std::optional<DirectRoomName::Pair> pair = DirectRoomName::parse(room);
    if (!pair)
        return QStringLiteral("invalid room");
    const AccountStore::Account &me = from.account();
    if (me.isGuest || !pair->contains(me.id))
        return kNotAllowed;
    const AccountStore::Result<AccountStore::Account> other = registered(pair->peerOf(me.id), kNotAllowed);
    if (other.ok())
        *peer = other.value;
    return other.error;
}

void DirectRooms::openDirect(ServerSession *from, const QJsonArray &args, std::optional<qint64> ackId)
{
    const QJsonObject request = args.at(0).toObject();
    const QJsonValue userId = request.value(kUserId);
    const QJsonValue username = request.value(kUsername);
    const qint64 id = userId.isDouble() ? userId.toInteger(0) : 0;
    if (!args.at(0).isObject() || (userId.isUndefined() ? !username.isString() : id <= 0))
        return ChatHub::reply(from, ackId, ChatHub::errorReply(kMalformed));
    const AccountStore::Account &me = from->account();
    if (me.isGuest)
        return ChatHub::reply(from, ackId, ChatHub::errorReply(kNotAllowed));

    AccountStore::Result<AccountStore::Account> other;
    if (id > 0) {
        other = m_accounts->account(id);
    } else {
        other = m_accounts->findAccount(username.toString());
    }
    if (other.error == QLatin1String("unknown account"))
        return ChatHub::reply(from, ackId, ChatHub::errorReply(kUnknownUser));
    if (!other.ok())
        return ChatHub::reply(from, ackId, ChatHub::failureReply(other.error));
    if (other.value.id == me.id)
        return ChatHub::reply(from, ackId, ChatHub::errorReply(QStringLiteral("cannot message yourself")));
    if (other.value.isGuest)
        return ChatHub::reply(from, ackId, ChatHub::errorReply(kNotAllowed));
    ChatHub::reply(from, ackId,
                   QJsonObject{{QLatin1String("ok"), true},
                               {kRoom, DirectRoomName::make(me.id, other.value.id)},
                               {kPeer, m_presence->person(other.value)}});
}

void DirectRooms::listDirects(ServerSession *from, std::optional<qint64> ackId)
{
    const AccountStore::Account &me = from->account();
    if (me.isGuest) // guests have none: an empty list, no query
        return ChatHub::reply(from, ackId, QJsonObject{{QLatin1String("ok"), true}, {kDirects, QJsonArray()}});
    const std::optional<QList<HistoryStore::RoomActivity>> rooms = m_history->directRooms(me.id, kMaxDirects);
    if (!rooms) {
        qCWarning(lcServer).noquote() << from->logId() << "directs failed:" << m_history->errorString();
        return ChatHub::reply(from, ackId, ChatHub::storageFailureReply());
    }
    QJsonArray directs;
    for (const HistoryStore::RoomActivity &activity : *rooms) {
        const AccountStore::Result<AccountStore::Account> peer =
                m_accounts->account(DirectRoomName::peerOf(activity.room, me.id));
        if (peer.error == QLatin1String("unknown account"))
            continue; // gone: no one to talk to there
        if (!peer.ok())
            return ChatHub::reply(from, ackId, ChatHub::failureReply(peer.error));
        directs.append(QJsonObject{{kRoom, activity.room},
                                   {kPeer, m_presence->person(peer.value)},
                                   {QLatin1String("lastSeq"), activity.lastSeq}});
    }
    ChatHub::reply(from, ackId, QJsonObject{{QLatin1String("ok"), true}, {kDirects, directs}});
}

void DirectRooms::posted(const Room &room, const QJsonObject &message, const ServerSession &sender)
{
    const std::optional<DirectRoomName::Pair> pair = DirectRoomName::parse(room.name());
    if (!pair)
        return;
    const AccountStore::Account &me = sender.account();
    const qint64 otherId = pair->peerOf(me.id);
    std::optional<AccountStore::Account> other;
    const bool otherNodes = m_relay->fanOut()->reachesOtherNodes();
    for (const qint64 receiver : {pair->low, pair->high}) {
        QList<ServerSession *> targets = m_presence->board().sessionsOf(receiver);
        targets.removeIf([&room](const ServerSession *s) { return room.contains(s); });
        if (targets.isEmpty() && !otherNodes)
            continue; // nobody to tell, on the only node there is
        if (receiver == me.id && !other) {
            const AccountStore::Result<AccountStore::Account> found = m_accounts->account(otherId);
            if (!found.ok()) {
                qCWarning(lcServer).noquote() << "direct event in" << room.name()
                                              << "not sent:" << found.error;
                continue;
            }
            other = found.value;
        }
        const AccountStore::Account &peer = receiver == me.id ? *other : me;
        const QString frame = SocketIoCodec::eventFrame(
                kDirect, QJsonArray{QJsonObject{{kRoom, room.name()},
                                                {kPeer, m_presence->person(peer)},
                                                {QLatin1String("message"), message}}});
        m_relay->toAccount(receiver, room.name(), frame);
    }
}
