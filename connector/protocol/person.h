#pragma once
// Person: somebody on a parley-server as the server describes them (the "people" of a member list,
// a direct room's peer, a presence change; docs/protocol.md). Two people may share a display name,
// never an id: everything the client decides about a person (own messages, direct rooms, presence)
// goes by id.
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <optional>

struct Person
{
    //! What the server says of somebody's presence. Unknown: the server did not say, or our own
    //! link is down (then nothing we knew is current).
    enum class Presence { Unknown, Online, Away, Offline };

    qint64 id = 0;
    QString username;
    QString displayName;
    bool guest = false;
    Presence presence = Presence::Unknown;
    QDateTime lastSeen; //!< for Offline, when known (UTC)

    bool isValid() const { return id > 0; }
    //! "alice" → Presence::Online etc.; Unknown for anything else.
    static Presence presenceFromWire(const QString &text);
    static QString presenceToWire(Presence presence);
    //! From a person object {id, username, displayName, guest, presence, lastSeen}; nullopt unless
    //! it has a positive integer id and a non-empty username. Names are cut to kMaxNameLength.
    static std::optional<Person> fromJson(const QJsonObject &o);
    //! The valid people of a JSON array, at most \a max of them (a hostile list stays bounded),
    //! each id once (the first wins).
    static QList<Person> listFromJson(const QJsonValue &array, int max = kMaxPeople);
    bool operator==(const Person &o) const;

    //! Longest username or display name kept (characters).
    static constexpr int kMaxNameLength = 256;
    //! Most people read from one list.
    static constexpr int kMaxPeople = 10'000;
};
Q_DECLARE_METATYPE(Person)
