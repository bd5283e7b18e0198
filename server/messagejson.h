#pragma once
// MessageJson: stored rows as they go on the wire -- message objects ("chat message" broadcasts,
// history rows, the "direct" event's message) and changes ("edit", "delete", "react").

#include "historystore.h"

#include <QJsonObject>
#include <QString>

//! The JSON shapes of docs/protocol.md for HistoryStore rows, in one place.
//!
//! Why one place: a message reaches a client by broadcast, by history and inside a "direct"
//! event, and a change by broadcast and by history with "after". Each pair must be the same
//! object, or a client that caught up would hold a different message than one that was there.
//! The sender is always the stored account (never a payload's); rows from before accounts carry
//! their old name and "legacy": true.
class MessageJson
{
public:
    //! A message object: {room, seq, time, sender, text, clientId, senderId, senderUsername}
    //! (+ "guest": true; or "legacy": true and no account), + "replyTo", "edited" (ms),
    //! "deleted": true and "reactions": [{emoji, count, users}] when there are any.
    static QJsonObject message(const HistoryStore::Message &m);
    //! A change as its event carries it: {room, seq, time, target, senderId, sender,
    //! senderUsername, clientId} + "text" (edit) or "emoji" and "on" (react).
    static QJsonObject change(const HistoryStore::Message &m);
    //! A "history" row: message() for a message, change() + "kind" for a change.
    static QJsonObject historyRow(const HistoryStore::Message &m);
    //! "edit", "delete", "react" for a change's kind (its event name and history "kind"); empty
    //! for a message.
    static QString kindName(HistoryStore::Message::Kind kind);
};
