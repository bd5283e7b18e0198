#include "textselection.h"

#include "messagedelegate.h"
#include "messageview.h"

#include <QApplication>
#include <QClipboard>
#include <QTextBoundaryFinder>

#include <algorithm>

TextSelection::TextSelection(MessageView *view)
    : QObject(view)
    , m_view(view)
{
}

const TextSelection *TextSelection::of(const QObject *view)
{
    return view ? view->findChild<const TextSelection *>(QString(), Qt::FindDirectChildrenOnly)
                : nullptr;
}

int TextSelection::positionAt(const QModelIndex &index, const QPoint &pos) const
{
    const QStyleOptionViewItem option = m_view->itemOption(index);
    return m_view->messageDelegate()->textPositionAt(option, index, pos - option.rect.topLeft());
}

void TextSelection::set(const QModelIndex &index, int anchor, int position)
{
    const QModelIndex before = m_index;
    if (before == index && m_anchor == anchor && m_position == position)
        return;
    m_index = index;
    m_anchor = anchor;
    m_position = position;
    if (before.isValid() && before != index)
        Q_EMIT changed(before);
    if (index.isValid())
        Q_EMIT changed(index);
}

bool TextSelection::press(const QPoint &pos)
{
    const QModelIndex index = m_view->indexAt(pos);
    if (index.isValid()) {
        const QStyleOptionViewItem option = m_view->itemOption(index);
        if (m_view->messageDelegate()->isTextAt(option, index, pos - option.rect.topLeft())) {
            const int at = positionAt(index, pos);
            set(index, at, at);
            m_pressed = true;
            return true;
        }
    }
    clear();
    return false;
}

bool TextSelection::move(const QPoint &pos)
{
    if (!m_pressed)
        return false;
    if (!m_index.isValid()) { // the row went away under the pointer
        m_pressed = false;
        return false;
    }
    set(m_index, m_anchor, positionAt(m_index, pos));
    return true;
}

bool TextSelection::release()
{
    if (!m_pressed)
        return false;
    m_pressed = false;
    if (!hasSelection()) {
        clear();
        return true;
    }
    if (QClipboard *clipboard = QApplication::clipboard(); clipboard->supportsSelection())
        clipboard->setText(text(), QClipboard::Selection);
    return true;
}

bool TextSelection::selectWordAt(const QPoint &pos)
{
    const QModelIndex index = m_view->indexAt(pos);
    if (!index.isValid())
        return false;
    const QStyleOptionViewItem option = m_view->itemOption(index);
    if (!m_view->messageDelegate()->isTextAt(option, index, pos - option.rect.topLeft()))
        return false;
    const QString text = m_view->messageDelegate()->layoutText(option, index);
    const int size = int(text.size());
    if (size == 0)
        return false;
    // The word (or run of spaces or punctuation) holding the character at the pointer; at the
    // end of the text, the one before it.
    const int at = std::clamp(positionAt(index, pos), 0, size - 1);
    QTextBoundaryFinder words(QTextBoundaryFinder::Word, text);
    words.setPosition(at);
    const int start = words.isAtBoundary() ? at : int(words.toPreviousBoundary());
    words.setPosition(at);
    const int next = int(words.toNextBoundary());
    const int end = next < 0 ? size : next;
    set(index, start, end);
    m_pressed = false;
    return hasSelection();
}

void TextSelection::clear()
{
    m_pressed = false;
    set(QModelIndex(), 0, 0);
}

bool TextSelection::hasSelection() const
{
    return m_index.isValid() && m_anchor != m_position;
}

QString TextSelection::text() const
{
    if (!hasSelection())
        return {};
    return extract(m_view->messageDelegate()->layoutText(m_view->itemOption(m_index), m_index),
                   start(), end());
}

QString TextSelection::extract(const QString &text, int start, int end)
{
    start = std::clamp(start, 0, int(text.size()));
    end = std::clamp(end, start, int(text.size()));
    QString part = text.mid(start, end - start);
    part.replace(QChar(QChar::LineSeparator), QLatin1Char('\n'));
    return part;
}
