#pragma once
// Who is in one room, for the members panel: one row per member, oneself first, then by name.
// It follows ChatClient::membersChanged() for the room it shows (setRoom()).
//
// Presence: parley-server only says who is *in* the room (a member list per join, leave and
// disconnect), not whether they are at their keyboard. So everyone listed is Online, and
// presenceReported() is false so the panel can say so. The model keeps a Presence per member and
// setPresence() so that a server that reports "away" can be followed later without changing the
// panel: members not listed are simply gone (there is no "offline" row).
#include <QAbstractListModel>
#include <QHash>
#include <QPointer>
#include <QStringList>

class ChatClient;

//! Qt::AccessibleTextRole says a row in words ("alice (you), online") for screen readers.
class MemberModel : public QAbstractListModel
{
    Q_OBJECT
    Q_PROPERTY(QString room READ room NOTIFY roomChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    enum class Presence {
        Online, //!< in the room (all parley-server can say)
        Away,   //!< in the room but idle (for servers that report it; none does yet)
    };
    Q_ENUM(Presence)

    enum Role {
        NameRole = Qt::UserRole + 1, //!< QString
        PresenceRole,                //!< Presence as int
        SelfRole,                    //!< bool: this is the user
    };
    Q_ENUM(Role)

    explicit MemberModel(QObject *parent = nullptr);
    ~MemberModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    //! Follows \a client's member lists (and takes the user's own name from it).
    void connectClient(ChatClient *client);
    //! Shows \a room's members (ChatClient::members() when a client is connected, else none).
    void setRoom(const QString &room);
    QString room() const { return m_room; }

    //! Replaces the members: rows that stay are kept (no reset, so a view keeps its current row),
    //! the others are removed or inserted in sorted place. Duplicates and blanks are dropped.
    void setMembers(const QStringList &names);
    //! Members in display order.
    QStringList members() const;
    int rowOf(const QString &name) const;

    //! The user's own name: listed first and marked SelfRole.
    void setSelfName(const QString &name);
    QString selfName() const { return m_self; }

    //! Whether the server reports away/online (false for parley-server: everyone present is
    //! Online). The panel says so in its tooltip.
    bool presenceReported() const { return m_presenceReported; }
    void setPresenceReported(bool reported) { m_presenceReported = reported; }
    //! Sets \a name's presence (kept while the member stays listed).
    void setPresence(const QString &name, Presence presence);
    Presence presence(const QString &name) const;
    int count(Presence presence) const;

Q_SIGNALS:
    void roomChanged(const QString &room);
    void countChanged(int count);

private:
    //! Display order: oneself first, then case-insensitively by name.
    bool lessThan(const QString &a, const QString &b) const;
    int insertRow(const QString &name) const;

    QString m_room;
    QString m_self;
    QStringList m_names;
    QHash<QString, Presence> m_presence; //!< only entries that are not Online
    bool m_presenceReported = false;
    QPointer<ChatClient> m_client;
};
