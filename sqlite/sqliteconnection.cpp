#include "sqliteconnection.h"

#include <QAtomicInteger>
#include <QSqlError>
#include <QSqlQuery>

namespace {

const QString kDriver = QStringLiteral("QSQLITE");
const QString kInMemory = QStringLiteral(":memory:");

//! A name no other SqliteConnection in this process uses (QSqlDatabase is keyed by name).
QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("parley-sqlite-%1").arg(counter.fetchAndAddRelaxed(1));
}

//! SQLite's own words where there are some ("database is locked"), else Qt's.
QString reason(const QSqlError &error)
{
    return error.databaseText().isEmpty() ? error.text() : error.databaseText();
}

} // namespace

struct SqliteConnection::Private
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
    bool setUp(const Options &options);
    bool prepare();
};

SqliteConnection::SqliteConnection()
    : d(std::make_unique<Private>())
{
}

SqliteConnection::~SqliteConnection()
{
    close();
}

bool SqliteConnection::open(const QString &path)
{
    return open(path, Options());
}

bool SqliteConnection::open(const QString &path, const Options &options)
{
    close();
    d->error.clear();
    if (!QSqlDatabase::isDriverAvailable(kDriver)) {
        d->error = QStringLiteral("the Qt SQLite driver (QSQLITE) is not installed");
        return false;
    }
    d->connectionName = nextConnectionName();
    bool opened = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(kDriver, d->connectionName);
        db.setDatabaseName(path.isEmpty() ? kInMemory : path);
        // Before the first statement, unlike PRAGMA busy_timeout: the journal switch may wait.
        db.setConnectOptions(
                QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(options.busyTimeout.count()));
        opened = db.open() || d->fail(QStringLiteral("open"), db.lastError());
    }
    if (opened && d->setUp(options) && d->prepare())
        return true;
    close(); // keeps the error
    return false;
}

std::optional<QVariant> SqliteConnection::Private::execute(const QString &sql)
{
    QSqlQuery query(QSqlDatabase::database(connectionName, false));
    query.setForwardOnly(true);
    if (!query.exec(sql)) {
        fail(sql, query.lastError());
        return std::nullopt;
    }
    return query.next() ? query.value(0) : QVariant();
}

bool SqliteConnection::Private::setUp(const Options &options)
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

bool SqliteConnection::Private::prepare()
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

QString SqliteConnection::prepareAll(std::initializer_list<std::pair<QSqlQuery *, QLatin1String>> statements)
{
    for (const auto &[query, sql] : statements) {
        query->setForwardOnly(true);
        if (!query->prepare(sql))
            return query->lastError().text() + QLatin1String(" (prepare ") + sql + QLatin1Char(')');
    }
    return QString();
}

void SqliteConnection::close()
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
}

bool SqliteConnection::isOpen() const
{
    return d->statements != nullptr;
}

QSqlDatabase SqliteConnection::database() const
{
    return isOpen() ? QSqlDatabase::database(d->connectionName, false) : QSqlDatabase();
}

QString SqliteConnection::connectionName() const
{
    return d->connectionName;
}

QString SqliteConnection::journalMode() const
{
    return d->journalMode;
}

QString SqliteConnection::errorString() const
{
    return d->error;
}

std::optional<QVariant> SqliteConnection::execute(const QString &sql)
{
    if (!isOpen()) {
        d->notOpen(sql);
        return std::nullopt;
    }
    return d->execute(sql);
}

bool SqliteConnection::begin()
{
    const QString what = QStringLiteral("BEGIN IMMEDIATE");
    return isOpen() ? d->run(d->statements->begin, what) : d->notOpen(what);
}

bool SqliteConnection::commit()
{
    const QString what = QStringLiteral("COMMIT");
    return isOpen() ? d->run(d->statements->commit, what) : d->notOpen(what);
}

void SqliteConnection::rollback()
{
    if (!isOpen())
        return;
    d->statements->rollback.exec();
    d->statements->rollback.finish();
}
