#include "readreceipts.h"

#include <algorithm>

bool ReadReceipts::replaceRoom(const QString &room, const QList<ReadReceipt> &receipts)
{
    QHash<qint64, qint64> readers;
    for (const ReadReceipt &r : receipts) {
        if (readers.size() >= kMaxReadersPerRoom)
            break;
        qint64 &seq = readers[r.userId];
        seq = qMax(seq, r.seq);
    }
    const auto it = m_rooms.constFind(room);
    if (it == m_rooms.cend()) {
        if (readers.isEmpty() || m_rooms.size() >= kMaxRooms)
            return false;
        m_rooms.insert(room, readers);
        return true;
    }
    if (*it == readers)
        return false;
    m_rooms.insert(room, readers);
    return true;
}

bool ReadReceipts::advance(const ReadReceipt &receipt)
{
    auto room = m_rooms.find(receipt.room);
    if (room == m_rooms.end()) {
        if (m_rooms.size() >= kMaxRooms)
            return false;
        room = m_rooms.insert(receipt.room, {});
    }
    auto reader = room->find(receipt.userId);
    if (reader == room->end()) {
        if (room->size() >= kMaxReadersPerRoom)
            return false;
        room->insert(receipt.userId, receipt.seq);
        return true;
    }
    if (receipt.seq <= *reader)
        return false;
    *reader = receipt.seq;
    return true;
}

qint64 ReadReceipts::seqOf(const QString &room, qint64 userId) const
{
    return m_rooms.value(room).value(userId, 0);
}

QList<qint64> ReadReceipts::readers(const QString &room, qint64 seq) const
{
    QList<QPair<qint64, qint64>> found; // (seq, user id)
    const QHash<qint64, qint64> readers = m_rooms.value(room);
    for (auto it = readers.cbegin(); it != readers.cend(); ++it) {
        if (it.value() >= seq)
            found.append({it.value(), it.key()});
    }
    std::sort(found.begin(), found.end(), [](const auto &a, const auto &b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    QList<qint64> ids;
    for (const auto &f : std::as_const(found))
        ids.append(f.second);
    return ids;
}
