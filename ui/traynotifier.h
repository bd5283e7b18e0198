#pragma once
// TrayNotifier: the tray icon (with the unread count in its tooltip and as a badge on the icon)
// and the desktop notifications for new messages.
//
// Why a class of its own: whether to interrupt someone is a decision worth testing, and a test
// has no tray (offscreen, Xvfb). The decision (shouldNotify()) takes the window's state from an
// injectable check and says yes through notificationRequested(); only then, and only if there is
// a tray, does QSystemTrayIcon::showMessage() run. Without a tray (isSystemTrayAvailable() false)
// everything else still works: the window shows unread counts in its sidebar and title.
//
// A notification is requested for a live message of someone else, in a room that is not muted,
// while the window is not active (or minimised). History pages (catching up) never notify: the
// unread counts show them. A burst in one room gives one notification per kRoomInterval.
#include <QDeadlineTimer>
#include <QHash>
#include <QIcon>
#include <QObject>
#include <QPointer>

#include <chrono>
#include <functional>

class ChatClient;
class QMenu;
class QSystemTrayIcon;
class RoomListModel;
struct ChatMessage;

class TrayNotifier : public QObject
{
    Q_OBJECT
public:
    //! Says whether the user is looking at the window (then nothing is notified).
    using ActiveCheck = std::function<bool()>;

    //! How long a notification shows (a hint to the platform).
    static constexpr std::chrono::milliseconds kNotificationTimeout{8000};
    //! At most one notification per room this often; the unread count tells the rest.
    static constexpr std::chrono::milliseconds kRoomInterval{5000};
    //! Characters of a message shown in a notification.
    static constexpr int kPreviewChars = 160;
    //! Size of the tray icon image the badge is drawn on (the platform scales it).
    static constexpr int kIconSize = 64;

    //! Counts unread messages in \a rooms (not owned) for the tooltip and badge.
    explicit TrayNotifier(RoomListModel *rooms, QObject *parent = nullptr);
    ~TrayNotifier() override;

    //! Follows \a client's live messages (not owned).
    void connectClient(ChatClient *client);
    void setActiveCheck(ActiveCheck check) { m_isActive = std::move(check); }
    //! Whether a message that mentions the user ("@username") notifies even in a muted room
    //! (default kDefaultMentionsInMutedRooms; settings key notifications/mentionsInMutedRooms).
    void setMentionsInMutedRooms(bool on) { m_mentionsInMutedRooms = on; }
    static constexpr bool kDefaultMentionsInMutedRooms = true;
    //! For tests: the per-room interval (default kRoomInterval).
    void setRoomInterval(std::chrono::milliseconds interval) { m_interval = interval; }

    //! Shows the tray icon if the platform has a tray; false (and nothing shown) otherwise.
    bool setTrayVisible(bool visible);
    bool isTrayVisible() const;
    //! The tray's context menu (Show Parley, Quit), owned by the caller's window; may be null.
    void setTrayMenu(QMenu *menu);
    //! The tray icon, or null when there is no tray.
    QSystemTrayIcon *trayIcon() const { return m_tray; }

    //! Whether \a message would be notified now (without the per-room interval).
    bool shouldNotify(const ChatMessage &message) const;
    //! Considers \a message: emits notificationRequested() if it should be notified.
    void consider(const ChatMessage &message);

    //! "Parley", or "Parley — 3 unread".
    QString toolTip() const;
    //! \a base with \a count drawn as a badge (none for 0), "99+" above 99.
    static QIcon badgeIcon(const QIcon &base, int count);
    //! The notification's title and text for \a message (plain text, shortened).
    static QString titleFor(const ChatMessage &message);
    static QString textFor(const ChatMessage &message);

Q_SIGNALS:
    //! A notification for \a room should be shown. The tray shows it if there is one.
    void notificationRequested(const QString &room, const QString &title, const QString &text);
    //! The user clicked the notification for \a room.
    void roomActivated(const QString &room);
    //! The user clicked the tray icon: show and raise the window.
    void showRequested();

private:
    void updateTray();
    void show(const QString &room, const QString &title, const QString &text);

    QPointer<RoomListModel> m_rooms;
    QPointer<ChatClient> m_client;
    ActiveCheck m_isActive;
    std::chrono::milliseconds m_interval = kRoomInterval;
    bool m_mentionsInMutedRooms = kDefaultMentionsInMutedRooms;
    QHash<QString, QDeadlineTimer> m_quietUntil; //!< per room
    QSystemTrayIcon *m_tray = nullptr;
    QIcon m_baseIcon;
    QString m_lastRoom; //!< the room of the notification on screen (clicking it opens it)
};
