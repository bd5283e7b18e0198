#pragma once
// ChatWindow: the chat — the rooms one is in (sidebar), the conversation of the room shown, who is
// typing there, the composer, who is in the room (members panel), a banner that explains a lost or
// refused link and offers to retry (ConnectionBanner), and a status bar that always says whether
// messages can go out right now (state words, a coloured dot, latency, server).
//
// It owns no network logic: it calls ChatClient's public slots and shows ChatClient's signals and
// the models. Each room has its own MessageModel (paging from the MessageStore, if any), created
// when the room is joined from here; sending while offline is allowed on purpose (ChatClient keeps
// an outbox and sends it when the link is back). The composer is disabled, with the reason shown,
// only when there is no room to write to.
//
// Keyboard: Ctrl+K switches room, Ctrl+N joins or creates one, Alt+Up/Alt+Down (or
// Ctrl+PgUp/Ctrl+PgDown) go to the previous/next room, Ctrl+Shift+M shows or hides the members,
// Ctrl+O connects to another server, F1 lists all of this.
#include "connectdialog.h"
#include "imconnector.h"

#include <QHash>
#include <QMainWindow>
#include <QPersistentModelIndex>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <memory>

class ChatClient;
class Composer;
class ConnectionBanner;
class MemberList;
class MemberModel;
class MessageDelegate;
class MessageModel;
class MessageStore;
class MessageView;
class QAction;
class QLabel;
class QMenu;
class QPushButton;
class QSettings;
class QSplitter;
class QToolButton;
class QuickSwitcher;
class RoomList;
class RoomListModel;
class TrayNotifier;
class TypingIndicator;

class ChatWindow : public QMainWindow
{
    Q_OBJECT
public:
    //! The chat over \a client (not owned). Rooms the client is already in are listed; more are
    //! joined with joinRoom(). Call setStore() before joining rooms to page history from it.
    explicit ChatWindow(ChatClient *client, QWidget *parent = nullptr);
    //! As above, showing \a model's room through \a model (not owned, already following the
    //! client); the room is joined if need be.
    ChatWindow(ChatClient *client, MessageModel *model, QWidget *parent = nullptr);
    ~ChatWindow() override;

    //! Rooms joined from now on page their history from \a store (not owned).
    void setStore(MessageStore *store);
    //! Where the connect dialog keeps profiles and recent servers, and the window its layout
    //! (not owned). Without it, QSettings' defaults are used.
    void setSettings(QSettings *settings);

    //! Tells the user that this instance hosts a server at \a url (the address others would use)
    //! and how they join it; a loopback \a url says that only this computer can join and how to
    //! share. An empty \a url hides the notice.
    void setHostedServer(const QUrl &url);
    QUrl hostedServer() const { return m_hostedUrl; }

    //! The connection state in words, as the status bar shows it ("Connected",
    //! "Reconnecting in 4 s"…). \a retryMs is the time left before the next attempt, or -1.
    static QString stateText(IMConnector::State state, int retryMs = -1);

    //! The text of the connection part of the status bar (for tests and accessibility).
    QString connectionText() const;

    //! Sends \a text to the room shown (what the composer and the Send button do).
    void send(const QString &text);

    //! The joined rooms (sidebar, quick switcher, tray), owned by the window.
    RoomListModel *rooms() const { return m_rooms; }
    //! The members of the room shown.
    MemberModel *members() const { return m_members; }
    TrayNotifier *notifier() const { return m_notifier; }
    TypingIndicator *typingIndicator() const { return m_typing; }
    QuickSwitcher *quickSwitcher() const { return m_switcher; }
    //! The room shown ("" when there is none).
    QString currentRoom() const;
    //! \a room's messages, or null if it is not joined.
    MessageModel *modelFor(const QString &room) const;

    //! Joins (or creates: parley-server makes a room on first join) \a name and, if \a show,
    //! shows it. False, with a message in the status bar, for a name that is not one.
    bool joinRoom(const QString &name, bool show = true);
    //! Leaves \a room; the next room in the list (else the previous one) is shown.
    void leaveRoom(const QString &room);
    //! Shows \a room: its messages, members, typing line and draft.
    void showRoom(const QString &room);
    void setRoomMuted(const QString &room, bool muted);
    //! Ctrl+K.
    void openQuickSwitcher();
    //! Ctrl+N: asks for a room name, then joins it.
    void askToJoinRoom();
    //! "Connect to server…": the dialog; accepting it emits connectRequested().
    void openConnectDialog();
    void setMembersVisible(bool visible);
    bool membersVisible() const;
    //! Keeps the composer's text as the draft of the room shown (the window does it as one
    //! types; this is for a save at any moment).
    void saveDraft();

