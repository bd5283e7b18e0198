#include "chatwindow.h"

#include <QHostAddress>

#include "chatclient.h"
#include "composer.h"
#include "connectionbanner.h"
#include "logging.h"
#include "memberlist.h"
#include "membermodel.h"
#include "messagedelegate.h"
#include "messagemodel.h"
#include "messageview.h"
#include "quickswitcher.h"
#include "roomlist.h"
#include "roomlistmodel.h"
#include "tintediconengine.h"
#include "traynotifier.h"
#include "typingindicator.h"

#include <QAction>
#include <QApplication>
#include <QDesktopServices>
#include <QEvent>
#include <QHBoxLayout>
#include <QIcon>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace {

constexpr int kErrorDisplayMs = 10'000;  // how long an error stays in the status bar
constexpr int kStatusDisplayMs = 5'000;  // how long a passing note stays in the status bar
constexpr int kBottomSlack = MessageView::kBottomSlack;  // one home: MessageView's "at the end"
constexpr int kDefaultWidth = 1000;
constexpr int kDefaultHeight = 620;
constexpr int kRoomListWidth = 200;
constexpr int kMemberListWidth = 170;
constexpr int kStateDotSize = 10;
constexpr int kStatusItemMargin = 4;  // px left and right of each status bar item
constexpr int kWsDefaultPort = 80;
constexpr int kWssDefaultPort = 443;
constexpr int kHeaderIconSize = 18;
const auto kMembersVisibleKey = QLatin1String("window/membersVisible");
const auto kSplitterKey = QLatin1String("window/splitter");

}  // namespace

ChatWindow::ChatWindow(ChatClient *client, QWidget *parent)
    : QMainWindow(parent)
    , m_client(client)
{
    Q_ASSERT(client);
    init();
    for (const QString &room : client->rooms())
        joinRoom(room, false);
    if (m_rooms->rowCount() > 0)
        showRoom(m_rooms->roomAt(0));
}

ChatWindow::ChatWindow(ChatClient *client, MessageModel *model, QWidget *parent)
    : QMainWindow(parent)
    , m_client(client)
    , m_externalModel(model)
{
    Q_ASSERT(client);
    Q_ASSERT(model);
    init();
    m_models.insert(model->room(), model);
    for (const QString &room : client->rooms())
        joinRoom(room, false);
    joinRoom(model->room(), true);
}

ChatWindow::~ChatWindow()
{
    // The view must not outlive the models it shows (owned ones go with the window).
    m_view->setModel(nullptr);
}

