#include "composercontext.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

ComposerContext::ComposerContext(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("composerContext"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 4, 8, 0);
    m_label = new QLabel(this);
    m_label->setObjectName(QStringLiteral("composerContextLabel"));
    m_label->setTextFormat(Qt::PlainText); // the excerpt is someone's message
    m_label->setMinimumWidth(1);           // never widening the window: it wraps instead
    m_label->setWordWrap(true);
    m_close = new QToolButton(this);
    m_close->setObjectName(QStringLiteral("composerContextClose"));
    m_close->setAutoRaise(true);
    m_close->setText(QStringLiteral("✕"));
    layout->addWidget(m_label, 1);
    layout->addWidget(m_close);
    connect(m_close, &QToolButton::clicked, this, &ComposerContext::cancelled);
    hide();
    retranslate();
}

void ComposerContext::reply(qint64 seq, const QString &excerpt)
{
    m_mode = Mode::Reply;
    m_seq = seq;
    m_excerpt = excerpt;
    retranslate();
    show();
}

void ComposerContext::edit(qint64 seq)
{
    m_mode = Mode::Edit;
    m_seq = seq;
    m_excerpt.clear();
    retranslate();
    show();
}

void ComposerContext::clear()
{
    m_mode = Mode::None;
    m_seq = 0;
    m_excerpt.clear();
    hide();
}

void ComposerContext::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}

void ComposerContext::retranslate()
{
    m_close->setToolTip(m_mode == Mode::Edit ? tr("Stop editing (Esc)") : tr("Stop replying (Esc)"));
    m_close->setAccessibleName(m_close->toolTip());
    switch (m_mode) {
    case Mode::Reply:
        m_label->setText(tr("Replying to %1").arg(m_excerpt));
        break;
    case Mode::Edit:
        m_label->setText(tr("Editing your message (Esc cancels)"));
        break;
    case Mode::None:
        m_label->clear();
        break;
    }
}
