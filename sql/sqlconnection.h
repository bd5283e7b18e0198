#pragma once
// SqlConnection: one database connection (SQLite, or PostgreSQL for a server cluster), named,
// set up and removed the same way for every store in Parley (the client's MessageStore, the
// server's HistoryStore and AccountStore).

#include <QSqlDatabase>
#include <QString>
#include <QVariant>

#include <chrono>
#include <initializer_list>
#include <memory>
#include <optional>
#include <utility>

class QSqlQuery;
class SqlTransaction;

//! One database connection (Qt SQL: QSQLITE, or QPSQL for a PostgreSQL location): opened and set
//! up in one call, removed when closed.
//!
//! Why a class: QSqlDatabase keeps connections in a process-wide registry keyed by name. Two
//! stores that picked the same name would share one connection; a name never removed leaks; one
//! removed while a QSqlQuery still uses it warns and breaks the query. This object takes a name
//! no other connection in the process has, and close() (the destructor calls it) removes it.
//! Queries the caller made on database() must be destroyed before close().
//!
//! Why the set-up lives here: every store wants the same durability. The busy timeout is set
//! before the first statement (switching to WAL itself may wait for another process's lock). A
//! file runs in WAL journal mode with synchronous=NORMAL: a commit appends to the WAL without an
//! fsync (microseconds), an application crash loses nothing, a power cut may lose the last
//! commits. Where WAL is not possible (some network file systems) the rollback journal keeps
//! synchronous=FULL, as NORMAL there may corrupt the file on a power cut. journalMode() says
//! which one is in effect; an in-memory database reports "memory".
//!
//! PostgreSQL (a location "postgresql://…", PostgresAddress; the server's shared database of a
//! cluster, docs/deploy.md): the busy timeout becomes the session's lock_timeout, commits are
//! durable (synchronous_commit stays on), a transaction is a plain BEGIN (READ COMMITTED): the
//! stores take the row locks they need (HistoryStore's rooms.last_seq). journalMode() is empty.
//! The stores write SQL both understand where they can and ask backend() where they cannot.
//!
//! Errors are returned (false / nullopt) with errorString(); nothing throws and nothing is
//! logged here, so each store logs in its own category. Use it from the thread that opened it.
class SqlConnection
{
public:
    //! How to set a connection up. The defaults are SQLite's and Qt's own where Parley has no
    //! reason to differ.
    struct Options
    {
        //! How long a statement waits for another connection's lock before it fails as busy.
        std::chrono::milliseconds busyTimeout{5000};
        //! PRAGMA foreign_keys: off (SQLite's default) unless a schema declares foreign keys.
        bool foreignKeys = false;
        //! PRAGMA secure_delete: freed pages are overwritten with zeros, so that a deleted
        //! message's text does not linger in the file (docs/protocol.md). Off by default (SQLite's
        //! default, though some builds, Debian's among them, turn it on).
        bool secureDelete = false;
        //! PostgreSQL: the least time between two attempts to reconnect (recover()), so that a
        //! database that is down costs a node one refused connection a second, not one a request.
        //! It doubles after each attempt that fails, up to maxReconnectInterval (an unreachable
        //! host blocks each attempt for its connect_timeout), and is back to this after a success.
        std::chrono::milliseconds reconnectInterval{1000};
        std::chrono::milliseconds maxReconnectInterval{30000};
    };

    //! Which database engine a connection talks to.
    enum class Backend { Sqlite, Postgres };

    SqlConnection();
    ~SqlConnection();
    SqlConnection(const SqlConnection &) = delete;
    SqlConnection &operator=(const SqlConnection &) = delete;

    //! Opens \a location with default Options; see open(const QString &, const Options &).
    bool open(const QString &location);
    //! Opens \a location: a PostgreSQL database when it is a "postgresql://" or "postgres://"
    //! URL (PostgresAddress), else (creating if needed) the SQLite file at that path, or a
    //! private in-memory SQLite database when it is empty; and applies \a options and the
    //! engine's set-up. Opening again closes the previous connection first. False, with
    //! errorString(), when the driver is missing, the location is malformed, the file cannot be
    //! opened or is not a database, the server cannot be reached or refuses the set-up; nothing
    //! is left open. It does not create missing folders: that is the caller's call.
    bool open(const QString &location, const Options &options);
    //! Closes and removes the connection. Safe to call twice.
    void close();
    bool isOpen() const;
    //! The engine of the open connection (Sqlite when not open).
    Backend backend() const;

    //! PostgreSQL restarts, fails over or drops idle connections; SQLite never goes away. A
    //! store that saw a statement fail calls markSuspect(). needsReopen(), called where no
    //! transaction is open, then checks the link (one "SELECT 1") and says whether it is gone
    //! and a new try is due (at most one per reconnectInterval); reopen() opens the same
    //! location with the same options again (generation() counts it). A store with prepared
    //! statements destroys them between the two; one without calls recover(), which does both.
    //! Always false for SQLite and inside a transaction.
    void markSuspect();
    bool needsReopen();
    bool reopen();
    bool recover();
    quint64 generation() const;
    bool inTransaction() const;
    //! \a location as it may be logged: a PostgreSQL URL without its password, ":memory:" for an
    //! empty one, a path as it is.
    static QString displayLocation(const QString &location);
    //! Whether \a location names a PostgreSQL database rather than an SQLite file.
    static bool isPostgresLocation(const QString &location);

    //! The connection, for QSqlQuery(database()). Invalid when not open.
    QSqlDatabase database() const;
    //! The unique name the connection is registered under; empty when not open.
    QString connectionName() const;
    //! The journal mode in effect: "wal" normally, "memory" in memory, "delete" (or what SQLite
    //! chose) where WAL is not possible. Empty when not open.
    QString journalMode() const;
    //! Why the last failed call failed, as "<statement or step>: <the engine's reason>".
    QString errorString() const;

    //! Runs one statement that takes no bound values and is not worth preparing (pragmas,
    //! schema changes): its first value, an invalid QVariant when it returns no row, or nullopt
    //! on failure with errorString(). One statement per call: QSQLITE runs only the first.
    std::optional<QVariant> execute(const QString &sql);

    //! Prepares each query of \a statements (made on the store's database()) with its SQL,
    //! forward only (the stores read each row once): the error of the first that fails, as
    //! "<Qt's reason> (prepare <sql>)", or an empty string. For the classes that prepare their
    //! statements once, beside a store (MessageChanges, ReceiptStore, HistorySearch, …).
    static QString prepareAll(std::initializer_list<std::pair<QSqlQuery *, QString>> statements);

private:
    friend class SqlTransaction;
    //! BEGIN IMMEDIATE (SQLite) or BEGIN (PostgreSQL) / COMMIT through statements prepared once at open(); false with
    //! errorString() on failure.
    bool begin();
    bool commit();
    //! ROLLBACK. Leaves errorString() alone, as the cause of the rollback is what to report,
    //! and a failure is harmless: SQLite may have rolled back by itself already.
    void rollback();

    struct Private;
    std::unique_ptr<Private> d;
};
