#include "sqlconnection.h"

#include "postgresaddress.h"

#include <QAtomicInteger>
#include <QElapsedTimer>

#include <algorithm>
#include <QSqlError>
#include <QSqlQuery>

namespace {

const QString kDriver = QStringLiteral("QSQLITE");
const QString kPostgresDriver = QStringLiteral("QPSQL");
const QString kInMemory = QStringLiteral(":memory:");

//! A name no other SqlConnection in this process uses (QSqlDatabase is keyed by name).
QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("parley-sql-%1").arg(counter.fetchAndAddRelaxed(1));
}

//! SQLite's own words where there are some ("database is locked"), else Qt's.
QString reason(const QSqlError &error)
{
    return error.databaseText().isEmpty() ? error.text() : error.databaseText();
}

} // namespace

struct SqlConnection::Private
{
    //! The transaction statements, prepared once per open() (a store may run thousands of
    //! transactions a second); destroyed before the connection is removed.
    struct Statements
    {
        explicit Statements(const QSqlDatabase &db)
            : begin(db), commit(db), rollback(db)
        {
        }
        QSqlQuery begin;
        QSqlQuery commit;
        QSqlQuery rollback;
    };

    QString connectionName;
    Backend backend = Backend::Sqlite;
    QString location;  //!< what open() was given, for recover()
    Options options;
    bool suspect = false;
    bool inTransaction = false;
    quint64 generation = 0;
    std::optional<QElapsedTimer> lastReconnect;
    std::chrono::milliseconds reconnectWait{0}; //!< the current wait between attempts
    QString journalMode;
    QString error;
    std::unique_ptr<Statements> statements;

    bool fail(const QString &what, const QSqlError &sqlError)
    {
        error = what + QLatin1String(": ") + reason(sqlError);
        return false;
    }
    bool notOpen(const QString &what)
    {
        error = what + QLatin1String(": the database is not open");
        return false;
    }
    bool run(QSqlQuery &query, const QString &what)
    {
        const bool ok = query.exec() || fail(what, query.lastError());
        query.finish();
        return ok;
    }
    std::optional<QVariant> execute(const QString &sql);
    bool openSqlite(const QString &path, const Options &options);
    bool openPostgres(const QString &location, const Options &options);
    bool setUp(const Options &options);
    bool setUpPostgres(const Options &options);
    bool prepare();
};

SqlConnection::SqlConnection()
    : d(std::make_unique<Private>())
{
}

SqlConnection::~SqlConnection()
{
    close();
}

bool SqlConnection::open(const QString &location)
{
    return open(location, Options());
}

bool SqlConnection::open(const QString &location, const Options &options)
{
    close();
    d->error.clear();
    d->location = location;
    d->options = options;
    d->suspect = false;
    if (d->reconnectWait.count() == 0)
        d->reconnectWait = options.reconnectInterval;
    const bool opened = isPostgresLocation(location) ? d->openPostgres(location, options)
                                                     : d->openSqlite(location, options);
    if (opened)
        return true;
    close(); // keeps the error
    return false;
}

bool SqlConnection::Private::openSqlite(const QString &path, const Options &options)
{
    if (!QSqlDatabase::isDriverAvailable(kDriver)) {
        error = QStringLiteral("the Qt SQLite driver (QSQLITE) is not installed");
        return false;
    }
    backend = Backend::Sqlite;
    connectionName = nextConnectionName();
    bool opened = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(kDriver, connectionName);
        db.setDatabaseName(path.isEmpty() ? kInMemory : path);
        // Before the first statement, unlike PRAGMA busy_timeout: the journal switch may wait.
        db.setConnectOptions(
                QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(options.busyTimeout.count()));
        opened = db.open() || fail(QStringLiteral("open"), db.lastError());
    }
    return opened && setUp(options) && prepare();
}

