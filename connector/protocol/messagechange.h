#pragma once
// MessageChange: applies an edit, a delete or a reaction (a ChatMessage whose kind is a change) to
// the message it targets. Pure: the one rule for the client's store and its models alike.
#include "chatmessage.h"

//! How a change alters its target (docs/protocol.md, "Conversations").
//!
//! Why one place: the store applies changes to rows, the model to what it shows, and both must
//! end in the same state whatever order a catch-up brings (a message row already in its current
//! state, then the changes that led there). Every rule is idempotent: an edit sets the text, a
//! delete empties it for good (a later edit never brings it back), a reaction is set or unset
//! for its sender.
class MessageChange
{
public:
    //! Applies \a change to \a message if it targets it (same room, target == seq); true when
    //! \a message changed. A change that is not a change, or targets another message, does nothing.
    static bool apply(const ChatMessage &change, ChatMessage *message);
    //! \a reactions with \a userId's \a emoji put on or taken back; bounded by
    //! ChatMessage::kMaxReactions emoji and kMaxReactionUsers ids per emoji; then in
    //! ChatMessage::orderReactions() order, so that every client shows the same.
    static bool setReaction(QList<ChatMessage::Reaction> *reactions, const QString &emoji,
                            qint64 userId, bool on);
    //! True for an emoji as parley-server takes it: 1 to kMaxEmojiLength UTF-16 units, no
    //! control, format-only or white-space characters.
    static bool isValidEmoji(const QString &emoji);
    //! What \a change decides about its target, as a key: its text (an edit), that it is gone (a
    //! delete), or one person's one emoji on it (a reaction). Of two changes with one subject the
    //! one with the higher seq decides; one that arrives after it is out of date, not news
    //! (ChatStore::isSuperseded). Empty for what is not a change.
    static QString subjectOf(const ChatMessage &change);

private:
    static bool toggleReaction(QList<ChatMessage::Reaction> *reactions, const QString &emoji,
                               qint64 userId, bool on);
};
