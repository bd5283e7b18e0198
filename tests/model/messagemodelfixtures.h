#pragma once
// What the MessageModel tests (tst_messagemodel*.cpp) share: messages of one room with seqs one
// millisecond apart, one's own pending messages, and the model's rows read back as lists.

#include "chatmessage.h"
#include "messagemodel.h"

#include <QDateTime>
#include <QList>
#include <QStringList>

//! bob's message \a seq in \a room (sent at 1700000000000 + seq ms).
inline ChatMessage msg(const QString &room, qint64 seq, const QString &text, const QString &clientId = {})
{
    ChatMessage m;
    m.room = room;
    m.seq = seq;
    m.text = text;
    m.clientId = clientId;
    m.sender = QStringLiteral("bob");
    m.time = QDateTime::fromMSecsSinceEpoch(1700000000000 + seq, Qt::UTC);
    return m;
}

//! One's own message in the lobby, Pending, no seq yet.
inline ChatMessage mine(const QString &clientId, const QString &text)
{
    ChatMessage m = msg(QStringLiteral("lobby"), 0, text, clientId);
    m.sender = QStringLiteral("me");
    m.own = true;
    m.delivery = ChatMessage::Delivery::Pending;
    return m;
}

//! The seq of every row, top to bottom (0: one's own message without a seq yet).
inline QList<qint64> seqs(const MessageModel &model)
{
    QList<qint64> out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.messageAt(row).seq;
    return out;
}

inline QStringList texts(const MessageModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.messageAt(row).text;
    return out;
}

//! first, first + 1, …, last.
inline QList<qint64> range(qint64 first, qint64 last)
{
    QList<qint64> out;
    for (qint64 s = first; s <= last; ++s)
        out << s;
    return out;
}
