#pragma once
// MessageStore: the client's history cache and outbox in SQLite (Qt SQL, QSQLITE). It is the
// ChatStore ChatClient writes to before anything goes on the wire, and the source MessageModel
// pages a room's history from, so a room with a million messages is never loaded whole.
#include "chatmessage.h"
#include "chatstore.h"
#include "searchquery.h"

#include <QList>
#include <QString>

#include <functional>
#include <limits>
#include <memory>

class QUrl;

//! ChatStore on one SQLite file per (server, user): own and received messages in one table.
//!
//! Why one table: the view shows one's own messages among everyone else's, ordered by the
//! server's sequence number, and a message of one's own is known first by its client id and
//! later also by (room, seq). Keeping both kinds together lets one index answer a page and
//! lets both identities be unique in the database itself, so nothing is stored twice.
//!
//! Schema (version kSchemaVersion in PRAGMA user_version; open() creates or migrates it through
//! SqlMigrations, refuses newer): MessageStoreSchema -- messages(id = local insertion order,
//! client_id, room, seq, sender, sender_id, sender_username, text, time_ms, own, delivery, and
//! for conversations kind, target_seq, reply_to, edited_ms, deleted, reaction_on, reactions) with
//! both identities unique; rooms(room, synced_seq); and for search() messages_search, a
//! contentless FTS5 trigram index of the messages' current texts kept in step by triggers, with
//! messages_search_order (time, room) for newest first and sender_key +
//! messages_search_sender for the from: filter.
//!
//! Durability (SqlConnection): the file runs in WAL journal mode with synchronous=NORMAL. A
//! commit appends to the WAL without an fsync, so saveOutgoing() costs microseconds, and once it
//! has returned true the message survives the process being killed (even SIGKILL: the bytes are
//! in the kernel's page cache and the next open replays the WAL; tested in tst_messagestore). A
//! power cut or an OS crash may lose the last commits since the previous checkpoint; the server's
//! de-duplication by client id makes a resend after such a loss harmless. Where WAL is unavailable
//! (some network file systems), the store falls back to the rollback journal with synchronous=FULL.
//!
//! Each instance opens its own uniquely named QSqlDatabase connection; use it from the thread
//! that created it. Two processes may share one file (busy timeout kBusyTimeoutMs).
class MessageStore : public ChatStore
{
public:
    //! The schema this code writes; open() refuses files with a newer one.
    //! 2: rooms(synced_seq); 3: sender_id, sender_username; 4: conversations (kind, target_seq, …);
    //! 5: search (messages_search, messages_search_order, sender_fold/sender_key, messages_search_sender)
    static constexpr int kSchemaVersion = 6;
    //! How long a write waits for another process's lock before it fails.
    static constexpr int kBusyTimeoutMs = 5000;
    //! A page stops early once its texts would pass this many UTF-16 units (it always holds at
    //! least one message): 200 messages near ChatClient::kMaxTextLength would be 400 MB.
    static constexpr qsizetype kPageTextChars = 4'000'000;

    //! Where a row sits in a room's display order: rows with a seq by seq, then rows without one
    //! (one's own Pending/Sent/Failed messages, classic servers' messages) by local order.
    struct Position
    {
        qint64 seq = 0;     //!< 0 = a row without seq
        qint64 localId = 0; //!< local insertion order (the row id)

        //! Past the newest row: pageBefore(room, Position::end(), n) is the newest page.
        static constexpr Position end() { return {0, std::numeric_limits<qint64>::max()}; }
        //! Display order: true if a row at *this is shown above a row at \a other.
        bool operator<(const Position &other) const;
    };

    //! search() returns at most this many messages per call (a larger limit is cut to it).
    static constexpr int kMaxSearchResults = 100;
    //! One search() reads at most this many rows newest first where the index cannot select them
    //! (every term shorter than 3 characters, or none): it stops there with what it found. The
    //! server's ServerSettings::maxSearchRows by default (docs/protocol.md "Search").
    static constexpr qint64 kMaxSearchScanRows = 200'000;

    //! Where search() results continue: the last result of the previous call (cursorOf()).
    //! Results come in the order time desc, room, seq desc, then local order desc; the next call
    //! returns those strictly after the cursor in it.
    struct SearchCursor
    {
        qint64 timeMs = 0;  //!< the message's time, ms since the epoch (0 for none)
        QString room;
        qint64 seq = 0;
        //! The row's local order, which tells apart messages of one room without seq (one's own
        //! unsent ones, a classic server's) in the same millisecond. 0 (a cursor built by hand):
        //! every message tied with the cursor on (time, room, seq) counts as before it.
        qint64 localId = 0;

        //! A null cursor starts from the newest message.
        bool isNull() const { return timeMs == 0 && room.isEmpty() && seq == 0 && localId == 0; }
    };

    //! Some consecutive messages of a room, in display order (oldest first).
    struct Page
    {
        QList<ChatMessage> messages;
        Position oldest;      //!< position of messages.first(); pass it to pageBefore() for more
        bool hasMore = false; //!< older rows exist before oldest
    };

    MessageStore();
    ~MessageStore() override;
    MessageStore(const MessageStore &) = delete;
    MessageStore &operator=(const MessageStore &) = delete;

