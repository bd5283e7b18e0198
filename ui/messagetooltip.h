#pragma once
// MessageToolTip: what the tooltip says over each part of a message row -- the delivery state
// or who has read it over the mark, the full date and time (and the edit's) over the time, who
// reacted over the reactions, the address over a link, what a button does over it.
//
// Why apart from MessageDelegate: the delegate decides where the parts go; the words over them
// are a separate concern, and pure (tested without a view).
//
// Why rich text for names: QToolTip guesses whether a text is markup. Names are untrusted, so a
// text with names is escaped and wrapped in <p> so that nothing is guessed.
#include "messagedelegate.h"

#include <QCoreApplication>
#include <QString>

class QModelIndex;
class QPoint;
class QUrl;

class MessageToolTip
{
    Q_DECLARE_TR_FUNCTIONS(MessageToolTip)

public:
    MessageToolTip() = delete;

    //! The tooltip at \a pos (row-relative) of \a index laid out as \a geometry, where \a link is
    //! the link there (or empty) and \a button the hover button there; empty for none.
    static QString at(const MessageDelegate::Geometry &geometry, const QModelIndex &index,
                      const QPoint &pos, const QUrl &link, MessageDelegate::HoverButton button);
};
