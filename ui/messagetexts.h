#pragma once
// MessageTexts: the words a message row shows besides its body -- the time ("edited 14:02",
// "Seen by 2 · 14:02"), the sender, the quoted line of an answer, the reactions, "New messages",
// "Not delivered · Retry", "Show more" -- and the delivery marks with their meaning.
//
// Why apart from MessageDelegate: the delegate measures, composes and hit-tests; these are the
// words, read by the delegate, the painter, the tooltips and the tests alike. Pure: each is a
// function of one model index (or state), never of a view.
#include "chatmessage.h"
#include "messageclip.h"

#include <QCoreApplication>
#include <QString>

class QModelIndex;

class MessageTexts
{
    Q_DECLARE_TR_FUNCTIONS(MessageTexts)

public:
    MessageTexts() = delete;

    //! What the body shows: the message text, or for a deleted message that it was deleted; for a
    //! message that sends a file, fileLine() first, then its caption.
    static QString shownText(const QModelIndex &index);
    //! "📎 shot.png (1.2 MB)": a file in a message's body (Open and Save As are in its menu).
    static QString fileLine(const FileRef &file);
    //! Exactly the string handed to QTextLayout as the body: the message text, unchanged except
    //! that line breaks become U+2028 LINE SEPARATOR (QTextLayout's line break), cut to
    //! \a limits (MessageClip::shown()). Never markup.
    static QString bodyText(const QModelIndex &index,
                            const MessageClip::Limits &limits = MessageClip::kCollapsed);
    //! "HH:mm" of the message time on the local clock (MessageTimeText::clockText()), "edited
    //! HH:mm" once edited.
    static QString timeText(const QModelIndex &index);
    //! The words on the unread line.
    static QString unreadLineText();
    //! The quoted line above an answer: "Bob: the start of his message…"; empty for no answer.
    static QString replyText(const QModelIndex &index);
    //! The reactions of \a index in one line, "👍 2  🎉 1"; empty for none.
    static QString reactionsText(const QModelIndex &index);
    //! The sender's name as shown; a placeholder when the server did not say.
    static QString senderText(const QModelIndex &index);
    //! "Not delivered", under a Failed own message.
    static QString failureText();
    //! "Retry", beside it.
    static QString retryText();
    //! Under a message shown in part: "Show more" when \a expandable, else that the rest can
    //! be copied.
    static QString moreText(bool expandable);
    //! A short glyph for the delivery state of one's own message; empty for Delivery::None.
    static QString deliveryMark(ChatMessage::Delivery state);
    //! Words for the delivery state (used as the mark's tooltip and accessible text).
    static QString deliveryToolTip(ChatMessage::Delivery state);
};
