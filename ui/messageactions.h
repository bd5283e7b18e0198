#pragma once
// MessageActions: the everyday actions on one message -- Open File, Save File As, Reply, React,
// Edit, Delete -- as menu
// entries for MessageView's context menu, and the requests they make. The view offers them; the
// pane acts on them (it talks to ChatClient); nothing here touches the network.
#include "fileref.h"

#include <QObject>
#include <QString>
#include <QStringList>

class QMenu;
class QModelIndex;
class QPoint;
class QWidget;

class MessageActions : public QObject
{
    Q_OBJECT
public:
    explicit MessageActions(QObject *parent = nullptr);

    //! The quick set of the React submenu; "More Reactions…" opens the EmojiPicker for any emoji.
    static QStringList quickReactions();

    //! Whether the server takes them at all (stock servers do not: then nothing is offered),
    //! who the user is (their own reactions are ticked) and whether they may delete anyone's.
    void setAvailable(bool available, qint64 myUserId, bool admin);
    bool isAvailable() const { return m_available; }

    //! Adds the actions that apply to \a index (a message of a MessageModel) to \a menu: none for
    //! a message without a seq yet or a deleted one; Edit for one's own; Delete for one's own or
    //! for an administrator. \a dialogParent parents the "More Reactions…" emoji picker.
    void addTo(QMenu *menu, const QModelIndex &index, QWidget *dialogParent);

    //! Opens an EmojiPicker at \a globalPos (owned by \a parent, deleted when it closes); the
    //! emoji picked there is put on the message \a seq (reactionRequested(seq, emoji, true)).
    //! The same as the menu's "More Reactions…", for a button beside the message.
    void showPicker(qint64 seq, const QPoint &globalPos, QWidget *parent);

Q_SIGNALS:
    void replyRequested(qint64 seq);
    void editRequested(qint64 seq);
    void deleteRequested(qint64 seq);
    //! Put on (\a on) or take back one's \a emoji on the message \a seq.
    void reactionRequested(qint64 seq, const QString &emoji, bool on);
    //! "Open File" / "Save File As…" on a message that sends \a file.
    void openFileRequested(const FileRef &file);
    void saveFileRequested(const FileRef &file);
    //! "Cancel Sending" on one's own file message \a clientId whose file is not up yet.
    void cancelFileRequested(const QString &clientId);

private:
    bool m_available = false;
    qint64 m_me = 0;
    bool m_admin = false;
};
