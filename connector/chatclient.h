#pragma once
// ChatClient: the chat on top of a link. Rooms, the outbox, acknowledgements, de-duplication and
// resync after a reconnect. The UI talks to the network only through this class.
//
// Sending: sendMessage() gives the message a client id (UUID) and puts it in the outbox before
// anything is written; it is sent when the link is ready and re-sent after every reconnect until
// the server acknowledges it (Delivered) or refuses it (Failed). Rooms joined are re-joined after
// every reconnect.
#include "chatmessage.h"
#include "imconnector.h"

#include <QHash>
#include <QJsonArray>
#include <QList>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QUrl>

class NetworkMonitor;
class SocketIoDialect;

class ChatClient : public QObject
{
    Q_OBJECT
public:
    explicit ChatClient(QObject *parent = nullptr);
    ~ChatClient() override;

    void setSettings(const ConnectorSettings &settings);
    //! See IMConnector::setNetworkMonitor(): no attempts while offline, one at once when back.
    void setNetworkMonitor(NetworkMonitor *monitor);
    void setUserName(const QString &name);
    QString userName() const { return m_userName; }

    //! The server as the user gave it (ws://host:port), not the Engine.IO endpoint.
    QUrl serverUrl() const { return m_serverUrl; }
    IMConnector::State connectionState() const;
    //! Connected, namespace joined: messages go out at once.
    bool isReady() const;
    int latencyMs() const;
    //! Milliseconds until the pending reconnect, or -1.
    int retryRemainingMs() const;

    void connectToServer(const QUrl &serverUrl);
    void disconnectFromServer();
    //! "Retry now" from the connection banner.
    void reconnectNow();

    //! Joins \a room now if ready, else as soon as the link is ready (and after every reconnect).
    void joinRoom(const QString &room);
    void leaveRoom(const QString &room);
    QStringList rooms() const { return m_rooms; }
    QStringList members(const QString &room) const { return m_members.value(room); }

    //! Queues \a text for \a room; returns the new message's client id, or an empty string (and
    //! emits errorOccurred) when the text is empty or over maxTextLength.
    QString sendMessage(const QString &room, const QString &text);
    //! Messages waiting for an acknowledgement, oldest first.
    QList<ChatMessage> outbox() const { return m_outbox; }

    //! Largest text accepted by sendMessage() (characters).
    static constexpr int kMaxTextLength = 1'000'000;

Q_SIGNALS:
    void connectionStateChanged(IMConnector::State state);
    void readyChanged(bool ready);
    void reconnectScheduled(int attempt, int delayMs);
    void latencyChanged(int ms);
    //! A human-readable problem (connection error, refusal, message refused…).
    void errorOccurred(const QString &text);

    //! One's own new message, in state Pending.
    void messageQueued(const ChatMessage &message);
    //! A message of someone else (or a classic room-less broadcast).
    void messageReceived(const ChatMessage &message);
    //! Delivery state of one's own message \a clientId changed; \a seq/\a time once Delivered.
    void deliveryChanged(const QString &clientId, ChatMessage::Delivery state, qint64 seq,
                         const QDateTime &time);
    void joined(const QString &room);
    void membersChanged(const QString &room, const QStringList &members);

private:
    void onReady();
    void onNotReady();
    void onEvent(const QString &event, const QJsonArray &args, qint64 ackId);
    void sendJoin(const QString &room);
    void transmit(const ChatMessage &message);
    void onAck(const QString &clientId, const QJsonArray &args);
    //! Transmits the outbox's messages for \a room, oldest first (after the room's join ack).
    void flushOutbox(const QString &room);
    int outboxIndex(const QString &clientId) const;

    IMConnector *m_connector;
    SocketIoDialect *m_dialect;
    QUrl m_serverUrl;
    QString m_userName;
    QStringList m_rooms;
    QSet<QString> m_joinedOnLink;  //!< rooms whose join the server acknowledged on this link
    QHash<QString, QStringList> m_members;
    QList<ChatMessage> m_outbox;
    QSet<QString> m_seenKeys;  //!< keys of received messages, for de-duplication
};
