#include "readevents.h"

#include "roomrelay.h"

#include "accountstore.h"
#include "chathub.h"
#include "historystore.h"
#include "logging.h"
#include "memberannouncer.h"
#include "receiptstore.h"
#include "room.h"
#include "roomregistry.h"
#include "serversession.h"
#include "socketiocodec.h"

#include <limits>
#include <utility>

namespace {

const QLatin1String kRead("read");
const QLatin1String kPrivacy("privacy");
const QLatin1String kOk("ok");
const QLatin1String kRoom("room");
const QLatin1String kSeq("seq");
const QLatin1String kUserId("userId");
const QLatin1String kReadReceipts("readReceipts");

} // namespace

ReadEvents::ReadEvents(const ServerSettings &settings, HistoryStore *history,
                       AccountStore *accounts, const RoomRegistry *rooms, ClientLimits *limits,
                       const MemberAnnouncer *members, RoomRelay *relay)
    : m_settings(settings)
    , m_history(history)
    , m_accounts(accounts)
    , m_rooms(rooms)
    , m_limits(limits)
    , m_members(members)
    , m_relay(relay)
{
    m_timer.setSingleShot(true);
    QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] { flush(); });
}

bool ReadEvents::handles(const QString &event)
{
    return event == kRead || event == kPrivacy;
}

void ReadEvents::handle(ServerSession *from, const QString &event, const QJsonArray &args,
                        std::optional<qint64> ackId, const QList<ServerSession *> &sessions)
{
    if (event == kRead)
        handleRead(from, args, ackId);
    else
        handlePrivacy(from, args, ackId, sessions);
}

void ReadEvents::handleRead(ServerSession *from, const QJsonArray &args,
                            std::optional<qint64> ackId)
{
    QString error;
    const QString roomName = ChatHub::roomArgument(args, m_settings.maxRoomNameLength, &error);
    qCDebug(lcServer).noquote() << from->logId() << "read" << roomName.left(64);
    if (!error.isEmpty())
        return ChatHub::reply(from, ackId, ChatHub::errorReply(error));
    const QJsonValue seqValue = args.at(0).toObject().value(kSeq);
    const qint64 seq = seqValue.isDouble() ? seqValue.toInteger(0) : 0;
    if (seq <= 0) {
        qCWarning(lcServer).noquote() << from->logId() << "read with malformed arguments";
        return ChatHub::reply(from, ackId, ChatHub::errorReply(QStringLiteral("malformed arguments")));
    }
    const Room *room = m_rooms->find(roomName);
    if (!room || !room->contains(from))
        return ChatHub::reply(from, ackId, ChatHub::errorReply(QStringLiteral("not joined")));
    const ClientLimits::Verdict verdict = m_limits->read(ChatHub::whoIs(*from), m_settings.nowMs());
    if (!verdict.ok())
        return ChatHub::refuse(from, ackId, verdict);
    const std::optional<qint64> lastSeq = m_history->lastSeq(roomName);
    if (!lastSeq)
        return ChatHub::reply(from, ackId, ChatHub::storageFailureReply());
    if (seq > *lastSeq)
        return ChatHub::reply(from, ackId, ChatHub::errorReply(QStringLiteral("unknown message")));
    const qint64 accountId = from->account().id;
    if (!from->account().readReceipts) // neither kept nor sent
        return ChatHub::reply(from, ackId, QJsonObject{{kOk, true}, {kRoom, roomName}, {kSeq, seq}});
    const std::optional<ReceiptStore::Advance> advance =
            m_history->receipts()->advance(roomName, accountId, seq);
    if (!advance) {
        qCWarning(lcServer).noquote() << from->logId() << "receipt in" << roomName
                                      << "not stored:" << m_history->receipts()->errorString();
        return ChatHub::reply(from, ackId, ChatHub::storageFailureReply());
    }
    ChatHub::reply(from, ackId, QJsonObject{{kOk, true}, {kRoom, roomName}, {kSeq, advance->kept}});
    if (advance->moved())
        moved(*room, accountId, advance->kept);
}