void ChatWindow::init()
{
    setWindowIcon(QIcon(QStringLiteral(":/icons/parley.svg")));
    m_rooms = new RoomListModel(this);
    m_rooms->connectClient(m_client);
    m_members = new MemberModel(this);
    m_members->connectClient(m_client);
    buildUi();
    buildActions();

    ChatClient *client = m_client;
    connect(client, &ChatClient::connectionStateChanged, this, [this] {
        updateConnection();
        updateServer();
    });
    // The banner was connected first (buildUi), so it has seen the new delay by now.
    connect(client, &ChatClient::reconnectScheduled, this, &ChatWindow::updateConnection);
    connect(client, &ChatClient::readyChanged, this, &ChatWindow::updateConnection);
    connect(client, &ChatClient::latencyChanged, this, &ChatWindow::updateLatency);
    // The banner's countdown ticks for the status bar too: one timer, one number in both places.
    connect(m_connectionBanner, &ConnectionBanner::textChanged, this, [this] {
        // Once the banner says why the connector stopped, in full, the status bar does not
        // repeat it cut short.
        if (m_connectionBanner->mode() == ConnectionBanner::Mode::Failed)
            statusBar()->clearMessage();
        updateConnection();
    });
    connect(client, &ChatClient::errorOccurred, this, &ChatWindow::showError);

    connect(m_rooms, &RoomListModel::totalUnreadChanged, this, &ChatWindow::updateTitle);
    // The list holds each room's draft; the composer shows the current room's. A draft set from
    // outside (restored from the settings) reaches the composer too.
    connect(m_rooms, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &first, const QModelIndex &last, const QList<int> &roles) {
                const int row = m_rooms->rowOf(currentRoom());
                if (!roles.contains(RoomListModel::DraftRole) || row < first.row() || row > last.row())
                    return;
                const QString draft = m_rooms->draft(currentRoom());
                if (draft != m_composer->toPlainText()) {
                    m_loadingDraft = true;
                    m_composer->setPlainText(draft);
                    m_composer->moveCursor(QTextCursor::End);
                    m_loadingDraft = false;
                }
            });
    connect(m_members, &MemberModel::countChanged, this, &ChatWindow::updateRoomHeader);

    m_notifier = new TrayNotifier(m_rooms, this);
    m_notifier->setActiveCheck([this] { return isAttended(); });
    m_notifier->connectClient(client);
    connect(m_notifier, &TrayNotifier::roomActivated, this, [this](const QString &room) {
        bringToFront();
        showRoom(room);
    });
    connect(m_notifier, &TrayNotifier::showRequested, this, &ChatWindow::bringToFront);
    if (m_notifier->setTrayVisible(true))
        m_notifier->setTrayMenu(m_trayMenu);

    m_loadOlderTimer.setSingleShot(true);
    m_loadOlderTimer.setInterval(0);
    connect(&m_loadOlderTimer, &QTimer::timeout, this, &ChatWindow::loadOlder);

    retranslate();
    setMembersVisible(true);
    resize(kDefaultWidth, kDefaultHeight);
    m_splitter->setSizes({kRoomListWidth, kDefaultWidth - kRoomListWidth - kMemberListWidth, kMemberListWidth});
    updateComposerState();
    m_composer->setFocus();
}

