#pragma once
// ChatClient: the chat on top of a link. Rooms, the outbox, acknowledgements, de-duplication and
// resync after a reconnect. The UI talks to the network only through this class.
//
// Sending: sendMessage() gives the message a client id (UUID) and puts it in the outbox (and the
// ChatStore, if any) before anything is written; it is written when its room is joined, written
// again after every reconnect and after each ack timeout, until the server acknowledges it
// (Delivered) or refuses it / the ack retries run out (Failed, retry() puts it back). Rooms are
// re-joined after every reconnect, then what was missed is fetched (history after the last
// sequence number seen) and every message is shown once (keyed by client id and by room+seq).
// What a server cannot do (acks, history…) is skipped: see ChatProtocol::Capabilities.
#include "chatmessage.h"
#include "chatprotocol.h"
#include "imconnector.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>
#include <QUrl>

class ChatStore;
class NetworkMonitor;

class ChatClient : public QObject
{
    Q_OBJECT
public:
    explicit ChatClient(QObject *parent = nullptr);
    ~ChatClient() override;

    void setSettings(const ConnectorSettings &settings);
    //! See IMConnector::setNetworkMonitor(): no attempts while offline, one at once when back.
    void setNetworkMonitor(NetworkMonitor *monitor);
    //! Persists the outbox and history in \a store (not owned) and loads its unacknowledged
    //! messages into the outbox. Call before connecting.
    void setStore(ChatStore *store);
    //! Replaces the protocol (default: ParleyProtocol); takes ownership. Build it on connector().
    void setProtocol(ChatProtocol *protocol);
    ChatProtocol *protocol() const { return m_protocol; }
    ChatProtocol::Capabilities capabilities() const { return m_protocol->capabilities(); }
    //! The link itself, for protocols and headless tools (the UI uses ChatClient's signals).
    IMConnector *connector() const { return m_connector; }

    void setUserName(const QString &name);
    QString userName() const { return m_userName; }

    //! The server as the user gave it (ws://host:port), not the protocol's endpoint.
    QUrl serverUrl() const { return m_serverUrl; }
    IMConnector::State connectionState() const;
    //! Connected and the protocol's handshake done: messages go out at once.
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
    //! emits errorOccurred) when the text is empty, over kMaxTextLength, or cannot be stored.
    QString sendMessage(const QString &room, const QString &text);
    //! Puts a Failed message back into the outbox (Pending) and sends it again.
    bool retry(const QString &clientId);
    //! Messages waiting for an acknowledgement, oldest first.
    QList<ChatMessage> outbox() const;
    //! Tells the room the user is typing (at most once per typingThrottle per room).
    void notifyTyping(const QString &room);
    //! Asks the server for up to \a limit messages of \a room older than \a beforeSeq (scrolling
    //! back); they arrive through messageReceived. No-op without history support.
    void fetchOlder(const QString &room, qint64 beforeSeq, int limit = kHistoryPage);

    //! Largest text accepted by sendMessage() (characters).
    static constexpr int kMaxTextLength = 1'000'000;
    //! Messages per history request while catching up.
    static constexpr int kHistoryPage = 500;
    //! Messages fetched on the first join of a room with no local history.
    static constexpr int kInitialHistory = 100;

Q_SIGNALS:
    void connectionStateChanged(IMConnector::State state);
    void readyChanged(bool ready);
    void reconnectScheduled(int attempt, int delayMs);
    void latencyChanged(int ms);
    //! A human-readable problem (connection error, refusal, message refused…).
    void errorOccurred(const QString &text);
    //! A problem with the link itself, with its kind: permanent kinds (IMConnector::isTransient()
    //! false) mean the client has stopped and waits for the user. Emitted before the state change
    //! it causes. Also reported through errorOccurred().
    void linkError(IMConnector::Error kind, const QString &text);

    //! One's own new message, in state Pending (also outbox messages loaded from the store).
    void messageQueued(const ChatMessage &message);
    //! A message of someone else (or a classic room-less broadcast), shown once.
    void messageReceived(const ChatMessage &message);
    //! Several such messages at once (a history page while catching up), oldest first.
    void messagesReceived(const QList<ChatMessage> &messages);
    //! Delivery state of one's own message \a clientId changed; \a seq/\a time once Delivered.
    void deliveryChanged(const QString &clientId, ChatMessage::Delivery state, qint64 seq,
                         const QDateTime &time);
    void joined(const QString &room);
    void membersChanged(const QString &room, const QStringList &members);
    void typingReceived(const QString &room, const QString &who);
    //! Catching up on \a room after a (re)join is complete.
    void roomSynced(const QString &room);

private:
    struct Outgoing
    {
        ChatMessage message;
        int attempts = 0;          //!< writes on the current link
        QDeadlineTimer ackDeadline; //!< forever while not written
    };

    void wireProtocol();
    void onReady();
    void onNotReady();
    void onJoined(const QString &room, const QStringList &members, qint64 lastSeq);
    void onAcknowledged(const QString &clientId, qint64 seq, const QDateTime &time);
    void onRefused(const QString &clientId, const QString &error);
    void onIncoming(const ChatMessage &message);
    //! De-duplicates and stores \a incoming; false if it must not be shown (again).
    bool accept(ChatMessage *incoming);
    void onHistory(const QString &room, const QList<ChatMessage> &messages, bool hasMore);
    void flushOutbox(const QString &room);
    void transmit(Outgoing &entry);
    void setDelivery(Outgoing &entry, ChatMessage::Delivery state, qint64 seq = 0,
                     const QDateTime &time = {});
    void onAckTimer();
    void armAckTimer();
    int outboxIndex(const QString &clientId) const;
    bool remember(const ChatMessage &message);
    //! The resync watermark: every message of \a room after the first sync up to this seq is known.
    qint64 syncedSeq(const QString &room) const;
    void setSyncedSeq(const QString &room, qint64 seq);
    //! A sequenced message of \a room arrived live (or an own ack): advances the watermark when it
    //! is the next one, starts a catch-up when it reveals a gap.
    void noteLiveSeq(const QString &room, qint64 seq);
    void catchUp(const QString &room, qint64 after, int limit);

    ConnectorSettings m_settings;
    IMConnector *m_connector;
    ChatProtocol *m_protocol = nullptr;
    ChatStore *m_store = nullptr;
    QUrl m_serverUrl;
    QString m_userName;
    QStringList m_rooms;
    QSet<QString> m_joinedOnLink; //!< rooms whose join the server acknowledged on this link
    QSet<QString> m_catchingUp;   //!< rooms paging forward through history after a (re)join
    QHash<QString, QStringList> m_members;
    QList<Outgoing> m_outbox;
    QHash<QString, ChatMessage> m_failed; //!< Failed messages by client id (retry() takes them back)
    QSet<QString> m_seenKeys;     //!< keys of messages shown, when there is no store
    QHash<QString, qint64> m_synced; //!< resync watermark per room, when there is no store
    QHash<QString, qint64> m_highestSeen; //!< highest seq seen per room on any path, this run
    QHash<QString, QElapsedTimer> m_lastTyping;
    QTimer m_ackTimer;
    //! While a room is catching up or behind its newest seq, this looks again after ackTimeout:
    //! a history answer refused or lost without the link dropping must not leave a gap for ever.
    QTimer m_syncWatchdog;
    void onSyncWatchdog();
};
