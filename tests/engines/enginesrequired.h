#pragma once
// PARLEY_REQUIRE_ENGINES(): the first line of a test that needs PostgreSQL (with Qt's QPSQL driver)
// and Redis installed. Without them the test is skipped with a note -- unless
// PARLEY_ENGINES_REQUIRED=1 (CI and `./parley.sh test`, which install them), where it fails.
#include "postgresinstance.h"
#include "redisinstance.h"

#include <QSqlDatabase>
#include <QTest>

namespace Engines {
inline QString missing()
{
    QStringList m;
    if (!PostgresInstance::isInstalled())
        m << QStringLiteral("PostgreSQL (Debian: postgresql)");
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
        m << QStringLiteral("Qt's QPSQL driver (Debian: libqt6sql6-psql)");
    if (!RedisInstance::isInstalled())
        m << QStringLiteral("Redis (Debian: redis-server)");
    return m.join(QStringLiteral(", "));
}
} // namespace Engines

#define PARLEY_REQUIRE_ENGINES()                                                                   \
    do {                                                                                           \
        const QString missingEngines = Engines::missing();                                         \
        if (!missingEngines.isEmpty()) {                                                           \
            if (qEnvironmentVariable("PARLEY_ENGINES_REQUIRED") == QLatin1String("1"))             \
                QFAIL(qPrintable(QStringLiteral("not installed: ") + missingEngines));             \
            QSKIP(qPrintable(QStringLiteral("not installed: ") + missingEngines));                 \
        }                                                                                          \
    } while (false)