void ChatWindow::buildUi()
{
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->setChildrenCollapsible(false);

    m_roomList = new RoomList(m_rooms, m_splitter);
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

    // Untrusted or not, nothing in this window is shown as rich text.
    m_hostBanner = new QLabel(central);
    m_hostBanner->setObjectName(QStringLiteral("hostBanner"));
    m_hostBanner->setTextFormat(Qt::PlainText);
    m_hostBanner->setWordWrap(true);
    m_hostBanner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_hostBanner->setMargin(8);
    m_hostBanner->setAutoFillBackground(true);
    m_hostBanner->setBackgroundRole(QPalette::AlternateBase);
    m_hostBanner->setFrameShape(QFrame::StyledPanel);
    m_hostBanner->hide();
    layout->addWidget(m_hostBanner);

    // The room's name and the members toggle.
    auto *header = new QWidget(central);
    header->setObjectName(QStringLiteral("roomHeader"));
    auto *headerLayout = new QHBoxLayout(header);
    headerLayout->setContentsMargins(10, 4, 6, 4);
    m_roomTitle = new QLabel(header);
    m_roomTitle->setObjectName(QStringLiteral("roomTitle"));
    m_roomTitle->setTextFormat(Qt::PlainText);
    m_roomTitle->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    QFont titleFont = m_roomTitle->font();
    titleFont.setBold(true);
    m_roomTitle->setFont(titleFont);
    m_membersButton = new QToolButton(header);
    m_membersButton->setObjectName(QStringLiteral("membersButton"));
    m_membersButton->setCheckable(true);
    m_membersButton->setAutoRaise(true);
    m_membersButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_membersButton->setIcon(TintedIconEngine::icon(QStringLiteral("members"), QPalette::ButtonText));
    m_membersButton->setIconSize(QSize(kHeaderIconSize, kHeaderIconSize));
    headerLayout->addWidget(m_roomTitle, 1);
    headerLayout->addWidget(m_membersButton);
    layout->addWidget(header);
    auto *headerLine = new QFrame(central);
    headerLine->setFrameShape(QFrame::HLine);
    headerLine->setFrameShadow(QFrame::Sunken);
    layout->addWidget(headerLine);

    // Links and Retry are the view's to notice and the window's to act on: the view never
    // opens anything or talks to the network.
    m_view = new MessageView(central);
    m_view->setObjectName(QStringLiteral("messageView"));
    m_delegate = m_view->messageDelegate();
    connect(m_view, &MessageView::linkActivated, this,
            [](const QUrl &url) { QDesktopServices::openUrl(url); });
    connect(m_view, &MessageView::retryRequested, this, [this](const QString &clientId) {
        if (m_client)
            m_client->retry(clientId);
    });
    // Scrolling back to the top pages in older messages; the view keeps the reading position.
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, &ChatWindow::scheduleLoadOlder);
    connect(m_view->verticalScrollBar(), &QScrollBar::rangeChanged, this, &ChatWindow::scheduleLoadOlder);
    layout->addWidget(m_view, 1);

    // Who is typing (or, without a room, why one cannot write).
    m_typing = new TypingIndicator(central);
    m_typing->connectClient(m_client);
    m_typing->setContentsMargins(10, 2, 10, 2);
    layout->addWidget(m_typing);
    m_composerNotice = new QLabel(central);
    m_composerNotice->setObjectName(QStringLiteral("composerNotice"));
    m_composerNotice->setTextFormat(Qt::PlainText);
    m_composerNotice->setWordWrap(true);
    m_composerNotice->setContentsMargins(10, 2, 10, 2);
    m_composerNotice->hide();
    layout->addWidget(m_composerNotice);

    auto *line = new QFrame(central);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);
    layout->addWidget(line);

    auto *bottom = new QWidget(central);
    auto *bottomLayout = new QHBoxLayout(bottom);
    bottomLayout->setContentsMargins(8, 8, 8, 8);
    m_composer = new Composer(bottom);
    m_composer->setObjectName(QStringLiteral("composer"));
    m_composer->installEventFilter(this);
    m_sendButton = new QPushButton(bottom);
    m_sendButton->setObjectName(QStringLiteral("sendButton"));
    m_sendButton->setIcon(QIcon::fromTheme(QStringLiteral("document-send")));
    bottomLayout->addWidget(m_composer, 1);
    bottomLayout->addWidget(m_sendButton, 0, Qt::AlignBottom);
    layout->addWidget(bottom);
    connect(m_composer, &Composer::sendRequested, this, &ChatWindow::send);
    connect(m_composer, &QPlainTextEdit::textChanged, this, &ChatWindow::onComposerChanged);
    connect(m_sendButton, &QPushButton::clicked, m_composer, &Composer::submit);

    m_memberList = new MemberList(m_members, m_splitter);
    m_memberList->setMinimumWidth(110);
    m_splitter->addWidget(m_roomList);
    m_splitter->addWidget(central);
    m_splitter->addWidget(m_memberList);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setStretchFactor(2, 0);
    connect(m_splitter, &QSplitter::splitterMoved, this, &ChatWindow::saveSplitter);
    setCentralWidget(m_splitter);

    m_switcher = new QuickSwitcher(m_rooms, this);
    connect(m_switcher, &QuickSwitcher::roomChosen, this, &ChatWindow::showRoom);
    connect(m_switcher, &QuickSwitcher::joinRequested, this, [this](const QString &name) { joinRoom(name); });

    // Keyboard order: rooms, messages, composer, Send, members.
    setTabOrder(m_roomList->view(), m_view);
    setTabOrder(m_view, m_composer);
    setTabOrder(m_composer, m_sendButton);
    setTabOrder(m_sendButton, m_memberList->view());

    // All parts are permanent: error messages (showMessage) appear on the left without hiding
    // whether one is connected.
    m_stateDot = new QLabel(this);
    m_stateDot->setObjectName(QStringLiteral("stateDot"));
    m_connectionLabel = new QLabel(this);
    m_connectionLabel->setObjectName(QStringLiteral("connectionLabel"));
    m_connectionLabel->setTextFormat(Qt::PlainText);
    m_latencyLabel = new QLabel(this);
    m_latencyLabel->setObjectName(QStringLiteral("latencyLabel"));
    m_latencyLabel->setTextFormat(Qt::PlainText);
    m_latencyLabel->hide();
    m_serverLabel = new QLabel(this);
    m_serverLabel->setObjectName(QStringLiteral("serverLabel"));
    m_serverLabel->setTextFormat(Qt::PlainText);
    m_serverLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    for (QLabel *label : {m_connectionLabel, m_latencyLabel, m_serverLabel})
        label->setContentsMargins(kStatusItemMargin, 0, kStatusItemMargin, 0);
    statusBar()->addPermanentWidget(m_stateDot);
    statusBar()->addPermanentWidget(m_connectionLabel);
    statusBar()->addPermanentWidget(m_latencyLabel);
    statusBar()->addPermanentWidget(m_serverLabel);
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
    m_helpMenu = menuBar()->addMenu(QString());

    m_connectAction = action("connectAction", m_appMenu);
    m_connectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_O));
    connect(m_connectAction, &QAction::triggered, this, &ChatWindow::openConnectDialog);
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
    connect(m_membersButton, &QToolButton::clicked, this, &ChatWindow::setMembersVisible);

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
    m_sendButton->setText(tr("Send"));
    m_sendButton->setToolTip(tr("Send the message (Enter)"));
    m_sendButton->setAccessibleName(tr("Send message"));
    m_connectionLabel->setAccessibleName(tr("Connection state"));
    m_latencyLabel->setToolTip(tr("Round trip to the server"));
    m_latencyLabel->setAccessibleName(tr("Latency"));
    m_serverLabel->setToolTip(tr("Server"));
    m_serverLabel->setAccessibleName(tr("Server"));
    m_hostBanner->setAccessibleName(tr("Hosted server"));
    m_hostBanner->setToolTip(tr("Replace HOST with this computer's address on your network and "
                                "NAME with the name the other person wants to use."));
    m_roomTitle->setAccessibleName(tr("Room"));
    m_membersButton->setToolTip(tr("Show or hide who is in the room (Ctrl+Shift+M)"));
    m_membersButton->setAccessibleName(tr("Members"));
    m_composerNotice->setAccessibleName(tr("Why you cannot write"));

    m_appMenu->setTitle(tr("&Parley"));
    m_roomMenu->setTitle(tr("&Room"));
    m_viewMenu->setTitle(tr("&View"));
    m_helpMenu->setTitle(tr("&Help"));
    m_connectAction->setText(tr("&Connect to Server…"));
    m_quitAction->setText(tr("&Quit"));
    m_joinAction->setText(tr("&Join or Create Room…"));
    m_switchAction->setText(tr("&Switch Room…"));
    m_nextAction->setText(tr("&Next Room"));
    m_previousAction->setText(tr("&Previous Room"));
    m_muteAction->setText(tr("&Mute Room"));
    m_leaveAction->setText(tr("&Leave Room"));
    m_membersAction->setText(tr("&Members"));
    m_shortcutsAction->setText(tr("&Keyboard Shortcuts"));
    m_showAction->setText(tr("Show Parley"));
    setHostedServer(m_hostedUrl);
    updateConnection();
    updateServer();
    updateRoomHeader();
    updateComposerState();
}

void ChatWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    switch (event->type()) {
    case QEvent::LanguageChange:
        retranslate();
        break;
    case QEvent::FontChange:
    case QEvent::StyleChange:
        m_delegate->clearCache();
        m_view->doItemsLayout();
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
    m_rooms->setCurrentRoomVisible(isAttended());
}

bool ChatWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_composer && event->type() == QEvent::ShortcutOverride) {
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
    const QByteArray state = settings->value(kSplitterKey).toByteArray();
    if (!state.isEmpty())
        m_splitter->restoreState(state);
}

void ChatWindow::saveSplitter()
{
    if (m_settings)
        m_settings->setValue(kSplitterKey, m_splitter->saveState());
}

void ChatWindow::setStore(MessageStore *store)
{
    m_store = store;
}

QString ChatWindow::stateText(IMConnector::State state, int retryMs)
{
    switch (state) {
    case IMConnector::State::Disconnected:
        return tr("Offline");
    case IMConnector::State::Connecting:
        return tr("Connecting…");
    case IMConnector::State::Connected:
        return tr("Connected");
    case IMConnector::State::Reconnecting: {
        const int seconds = retryMs > 0 ? (retryMs + 999) / 1000 : 0;
        if (seconds > 0)
            return tr("Reconnecting in %n s", nullptr, seconds);
        return tr("Reconnecting…");
    }
    case IMConnector::State::Closing:
        return tr("Disconnecting…");
    }
    return {};
}