    //! Whether the user is looking at the window: active and not minimised. Unread counts and
    //! notifications for the room shown depend on it.
    bool isAttended() const;

    //! How far from the top of the conversation (px) scrolling back pages in older messages.
    static constexpr int kLoadOlderSlack = 4;

public Q_SLOTS:
    //! A transient note in the status bar (e.g. "finding out what the server speaks…").
    void showStatus(const QString &text);
    //! A problem, in the status bar for a while.
    void showError(const QString &text);

Q_SIGNALS:
    //! The user accepted the connect dialog: the app connects there.
    void connectRequested(const ConnectDialog::Choice &choice);
    void currentRoomChanged(const QString &room);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct ReadingPosition
    {
        bool atBottom = true;
        QPersistentModelIndex top; //!< the message at the top of the view
    };

    void init();
    void buildUi();
    void buildActions();
    void retranslate();
    void updateConnection();
    QPixmap stateDot(IMConnector::State state) const;
    //! Shows the client's last measured round trip while Connected, and nothing otherwise.
    void updateLatency();
    void updateServer();
    void updateTitle();
    void updateComposerState();
    void updateRoomHeader();
    void updateAttention();
    void rememberScrollPosition();
    void followNewRows(const QModelIndex &parent, int first, int last);
    MessageModel *ensureModel(const QString &room);
    void onComposerChanged();
    void switchBy(int delta);
    void scheduleLoadOlder();
    void loadOlder();
    void showShortcuts();
    void bringToFront();
    void saveSplitter();
    QSettings &settings();

    QPointer<ChatClient> m_client;
    MessageStore *m_store = nullptr;
    QSettings *m_settings = nullptr;
    std::unique_ptr<QSettings> m_ownSettings;
    RoomListModel *m_rooms = nullptr;
    MemberModel *m_members = nullptr;
    QHash<QString, MessageModel *> m_models;
    QPointer<MessageModel> m_externalModel; //!< given to the constructor, not owned
    QHash<QString, ReadingPosition> m_positions;
    QList<QMetaObject::Connection> m_modelConnections;

    QSplitter *m_splitter = nullptr;
    RoomList *m_roomList = nullptr;
    MemberList *m_memberList = nullptr;
    MessageView *m_view = nullptr;
    MessageDelegate *m_delegate = nullptr;
    TypingIndicator *m_typing = nullptr;
    QLabel *m_composerNotice = nullptr;
    Composer *m_composer = nullptr;
    QPushButton *m_sendButton = nullptr;
    QLabel *m_roomTitle = nullptr;
    QToolButton *m_membersButton = nullptr;
    QuickSwitcher *m_switcher = nullptr;
    TrayNotifier *m_notifier = nullptr;
    //! The one place to retry or reconnect; it also drives the status bar's countdown.
    ConnectionBanner *m_connectionBanner = nullptr;
    QLabel *m_hostBanner = nullptr;
    QLabel *m_stateDot = nullptr;  //!< green / amber / grey at a glance
    QLabel *m_connectionLabel = nullptr;
    QLabel *m_latencyLabel = nullptr;
    QLabel *m_serverLabel = nullptr;

    QMenu *m_appMenu = nullptr;
    QMenu *m_roomMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QMenu *m_trayMenu = nullptr;
    QAction *m_connectAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_joinAction = nullptr;
    QAction *m_switchAction = nullptr;
    QAction *m_nextAction = nullptr;
    QAction *m_previousAction = nullptr;
    QAction *m_muteAction = nullptr;
    QAction *m_leaveAction = nullptr;
    QAction *m_membersAction = nullptr;
    QAction *m_shortcutsAction = nullptr;
    QAction *m_showAction = nullptr;

    QUrl m_hostedUrl;
    QTimer m_loadOlderTimer;
    bool m_wasAtBottom = true;
    bool m_scrollPending = false;
    bool m_loadingDraft = false; //!< the composer's text is being set by the window, not typed
};
