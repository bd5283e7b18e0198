#pragma once
// PeopleBook: what ChatClient knows of people on a server with accounts: each room's members as
// people, every person seen (by id: from member lists, presence events, direct rooms) with their
// latest presence, and the other person of each direct room. Pure bookkeeping, no signals.
//
// While our own link is down nothing known of anybody's presence is current: then every answer
// says presence Unknown (setCurrent()).
//
// Bounded, since a server drives it: past kMaxPersons known people a new id is not remembered
// (its room lists still carry it), past kMaxDirectRooms a new direct room is not either.
#include "person.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

class PeopleBook
{
public:
    //! Whether what is known of presence is current (our link is up and signed in).
    void setCurrent(bool current) { m_current = current; }

    //! \a room's members are now \a people (in joining order); each is remembered.
    void setPeople(const QString &room, const QList<Person> &people);
    //! \a room's members, each as last known (a later presence change included).
    QList<Person> people(const QString &room) const;
    //! Applies a "membersDelta" to \a room's members: \a left (ids) go, \a joined come at the end
    //! or replace who they were (applying one twice changes nothing). False when \a room has no
    //! list to change (never joined, or forgotten): a delta needs the join answer's list first.
    //! Bounded like the list: past kMaxPersons members of a room the joiner is not added.
    bool applyDelta(const QString &room, const QList<Person> &joined, const QList<qint64> &left);
    void forgetRoom(const QString &room);
    //! The display names of \a people, each once, in order: a room's "members" names.
    static QStringList displayNames(const QList<Person> &people);
    //! \a person as the server now describes them (a presence change, a member list…).
    void remember(const Person &person);
    //! The latest known of \a userId; an invalid Person when nobody by that id is known.
    Person person(qint64 userId) const;
    //! \a room is the direct room with \a peer (remembered too). False if over the bound.
    bool setDirectPeer(const QString &room, const Person &peer);
    //! The other person of direct room \a room, as last known; invalid when it is not one of ours.
    Person directPeer(const QString &room) const;
    int personCount() const { return int(m_persons.size()); }
    int directCount() const { return int(m_directs.size()); }

    static constexpr int kMaxPersons = 20'000;
    static constexpr int kMaxDirectRooms = 10'000;

private:
    //! \a p as it may be shown now (presence Unknown unless current).
    Person shown(Person p) const;

    bool m_current = false;
    QHash<QString, QList<Person>> m_people;
    QHash<qint64, Person> m_persons;
    //! Direct room → its peer as last told (m_persons has the latest when the peer is remembered).
    QHash<QString, Person> m_directs;
};
