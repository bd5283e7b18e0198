#include "chatwindow.h"

#include "accountmenu.h"
#include "chatclient.h"
#include "composer.h"
#include "connectionbanner.h"
#include "connectionstatusbar.h"
#include "conversationpane.h"
#include "hostedserverbanner.h"
#include "logging.h"
#include "memberlist.h"
#include "messagemodel.h"
#include "messageview.h"
#include "quickswitcher.h"
#include "searchmodel.h"
#include "searchpanel.h"
#include "shortcutshelp.h"
#include "roomlist.h"
#include "roomheader.h"
#include "roomlistmodel.h"
#include "sessionmodels.h"
#include "tintediconengine.h"
#include "traynotifier.h"

#include <QAction>
#include <QApplication>
#include <QEvent>
#include <QIcon>
#include <QInputDialog>
#include <QKeyEvent>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace {

constexpr int kErrorDisplayMs = 10'000;  // how long an error stays in the status bar
constexpr int kStatusDisplayMs = 5'000;  // how long a passing note stays in the status bar
constexpr int kDefaultWidth = 1000;
constexpr int kDefaultHeight = 620;
constexpr int kRoomListWidth = 200;
constexpr int kMemberListWidth = 170;
const auto kMembersVisibleKey = QLatin1String("window/membersVisible");
const auto kMentionsInMutedRoomsKey = QLatin1String("notifications/mentionsInMutedRooms");
const auto kSplitterKey = QLatin1String("window/splitter");

}  // namespace

ChatWindow::ChatWindow(SessionModels *models, QWidget *parent)
    : QMainWindow(parent)
    , m_models(models)
    , m_client(models->client())
{
    init();
}

ChatWindow::ChatWindow(ChatClient *client, QWidget *parent)
    : ChatWindow(client, nullptr, parent)
{
}

ChatWindow::ChatWindow(ChatClient *client, MessageModel *model, QWidget *parent)
    : QMainWindow(parent)
    , m_ownModels(std::make_unique<SessionModels>(client))
    , m_models(m_ownModels.get())
    , m_client(client)
{
    if (model)
        m_models->adoptModel(model);
    for (const QString &room : client->rooms())
        m_models->joinRoom(room);
    if (model)
        m_models->setCurrentRoom(m_models->joinRoom(model->room()));
    init();
}

ChatWindow::~ChatWindow()
{
    // The view must not outlive the models it shows (the window's own ones go first).
    m_pane->view()->setModel(nullptr);
}

void ChatWindow::init()
{
    Q_ASSERT(m_client);
    setWindowIcon(QIcon(QStringLiteral(":/icons/parley.svg")));
    buildUi();
    buildActions();

    RoomListModel *rooms = m_models->rooms();
    connect(m_client, &ChatClient::errorOccurred, this, &ChatWindow::showError);
    connect(rooms, &RoomListModel::totalUnreadChanged, this, &ChatWindow::updateTitle);
    connect(rooms, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &, const QModelIndex &, const QList<int> &roles) {
                if (roles.contains(RoomListModel::TitleRole))
                    updateTitle(); // a direct room's person became known
            });
    // A room joined while none is shown (from here, or restored) is shown.
    connect(rooms, &QAbstractItemModel::rowsInserted, this, &ChatWindow::onRoomsInserted);

    m_notifier = new TrayNotifier(rooms, this);
    m_notifier->setActiveCheck([this] { return isAttended(); });
    m_notifier->connectClient(m_client);
    connect(m_notifier, &TrayNotifier::roomActivated, this, [this](const QString &room) {
        bringToFront();
        showRoom(room);
    });
    connect(m_notifier, &TrayNotifier::showRequested, this, &ChatWindow::bringToFront);
    if (m_notifier->setTrayVisible(true))
        m_notifier->setTrayMenu(m_trayMenu);

    retranslate();
    setMembersVisible(true);
    resize(kDefaultWidth, kDefaultHeight);
    m_splitter->setSizes({kRoomListWidth, kDefaultWidth - kRoomListWidth - kMemberListWidth, kMemberListWidth});
    const QString shown = rooms->contains(currentRoom()) ? currentRoom() : rooms->roomAt(0);
    if (!shown.isEmpty())
        showRoom(shown);
    m_pane->composer()->setFocus();
}

