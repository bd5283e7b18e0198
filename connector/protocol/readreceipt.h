#pragma once
// ReadReceipt: how far somebody has read a room, as parley-server says it (docs/protocol.md,
// "Read receipts"): a "read" event, or an entry of a join answer's "receipts".
#include <QJsonValue>
#include <QList>
#include <QMetaType>
#include <QString>
#include <optional>

struct ReadReceipt
{
    QString room;
    qint64 userId = 0;  //!< the reader's account
    qint64 seq = 0;     //!< the highest seq they have seen

    //! A "read" event {room, userId, seq}; nullopt unless the room is a non-empty string of at
    //! most kMaxRoomLength characters and userId and seq are positive whole numbers (WireNumber).
    static std::optional<ReadReceipt> fromEvent(const QJsonValue &event);
    //! The join answer's "receipts" of \a room: the valid {userId, seq} entries, at most
    //! kMaxPerRoom, each user once (the first wins). Anything that is not an array gives none.
    static QList<ReadReceipt> listFromJoin(const QString &room, const QJsonValue &receipts);
    bool operator==(const ReadReceipt &o) const
    {
        return room == o.room && userId == o.userId && seq == o.seq;
    }

    //! Most receipts read from one join answer: the server sends at most 1,000.
    static constexpr int kMaxPerRoom = 1000;
    //! Longest room name taken from a "read" event (the server refuses longer than 64).
    static constexpr int kMaxRoomLength = 256;
};
Q_DECLARE_METATYPE(ReadReceipt)
