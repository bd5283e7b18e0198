// SqlConnection: set-up read back from SQLite itself, the QSqlDatabase registry before and
// after, and each way open() can fail. Files live in a QTemporaryDir.

#include "sqlconnection.h"
#include "testmain.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;

class tst_SqlConnection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void setUpIsApplied_data();
    void setUpIsApplied();
    void namesAreUniqueAndRemoved();
    void openingAgainClosesThePrevious();
    void failedOpenLeavesNothing_data();
    void failedOpenLeavesNothing();
    void execute_data();
    void execute();
    void closedConnectionRefusesWork();
    void busyTimeoutBoundsTheWait();

private:
    QString freshPath();

    QTemporaryDir m_dir;
    int m_files = 0;
};

void tst_SqlConnection::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

QString tst_SqlConnection::freshPath()
{
    return m_dir.filePath(QStringLiteral("db-%1.sqlite").arg(++m_files));
}

void tst_SqlConnection::setUpIsApplied_data()
{
    QTest::addColumn<bool>("inMemory");
    QTest::addColumn<int>("busyTimeoutMs");
    QTest::addColumn<bool>("foreignKeys");
    QTest::addColumn<QString>("journalMode");
    QTest::addColumn<int>("synchronous"); // 1 NORMAL, 2 FULL
    QTest::addColumn<bool>("secureDelete");

    QTest::addRow("file: WAL, NORMAL") << false << 5000 << false << QStringLiteral("wal") << 1 << false;
    QTest::addRow("file, own timeout, foreign keys") << false << 1234 << true << QStringLiteral("wal") << 1 << false;
    QTest::addRow("file, secure delete") << false << 5000 << false << QStringLiteral("wal") << 1 << true;
    // No WAL in memory: the non-WAL branch keeps FULL.
    QTest::addRow("memory: no WAL, FULL") << true << 50 << false << QStringLiteral("memory") << 2 << true;
}

void tst_SqlConnection::setUpIsApplied()
{
    QFETCH(bool, inMemory);
    QFETCH(int, busyTimeoutMs);
    QFETCH(bool, foreignKeys);
    QFETCH(QString, journalMode);
    QFETCH(int, synchronous);
    QFETCH(bool, secureDelete);

    SqlConnection::Options options;
    options.busyTimeout = std::chrono::milliseconds(busyTimeoutMs);
    options.foreignKeys = foreignKeys;
    options.secureDelete = secureDelete;
    SqlConnection connection;
    QVERIFY2(connection.open(inMemory ? QString() : freshPath(), options),
             qPrintable(connection.errorString()));
    QVERIFY(connection.isOpen());
    QVERIFY(connection.errorString().isEmpty());
    QCOMPARE(connection.journalMode(), journalMode);
    QCOMPARE(connection.execute(QStringLiteral("PRAGMA journal_mode")).value_or(QVariant()).toString(),
             journalMode);
    QCOMPARE(connection.execute(QStringLiteral("PRAGMA synchronous")).value_or(QVariant()).toInt(),
             synchronous);
    QCOMPARE(connection.execute(QStringLiteral("PRAGMA busy_timeout")).value_or(QVariant()).toInt(),
             busyTimeoutMs);
    QCOMPARE(connection.execute(QStringLiteral("PRAGMA foreign_keys")).value_or(QVariant()).toBool(),
             foreignKeys);
    // Set either way: some SQLite builds (Debian's) turn it on by default.
    QCOMPARE(connection.execute(QStringLiteral("PRAGMA secure_delete")).value_or(QVariant()).toBool(),
             secureDelete);
}

void tst_SqlConnection::namesAreUniqueAndRemoved()
{
    const QStringList before = QSqlDatabase::connectionNames();
    const QString path = freshPath();
    QString firstName;
    {
        SqlConnection first;
        SqlConnection second;
        QVERIFY(first.connectionName().isEmpty());
        QVERIFY(first.open(path));
        QVERIFY(second.open(path)); // the same file: two connections all the same
        firstName = first.connectionName();
        QVERIFY(!firstName.isEmpty());
        QVERIFY(firstName != second.connectionName());
        QVERIFY(QSqlDatabase::connectionNames().contains(firstName));
        QVERIFY(QSqlDatabase::connectionNames().contains(second.connectionName()));
        QCOMPARE(first.database().connectionName(), firstName);
        QVERIFY(first.database().isOpen());

        first.close();
        first.close(); // safe twice
        QVERIFY(!first.isOpen());
        QVERIFY(first.connectionName().isEmpty());
        QVERIFY(first.journalMode().isEmpty());
        QVERIFY(!first.database().isValid());
        QVERIFY(!QSqlDatabase::connectionNames().contains(firstName));
        QVERIFY(second.isOpen());
    } // the destructor removes the second
    QCOMPARE(QSqlDatabase::connectionNames(), before);
}

