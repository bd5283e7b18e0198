#pragma once
// What a chat server speaks, seen from ChatClient: join rooms, send a message, hear messages,
// acknowledgements, members and history. One implementation per kind of server (parley-server's
// events over Socket.IO; later stock Socket.IO servers by profile, and raw websocket servers).
// ChatClient keeps what is common to all of them: the outbox, delivery states, de-duplication,
// the store and resync; a protocol only translates.
#include "authrefusal.h"
#include "chatmessage.h"
#include "devicetoken.h"
#include "filechannel.h"
#include "identity.h"
#include "person.h"
#include "readreceipt.h"
#include "searchquery.h"
#include "signin.h"

#include <QList>
#include <QObject>
#include <QStringList>
#include <QUrl>

class ChatProtocol : public QObject
{
    Q_OBJECT
public:
    //! What the server can do; ChatClient degrades where it cannot.
    struct Capabilities
    {
        bool rooms = false;   //!< join/leave, messages carry their room
        bool acks = false;    //!< messages are acknowledged (→ Delivered); else Sent is final
        bool history = false; //!< history requests: resync after reconnect, scrolling back
        bool members = false; //!< member lists per room
        bool typing = false;  //!< typing notifications
        bool accounts = false; //!< user ids, people, presence, direct rooms, devices, sign out
        //! replies, edits, deletes, reactions (ChatMessage::Kind), docs/protocol.md "Conversations"
        bool conversations = false;
        //! read receipts ("read", "privacy"), docs/protocol.md "Read receipts"
        bool receipts = false;
        //! the server searches its history ("search"), docs/protocol.md "Search": only where the
        //! server said so in its connect answer ("features"); false before the first one
        bool search = false;
        //! the server takes files (docs/protocol.md "Files"): only where it said so in its
        //! connect answer ("features"); false before the first one. files() is its channel.
        bool files = false;
        //! Files go inline, each in one message of its own (a stock Socket.IO server whose profile
        //! says it takes them, a plain WebSocket server): the largest; 0 = none. send() then reads
        //! the file of a message from FileRef::path.
        qint64 inlineFiles = 0;
    };

    using QObject::QObject;

    //! Short identifier for settings and logs: "parley", "socketio", "raw".
    virtual QString name() const = 0;
    virtual Capabilities capabilities() const = 0;
    //! The websocket URL to open for the server the user named.
    virtual QUrl endpointUrl(const QUrl &serverUrl) const = 0;
    virtual void setUserName(const QString &name) = 0;
    //! How to sign in on servers with accounts; ignored by servers without.
    virtual void setSignIn(const SignIn &signIn) { Q_UNUSED(signIn) }
    //! Who the server says this session is; invalid on servers without accounts.
    virtual Identity identity() const { return {}; }
    //! The longest message text the server takes (UTF-16 code units) as it said when the link
    //! came up; 0 when it did not say (stock servers).
    virtual qsizetype serverMaxTextLength() const { return 0; }
    //! Link up and the protocol's own handshake done: messages may be sent.
    virtual bool isReady() const = 0;

    virtual void join(const QString &room) = 0;
    virtual void leave(const QString &room) = 0;
    //! Writes \a message; false if it could not be written now (it stays in the outbox).
    virtual bool send(const ChatMessage &message) = 0;
    //! Asks for history (see docs/protocol.md): after > 0, before > 0, or neither = newest.
    virtual void requestHistory(const QString &room, qint64 after, qint64 before, int limit) = 0;
    virtual void sendTyping(const QString &room) { Q_UNUSED(room) }
    //! The user closed the link: nothing the protocol scheduled by itself (a throttled sign-in's
    //! retry) may open it again.
    virtual void stop() {}

    // Accounts (Capabilities::accounts; no-ops elsewhere). docs/protocol.md says what each sends.
    //! Asks for the direct room with \a userId ("openDirect"): directOpened() or directFailed().
    virtual void openDirect(qint64 userId) { Q_UNUSED(userId) }
    //! The same by the person's username ("@bob" typed in the quick switcher); a refusal comes as
    //! directFailed() with user id 0.
    virtual void openDirectByName(const QString &username) { Q_UNUSED(username) }
    //! Asks for the direct rooms one is part of ("directs"): directOpened() for each.
    virtual void requestDirects() {}
    //! Tells the server this session is away (no input for a while) or back ("presence").
    virtual void sendPresence(bool away) { Q_UNUSED(away) }
    //! Asks for one's signed-in devices ("tokens"): devicesReceived() or accountRequestFailed().
    virtual void requestDevices() {}
    //! Signs the device \a tokenId out ("revokeToken"): devicesReceived() with the new list after.
    virtual void revokeDevice(const QString &tokenId) { Q_UNUSED(tokenId) }
    //! Signs this session out ("signOut"): the server revokes its token; sessionEnded() follows.
    virtual void signOut() {}

