#pragma once
// AttachButton: the paperclip beside the composer, and its shortcut Ctrl+Shift+U (an action on
// the widget it serves, so the keys work wherever the focus is in it). It only asks; the pane
// sends (FileActions).
#include <QToolButton>

class QAction;

class AttachButton : public QToolButton
{
    Q_OBJECT
public:
    //! A button in \a parent whose shortcut works within \a scope.
    AttachButton(QWidget *scope, QWidget *parent);

    //! Shown and its keys on only where files can be sent.
    void setOffered(bool offered);
    QAction *action() const { return m_action; }

Q_SIGNALS:
    void attachRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    QAction *m_action;
};
