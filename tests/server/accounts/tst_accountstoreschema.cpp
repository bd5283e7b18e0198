// AccountStoreSchema: the accounts' tables and their own version row, alone in a file and beside
// HistoryStore's tables in the same file, opened in either order; a newer file refused; a failing
// step rolled back.

#include "accountstore.h"
#include "accountstoreschema.h"
#include "historystore.h"
#include "sqlconnection.h"
#include "testmain.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QVariant>

#include <memory>

using Outcome = SqlMigrations::Outcome;

class tst_AccountStoreSchema : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void stepsRise();
    void freshFile();
    void reopenIsUpToDate();
    void sharesAFileWithHistory_data();
    void sharesAFileWithHistory();
    void newerFileIsRefused();
    void failingStepRollsBack();
    void version1FileGetsLastSeen();
    void version2FileGetsReadReceipts();

private:
    //! One value through the test's own connection (nullopt: the statement failed).
    std::optional<QVariant> value(const QString &sql)
    {
        return m_connection.execute(sql);
    }
    QStringList tables()
    {
        QStringList names;
        QSqlQuery q(m_connection.database());
        q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'"
                              " AND name NOT LIKE 'sqlite_%' ORDER BY name"));
        while (q.next())
            names.append(q.value(0).toString());
        return names;
    }
    static AccountStore::Settings fast()
    {
        AccountStore::Settings s;
        s.hashing = PasswordHasher::fastestSettings();
        return s;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    SqlConnection m_connection;
};

void tst_AccountStoreSchema::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("server.sqlite"));
    QVERIFY(m_connection.open(m_path));
}

void tst_AccountStoreSchema::cleanup()
{
    m_connection.close();
    m_dir.reset();
}

void tst_AccountStoreSchema::stepsRise()
{
    const QList<SqlMigrations::Migration> steps = AccountStoreSchema::migrations();
    QVERIFY(!steps.isEmpty());
    int previous = 0;
    for (const SqlMigrations::Migration &step : steps) {
        QVERIFY(step.version > previous);
        QVERIFY(!step.statements.isEmpty());
        previous = step.version;
    }
    QCOMPARE(previous, AccountStore::kSchemaVersion);
}

void tst_AccountStoreSchema::freshFile()
{
    int version = -1;
    QString error;
    QCOMPARE(AccountStoreSchema::apply(m_connection, &version, &error), Outcome::Migrated);
    QCOMPARE(version, AccountStore::kSchemaVersion);
    QCOMPARE(tables(), (QStringList{QStringLiteral("accounts"), QStringLiteral("invites"),
                                    QStringLiteral("schema_versions"), QStringLiteral("tokens")}));
    QCOMPARE(value(QStringLiteral("SELECT version FROM schema_versions WHERE name = 'accounts'"))->toInt(),
             AccountStore::kSchemaVersion);
    QCOMPARE(value(QStringLiteral("PRAGMA user_version"))->toInt(), 0); // not the accounts' to use
}

void tst_AccountStoreSchema::reopenIsUpToDate()
{
    int version = 0;
    QString error;
    QCOMPARE(AccountStoreSchema::apply(m_connection, &version, &error), Outcome::Migrated);
    QCOMPARE(AccountStoreSchema::apply(m_connection, &version, &error), Outcome::UpToDate);
    QCOMPARE(version, AccountStore::kSchemaVersion);
}

void tst_AccountStoreSchema::sharesAFileWithHistory_data()
{
    QTest::addColumn<bool>("historyFirst");
    QTest::newRow("history first") << true;
    QTest::newRow("accounts first") << false;
}

void tst_AccountStoreSchema::sharesAFileWithHistory()
{
    QFETCH(bool, historyFirst);
    HistoryStore history;
    AccountStore accounts(fast());
    if (historyFirst)
        QVERIFY2(history.open(m_path), qPrintable(history.errorString()));
    QVERIFY2(accounts.open(m_path), qPrintable(accounts.errorString()));
    if (!historyFirst)
        QVERIFY2(history.open(m_path), qPrintable(history.errorString()));
    QCOMPARE(history.schemaVersion(), HistoryStore::kSchemaVersion);
    QCOMPARE(accounts.schemaVersion(), AccountStore::kSchemaVersion);

    const qint64 id = accounts.createAccount(QStringLiteral("alice"), QString(),
                                             QStringLiteral("secret pw"), false).value.id;
    QVERIFY(id > 0);
    const HistoryStore::Sender alice{id, QStringLiteral("alice"), QStringLiteral("alice"), false};
    QCOMPARE(history.post(QStringLiteral("lobby"), alice, QStringLiteral("hi"), QStringLiteral("c1"), 1000)
                     .outcome,
             HistoryStore::Outcome::Stored);

    // Both again, as after a restart: nothing to migrate, everything still there.
    history.close();
    accounts.close();
    QVERIFY(accounts.open(m_path));
    QVERIFY(history.open(m_path));
    QCOMPARE(accounts.verifyPassword(QStringLiteral("alice"), QStringLiteral("secret pw")).value.id, id);
    QCOMPARE(history.messageCount().value_or(-1), 1);
    QCOMPARE(value(QStringLiteral("PRAGMA user_version"))->toInt(), HistoryStore::kSchemaVersion);
}

