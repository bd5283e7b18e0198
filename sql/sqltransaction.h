#pragma once
// SqlTransaction: a write transaction that cannot be left open by an early return.

class SqlConnection;

//! BEGIN IMMEDIATE in the constructor, COMMIT only when asked, ROLLBACK in the destructor.
//!
//! Why RAII: a store's write is several statements that must land together (a message and its
//! seq, a batch of history, a schema migration). With BEGIN/COMMIT/ROLLBACK by hand, every early
//! return is a chance to leave the transaction open, which holds the write lock and makes the
//! next BEGIN fail. Here any path that did not reach commit() rolls back.
//!
//! Why IMMEDIATE: the write lock is taken at the start, so waiting for another writer happens
//! (within the connection's busy timeout) before any work, never as a failed upgrade from a read
//! lock half-way through.
//!
//! Errors (BEGIN or COMMIT refused, e.g. "database is locked") are in the connection's
//! errorString(); a rollback never overwrites it, so the cause stays what is reported. Queries
//! still reading inside the transaction should be finish()ed before it is destroyed. Transactions
//! do not nest: a second one on the same connection fails to begin (isActive() false).
class SqlTransaction
{
public:
    //! Begins a transaction on \a connection, which must outlive this object.
    explicit SqlTransaction(SqlConnection &connection);
    //! Rolls back unless commit() succeeded.
    ~SqlTransaction();
    SqlTransaction(const SqlTransaction &) = delete;
    SqlTransaction &operator=(const SqlTransaction &) = delete;

    //! True from a successful BEGIN until a successful commit().
    bool isActive() const;
    //! Makes the writes permanent. False when the transaction is not active or COMMIT failed;
    //! after a failed COMMIT the transaction is still active and the destructor rolls it back.
    bool commit();

private:
    SqlConnection &m_connection;
    bool m_active = false;
};
