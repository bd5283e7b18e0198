#pragma once
// The rooms the user is in, for the sidebar, the quick switcher and the tray: one row per joined
// room with what a person wants to know at a glance (unread messages, muted, last activity, the
// draft waiting in the composer). The list follows ChatClient's signals; which room is joined is
// decided by the window (it calls ChatClient::joinRoom()/leaveRoom() and addRoom()/removeRoom()).
#include "chatmessage.h"
#include "person.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QList>
#include <QPointer>
#include <QSet>
#include <QStringList>

class ChatClient;
class QSettings;
class QUrl;

//! Rows stay in the order the rooms were joined (and restored): a sidebar whose rows move
//! whenever someone writes is hard to use with the mouse or by muscle memory.
//!
//! What counts as unread: messages of others arriving in a room the user is not looking at (not
//! the current room, or the current room while the window is not visible or not active, see
//! setCurrentRoomVisible()). History pages that arrive while a room is caught up for the first time
//! after joining (ChatClient::roomSynced() not yet seen) are not counted: they are the room's
//! past, not news. Pages after a reconnect are counted (they are what was missed). Older messages
//! (scrolling back) never count: a message whose seq is not above the newest seq seen is old.
//! Muted rooms still count their unread messages, but totalUnread() leaves them out (the tray and
//! notifications ignore muted rooms).
//!
//! Direct rooms (a private conversation with one person, DirectRoomName) are rows like any room,
//! shown under the other person's name (TitleRole) with their presence; the name is kept with the
//! rooms in the settings so that the row reads right before the link is up.
//!
//! Qt::AccessibleTextRole says the row in words ("Room dev, 3 unread, muted") for screen readers,
//! since the sidebar draws the count and the bell rather than writing them.
class RoomListModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(int totalUnread READ totalUnread NOTIFY totalUnreadChanged)
    Q_PROPERTY(QString currentRoom READ currentRoom WRITE setCurrentRoom NOTIFY currentRoomChanged)