void ChatWindow::buildUi()
{
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->setChildrenCollapsible(false);

    m_roomList = new RoomList(m_models->rooms(), m_splitter);
    m_roomList->setMinimumWidth(120);
    connect(m_roomList, &RoomList::roomActivated, this, &ChatWindow::showRoom);
    connect(m_roomList, &RoomList::joinRequested, this, &ChatWindow::askToJoinRoom);
    connect(m_roomList, &RoomList::muteRequested, this, &ChatWindow::setRoomMuted);
    connect(m_roomList, &RoomList::leaveRequested, this, &ChatWindow::leaveRoom);

    auto *central = new QWidget(m_splitter);
    central->setObjectName(QStringLiteral("chatColumn"));
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    // On top: why messages cannot go out right now, and "Retry now" / "Connect".
    m_connectionBanner = new ConnectionBanner(m_client, central);
    layout->addWidget(m_connectionBanner);

    // Below it: that this instance hosts the chat, and how others join.
    m_hostBanner = new HostedServerBanner(central);
    layout->addWidget(m_hostBanner);

    // The room's name and the members toggle.
    m_header = new RoomHeader(m_models->members(), m_models->rooms(), central);
    layout->addWidget(m_header);
    auto *headerLine = new QFrame(central);
    headerLine->setFrameShape(QFrame::HLine);
    headerLine->setFrameShadow(QFrame::Sunken);
    layout->addWidget(headerLine);

    m_pane = new ConversationPane(m_models, central);
    m_pane->composer()->installEventFilter(this);
    layout->addWidget(m_pane, 1);

    m_memberList = new MemberList(m_models->members(), m_splitter);
    m_memberList->setMinimumWidth(110);
    connect(m_memberList, &MemberList::directRequested, m_models, &SessionModels::openDirect);
    connect(m_models, &SessionModels::directReady, this, &ChatWindow::showRoom);
    m_splitter->addWidget(m_roomList);
    m_splitter->addWidget(central);
    m_splitter->addWidget(m_memberList);
    // Ctrl+F / Ctrl+Shift+F: results beside the conversation, hidden until asked for.
    m_searchPanel = new SearchPanel(new SearchModel(m_models->client(), m_models->store(), this), m_splitter);
    m_searchPanel->hide();
    m_splitter->addWidget(m_searchPanel);
    connect(m_searchPanel, &SearchPanel::messageChosen, this, &ChatWindow::showFoundMessage);
    connect(m_searchPanel, &SearchPanel::closed, this, [this] { m_pane->composer()->setFocus(); });
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setStretchFactor(2, 0);
    m_splitter->setStretchFactor(3, 0);
    connect(m_splitter, &QSplitter::splitterMoved, this, &ChatWindow::saveSplitter);
    setCentralWidget(m_splitter);

    m_switcher = new QuickSwitcher(m_models->rooms(), this);
    connect(m_switcher, &QuickSwitcher::roomChosen, this, &ChatWindow::showRoom);
    connect(m_switcher, &QuickSwitcher::joinRequested, this, [this](const QString &name) { joinRoom(name); });
    connect(m_switcher, &QuickSwitcher::directRequested, m_models, &SessionModels::openDirectByName);

    // Keyboard order: rooms, messages, composer, Send (the pane's order), members.
    setTabOrder(m_roomList->view(), m_pane->view());
    setTabOrder(m_pane->sendButton(), m_memberList->view());

    // After the banner: it must have seen a new retry delay before the status bar asks for it.
    m_statusBar = new ConnectionStatusBar(m_client, m_connectionBanner, this);
    setStatusBar(m_statusBar);
}