QPixmap ChatWindow::stateDot(IMConnector::State state) const
{
    QColor color = palette().color(QPalette::Disabled, QPalette::WindowText);  // offline, closing
    if (state == IMConnector::State::Connected)
        color = QColor(0x2e, 0xa0, 0x4f);
    else if (state == IMConnector::State::Connecting || state == IMConnector::State::Reconnecting)
        color = QColor(0xe0, 0x9b, 0x00);
    const qreal dpr = devicePixelRatioF();
    QPixmap pixmap(QSize(kStateDotSize, kStateDotSize) * dpr);
    pixmap.setDevicePixelRatio(dpr);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawEllipse(QRectF(1, 1, kStateDotSize - 2, kStateDotSize - 2));
    return pixmap;
}

QString ChatWindow::connectionText() const
{
    return m_connectionLabel->text();
}

void ChatWindow::updateConnection()
{
    if (!m_client)
        return;
    const IMConnector::State state = m_client->connectionState();
    const bool reconnecting = state == IMConnector::State::Reconnecting;
    // The banner's number, so that both places always agree.
    const int seconds = reconnecting ? m_connectionBanner->secondsLeft() : 0;
    m_connectionLabel->setText(stateText(state, seconds > 0 ? seconds * 1000 : -1));
    m_stateDot->setPixmap(stateDot(state));
    m_stateDot->setToolTip(m_connectionLabel->text());
    updateLatency();
}

void ChatWindow::updateLatency()
{
    // The connector keeps the last measurement across links; it is shown only while one is up.
    const int ms = m_client ? m_client->latencyMs() : -1;
    const bool known = ms >= 0 && m_client
            && m_client->connectionState() == IMConnector::State::Connected;
    if (known) {
        // On a LAN or the same computer the round trip rounds to 0 ms, which reads like "none".
        m_latencyLabel->setText(ms == 0 ? tr("< 1 ms") : tr("%1 ms").arg(ms));
    }
    m_latencyLabel->setVisible(known);
}

void ChatWindow::updateServer()
{
    const QUrl url = m_client ? m_client->serverUrl() : QUrl();
    m_serverLabel->setText(url.isEmpty() ? tr("No server") : url.toDisplayString());
}

void ChatWindow::updateTitle()
{
    const QString room = currentRoom();
    QString title = room.isEmpty() ? tr("Parley") : tr("Parley — #%1").arg(room);
    // Unread messages elsewhere show in the task bar even without a tray.
    const int unread = m_rooms ? m_rooms->totalUnread() : 0;
    if (unread > 0)
        title = tr("(%1) %2").arg(unread).arg(title);
    setWindowTitle(title);
}

void ChatWindow::updateRoomHeader()
{
    const QString room = currentRoom();
    m_roomTitle->setText(room.isEmpty() ? tr("No room") : QLatin1String("# ") + room);
    const int n = m_members->rowCount();
    m_membersButton->setText(room.isEmpty() ? QString() : QString::number(n));
    m_membersButton->setEnabled(!room.isEmpty());
    m_membersButton->setAccessibleDescription(tr("Members in the room: %1").arg(n));
}

