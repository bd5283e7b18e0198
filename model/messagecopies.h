#pragma once
// MessageCopies: two copies of one message (a live one and one from history, one's own before and
// after its ack) -- how MessageModel tells they are one, and which of their fields it keeps.
#include "chatmessage.h"

#include <QString>

namespace MessageCopies {

//! The (room, seq) identity written like ChatMessage::key() writes it for messages without a
//! client id, so both identities live in one hash; empty without a seq.
QString seqIdentity(const ChatMessage &m);

//! \a incoming is the newer copy of \a shown: it wins, except that it cannot forget what the
//! older copy knew (a seq, a client id, a time, that it is one's own and how far it got).
ChatMessage merged(const ChatMessage &shown, const ChatMessage &incoming);

} // namespace MessageCopies
