#pragma once
// ReceiptStore: the read receipts of docs/protocol.md ("Read receipts") in the history database,
// one row per (room, account), on HistoryStore's connection.

#include <QList>
#include <QSqlQuery>
#include <QString>

#include <initializer_list>
#include <optional>

class QSqlDatabase;

//! How far each account has read each room: state, not log (no seq, no history row).
//!
//! Why a class of its own: HistoryStore keeps a room's messages in order; receipts are a small
//! table beside them with rules of their own (only forward, dropped when an account turns them
//! off), so they live here, as MessageChanges lives beside it. The table is the receipts table of
//! HistoryStoreSchema version 4, so receipts survive a restart with the history. Each statement
//! is one autocommitted write or read; prepared once, on the store's connection: destroy this
//! object before the connection closes.
class ReceiptStore
{
public:
    //! One account's receipt in a room.
    struct Receipt
    {
        qint64 userId = 0;
        qint64 seq = 0;
        bool operator==(const Receipt &o) const { return userId == o.userId && seq == o.seq; }
    };
    //! What advance() did: the receipt before (0: none) and the one kept now.
    struct Advance
    {
        qint64 before = 0;
        qint64 kept = 0;
        bool moved() const { return kept > before; }
    };

    //! Prepares the statements on \a db (open, schema current); isValid() says whether it could.
    explicit ReceiptStore(const QSqlDatabase &db);

    bool isValid() const { return m_error.isEmpty(); }
    //! Why the last failed call (or the preparation) failed.
    QString errorString() const { return m_error; }

    //! Moves \a userId's receipt in \a room to \a seq (> 0) if that is further than the kept one.
    std::optional<Advance> advance(const QString &room, qint64 userId, qint64 seq);
    //! \a room's receipts, the highest seq first (then by user id), at most \a limit.
    std::optional<QList<Receipt>> ofRoom(const QString &room, int limit);
    //! Deletes every receipt of \a userId (it turned receipts off). False on failure.
    bool dropAccount(qint64 userId);

private:
    //! Runs \a query with \a values bound in order; false (errorString()) when it fails.
    bool run(QSqlQuery &query, const char *what, std::initializer_list<QVariant> values);
    //! The kept seq of \a userId in \a room (0: none); nullopt on failure.
    std::optional<qint64> kept(const QString &room, qint64 userId);

    QSqlQuery m_kept, m_upsert, m_ofRoom, m_dropAccount;
    QString m_error;
};
