#pragma once
// ChatClient: the chat on top of a link. Rooms, the outbox, acknowledgements, de-duplication and
// resync after a reconnect. The UI talks to the network only through this class.
//
// Its parts, each with one job:
//  * Outbox (outbox.h): one's own messages from Pending to Delivered or Failed, ack deadlines.
//  * RoomSync (roomsync.h), one per room: Joining → CatchingUp → Synced, the watermark, what to
//    ask the server for next, the tail check; SyncDriver (syncdriver.h) runs them: history
//    requests within a budget, the watchdog and tail timers, live messages held back meanwhile.
//  * ChatStore (chatstore.h): what must survive; an InMemoryChatStore unless setStore() gives a
//    database, so there is one code path.
//  * ChatProtocol (protocol/): what is said on the wire to this kind of server.
//
// Sending: sendMessage() gives the message a client id (UUID) and puts it in the outbox (stored
// first); it is written when its room is joined, again after every reconnect and after each ack
// timeout, until the server acknowledges it (Delivered) or refuses it / the ack retries run out
// (Failed; retry() puts it back). Receiving: every received message, live or from history, is
// de-duplicated (by client id and by room+seq) and handed over once through messagesReceived().
// What a server cannot do (acks, history…) is skipped: see ChatProtocol::Capabilities.
#include "chatmessage.h"
#include "chatprotocol.h"
#include "connectorsettings.h"
#include "imconnector.h"
#include "localfile.h"
#include "peoplebook.h"
#include "readtracker.h"
#include "roomsync.h"
#include "searchquery.h"
#include "syncdriver.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QUrl>
#include <memory>

class ChatStore;
class FileTransfers;
class InMemoryChatStore;
class NetworkMonitor;
class Outbox;

class ChatClient : public QObject
{
    Q_OBJECT
public:
    //! How received messages came: live, as they were posted, or from a history page (a catch-up
    //! after a (re)join or a gap, or older messages asked for with fetchOlder()).
    enum class Arrival { Live, History };
    Q_ENUM(Arrival)

    explicit ChatClient(QObject *parent = nullptr);
    ~ChatClient() override;

    void setSettings(const ConnectorSettings &settings);
    //! See IMConnector::setNetworkMonitor(): no attempts while offline, one at once when back.
    void setNetworkMonitor(NetworkMonitor *monitor);
    //! Persists the outbox and history in \a store (not owned; nullptr = back to memory) and loads
    //! its unacknowledged messages into the outbox. Call before connecting.
    void setStore(ChatStore *store);
    //! Replaces the protocol (default: ParleyProtocol). Build it on connector().
    void setProtocol(std::unique_ptr<ChatProtocol> protocol);
    ChatProtocol *protocol() const { return m_protocol.get(); }
    ChatProtocol::Capabilities capabilities() const { return m_protocol->capabilities(); }
    //! The link itself, for protocols and headless tools (the UI uses ChatClient's signals).
    IMConnector *connector() const { return m_connector; }

    void setUserName(const QString &name);
    QString userName() const { return m_userName; }
    //! How to sign in on a server with accounts (kept across setProtocol()). A password sign-in
    //! becomes a token sign-in as soon as the server issues one.
    void setSignIn(const SignIn &signIn);
    //! Who the server says we are; invalid on servers without accounts or before signing in.
    Identity identity() const { return m_protocol->identity(); }

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
    //! Where \a room's sync stands (Joining for a room not joined).
    RoomSync::SyncState syncState(const QString &room) const;

    //! Queues \a text for \a room, as an answer to the message \a replyTo (its seq; 0: none,
    //! and ignored where the server has no conversations); returns the new message's client id,
    //! or an empty string (and emits errorOccurred) when the text is empty, over
    //! maxTextLength(), or cannot be stored.
    QString sendMessage(const QString &room, const QString &text, qint64 replyTo = 0);
    //! Changes to the message \a seq of \a room (docs/protocol.md "Conversations"): queued in the
    //! outbox like a message (so an offline change goes out after the reconnect), acknowledged
    //! with a seq of their own, then handed over through messagesReceived() like the changes of
    //! others, for the models to apply. The server decides whether they are allowed (its refusal
    //! comes as deliveryChanged() Failed and errorOccurred()). Each returns the change's client
    //! id, or an empty string (errorOccurred) when the server has no conversations, the text is
    //! empty or too long, the emoji invalid, or it cannot be stored.
    QString editMessage(const QString &room, qint64 seq, const QString &text);
    QString deleteMessage(const QString &room, qint64 seq);
    QString react(const QString &room, qint64 seq, const QString &emoji, bool on);
    //! Puts a Failed message back into the outbox (Pending) and sends it again.
    bool retry(const QString &clientId);
    //! Messages waiting for an acknowledgement, oldest first.
    QList<ChatMessage> outbox() const;
    //! Tells the room the user is typing (at most once per typingThrottle per room).
    void notifyTyping(const QString &room);
    //! Asks the server for up to \a limit messages of \a room older than \a beforeSeq (scrolling
    //! back); they arrive through messagesReceived(). No-op without history support.
    void fetchOlder(const QString &room, qint64 beforeSeq, int limit = RoomSync::kPage);

