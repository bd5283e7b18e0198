#pragma once
// PostgresAddress: a "postgresql://user:password@host:port/database?options" location, checked
// and taken apart for Qt's QPSQL driver.

#include <QString>

#include <optional>

//! A PostgreSQL location as libpq's URI form writes it (a subset: what a server operator needs).
//!
//! Why a parser of our own instead of handing the string to libpq: Qt's QPSQL driver takes the
//! parts one by one (host, port, user, password, database, "key=value" options), and the
//! password must never reach a log line (display()). Only the options below are let through, so
//! a location cannot smuggle other libpq settings in.
//!
//! Accepted: scheme "postgresql" or "postgres"; user and password percent-encoded; host a name,
//! an IPv4 or a [bracketed] IPv6 address (empty: libpq's default, the local socket); port
//! 1-65535 (empty: 5432); one database name (empty: the user's name); the options
//! connect_timeout (seconds, 1-3600; default kDefaultConnectTimeoutSeconds), sslmode (disable, allow, prefer, require, verify-ca,
//! verify-full), sslrootcert, sslcert, sslkey, application_name and host (a socket folder).
//! A password left out is looked up by libpq (PGPASSWORD, ~/.pgpass), the way docs/deploy.md
//! recommends.
struct PostgresAddress
{
    QString host;
    int port = 0;       //!< 0: libpq's default
    QString user;
    QString password;
    QString database;
    QString options;    //!< for QSqlDatabase::setConnectOptions: "key=value;key=value"

    //! connect_timeout when the location gives none (libpq's own default is to wait for ever).
    static constexpr int kDefaultConnectTimeoutSeconds = 5;

    //! The address in \a location, or nullopt with the reason in \a error.
    static std::optional<PostgresAddress> parse(const QString &location, QString *error);
    //! Whether \a location has a PostgreSQL scheme (it may still be malformed).
    static bool hasScheme(const QString &location);
    //! \a location with its password replaced by "***" (for logs); as it is without a password.
    static QString display(const QString &location);
};
