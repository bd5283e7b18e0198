#include "sqlitemigrations.h"

#include "sqliteconnection.h"
#include "sqlitetransaction.h"

#include <QVariant>

#include <optional>
#include <utility>

SqliteMigrations::SqliteMigrations(QList<Migration> migrations)
    : m_migrations(std::move(migrations))
{
}

int SqliteMigrations::latestVersion() const
{
    return m_migrations.isEmpty() ? 0 : m_migrations.constLast().version;
}

QString SqliteMigrations::orderError() const
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

SqliteMigrations::Outcome SqliteMigrations::apply(SqliteConnection &connection)
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

    SqliteTransaction transaction(connection);
    if (!transaction.isActive())
        return failed();
    const std::optional<QVariant> found = connection.execute(QStringLiteral("PRAGMA user_version"));
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
    if (!connection.execute(QStringLiteral("PRAGMA user_version = %1").arg(latest))
        || !transaction.commit()) {
        return failed();
    }
    m_version = latest;
    return Outcome::Migrated;
}

int SqliteMigrations::foundVersion() const
{
    return m_foundVersion;
}

int SqliteMigrations::version() const
{
    return m_version;
}

QString SqliteMigrations::errorString() const
{
    return m_error;
}
