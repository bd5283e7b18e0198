#include "messagechange.h"

#include <algorithm>

using Kind = ChatMessage::Kind;

bool MessageChange::apply(const ChatMessage &change, ChatMessage *message)
{
    if (!change.isChange() || message->isChange() || change.target <= 0 || change.target != message->seq
        || change.room != message->room)
        return false;
    switch (change.kind) {
    case Kind::Edit:
        if (message->deleted || (message->text == change.text && message->edited == change.time))
            return false;
        message->text = change.text;
        message->edited = change.time;
        return true;
    case Kind::Delete:
        if (message->deleted)
            return false;
        message->deleted = true;
        message->text.clear();
        message->file = {};
        message->reactions.clear();
        // Nothing of the message is left, its edit time neither: so an edit of one's own that
        // was shown at once and then refused (the message was deleted first) leaves no trace.
        message->edited = QDateTime();
        return true;
    case Kind::React:
        if (message->deleted)
            return false;
        return setReaction(&message->reactions, change.text, change.senderId, change.reactionOn);
    case Kind::Message:
        break;
    }
    return false;
}

bool MessageChange::setReaction(QList<ChatMessage::Reaction> *reactions, const QString &emoji,
                                qint64 userId, bool on)
{
    const bool changed = toggleReaction(reactions, emoji, userId, on);
    if (changed)
        ChatMessage::orderReactions(reactions);
    return changed;
}

bool MessageChange::toggleReaction(QList<ChatMessage::Reaction> *reactions, const QString &emoji,
                                   qint64 userId, bool on)
{
    if (!isValidEmoji(emoji) || userId <= 0)
        return false;
    auto it = std::find_if(reactions->begin(), reactions->end(),
                           [&emoji](const ChatMessage::Reaction &r) { return r.emoji == emoji; });
    if (it == reactions->end()) {
        if (!on || reactions->size() >= ChatMessage::kMaxReactions)
            return false;
        reactions->append(ChatMessage::Reaction{emoji, 1, {userId}});
        return true;
    }
    const bool listed = it->users.contains(userId);
    if (on) {
        // A full list may leave out someone already counted: only a listed id is known to be in.
        if (listed)
            return false;
        if (it->users.size() < ChatMessage::kMaxReactionUsers)
            it->users.append(userId);
        ++it->count;
        return true;
    }
    if (!listed)
        return false;
    it->users.removeOne(userId);
    if (--it->count <= 0)
        reactions->erase(it);
    return true;
}

QString MessageChange::subjectOf(const ChatMessage &change)
{
    if (!change.isChange())
        return {};
    QString subject = QString::number(int(change.kind)) + QLatin1Char(':') + QString::number(change.target)
            + QLatin1Char(':') + change.room;
    if (change.kind == Kind::React)
        subject += QLatin1Char('\n') + QString::number(change.senderId) + QLatin1Char(':') + change.text;
    return subject;
}

bool MessageChange::isValidEmoji(const QString &emoji)
{
    if (emoji.isEmpty() || emoji.size() > ChatMessage::kMaxEmojiLength)
        return false;
    for (const QChar c : emoji) {
        const QChar::Category category = c.category();
        // Zero-width joiners and variation selectors are format/mark characters that emoji need.
        if (c.isSpace() || category == QChar::Other_Control
            || (category == QChar::Other_Format && c.unicode() != 0x200d))
            return false;
    }
    return true;
}
