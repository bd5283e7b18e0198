#include "roomrelay.h"

#include "presenceboard.h"
#include "room.h"
#include "roomregistry.h"
#include "serversession.h"

#include <QDateTime>

namespace {

//! The target of an Account envelope: the id, and the room whose members are left out.
QString accountTarget(qint64 accountId, const QString &exceptRoom)
{
    return exceptRoom.isEmpty() ? QString::number(accountId)
                                : QString::number(accountId) + QLatin1Char(' ') + exceptRoom;
}

} // namespace

RoomRelay::RoomRelay(const RoomRegistry *rooms, const PresenceBoard *presence, FanOut *fanOut,
                     ServerMetrics *metrics)
    : m_rooms(rooms), m_presence(presence), m_fanOut(fanOut), m_metrics(metrics)
{
}

qsizetype RoomRelay::deliverToRoom(const Room &room, const ServerSession *except,
                                   bool receiptSharersOnly, const QString &frame) const
{
    // A copy: sending may not remove members (ServerSession queues its closing), but the list
    // is small next to the frame and this keeps the loop independent of that promise.
    const QList<ServerSession *> members = room.members();
    qsizetype sent = 0;
    for (ServerSession *member : members) {
        if (member == except || (receiptSharersOnly && !member->account().readReceipts))
            continue;
        member->sendFrame(frame);
        ++sent;
    }
    return sent;
}

void RoomRelay::deliverToAccount(qint64 accountId, const QString &exceptRoom, const QString &frame) const
{
    const Room *room = exceptRoom.isEmpty() ? nullptr : m_rooms->find(exceptRoom);
    for (ServerSession *session : m_presence->sessionsOf(accountId)) {
        if (!room || !room->contains(session))
            session->sendFrame(frame);
    }
}

qsizetype RoomRelay::toRoom(const Room &room, const ServerSession *except, const QString &frame)
{
    const qsizetype sent = deliverToRoom(room, except, false, frame);
    m_fanOut->publish(FanOutEnvelope{FanOutEnvelope::Audience::Room, room.name(), {}, 0, frame});
    return sent;
}

qsizetype RoomRelay::toReceiptSharers(const Room &room, const QString &frame)
{
    const qsizetype sent = deliverToRoom(room, nullptr, true, frame);
    m_fanOut->publish(FanOutEnvelope{FanOutEnvelope::Audience::ReceiptSharers, room.name(), {}, 0, frame});
    return sent;
}

void RoomRelay::toAccount(qint64 accountId, const QString &exceptRoom, const QString &frame)
{
    deliverToAccount(accountId, exceptRoom, frame);
    m_fanOut->publish(FanOutEnvelope{FanOutEnvelope::Audience::Account,
                                     accountTarget(accountId, exceptRoom), {}, 0, frame});
}

void RoomRelay::fromOtherNode(const FanOutEnvelope &envelope)
{
    ++m_metrics->relayReceived;
    m_metrics->relayLatencyMsSum += qMax<qint64>(0, QDateTime::currentMSecsSinceEpoch() - envelope.sentMs);
    switch (envelope.audience) {
    case FanOutEnvelope::Audience::Room:
    case FanOutEnvelope::Audience::ReceiptSharers:
        if (const Room *room = m_rooms->find(envelope.target)) {
            m_metrics->relayFrames += deliverToRoom(
                    *room, nullptr, envelope.audience == FanOutEnvelope::Audience::ReceiptSharers,
                    envelope.frame);
        }
        return;
    case FanOutEnvelope::Audience::Account: {
        const qsizetype space = envelope.target.indexOf(QLatin1Char(' '));
        bool ok = false;
        const qint64 id = envelope.target.left(space).toLongLong(&ok);
        if (ok && id > 0)
            deliverToAccount(id, space < 0 ? QString() : envelope.target.mid(space + 1), envelope.frame);
        return;
    }
    }
}
