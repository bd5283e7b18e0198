#pragma once
// EmojiPicker: a small popup to choose a reaction from, instead of typing an emoji by hand.
//
// It shows the user's recently used emoji first, then the catalog (EmojiCatalog::builtIn()) by
// category, in a grid of kColumns × kVisibleRows visible cells that scrolls. Typing filters by
// English keyword; text that is itself an emoji is offered first, so any emoji the server takes can
// still be picked, not only the catalog's. It is driven fully by the keyboard: arrows move, Enter
// picks, Esc closes; typing anywhere goes to the search field.
//
// Why a popup widget and not a dialog: a reaction is a one-click gesture; the picker closes on a
// pick, on Esc and on a click outside (Qt::Popup), like a menu.
#include <QFont>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

class QLineEdit;
class QSettings;
class QTableWidget;

class EmojiPicker : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kColumns = 8;      //!< Cells per row.
    static constexpr int kVisibleRows = 6;  //!< Rows seen at once; the rest scrolls.
    //! Recently used emoji kept: two rows, enough for one's habits, small enough to scan.
    static constexpr int kMaxRecent = 16;
    //! The search field takes no more: a keyword is short, an emoji at most
    //! ChatMessage::kMaxEmojiLength UTF-16 units.
    static constexpr int kMaxSearchLength = 64;

    //! The QSettings key of the recently used emoji (a QStringList, newest first).
    static QString recentKey();

    //! A popup window; \a parent owns it (and gives it its screen until popupAt()).
    explicit EmojiPicker(QWidget *parent = nullptr);
    ~EmojiPicker() override;

    //! Shows the picker with its top-left corner at \a globalPos, or flipped to the left of and
    //! above it where it would not fit, always entirely on the available area of the screen that
    //! holds \a globalPos (never under a panel or off the edge), with the search field focused.
    void popupAt(const QPoint &globalPos);

    //! The title the user reads for a category key of EmojiCatalog::categoryOrder(), or "recent"
    //! for the recently used emoji. Translated; the catalog's keys are not.
    static QString categoryTitle(const QString &key);

    //! The recently used emoji stored in \a settings, newest first: at most kMaxRecent, no
    //! repeats, each one checked (MessageChange::isValidEmoji() and an emoji rather than a word),
    //! because a settings file can be edited by hand.
    static QStringList recentEmoji(const QSettings &settings);

    //! Puts \a emoji first among the recently used emoji in \a settings (an invalid one is not
    //! stored).
    static void rememberEmoji(QSettings &settings, const QString &emoji);

Q_SIGNALS:
    //! The user chose \a emoji (click or Enter). Emitted once; the picker then closes.
    void emojiPicked(const QString &emoji);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    //! One emoji's cell; m_cells holds them in reading order, a row's cells together.
    struct Cell
    {
        int row = 0;
        int column = 0;
        QString emoji;
    };

    void rebuild();
    void addHeader(const QString &text);
    void addEmoji(const QStringList &emoji);
    bool handleGridKey(QKeyEvent *event);
    bool handleSearchKey(QKeyEvent *event);
    int currentCell() const;
    int cellAt(int row, int column) const; //!< The index in m_cells, or -1 (a title, an empty cell).
    void setCurrentCell(int index);
    int verticalNeighbour(int index, int step) const;
    void pickCell(int index);
    void pick(const QString &emoji);

    QLineEdit *m_search = nullptr;
    QTableWidget *m_grid = nullptr;
    QList<Cell> m_cells;
    QStringList m_recent;
    QFont m_titleFont;
    int m_cellSize = 0;
};
