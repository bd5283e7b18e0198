#include "emojipicker.h"

#include "emojicatalog.h"
#include "messagechange.h"

#include <QGuiApplication>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPointer>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QWindow>

namespace {
constexpr int kEmojiRole = Qt::UserRole + 1;
constexpr qreal kEmojiScale = 1.5;  // emoji are drawn larger than text
constexpr int kCellPadding = 10;    // pixels around an emoji in its cell
constexpr int kHeaderPadding = 6;   // pixels around a category title

//! The titles the user reads for the catalog's category keys (EmojiCatalog::categoryOrder()),
//! translated in EmojiPicker's context; the keys and the keywords are data and stay English.
struct CategoryTitle
{
    const char *key;
    const char *title;
};
constexpr CategoryTitle kCategoryTitles[] = {
    {"recent", QT_TRANSLATE_NOOP("EmojiPicker", "Recently used")},
    {"smileys", QT_TRANSLATE_NOOP("EmojiPicker", "Smileys")},
    {"people", QT_TRANSLATE_NOOP("EmojiPicker", "People & gestures")},
    {"symbols", QT_TRANSLATE_NOOP("EmojiPicker", "Hearts & symbols")},
    {"nature", QT_TRANSLATE_NOOP("EmojiPicker", "Animals & nature")},
    {"food", QT_TRANSLATE_NOOP("EmojiPicker", "Food")},
    {"activities", QT_TRANSLATE_NOOP("EmojiPicker", "Activities & travel")},
    {"objects", QT_TRANSLATE_NOOP("EmojiPicker", "Objects")},
};
} // namespace

QString EmojiPicker::recentKey()
{
    return QStringLiteral("reactions/recent");
}

EmojiPicker::EmojiPicker(QWidget *parent)
    : QWidget(parent, Qt::Popup)
{
    setObjectName(QStringLiteral("emojiPicker"));
    m_recent = recentEmoji(QSettings());

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("emojiSearch"));
    m_search->setPlaceholderText(tr("Search emoji"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaxLength(kMaxSearchLength);
    m_search->installEventFilter(this);

    m_grid = new QTableWidget(this);
    m_grid->setObjectName(QStringLiteral("emojiGrid"));
    m_grid->setAccessibleName(tr("Emoji"));
    m_grid->setColumnCount(kColumns);
    m_grid->horizontalHeader()->hide();
    m_grid->verticalHeader()->hide();
    m_grid->setShowGrid(false);
    m_grid->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_grid->setSelectionMode(QAbstractItemView::SingleSelection);
    m_grid->setTabKeyNavigation(false);
    m_grid->setMouseTracking(true);
    m_grid->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_grid->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_grid->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn); // the width never jumps
    m_grid->installEventFilter(this);

    // Emoji larger than text; titles in the text's size, bold. The size is set explicitly on the
    // titles' font, or the item would take the grid's larger one.
    const QFont textFont = m_grid->font();
    const bool points = textFont.pointSizeF() > 0;
    const auto sized = [&textFont, points](qreal scale) {
        QFont f = textFont;
        if (points)
            f.setPointSizeF(textFont.pointSizeF() * scale);
        else
            f.setPixelSize(qRound(textFont.pixelSize() * scale));
        return f;
    };
    m_titleFont = sized(1.0);
    m_titleFont.setBold(true);
    const QFont emojiFont = sized(kEmojiScale);
    m_grid->setFont(emojiFont);
    m_grid->setTextElideMode(Qt::ElideNone); // a sequence without a glyph of its own: clipped, no "…"
    m_cellSize = QFontMetrics(emojiFont).height() + kCellPadding;
    m_grid->horizontalHeader()->setMinimumSectionSize(1);
    m_grid->horizontalHeader()->setDefaultSectionSize(m_cellSize);
    m_grid->verticalHeader()->setMinimumSectionSize(1);
    m_grid->verticalHeader()->setDefaultSectionSize(m_cellSize);
    const int frame = 2 * m_grid->frameWidth();
    m_grid->setFixedSize(kColumns * m_cellSize + m_grid->verticalScrollBar()->sizeHint().width() + frame,
                         kVisibleRows * m_cellSize + frame);

    connect(m_grid, &QTableWidget::cellEntered, this, [this](int row, int column) {
        if (cellAt(row, column) >= 0) // the pointer moves the keyboard's place
            m_grid->setCurrentCell(row, column);
    });
    connect(m_grid, &QTableWidget::cellClicked, this, [this](int row, int column) {
        if (const QTableWidgetItem *item = m_grid->item(row, column))
            pick(item->data(kEmojiRole).toString());
    });
    connect(m_search, &QLineEdit::textChanged, this, &EmojiPicker::rebuild);

    auto *layout = new QVBoxLayout(this);
    layout->setSizeConstraint(QLayout::SetFixedSize);
    layout->addWidget(m_search);
    layout->addWidget(m_grid);
    rebuild();
}