    // People, presence, direct rooms and devices (servers with accounts; no-ops elsewhere).
    //! \a room's members as people, in joining order (empty on servers without accounts).
    QList<Person> people(const QString &room) const;
    //! What is known of \a userId (from member lists, presence events and direct rooms); an
    //! invalid Person when nothing is. Its presence is Unknown while not ready: nothing known is
    //! current while our own link is down.
    Person person(qint64 userId) const;
    //! The other person of the direct room \a room (invalid when \a room is not one of ours).
    Person directPeer(const QString &room) const;
    //! Opens the direct room with \a userId: directOpened() (then it is joined like any room), or
    //! errorOccurred() with the server's reason.
    void openDirect(qint64 userId);
    //! The same by username (what the user typed after '@').
    void openDirectByName(const QString &username);
    //! This user is away (no input for ConnectorSettings::awayAfter) or back: told to the server
    //! now and again after every reconnect.
    void setAway(bool away);
    bool isAway() const { return m_away; }
    //! Asks for the account's signed-in devices: devicesReceived().
    void requestDevices();
    //! Signs device \a tokenId out on the server (this one too if it is ours): devicesReceived().
    void revokeDevice(const QString &tokenId);
    //! Signs this device out: the server revokes the token, the link stops, sessionEnded() follows.
    void signOut();

    // Read receipts (servers with ChatProtocol::Capabilities::receipts; no-ops elsewhere).
    //! The user has seen \a room up to \a seq (the window is active, the message visible): sent
    //! at most once per ConnectorSettings::readReceiptInterval per room, the newest seq, only
    //! forward, again after a reconnect when the link dropped before the answer (ReadTracker).
    void markRead(const QString &room, qint64 seq) { m_reads->markRead(room, seq); }
    //! Share one's read receipts or not ("privacy"); off: nobody's are shown either.
    void setReadReceipts(bool on) { m_reads->setReadReceipts(on); }
    //! Whether the account shares read receipts, as the server last said.
    bool readReceipts() const { return m_reads->readReceipts(); }
    //! Who else has read \a room at least up to \a seq (user ids, furthest first): "Seen by".
    QList<qint64> readers(const QString &room, qint64 seq) const { return m_reads->readers(room, seq); }
    //! How far the user has read \a room, on this device or another; 0 when unknown.
    qint64 readPosition(const QString &room) const { return m_reads->readPosition(room); }
    //! Every receipt known, room by room (a headless listener prints what moved).
    const ReadReceipts &receipts() const { return m_reads->table(); }
    //! "read" events sent (for tests of the throttle).
    int readsSent() const { return m_reads->sentCount(); }

    // Search (servers with ChatProtocol::Capabilities::search: parley-server).
    //! Asks the server for a page of what matches \a query in the history this session may
    //! read there (the rooms it joined, the account's direct rooms; docs/protocol.md "Search"):
    //! at most \a limit results (1 to 100), from \a cursor (a previous page's searchFinished())
    //! or the newest. The answer comes as searchFinished() or searchFailed() with the returned
    //! id (exactly one of them, a lost link included). Empty, and nothing sent, when the server
    //! has no search (hasSearch()), the link is not ready, or \a query has no term (the server
    //! finds by words; filters alone are for the local store).
    //!
    //! Why the results are only handed over: they are shown, not history. They never reach the
    //! store or messagesReceived(), so a search cannot fill a room's history with holes (the sync
    //! of a room counts on its messages being contiguous) nor show old messages as new.
    QString search(const SearchQuery &query, int limit, const QString &cursor = {});
    //! True when the server searches its history (it said so when the link came up).
    bool hasSearch() const { return m_protocol->capabilities().search; }

