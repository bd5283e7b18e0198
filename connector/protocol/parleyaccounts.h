#pragma once
// ParleyAccounts: the account side of parley-server's events (docs/protocol.md, "Accounts' events
// and identities", "Direct messages", "People and presence"), kept apart from ParleyProtocol's
// rooms and messages. It asks (openDirect, directs, presence, tokens, revokeToken, signOut) and
// reads what the server sends by itself (presence, direct, auth); ParleyProtocol forwards its
// signals as its own.
//
// What comes from the server is checked before anyone sees it: a direct room must be a well-formed
// direct room name of ours, and its peer the other account of that name, else it is ignored.
#include "chatmessage.h"
#include "devicetoken.h"
#include "person.h"

#include <QJsonArray>
#include <QObject>
#include <functional>

class SocketIoSession;

class ParleyAccounts : public QObject
{
    Q_OBJECT
public:
    //! \a session (not owned) carries the events; \a ownId says who this session is (0 when
    //! nobody is signed in): direct rooms are checked against it.
    ParleyAccounts(SocketIoSession *session, std::function<qint64()> ownId, QObject *parent = nullptr);

    //! Handles \a event if it is an account event ("presence", "direct", "auth"); false otherwise.
    bool handleEvent(const QString &event, const QJsonArray &args);

    void openDirect(qint64 userId);
    //! As openDirect(), by username; a refusal is directFailed(0, error).
    void openDirectByName(const QString &username);
    void requestDirects();
    void sendPresence(bool away);
    void requestDevices();
    void revokeDevice(const QString &tokenId);
    void signOut();

    //! Longest reason of an "auth" event kept (characters).
    static constexpr int kMaxReasonLength = 200;

Q_SIGNALS:
    void presenceChanged(const Person &person);
    void directOpened(const QString &room, const Person &peer);
    void directFailed(qint64 userId, const QString &error);
    //! The message of a "direct" event, after directOpened() for its room.
    void messageReceived(const ChatMessage &message);
    void devicesReceived(const QList<DeviceToken> &devices);
    void accountRequestFailed(const QString &error);
    void sessionEnded(const QString &reason);

private:
    //! \a peer of \a room if the room is one of ours and the peer its other account; else nullopt
    //! (logged: the server said something it must not).
    std::optional<Person> checkedPeer(const QString &room, const QJsonValue &peer) const;
    //! Sends "openDirect" for \a who (the person asked for: \a userId, else \a username).
    void askForDirect(const QJsonObject &who, qint64 userId, const QString &username);
    void onDirectEvent(const QJsonObject &o);
    //! Sends \a event; calls \a onOk with the ack's object when it says ok, else logs and reports
    //! accountRequestFailed() (or, when not ready, "not connected") unless \a quiet: what the
    //! client asks by itself (presence, directs at sign-in) is not the user's problem when refused.
    static constexpr bool kQuiet = true;
    void request(const QString &event, const QJsonArray &args, std::function<void(const QJsonObject &)> onOk,
                 bool quiet = false);

    SocketIoSession *m_session;
    std::function<qint64()> m_ownId;
};