EmojiPicker::~EmojiPicker() = default;

QString EmojiPicker::categoryTitle(const QString &key)
{
    for (const CategoryTitle &title : kCategoryTitles) {
        if (key == QLatin1String(title.key))
            return tr(title.title);
    }
    return key;
}

QStringList EmojiPicker::recentEmoji(const QSettings &settings)
{
    QStringList recent;
    const QStringList stored = settings.value(recentKey()).toStringList();
    for (const QString &emoji : stored) {
        if (recent.size() >= kMaxRecent)
            break;
        const bool valid = MessageChange::isValidEmoji(emoji)
            && (EmojiCatalog::looksLikeEmoji(emoji) || EmojiCatalog::builtIn().contains(emoji));
        if (valid && !recent.contains(emoji))
            recent << emoji;
    }
    return recent;
}

void EmojiPicker::rememberEmoji(QSettings &settings, const QString &emoji)
{
    if (!MessageChange::isValidEmoji(emoji))
        return;
    QStringList recent = recentEmoji(settings);
    recent.removeAll(emoji);
    recent.prepend(emoji);
    settings.setValue(recentKey(), recent.mid(0, kMaxRecent));
}

void EmojiPicker::popupAt(const QPoint &globalPos)
{
    ensurePolished();
    adjustSize();
    create(); // the window's frame (if the platform gives a popup one) is known from here on
    const QMargins frame = windowHandle() ? windowHandle()->frameMargins() : QMargins();
    QScreen *screen = QGuiApplication::screenAt(globalPos);
    if (!screen)
        screen = this->screen();
    const QRect available = screen->availableGeometry();
    QRect area(globalPos, size().grownBy(frame));
    if (area.right() > available.right()) // flip to the left of the point, as menus do
        area.moveRight(globalPos.x());
    if (area.bottom() > available.bottom()) // and above it
        area.moveBottom(globalPos.y());
    area.moveLeft(qBound(available.left(), area.left(), available.right() - area.width() + 1));
    area.moveTop(qBound(available.top(), area.top(), available.bottom() - area.height() + 1));
    setGeometry(area.marginsRemoved(frame));
    show(); // a popup: it takes the keyboard while open, like a menu
    m_search->setFocus(Qt::PopupFocusReason);
}

void EmojiPicker::rebuild()
{
    m_grid->clearSpans();
    m_grid->setRowCount(0);
    m_cells.clear();
    const QString query = m_search->text().trimmed();
    const EmojiCatalog &catalog = EmojiCatalog::builtIn();
    if (query.isEmpty()) {
        if (!m_recent.isEmpty()) {
            addHeader(categoryTitle(QStringLiteral("recent")));
            addEmoji(m_recent);
        }
        for (const QString &category : EmojiCatalog::categoryOrder()) {
            QStringList emoji;
            for (const EmojiCatalog::Entry &entry : catalog.inCategory(category))
                emoji << entry.emoji;
            if (!emoji.isEmpty()) {
                addHeader(categoryTitle(category));
                addEmoji(emoji);
            }
        }
    } else {
        QStringList found;
        if (EmojiCatalog::looksLikeEmoji(query)) // any emoji can be picked, not only the catalog's
            found << query;
        for (const EmojiCatalog::Entry &entry : catalog.search(query)) {
            if (!found.contains(entry.emoji))
                found << entry.emoji;
        }
        if (found.isEmpty())
            addHeader(tr("No emoji found"));
        addEmoji(found);
    }
    if (!m_cells.isEmpty())
        setCurrentCell(0);
    m_grid->scrollToTop();
}

void EmojiPicker::addHeader(const QString &text)
{
    const int row = m_grid->rowCount();
    m_grid->insertRow(row);
    auto *item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled); // drawn as text, never selected; the arrows skip it
    item->setFont(m_titleFont);
    item->setTextAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_grid->setItem(row, 0, item);
    m_grid->setSpan(row, 0, 1, kColumns);
    m_grid->setRowHeight(row, QFontMetrics(m_titleFont).height() + kHeaderPadding);
}

void EmojiPicker::addEmoji(const QStringList &emoji)
{
    const EmojiCatalog &catalog = EmojiCatalog::builtIn();
    int row = m_grid->rowCount();
    for (int i = 0; i < emoji.size(); ++i) {
        const int column = i % kColumns;
        if (column == 0)
            m_grid->insertRow(row = m_grid->rowCount());
        auto *item = new QTableWidgetItem(emoji.at(i));
        item->setData(kEmojiRole, emoji.at(i));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        item->setTextAlignment(Qt::AlignCenter);
        // The English keywords, as in the catalog: a hint of what the search finds it by.
        item->setToolTip(catalog.keywordsOf(emoji.at(i)).join(QLatin1String(", ")));
        m_grid->setItem(row, column, item);
        m_cells.append({row, column, emoji.at(i)});
    }
}

