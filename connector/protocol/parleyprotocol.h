#pragma once
// parley-server's chat events (docs/protocol.md) over Socket.IO: join/leave/members, chat messages
// with acknowledgements carrying the room's sequence number, history, typing. Also understands
// the classic socket.io chat's bare-string "chat message" broadcasts.
#include "chatprotocol.h"

#include <QJsonArray>
#include <optional>

class IMConnector;
class SocketIoSession;

class ParleyProtocol : public ChatProtocol
{
    Q_OBJECT
public:
    explicit ParleyProtocol(IMConnector *connector, QObject *parent = nullptr);

    QString name() const override { return QStringLiteral("parley"); }
    Capabilities capabilities() const override;
    QUrl endpointUrl(const QUrl &serverUrl) const override;
    void setUserName(const QString &name) override;
    void setSignIn(const SignIn &signIn) override;
    Identity identity() const override { return m_identity; }
    bool isReady() const override;

    void join(const QString &room) override;
    void leave(const QString &room) override;
    bool send(const ChatMessage &message) override;
    void requestHistory(const QString &room, qint64 after, qint64 before, int limit) override;
    void sendTyping(const QString &room) override;

    SocketIoSession *session() const { return m_session; }

    //! A "chat message" payload (object or bare string) as a ChatMessage; false if neither.
    static bool parseMessage(const QJsonValue &payload, ChatMessage *out);

private:
    void onEvent(const QString &event, const QJsonArray &args, qint64 ackId);
    void onSessionReady();
    //! The auth object of the next connect: the sign-in, else (a server without accounts) the name.
    void updateAuth();

    SocketIoSession *m_session;
    QString m_userName;
    SignIn m_signIn;
    //! What a guest signed in with before the server gave it a token: if the server forgets that
    //! token (a restarted server without its accounts), the client comes back as a new guest.
    std::optional<SignIn> m_guestSignIn;
    Identity m_identity;
};