void tst_AccountStoreSchema::newerFileIsRefused()
{
    QVERIFY(value(QStringLiteral("CREATE TABLE schema_versions (name TEXT PRIMARY KEY,"
                                 " version INTEGER NOT NULL)")));
    QVERIFY(value(QStringLiteral("INSERT INTO schema_versions VALUES ('accounts', %1)")
                          .arg(AccountStore::kSchemaVersion + 1)));
    AccountStore accounts(fast());
    QVERIFY(!accounts.open(m_path));
    QVERIFY(!accounts.isOpen());
    QVERIFY2(accounts.errorString().contains(QLatin1String("newer")), qPrintable(accounts.errorString()));
    QCOMPARE(tables(), QStringList{QStringLiteral("schema_versions")}); // untouched
}

void tst_AccountStoreSchema::failingStepRollsBack()
{
    // Another program's "tokens" table in the file: step 1 cannot create its own.
    QVERIFY(value(QStringLiteral("CREATE TABLE tokens (x INTEGER)")));
    int version = -1;
    QString error;
    QCOMPARE(AccountStoreSchema::apply(m_connection, &version, &error), Outcome::Failed);
    QVERIFY2(error.contains(QLatin1String("tokens")), qPrintable(error));
    QCOMPARE(version, 0);
    QCOMPARE(tables(), QStringList{QStringLiteral("tokens")}); // accounts and the version row gone
    AccountStore accounts(fast());
    QVERIFY(!accounts.open(m_path));
}

void tst_AccountStoreSchema::version1FileGetsLastSeen()
{
    // A file as the version-1 server left it: step 1 only, one account in it.
    QVERIFY(value(QStringLiteral("CREATE TABLE schema_versions (name TEXT PRIMARY KEY,"
                                 " version INTEGER NOT NULL)")));
    const QList<SqlMigrations::Migration> steps = AccountStoreSchema::migrations();
    for (const QString &sql : steps.constFirst().statements)
        QVERIFY2(value(sql), qPrintable(sql));
    QVERIFY(value(QStringLiteral("INSERT INTO schema_versions VALUES ('accounts', 1)")));
    QVERIFY(value(QStringLiteral("INSERT INTO accounts (username, username_key, display_name,"
                                 " created_ms) VALUES ('bob', 'bob', 'Bob', 5)")));
    AccountStore accounts(fast());
    QVERIFY2(accounts.open(m_path), qPrintable(accounts.errorString()));
    QCOMPARE(accounts.schemaVersion(), AccountStore::kSchemaVersion);
    const AccountStore::Result<AccountStore::Account> bob = accounts.findAccount(QStringLiteral("bob"));
    QCOMPARE(bob.error, QString());
    QCOMPARE(bob.value.displayName, QStringLiteral("Bob"));
    QCOMPARE(bob.value.lastSeenMs, 0);
    QCOMPARE(accounts.setLastSeen(bob.value.id, 777), QString());
    QCOMPARE(accounts.account(bob.value.id).value.lastSeenMs, 777);
}

void tst_AccountStoreSchema::version2FileGetsReadReceipts()
{
    // A file as the version-2 server left it: steps 1 and 2, one account in it, which shares its
    // receipts until it says otherwise; the setting is kept.
    QVERIFY(value(QStringLiteral("CREATE TABLE schema_versions (name TEXT PRIMARY KEY,"
                                 " version INTEGER NOT NULL)")));
    const QList<SqlMigrations::Migration> steps = AccountStoreSchema::migrations();
    for (const SqlMigrations::Migration &step : steps) {
        if (step.version > 2)
            break;
        for (const QString &sql : step.statements)
            QVERIFY2(value(sql), qPrintable(sql));
    }
    QVERIFY(value(QStringLiteral("INSERT INTO schema_versions VALUES ('accounts', 2)")));
    QVERIFY(value(QStringLiteral("INSERT INTO accounts (username, username_key, display_name,"
                                 " created_ms, last_seen_ms) VALUES ('bob', 'bob', 'Bob', 5, 9)")));
    {
        AccountStore accounts(fast());
        QVERIFY2(accounts.open(m_path), qPrintable(accounts.errorString()));
        QCOMPARE(accounts.schemaVersion(), AccountStore::kSchemaVersion);
        const AccountStore::Account bob = accounts.findAccount(QStringLiteral("bob")).value;
        QCOMPARE(bob.lastSeenMs, 9);
        QVERIFY(bob.readReceipts);
        QCOMPARE(accounts.setReadReceipts(bob.id, false), QString());
        QCOMPARE(accounts.setReadReceipts(bob.id + 100, false), QStringLiteral("unknown account"));
    }
    AccountStore accounts(fast());
    QVERIFY2(accounts.open(m_path), qPrintable(accounts.errorString()));
    QVERIFY(!accounts.findAccount(QStringLiteral("bob")).value.readReceipts);
}

PARLEY_TEST_GUILESS_MAIN(tst_AccountStoreSchema)
#include "tst_accountstoreschema.moc"
