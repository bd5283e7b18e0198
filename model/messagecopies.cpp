#include "messagecopies.h"

QString MessageCopies::seqIdentity(const ChatMessage &m)
{
    return m.seq > 0 ? QLatin1String("s:") + m.room + QLatin1Char(':') + QString::number(m.seq)
                     : QString();
}

ChatMessage MessageCopies::merged(const ChatMessage &shown, const ChatMessage &incoming)
{
    ChatMessage m = incoming;
    if (m.clientId.isEmpty())
        m.clientId = shown.clientId;
    if (m.seq <= 0)
        m.seq = shown.seq;
    if (!m.time.isValid())
        m.time = shown.time;
    if (m.sender.isEmpty())
        m.sender = shown.sender;
    if (m.senderId == 0) {
        m.senderId = shown.senderId;
        m.senderUsername = shown.senderUsername;
    }
    if (shown.own) {
        m.own = true;
        if (m.delivery == ChatMessage::Delivery::None)
            m.delivery = shown.delivery;
    }
    return m;
}
