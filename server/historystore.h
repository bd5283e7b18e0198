#pragma once
// The server's message history in SQLite (Qt SQL, QSQLITE): the one place where a room's messages,
// its sequence numbers and the (sender, clientId) de-dup memory live, so they survive a restart.

#include "serversettings.h"

#include <QList>
#include <QString>

#include <chrono>
#include <memory>
#include <optional>

class HistorySearch;
class FileIndex;
class ReceiptStore;

//! Stores chat messages and answers history queries. One object = one SQLite connection.
//!
//! Why the database decides everything: seq and de-duplication must hold across restarts, so
//! post() reads the room's last seq, looks for an earlier copy of (sender id, clientId) and inserts,
//! all inside one write transaction (BEGIN IMMEDIATE ... COMMIT). The caller acknowledges only a
//! post() that reports Stored or Duplicate, i.e. after the commit. Nothing is cached in memory, so
//! the in-memory state cannot drift from the file.
//!
//! Schema (version kSchemaVersion, kept in PRAGMA user_version so later versions can migrate):
//! HistoryStoreSchema, applied by SqlMigrations -- messages(id, room, seq, time, sender, text,
//! client_id, sender_id, sender_username, sender_guest, kind, target_seq, reply_to, edited,
//! deleted, reaction_on, file_id, file_name, file_size, file_type) with UNIQUE(room, seq), a (sender id, clientId) pair unique across all
//! rooms, reactions(room, seq, user_id, emoji, time), receipts(room, account_id, seq) (the
//! read receipts, ReceiptStore), message_search (the search index, HistorySearch) and uploads,
//! files, file_rooms (FileIndex). Rows of
//! version 1 files have no sender id: they come back as legacy messages (Message::isLegacy())
//! under the name they were posted with.
//!
//! Edits, deletes and reactions (docs/protocol.md, "Conversations") are rows of their own with the
//! room's next seq, so that catching up by seq ("after") sees them; the message they change keeps
//! its current state in its own row. change() applies one through MessageChanges, in the same
//! kind of transaction as post(). The connection runs with secure_delete, so that the text a
//! delete removes is overwritten in the file, not left in its free space.
//!
//! Search (schema version 5): triggers keep an FTS5 index of the messages' current texts in step
//! with every write; search() answers queries on it, and SearchIndexPurge merges it after deletes
//! so that their words leave the file too.
//!
//! A file database runs in WAL journal mode with synchronous=NORMAL (SqlConnection): a commit
//! appends to the WAL without an fsync, so a message costs microseconds; a power cut may lose the
//! last commits, an application crash loses nothing. Every statement is prepared once, at open().
//!
//! Each instance opens its own uniquely named QSqlDatabase connection, so several stores (several
//! ParleyServers) can live in one process. Use it from the thread that created it.
//! The file a message sends (docs/protocol.md, "Files"): its SHA-256 (the file's id), and the
//! name, size and media type the sender gave. Null (empty id) for a message without one.
struct HistoryFile
{
    QString id;
    QString name;
    qint64 size = 0;
    QString type;
    QByteArray thumbnail; //!< the sender's thumbnail (FileNaming::isThumbnail) or empty
    bool isNull() const { return id.isEmpty(); }
};

class HistoryStore
{
public:
    //! The schema this code writes; open() migrates older files and refuses newer ones.
    static constexpr int kSchemaVersion = 8;

    //! Who posts a message: the session's account, as the server knows it (never the payload).
    struct Sender
    {
        qint64 id = 0;       //!< the account id; de-duplication is by (id, clientId)
        QString name;        //!< display name at the time of posting
        QString username;    //!< unique on the server
        bool guest = false;
    };

    //! The reactions with one emoji on a message, as a page reads them.
    struct Reaction
    {
        QString emoji;
        qint64 count = 0;     //!< everybody who reacted with it
        QList<qint64> users;  //!< the first 50 who reacted, ids ascending
    };

    using File = HistoryFile;

    //! One stored row: a chat message (the "chat message" broadcast of docs/protocol.md) or a
    //! change of one (the "edit", "delete" and "react" events).
    struct Message
    {
        //! What a row is; the numbers are the "kind" column's.
        enum class Kind { Message = 0, Edit = 1, Delete = 2, React = 3 };

        QString room;
        qint64 seq = 0;     //!< per room, 1 for the first message
        qint64 timeMs = 0;  //!< server time, ms since the Unix epoch (UTC)
        QString sender;     //!< the sender's display name when it was posted
        QString text;
        QString clientId;   //!< empty when the client gave none
        qint64 senderId = 0;     //!< 0: posted before accounts existed (legacy)
        QString senderUsername;  //!< empty for legacy rows
        bool senderGuest = false;
        Kind kind = Kind::Message;
        qint64 target = 0;        //!< a change's message (its seq); 0 for a message
        qint64 replyTo = 0;       //!< the message this one answers; 0: none
        qint64 editedMs = 0;      //!< when its text was last edited; 0: never
        bool deleted = false;     //!< deleted by its sender or an admin: its text is empty
        bool reactionOn = false;  //!< a React change: set (true) or taken back (false)
        File file;                //!< a message that sends a file; null once deleted
        //! The reactions in force, on the message rows of a page (not on post() answers).
        QList<Reaction> reactions;

        bool isChange() const { return kind != Kind::Message; }
        //! Posted before accounts existed: only the name it was posted under, which no account owns.
        bool isLegacy() const { return senderId == 0; }
    };

    enum class Outcome {
        Stored,     //!< committed with a new seq
        Duplicate,  //!< (sender id, clientId) was stored before: message is that original row
        Unchanged,  //!< a change that changes nothing: acknowledged, nothing stored, no seq
        Refused,    //!< not allowed (Posting::error says why); nothing stored
        Failed,     //!< nothing stored (see errorString()); the client should retry later
    };

