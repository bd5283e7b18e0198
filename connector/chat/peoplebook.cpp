#include "peoplebook.h"

#include "logging.h"

#include <QSet>

void PeopleBook::setPeople(const QString &room, const QList<Person> &people)
{
    m_people.insert(room, people);
    for (const Person &p : people)
        remember(p);
}

Person PeopleBook::shown(Person p) const
{
    if (!m_current)
        p.presence = Person::Presence::Unknown;
    return p;
}

QList<Person> PeopleBook::people(const QString &room) const
{
    QList<Person> out = m_people.value(room);
    for (Person &p : out)
        p = shown(m_persons.value(p.id, p));
    return out;
}

bool PeopleBook::applyDelta(const QString &room, const QList<Person> &joined, const QList<qint64> &left)
{
    const auto it = m_people.find(room);
    if (it == m_people.end())
        return false;
    QList<Person> &members = *it;
    const QSet<qint64> gone(left.cbegin(), left.cend());
    members.removeIf([&gone](const Person &p) { return gone.contains(p.id); });
    QHash<qint64, qsizetype> index;
    for (qsizetype i = 0; i < members.size(); ++i)
        index.insert(members.at(i).id, i);
    for (const Person &p : joined) {
        if (!p.isValid() || gone.contains(p.id))
            continue;
        remember(p);
        const auto at = index.constFind(p.id);
        if (at != index.cend()) {
            members[*at] = p;
        } else if (members.size() < kMaxPersons) {
            index.insert(p.id, members.size());
            members.append(p);
        }
    }
    return true;
}

QStringList PeopleBook::displayNames(const QList<Person> &people)
{
    QStringList names;
    QSet<QString> seen;
    for (const Person &p : people) {
        if (!seen.contains(p.displayName)) {
            seen.insert(p.displayName);
            names << p.displayName;
        }
    }
    return names;
}

void PeopleBook::forgetRoom(const QString &room)
{
    m_people.remove(room);
}

void PeopleBook::remember(const Person &person)
{
    if (!person.isValid())
        return;
    const auto it = m_persons.find(person.id);
    if (it != m_persons.end()) {
        *it = person;
        return;
    }
    if (m_persons.size() >= kMaxPersons) {
        qCWarning(lcChat) << "more than" << kMaxPersons << "people known; person" << person.id << "not remembered";
        return;
    }
    m_persons.insert(person.id, person);
}

Person PeopleBook::person(qint64 userId) const
{
    return shown(m_persons.value(userId));
}

bool PeopleBook::setDirectPeer(const QString &room, const Person &peer)
{
    if (!peer.isValid())
        return false;
    if (!m_directs.contains(room) && m_directs.size() >= kMaxDirectRooms) {
        qCWarning(lcChat) << "more than" << kMaxDirectRooms << "direct rooms; one more not remembered";
        return false;
    }
    m_directs.insert(room, peer);
    remember(peer);
    return true;
}

Person PeopleBook::directPeer(const QString &room) const
{
    const Person peer = m_directs.value(room);
    return peer.isValid() ? shown(m_persons.value(peer.id, peer)) : Person{};
}
