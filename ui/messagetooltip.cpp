#include "messagetooltip.h"

#include "messagemodel.h"
#include "messagetexts.h"
#include "messagetimetext.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QModelIndex>
#include <QUrl>

namespace {

//! \a text, which holds untrusted names, as a tooltip nothing in it can turn into markup.
QString plainToolTip(const QString &text)
{
    return QStringLiteral("<p style='white-space:pre'>%1</p>").arg(text.toHtmlEscaped());
}

}  // namespace

QString MessageToolTip::at(const MessageDelegate::Geometry &g, const QModelIndex &index,
                           const QPoint &pos, const QUrl &link, MessageDelegate::HoverButton button)
{
    const bool own = index.data(MessageModel::OwnRole).toBool();
    const QStringList readBy = index.data(MessageModel::ReadByRole).toStringList();
    switch (button) {
    case MessageDelegate::HoverButton::Reply:
        return tr("Reply (Ctrl+Up in the composer)");
    case MessageDelegate::HoverButton::React:
        return tr("React");
    case MessageDelegate::HoverButton::None:
        break;
    }
    if (own && (g.mark.contains(pos) || g.time.contains(pos)) && !readBy.isEmpty())
        return plainToolTip(tr("Seen by %1").arg(readBy.join(QLatin1String(", "))));
    if (own && g.mark.contains(pos)) {
        return MessageTexts::deliveryToolTip(
                static_cast<ChatMessage::Delivery>(index.data(MessageModel::DeliveryRole).toInt()));
    }
    if (g.time.contains(pos)) {
        const QString sent = MessageTimeText::fullText(index.data(MessageModel::TimeRole).toDateTime());
        const QDateTime edited = index.data(MessageModel::EditedRole).toDateTime();
        if (edited.isValid() && !index.data(MessageModel::DeletedRole).toBool())
            return tr("Sent %1\nEdited %2").arg(sent, MessageTimeText::fullText(edited));
        return sent;
    }
    if (MessageDelegate::isRetryable(index) && g.retry.contains(pos))
        return tr("Send this message again");
    if (g.more.contains(pos))
        return g.moreExpands ? tr("Show more of this message") : MessageTexts::moreText(false);
    if (g.reactions.contains(pos))
        return plainToolTip(index.data(MessageModel::ReactionsToolTipRole).toString());
    if (g.reply.contains(pos))
        return tr("Show the message this answers");
    if (!link.isEmpty())
        return link.toDisplayString();
    return {};
}
