#pragma once
// ChatWindow: the chat — the rooms one is in (sidebar), the conversation of the room shown
// (ConversationPane: messages, who is typing, the composer), who is in the room (members panel),
// a banner that explains a lost or refused link and offers to retry (ConnectionBanner), and a
// status bar that always says whether messages can go out right now (ConnectionStatusBar).
//
// It arranges those parts and holds the menus and actions. It owns no network logic and no
// session state: the rooms, their messages, drafts and muted flags are SessionModels', which the
// app owns (AppSession); the window calls ChatClient's public slots and shows the models.
//
// Keyboard: Ctrl+K switches room, Ctrl+N joins or creates one, Alt+Up/Alt+Down (or
// Ctrl+PgUp/Ctrl+PgDown) go to the previous/next room, Ctrl+Shift+M shows or hides the members,
// Ctrl+O connects to another server, F1 lists all of this.
#include "connectdialog.h"

#include <QMainWindow>
#include <QPointer>

#include <memory>

class AccountMenu;
class ChatClient;
class ConnectionBanner;
class ConnectionStatusBar;
class ConversationPane;
class HostedServerBanner;
class MemberList;
class MessageModel;
class QAction;
class QMenu;
class QSettings;
class QSplitter;
class QuickSwitcher;
class RoomHeader;
class RoomList;
class SearchPanel;
class SessionModels;
class TrayNotifier;

class ChatWindow : public QMainWindow
{
    Q_OBJECT
public:
    //! The chat over \a models (not owned; they must outlive the window). The room shown in
    //! them, else the first one, is shown.
    explicit ChatWindow(SessionModels *models, QWidget *parent = nullptr);
    //! A window with models of its own over \a client (not owned), for tests and tools: rooms the
    //! client is already in are listed; more are joined with joinRoom().
    explicit ChatWindow(ChatClient *client, QWidget *parent = nullptr);
    //! As above, showing \a model's room through \a model (not owned, already following the
    //! client); the room is joined if need be.
    ChatWindow(ChatClient *client, MessageModel *model, QWidget *parent = nullptr);
    ~ChatWindow() override;

    //! Where the connect dialog keeps profiles and recent servers, and the window its layout
    //! (not owned). Without it, QSettings' defaults are used.
    void setSettings(QSettings *settings);

    //! Tells the user that this instance hosts a server at \a url (the address others would use)
    //! and how they join it; a loopback \a url says that only this computer can join and how to
    //! share. An empty \a url hides the notice.
    void setHostedServer(const QUrl &url);
    QUrl hostedServer() const;

    //! Sends \a text to the room shown (what the composer and the Send button do).
    void send(const QString &text);

    //! The rooms, messages and members shown.
    SessionModels *sessionModels() const { return m_models; }
    ConversationPane *conversation() const { return m_pane; }
    TrayNotifier *notifier() const { return m_notifier; }
    QuickSwitcher *quickSwitcher() const { return m_switcher; }
    //! The room shown ("" when there is none).
    QString currentRoom() const;

    //! Joins (or creates: parley-server makes a room on first join) \a name and, if \a show,
    //! shows it. False, with a message in the status bar, for a name that is not one.
    bool joinRoom(const QString &name, bool show = true);
    //! Leaves \a room; the next room in the list (else the previous one) is shown.
    void leaveRoom(const QString &room);
    //! Shows \a room: its messages, members, typing line and draft.
    void showRoom(const QString &room);
    //! A search result was chosen: its room shown, the message scrolled to and highlighted.
    void showFoundMessage(const QString &room, qint64 seq);
    void setRoomMuted(const QString &room, bool muted);
    //! Ctrl+K.
    void openQuickSwitcher();
    //! Ctrl+N: asks for a room name, then joins it.
    void askToJoinRoom();
    //! "Connect to server…": the dialog; accepting it emits connectRequested().
    void openConnectDialog();
    void setMembersVisible(bool visible);
    bool membersVisible() const;

    //! Whether the user is looking at the window: active and not minimised. Unread counts and
    //! notifications for the room shown depend on it.
    bool isAttended() const;

public Q_SLOTS:
    //! A transient note in the status bar (e.g. "finding out what the server speaks…").
    void showStatus(const QString &text);
    //! A problem, in the status bar for a while.
    void showError(const QString &text);

Q_SIGNALS:
    //! The user accepted the connect dialog: the app connects there.
    void connectRequested(const ConnectDialog::Choice &choice);
    void currentRoomChanged(const QString &room);
    //! "Invite someone…" (shown while this app hosts the chat): the app makes an invite link.
    void inviteRequested();
    //! "Trusted Certificates…": the app shows the certificates pinned per server.
    void trustedCertificatesRequested();

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void init();
    void buildUi();
    void buildActions();
    void retranslate();
    void updateTitle();
    void updateRoomActions();
    void updateAttention();
    void onRoomsInserted(const QModelIndex &parent, int first, int last);
    void switchBy(int delta);
    void showShortcuts();
    void bringToFront();
    void saveSplitter();
    QSettings &settings();

    std::unique_ptr<SessionModels> m_ownModels; //!< made by the convenience constructors
    SessionModels *m_models = nullptr;
    QPointer<ChatClient> m_client;
    QSettings *m_settings = nullptr;
    std::unique_ptr<QSettings> m_ownSettings;

    QSplitter *m_splitter = nullptr;
    RoomList *m_roomList = nullptr;
    MemberList *m_memberList = nullptr;
    SearchPanel *m_searchPanel = nullptr;
    ConversationPane *m_pane = nullptr;
    RoomHeader *m_header = nullptr;
    QuickSwitcher *m_switcher = nullptr;
    TrayNotifier *m_notifier = nullptr;
    //! The one place to retry or reconnect; it also drives the status bar's countdown.
    ConnectionBanner *m_connectionBanner = nullptr;
    HostedServerBanner *m_hostBanner = nullptr;
    ConnectionStatusBar *m_statusBar = nullptr;

    QMenu *m_appMenu = nullptr;
    QMenu *m_roomMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QMenu *m_trayMenu = nullptr;
    QAction *m_connectAction = nullptr;
    QAction *m_inviteAction = nullptr;
    QAction *m_certificatesAction = nullptr;
    AccountMenu *m_accountMenu = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_joinAction = nullptr;
    QAction *m_switchAction = nullptr;
    QAction *m_nextAction = nullptr;
    QAction *m_previousAction = nullptr;
    QAction *m_muteAction = nullptr;
    QAction *m_leaveAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_findAllAction = nullptr;
    QAction *m_membersAction = nullptr;
    QAction *m_shortcutsAction = nullptr;
    QAction *m_showAction = nullptr;
};
