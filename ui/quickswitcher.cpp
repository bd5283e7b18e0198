#include "quickswitcher.h"

#include "roomdelegate.h"
#include "roomlistmodel.h"
#include "tintediconengine.h"

#include <QAction>
#include <QEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLayout>
#include <QListView>
#include <QSortFilterProxyModel>
#include <QVBoxLayout>

#include <algorithm>

namespace {
constexpr int kMargin = 8;
constexpr int kTopOffset = 48; //!< below the window's menu bar
} // namespace

QuickSwitcher::QuickSwitcher(RoomListModel *rooms, QWidget *parent)
    : QFrame(parent, Qt::Popup)
    , m_rooms(rooms)
{
    Q_ASSERT(rooms);
    setObjectName(QStringLiteral("quickSwitcher"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(kMargin, kMargin, kMargin, kMargin);

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("quickSwitcherFilter"));
    m_filter->setClearButtonEnabled(true);
    m_filter->addAction(TintedIconEngine::icon(QStringLiteral("switch-room"), QPalette::PlaceholderText),
                        QLineEdit::LeadingPosition);
    m_filter->installEventFilter(this);
    layout->addWidget(m_filter);

    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(rooms);
    m_proxy->setFilterRole(RoomListModel::TitleRole); // a direct room by the person's name
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_view = new QListView(this);
    m_view->setObjectName(QStringLiteral("quickSwitcherList"));
    m_delegate = new RoomDelegate(m_view);
    m_view->setItemDelegate(m_delegate);
    m_view->setModel(m_proxy);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_view->setUniformItemSizes(true);
    m_view->setFocusPolicy(Qt::NoFocus); // typing stays in the filter; arrows are forwarded
    layout->addWidget(m_view, 1);

    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("quickSwitcherHint"));
    m_hint->setTextFormat(Qt::PlainText);
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_hint);

    connect(m_filter, &QLineEdit::textChanged, this, &QuickSwitcher::onFilterChanged);
    connect(m_view, &QListView::clicked, this, [this](const QModelIndex &index) {
        m_view->setCurrentIndex(index);
        accept();
    });
    retranslate();
}

QuickSwitcher::~QuickSwitcher() = default;

void QuickSwitcher::retranslate()
{
    m_filter->setPlaceholderText(tr("Go to room…"));
    m_filter->setAccessibleName(tr("Room name"));
    m_view->setAccessibleName(tr("Matching rooms"));
    setAccessibleName(tr("Switch room"));
    updateHint();
}

void QuickSwitcher::popup()
{
    m_filter->clear();
    onFilterChanged(QString());
    QWidget *window = parentWidget() ? parentWidget()->window() : nullptr;
    const int width = window ? std::min(kWidth, window->width() - 2 * kMargin) : kWidth;
    fitToMatches();
    resize(width, sizeHint().height());
    if (window) {
        const QPoint topCenter = window->mapToGlobal(QPoint(window->width() / 2, kTopOffset));
        move(topCenter.x() - width / 2, topCenter.y());
    }
    show();
    raise();
    activateWindow();
    m_filter->setFocus(Qt::PopupFocusReason);
}

QStringList QuickSwitcher::matches() const
{
    QStringList names;
    for (int row = 0; row < m_proxy->rowCount(); ++row)
        names << m_proxy->index(row, 0).data(RoomListModel::NameRole).toString();
    return names;
}

QString QuickSwitcher::chosenRoom() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? current.data(RoomListModel::NameRole).toString() : QString();
}

void QuickSwitcher::fitToMatches()
{
    // As tall as the rooms that match (one row at least, kVisibleRows at most).
    QStyleOptionViewItem option;
    option.font = m_view->font();
    const int rowHeight = m_delegate->sizeHint(option, QModelIndex()).height();
    const int frame = 2 * m_view->frameWidth();
    m_view->setFixedHeight(rowHeight * std::clamp(m_proxy->rowCount(), 1, int(kVisibleRows)) + frame);
    // Nothing matches: only the hint ("Enter joins #name") is left to say.
    m_view->setVisible(m_proxy->rowCount() > 0);
    if (isVisible()) {
        layout()->activate();
        resize(width(), sizeHint().height());
    }
}