bool SqlConnection::Private::openPostgres(const QString &location, const Options &options)
{
    QString why;
    const std::optional<PostgresAddress> address = PostgresAddress::parse(location, &why);
    if (!address) {
        error = QStringLiteral("open %1: %2").arg(PostgresAddress::display(location), why);
        return false;
    }
    if (!QSqlDatabase::isDriverAvailable(kPostgresDriver)) {
        error = QStringLiteral("the Qt PostgreSQL driver (QPSQL, Debian package libqt6sql6-psql)"
                               " is not installed");
        return false;
    }
    backend = Backend::Postgres;
    connectionName = nextConnectionName();
    bool opened = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(kPostgresDriver, connectionName);
        db.setHostName(address->host);
        if (address->port > 0)
            db.setPort(address->port);
        db.setUserName(address->user);
        db.setPassword(address->password);
        db.setDatabaseName(address->database);
        db.setConnectOptions(address->options);
        opened = db.open()
                || fail(QStringLiteral("open ") + PostgresAddress::display(location), db.lastError());
    }
    return opened && setUpPostgres(options);
}

bool SqlConnection::Private::setUpPostgres(const Options &options)
{
    // Foreign keys are always enforced and freed space is not overwritten by PostgreSQL
    // (options.secureDelete has no counterpart: VACUUM reclaims deleted rows' pages). Notices
    // stay out of the client's stream; lock waits are bounded like SQLite's busy timeout.
    return execute(QStringLiteral("SET client_min_messages = warning"))
            && execute(QStringLiteral("SET lock_timeout = %1").arg(options.busyTimeout.count()))
            && execute(QStringLiteral("SET TIME ZONE 'UTC'"));
}

std::optional<QVariant> SqlConnection::Private::execute(const QString &sql)
{
    QSqlQuery query(QSqlDatabase::database(connectionName, false));
    query.setForwardOnly(true);
    if (!query.exec(sql)) {
        fail(sql, query.lastError());
        return std::nullopt;
    }
    return query.next() ? query.value(0) : QVariant();
}

bool SqlConnection::Private::setUp(const Options &options)
{
    const std::optional<QVariant> mode = execute(QStringLiteral("PRAGMA journal_mode = WAL"));
    if (!mode)
        return false;
    journalMode = mode->toString().toLower();
    const bool wal = journalMode == QLatin1String("wal");
    return execute(wal ? QStringLiteral("PRAGMA synchronous = NORMAL")
                       : QStringLiteral("PRAGMA synchronous = FULL"))
            && execute(options.foreignKeys ? QStringLiteral("PRAGMA foreign_keys = ON")
                                           : QStringLiteral("PRAGMA foreign_keys = OFF"))
            && execute(options.secureDelete ? QStringLiteral("PRAGMA secure_delete = ON")
                                            : QStringLiteral("PRAGMA secure_delete = OFF"));
}

bool SqlConnection::Private::prepare()
{
    statements = std::make_unique<Statements>(QSqlDatabase::database(connectionName, false));
    const std::initializer_list<std::pair<QSqlQuery *, QString>> all{
            {&statements->begin, QStringLiteral("BEGIN IMMEDIATE")},
            {&statements->commit, QStringLiteral("COMMIT")},
            {&statements->rollback, QStringLiteral("ROLLBACK")},
    };
    for (const auto &[query, sql] : all) {
        if (!query->prepare(sql))
            return fail(QStringLiteral("prepare ") + sql, query->lastError());
    }
    return true;
}

QString SqlConnection::prepareAll(std::initializer_list<std::pair<QSqlQuery *, QString>> statements)
{
    for (const auto &[query, sql] : statements) {
        query->setForwardOnly(true);
        if (!query->prepare(sql))
            return query->lastError().text() + QLatin1String(" (prepare ") + sql + QLatin1Char(')');
    }
    return QString();
}

