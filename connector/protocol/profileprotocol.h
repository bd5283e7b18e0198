#pragma once
// A stock Socket.IO server (socket.io's own chat example, group-chat tutorials, anything whose
// events a ServerProfile describes) as a ChatProtocol. What such a server cannot do is not faked:
// no rooms, no history, no member lists, and unless the profile asks for acks, no delivery
// receipts (ChatClient then shows one's messages as Sent). Incoming messages carry no identity, so
// ChatClient shows each as it comes; a server that sends one's own message back (io.emit) has that
// echo recognised and dropped. With `connectionStateRecovery` on the server, SocketIoSession's
// recovery replays what was broadcast during a short outage.
#include "chatprotocol.h"
#include "serverprofile.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QList>

class IMConnector;
class SocketIoSession;

class ProfileProtocol : public ChatProtocol
{
    Q_OBJECT
public:
    ProfileProtocol(IMConnector *connector, const ServerProfile &profile, QObject *parent = nullptr);

    QString name() const override { return QStringLiteral("socketio"); }
    Capabilities capabilities() const override;
    QUrl endpointUrl(const QUrl &serverUrl) const override;
    void setUserName(const QString &name) override;
    bool isReady() const override;

    //! Stock servers have no rooms: messages go to everyone the server sends them to.
    void join(const QString &room) override;
    void leave(const QString &room) override;
    bool send(const ChatMessage &message) override;
    //! No history on a stock server: a no-op.
    void requestHistory(const QString &room, qint64 after, qint64 before, int limit) override;

    const ServerProfile &profile() const { return m_profile; }
    SocketIoSession *session() const { return m_session; }
    //! What this server cannot do, in words for the user (also emitted once through problem()).
    QString limitations() const;

    //! The message that \a args of a receive event stand for, by \a profile; false if they hold
    //! nothing to show. \a attachments are the bytes of a binary event (placeholders in \a args).
    static bool parseMessage(const ServerProfile &profile, const QJsonArray &args,
                             const QList<QByteArray> &attachments, ChatMessage *out);

private:
    void onEvent(const QString &event, const QJsonArray &args, const QList<QByteArray> &attachments,
                 qint64 ackId);
    bool isEcho(const ChatMessage &incoming);

    struct Sent
    {
        QString text;
        QElapsedTimer age;
    };

    ServerProfile m_profile;
    SocketIoSession *m_session;
    QString m_userName;
    QList<Sent> m_recentlySent; //!< for echo recognition (serverEchoes)
    bool m_toldLimitations = false;
};
