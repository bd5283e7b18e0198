#pragma once
// TestDatabase: where a storage test keeps its data. The same suites run twice (issue 14): on
// SQLite (the default, in memory or in a file) and, with PARLEY_TEST_DATABASE=postgresql (ctest's
// "<test>_postgresql"), on a private PostgreSQL that the test process starts itself.

#include <QString>
#include <QTest>

namespace TestDatabase {

//! Whether this run stores in PostgreSQL (PARLEY_TEST_DATABASE=postgresql).
bool isPostgres();
//! "postgresql" or "sqlite", for messages.
QString engine();
//! Starts the private PostgreSQL of this process when isPostgres() (once; it stops when the
//! application object goes). False, with \a error, when it cannot; always true on SQLite.
bool setUp(QString *error);
//! A location for a new, empty database: on SQLite \a sqliteFile (empty: a private in-memory
//! database); on PostgreSQL a new database of the private server (its URL), whatever
//! \a sqliteFile says. Opening the same location again reopens the same data.
QString fresh(const QString &sqliteFile = QString());
//! PostgreSQL only: stops the private server (a fast shutdown: every connection is cut) and
//! starts it again on the same port and data. False (with a warning) when it does not come back.
bool restartServer();

} // namespace TestDatabase

//! The first line of a storage suite's initTestCase(): on PostgreSQL, the engines must be
//! installed (PARLEY_REQUIRE_ENGINES) and the private server must start.
#define PARLEY_TEST_DATABASE_SETUP()                                                               \
    do {                                                                                           \
        if (TestDatabase::isPostgres()) {                                                          \
            PARLEY_REQUIRE_ENGINES();                                                              \
            QString setUpError;                                                                    \
            QVERIFY2(TestDatabase::setUp(&setUpError), qPrintable(setUpError));                    \
        }                                                                                          \
    } while (false)

//! In a test that only means something for an SQLite file (its journal, its schema steps, a
//! corrupt file): skipped on PostgreSQL.
#define PARLEY_SQLITE_ONLY()                                                                       \
    do {                                                                                           \
        if (TestDatabase::isPostgres())                                                            \
            QSKIP("about SQLite files only");                                                      \
    } while (false)

#include "enginesrequired.h"
