#include "sqlmigrations.h"

#include "sqlconnection.h"
#include "sqltransaction.h"

#include <QVariant>

#include <optional>
#include <utility>

namespace {

//! Any number, the same in every node: the advisory lock that makes migrations take turns.
constexpr qint64 kMigrationLock = 0x5061726c6579; // "Parley"

} // namespace

SqlMigrations::SqlMigrations(QList<Migration> migrations, QString name)
    : m_migrations(std::move(migrations)), m_name(std::move(name))
{
}

int SqlMigrations::latestVersion() const
{
    return m_migrations.isEmpty() ? 0 : m_migrations.constLast().version;
}

QString SqlMigrations::orderError() const
{
    int previous = 0;
    for (const Migration &step : m_migrations) {
        if (step.version <= previous) {
            return QStringLiteral("migration to version %1 follows version %2: versions must rise")
                    .arg(step.version)
                    .arg(previous);
        }
        previous = step.version;
    }
    return {};
}

SqlMigrations::Outcome SqlMigrations::apply(SqlConnection &connection)
{
    m_foundVersion = 0;
    m_version = 0;
    m_error = orderError();
    if (!m_error.isEmpty())
        return Outcome::Failed;
    const auto failed = [this, &connection] {
        m_error = connection.errorString();
        return Outcome::Failed;
    };

    const bool postgres = connection.backend() == SqlConnection::Backend::Postgres;
    if (postgres && m_name.isEmpty()) {
        m_error = QStringLiteral("a PostgreSQL schema needs a name to keep its version under");
        return Outcome::Failed;
    }
    SqlTransaction transaction(connection);
    if (!transaction.isActive())
        return failed();
    // Several nodes may start at once: one migrates, the others wait and find it done.
    if (postgres
        && !connection.execute(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kMigrationLock))) {
        return failed();
    }
    if (!m_name.isEmpty()
        && !connection.execute(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_versions ("
                                              " name TEXT PRIMARY KEY,"
                                              " version INTEGER NOT NULL)"))) {
        return failed();
    }
    const std::optional<QVariant> found = connection.execute(
            m_name.isEmpty() ? QStringLiteral("PRAGMA user_version")
                             : QStringLiteral("SELECT version FROM schema_versions WHERE name = '%1'")
                                       .arg(m_name));
    if (!found)
        return failed();
    m_foundVersion = found->toInt();
    m_version = m_foundVersion;
    const int latest = latestVersion();
    if (m_foundVersion > latest) {
        m_error = QStringLiteral("schema version %1 is newer than the latest known, %2")
                          .arg(m_foundVersion)
                          .arg(latest);
        return Outcome::Newer;
    }
    if (m_foundVersion == latest)
        return transaction.commit() ? Outcome::UpToDate : failed();

    for (const Migration &step : std::as_const(m_migrations)) {
        if (step.version <= m_foundVersion)
            continue;
        for (const QString &sql : step.statements) {
            if (!connection.execute(sql))
                return failed();
        }
    }
    const QString setVersion =
            m_name.isEmpty() ? QStringLiteral("PRAGMA user_version = %1").arg(latest)
                             : QStringLiteral("INSERT INTO schema_versions (name, version) VALUES ('%1', %2)"
                                              " ON CONFLICT (name) DO UPDATE SET version = excluded.version")
                                       .arg(m_name)
                                       .arg(latest);
    if (!connection.execute(setVersion) || !transaction.commit()) {
        return failed();
    }
    m_version = latest;
    return Outcome::Migrated;
}

int SqlMigrations::foundVersion() const
{
    return m_foundVersion;
}

int SqlMigrations::version() const
{
    return m_version;
}

QString SqlMigrations::errorString() const
{
    return m_error;
}
