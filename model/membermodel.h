#pragma once
// Who is in one room, for the members panel: one row per member, oneself first, then by name.
// It follows ChatClient for the room it shows (setRoom()).
//
// On a server with accounts the rows are people, by user id (ChatClient::peopleChanged()): two
// members who chose the same display name are two rows, told apart by their usernames
// ("dana (@dana2)"), and each has the presence the server reports (online, away). While our own
// link is down everybody's presence is Unknown: what we knew is not current any more.
// On servers without accounts the rows are the names of ChatClient::membersChanged(), everyone
// present shown Online, and presenceReported() is false so the panel can say so.
#include "person.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>
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
    using Presence = Person::Presence;

    enum Role {
        NameRole = Qt::UserRole + 1, //!< QString: the display name, "(@username)" when shared
        PresenceRole,                //!< Presence as int
        SelfRole,                    //!< bool: this is the user
        UserIdRole,                  //!< qint64: the account (0 on servers without accounts)
        UsernameRole,                //!< QString (empty on servers without accounts)
        LastSeenRole,                //!< QDateTime, for Offline
        GuestRole,                   //!< bool: a guest (no direct messages)
    };
    Q_ENUM(Role)

    explicit MemberModel(QObject *parent = nullptr);
    ~MemberModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    //! Follows \a client's member lists, people and presence (and takes one's own id from it).
    void connectClient(ChatClient *client);
    //! Shows \a room's members (from the client when one is connected, else none).
    void setRoom(const QString &room);
    QString room() const { return m_room; }

    //! Replaces the members by names (servers without accounts): rows that stay are kept (no
    //! reset, so a view keeps its current row), the others removed or inserted in sorted place.
    //! Duplicates and blanks are dropped.
    void setMembers(const QStringList &names);
    //! Replaces the members by people (servers with accounts), by id, the same way.
    void setPeople(const QList<Person> &people);
    //! Rows' labels in display order.
    QStringList members() const;
    int rowOf(const QString &label) const;
    int rowOfUser(qint64 userId) const;

    //! Who one is: listed first and marked SelfRole (by id when \a userId > 0, else by name).
    void setSelf(qint64 userId, const QString &name);
    void setSelfName(const QString &name) { setSelf(0, name); }
    QString selfName() const { return m_selfName; }

    //! Whether the server reports presence (true once people came; false for name lists, where
    //! everyone present is Online). The panel says so in its tooltip.
    bool presenceReported() const { return m_byPeople; }
    //! Sets \a userId's presence (and \a lastSeen) while that person stays listed.
    void setPresence(qint64 userId, Presence presence, const QDateTime &lastSeen = {});
    //! Presence as shown: Unknown for everyone with accounts while the link is down.
    Presence presence(int row) const;
    int count(Presence presence) const;
    //! Our own link is up (presence is current) or down (shown as Unknown).
    void setLinkUp(bool up);

Q_SIGNALS:
    void roomChanged(const QString &room);
    void countChanged(int count);

private:
    struct Member
    {
        Person person; //!< id 0 for a name-only member
        QString label; //!< display name, with "(@username)" when another member shares it
    };
    bool isSelf(const Member &m) const;
    bool lessThan(const Member &a, const Member &b) const;
    int insertRow(const Member &m) const;
    //! Replaces the rows with \a wanted (keyed by id, else by label) without a reset.
    void replaceRows(const QList<Member> &wanted);
    //! Recomputes the "(@username)" suffixes; emits dataChanged for the rows whose label changed.
    void relabel(QList<Member> *members) const;
    void resort();

    QString m_room;
    qint64 m_selfId = 0;
    QString m_selfName;
    QList<Member> m_members;
    bool m_byPeople = false;
    bool m_linkUp = true;
    QPointer<ChatClient> m_client;
};