void ChatWindow::updateComposerState()
{
    // Offline is no reason: messages wait in the outbox. No room to write to is.
    const bool inRoom = !currentRoom().isEmpty();
    m_composer->setEnabled(inRoom);
    m_sendButton->setEnabled(inRoom);
    m_typing->setVisible(inRoom);
    m_composerNotice->setVisible(!inRoom);
    m_composerNotice->setText(
            tr("You are not in any room. Join or create one to write (Ctrl+N)."));
    m_muteAction->setEnabled(inRoom);
    m_leaveAction->setEnabled(inRoom);
    m_muteAction->setChecked(inRoom && m_rooms->isMuted(currentRoom()));
}

void ChatWindow::setHostedServer(const QUrl &url)
{
    m_hostedUrl = url;
    if (url.isEmpty()) {
        m_hostBanner->clear();
        m_hostBanner->hide();
        return;
    }
    const bool secure = url.scheme() == QLatin1String("wss");
    const int port = url.port(secure ? kWssDefaultPort : kWsDefaultPort);
    const QHostAddress host(url.host());
    const bool localOnly = host.isLoopback() || url.host() == QLatin1String("localhost");
    if (localOnly) {
        m_hostBanner->setText(
                tr("Hosting a chat at %1 that only this computer can join. To share it on your "
                   "network, start Parley with --listen 0.0.0.0:%2")
                        .arg(url.toDisplayString(), QString::number(port)));
    } else {
        m_hostBanner->setText(tr("Hosting on %1 — others join with: parley --server %1 --name NAME")
                                      .arg(url.toDisplayString()));
    }
    m_hostBanner->show();
}

void ChatWindow::showError(const QString &text)
{
    qCDebug(lcUi) << "showing error:" << text;
    statusBar()->showMessage(text, kErrorDisplayMs);
}

void ChatWindow::showStatus(const QString &text)
{
    statusBar()->showMessage(text, kStatusDisplayMs);
}

void ChatWindow::send(const QString &text)
{
    const QString room = currentRoom();
    if (!m_client || room.isEmpty())
        return;
    const QString id = m_client->sendMessage(room, text);
    if (id.isEmpty()) {
        // Refused (too long…): ChatClient said why through errorOccurred. Give the text back
        // rather than lose it.
        qCInfo(lcUi) << "message not accepted by the client; returning it to the composer";
        if (m_composer->toPlainText().isEmpty())
            m_composer->setPlainText(text);
    }
}

QString ChatWindow::currentRoom() const
{
    return m_rooms ? m_rooms->currentRoom() : QString();
}

MessageModel *ChatWindow::modelFor(const QString &room) const
{
    return m_models.value(room);
}

MessageModel *ChatWindow::ensureModel(const QString &room)
{
    if (MessageModel *model = m_models.value(room))
        return model;
    auto *model = new MessageModel(room, this);
    // The store first: it holds the outbox the client restored (MessageModel::setStore()).
    if (m_store)
        model->setStore(m_store);
    // The view pages on reaching its top (loadOlder()), not on QAbstractItemView's fetchMore.
    model->setFetchMoreEnabled(false);
    model->connectClient(m_client);
    m_models.insert(room, model);
    return model;
}

bool ChatWindow::joinRoom(const QString &name, bool show)
{
    const QString room = RoomListModel::normalizedName(name);
    if (room.isEmpty()) {
        showError(tr("“%1” is not a room name.").arg(name.trimmed()));
        return false;
    }
    if (!m_rooms->contains(room)) {
        qCInfo(lcUi) << "joining" << room;
        ensureModel(room);
        m_rooms->addRoom(room);
        m_client->joinRoom(room);
        // Already joined by the client before this window existed.
        if (m_client->isReady() && !m_client->members(room).isEmpty())
            m_rooms->setJoined(room, true);
    }
    if (show || currentRoom().isEmpty())
        showRoom(room);
    return true;
}