    //! Opens (creating it and its missing parent folders if needed) the SQLite file \a path,
    //! sets WAL, creates the schema. False, with errorString(), when the folder cannot be
    //! created, the file cannot be opened or written, is not a database or has a newer schema.
    //! Opening again closes the previous file first.
    bool open(const QString &path);
    //! Closes the connection. Safe to call twice; the destructor calls it.
    void close();
    bool isOpen() const;
    //! The path given to the last successful open().
    QString path() const;
    //! The journal mode in effect: "wal" normally; "delete" where WAL is not possible.
    QString journalMode() const;
    //! Why the last failed call failed (empty after success of open()).
    QString errorString() const;

    //! The file for \a user on \a server: AppDataLocation/history/<host>_<port>-<user>-<hash>.sqlite.
    //! One database per server and user, as their histories and outboxes are unrelated; the name
    //! is MessageStorePath's (readable, yet apart for names that reduce alike). open() creates
    //! the folders.
    static QString defaultPath(const QUrl &server, const QString &user);

    // ChatStore
    bool saveOutgoing(const ChatMessage &message) override;
    //! Also stores \a seq (when > 0) and \a time (when valid).
    void updateDelivery(const QString &clientId, ChatMessage::Delivery state, qint64 seq,
                        const QDateTime &time) override;
    QList<ChatMessage> unacknowledged() const override;
    //! Idempotent on both identities: a message known by its client id or by (room, seq) is not
    //! stored again (false). What the copy adds is kept: its seq (a message of one's own known
    //! by client id coming back from history), its client id, and Delivered for one's own
    //! message that had been given up as Failed but did reach the server.
    bool saveReceived(const ChatMessage &message) override;
    qint64 lastSeq(const QString &room) const override;
    qint64 syncedSeq(const QString &room) const override;
    void setSyncedSeq(const QString &room, qint64 seq) override;

    //! saveReceived() for many messages in one transaction (a history page, a bulk import):
    //! one flag per message, true where it was new. Empty on failure.
    QList<bool> saveReceivedBatch(const QList<ChatMessage> &messages);
    //! One's own messages that were given up (Failed), oldest first, in all rooms. After a
    //! restart ChatClient no longer knows them; this is what it needs to let retry() work.
    QList<ChatMessage> failed() const override;
    bool removeOutgoing(const QString &clientId) override;
    //! StoredChanges::isSuperseded: a later change of the same subject is stored.
    bool isSuperseded(const ChatMessage &change) const override;

    //! The newest \a limit messages of \a room plus room-less messages (classic servers'
    //! broadcasts, shown in every room as MessageModel does), in display order.
    Page newestPage(const QString &room, int limit) const;
    //! The \a limit messages shown just above \a before (scrolling back), in display order;
    //! fewer when their texts pass kPageTextChars.
    Page pageBefore(const QString &room, const Position &before, int limit) const;
    //! How many rows \a room has (not counting room-less ones). Scans: for tests and tools.
    qint64 messageCount(const QString &room) const;

    //! Messages whose current text contains every term of \a query as a substring,
    //! case-insensitively (Chinese or any script: no word boundaries), within its filters: room
    //! (exact), from (the sender's user name, case-insensitively as parley-server compares them;
    //! for a message without one, as from a stock server, its display name), after / before
    //! (exclusive). Newest first (see SearchCursor), at most \a limit (capped at
    //! kMaxSearchResults), strictly after \a after. Deleted messages and change rows are never
    //! returned; an edited message is found by its latest text only. A query with filters and no
    //! terms lists the messages they select; an empty one (SearchQuery::isEmpty()) finds nothing.
    //! Fewer than \a limit results means there are no more, except for a query whose terms are
    //! all shorter than 3 characters (or that has none): it reads at most kMaxSearchScanRows rows
    //! after \a after and returns what it found in them; the next page, from the cursor of the
    //! last result, reads as many again (docs/protocol.md "Search", "Bounds").
    QList<ChatMessage> search(const SearchQuery &query, int limit, const SearchCursor &after) const;
    //! The first page: search(query, limit, SearchCursor()). (An overload, as a default argument of
    //! a nested type with member initializers cannot be written inside the class.)
    QList<ChatMessage> search(const SearchQuery &query, int limit) const { return search(query, limit, {}); }
    //! The cursor at \a message, a result of search(): its time, room and seq, and its local
    //! order looked up by its identity (client id, else room and seq; a message with neither by
    //! room, time, sender and text). For the next page: search(query, limit, cursorOf(last)).
    SearchCursor cursorOf(const ChatMessage &message) const;

    //! Told once when writing starts failing (\a failing, \a why: SQLite's words, e.g. "database
    //! or disk is full") and once when it works again. Meanwhile received messages are kept in
    //! memory and the watermark on disk stays below them (UnsavedMessages): nothing is lost, and
    //! what was not written is fetched again once writing works.
    void setWriteNotify(std::function<void(bool failing, const QString &why)> notify);
    bool isWriteFailing() const;
    //! Caps the file at \a pages pages (SQLite max_page_count): past it writes fail as on a full
    //! disk. For a size quota, and to check the full-disk path in tests.
    bool setMaxPages(qint64 pages);

private:
    struct Private;
    std::unique_ptr<Private> d;
};
