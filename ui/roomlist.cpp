#include "roomlist.h"

#include "roomdelegate.h"
#include "roomlistmodel.h"
#include "tintediconengine.h"

#include <QContextMenuEvent>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QToolButton>
#include <QVBoxLayout>

#include <utility>

namespace {
constexpr int kHeaderMargin = 6;
constexpr int kButtonIconSize = 18;
} // namespace

RoomList::RoomList(RoomListModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    Q_ASSERT(model);
    setObjectName(QStringLiteral("roomList"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    auto *header = new QWidget(this);
    auto *headerLayout = new QHBoxLayout(header);
    headerLayout->setContentsMargins(kHeaderMargin + 2, kHeaderMargin, kHeaderMargin, kHeaderMargin);
    m_title = new QLabel(header);
    m_title->setObjectName(QStringLiteral("roomListTitle"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_joinButton = new QToolButton(header);
    m_joinButton->setObjectName(QStringLiteral("joinRoomButton"));
    m_joinButton->setIcon(TintedIconEngine::icon(QStringLiteral("room-add"), QPalette::ButtonText));
    m_joinButton->setIconSize(QSize(kButtonIconSize, kButtonIconSize));
    m_joinButton->setAutoRaise(true);
    headerLayout->addWidget(m_title, 1);
    headerLayout->addWidget(m_joinButton);
    layout->addWidget(header);
    connect(m_joinButton, &QToolButton::clicked, this, &RoomList::joinRequested);

    m_view = new QListView(this);
    m_view->setObjectName(QStringLiteral("roomListView"));
    m_delegate = new RoomDelegate(m_view);
    m_view->setItemDelegate(m_delegate);
    // Connected before the view's selection model connects itself (setModel): while rows go,
    // it moves its current row by itself, and that is not the user choosing a room.
    connect(model, &QAbstractItemModel::rowsAboutToBeRemoved, this, [this] { m_following = true; });
    connect(model, &QAbstractItemModel::modelAboutToBeReset, this, [this] { m_following = true; });
    connect(model, &QAbstractItemModel::rowsRemoved, this, [this] {
        m_following = false;
        followCurrentRoom();
    });
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        m_following = false;
        followCurrentRoom();
    });
    m_view->setModel(model);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_view->setUniformItemSizes(true);
    m_view->setMouseTracking(true);
    m_view->setContextMenuPolicy(Qt::DefaultContextMenu);
    // Reached with Tab for the arrow keys; a click chooses a room without taking the focus from
    // the composer, so one can click a room and type at once.
    m_view->setFocusPolicy(Qt::TabFocus);
    m_view->viewport()->installEventFilter(this);
    m_view->installEventFilter(this);
    layout->addWidget(m_view, 1);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { onCurrentRowChanged(current); });
    // Enter on the current row, or a click on the row already current, also shows it (it may not
    // be the room in view if the model changed under the list).
    connect(m_view, &QListView::activated, this, [this](const QModelIndex &index) {
        if (index.isValid())
            Q_EMIT roomActivated(index.data(RoomListModel::NameRole).toString());
    });
    connect(model, &RoomListModel::currentRoomChanged, this, &RoomList::followCurrentRoom);
    connect(model, &QAbstractItemModel::rowsInserted, this, &RoomList::followCurrentRoom);
    connect(model, &QAbstractItemModel::dataChanged, this, &RoomList::updateAccessibleDescription);
    followCurrentRoom();
    retranslate();
}

RoomList::~RoomList() = default;

void RoomList::retranslate()
{
    m_title->setText(tr("Rooms"));
    m_joinButton->setToolTip(tr("Join or create a room (Ctrl+N)"));
    m_joinButton->setAccessibleName(tr("Join or create a room"));
    m_view->setAccessibleName(tr("Rooms"));
    updateAccessibleDescription();
}

void RoomList::updateAccessibleDescription()
{
    if (!m_model)
        return;
    const QModelIndex current = m_view->currentIndex();
    m_view->setAccessibleDescription(current.isValid() ? RoomDelegate::accessibleText(current) : QString());
}

void RoomList::followCurrentRoom()
{
    if (!m_model)
        return;
    const int row = m_model->rowOf(m_model->currentRoom());
    const QModelIndex index = m_model->index(row, 0);
    if (m_view->currentIndex() == index)
        return;
    const bool wasFollowing = std::exchange(m_following, true);
    if (index.isValid())
        m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    else
        m_view->selectionModel()->clear();
    m_following = wasFollowing;
    updateAccessibleDescription();
}

void RoomList::onCurrentRowChanged(const QModelIndex &current)
{
    updateAccessibleDescription();
    if (m_following || !current.isValid())
        return;
    const QString room = current.data(RoomListModel::NameRole).toString();
    if (m_model && room != m_model->currentRoom())
        Q_EMIT roomActivated(room);
}

QMenu *RoomList::createContextMenu(const QString &room)
{
    auto *menu = new QMenu(this);
    if (!m_model || !m_model->contains(room))
        return menu;
    const bool muted = m_model->isMuted(room);
    const QString label = m_model->label(room);
    QAction *mute = menu->addAction(muted ? tr("Unmute %1").arg(label) : tr("Mute %1").arg(label));
    mute->setObjectName(QStringLiteral("muteAction"));
    mute->setIcon(TintedIconEngine::icon(QStringLiteral("muted")));
    connect(mute, &QAction::triggered, this, [this, room, muted] { Q_EMIT muteRequested(room, !muted); });
    QAction *leave = menu->addAction(m_model->isDirect(room) ? tr("Close the Conversation with %1").arg(label)
                                                             : tr("Leave %1").arg(label));
    leave->setObjectName(QStringLiteral("leaveAction"));
    connect(leave, &QAction::triggered, this, [this, room] { Q_EMIT leaveRequested(room); });
    return menu;
}

bool RoomList::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::ContextMenu && (watched == m_view || watched == m_view->viewport())) {
        auto *e = static_cast<QContextMenuEvent *>(event);
        QModelIndex index;
        QPoint where = e->globalPos();
        if (e->reason() == QContextMenuEvent::Mouse) {
            index = m_view->indexAt(m_view->viewport()->mapFromGlobal(e->globalPos()));
        } else {
            index = m_view->currentIndex();
            where = m_view->viewport()->mapToGlobal(m_view->visualRect(index).center());
        }
        if (!index.isValid())
            return true;
        QMenu *menu = createContextMenu(index.data(RoomListModel::NameRole).toString());
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(where);
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void RoomList::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}
