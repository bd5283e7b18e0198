#pragma once
// ParleyMessageJson: message objects and changes of the parley dialect to and from JSON
// (docs/protocol.md: "chat message", history rows, "edit", "delete", "react"). Pure, so that the
// fuzzer and table tests reach it without a socket.
#include "chatmessage.h"

#include <QJsonObject>
#include <QJsonValue>

class ParleyMessageJson
{
public:
    //! A message object (a "chat message" broadcast, a history row, a "direct" event's message)
    //! or, with "kind" or when \a kind says so, a change. A bare string is a classic room-less
    //! message. Every number is checked before conversion (WireNumber); the reactions a server
    //! sends are bounded (ChatMessage::kMaxReactions emoji, kMaxReactionUsers ids each). False for
    //! anything else, and for a change without a valid target or emoji.
    static bool parse(const QJsonValue &payload, ChatMessage *out,
                      ChatMessage::Kind kind = ChatMessage::Kind::Message);
    //! The kind a history row or an event name stands for; nullopt when it is none of them.
    static std::optional<ChatMessage::Kind> kindOf(const QString &name);
    //! The event one's own \a message is written with: "chat message", "edit", "delete", "react".
    static QString eventName(ChatMessage::Kind kind);
    //! The arguments of that event for \a message.
    static QJsonObject payload(const ChatMessage &message);
    //! Server time in ms since the epoch, checked; now when absent or not a usable number.
    static QDateTime time(const QJsonValue &value);
};