void QuickSwitcher::onFilterChanged(const QString &text)
{
    QString needle = text.trimmed();
    if (needle.startsWith(QLatin1Char('#')) || needle.startsWith(QLatin1Char('@')))
        needle = needle.mid(1).trimmed();
    m_proxy->setFilterFixedString(needle);
    selectDefault();
    updateHint();
    fitToMatches();
}

void QuickSwitcher::selectDefault()
{
    int row = 0;
    if (m_filter->text().trimmed().isEmpty() && m_rooms) {
        // Nothing typed: the first room that is not the one in view (back and forth with Enter).
        for (int r = 0; r < m_proxy->rowCount(); ++r) {
            if (!m_proxy->index(r, 0).data(RoomListModel::CurrentRole).toBool()) {
                row = r;
                break;
            }
        }
    } else {
        // An exact name first, so that "dev" goes to #dev, not #devops above it.
        const QString wanted = RoomListModel::normalizedName(m_filter->text());
        for (int r = 0; r < m_proxy->rowCount(); ++r) {
            if (m_proxy->index(r, 0).data(RoomListModel::NameRole).toString().compare(wanted, Qt::CaseInsensitive) == 0) {
                row = r;
                break;
            }
        }
    }
    const QModelIndex index = m_proxy->index(row, 0);
    if (index.isValid())
        m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    else
        m_view->selectionModel()->clear();
}

void QuickSwitcher::updateHint()
{
    const QString name = RoomListModel::normalizedName(m_filter->text());
    const QString person = wantedPerson();
    if (m_proxy->rowCount() == 0 && !person.isEmpty())
        m_hint->setText(tr("No conversation matches. Press Enter to write to @%1.").arg(person));
    else if (m_proxy->rowCount() == 0 && !name.isEmpty())
        m_hint->setText(tr("No room matches. Press Enter to join or create #%1.").arg(name));
    else
        m_hint->setText(tr("↑↓ to choose, Enter to go, Esc to close"));
}

QString QuickSwitcher::wantedPerson() const
{
    const QString text = m_filter->text().trimmed();
    if (!text.startsWith(QLatin1Char('@')))
        return {};
    const QString name = text.mid(1).trimmed();
    // A username has no spaces; anything longer than a room name is nobody's.
    if (name.contains(QLatin1Char(' ')) || name.size() > RoomListModel::kMaxNameLength)
        return {};
    return name;
}

void QuickSwitcher::moveSelection(int delta)
{
    const int rows = m_proxy->rowCount();
    if (rows == 0)
        return;
    const int row = std::clamp(m_view->currentIndex().row() + delta, 0, rows - 1);
    m_view->selectionModel()->setCurrentIndex(m_proxy->index(row, 0), QItemSelectionModel::ClearAndSelect);
}

void QuickSwitcher::accept()
{
    const QString room = chosenRoom();
    const QString typed = RoomListModel::normalizedName(m_filter->text());
    const QString person = wantedPerson();
    hide();
    if (!room.isEmpty())
        Q_EMIT roomChosen(room);
    else if (!person.isEmpty())
        Q_EMIT directRequested(person);
    else if (!typed.isEmpty())
        Q_EMIT joinRequested(typed);
}

bool QuickSwitcher::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_filter && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        switch (key->key()) {
        case Qt::Key_Down:
            moveSelection(1);
            return true;
        case Qt::Key_Up:
            moveSelection(-1);
            return true;
        case Qt::Key_PageDown:
            moveSelection(kVisibleRows);
            return true;
        case Qt::Key_PageUp:
            moveSelection(-kVisibleRows);
            return true;
        case Qt::Key_Return:
        case Qt::Key_Enter:
            accept();
            return true;
        case Qt::Key_Escape:
            hide();
            return true;
        default:
            break;
        }
    }
    return QFrame::eventFilter(watched, event);
}

void QuickSwitcher::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}
