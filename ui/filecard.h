#pragma once
// FileCard: how a message that sends a file other than an image shows it -- a card above the
// caption with the file's type icon, its name, its size and kind ("2.4 MB · PDF document"), and
// two buttons, Open and Save As. A click anywhere else on the card opens it too. The card has one
// fixed size, so a row's height never depends on the name a peer chose (it is elided).
//
// Layout and painting only; MessageDelegate places the card (Geometry::fileCard) and MessageView
// turns a click into MessageActions::openFileRequested() / saveFileRequested().
#include "fileref.h"

#include <QCoreApplication>
#include <QIcon>
#include <QRect>
#include <QSize>

class QColor;
class QFontMetrics;
class QPainter;
class QStyleOptionViewItem;

class FileCard
{
    Q_DECLARE_TR_FUNCTIONS(FileCard)
public:
    //! The card's size (logical pixels) and its icon's.
    static constexpr QSize kSize{300, 52};
    static constexpr int kIconSize = 32;

    //! Where the card's parts are, for a card at \a card whose small font is \a small.
    struct Parts
    {
        QRect icon;
        QRect name;
        QRect details;
        QRect open;
        QRect save;
    };
    static Parts layout(const QRect &card, const QFontMetrics &small);

    enum class Hit { None, Open, Save };
    //! What a click at \a pos on the card at \a card does (Open anywhere but Save As).
    static Hit hitAt(const QRect &card, const QFontMetrics &small, const QPoint &pos);

    //! "2.4 MB · PDF document": the size and the kind of \a file, in the user's language.
    static QString details(const FileRef &file);
    //! The desktop's icon for \a file's type (its generic one, or a plain file's, when the theme
    //! has none).
    static QIcon icon(const FileRef &file);

    //! Paints the card of \a file at \a card: \a background behind it, \a text and \a muted for
    //! its name and the rest, \a link for the buttons.
    static void paint(QPainter *painter, const QStyleOptionViewItem &option, const QRect &card,
                      const FileRef &file, const QColor &background, const QColor &muted, const QColor &link);
};