void tst_SqlConnection::openingAgainClosesThePrevious()
{
    const QStringList before = QSqlDatabase::connectionNames();
    SqlConnection connection;
    QVERIFY(connection.open(freshPath()));
    const QString firstName = connection.connectionName();
    QVERIFY(connection.execute(QStringLiteral("CREATE TABLE only_in_first (x)")));
    QVERIFY(connection.open(freshPath()));
    QVERIFY(connection.connectionName() != firstName);
    QCOMPARE(QSqlDatabase::connectionNames().size(), before.size() + 1);
    QCOMPARE(connection.execute(QStringLiteral("SELECT COUNT(*) FROM sqlite_master")).value_or(-1).toInt(), 0);
}

void tst_SqlConnection::failedOpenLeavesNothing_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expectedError");

    QTest::addRow("not a database") << QStringLiteral("garbage") << QStringLiteral("not a database");
    QTest::addRow("missing folder") << QStringLiteral("missing") << QStringLiteral("open: ");
    QTest::addRow("a folder") << QStringLiteral("folder") << QStringLiteral("open: ");
}

void tst_SqlConnection::failedOpenLeavesNothing()
{
    QFETCH(QString, kind);
    QFETCH(QString, expectedError);

    QString path = freshPath();
    if (kind == QLatin1String("garbage")) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'x'));
    } else if (kind == QLatin1String("missing")) {
        path = m_dir.filePath(QStringLiteral("no/such/folder/db.sqlite"));
    } else {
        path = m_dir.path();
    }
    const QStringList before = QSqlDatabase::connectionNames();
    SqlConnection connection;
    QVERIFY(!connection.open(path));
    QVERIFY(!connection.isOpen());
    QVERIFY2(connection.errorString().contains(expectedError), qPrintable(connection.errorString()));
    QVERIFY(connection.connectionName().isEmpty());
    QCOMPARE(QSqlDatabase::connectionNames(), before);
    // Still usable.
    QVERIFY2(connection.open(QString()), qPrintable(connection.errorString()));
    QVERIFY(connection.errorString().isEmpty());
}

void tst_SqlConnection::execute_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("errorPart");

    QTest::addRow("a value") << QStringLiteral("SELECT 42") << true << QVariant(42) << QString();
    QTest::addRow("first row's first column")
            << QStringLiteral("SELECT x, 'b' FROM t ORDER BY x DESC") << true << QVariant(3) << QString();
    QTest::addRow("no row") << QStringLiteral("SELECT x FROM t WHERE x > 10") << true << QVariant()
                            << QString();
    QTest::addRow("no result") << QStringLiteral("CREATE TABLE u (y)") << true << QVariant() << QString();
    QTest::addRow("an error names the statement")
            << QStringLiteral("SELECT * FROM missing") << false << QVariant()
            << QStringLiteral("SELECT * FROM missing: no such table: missing");
}

void tst_SqlConnection::execute()
{
    QFETCH(QString, sql);
    QFETCH(bool, ok);
    QFETCH(QVariant, value);
    QFETCH(QString, errorPart);

    SqlConnection connection;
    QVERIFY(connection.open(QString()));
    QVERIFY(connection.execute(QStringLiteral("CREATE TABLE t (x)")));
    for (int x = 1; x <= 3; ++x)
        QVERIFY(connection.execute(QStringLiteral("INSERT INTO t VALUES (%1)").arg(x)));

    const std::optional<QVariant> result = connection.execute(sql);
    QCOMPARE(result.has_value(), ok);
    if (ok) {
        QCOMPARE(result->isValid(), value.isValid());
        if (value.isValid())
            QCOMPARE(result->toInt(), value.toInt());
        QVERIFY(connection.errorString().isEmpty());
    } else {
        QVERIFY2(connection.errorString().startsWith(errorPart), qPrintable(connection.errorString()));
    }
}

void tst_SqlConnection::closedConnectionRefusesWork()
{
    SqlConnection connection;
    QVERIFY(!connection.isOpen());
    QVERIFY(!connection.execute(QStringLiteral("SELECT 1")));
    QVERIFY2(connection.errorString().contains(QLatin1String("not open")),
             qPrintable(connection.errorString()));
    QVERIFY(!connection.database().isValid());
}

void tst_SqlConnection::busyTimeoutBoundsTheWait()
{
    const QString path = freshPath();
    SqlConnection holder;
    QVERIFY(holder.open(path));
    QVERIFY(holder.execute(QStringLiteral("BEGIN IMMEDIATE"))); // another writer holds the lock

    SqlConnection::Options options;
    options.busyTimeout = 50ms;
    SqlConnection waiter;
    QVERIFY2(waiter.open(path, options), qPrintable(waiter.errorString()));
    QElapsedTimer clock;
    clock.start();
    QVERIFY(!waiter.execute(QStringLiteral("BEGIN IMMEDIATE")));
    QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY2(waiter.errorString().contains(QLatin1String("locked")), qPrintable(waiter.errorString()));

    QVERIFY(holder.execute(QStringLiteral("COMMIT")));
    QVERIFY2(waiter.execute(QStringLiteral("BEGIN IMMEDIATE")), qPrintable(waiter.errorString()));
    QVERIFY(waiter.execute(QStringLiteral("COMMIT")));
}

PARLEY_TEST_GUILESS_MAIN(tst_SqlConnection)
#include "tst_sqlconnection.moc"