bool EmojiPicker::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (watched == m_grid)
            return handleGridKey(key);
        if (watched == m_search)
            return handleSearchKey(key);
    }
    return QWidget::eventFilter(watched, event);
}

void EmojiPicker::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        close();
        return;
    }
    QWidget::keyPressEvent(event);
}

bool EmojiPicker::handleSearchKey(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Escape:
        close();
        return true;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        pickCell(currentCell()); // typing a word and Enter picks the first match
        return true;
    case Qt::Key_Down:
    case Qt::Key_PageDown:
        if (!m_cells.isEmpty()) {
            if (currentCell() < 0)
                setCurrentCell(0);
            m_grid->setFocus(Qt::TabFocusReason);
        }
        return true;
    default:
        return false;
    }
}

bool EmojiPicker::handleGridKey(QKeyEvent *event)
{
    const int current = currentCell();
    int next = -1;
    switch (event->key()) {
    case Qt::Key_Escape:
        close();
        return true;
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Space:
        pickCell(current);
        return true;
    case Qt::Key_Right:
        next = current + 1 < m_cells.size() ? current + 1 : -1;
        break;
    case Qt::Key_Left:
        next = current - 1;
        break;
    case Qt::Key_Down:
        next = verticalNeighbour(current, +1);
        break;
    case Qt::Key_Up:
        next = verticalNeighbour(current, -1);
        if (next < 0) // from the first row up to the search field
            m_search->setFocus(Qt::BacktabFocusReason);
        break;
    case Qt::Key_PageDown:
    case Qt::Key_PageUp: {
        const int step = event->key() == Qt::Key_PageDown ? +1 : -1;
        for (int i = 0, at = current; i < kVisibleRows && (at = verticalNeighbour(at, step)) >= 0; ++i)
            next = at;
        break;
    }
    case Qt::Key_Home:
        next = m_cells.isEmpty() ? -1 : 0;
        break;
    case Qt::Key_End:
        next = int(m_cells.size()) - 1;
        break;
    case Qt::Key_Backspace:
        m_search->setFocus(Qt::OtherFocusReason);
        m_search->backspace();
        return true;
    case Qt::Key_Tab:
    case Qt::Key_Backtab:
        return false; // focus moves on as usual
    default:
        if (!event->text().isEmpty() && event->text().at(0).isPrint()) { // typing searches
            m_search->setFocus(Qt::OtherFocusReason);
            m_search->insert(event->text());
        }
        return true; // the table's own key handling would step onto the category titles
    }
    if (next >= 0)
        setCurrentCell(next);
    return true;
}

int EmojiPicker::currentCell() const
{
    return cellAt(m_grid->currentRow(), m_grid->currentColumn());
}

int EmojiPicker::cellAt(int row, int column) const
{
    for (int i = 0; i < m_cells.size(); ++i) {
        if (m_cells.at(i).row == row && m_cells.at(i).column == column)
            return i;
    }
    return -1;
}

void EmojiPicker::setCurrentCell(int index)
{
    const Cell &cell = m_cells.at(index);
    m_grid->setCurrentCell(cell.row, cell.column);
    if (index == 0 || (cell.row > 0 && !m_grid->item(cell.row - 1, 0)->data(kEmojiRole).isValid()))
        m_grid->scrollToItem(m_grid->item(qMax(0, cell.row - 1), 0)); // show the category's title too
}

int EmojiPicker::verticalNeighbour(int index, int step) const
{
    if (index < 0 || index >= m_cells.size())
        return -1;
    const int row = m_cells.at(index).row;
    const int column = m_cells.at(index).column;
    int i = index;
    while (i >= 0 && i < m_cells.size() && m_cells.at(i).row == row)
        i += step;
    if (i < 0 || i >= m_cells.size())
        return -1;
    // i is the first cell of the next row down, or the last of the next row up; a row's columns
    // run from 0 without gaps, so the cell below or above is at the same column or the row's last.
    const int target = m_cells.at(i).row;
    int first = i;
    while (first > 0 && m_cells.at(first - 1).row == target)
        --first;
    int last = i;
    while (last + 1 < m_cells.size() && m_cells.at(last + 1).row == target)
        ++last;
    return qMin(first + column, last);
}

void EmojiPicker::pickCell(int index)
{
    if (index >= 0 && index < m_cells.size())
        pick(m_cells.at(index).emoji);
}

void EmojiPicker::pick(const QString &emoji)
{
    if (emoji.isEmpty() || !isVisible())
        return;
    QSettings settings;
    rememberEmoji(settings, emoji);
    QPointer<EmojiPicker> self(this);
    Q_EMIT emojiPicked(emoji);
    if (self)
        close();
}
