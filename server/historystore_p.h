#pragma once
// HistoryStore's private part (d-pointer): the connection, its prepared statements, and the
// stores that share it (changes, receipts, files, search). Included by historystore.cpp only.
#include "historystore.h"

#include "fileindex.h"
#include "logging.h"
#include "historysearch.h"
#include "messagechanges.h"
#include "receiptstore.h"
#include "searchindexpurge.h"
#include "sqlconnection.h"

#include <QSqlError>
#include <QSqlQuery>

#include <chrono>
#include <optional>

namespace HistoryStoreDetail {

//! QSQLITE binds a null QString as SQL NULL, which the NOT NULL columns refuse: a message without
//! a clientId must store '' instead.
inline QString notNull(const QString &text)
{
    return text.isNull() ? QString(0, QChar()) : text;
}

//! A new row of \a sender with its \a seq, time and \a clientId; the rest is up to the caller.
inline HistoryStore::Message newRow(const QString &room, qint64 seq, qint64 nowMs,
                             const HistoryStore::Sender &sender, const QString &clientId)
{
    HistoryStore::Message m;
    m.room = room;
    m.seq = seq;
    m.timeMs = nowMs;
    m.sender = sender.name;
    m.clientId = clientId;
    m.senderId = sender.id;
    m.senderUsername = sender.username;
    m.senderGuest = sender.guest;
    return m;
}
} // namespace HistoryStoreDetail

struct HistoryStore::Private
{
    //! Every statement post() and the queries use, prepared once per connection.
    struct Statements
    {
        explicit Statements(const QSqlDatabase &db)
            : findClientId(db), lastSeq(db), nextSeq(db), insert(db), after(db), before(db), newest(db), count(db),
              directRooms(db)
        {
        }
        QSqlQuery findClientId, lastSeq, nextSeq, insert, after, before, newest, count, directRooms;
    };

    explicit Private(std::chrono::milliseconds timeout)
        : busyTimeout(timeout)
    {
    }

    //! Records \a why as the error; always false. Logged once the store is open (a failing open()
    //! is reported by its caller, with errorString()).
    bool fail(const QString &why)
    {
        error = why;
        connection.markSuspect(); // PostgreSQL: recover() looks at the link before the next request
        if (statements) {
            qCWarning(lcServer).noquote()
                    << "history database" << SqlConnection::displayLocation(path)
                    << "failed:" << error;
        }
        return false;
    }
    //! Records why \a what failed; always false.
    bool fail(const QString &what, const QSqlError &sqlError)
    {
        const QString reason =
                sqlError.databaseText().isEmpty() ? sqlError.text() : sqlError.databaseText();
        return fail(reason + QLatin1String(" (") + what + QLatin1Char(')'));
    }
    //! Records the connection's last error (a transaction refused); always false.
    bool connectionFailed() { return fail(connection.errorString()); }

    //! Runs a prepared statement; false (logged) when it fails.
    bool run(QSqlQuery &query, const char *what)
    {
        return query.exec() || fail(QLatin1String(what), query.lastError());
    }

    bool migrate();
    bool prepare();
    //! Runs one write of \a sender in \a room in a transaction: the de-dup lookup of \a clientId
    //! (a Duplicate answers with the original row), the room's next seq, then \a body with that
    //! seq, whose Posting is committed when it says Stored and rolled back otherwise.
    Posting write(const QString &room, const Sender &sender, const QString &clientId,
                  const std::function<Posting(qint64 seq)> &body);
    //! Inserts \a row; false (logged) when it fails.
    bool insert(const Message &row);
    //! Reads the rows of an executed page query (ascending or \a descending seq) into a Page.
    std::optional<Page> readPage(QSqlQuery &query, const QString &room, int limit, qsizetype maxText,
                                 bool descending);

    std::chrono::milliseconds busyTimeout;
    SqlConnection connection;
    QString path;
    int schemaVersion = 0;
    QString error;
    std::optional<Statements> statements; //!< after connection: destroyed before it
    std::optional<MessageChanges> changes; //!< the same
    std::optional<ReceiptStore> receipts;  //!< the same
    std::optional<FileIndex> files;        //!< the same
    std::optional<HistorySearch> search;   //!< the same; after changes, which it uses
    std::optional<SearchIndexPurge> purge; //!< the same; SQLite only
};
