#include "messagetexts.h"

#include "directroomname.h"
#include "messagemodel.h"
#include "messagetimetext.h"

#include <QLocale>
#include <QModelIndex>

QString MessageTexts::shownText(const QModelIndex &index)
{
    if (index.data(MessageModel::DeletedRole).toBool())
        return index.data(Qt::DisplayRole).toString();
    const QString text = index.data(MessageModel::TextRole).toString();
    const FileRef file = index.data(MessageModel::FileRole).value<FileRef>();
    if (file.isNull() || !file.isImage()) // another file's name and size are on its card (FileCard)
        return text;
    const QString line = fileLine(file);
    return text.isEmpty() ? line : line + QLatin1Char('\n') + text;
}

QString MessageTexts::fileLine(const FileRef &file)
{
    // A paperclip, the name as sent (plain text, like every text here) and its size.
    return QStringLiteral("\U0001F4CE ") + tr("%1 (%2)").arg(file.name, QLocale().formattedDataSize(file.size));
}

QString MessageTexts::bodyText(const QModelIndex &index, const MessageClip::Limits &limits)
{
    return MessageClip::shown(shownText(index), limits, false).text;
}

QString MessageTexts::timeText(const QModelIndex &index)
{
    const QString clock = MessageTimeText::clockText(index.data(MessageModel::TimeRole).toDateTime());
    const bool edited = index.data(MessageModel::EditedRole).toDateTime().isValid()
            && !index.data(MessageModel::DeletedRole).toBool();
    const QVariant upload = index.data(MessageModel::UploadProgressRole);
    if (upload.isValid() && upload.toInt() >= 0)
        return tr("Sending file: %1% · %2").arg(upload.toInt()).arg(clock);
    const QString time = edited ? tr("edited %1").arg(clock) : clock;
    const QStringList readBy = index.data(MessageModel::ReadByRole).toStringList();
    if (readBy.isEmpty())
        return time;
    // In a direct message there is one other person: "Seen" says it all.
    if (DirectRoomName::isDirect(index.data(MessageModel::RoomRole).toString()))
        return tr("Seen · %1").arg(time);
    return tr("Seen by %n · %1", nullptr, int(readBy.size())).arg(time);
}

QString MessageTexts::unreadLineText()
{
    return tr("New messages");
}

QString MessageTexts::replyText(const QModelIndex &index)
{
    if (index.data(MessageModel::ReplyToRole).toLongLong() <= 0)
        return {};
    const QString excerpt = index.data(MessageModel::ReplyExcerptRole).toString();
    return excerpt.isEmpty() ? tr("In reply to an earlier message") : excerpt;
}

QString MessageTexts::reactionsText(const QModelIndex &index)
{
    const auto reactions = index.data(MessageModel::ReactionsRole).value<QList<ChatMessage::Reaction>>();
    QStringList parts;
    for (const ChatMessage::Reaction &r : reactions)
        parts << r.emoji + QChar(u'\u00a0') + QLocale().toString(r.count);
    return parts.join(QStringLiteral("   "));
}

QString MessageTexts::senderText(const QModelIndex &index)
{
    const QString sender = index.data(MessageModel::SenderRole).toString();
    return sender.isEmpty() ? tr("Unknown") : sender;
}

QString MessageTexts::failureText()
{
    return tr("Not delivered");
}

QString MessageTexts::retryText()
{
    return tr("Retry");
}

QString MessageTexts::moreText(bool expandable)
{
    return expandable ? tr("Show more") : tr("Shown in part: copy the message to read it all");
}

QString MessageTexts::deliveryMark(ChatMessage::Delivery state)
{
    switch (state) {
    case ChatMessage::Delivery::Pending:
        return QStringLiteral("\u25F7");  // ◷ a clock: waiting
    case ChatMessage::Delivery::Sent:
        return QStringLiteral("\u2713");  // ✓
    case ChatMessage::Delivery::Delivered:
        return QStringLiteral("\u2713\u2713");  // ✓✓
    case ChatMessage::Delivery::Failed:
        return QStringLiteral("!");
    case ChatMessage::Delivery::None:
        break;
    }
    return {};
}

QString MessageTexts::deliveryToolTip(ChatMessage::Delivery state)
{
    switch (state) {
    case ChatMessage::Delivery::Pending:
        return tr("Waiting to be sent");
    case ChatMessage::Delivery::Sent:
        return tr("Sent, waiting for the server to confirm");
    case ChatMessage::Delivery::Delivered:
        return tr("Delivered");
    case ChatMessage::Delivery::Failed:
        return tr("Not delivered: the server refused this message");
    case ChatMessage::Delivery::None:
        break;
    }
    return {};
}

