#pragma once
// MessageStore's private part (d-pointer): the open connection, its prepared statements and the
// helpers that share them. Included by messagestore.cpp only.
#include "messagestore.h"

#include "logging.h"
#include "searchindexpurge.h"
#include "sqlconnection.h"
#include "sqltransaction.h"
#include "storedchanges.h"
#include "storedpages.h"
#include "storedsearch.h"
#include "unsavedmessages.h"

#include <QSqlQuery>

#include <memory>
#include <optional>

struct MessageStore::Private
{
    //! Prepared once per open(); destroyed before the connection is removed.
    struct Statements
    {
        explicit Statements(const QSqlDatabase &db)
            : insert(db), ownerOf(db), updateDelivery(db), setSeqByClientId(db),
              setClientIdBySeq(db), settleOwn(db), lastSeq(db), unacknowledged(db), failed(db),
              count(db)
        {
        }
        QSqlQuery insert;
        QSqlQuery ownerOf;
        QSqlQuery updateDelivery;
        QSqlQuery setSeqByClientId;
        QSqlQuery setClientIdBySeq;
        QSqlQuery settleOwn;
        QSqlQuery lastSeq;
        QSqlQuery unacknowledged;
        QSqlQuery failed;
        QSqlQuery count;
    };

    SqlConnection connection;
    std::unique_ptr<Statements> st; //!< after connection: destroyed before it
    QString path;
    QString error;
    UnsavedMessages unsaved; //!< what could not be written, while writes fail
    StoredChanges changes;   //!< applies edits, deletes and reactions to their targets' rows
    StoredPages pages;       //!< reads pages of messages
    StoredSearch search;     //!< finds messages by their text
    //! After a delete, merges the search index so that the deleted words leave its pages too.
    std::optional<SearchIndexPurge> purge;

    bool prepare(QSqlQuery &query, const QString &sql);
    bool exec(QSqlQuery &query, const char *what);
    //! Takes the connection's last error (a transaction refused) as ours; always false.
    bool connectionFailed()
    {
        error = connection.errorString();
        return false;
    }
    //! A transaction's begin and commit, each taking the connection's error on failure.
    bool began(const SqlTransaction &t) { return t.isActive() || connectionFailed(); }
    bool committed(SqlTransaction &t) { return t.commit() || connectionFailed(); }
    //! Creates or migrates the schema; a file already current is proven writable.
    bool migrate();
    bool prepareAll();
    bool preparePurge()
    {
        purge.emplace(connection.database(), QStringLiteral("messages_search"), lcModel());
        if (!purge->isValid())
            error = purge->errorString();
        return purge->isValid();
    }
    //! INSERT of \a m unless one of its identities is known: nullopt on error, else whether it was new.
    std::optional<bool> insert(const ChatMessage &m, const char *what);
    //! The insert-or-reconcile of saveReceived(), inside the caller's transaction; nullopt on error.
    std::optional<bool> saveReceived(const ChatMessage &message);
    QList<ChatMessage> ownByState(QSqlQuery &query) const;
};