    // Files (servers with ChatProtocol::Capabilities::files: parley-server with --data).
    //! True when the server takes files (it said so when the link came up).
    bool hasFiles() const;
    //! The largest file sendFile() takes: ConnectorSettings::maxUploadSize, or less when the
    //! server said it takes less (its limits.maxFileSize).
    qint64 maxFileSize() const;
    //! Sends the local file \a path to \a room with \a caption (may be empty): it is read on a
    //! worker thread (hash, size, type), then queued as a message (messageQueued(), Pending, with
    //! its file); its bytes are uploaded when its room may be written (uploadProgress()), resumed
    //! after a lost link, and the message is written once the server has them. A file that cannot
    //! be sent (missing, empty, over maxFileSize()…) is told with fileRefused() and
    //! errorOccurred(); a refused upload makes the message Failed (retry() starts it again).
    //! False (errorOccurred) at once when the server takes no files or the caption is too long.
    bool sendFile(const QString &room, const QString &path, const QString &caption = {});
    //! What makes the thumbnail an image's message carries (docs/protocol.md, "Thumbnails, made
    //! by the sender"): the app and parley-cli give Thumbnail::make (Parley::Images); without one,
    //! images go without (receivers then fetch them for their previews). Runs on a worker thread.
    void setThumbnailMaker(LocalFile::ThumbnailMaker maker);
    //! Files sendFile() is still reading (not queued yet).
    int filesBeingPrepared() const;
    //! Downloads \a file into \a target (written only when whole and verified against its id):
    //! returns the download's id for downloadProgress(), downloadFinished() or downloadFailed()
    //! (exactly one of the last two); empty when the server takes no files. A lost link pauses it.
    //! \a file may name only the id (size 0: the server says it, at most maxFileSize()).
    QString fetchFile(const FileRef &file, const QString &target);
    void cancelFetch(const QString &id);
    //! Cancels one's own file message \a clientId whose file is not on the server yet (its
    //! upload under way, waiting, or Failed): the upload stops (the server drops what it has,
    //! "file.cancel"), the message leaves the outbox and the store, and messageCancelled() says
    //! so. False when it cannot be cancelled any more (its file is up: the message may be out).
    bool cancelFile(const QString &clientId);
    //! Whether \a clientId is a file message cancelFile() would cancel now.
    bool canCancelFile(const QString &clientId) const;

    //! Largest text accepted by sendMessage() (UTF-16 code units) whatever the server.
    static constexpr int kMaxTextLength = 1'000'000;
    //! True when the server takes replies, edits, deletes and reactions.
    bool hasConversations() const;
    //! Largest text sendMessage() accepts now: kMaxTextLength, or less when the server said it
    //! takes less (parley-server's maxTextLength, in its connect answer; kept after a link loss).
    qsizetype maxTextLength() const;
    //! Live messages of a room that is catching up are held back (so that what is handed over
    //! comes in seq order) up to this many; past it they are handed over at once, out of order.
    static constexpr int kMaxHeldLive = SyncDriver::kMaxHeldLive;
    //! Most members kept per room (names from a join answer or "members" event); the rest of a
    //! longer list is dropped (logged). Member lists of rooms not joined are not kept at all.
    static constexpr int kMaxMembers = Person::kMaxPeople;
    //! History requests sent for \a room since it was joined (for tests of the bounds).
    int historyRequests(const QString &room) const { return m_syncs->requestsSent(room); }
    //! \a room's sync bookkeeping, or nullptr when not joined (for tests of the bounds).
    const RoomSync *roomSync(const QString &room) const { return m_syncs->sync(room); }

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
    //! The one way received messages are handed over: messages of others (and classic room-less
    //! broadcasts) that were not seen before, live ones one at a time, history pages as one batch,
    //! oldest first. Never empty. \a arrival lets a notifier skip what is not news. Per room, in
    //! seq order: live messages that arrive while the room catches up are held back (up to
    //! kMaxHeldLive) and handed over after the page they follow.
    void messagesReceived(const QList<ChatMessage> &messages, ChatClient::Arrival arrival);
    //! Delivery state of one's own message \a clientId changed; \a seq/\a time once Delivered.
    void deliveryChanged(const QString &clientId, ChatMessage::Delivery state, qint64 seq,
                         const QDateTime &time);
    void joined(const QString &room);
    void membersChanged(const QString &room, const QStringList &members);
    void typingReceived(const QString &room, const QString &who);
    //! Catching up on \a room after a (re)join is complete.
    void roomSynced(const QString &room);
    //! The server knows us as \a identity; \a newToken when it issued one (store it: shown once).
    void signedIn(const Identity &identity, const QString &newToken);
    //! The server refused to know us; the link has stopped and waits for the user (sign in again),
    //! except after a "throttled" refusal with a wait: that is tried again by itself (ParleyProtocol).
    void authRefused(const AuthRefusal &refusal);