void ChatWindow::buildActions()
{
    auto action = [this](const char *name, QMenu *menu) {
        auto *a = new QAction(this);
        a->setObjectName(QString::fromLatin1(name));
        if (menu)
            menu->addAction(a);
        addAction(a); // shortcuts work with the menu bar hidden too
        return a;
    };
    m_appMenu = menuBar()->addMenu(QString());
    m_roomMenu = menuBar()->addMenu(QString());
    m_viewMenu = menuBar()->addMenu(QString());
    m_accountMenu = new AccountMenu(m_client, this);
    menuBar()->addMenu(m_accountMenu);
    m_helpMenu = menuBar()->addMenu(QString());

    m_connectAction = action("connectAction", m_appMenu);
    m_connectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_O));
    connect(m_connectAction, &QAction::triggered, this, &ChatWindow::openConnectDialog);
    m_inviteAction = action("inviteAction", m_appMenu);
    m_inviteAction->setVisible(false); // only where this app hosts the chat
    connect(m_inviteAction, &QAction::triggered, this, &ChatWindow::inviteRequested);
    m_certificatesAction = action("trustedCertificatesAction", m_appMenu);
    connect(m_certificatesAction, &QAction::triggered, this, &ChatWindow::trustedCertificatesRequested);
    m_appMenu->addSeparator();
    m_quitAction = action("quitAction", m_appMenu);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, qApp, &QApplication::quit);

    m_joinAction = action("joinAction", m_roomMenu);
    m_joinAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    m_joinAction->setIcon(TintedIconEngine::icon(QStringLiteral("room-add")));
    connect(m_joinAction, &QAction::triggered, this, &ChatWindow::askToJoinRoom);
    m_switchAction = action("switchAction", m_roomMenu);
    m_switchAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_switchAction->setIcon(TintedIconEngine::icon(QStringLiteral("switch-room")));
    connect(m_switchAction, &QAction::triggered, this, &ChatWindow::openQuickSwitcher);
    m_nextAction = action("nextRoomAction", m_roomMenu);
    m_nextAction->setShortcuts({QKeySequence(Qt::ALT | Qt::Key_Down), QKeySequence(Qt::CTRL | Qt::Key_PageDown)});
    connect(m_nextAction, &QAction::triggered, this, [this] { switchBy(1); });
    m_previousAction = action("previousRoomAction", m_roomMenu);
    m_previousAction->setShortcuts({QKeySequence(Qt::ALT | Qt::Key_Up), QKeySequence(Qt::CTRL | Qt::Key_PageUp)});
    connect(m_previousAction, &QAction::triggered, this, [this] { switchBy(-1); });
    m_roomMenu->addSeparator();
    m_findAction = action("findAction", m_roomMenu);
    m_findAction->setShortcut(QKeySequence::Find);
    connect(m_findAction, &QAction::triggered, this, [this] { m_searchPanel->open(currentRoom()); });
    m_findAllAction = action("findAllAction", m_roomMenu);
    m_findAllAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    connect(m_findAllAction, &QAction::triggered, this, [this] { m_searchPanel->open(QString()); });
    m_roomMenu->addSeparator();
    m_muteAction = action("muteAction", m_roomMenu);
    m_muteAction->setCheckable(true);
    m_muteAction->setIcon(TintedIconEngine::icon(QStringLiteral("muted")));
    connect(m_muteAction, &QAction::triggered, this, [this](bool muted) { setRoomMuted(currentRoom(), muted); });
    m_leaveAction = action("leaveAction", m_roomMenu);
    connect(m_leaveAction, &QAction::triggered, this, [this] { leaveRoom(currentRoom()); });

    m_membersAction = action("membersAction", m_viewMenu);
    m_membersAction->setCheckable(true);
    m_membersAction->setChecked(true);
    m_membersAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    m_membersAction->setIcon(TintedIconEngine::icon(QStringLiteral("members")));
    connect(m_membersAction, &QAction::toggled, this, &ChatWindow::setMembersVisible);
    connect(m_header->membersButton(), &QToolButton::clicked, this, &ChatWindow::setMembersVisible);

    m_shortcutsAction = action("shortcutsAction", m_helpMenu);
    m_shortcutsAction->setShortcut(QKeySequence::HelpContents);
    connect(m_shortcutsAction, &QAction::triggered, this, &ChatWindow::showShortcuts);

    m_trayMenu = new QMenu(this);
    m_showAction = m_trayMenu->addAction(QString(), this, &ChatWindow::bringToFront);
    m_trayMenu->addAction(m_quitAction);
}

void ChatWindow::retranslate()
{
    updateTitle();

    m_appMenu->setTitle(tr("&Parley"));
    m_roomMenu->setTitle(tr("&Room"));
    m_viewMenu->setTitle(tr("&View"));
    m_helpMenu->setTitle(tr("&Help"));
    m_connectAction->setText(tr("&Connect to Server…"));
    m_inviteAction->setText(tr("&Invite Someone…"));
    m_certificatesAction->setText(tr("&Trusted Certificates…"));
    m_quitAction->setText(tr("&Quit"));
    m_joinAction->setText(tr("&Join or Create Room…"));
    m_switchAction->setText(tr("&Switch Room…"));
    m_nextAction->setText(tr("&Next Room"));
    m_previousAction->setText(tr("&Previous Room"));
    m_muteAction->setText(tr("&Mute Room"));
    m_leaveAction->setText(tr("&Leave Room"));
    m_findAction->setText(tr("&Find in Room…"));
    m_findAllAction->setText(tr("Find in &All Rooms…"));
    m_membersAction->setText(tr("&Members"));
    m_shortcutsAction->setText(tr("&Keyboard Shortcuts"));
    m_showAction->setText(tr("Show Parley"));
    updateRoomActions();
}

void ChatWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    switch (event->type()) {
    case QEvent::LanguageChange:
        retranslate();
        break;
    case QEvent::ActivationChange:
    case QEvent::WindowStateChange:
        updateAttention();
        break;
    default:
        break;
    }
}

void ChatWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    updateAttention();
}

void ChatWindow::hideEvent(QHideEvent *event)
{
    QMainWindow::hideEvent(event);
    updateAttention();
}

bool ChatWindow::isAttended() const
{
    return isVisible() && isActiveWindow() && !isMinimized();
}

void ChatWindow::updateAttention()
{
    // While nobody looks, the room shown collects unread messages too (tray, title).
    m_models->rooms()->setCurrentRoomVisible(isAttended());
}

bool ChatWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_pane->composer() && event->type() == QEvent::ShortcutOverride) {
        // The text editor claims some keys the window uses (Ctrl+K deletes to the end of the
        // line on X11): the window's shortcuts win.
        const auto *key = static_cast<QKeyEvent *>(event);
        const QKeySequence pressed(key->keyCombination());
        for (const QAction *a : {m_switchAction, m_joinAction, m_membersAction, m_nextAction,
                                 m_previousAction, m_connectAction}) {
            if (a->shortcuts().contains(pressed)) {
                event->ignore();
                return true;
            }
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

QSettings &ChatWindow::settings()
{
    if (m_settings)
        return *m_settings;
    if (!m_ownSettings)
        m_ownSettings = std::make_unique<QSettings>();
    return *m_ownSettings;
}

void ChatWindow::setSettings(QSettings *settings)
{
    m_settings = settings;
    if (!settings)
        return;
    setMembersVisible(settings->value(kMembersVisibleKey, true).toBool());
    m_notifier->setMentionsInMutedRooms(
            settings->value(kMentionsInMutedRoomsKey, TrayNotifier::kDefaultMentionsInMutedRooms).toBool());
    const QByteArray state = settings->value(kSplitterKey).toByteArray();
    if (!state.isEmpty())
        m_splitter->restoreState(state);
}

void ChatWindow::saveSplitter()
{
    if (m_settings)
        m_settings->setValue(kSplitterKey, m_splitter->saveState());
}

void ChatWindow::updateTitle()
{
    const QString room = currentRoom();
    QString title = room.isEmpty() ? tr("Parley") : tr("Parley — %1").arg(m_models->rooms()->label(room));
    // Unread messages elsewhere show in the task bar even without a tray.
    const int unread = m_models->rooms()->totalUnread();
    if (unread > 0)
        title = tr("(%1) %2").arg(unread).arg(title);
    setWindowTitle(title);
}

void ChatWindow::updateRoomActions()
{
    const QString room = currentRoom();
    m_muteAction->setEnabled(!room.isEmpty());
    m_leaveAction->setEnabled(!room.isEmpty());
    m_muteAction->setChecked(!room.isEmpty() && m_models->rooms()->isMuted(room));
}

void ChatWindow::setHostedServer(const QUrl &url)
{
    m_hostBanner->setUrl(url);
    m_inviteAction->setVisible(!url.isEmpty());
    m_accountMenu->setHosted(!url.isEmpty());
}

QUrl ChatWindow::hostedServer() const
{
    return m_hostBanner->url();
}

void ChatWindow::showError(const QString &text)
{
    qCDebug(lcUi) << "showing error:" << text;
    m_statusBar->showMessage(text, kErrorDisplayMs);
}

void ChatWindow::showStatus(const QString &text)
{
    m_statusBar->showMessage(text, kStatusDisplayMs);
}

void ChatWindow::send(const QString &text)
{
    m_pane->send(text);
}

QString ChatWindow::currentRoom() const
{
    return m_models->currentRoom();
}

bool ChatWindow::joinRoom(const QString &name, bool show)
{
    const QString room = m_models->joinRoom(name);
    if (room.isEmpty()) {
        showError(tr("“%1” is not a room name.").arg(name.trimmed()));
        return false;
    }
    // A room joined while none was shown is shown already (onRoomsInserted()).
    if (show)
        showRoom(room);
    return true;
}

void ChatWindow::onRoomsInserted(const QModelIndex &, int first, int)
{
    if (currentRoom().isEmpty())
        showRoom(m_models->rooms()->roomAt(first));
}

void ChatWindow::leaveRoom(const QString &room)
{
    RoomListModel *rooms = m_models->rooms();
    const int row = rooms->rowOf(room);
    if (row < 0)
        return;
    const bool wasCurrent = room == currentRoom();
    if (wasCurrent) {
        // The neighbour below, else the one above; else nothing.
        const QString next = rooms->roomAt(row + 1).isEmpty() ? rooms->roomAt(row - 1)
                                                              : rooms->roomAt(row + 1);
        if (!next.isEmpty())
            showRoom(next);
        else
            m_pane->showRoom(QString());
    }
    m_pane->forgetRoom(room);
    m_models->leaveRoom(room);
    if (wasCurrent && rooms->rowCount() == 0) {
        updateTitle();
        updateRoomActions();
        Q_EMIT currentRoomChanged(QString());
    }
}

void ChatWindow::showRoom(const QString &room)
{
    if (!m_models->rooms()->contains(room) || (room == currentRoom() && room == m_pane->room()))
        return;
    m_models->setCurrentRoom(room);
    m_pane->showRoom(room);
    updateTitle();
    updateRoomActions();
    // Ready to write in the room, unless the user is going through the rooms with the keyboard.
    // (Also before the window is first shown: the composer is then focused when it appears.)
    if (focusWidget() != m_roomList->view())
        m_pane->composer()->setFocus();
    Q_EMIT currentRoomChanged(room);
}

void ChatWindow::setRoomMuted(const QString &room, bool muted)
{
    m_models->rooms()->setMuted(room, muted);
    if (room == currentRoom())
        m_muteAction->setChecked(muted);
    const QString label = m_models->rooms()->label(room);
    showStatus(muted ? tr("%1 is muted: no notifications, not counted in the tray.").arg(label)
                     : tr("%1 is no longer muted.").arg(label));
}

void ChatWindow::switchBy(int delta)
{
    const RoomListModel *rooms = m_models->rooms();
    const int rows = rooms->rowCount();
    if (rows == 0)
        return;
    const int row = rooms->rowOf(currentRoom());
    const int next = ((row < 0 ? 0 : row + delta) % rows + rows) % rows;
    showRoom(rooms->roomAt(next));
}

void ChatWindow::openQuickSwitcher()
{
    m_switcher->popup();
}

void ChatWindow::askToJoinRoom()
{
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(QStringLiteral("joinRoomDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Join or Create Room"));
    dialog->setLabelText(tr("Room name (a room that does not exist yet is created):"));
    dialog->setInputMode(QInputDialog::TextInput);
    dialog->setOkButtonText(tr("Join"));
    connect(dialog, &QInputDialog::textValueSelected, this, [this](const QString &name) {
        if (!name.trimmed().isEmpty())
            joinRoom(name);
    });
    dialog->open();
}

void ChatWindow::openConnectDialog()
{
    auto *dialog = new ConnectDialog(&settings(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    ConnectDialog::Choice current;
    current.server = m_client ? m_client->serverUrl() : QUrl();
    current.name = m_client ? m_client->userName() : QString();
    current.dialect.clear(); // as remembered for this server
    dialog->setChoice(current);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { Q_EMIT connectRequested(dialog->choice()); });
    dialog->open();
}

void ChatWindow::setMembersVisible(bool visible)
{
    m_memberList->setVisible(visible);
    m_membersAction->setChecked(visible);
    m_header->membersButton()->setChecked(visible);
    if (m_settings)
        m_settings->setValue(kMembersVisibleKey, visible);
}

bool ChatWindow::membersVisible() const
{
    return m_membersAction->isChecked();
}

void ChatWindow::showFoundMessage(const QString &room, qint64 seq)
{
    if (room.isEmpty() || seq <= 0)
        return;
    if (!m_models->rooms()->contains(room))
        return; // only rooms one is in are searched; left meanwhile
    if (room != currentRoom())
        showRoom(room);
    m_pane->showMessage(seq); // pages it in, from the server if need be
}

void ChatWindow::showShortcuts()
{
    QMessageBox *box = ShortcutsHelp::open(this);
    // Back where the user was typing (Esc closes the box).
    connect(box, &QObject::destroyed, this, [this] {
        if (m_pane && isActiveWindow())
            m_pane->composer()->setFocus();
    });
}

void ChatWindow::bringToFront()
{
    if (isMinimized())
        showNormal();
    else
        show();
    raise();
    activateWindow();
}