    // Read receipts (Capabilities::receipts; no-ops elsewhere).
    //! Says one has seen \a room up to \a seq ("read"): readAcknowledged() or readDeferred().
    virtual void sendRead(const QString &room, qint64 seq) { Q_UNUSED(room) Q_UNUSED(seq) }
    //! Shares one's read receipts or not ("privacy"): privacyChanged() when the server took it.
    virtual void sendPrivacy(bool readReceipts) { Q_UNUSED(readReceipts) }

    // Search (Capabilities::search; elsewhere nothing is sent).
    //! Asks the server for a page of \a query's results ("search"): at most \a limit, from
    //! \a cursor (a previous page's) or the newest. Returns the request's id, which comes back
    //! with searchFinished() or searchFailed() (exactly one of them, a lost link included);
    //! empty when nothing was sent (no search here, not ready, no term).
    virtual QString search(const SearchQuery &query, int limit, const QString &cursor)
    {
        Q_UNUSED(query) Q_UNUSED(limit) Q_UNUSED(cursor)
        return {};
    }

    // Files (Capabilities::files).
    //! How file bytes move to and from this server; nullptr where files are not supported.
    virtual FileChannel *files() { return nullptr; }
    //! The largest file the server takes, as it said when the link came up; 0 when it did not.
    virtual qint64 serverMaxFileSize() const { return 0; }

Q_SIGNALS:
    void ready();
    void notReady();
    void joined(const QString &room, const QStringList &members, qint64 lastSeq);
    void joinFailed(const QString &room, const QString &error);
    void acknowledged(const QString &clientId, qint64 seq, const QDateTime &time);
    //! The server refused the message for good (too long, not allowed…).
    void refused(const QString &clientId, const QString &error);
    //! The server took nothing now because the client sends too fast ("rate limited"): the message
    //! is fine and goes again after \a retryAfterMs (Outbox::defer()).
    void deferred(const QString &clientId, qint64 retryAfterMs);
    void messageReceived(const ChatMessage &message);
    void membersChanged(const QString &room, const QStringList &members);
    void historyReceived(const QString &room, const QList<ChatMessage> &messages, bool hasMore);
    void typingReceived(const QString &room, const QString &who);
    //! Something the user should know that is not a link error (a refused join, a bad frame…).
    void problem(const QString &text);
    //! The server knows the session as \a identity; \a newToken when this connect issued one
    //! (keep it: it is shown once).
    void signedIn(const Identity &identity, const QString &newToken);
    //! The server refused to know the client (the link has stopped: a permanent error; a protocol
    //! may try once more by itself where the server said when, as ParleyProtocol does for "throttled").
    void authRefused(const AuthRefusal &refusal);

    //! \a room's members as people (by id: two may share a display name), in joining order; from
    //! the join answer and every "members" event of a server with accounts.
    void peopleChanged(const QString &room, const QList<Person> &people);
    //! What changed in \a room's members since the last list or delta ("membersDelta", sent to
    //! clients that join with "memberDeltas": true): PeopleBook::applyDelta().
    void peopleDelta(const QString &room, const QList<Person> &joined, const QList<qint64> &left);
    //! Somebody's presence changed ("presence" event): \a person has id, presence and lastSeen.
    void presenceChanged(const Person &person);
    //! \a room is the direct room with \a peer (an "openDirect" answer, a "directs" entry, or a
    //! "direct" event: somebody wrote to us first).
    void directOpened(const QString &room, const Person &peer);
    void directFailed(qint64 userId, const QString &error);
    void devicesReceived(const QList<DeviceToken> &devices);
    //! An account request ("tokens", "revokeToken", "signOut") was refused: \a error as sent.
    void accountRequestFailed(const QString &error);
    //! The server ended this session's sign-in ("auth" event: "signed out", "token revoked"); the
    //! server closes the link right after. The token is no good any more.
    void sessionEnded(const QString &reason);

    //! Somebody's receipt in a room moved (a "read" event; one's own from another device too).
    void receiptReceived(const ReadReceipt &receipt);
    //! \a room's receipts as a join answer lists them: they replace what was known of the room.
    void receiptsReplaced(const QString &room, const QList<ReadReceipt> &receipts);
    //! The server keeps one's receipt in \a room at \a seq now (the answer to sendRead(): the
    //! kept one, which may be further than the one sent).
    void readAcknowledged(const QString &room, qint64 seq);
    //! sendRead() for \a room came too fast ("rate limited"): send it again after \a retryAfterMs.
    void readDeferred(const QString &room, qint64 retryAfterMs);
    //! The server took a "privacy" change: the account shares its read receipts or not.
    void privacyChanged(bool readReceipts);

    //! The page of search \a requestId: \a results newest first (each a message of its room, in
    //! its current state); \a hasMore: ask again with \a cursor for older ones.
    void searchFinished(const QString &requestId, const QList<ChatMessage> &results, bool hasMore,
                        const QString &cursor);
    //! Search \a requestId was refused (the server's reason: "rate limited", "not in room", …),
    //! its answer was malformed, or the link went down before it came.
    void searchFailed(const QString &requestId, const QString &reason);
};
