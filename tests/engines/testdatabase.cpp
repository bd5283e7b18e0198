#include "testdatabase.h"

#include "postgresinstance.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <memory>

namespace {

std::unique_ptr<PostgresInstance> &instance()
{
    static std::unique_ptr<PostgresInstance> server;
    return server;
}

const QString kAdmin = QStringLiteral("parley-test-admin");

void stopInstance()
{
    if (QSqlDatabase::contains(kAdmin)) {
        QSqlDatabase::database(kAdmin, false).close();
        QSqlDatabase::removeDatabase(kAdmin);
    }
    instance().reset();
}

} // namespace

bool TestDatabase::isPostgres()
{
    return qEnvironmentVariable("PARLEY_TEST_DATABASE") == QLatin1String("postgresql");
}

QString TestDatabase::engine()
{
    return isPostgres() ? QStringLiteral("postgresql") : QStringLiteral("sqlite");
}

bool TestDatabase::setUp(QString *error)
{
    if (!isPostgres() || instance())
        return true;
    auto server = std::make_unique<PostgresInstance>();
    if (!server->start()) {
        *error = QStringLiteral("PostgreSQL did not start: ") + server->errorString();
        return false;
    }
    instance() = std::move(server);
    qAddPostRoutine(stopInstance);
    return true;
}

bool TestDatabase::restartServer()
{
    if (!isPostgres() || !instance())
        return false;
    if (QSqlDatabase::contains(kAdmin))
        QSqlDatabase::database(kAdmin, false).close(); // reopened by the next fresh()
    instance()->stop();
    if (!instance()->start()) {
        qWarning("PostgreSQL did not come back: %s", qPrintable(instance()->errorString()));
        return false;
    }
    return true;
}

QString TestDatabase::fresh(const QString &sqliteFile)
{
    if (!isPostgres())
        return sqliteFile;
    QString error;
    if (!setUp(&error)) {
        qWarning("%s", qPrintable(error));
        return QStringLiteral("postgresql://127.0.0.1:1/not-started");
    }
    static int counter = 0;
    const QString name = QStringLiteral("t%1").arg(++counter);
    const QString &admin = kAdmin;
    {
        QSqlDatabase db = QSqlDatabase::contains(admin) ? QSqlDatabase::database(admin)
                                                        : QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), admin);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(instance()->port());
        db.setUserName(QStringLiteral("parley"));
        db.setDatabaseName(QStringLiteral("parley"));
        if (!db.isOpen() && !db.open())
            qWarning("admin connection: %s", qPrintable(db.lastError().text()));
        QSqlQuery query(db);
        if (!query.exec(QStringLiteral("CREATE DATABASE %1 OWNER parley").arg(name))) {
            qWarning("CREATE DATABASE %s: %s", qPrintable(name),
                     qPrintable(query.lastError().text()));
        }
    }
    return QStringLiteral("postgresql://parley@127.0.0.1:%1/%2").arg(instance()->port()).arg(name);
}
