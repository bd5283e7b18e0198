#pragma once
// The server's message history in SQLite (Qt SQL, QSQLITE): the one place where a room's messages,
// its sequence numbers and the (sender, clientId) de-dup memory live, so they survive a restart.

#include "serversettings.h"

#include <QList>
#include <QString>

#include <chrono>
#include <memory>
#include <optional>

//! Stores chat messages and answers history queries. One object = one SQLite connection.
//!
//! Why the database decides everything: seq and de-duplication must hold across restarts, so
//! post() reads the room's last seq, looks for an earlier copy of (sender id, clientId) and inserts,
//! all inside one write transaction (BEGIN IMMEDIATE ... COMMIT). The caller acknowledges only a
//! post() that reports Stored or Duplicate, i.e. after the commit. Nothing is cached in memory, so
//! the in-memory state cannot drift from the file.
//!
//! Schema (version kSchemaVersion, kept in PRAGMA user_version so later versions can migrate):
//! HistoryStoreSchema, applied by SqliteMigrations -- messages(id, room, seq, time, sender, text,
//! client_id, sender_id, sender_username, sender_guest) with UNIQUE(room, seq), and a (sender id,
//! clientId) pair unique across all rooms. Rows of version 1 files have no sender id: they come
//! back as legacy messages (Message::isLegacy()) under the name they were posted with.
//!
//! A file database runs in WAL journal mode with synchronous=NORMAL (SqliteConnection): a commit
//! appends to the WAL without an fsync, so a message costs microseconds; a power cut may lose the
//! last commits, an application crash loses nothing. Every statement is prepared once, at open().
//!
//! Each instance opens its own uniquely named QSqlDatabase connection, so several stores (several
//! ParleyServers) can live in one process. Use it from the thread that created it.
class HistoryStore
{
public:
    //! The schema this code writes; open() migrates older files and refuses newer ones.
    static constexpr int kSchemaVersion = 2;

    //! Who posts a message: the session's account, as the server knows it (never the payload).
    struct Sender
    {
        qint64 id = 0;       //!< the account id; de-duplication is by (id, clientId)
        QString name;        //!< display name at the time of posting
        QString username;    //!< unique on the server
        bool guest = false;
    };

    //! One stored chat message, shaped like the "chat message" broadcast of docs/protocol.md.
    struct Message
    {
        QString room;
        qint64 seq = 0;     //!< per room, 1 for the first message
        qint64 timeMs = 0;  //!< server time, ms since the Unix epoch (UTC)
        QString sender;     //!< the sender's display name when it was posted
        QString text;
        QString clientId;   //!< empty when the client gave none
        qint64 senderId = 0;     //!< 0: posted before accounts existed (legacy)
        QString senderUsername;  //!< empty for legacy rows
        bool senderGuest = false;

        //! Posted before accounts existed: only the name it was posted under, which no account owns.
        bool isLegacy() const { return senderId == 0; }
    };

    enum class Outcome {
        Stored,     //!< committed with a new seq
        Duplicate,  //!< (sender id, clientId) was stored before: message is that original one
        Failed,     //!< nothing stored (see errorString()); the client should retry later
    };

    //! What post() did.
    struct Posting
    {
        Outcome outcome = Outcome::Failed;
        Message message;  //!< the stored (or, for Duplicate, the original) message
    };

    //! One answer to a history query: messages in ascending seq.
    struct Page
    {
        QList<Message> messages;
        bool hasMore = false;  //!< further messages exist in the direction of the query
    };

    //! A room's newest message, as directRooms() lists it.
    struct RoomActivity
    {
        QString room;
        qint64 lastSeq = 0;     //!< the seq of its newest message
        qint64 lastTimeMs = 0;  //!< when that message was posted
    };

    //! \a busyTimeout: how long a write waits for another connection's lock before it fails.
    explicit HistoryStore(
            std::chrono::milliseconds busyTimeout = ServerSettings::kDefaultDatabaseBusyTimeout);
    ~HistoryStore();

    HistoryStore(const HistoryStore &) = delete;
    HistoryStore &operator=(const HistoryStore &) = delete;

    //! Opens (creating if needed) the SQLite file \a databasePath, or a private in-memory database
    //! when it is empty; creates or migrates the schema and prepares the statements. False, with
    //! errorString(), when the file cannot be opened, is not a database or has a newer schema.
    //! Opening again closes the previous database first.
    bool open(const QString &databasePath);
    //! Closes the connection. Safe to call twice; the destructor calls it.
    void close();

    bool isOpen() const;
    //! The path given to open(); empty for an in-memory database.
    QString databasePath() const;
    //! The SQLite journal mode in effect ("wal" for files, "memory" in memory).
    QString journalMode() const;
    //! The schema version read back from the file after open(); 0 when not open.
    int schemaVersion() const;
    //! Why the last failed call failed.
    QString errorString() const;

    //! The seq of \a room's newest message, 0 when it has none; nullopt when the query failed.
    std::optional<qint64> lastSeq(const QString &room);

    //! Stores a message from \a sender in \a room with the next seq and time \a nowMs. An empty
    //! \a clientId is never recognised again; a (sender.id, clientId) stored before -- in any
    //! room, before or after a restart -- is not stored again: Duplicate returns the original.
    //! \a sender.id must be positive.
    Posting post(const QString &room, const Sender &sender, const QString &text,
                 const QString &clientId, qint64 nowMs);

    //! The oldest \a limit messages of \a room with seq > \a seq (catching up after a reconnect).
    //! hasMore: newer messages remain. At least one message is returned whenever one exists; then
    //! messages stop once their texts exceed \a maxText UTF-16 code units in total (hasMore set).
    std::optional<Page> after(const QString &room, qint64 seq, int limit, qsizetype maxText);
    //! The \a limit messages just before \a seq (scrolling back); hasMore: older ones remain.
    std::optional<Page> before(const QString &room, qint64 seq, int limit, qsizetype maxText);
    //! The newest \a limit messages of \a room; hasMore: older ones remain.
    std::optional<Page> newest(const QString &room, int limit, qsizetype maxText);

    //! The direct rooms (DirectRoomName) of account \a userId that hold at least one message,
    //! the most recently written first, at most \a limit of them. Only well-formed names whose
    //! pair contains \a userId: "@dm:1:12" is account 1's and 12's, never 2's.
    std::optional<QList<RoomActivity>> directRooms(qint64 userId, int limit);

    //! How many messages are stored in all rooms (for tests and the log); nullopt on failure.
    std::optional<qint64> messageCount();

private:
    struct Private;
    std::unique_ptr<Private> d;
};
