#pragma once
// SqlMigrations: a store's schema as data, a list of {version, statements}, and the one
// routine that brings a file up to date with it.

#include <QList>
#include <QString>
#include <QStringList>

class SqlConnection;

//! Applies a store's schema migrations, in order, in one transaction, keeping the version in
//! PRAGMA user_version.
//!
//! Why data: a schema written as code ("if (version < 2) ...") grows a branch per version and
//! each store grew its own. As a list, the steps read top to bottom as the file's history, and a
//! new version is one more entry. Never edit a released step: files on disk were made by it.
//!
//! What apply() does, inside one BEGIN IMMEDIATE transaction (so two processes opening the same
//! file do not both migrate it): reads user_version; refuses a file newer than the last step
//! (Newer, nothing written); runs the statements of every step above the file's version, in
//! order; sets user_version to the last step. Any failure rolls everything back: the file keeps
//! its version and its tables, never half a migration. A fresh file (version 0) runs every step.
class SqlMigrations
{
public:
    //! One schema version: what turns version - 1 (or any earlier one) into \a version.
    struct Migration
    {
        int version = 0;        //!< above 0; each step's above the previous one's
        QStringList statements; //!< one SQL statement per string, run in order
    };

    enum class Outcome {
        UpToDate, //!< the file had the last version: nothing was written
        Migrated, //!< steps ran and were committed (foundVersion() tells from where)
        Newer,    //!< the file has a version above the last step: untouched
        Failed,   //!< see errorString(); the file is as it was
    };

    //! \a name: where the version is kept. Empty: PRAGMA user_version (an SQLite file of one
    //! store); else the row \a name of the table schema_versions, which several stores of one
    //! database share (the server's accounts beside its history; every store on PostgreSQL, which
    //! requires a name). \a name is a plain identifier written into SQL: never user input.
    explicit SqlMigrations(QList<Migration> migrations, QString name = {});

    //! The version of the last step (0 for an empty list): what apply() brings a file to.
    int latestVersion() const;
    //! Brings the database of \a connection (open) up to latestVersion(); see the class comment.
    Outcome apply(SqlConnection &connection);
    //! The file's user_version as apply() found it; 0 before apply() or when it could not read it.
    int foundVersion() const;
    //! The file's version after apply(): latestVersion() when UpToDate or Migrated, else
    //! foundVersion().
    int version() const;
    //! Why apply() failed: the statement and SQLite's reason, or a list out of order.
    QString errorString() const;

private:
    QString orderError() const;

    QList<Migration> m_migrations;
    QString m_name;
    int m_foundVersion = 0;
    int m_version = 0;
    QString m_error;
};
