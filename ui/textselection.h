#pragma once
// TextSelection: the part of one message's text that the user selects with the mouse in a
// MessageView (press and drag over the body, or a double click on a word), to copy it.
//
// Why one message only: messages are rows painted by a delegate, not one text document; what a
// person selects with the mouse is a phrase of one message. Several whole messages are still
// selected as rows (Shift/Ctrl+click, the keyboard) and copied as "sender: text" lines.
//
// Why positions in the laid-out text: that is what the delegate lays out and hit-tests
// (MessageDelegate::textPositionAt()); copying takes the same characters, line separators back
// to line breaks. A message shown in part selects within what is shown.
//
// Why the delegate finds it through the view (of()): the selection belongs to one view, like
// its measured rows, while a delegate may serve several views.
#include <QObject>
#include <QPersistentModelIndex>
#include <QPoint>

#include <algorithm>

class MessageView;

class TextSelection : public QObject
{
    Q_OBJECT
public:
    //! A selection for \a view (its child; found again by of()).
    explicit TextSelection(MessageView *view);

    //! The selection of the MessageView \a view, if it is one.
    static const TextSelection *of(const QObject *view);

    //! Mouse press at \a pos (viewport coordinates): on a message body it starts selecting there
    //! and returns true; anywhere else it clears the selection and returns false.
    bool press(const QPoint &pos);
    //! While pressed: extends the selection to the character nearest \a pos (within the pressed
    //! message). True when it took the move.
    bool move(const QPoint &pos);
    //! The press ends; an empty selection (a plain click) is cleared. True when it had been
    //! pressed. A non-empty one also goes to the X11 primary selection.
    bool release();
    //! Selects the word at \a pos (a double click). True when there was one.
    bool selectWordAt(const QPoint &pos);
    void clear();

    //! Whether some text of a message is selected (more than a caret).
    bool hasSelection() const;
    //! Whether a press is being dragged.
    bool isPressed() const { return m_pressed; }
    QModelIndex index() const { return m_index; }
    //! The selected range in the laid-out text, start < end when hasSelection().
    int start() const { return std::min(m_anchor, m_position); }
    int end() const { return std::max(m_anchor, m_position); }
    //! The selected characters, line breaks as "\n".
    QString text() const;

    //! The characters [\a start, \a end) of the laid-out \a text, line separators as "\n".
    static QString extract(const QString &text, int start, int end);

Q_SIGNALS:
    //! The selection changed: the row \a index is to be painted again.
    void changed(const QModelIndex &index);

private:
    int positionAt(const QModelIndex &index, const QPoint &pos) const;
    void set(const QModelIndex &index, int anchor, int position);

    MessageView *m_view;
    QPersistentModelIndex m_index;
    int m_anchor = 0;
    int m_position = 0;
    bool m_pressed = false;
};