void SqlConnection::close()
{
    if (d->connectionName.isEmpty())
        return;
    d->statements.reset(); // queries must be gone before their connection
    {
        QSqlDatabase db = QSqlDatabase::database(d->connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(d->connectionName);
    d->connectionName.clear();
    d->journalMode.clear();
    d->backend = Backend::Sqlite;
    d->inTransaction = false;
}

bool SqlConnection::isOpen() const
{
    return d->statements != nullptr
            || (d->backend == Backend::Postgres && !d->connectionName.isEmpty());
}

SqlConnection::Backend SqlConnection::backend() const
{
    return d->backend;
}

QString SqlConnection::displayLocation(const QString &location)
{
    if (location.isEmpty())
        return kInMemory;
    return isPostgresLocation(location) ? PostgresAddress::display(location) : location;
}

bool SqlConnection::isPostgresLocation(const QString &location)
{
    return PostgresAddress::hasScheme(location);
}

QSqlDatabase SqlConnection::database() const
{
    return isOpen() ? QSqlDatabase::database(d->connectionName, false) : QSqlDatabase();
}

QString SqlConnection::connectionName() const
{
    return d->connectionName;
}

QString SqlConnection::journalMode() const
{
    return d->journalMode;
}

QString SqlConnection::errorString() const
{
    return d->error;
}

std::optional<QVariant> SqlConnection::execute(const QString &sql)
{
    if (!isOpen()) {
        d->notOpen(sql);
        return std::nullopt;
    }
    return d->execute(sql);
}

void SqlConnection::markSuspect()
{
    if (d->backend == Backend::Postgres)
        d->suspect = true;
}

bool SqlConnection::inTransaction() const
{
    return d->inTransaction;
}

quint64 SqlConnection::generation() const
{
    return d->generation;
}

bool SqlConnection::needsReopen()
{
    if (!isPostgresLocation(d->location) || d->inTransaction || (!d->suspect && isOpen()))
        return false;
    if (isOpen() && d->execute(QStringLiteral("SELECT 1"))) {
        d->suspect = false; // the failure was the statement's, not the link's
        return false;
    }
    if (d->lastReconnect && d->lastReconnect->elapsed() < d->reconnectWait.count())
        return false; // tried a moment ago: the caller fails as the link does
    d->lastReconnect.emplace();
    d->lastReconnect->start();
    return true;
}

bool SqlConnection::reopen()
{
    const QString location = d->location;
    const Options options = d->options;
    const bool reopened = open(location, options);
    d->location = location; // kept for the next try even when this one failed
    d->options = options;
    ++d->generation;
    d->suspect = !reopened;
    d->reconnectWait = reopened ? options.reconnectInterval
                                : std::min(options.maxReconnectInterval,
                                           std::max(options.reconnectInterval, d->reconnectWait * 2));
    return reopened;
}

bool SqlConnection::recover()
{
    return needsReopen() && reopen();
}

// PostgreSQL cannot PREPARE transaction statements; QSqlDatabase runs them as they are there.
bool SqlConnection::begin()
{
    if (d->backend == Backend::Postgres) {
        QSqlDatabase db = database();
        const bool begun = isOpen() ? db.transaction() || d->fail(QStringLiteral("BEGIN"), db.lastError())
                                    : d->notOpen(QStringLiteral("BEGIN"));
        d->inTransaction = begun;
        d->suspect = d->suspect || !begun;
        return begun;
    }
    const QString what = QStringLiteral("BEGIN IMMEDIATE");
    return isOpen() ? d->run(d->statements->begin, what) : d->notOpen(what);
}

bool SqlConnection::commit()
{
    const QString what = QStringLiteral("COMMIT");
    if (d->backend == Backend::Postgres) {
        QSqlDatabase db = database();
        const bool committed = isOpen() && (db.commit() || d->fail(what, db.lastError()));
        if (!isOpen())
            d->notOpen(what);
        d->inTransaction = d->inTransaction && !committed;
        d->suspect = d->suspect || !committed;
        return committed;
    }
    return isOpen() ? d->run(d->statements->commit, what) : d->notOpen(what);
}

void SqlConnection::rollback()
{
    if (!isOpen())
        return;
    if (d->backend == Backend::Postgres) {
        database().rollback();
        d->inTransaction = false;
        return;
    }
    d->statements->rollback.exec();
    d->statements->rollback.finish();
}
