#pragma once
// MemberList: the members panel: "Members (3)" over who is in the room being shown, oneself
// first (MemberModel, drawn by MemberDelegate). Toggled from the window (Ctrl+Shift+M).
#include <QPointer>
#include <QWidget>

class MemberDelegate;
class MemberModel;
class QLabel;
class QListView;

class MemberList : public QWidget
{
    Q_OBJECT
public:
    explicit MemberList(MemberModel *model, QWidget *parent = nullptr);
    ~MemberList() override;

    QListView *view() const { return m_view; }
    //! The header's text, e.g. "Members (3)".
    QString title() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateTitle();

    QPointer<MemberModel> m_model;
    QLabel *m_title = nullptr;
    QListView *m_view = nullptr;
    MemberDelegate *m_delegate = nullptr;
};
