// ChatClient, its accounts part: people, presence, direct rooms, devices and sign-out (servers
// with ChatProtocol::Capabilities::accounts). A translation unit of its own so that chatclient.cpp
// keeps to the link, the rooms and the outbox.
#include "chatclient.h"

#include "logging.h"

void ChatClient::wireAccounts()
{
    ChatProtocol *p = m_protocol.get();
    connect(p, &ChatProtocol::peopleChanged, this, [this](const QString &room, const QList<Person> &people) {
        if (!m_rooms.contains(room))
            return; // not ours (any more): nothing to keep
        m_people.setPeople(room, people);
        Q_EMIT peopleChanged(room, people);
    });
    connect(p, &ChatProtocol::peopleDelta, this,
            [this](const QString &room, const QList<Person> &joined, const QList<qint64> &left) {
                if (!m_rooms.contains(room) || !m_people.applyDelta(room, joined, left))
                    return;
                const QList<Person> people = m_people.people(room);
                m_members.insert(room, PeopleBook::displayNames(people)); // as a "members" list says
                Q_EMIT membersChanged(room, m_members.value(room));
                Q_EMIT peopleChanged(room, people);
            });
    connect(p, &ChatProtocol::presenceChanged, this, [this](const Person &person) {
        m_people.remember(person);
        Q_EMIT presenceChanged(person);
    });
    connect(p, &ChatProtocol::directOpened, this, &ChatClient::onDirectOpened);
    connect(p, &ChatProtocol::directFailed, this, [this](qint64 userId, const QString &error) {
        const Person who = m_people.person(userId);
        if (!who.isValid()) {
            Q_EMIT errorOccurred(tr("Could not open the conversation: %1").arg(error));
            return;
        }
        Q_EMIT errorOccurred(tr("Could not open a conversation with %1: %2").arg(who.displayName, error));
    });
    connect(p, &ChatProtocol::devicesReceived, this, &ChatClient::devicesReceived);
    connect(p, &ChatProtocol::accountRequestFailed, this, [this](const QString &error) {
        Q_EMIT errorOccurred(tr("The server refused the request: %1").arg(error));
    });
    connect(p, &ChatProtocol::sessionEnded, this, &ChatClient::onSessionEnded);
}

QList<Person> ChatClient::people(const QString &room) const { return m_people.people(room); }
Person ChatClient::person(qint64 userId) const { return m_people.person(userId); }
Person ChatClient::directPeer(const QString &room) const { return m_people.directPeer(room); }

bool ChatClient::accountsReachable()
{
    if (isReady() && capabilities().accounts)
        return true;
    Q_EMIT errorOccurred(tr("Not connected to a server with accounts; try again once connected."));
    return false;
}

void ChatClient::openDirect(qint64 userId)
{
    if (accountsReachable())
        m_protocol->openDirect(userId);
}

void ChatClient::openDirectByName(const QString &username)
{
    if (accountsReachable())
        m_protocol->openDirectByName(username);
}

void ChatClient::onDirectOpened(const QString &room, const Person &peer)
{
    if (!m_people.setDirectPeer(room, peer) && !m_rooms.contains(room))
        return; // over PeopleBook::kMaxDirectRooms: a server cannot make us join rooms without end
    joinRoom(room); // a no-op when joined already
    Q_EMIT directOpened(room, peer);
}

void ChatClient::setAway(bool away)
{
    if (m_away == away)
        return;
    m_away = away;
    if (isReady() && capabilities().accounts)
        m_protocol->sendPresence(away);
}

void ChatClient::requestDevices()
{
    if (accountsReachable())
        m_protocol->requestDevices();
}

void ChatClient::revokeDevice(const QString &tokenId)
{
    if (accountsReachable())
        m_protocol->revokeDevice(tokenId);
}

void ChatClient::signOut()
{
    if (accountsReachable())
        m_protocol->signOut();
}

void ChatClient::onSessionEnded(const QString &reason)
{
    // The token is no good any more: reconnecting with it would only be refused.
    qCInfo(lcChat).noquote() << "session ended by the server:" << reason;
    disconnectFromServer();
    Q_EMIT sessionEnded(reason);
}
