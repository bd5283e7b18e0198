// SqlMigrations: a three-step schema applied to files left at every version, to a newer file,
// with a step that fails, and with a list out of order. Every outcome is checked against what
// the file holds afterwards (user_version, tables, columns), read through its own connection.

#include "sqlconnection.h"
#include "sqlmigrations.h"
#include "testmain.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace std::chrono_literals;
using Migration = SqlMigrations::Migration;
using Outcome = SqlMigrations::Outcome;

Q_DECLARE_METATYPE(SqlMigrations::Outcome)

namespace {

//! The schema under test: version 1 a table, 2 another, 3 a column and an index.
QList<Migration> threeSteps()
{
    return {
            {1, {QStringLiteral("CREATE TABLE a (x INTEGER)")}},
            {2, {QStringLiteral("CREATE TABLE b (y TEXT)")}},
            {3,
             {QStringLiteral("ALTER TABLE a ADD COLUMN z TEXT NOT NULL DEFAULT ''"),
              QStringLiteral("CREATE INDEX a_z ON a (z)")}},
    };
}

} // namespace

class tst_SqlMigrations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void fromEveryVersion_data();
    void fromEveryVersion();
    void newerFileIsUntouched();
    void failingMigrationLeavesVersionUnchanged_data();
    void failingMigrationLeavesVersionUnchanged();
    void listOutOfOrderIsRefused_data();
    void listOutOfOrderIsRefused();
    void busyFileFailsUntouched();

private:
    //! Leaves the file as the steps up to \a version made it, by hand (as an older build would).
    void makeFileAt(int version);
    int userVersion();
    //! "a:x,z;b:y": the tables (by name) with their columns, from the file.
    QString layout();

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    SqlConnection m_connection;
};

void tst_SqlMigrations::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("db.sqlite"));
    QVERIFY2(m_connection.open(m_path), qPrintable(m_connection.errorString()));
}

void tst_SqlMigrations::cleanup()
{
    m_connection.close();
    m_dir.reset();
}

void tst_SqlMigrations::makeFileAt(int version)
{
    for (const Migration &step : threeSteps()) {
        if (step.version > version)
            break;
        for (const QString &sql : step.statements)
            QVERIFY2(m_connection.execute(sql), qPrintable(m_connection.errorString()));
    }
    QVERIFY(m_connection.execute(QStringLiteral("PRAGMA user_version = %1").arg(version)));
}

int tst_SqlMigrations::userVersion()
{
    return m_connection.execute(QStringLiteral("PRAGMA user_version")).value_or(-1).toInt();
}

QString tst_SqlMigrations::layout()
{
    QStringList tables;
    QSqlQuery query(m_connection.database());
    query.exec(QStringLiteral("SELECT m.name, group_concat(p.name) FROM sqlite_master m,"
                              " pragma_table_info(m.name) p WHERE m.type = 'table'"
                              " GROUP BY m.name ORDER BY m.name"));
    while (query.next())
        tables << query.value(0).toString() + QLatin1Char(':') + query.value(1).toString();
    return tables.join(QLatin1Char(';'));
}

void tst_SqlMigrations::fromEveryVersion_data()
{
    QTest::addColumn<int>("startVersion");
    QTest::addColumn<Outcome>("outcome");

    QTest::addRow("fresh file") << 0 << Outcome::Migrated;
    QTest::addRow("version 1") << 1 << Outcome::Migrated;
    QTest::addRow("version 2") << 2 << Outcome::Migrated;
    QTest::addRow("up to date") << 3 << Outcome::UpToDate;
}

void tst_SqlMigrations::fromEveryVersion()
{
    QFETCH(int, startVersion);
    QFETCH(Outcome, outcome);
    makeFileAt(startVersion);
    QVERIFY(m_connection.execute(QStringLiteral("CREATE TABLE unrelated (u)")));

    SqlMigrations migrations(threeSteps());
    QCOMPARE(migrations.latestVersion(), 3);
    QCOMPARE(migrations.apply(m_connection), outcome);
    QVERIFY2(migrations.errorString().isEmpty(), qPrintable(migrations.errorString()));
    QCOMPARE(migrations.foundVersion(), startVersion);
    QCOMPARE(migrations.version(), 3);
    QCOMPARE(userVersion(), 3);
    QCOMPARE(layout(), QStringLiteral("a:x,z;b:y;unrelated:u"));

    // And once more: nothing left to do.
    QCOMPARE(migrations.apply(m_connection), Outcome::UpToDate);
    QCOMPARE(migrations.foundVersion(), 3);
}

