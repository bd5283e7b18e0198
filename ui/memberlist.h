#pragma once
// MemberList: the members panel: "Members (3)" over who is in the room being shown, oneself
// first (MemberModel, drawn by MemberDelegate). Toggled from the window (Ctrl+Shift+M).
// On a server with accounts a person's context menu (or a double-click) offers a direct message.
#include <QPointer>
#include <QWidget>

class MemberDelegate;
class MemberModel;
class QLabel;
class QListView;
class QMenu;
class QModelIndex;

class MemberList : public QWidget
{
    Q_OBJECT
public:
    explicit MemberList(MemberModel *model, QWidget *parent = nullptr);
    ~MemberList() override;

    QListView *view() const { return m_view; }
    //! The header's text, e.g. "Members (3)".
    QString title() const;
    //! The "Message …" menu entry for \a index, or null when one cannot write to that member
    //! directly (oneself, a guest, a server without accounts). The caller owns the menu.
    QMenu *createContextMenu(const QModelIndex &index);

Q_SIGNALS:
    //! "Message @bob…": open the direct room with \a userId.
    void directRequested(qint64 userId);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateTitle();
    //! Whether \a index is somebody one can write to directly.
    static bool canMessage(const QModelIndex &index);

    QPointer<MemberModel> m_model;
    QLabel *m_title = nullptr;
    QListView *m_view = nullptr;
    MemberDelegate *m_delegate = nullptr;
};
