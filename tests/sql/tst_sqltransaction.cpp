// SqlTransaction: every claim proven by what the file holds afterwards, seen through a second
// connection to the same file (as another process would see it).

#include "sqlconnection.h"
#include "sqltransaction.h"
#include "testmain.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace std::chrono_literals;

class tst_SqlTransaction : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void endOfScope_data();
    void endOfScope();
    void failedCommitRollsBackAtDestruction();
    void rollbackKeepsTheCause();
    void busyFileDoesNotBegin();
    void transactionsDoNotNest();
    void closedConnectionDoesNotBegin();

private:
    //! Rows in t, read through the side connection.
    int rowsSeenOutside();

    std::unique_ptr<QTemporaryDir> m_dir;
    SqlConnection m_connection; //!< the one under test
    SqlConnection m_side;       //!< another "process" on the same file
};

void tst_SqlTransaction::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const QString path = m_dir->filePath(QStringLiteral("db.sqlite"));
    SqlConnection::Options options;
    options.busyTimeout = 50ms;
    options.foreignKeys = true;
    QVERIFY2(m_connection.open(path, options), qPrintable(m_connection.errorString()));
    QVERIFY(m_side.open(path, options));
    QVERIFY(m_connection.execute(QStringLiteral("CREATE TABLE t (x INTEGER)")));
}

void tst_SqlTransaction::cleanup()
{
    m_connection.close();
    m_side.close();
    m_dir.reset();
}

int tst_SqlTransaction::rowsSeenOutside()
{
    return m_side.execute(QStringLiteral("SELECT COUNT(*) FROM t")).value_or(-1).toInt();
}

void tst_SqlTransaction::endOfScope_data()
{
    QTest::addColumn<bool>("commit");
    QTest::addColumn<int>("rowsAfter");
    QTest::addRow("committed: kept") << true << 2;
    QTest::addRow("not committed: rolled back") << false << 0;
}

void tst_SqlTransaction::endOfScope()
{
    QFETCH(bool, commit);
    QFETCH(int, rowsAfter);
    {
        SqlTransaction transaction(m_connection);
        QVERIFY(transaction.isActive());
        QVERIFY(m_connection.execute(QStringLiteral("INSERT INTO t VALUES (1)")));
        QVERIFY(m_connection.execute(QStringLiteral("INSERT INTO t VALUES (2)")));
        QCOMPARE(rowsSeenOutside(), 0); // not before the commit
        if (commit) {
            QVERIFY2(transaction.commit(), qPrintable(m_connection.errorString()));
            QVERIFY(!transaction.isActive());
            QVERIFY(!transaction.commit()); // once
        }
    }
    QCOMPARE(rowsSeenOutside(), rowsAfter);
    // Either way the write lock is free again.
    QVERIFY2(m_side.execute(QStringLiteral("INSERT INTO t VALUES (3)")), qPrintable(m_side.errorString()));
}

void tst_SqlTransaction::failedCommitRollsBackAtDestruction()
{
    // A deferred foreign key is checked at COMMIT: the one way to make COMMIT itself refuse.
    QVERIFY(m_connection.execute(QStringLiteral("CREATE TABLE parent (id INTEGER PRIMARY KEY)")));
    QVERIFY(m_connection.execute(QStringLiteral(
            "CREATE TABLE child (parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)")));
    {
        SqlTransaction transaction(m_connection);
        QVERIFY(m_connection.execute(QStringLiteral("INSERT INTO t VALUES (1)")));
        QVERIFY(m_connection.execute(QStringLiteral("INSERT INTO child VALUES (7)")));
        QVERIFY(!transaction.commit());
        QVERIFY2(m_connection.errorString().contains(QLatin1String("FOREIGN KEY")),
                 qPrintable(m_connection.errorString()));
        QVERIFY(transaction.isActive()); // still open: the destructor must end it
    }
    QCOMPARE(rowsSeenOutside(), 0);
    QCOMPARE(m_side.execute(QStringLiteral("SELECT COUNT(*) FROM child")).value_or(-1).toInt(), 0);
    SqlTransaction next(m_connection);
    QVERIFY2(next.isActive(), qPrintable(m_connection.errorString()));
}

void tst_SqlTransaction::rollbackKeepsTheCause()
{
    {
        SqlTransaction transaction(m_connection);
        QVERIFY(m_connection.execute(QStringLiteral("INSERT INTO t VALUES (1)")));
        QVERIFY(!m_connection.execute(QStringLiteral("INSERT INTO missing VALUES (1)")));
    }
    QVERIFY2(m_connection.errorString().contains(QLatin1String("no such table: missing")),
             qPrintable(m_connection.errorString()));
    QCOMPARE(rowsSeenOutside(), 0);
}

void tst_SqlTransaction::busyFileDoesNotBegin()
{
    QVERIFY(m_side.execute(QStringLiteral("BEGIN IMMEDIATE")));
    {
        SqlTransaction transaction(m_connection);
        QVERIFY(!transaction.isActive());
        QVERIFY2(m_connection.errorString().contains(QLatin1String("locked")),
                 qPrintable(m_connection.errorString()));
        QVERIFY(!transaction.commit());
    } // must not roll back the other connection's transaction (it cannot, but must not try)
    QVERIFY(m_side.execute(QStringLiteral("INSERT INTO t VALUES (1)")));
    QVERIFY2(m_side.execute(QStringLiteral("COMMIT")), qPrintable(m_side.errorString()));
    QCOMPARE(rowsSeenOutside(), 1);
}

void tst_SqlTransaction::transactionsDoNotNest()
{
    SqlTransaction outer(m_connection);
    QVERIFY(m_connection.execute(QStringLiteral("INSERT INTO t VALUES (1)")));
    {
        SqlTransaction inner(m_connection);
        QVERIFY(!inner.isActive());
        QVERIFY2(m_connection.errorString().contains(QLatin1String("within a transaction")),
                 qPrintable(m_connection.errorString()));
    } // an inactive inner one does not roll back the outer one
    QVERIFY(outer.isActive());
    QVERIFY2(outer.commit(), qPrintable(m_connection.errorString()));
    QCOMPARE(rowsSeenOutside(), 1);
}

void tst_SqlTransaction::closedConnectionDoesNotBegin()
{
    SqlConnection closed;
    SqlTransaction transaction(closed);
    QVERIFY(!transaction.isActive());
    QVERIFY(!transaction.commit());
    QVERIFY2(closed.errorString().contains(QLatin1String("not open")), qPrintable(closed.errorString()));
}

PARLEY_TEST_GUILESS_MAIN(tst_SqlTransaction)
#include "tst_sqltransaction.moc"