void tst_SqlMigrations::newerFileIsUntouched()
{
    QVERIFY(m_connection.execute(QStringLiteral("PRAGMA user_version = 9")));
    SqlMigrations migrations(threeSteps());
    QCOMPARE(migrations.apply(m_connection), Outcome::Newer);
    QCOMPARE(migrations.foundVersion(), 9);
    QCOMPARE(migrations.version(), 9);
    QVERIFY2(migrations.errorString().contains(QLatin1String("9")), qPrintable(migrations.errorString()));
    QCOMPARE(userVersion(), 9);
    QCOMPARE(layout(), QString());
}

void tst_SqlMigrations::failingMigrationLeavesVersionUnchanged_data()
{
    QTest::addColumn<int>("startVersion");
    QTest::addColumn<int>("failingStep");      // which step gets a bad statement
    QTest::addColumn<bool>("afterAGoodOne");   // the bad statement follows a good one in its step
    QTest::addColumn<QString>("layoutBefore");

    QTest::addRow("fresh file, first step fails half-way") << 0 << 1 << true << QString();
    QTest::addRow("fresh file, last step fails half-way") << 0 << 3 << true << QString();
    QTest::addRow("version 1, second step fails") << 1 << 2 << false << QStringLiteral("a:x");
    QTest::addRow("version 1, last step fails half-way") << 1 << 3 << true << QStringLiteral("a:x");
}

void tst_SqlMigrations::failingMigrationLeavesVersionUnchanged()
{
    QFETCH(int, startVersion);
    QFETCH(int, failingStep);
    QFETCH(bool, afterAGoodOne);
    QFETCH(QString, layoutBefore);
    makeFileAt(startVersion);
    QCOMPARE(layout(), layoutBefore);

    QList<Migration> steps = threeSteps();
    QStringList &statements = steps[failingStep - 1].statements;
    const QString bad = QStringLiteral("INSERT INTO nowhere VALUES (1)");
    if (afterAGoodOne)
        statements.append(bad);
    else
        statements.prepend(bad);

    SqlMigrations migrations(steps);
    QCOMPARE(migrations.apply(m_connection), Outcome::Failed);
    QVERIFY2(migrations.errorString().contains(bad + QLatin1String(": no such table: nowhere")),
             qPrintable(migrations.errorString()));
    QCOMPARE(migrations.foundVersion(), startVersion);
    QCOMPARE(migrations.version(), startVersion);
    QCOMPARE(userVersion(), startVersion);
    QCOMPARE(layout(), layoutBefore); // not one step of the batch stayed

    // The file is still good for the right list.
    SqlMigrations right(threeSteps());
    QCOMPARE(right.apply(m_connection), Outcome::Migrated);
    QCOMPARE(userVersion(), 3);
}

void tst_SqlMigrations::listOutOfOrderIsRefused_data()
{
    QTest::addColumn<QList<int>>("versions");
    QTest::addRow("falling") << QList<int>{2, 1};
    QTest::addRow("repeated") << QList<int>{1, 1};
    QTest::addRow("zero") << QList<int>{0, 1};
    QTest::addRow("negative") << QList<int>{-1};
}

void tst_SqlMigrations::listOutOfOrderIsRefused()
{
    QFETCH(QList<int>, versions);
    QList<Migration> steps;
    for (const int version : std::as_const(versions))
        steps.append({version, {QStringLiteral("CREATE TABLE t%1 (x)").arg(qAbs(version) * 10 + steps.size())}});
    SqlMigrations migrations(steps);
    QCOMPARE(migrations.apply(m_connection), Outcome::Failed);
    QVERIFY2(migrations.errorString().contains(QLatin1String("must rise")),
             qPrintable(migrations.errorString()));
    QCOMPARE(userVersion(), 0);
    QCOMPARE(layout(), QString());
}

void tst_SqlMigrations::busyFileFailsUntouched()
{
    SqlConnection::Options options;
    options.busyTimeout = 50ms;
    SqlConnection other;
    QVERIFY(other.open(m_path, options));
    QVERIFY(m_connection.execute(QStringLiteral("BEGIN IMMEDIATE"))); // another process migrating
    SqlMigrations migrations(threeSteps());
    QCOMPARE(migrations.apply(other), Outcome::Failed);
    QVERIFY2(migrations.errorString().contains(QLatin1String("locked")),
             qPrintable(migrations.errorString()));
    QVERIFY(m_connection.execute(QStringLiteral("COMMIT")));
    QCOMPARE(userVersion(), 0);
    QCOMPARE(layout(), QString());
}

PARLEY_TEST_GUILESS_MAIN(tst_SqlMigrations)
#include "tst_sqlmigrations.moc"