void ChatWindow::leaveRoom(const QString &room)
{
    const int row = m_rooms->rowOf(room);
    if (row < 0)
        return;
    qCInfo(lcUi) << "leaving" << room;
    const bool wasCurrent = room == currentRoom();
    if (wasCurrent) {
        saveDraft();
        // The neighbour below, else the one above.
        const QString next = m_rooms->roomAt(row + 1).isEmpty() ? m_rooms->roomAt(row - 1)
                                                                : m_rooms->roomAt(row + 1);
        if (!next.isEmpty()) {
            showRoom(next);
        } else {
            m_view->setModel(nullptr);
            for (const QMetaObject::Connection &c : std::as_const(m_modelConnections))
                disconnect(c);
            m_modelConnections.clear();
        }
    }
    m_client->leaveRoom(room);
    m_rooms->removeRoom(room);
    m_positions.remove(room);
    MessageModel *model = m_models.take(room);
    if (model && model != m_externalModel)
        model->deleteLater();
    if (wasCurrent && m_rooms->rowCount() == 0) {
        m_loadingDraft = true;
        m_composer->clear();
        m_loadingDraft = false;
        m_members->setRoom(QString());
        m_typing->setRoom(QString());
        updateTitle();
        updateRoomHeader();
        updateComposerState();
        Q_EMIT currentRoomChanged(QString());
    }
}

void ChatWindow::showRoom(const QString &room)
{
    if (!m_rooms->contains(room))
        return;
    const QString previous = currentRoom();
    MessageModel *model = ensureModel(room);
    if (room == previous && m_view->model() == model)
        return;

    if (!previous.isEmpty() && m_view->model()) {
        saveDraft();
        // Where the reader was, to come back to it.
        const QScrollBar *bar = m_view->verticalScrollBar();
        ReadingPosition position;
        position.atBottom = bar->value() >= bar->maximum() - kBottomSlack;
        position.top = m_view->indexAt(QPoint(0, 0));
        m_positions.insert(previous, position);
    }

    for (const QMetaObject::Connection &c : std::as_const(m_modelConnections))
        disconnect(c);
    m_modelConnections.clear();
    m_rooms->setCurrentRoom(room);
    m_view->setModel(model);
    m_modelConnections << connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this,
                                  &ChatWindow::rememberScrollPosition)
                       << connect(model, &QAbstractItemModel::rowsInserted, this,
                                  &ChatWindow::followNewRows);
    const ReadingPosition position = m_positions.value(room);
    if (position.atBottom || !position.top.isValid()) {
        m_view->scrollToBottom();
        m_wasAtBottom = true;
    } else {
        m_view->scrollTo(position.top, QAbstractItemView::PositionAtTop);
        m_wasAtBottom = false;
    }

    m_loadingDraft = true;
    m_composer->setPlainText(m_rooms->draft(room));
    m_composer->moveCursor(QTextCursor::End);
    m_loadingDraft = false;
    m_members->setRoom(room);
    m_typing->setRoom(room);
    updateTitle();
    updateRoomHeader();
    updateComposerState();
    scheduleLoadOlder();
    // Ready to write in the room, unless the user is going through the rooms with the keyboard.
    // (Also before the window is first shown: the composer is then focused when it appears.)
    if (focusWidget() != m_roomList->view())
        m_composer->setFocus();
    Q_EMIT currentRoomChanged(room);
}

void ChatWindow::saveDraft()
{
    const QString room = currentRoom();
    if (!room.isEmpty())
        m_rooms->setDraft(room, m_composer->toPlainText());
}

void ChatWindow::onComposerChanged()
{
    if (m_loadingDraft)
        return;
    const QString room = currentRoom();
    if (room.isEmpty())
        return;
    const QString text = m_composer->toPlainText();
    m_rooms->setDraft(room, text);
    // Typing, not clearing after sending: ChatClient sends at most one per typingThrottle.
    if (!text.trimmed().isEmpty() && m_client)
        m_client->notifyTyping(room);
}

