#pragma once
// HistoryCopy: moving a single server's SQLite file into the PostgreSQL database of a cluster
// (issue 14, docs/deploy.md "Moving an existing server"): `parley-server --import-sqlite FILE
// --database postgresql://…`.

#include <QList>
#include <QString>

//! Copies every table of a parley-server SQLite file -- accounts, tokens, invites, messages with
//! their edits and deletes, reactions, read receipts, files' metadata -- into an empty
//! PostgreSQL database, in one transaction, then checks what it copied.
//!
//! Why one transaction: a copy that fails half-way leaves the target as empty as it was, so it
//! can simply be run again. Why into an empty database only: ids (accounts, messages) are kept as
//! they are, so that tokens, receipts, reactions and the search's positions stay true; merging two
//! histories would need new ids for one of them.
//!
//! The checks, after the commit: every table holds as many rows in the target as in the file;
//! every room has the same lowest seq, highest seq and number of rows (so no seq is missing or
//! doubled), and its rooms.last_seq is its highest seq (the next post continues the sequence).
//! The file is first brought to the current schema (HistoryStore, AccountStore open it), as
//! parley-server would when started on it; nothing else in it is changed.
class HistoryCopy
{
public:
    struct Table
    {
        QString name;
        qint64 rows = 0;  //!< copied (and found in the target afterwards)
    };
    struct Result
    {
        bool ok = false;
        QString error;       //!< why not, when !ok
        QList<Table> tables; //!< in the order copied
        qint64 rooms = 0;    //!< rooms whose seqs were checked
    };

    //! Copies \a sqliteFile into \a postgresLocation (which must hold no account and no message).
    static Result copy(const QString &sqliteFile, const QString &postgresLocation);
};
