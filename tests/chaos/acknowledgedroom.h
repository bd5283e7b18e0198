#pragma once
// AcknowledgedRoom: a room's state as the server's acknowledgements make it, for tst_chaos_changes.
// Every message and change a client queued is recorded here with the seq and time of its ack; the
// room is then replayed in seq order by the rules of docs/protocol.md ("Conversations"), with
// nothing of MessageChange, so that what every client shows can be compared with it.
//
// Header-only, next to the test that uses it.
#include "chatmessage.h"

#include <QHash>
#include <QMap>
#include <QStringList>

#include <algorithm>

class AcknowledgedRoom
{
    using Kind = ChatMessage::Kind;

public:
    //! How reactions are compared: in the order shown, or as sets (emoji and users sorted).
    enum class Order { AsShown, Ignored };

    //! One seq's state as everybody must show it: "seq|sender id|text|edit time (ms) or -|deleted|
    //! replyTo|emoji:count:user,user;…".
    static QString stateLine(const ChatMessage &m, Order order)
    {
        QList<ChatMessage::Reaction> sorted = m.reactions;
        if (order == Order::Ignored) {
            std::sort(sorted.begin(), sorted.end(),
                      [](const ChatMessage::Reaction &a, const ChatMessage::Reaction &b) { return a.emoji < b.emoji; });
            for (ChatMessage::Reaction &r : sorted)
                std::sort(r.users.begin(), r.users.end());
        }
        QStringList reactions;
        for (const ChatMessage::Reaction &r : std::as_const(sorted)) {
            QStringList users;
            for (qint64 u : r.users)
                users << QString::number(u);
            reactions << QStringLiteral("%1:%2:%3").arg(r.emoji).arg(r.count).arg(users.join(QLatin1Char(',')));
        }
        return QStringLiteral("%1|%2|%3|%4|%5|%6|%7")
                .arg(m.seq)
                .arg(m.senderId)
                .arg(m.text)
                // A deleted message shows no edit time (MessageDelegate): only that it was edited.
                .arg(!m.edited.isValid() ? QStringLiteral("-")
                                         : m.deleted ? QStringLiteral("edited")
                                                     : QString::number(m.edited.toMSecsSinceEpoch()))
                .arg(m.deleted ? QStringLiteral("deleted") : QString())
                .arg(m.replyTo)
                .arg(reactions.join(QLatin1Char(';')));
    }

    //! stateLine() of each of \a messages.
    static QStringList stateOf(const QList<ChatMessage> &messages, Order order)
    {
        QStringList out;
        for (const ChatMessage &m : messages)
            out << stateLine(m, order);
        return out;
    }

    QMap<qint64, ChatMessage> bySeq; //!< what was queued, with the seq and time of its ack
    QStringList conflicts;           //!< one seq acknowledged for two different things

    //! \a sent (as queued) was acknowledged as \a seq at \a time.
    void add(const ChatMessage &sent, qint64 seq, const QDateTime &time)
    {
        ChatMessage m = sent;
        m.seq = seq;
        m.time = time;
        const auto it = bySeq.constFind(seq);
        if (it != bySeq.cend() && it->clientId != m.clientId)
            conflicts << QStringLiteral("seq %1: %2 and %3").arg(seq).arg(it->clientId, m.clientId);
        bySeq.insert(seq, m);
    }

    //! The room as the rules of docs/protocol.md make it from these events, replayed in seq order
    //! with nothing of MessageChange: \a problems says where an acknowledged change made no sense.
    //! Reactions in the documented order (docs/protocol.md): most people first, then by emoji
    //! (UTF-16 code units), each one's ids ascending -- written out here, not taken from
    //! ChatMessage::orderReactions(), which is under test.
    QList<ChatMessage> replay(QStringList *problems) const
    {
        struct InForce
        {
            QString emoji;
            qint64 user = 0;
        };
        QList<ChatMessage> messages;
        QHash<qint64, qsizetype> rowOf;
        QHash<qint64, QList<InForce>> reactions; // by message seq, in seq order
        for (const ChatMessage &e : bySeq) {
            if (e.kind == Kind::Message) {
                ChatMessage m;
                m.seq = e.seq;
                m.senderId = e.senderId;
                m.text = e.text;
                m.replyTo = e.replyTo;
                rowOf.insert(m.seq, messages.size());
                messages << m;
                continue;
            }
            const auto row = rowOf.constFind(e.target);
            if (row == rowOf.cend() || messages.at(*row).deleted) {
                *problems << QStringLiteral("seq %1 changes %2, which is no message or deleted").arg(e.seq).arg(e.target);
                continue;
            }
            ChatMessage &target = messages[*row];
            QList<InForce> &given = reactions[e.target];
            if (e.kind == Kind::Edit) {
                target.text = e.text;
                target.edited = e.time;
            } else if (e.kind == Kind::Delete) {
                target.deleted = true;
                target.text.clear();
                target.edited = QDateTime(); // docs/protocol.md: a deleted message has no edit time
                given.clear();
            } else {
                const auto it = std::find_if(given.begin(), given.end(), [&e](const InForce &r) {
                    return r.emoji == e.text && r.user == e.senderId;
                });
                if ((it != given.end()) == e.reactionOn)
                    *problems << QStringLiteral("seq %1 changed nothing but got a seq").arg(e.seq);
                else if (e.reactionOn)
                    given << InForce{e.text, e.senderId};
                else
                    given.erase(it);
            }
        }
        for (ChatMessage &m : messages) {
            for (const InForce &r : reactions.value(m.seq)) {
                auto at = std::find_if(m.reactions.begin(), m.reactions.end(),
                                       [&r](const ChatMessage::Reaction &x) { return x.emoji == r.emoji; });
                if (at == m.reactions.end()) {
                    m.reactions << ChatMessage::Reaction{r.emoji, 1, {r.user}};
                } else {
                    at->users << r.user;
                    at->count = int(at->users.size());
                }
            }
            for (ChatMessage::Reaction &r : m.reactions)
                std::sort(r.users.begin(), r.users.end());
            std::sort(m.reactions.begin(), m.reactions.end(),
                      [](const ChatMessage::Reaction &a, const ChatMessage::Reaction &b) {
                          if (a.count != b.count)
                              return a.count > b.count;
                          return QString::compare(a.emoji, b.emoji, Qt::CaseSensitive) < 0;
                      });
        }
        return messages;
    }
};