    //! What post() or change() did.
    struct Posting
    {
        Outcome outcome = Outcome::Failed;
        //! The stored (or, for Duplicate, the original) row. Unchanged: only room, kind, target,
        //! clientId and timeMs (now); seq 0, as none was used.
        Message message;
        QString error;  //!< Refused: "unknown message", "not allowed", "edit window passed", …
        //! A Stored delete of the last message that sent a file: its id. The file's rows are gone
        //! with the delete; the caller removes its bytes (FileStore::remove()).
        QString orphanedFile;
    };

    //! An edit, delete or reaction as the client asked for it.
    struct Change
    {
        Message::Kind kind = Message::Kind::Edit;  //!< Edit, Delete or React
        qint64 target = 0;  //!< the seq of the message it changes
        QString text;       //!< Edit: the new text; React: the emoji (checked by the caller)
        bool on = true;     //!< React: set the reaction (true) or take it back
        QString clientId;
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
    //! PostgreSQL: after a failure, checks the link and, when it is gone (a restart, a fail-over),
    //! opens the database again and prepares every statement anew (SqlConnection::recover()).
    //! True when it did. The pointers receipts(), files() and search() gave before are dangling
    //! then: call it only where none is held (ChatHub does, before each request).
    bool recover();

    bool isOpen() const;
    //! The path given to open(); empty for an in-memory database.
    QString databasePath() const;
    //! The SQLite journal mode in effect ("wal" for files, "memory" in memory).
    QString journalMode() const;
    //! The schema version read back from the file after open(); 0 when not open.
    int schemaVersion() const;
    //! Why the last failed call failed.
    QString errorString() const;

    //! The seq of \a room's newest row (message or change), 0 when it has none; nullopt when the
    //! query failed.
    std::optional<qint64> lastSeq(const QString &room);

    //! Stores a message from \a sender in \a room with the next seq and time \a nowMs. An empty
    //! \a clientId is never recognised again; a (sender.id, clientId) stored before -- in any
    //! room, before or after a restart -- is not stored again: Duplicate returns the original.
    //! \a sender.id must be positive. \a replyTo, when not 0, must be a message (not a change) of
    //! \a room, else the post is Refused with "unknown message". A non-null \a file (checked by
    //! the caller: the sender stored it) is sent to \a room: it may be fetched there from now on.
    Posting post(const QString &room, const Sender &sender, const QString &text,
                 const QString &clientId, qint64 nowMs, qint64 replyTo = 0, const File &file = {});

    //! Applies \a change from \a sender in \a room at \a nowMs in one write transaction: a
    //! (sender.id, clientId) stored before (message or change) is a Duplicate; then the target is
    //! looked up and the rules of MessageChanges applied: \a admin may delete others' messages,
    //! edits must come within \a editWindow of the posting (0: no limit). Stored: the change's
    //! own row has the room's next seq and the target its new state.
    Posting change(const QString &room, const Sender &sender, const Change &change, qint64 nowMs,
                   bool admin, std::chrono::milliseconds editWindow);

    //! The oldest \a limit rows of \a room with seq > \a seq (catching up after a reconnect):
    //! messages and changes in seq order. hasMore: newer rows remain. At least one row is
    //! returned whenever one exists; then rows stop once their texts exceed \a maxText UTF-16
    //! code units in total (hasMore set). Message rows carry their current state and reactions.
    std::optional<Page> after(const QString &room, qint64 seq, int limit, qsizetype maxText);
    //! The \a limit messages (no changes) just before \a seq (scrolling back), in their current
    //! state with their reactions; hasMore: older ones remain.
    std::optional<Page> before(const QString &room, qint64 seq, int limit, qsizetype maxText);
    //! The newest \a limit messages (no changes) of \a room; hasMore: older ones remain.
    std::optional<Page> newest(const QString &room, int limit, qsizetype maxText);

    //! The direct rooms (DirectRoomName) of account \a userId that hold at least one message,
    //! the most recently written first, at most \a limit of them. Only well-formed names whose
    //! pair contains \a userId: "@dm:1:12" is account 1's and 12's, never 2's.
    std::optional<QList<RoomActivity>> directRooms(qint64 userId, int limit);

    //! The read receipts on this store's connection (ReceiptStore); nullptr when not open.
    ReceiptStore *receipts();
    //! Uploads, stored files and their rooms on this store's connection (FileIndex); nullptr
    //! when not open.
    FileIndex *files();
    //! The search of the messages' texts on this store's connection (HistorySearch); nullptr
    //! when not open.
    HistorySearch *search();
    //! Merges the search index now so that the words of deleted messages leave its pages
    //! (SearchIndexPurge; it runs by itself in steps after each delete, and at close()). False
    //! (errorString()) on failure.
    bool purgeSearchIndex();

    //! How many rows (messages and changes) are stored in all rooms (for tests and the log);
    //! nullopt on failure.
    std::optional<qint64> messageCount();

private:
    Posting postOnce(const QString &room, const Sender &sender, const QString &text,
                     const QString &clientId, qint64 nowMs, qint64 replyTo, const File &file);
    Posting changeOnce(const QString &room, const Sender &sender, const Change &change,
                       qint64 nowMs, bool admin, std::chrono::milliseconds editWindow);
    //! \a call, and once more when it failed because the PostgreSQL link was gone (recover()).
    template <typename Call>
    auto retriedOnce(const Call &call) -> decltype(call());

    struct Private;
    std::unique_ptr<Private> d;
};
