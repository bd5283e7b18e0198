#include "messageactions.h"

#include "chatmessage.h"
#include "emojipicker.h"
#include "messagemodel.h"

#include <QCursor>
#include <QMenu>
#include <QModelIndex>

MessageActions::MessageActions(QObject *parent)
    : QObject(parent)
{
}

QStringList MessageActions::quickReactions()
{
    return {QStringLiteral("👍"), QStringLiteral("❤️"), QStringLiteral("😂"), QStringLiteral("😮"),
            QStringLiteral("😢"), QStringLiteral("🎉")};
}

void MessageActions::setAvailable(bool available, qint64 myUserId, bool admin)
{
    m_available = available;
    m_me = myUserId;
    m_admin = admin;
}

void MessageActions::showPicker(qint64 seq, const QPoint &globalPos, QWidget *parent)
{
    auto *picker = new EmojiPicker(parent);
    picker->setAttribute(Qt::WA_DeleteOnClose);
    connect(picker, &EmojiPicker::emojiPicked, this,
            [this, seq](const QString &emoji) { Q_EMIT reactionRequested(seq, emoji, true); });
    picker->popupAt(globalPos);
}

void MessageActions::addTo(QMenu *menu, const QModelIndex &index, QWidget *dialogParent)
{
    const FileRef file = index.data(MessageModel::FileRole).value<FileRef>();
    if (!file.isNull() && !index.data(MessageModel::DeletedRole).toBool()) {
        menu->addSeparator();
        QAction *open = menu->addAction(tr("Open File"));
        open->setObjectName(QStringLiteral("openFileAction"));
        connect(open, &QAction::triggered, this, [this, file] { Q_EMIT openFileRequested(file); });
        QAction *save = menu->addAction(tr("Save File As…"));
        save->setObjectName(QStringLiteral("saveFileAction"));
        connect(save, &QAction::triggered, this, [this, file] { Q_EMIT saveFileRequested(file); });
        if (index.data(MessageModel::CancellableRole).toBool()) {
            const QString clientId = index.data(MessageModel::ClientIdRole).toString();
            QAction *cancel = menu->addAction(tr("Cancel Sending"));
            cancel->setObjectName(QStringLiteral("cancelFileAction"));
            connect(cancel, &QAction::triggered, this, [this, clientId] { Q_EMIT cancelFileRequested(clientId); });
        }
    }
    const qint64 seq = index.data(MessageModel::SeqRole).toLongLong();
    if (!m_available || !index.isValid() || seq <= 0 || index.data(MessageModel::DeletedRole).toBool())
        return;
    const bool own = index.data(MessageModel::OwnRole).toBool();
    menu->addSeparator();
    QAction *reply = menu->addAction(tr("Reply"));
    reply->setObjectName(QStringLiteral("replyAction"));
    connect(reply, &QAction::triggered, this, [this, seq] { Q_EMIT replyRequested(seq); });

    QMenu *react = menu->addMenu(tr("React"));
    react->setObjectName(QStringLiteral("reactMenu"));
    const auto reactions = index.data(MessageModel::ReactionsRole).value<QList<ChatMessage::Reaction>>();
    const auto mine = [&reactions, this](const QString &emoji) {
        for (const ChatMessage::Reaction &r : reactions) {
            if (r.emoji == emoji)
                return r.users.contains(m_me);
        }
        return false;
    };
    QStringList offered = quickReactions();
    for (const ChatMessage::Reaction &r : reactions) { // others' emoji can be joined in one click
        if (!offered.contains(r.emoji))
            offered << r.emoji;
    }
    for (const QString &emoji : std::as_const(offered)) {
        QAction *a = react->addAction(emoji);
        a->setCheckable(true);
        a->setChecked(mine(emoji));
        const bool on = !a->isChecked();
        connect(a, &QAction::triggered, this, [this, seq, emoji, on] { Q_EMIT reactionRequested(seq, emoji, on); });
    }
    react->addSeparator();
    QAction *more = react->addAction(tr("More Reactions…"));
    more->setObjectName(QStringLiteral("moreReactionsAction"));
    connect(more, &QAction::triggered, this,
            [this, seq, dialogParent] { showPicker(seq, QCursor::pos(), dialogParent); });

    if (own) {
        QAction *edit = menu->addAction(tr("Edit"));
        edit->setObjectName(QStringLiteral("editAction"));
        connect(edit, &QAction::triggered, this, [this, seq] { Q_EMIT editRequested(seq); });
    }
    if (own || m_admin) {
        QAction *del = menu->addAction(tr("Delete…"));
        del->setObjectName(QStringLiteral("deleteAction"));
        connect(del, &QAction::triggered, this, [this, seq] { Q_EMIT deleteRequested(seq); });
    }
}