public:
    enum Role {
        NameRole = Qt::UserRole + 1, //!< QString, without '#'
        UnreadRole,                  //!< int
        MutedRole,                   //!< bool
        LastActivityRole,            //!< QDateTime (UTC) of the newest message seen; invalid if none
        LastSenderRole,              //!< QString, sender of the newest message
        LastTextRole,                //!< QString, text of the newest message (plain, untrusted)
        DraftRole,                   //!< QString, what was typed and not sent
        CurrentRole,                 //!< bool, the room shown in the window
        JoinedRole,                  //!< bool, the server acknowledged the join on this link
        LastOwnRole,                 //!< bool, the newest message is one's own
        TitleRole,                   //!< QString: the room's name, or a direct room's person
        DirectRole,                  //!< bool: a direct room (TitleRole is the other person)
        PeerIdRole,                  //!< qint64: the other person of a direct room (else 0)
        PeerPresenceRole,            //!< Person::Presence as int (Unknown while the link is down)
        ReadSeqRole,                 //!< qint64: the newest seq the user has seen here
        MentionsRole,                //!< int: unread messages that mention the user ("@username")
    };
    Q_ENUM(Role)

    //! Longest room name accepted by normalizedName() (parley-server's default limit).
    static constexpr int kMaxNameLength = 200;

    explicit RoomListModel(QObject *parent = nullptr);
    ~RoomListModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    //! What the user typed as a room name, made into one: trimmed, a leading '#' dropped. Empty
    //! when nothing is left or it is longer than kMaxNameLength.
    static QString normalizedName(const QString &text);

    //! Adds \a room (normalizedName()) at the end; returns its row (the existing row if it is
    //! there already), or -1 for an invalid name.
    int addRoom(const QString &room);
    //! Removes \a room; false if it was not there. If it was the current room, no room is current.
    bool removeRoom(const QString &room);
    bool contains(const QString &room) const { return rowOf(room) >= 0; }
    int rowOf(const QString &room) const;
    //! Room names in display order.
    QStringList rooms() const;
    QString roomAt(int row) const;

    //! The room shown in the window ("" for none); it is marked read while visible.
    QString currentRoom() const { return m_current; }
    void setCurrentRoom(const QString &room);
    //! Whether the user can see the current room (window shown and active). While false, the
    //! current room counts unread messages too; becoming true marks it read.
    void setCurrentRoomVisible(bool visible);
    bool isCurrentRoomVisible() const { return m_currentVisible; }

    int unread(const QString &room) const;
    //! Unread messages of \a room that mention the user.
    int mentions(const QString &room) const;
    //! Whether \a message (someone else's) mentions the user: "@" and their username.
    bool mentionsMe(const ChatMessage &message) const;
    //! Unread messages in rooms that are not muted.
    int totalUnread() const;
    void markRead(const QString &room);
    //! The newest seq the user has seen in \a room (kept across restarts; 0 unknown).
    qint64 readSeq(const QString &room) const;
    //! Where the "New messages" line goes in \a room: after this seq, the read position when the
    //! room was last opened with unread messages; 0 for no line. It stays while the room is shown
    //! and goes when another room is.
    qint64 unreadLineAfter(const QString &room) const;
    //! The most unread messages kept per room across a restart, and the longest preview text.
    static constexpr int kMaxSavedUnread = 1'000'000;
    static constexpr int kMaxSavedPreview = 200;

    bool isMuted(const QString &room) const;
    void setMuted(const QString &room, bool muted);

    QString draft(const QString &room) const;
    void setDraft(const QString &room, const QString &text);

    //! What to call \a room: its name, or for a direct room the other person's display name
    //! (the room's name until the person is known).
    QString title(const QString &room) const;
    bool isDirect(const QString &room) const;
    //! How a sentence names \a room: "#lobby", or for a direct room the person ("Alice").
    QString label(const QString &room) const;
    //! \a room is the direct room with \a peer: shown under their name, with their presence.
    void setPeer(const QString &room, const Person &peer);
    Person peer(const QString &room) const;
    //! The direct room with \a userId, if listed ("" otherwise).
    QString directRoomWith(qint64 userId) const;
    //! \a userId's presence changed: the direct room with them shows it.
    void setPeerPresence(qint64 userId, Person::Presence presence, const QDateTime &lastSeen);

    bool isJoined(const QString &room) const;
    void setJoined(const QString &room, bool joined);

    //! Notes a message (others' or one's own) for its room: last activity, preview and unread
    //! (see the class comment). \a live is false for history pages. Room-less messages (classic
    //! servers) belong to the current room.
    void noteMessage(const ChatMessage &message, bool live = true);
    void noteMessages(const QList<ChatMessage> &messages, bool live = false);
    //! From now on, history pages for \a room count as unread (see the class comment).
    void noteSynced(const QString &room);

    //! Follows \a client: messages, one's own messages, joins and syncs, link loss (JoinedRole).
    void connectClient(ChatClient *client);

    //! Writes the joined rooms (in order), the muted ones, the drafts, the current room and each
    //! room's unread count, read position and preview for \a server (its ServerMemory::key()) to
    //! \a settings, group "rooms".
    void save(QSettings &settings, const QUrl &server) const;
    //! Adds the rooms saved for \a server with their muted flags and drafts; returns them.
    QStringList restore(QSettings &settings, const QUrl &server);
    //! The rooms saved for \a server, in order.
    static QStringList savedRooms(QSettings &settings, const QUrl &server);
    //! The room that was shown when the rooms of \a server were saved ("" if none).
    static QString savedCurrentRoom(QSettings &settings, const QUrl &server);

Q_SIGNALS:
    void totalUnreadChanged(int total);
    void currentRoomChanged(const QString &room);

private:
    struct Room
    {
        QString name;
        int unread = 0;
        int mentions = 0; //!< of the unread ones, those that mention the user
        bool muted = false;
        bool joined = false;
        bool synced = false; //!< roomSynced() seen since the room was added
        qint64 lastSeq = 0;  //!< newest seq seen (older messages are not news)
        qint64 readSeq = 0;  //!< newest seq the user has seen (shown while visible)
        qint64 lineAfter = 0; //!< unreadLineAfter()
        QDateTime lastActivity;
        QString lastSender;
        QString lastText;
        bool lastOwn = false;
        QString draft;
        Person peer; //!< a direct room's other person (id 0 otherwise)
    };

    void changed(int row, const QList<int> &roles);
    void setUnread(int row, int unread);
    //! Whether a message of others in \a row counts as unread right now.
    bool counts(int row) const;
    void emitTotalIfChanged();
    static QString settingsGroup(const QUrl &server);

    QList<Room> m_rooms;
    QString m_current;
    bool m_currentVisible = true;
    int m_lastTotal = 0;
    QPointer<ChatClient> m_client;
    bool m_linkUp = false;
};
