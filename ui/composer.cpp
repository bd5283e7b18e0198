#include "composer.h"

#include "fileactions.h"

#include "mentioncompleter.h"

#include "logging.h"

#include <QKeyEvent>
#include <QAbstractTextDocumentLayout>

#include <algorithm>

Composer::Composer(QWidget *parent)
    : QPlainTextEdit(parent)
{
    retranslate();
    setTabChangesFocus(true);
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    // The document layout knows the wrapped line count only once it has laid the text out.
    connect(document()->documentLayout(), &QAbstractTextDocumentLayout::documentSizeChanged,
            this, &Composer::updateHeight);
    updateHeight();
}

QString Composer::normalized(const QString &text)
{
    qsizetype begin = 0;
    while (begin < text.size()
           && (text.at(begin) == QLatin1Char('\n') || text.at(begin) == QLatin1Char('\r'))) {
        ++begin;
    }
    qsizetype end = text.size();
    while (end > begin && text.at(end - 1).isSpace())
        --end;
    const QString result = text.mid(begin, end - begin);
    return result.trimmed().isEmpty() ? QString() : result;
}

void Composer::submit()
{
    const QString text = normalized(toPlainText());
    if (text.isEmpty()) {
        qCDebug(lcUi) << "composer: nothing to send";
        return;
    }
    clear();
    Q_EMIT sendRequested(text);
}

void Composer::keyPressEvent(QKeyEvent *event)
{
    if (m_mentions && m_mentions->isPopupVisible()) {
        switch (event->key()) {
        case Qt::Key_Return:
        case Qt::Key_Enter:
        case Qt::Key_Tab:
        case Qt::Key_Escape:
        case Qt::Key_Up:
        case Qt::Key_Down:
            event->ignore(); // the completer's popup takes them
            return;
        default:
            break;
        }
    }
    if (event->key() == Qt::Key_Up && event->modifiers() == Qt::NoModifier && document()->isEmpty()) {
        Q_EMIT editLastRequested();
        event->accept();
        return;
    }
    if ((event->key() == Qt::Key_Up || event->key() == Qt::Key_Down)
        && event->modifiers() == Qt::ControlModifier) {
        Q_EMIT replyStepRequested(event->key() == Qt::Key_Up ? -1 : 1);
        event->accept();
        return;
    }
    if (event->key() == Qt::Key_Escape && event->modifiers() == Qt::NoModifier) {
        Q_EMIT cancelRequested();
        event->accept();
        return;
    }
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter) {
        if (event->modifiers() & Qt::ShiftModifier) {
            // A real paragraph break: toPlainText() gives '\n', not U+2028.
            insertPlainText(QStringLiteral("\n"));
            ensureCursorVisible();
        } else {
            submit();
        }
        event->accept();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

void Composer::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        updateHeight();
    else if (event->type() == QEvent::LanguageChange)
        retranslate();
}

void Composer::setConversationsAvailable(bool available)
{
    if (m_conversations == available)
        return;
    m_conversations = available;
    retranslate();
}

void Composer::retranslate()
{
    setPlaceholderText(tr("Write a message…"));
    setAccessibleName(tr("Message"));
    setAccessibleDescription(tr("Press Enter to send, Shift+Enter for a new line"));
    setToolTip(m_conversations
                       ? tr("Enter sends, Shift+Enter starts a new line")
                       : tr("Enter sends, Shift+Enter starts a new line. This server has no replies, edits, "
                            "deletes or reactions."));
}

int Composer::heightForLines(int lines) const
{
    const QMargins margins = contentsMargins() + viewportMargins();
    const int frame = 2 * int(document()->documentMargin());
    return fontMetrics().lineSpacing() * lines + frame + margins.top() + margins.bottom();
}

void Composer::updateHeight()
{
    // QPlainTextDocumentLayout measures the document in lines (wrapped lines included).
    const int lines = std::max(document()->blockCount(), document()->lineCount());
    const int wanted = heightForLines(std::clamp(lines, 2, kMaxVisibleLines));
    if (height() != wanted) {
        setFixedHeight(wanted);
        updateGeometry();
    }
}

QSize Composer::sizeHint() const
{
    return {QPlainTextEdit::sizeHint().width(), height()};
}

QSize Composer::minimumSizeHint() const
{
    return {QPlainTextEdit::minimumSizeHint().width(), heightForLines(2)};
}

bool Composer::canInsertFromMimeData(const QMimeData *source) const
{
    return (m_filesAccepted && FileActions::carriesFiles(source)) || QPlainTextEdit::canInsertFromMimeData(source);
}

void Composer::insertFromMimeData(const QMimeData *source)
{
    // A screenshot on the clipboard, or files from a file manager: sent as files, not as a path.
    if (m_filesAccepted && FileActions::carriesFiles(source)) {
        Q_EMIT filesPasted(source);
        return;
    }
    QPlainTextEdit::insertFromMimeData(source);
}
