#pragma once
// SessionModels: the models of one server's session, owned by the app rather than by a window:
// the rooms one is in (RoomListModel), who is in the room shown (MemberModel) and one MessageModel
// per joined room, made when the room is joined. It also keeps the rooms of a server across
// starts: their order, muted flags, drafts and the room shown, in QSettings.
//
// Why a class of its own: a window arranges panes and may be closed or replaced; the session's
// state (which rooms, what was typed there, what has been read) belongs to the session. Nothing
// here needs Widgets, so all of it is tested without a window.
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <optional>

class ChatClient;
class MemberModel;
class MessageModel;
class MessageStore;
struct Person;
class QSettings;
class QUrl;
class RoomListModel;

class SessionModels : public QObject
{
    Q_OBJECT
public:
    //! The models over \a client; rooms joined page their history from \a store, if any. Neither
    //! is owned: the store must outlive this object, the client may go first.
    explicit SessionModels(ChatClient *client, MessageStore *store = nullptr,
                           QObject *parent = nullptr);
    ~SessionModels() override;

    ChatClient *client() const;
    MessageStore *store() const { return m_store; }
    //! The joined rooms (sidebar, quick switcher, tray).
    RoomListModel *rooms() const { return m_rooms; }
    //! The members of the room shown (setCurrentRoom()).
    MemberModel *members() const { return m_members; }

    //! \a room's messages, or null if it is not joined.
    MessageModel *modelFor(const QString &room) const;
    //! Uses \a model (not owned; it must already follow the client) for its room instead of
    //! making one when that room is joined. For a caller that built the model itself.
    void adoptModel(MessageModel *model);

    //! Joins \a name (made a room name with RoomListModel::normalizedName()): lists it, makes its
    //! MessageModel and asks the client to join. Returns the room name, or "" for a name that is
    //! not one. A room already listed is left as it is.
    QString joinRoom(const QString &name);
    //! Leaves \a room: the client leaves, the row goes and so does the room's own model. False if
    //! it was not listed.
    bool leaveRoom(const QString &room);
    //! The room shown ("" for none): marked read while visible, its members listed.
    void setCurrentRoom(const QString &room);
    QString currentRoom() const;

    //! Writes the joined rooms of \a server (its identity) in order, with muted flags, drafts and
    //! the room shown, to \a settings.
    void save(QSettings &settings, const QUrl &server) const;
    //! Joins the rooms saved for \a server in their order with their muted flags and drafts, then
    //! \a room if \a roomGiven (or if nothing was saved: the first start on a server). Returns the
    //! room to show: \a room if given, else the one shown last time, else the first.
    QString restore(QSettings &settings, const QUrl &server, const QString &room, bool roomGiven);

    //! Shows the direct room with \a userId: at once (directReady()) when it is listed, else
    //! once the server opened it (ChatClient::openDirect()).
    void openDirect(qint64 userId);
    //! The same for the person with \a username ("@bob" in the quick switcher).
    void openDirectByName(const QString &username);

Q_SIGNALS:
    //! The direct room the user asked for with openDirect() is listed: show it.
    void directReady(const QString &room);
    //! Something that save() writes changed: rooms joined or left, the room shown, a muted flag
    //! or a draft. Unread counts and previews are not saved and do not emit it.
    void savedStateChanged();

private:
    //! The person of the last openDirect() or openDirectByName() not answered yet: by user id,
    //! or by username (ignoring case) when one is given.
    struct DirectWanted
    {
        qint64 userId = 0;
        QString username;
        bool matches(const Person &peer) const;
    };

    MessageModel *ensureModel(const QString &room);

    QPointer<ChatClient> m_client;
    MessageStore *m_store = nullptr;
    RoomListModel *m_rooms = nullptr;
    MemberModel *m_members = nullptr;
    QHash<QString, MessageModel *> m_models; //!< owned when their parent is this object
    std::optional<DirectWanted> m_directWanted; //!< none: no direct room is awaited
};
