#include "messageactions.h"

#include "chatmessage.h"
#include "messagechange.h"
#include "messagemodel.h"

#include <QInputDialog>
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

void MessageActions::addTo(QMenu *menu, const QModelIndex &index, QWidget *dialogParent)
{
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
    QAction *other = react->addAction(tr("Other…"));
    connect(other, &QAction::triggered, this, [this, seq, dialogParent] {
        const QString emoji = QInputDialog::getText(dialogParent, tr("React"), tr("Emoji:")).trimmed();
        if (MessageChange::isValidEmoji(emoji))
            Q_EMIT reactionRequested(seq, emoji, true);
    });

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

void MessageActions::showPicker(qint64 seq, const QPoint &, QWidget *parent)
{
    const QString emoji = QInputDialog::getText(parent, tr("React"), tr("Emoji:")).trimmed();
    if (MessageChange::isValidEmoji(emoji))
        Q_EMIT reactionRequested(seq, emoji, true);
}
