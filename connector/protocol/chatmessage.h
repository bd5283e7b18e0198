#pragma once
// One chat message as the client knows it: a value type shared by ChatClient, the models and the
// store. Its identity is the client id (UUID, given by the sender) when there is one, else
// (room, seq) as given by the server; see key().
#include "fileref.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

struct ChatMessage
{
    Q_GADGET
public:
    //! Delivery state of one's own messages; None for messages of others.
    enum class Delivery { None, Pending, Sent, Delivered, Failed };
    Q_ENUM(Delivery)
    //! A message, or a change to the message \a target (parley-server, docs/protocol.md
    //! "Conversations"). A change has its own clientId, seq and time and travels like a message
    //! (outbox, acks, de-duplication, catch-up); MessageChange applies it to its target.
    enum class Kind { Message, Edit, Delete, React };
    Q_ENUM(Kind)

    //! One emoji on a message and who put it there.
    struct Reaction
    {
        QString emoji;
        int count = 0;         //!< how many people (users may list fewer)
        QList<qint64> users;   //!< their account ids, at most kMaxReactionUsers
        bool operator==(const Reaction &o) const
        {
            return emoji == o.emoji && count == o.count && users == o.users;
        }
    };
    //! Puts \a reactions in the one order every client shows them, whatever order the changes
    //! were applied in (live, after a reconnect, from history): most people first, then by
    //! emoji (UTF-16 code units), each one's ids ascending. parley-server lists them the same
    //! way (docs/protocol.md "Conversations").
    static void orderReactions(QList<Reaction> *reactions);
    //! Bounds on what a server may make a message carry.
    static constexpr int kMaxReactions = 20;       //!< different emoji per message
    static constexpr int kMaxEmojiLength = 32;     //!< UTF-16 code units
    static constexpr int kMaxReactionUsers = 50;   //!< ids listed per emoji

    QString clientId;  //!< UUID given by the sender (empty for classic plain-string messages)
    QString room;      //!< empty for room-less broadcasts (classic socket.io "chat message" strings)
    qint64 seq = 0;    //!< per-room sequence number given by the server; 0 = not yet known
    QString sender;    //!< display name; empty when the server does not say
    //! The sender's user id as the server knows it (parley-server with accounts); 0 = unknown
    //! (stock servers, messages from before accounts). "Own" is decided by it when known.
    qint64 senderId = 0;
    QString senderUsername; //!< unique on the server, to tell two "dana"s apart; may be empty
    QString text;
    QDateTime time;    //!< server time when known, else local send/receive time (UTC inside)
    bool own = false;
    Delivery delivery = Delivery::None;
    //! The message as it came from a server that is not parley-server, for "show the rest": the
    //! raw text frame / JSON arguments, or for binary data "data:<mime type>;base64,…" (so an image
    //! can be shown inline). Empty for parley-server messages and one's own. Not part of identity.
    QString raw;

    Kind kind = Kind::Message;
    qint64 target = 0;       //!< Edit, Delete, React: the seq of the message changed (same room)
    qint64 replyTo = 0;      //!< Message: the seq of the message it answers (same room); 0: none
    QDateTime edited;        //!< Message: when it was last edited; invalid: never
    bool deleted = false;    //!< Message: deleted by its sender or an admin; its text is empty
    bool reactionOn = false; //!< React: put on (true) or taken back; the emoji is in text
    QList<Reaction> reactions; //!< Message: its reactions
    //! Message: the file it sends (parley-server, docs/protocol.md "Files"); text is its caption
    //! then, and may be empty. Null for other messages and once deleted.
    FileRef file;

    bool isChange() const { return kind != Kind::Message; }

    //! Identity for de-duplication: "c:<clientId>", else "s:<room>:<seq>", else empty (no identity).
    QString key() const;
    bool operator==(const ChatMessage &other) const;
};

// QString, QDateTime, FileRef (QStrings) and PODs only: moving one in memory is safe, so containers can memmove.
Q_DECLARE_TYPEINFO(ChatMessage, Q_RELOCATABLE_TYPE);
Q_DECLARE_METATYPE(ChatMessage)
Q_DECLARE_METATYPE(ChatMessage::Reaction)
