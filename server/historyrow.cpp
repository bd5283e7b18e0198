#include "historyrow.h"

#include <QSqlQuery>
#include <QVariant>

HistoryStore::Message HistoryRow::read(const QSqlQuery &query, const QString &room)
{
    HistoryStore::Message m;
    m.room = room;
    m.seq = query.value(0).toLongLong();
    m.timeMs = query.value(1).toLongLong();
    m.sender = query.value(2).toString();
    m.text = query.value(3).toString();
    m.clientId = query.value(4).toString();
    m.senderId = query.value(5).isNull() ? 0 : query.value(5).toLongLong();
    m.senderUsername = query.value(6).toString();
    m.senderGuest = query.value(7).toInt() != 0;
    m.kind = HistoryStore::Message::Kind(query.value(8).toInt());
    m.target = query.value(9).toLongLong();    // NULL reads as 0
    m.replyTo = query.value(10).toLongLong();
    m.editedMs = query.value(11).toLongLong();
    m.deleted = query.value(12).toInt() != 0;
    m.reactionOn = query.value(13).toInt() != 0;
    if (!query.value(14).isNull()) {
        m.file.id = query.value(14).toString();
        m.file.name = query.value(15).toString();
        m.file.size = query.value(16).toLongLong();
        m.file.type = query.value(17).toString();
        m.file.thumbnail = query.value(18).toByteArray();
    }
    return m;
}
