#include "chatmessage.h"

#include <algorithm>

QString ChatMessage::key() const
{
    if (!clientId.isEmpty())
        return QLatin1String("c:") + clientId;
    if (seq > 0)
        return QLatin1String("s:") + room + QLatin1Char(':') + QString::number(seq);
    return {};
}

bool ChatMessage::operator==(const ChatMessage &o) const
{
    return clientId == o.clientId && room == o.room && seq == o.seq && sender == o.sender
        && text == o.text && time == o.time && own == o.own && delivery == o.delivery
        && raw == o.raw && senderId == o.senderId && senderUsername == o.senderUsername
        && kind == o.kind && target == o.target && replyTo == o.replyTo && edited == o.edited
        && deleted == o.deleted && reactionOn == o.reactionOn && reactions == o.reactions
        && file == o.file;
}

void ChatMessage::orderReactions(QList<Reaction> *reactions)
{
    for (Reaction &r : *reactions)
        std::sort(r.users.begin(), r.users.end());
    std::stable_sort(reactions->begin(), reactions->end(), [](const Reaction &a, const Reaction &b) {
        return a.count != b.count ? a.count > b.count : a.emoji < b.emoji;
    });
}
