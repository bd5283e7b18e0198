#pragma once
// AccountDatabase: the one SQLite connection behind AccountStore and SessionTokens, with the
// habits both keep (prepared statements, failures recorded and logged, the settings' clock).

#include "accountstore.h"
#include "logging.h"
#include "sqlconnection.h"

#include <QLatin1String>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <chrono>
#include <optional>

class QSqlError;

//! The state AccountStore's parts share: the connection, the settings, the last error.
//!
//! Why a class of its own: the accounts, the session tokens (SessionTokens) and the invites
//! work on the same tables in the same file, and must fail the same way ("storage failure" with
//! the details logged and in error). Keeping that here lets each part live in its own file.
//! Everything is public on purpose: it is AccountStore's private state, split across files, and
//! never handed out of server/accounts.
class AccountDatabase
{
public:
    using Account = AccountStore::Account;
    template <typename T>
    using Result = AccountStore::Result<T>;

    //! The error code of every storage failure.
    static QString storageFailure() { return QStringLiteral("storage failure"); }
    //! The columns accountFrom() reads, in its order; "a" is the accounts table.
    static QLatin1String accountColumns();
    //! How many columns accountColumns() names (the next column of a query is the caller's).
    static constexpr int kAccountColumnCount = 9;
    //! The account in the current row of \a query, read in accountColumns()'s order.
    static Account accountFrom(const QSqlQuery &query);

    //! A Result holding \a error.
    template <typename T>
    static Result<T> refused(QString error)
    {
        Result<T> result;
        result.error = std::move(error);
        return result;
    }
    //! A Result holding \a value.
    template <typename T>
    static Result<T> success(T value)
    {
        Result<T> result;
        result.value = std::move(value);
        return result;
    }
    //! QSQLITE binds a null QString as NULL, which the NOT NULL columns refuse.
    static QString notNull(const QString &text);
    //! \a nowMs + \a lifetime cut to \a max, without overflow.
    static qint64 expiryAt(qint64 nowMs, std::chrono::milliseconds lifetime,
                           std::chrono::milliseconds max);

    explicit AccountDatabase(AccountStore::Settings s);

    //! The column that orders rows by insertion: SQLite's rowid, PostgreSQL's id (tokens.id).
    QLatin1String issueOrder() const
    {
        return connection.backend() == SqlConnection::Backend::Postgres ? QLatin1String("id")
                                                                        : QLatin1String("rowid");
    }

    //! Wall-clock now (the settings' clock when set), ms since the Unix epoch.
    qint64 now() const;
    //! Records and logs why \a what failed; returns storageFailure() for the caller.
    QString fail(const QString &what, const QString &reason);
    QString fail(const QString &what, const QSqlError &sqlError);
    //! A transaction that could not begin or commit.
    QString transactionFailed(const QString &what) { return fail(what, connection.errorString()); }
    //! PostgreSQL: a link lost since the last failure is opened again (SqlConnection::recover());
    //! exec() does it outside transactions, the writers before they begin one.
    void recover()
    {
        if (connection.recover())
            qCInfo(lcServer).noquote() << "accounts database connected again";
    }
    //! Prepares and runs \a sql with \a values bound in order; nullopt (recorded) on failure.
    std::optional<QSqlQuery> exec(const QString &what, const QString &sql,
                                  const QVariantList &values = {});
    //! The account whose \a column is \a value ("unknown account"), and its stored password
    //! hash in \a passwordHash when asked for.
    Result<Account> accountWhere(QLatin1String column, const QVariant &value,
                                 QByteArray *passwordHash = nullptr);

    AccountStore::Settings settings;
    SqlConnection connection;
    QString path;
    int schemaVersion = 0;
    QString error;
};