void ReadEvents::handlePrivacy(ServerSession *from, const QJsonArray &args,
                               std::optional<qint64> ackId, const QList<ServerSession *> &sessions)
{
    const QJsonValue on = args.at(0).toObject().value(kReadReceipts);
    if (!args.at(0).isObject() || !on.isBool())
        return ChatHub::reply(from, ackId, ChatHub::errorReply(QStringLiteral("malformed arguments")));
    const ClientLimits::Verdict verdict = m_limits->read(ChatHub::whoIs(*from), m_settings.nowMs());
    if (!verdict.ok())
        return ChatHub::refuse(from, ackId, verdict);
    const qint64 accountId = from->account().id;
    const QString error = m_accounts->setReadReceipts(accountId, on.toBool());
    if (!error.isEmpty())
        return ChatHub::reply(from, ackId, ChatHub::failureReply(error));
    if (!on.toBool()) {
        // Turned off: its receipts are neither kept nor sent, the ones due included.
        if (!m_history->receipts()->dropAccount(accountId)) {
            qCWarning(lcServer).noquote() << from->logId() << "receipts not dropped:"
                                          << m_history->receipts()->errorString();
            return ChatHub::reply(from, ackId, ChatHub::storageFailureReply());
        }
        for (Due &due : m_due)
            due.seqs.remove(accountId);
    }
    for (ServerSession *session : sessions) {
        if (session->account().id == accountId)
            session->setReadReceipts(on.toBool());
    }
    qCDebug(lcServer).noquote() << from->logId() << "read receipts" << (on.toBool() ? "on" : "off");
    ChatHub::reply(from, ackId, QJsonObject{{kOk, true}, {kReadReceipts, on.toBool()}});
}

std::optional<QJsonArray> ReadEvents::joinReceipts(const ServerSession &asker, const QString &room)
{
    if (!asker.account().readReceipts)
        return QJsonArray{};
    const std::optional<QList<ReceiptStore::Receipt>> receipts =
            m_history->receipts()->ofRoom(room, kMaxJoinReceipts);
    if (!receipts) {
        qCWarning(lcServer).noquote() << asker.logId() << "receipts of" << room
                                      << "failed:" << m_history->receipts()->errorString();
        return std::nullopt;
    }
    QJsonArray list;
    for (const ReceiptStore::Receipt &r : *receipts)
        list.append(QJsonObject{{kUserId, r.userId}, {kSeq, r.seq}});
    return list;
}

void ReadEvents::moved(const Room &room, qint64 accountId, qint64 seq)
{
    auto it = m_due.find(room.name());
    if (it == m_due.end())
        it = m_due.insert(room.name(), Due{{}, m_settings.nowMs() + qint64(m_members->delayFor(room).count())});
    qint64 &kept = it->seqs[accountId];
    kept = qMax(kept, seq);
    arm();
}

void ReadEvents::arm()
{
    qint64 earliest = std::numeric_limits<qint64>::max();
    for (const Due &due : std::as_const(m_due))
        earliest = qMin(earliest, due.atMs);
    if (m_due.isEmpty())
        return m_timer.stop();
    const qint64 wait = qMax<qint64>(0, earliest - m_settings.nowMs());
    if (!m_timer.isActive() || m_timer.remainingTime() > wait)
        m_timer.start(std::chrono::milliseconds(wait));
}

void ReadEvents::flush()
{
    const qint64 now = m_settings.nowMs();
    for (auto it = m_due.begin(); it != m_due.end();) {
        if (it->atMs > now) {
            ++it;
            continue;
        }
        const Due due = std::move(it.value());
        const QString name = it.key();
        it = m_due.erase(it);
        const Room *room = m_rooms->find(name);
        if (!room)
            continue; // nobody left to tell: the next join lists them
        // Never to sessions of accounts with receipts off, here or on other nodes.
        for (auto r = due.seqs.cbegin(); r != due.seqs.cend(); ++r) {
            const QJsonObject read{{kRoom, name}, {kUserId, r.key()}, {kSeq, r.value()}};
            m_relay->toReceiptSharers(*room, SocketIoCodec::eventFrame(kRead, QJsonArray{read}));
        }
    }
    arm();
}
