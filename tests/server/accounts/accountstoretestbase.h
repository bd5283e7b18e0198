#pragma once
// Base of the AccountStore tests (tst_accountstore*): a store on a file of its own per test, on a
// clock the test moves, with libsodium's cheapest hashing. Qt Test runs the init() and cleanup()
// slots a test class inherits; list this header in the test's SOURCES so that moc sees it.

#include "accountstore.h"
#include "sqlconnection.h"
#include "testdatabase.h"

#include <QObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QVariant>

#include <memory>
#include <optional>

inline QString u(const char *utf8)
{
    return QString::fromUtf8(utf8);
}

inline const QString kPassword = QStringLiteral("hunter2-but-longer");

class AccountStoreTest : public QObject
{
    Q_OBJECT

protected:
    using Account = AccountStore::Account;

    AccountStore::Settings settings()
    {
        AccountStore::Settings s;
        s.hashing = PasswordHasher::fastestSettings();
        s.clock = [this] { return m_now; };
        return s;
    }
    //! Opens m_store on m_path with \a s (default: settings()).
    void openStore(std::optional<AccountStore::Settings> s = std::nullopt)
    {
        m_store = std::make_unique<AccountStore>(s ? *s : settings());
        QVERIFY2(m_store->open(m_path), qPrintable(m_store->errorString()));
    }
    Account create(const QString &username, bool admin = false)
    {
        const AccountStore::Result<Account> r =
                m_store->createAccount(username, QString(), kPassword, admin);
        if (!r.ok())
            qWarning() << "createAccount" << username << r.error;
        return r.value;
    }
    //! One value from the database, through a connection of the test's own (invalid when the
    //! statement fails or returns no row).
    QVariant fileValue(const QString &sql)
    {
        SqlConnection peek;
        if (!peek.open(m_path))
            return QVariant();
        return peek.execute(sql).value_or(QVariant());
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<AccountStore> m_store;
    qint64 m_now = 1'700'000'000'000;

private Q_SLOTS:
    void initTestCase() { PARLEY_TEST_DATABASE_SETUP(); }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_path = TestDatabase::fresh(m_dir->filePath(QStringLiteral("server.sqlite")));
        m_now = 1'700'000'000'000;
        openStore();
    }
    void cleanup()
    {
        m_store.reset();
        m_dir.reset();
    }
};
