#include "attachbutton.h"

#include "tintediconengine.h"

#include <QAction>
#include <QEvent>

AttachButton::AttachButton(QWidget *scope, QWidget *parent) : QToolButton(parent), m_action(new QAction(scope))
{
    setObjectName(QStringLiteral("attachButton"));
    setIcon(TintedIconEngine::icon(QStringLiteral("attach"), QPalette::ButtonText));
    setAutoRaise(true);
    m_action->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U));
    m_action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    scope->addAction(m_action);
    connect(m_action, &QAction::triggered, this, &AttachButton::attachRequested);
    connect(this, &QToolButton::clicked, m_action, &QAction::trigger);
    retranslate();
}

void AttachButton::setOffered(bool offered)
{
    setVisible(offered);
    m_action->setEnabled(offered);
}

void AttachButton::retranslate()
{
    m_action->setText(tr("Send Files…"));
    setToolTip(tr("Send files (Ctrl+Shift+U), or drop them here, or paste an image"));
    setAccessibleName(tr("Send files"));
}

void AttachButton::changeEvent(QEvent *event)
{
    QToolButton::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}