    //! \a room's members as people changed (servers with accounts; membersChanged() still carries
    //! their display names).
    void peopleChanged(const QString &room, const QList<Person> &people);
    //! \a person's presence changed (id, presence, lastSeen). While the link is down presence()
    //! answers Unknown for everybody; readyChanged() says when that starts and ends.
    void presenceChanged(const Person &person);
    //! \a room is our direct room with \a peer (opened by us, listed at sign-in, or written to us
    //! first). The room is joined (or being joined) when this is emitted.
    void directOpened(const QString &room, const Person &peer);
    void devicesReceived(const QList<DeviceToken> &devices);
    //! The server ended this device's sign-in (\a reason: "signed out", "token revoked"). The link
    //! is stopped (no reconnect); the token is no good any more: sign in again.
    void sessionEnded(const QString &reason);
    //! What is known of who has read \a room changed (readers()).
    void receiptsChanged(const QString &room);
    //! The user's read position in \a room moved forward (this device or another): clear unread
    //! counts up to \a seq.
    void readPositionChanged(const QString &room, qint64 seq);
    //! The page of search \a requestId (search()): \a results newest first, each a message of
    //! its room in its current state ("own" set as for received ones); \a hasMore: search()
    //! again with \a cursor for older ones.
    void searchFinished(const QString &requestId, const QList<ChatMessage> &results, bool hasMore,
                        const QString &cursor);
    //! Search \a requestId failed: the server's refusal ("rate limited", "not in room", "invalid
    //! cursor", …), a malformed answer, or the link went down before the answer.
    void searchFailed(const QString &requestId, const QString &reason);

    //! sendFile() could not send \a path: \a why, in words for the user.
    void fileRefused(const QString &path, const QString &why);
    void uploadProgress(const QString &clientId, qint64 sent, qint64 total);
    void downloadProgress(const QString &id, qint64 received, qint64 total);
    void downloadFinished(const QString &id, const QString &path);
    void downloadFailed(const QString &id, const QString &why);
    //! One's own message \a clientId was cancelled (cancelFile()): it is gone.
    void messageCancelled(const QString &clientId);

private:
    //! Fills in who and when, stores \a m in the outbox and writes it if its room allows.
    QString queue(ChatMessage m);
    //! False (and errorOccurred() says why) when \a text is over maxTextLength().
    bool fitsLength(const QString &text);
    void wireProtocol();
    //! The account signals of the protocol (people, presence, direct rooms, devices, sign-out).
    void wireAccounts();
    //! True when account requests can go out now; else tells the user (errorOccurred) and false.
    bool accountsReachable();
    void onDirectOpened(const QString &room, const Person &peer);
    void onSessionEnded(const QString &reason);
    void onReady();
    void onNotReady();
    //! \a clientId goes Failed for \a error; \a told is what the user is told (errorOccurred()).
    void failMessage(const QString &clientId, const QString &error, const QString &told);
    //! Sends the join of \a room (when ready) and has its answer watched for (SyncDriver).
    void sendJoin(const QString &room);
    void onJoined(const QString &room, const QStringList &members, qint64 lastSeq);
    void onAcknowledged(const QString &clientId, qint64 seq, const QDateTime &time);
    void onRefused(const QString &clientId, const QString &error);
    void onIncoming(const ChatMessage &message);
    void onHistory(const QString &room, const QList<ChatMessage> &messages, bool hasMore);
    //! A member list for \a room: kept (bounded) if \a room is ours, else ignored.
    void onMembers(const QString &room, QStringList members);
    //! De-duplicates and stores \a incoming; false if it must not be shown (again).
    bool accept(ChatMessage *incoming);
    //! Writes the Pending messages of \a room (of every room if null) in their original order.
    void flushOutbox(const QString &room = QString());
    void transmit(const QString &clientId);
    //! May \a room's messages go out now?
    bool canWrite(const QString &room) const;

    ConnectorSettings m_settings;
    IMConnector *m_connector;
    std::unique_ptr<ChatProtocol> m_protocol;
    std::unique_ptr<InMemoryChatStore> m_memoryStore;
    ChatStore *m_store;
    Outbox *m_outbox;
    QUrl m_serverUrl;
    QString m_userName;
    SignIn m_signIn;
    QStringList m_rooms;
    SyncDriver *m_syncs; //!< one RoomSync per room in m_rooms
    QHash<QString, QStringList> m_members;
    QHash<QString, QElapsedTimer> m_lastTyping;
    PeopleBook m_people;
    ReadTracker *m_reads;
    FileTransfers *m_files;
    bool m_away = false;
};
