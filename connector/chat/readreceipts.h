#pragma once
// ReadReceipts: how far each person has read each room, as the server told ChatClient (a join
// answer's "receipts", "read" events; docs/protocol.md, "Read receipts"). Pure bookkeeping, no
// signals: room -> user id -> the highest seq they have seen.
//
// Bounded, since a server drives it: at most kMaxRooms rooms and kMaxReadersPerRoom readers per
// room (the server's own bound on a join answer); past them a new room or reader is not
// remembered (logged by the caller), while known ones still move.
#include "readreceipt.h"

#include <QHash>
#include <QList>
#include <QString>

class ReadReceipts
{
public:
    //! \a room's receipts are now \a receipts (a join answer: what the server keeps). True when
    //! that changed anything.
    bool replaceRoom(const QString &room, const QList<ReadReceipt> &receipts);
    //! \a receipt's reader has read its room up to its seq: kept if further than known. True when
    //! it moved (false: not further, or over a bound).
    bool advance(const ReadReceipt &receipt);
    //! The seq \a userId has read \a room up to; 0 when unknown.
    qint64 seqOf(const QString &room, qint64 userId) const;
    //! Who has read \a room at least up to \a seq, by user id: furthest first, then by id.
    QList<qint64> readers(const QString &room, qint64 seq) const;
    //! Rooms with any receipt.
    QList<QString> rooms() const { return m_rooms.keys(); }
    void forgetRoom(const QString &room) { m_rooms.remove(room); }
    void clear() { m_rooms.clear(); }

    static constexpr int kMaxRooms = 10'000;
    static constexpr int kMaxReadersPerRoom = ReadReceipt::kMaxPerRoom;

private:
    QHash<QString, QHash<qint64, qint64>> m_rooms;
};