void ChatWindow::setRoomMuted(const QString &room, bool muted)
{
    m_rooms->setMuted(room, muted);
    if (room == currentRoom())
        m_muteAction->setChecked(muted);
    showStatus(muted ? tr("#%1 is muted: no notifications, not counted in the tray.").arg(room)
                     : tr("#%1 is no longer muted.").arg(room));
}

void ChatWindow::switchBy(int delta)
{
    const int rows = m_rooms->rowCount();
    if (rows == 0)
        return;
    const int row = m_rooms->rowOf(currentRoom());
    const int next = ((row < 0 ? 0 : row + delta) % rows + rows) % rows;
    showRoom(m_rooms->roomAt(next));
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
    m_membersButton->setChecked(visible);
    if (m_settings)
        m_settings->setValue(kMembersVisibleKey, visible);
}

bool ChatWindow::membersVisible() const
{
    return m_membersAction->isChecked();
}

void ChatWindow::showShortcuts()
{
    const QList<std::pair<QString, QString>> rows{
            {tr("Enter"), tr("send the message")},
            {tr("Shift+Enter"), tr("new line")},
            {tr("Ctrl+K"), tr("switch room (type a new name to join it)")},
            {tr("Ctrl+N"), tr("join or create a room")},
            {tr("Alt+Up, Alt+Down"), tr("previous, next room")},
            {tr("Ctrl+Shift+M"), tr("show or hide the members")},
            {tr("Ctrl+O"), tr("connect to another server")},
            {tr("Ctrl+C"), tr("copy the selected messages")},
            {tr("Menu key"), tr("links and more for the current message")},
            {tr("Tab"), tr("move between rooms, messages, composer and members")},
    };
    // Our own words only, escaped all the same.
    QString table = QStringLiteral("<table cellspacing='4'>");
    for (const auto &[keys, what] : rows) {
        table += QStringLiteral("<tr><td><b>%1</b></td><td>&nbsp;&nbsp;%2</td></tr>")
                         .arg(keys.toHtmlEscaped(), what.toHtmlEscaped());
    }
    table += QStringLiteral("</table>");
    auto *box = new QMessageBox(QMessageBox::Information, tr("Keyboard Shortcuts"), table,
                                QMessageBox::Close, this);
    box->setObjectName(QStringLiteral("shortcutsBox"));
    box->setTextFormat(Qt::RichText);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
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

void ChatWindow::scheduleLoadOlder()
{
    m_loadOlderTimer.start();
}

void ChatWindow::loadOlder()
{
    auto *model = qobject_cast<MessageModel *>(m_view->model());
    if (!model || !model->hasOlder())
        return;
    const QScrollBar *bar = m_view->verticalScrollBar();
    if (bar->value() > bar->minimum() + kLoadOlderSlack)
        return;
    // The view keeps the message being read where it is while rows arrive above it.
    const int added = model->loadOlder();
    qCDebug(lcUi) << "paged in" << added << "older messages of" << model->room();
}

void ChatWindow::rememberScrollPosition()
{
    const QScrollBar *bar = m_view->verticalScrollBar();
    m_wasAtBottom = bar->value() >= bar->maximum() - kBottomSlack;
}

void ChatWindow::followNewRows(const QModelIndex &parent, int first, int last)
{
    auto *model = qobject_cast<MessageModel *>(m_view->model());
    if (!model)
        return;
    bool ownRow = false;
    for (int row = first; row <= last && !ownRow; ++row)
        ownRow = model->index(row, 0, parent).data(MessageModel::OwnRole).toBool();
    // Follow the conversation when the reader was at its end, and always show what one just sent;
    // someone reading older messages is not pulled away.
    if (!m_wasAtBottom && !ownRow)
        return;
    if (m_scrollPending)
        return;
    // One scroll per burst: scrollToBottom() forces the view's pending layout, so do it once
    // after the rows of this event-loop turn are in.
    m_scrollPending = true;
    QTimer::singleShot(0, this, [this] {
        m_scrollPending = false;
        m_view->scrollToBottom();
    });
}
