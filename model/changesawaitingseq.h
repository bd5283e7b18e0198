#pragma once
// ChangesAwaitingSeq: the changes a MessageModel could not apply yet because their target is one's
// own message still waiting for its seq (docs/delivery.md, "Changes before the ack").
#include "chatmessage.h"

#include <QList>

//! Why: after a cut link, others may react to (or a server may report changes of) one's own
//! message before its ack reaches the sender; the change names the target by (room, seq), which
//! the sender's row does not have yet. The model holds such changes here and applies them when a
//! row gets that seq (the ack, or the message's copy from history).
//!
//! Bounded: at most kMaxHeld changes, the oldest dropped first (a change to a message that never
//! turns up here is dropped in the end; the server sends that message in its current state when
//! it is paged in).
class ChangesAwaitingSeq
{
public:
    //! The most changes held at once.
    static constexpr int kMaxHeld = 256;

    //! Holds \a change (an edit, delete or reaction with a target); drops the oldest if full.
    void hold(const ChatMessage &change);
    //! Applies to \a message the changes held for its (room, seq), in seq order, and forgets
    //! them; true when \a message changed.
    bool applyTo(ChatMessage *message);
    void clear() { m_held.clear(); }
    int size() const { return int(m_held.size()); }

private:
    QList<ChatMessage> m_held;
};
