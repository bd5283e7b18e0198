#include "accountdatabase.h"

#include "logging.h"

#include <QDateTime>
#include <QSqlError>

#include <algorithm>
#include <limits>
#include <utility>

QLatin1String AccountDatabase::accountColumns()
{
    return QLatin1String("a.id, a.username, a.display_name, a.is_admin, a.is_guest, a.created_ms,"
                         " a.disabled, a.last_seen_ms, a.read_receipts");
}

AccountDatabase::Account AccountDatabase::accountFrom(const QSqlQuery &query)
{
    Account a;
    a.id = query.value(0).toLongLong();
    a.username = query.value(1).toString();
    a.displayName = query.value(2).toString();
    a.isAdmin = query.value(3).toInt() != 0;
    a.isGuest = query.value(4).toInt() != 0;
    a.createdMs = query.value(5).toLongLong();
    a.disabled = query.value(6).toInt() != 0;
    a.lastSeenMs = query.value(7).toLongLong();
    a.readReceipts = query.value(8).toInt() != 0;
    return a;
}

QString AccountDatabase::notNull(const QString &text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

qint64 AccountDatabase::expiryAt(qint64 nowMs, std::chrono::milliseconds lifetime,
                                 std::chrono::milliseconds max)
{
    const qint64 span = std::min(lifetime, max).count();
    return span > std::numeric_limits<qint64>::max() - nowMs ? std::numeric_limits<qint64>::max()
                                                              : nowMs + span;
}

AccountDatabase::AccountDatabase(AccountStore::Settings s)
    : settings(std::move(s))
{
}

qint64 AccountDatabase::now() const
{
    return settings.clock ? settings.clock() : QDateTime::currentMSecsSinceEpoch();
}

QString AccountDatabase::fail(const QString &what, const QString &reason)
{
    error = reason + QLatin1String(" (") + what + QLatin1Char(')');
    connection.markSuspect(); // PostgreSQL: the next request looks at the link first
    qCWarning(lcServer).noquote() << "accounts database"
                                  << SqlConnection::displayLocation(path)
                                  << "failed:" << error;
    return storageFailure();
}

QString AccountDatabase::fail(const QString &what, const QSqlError &sqlError)
{
    return fail(what, sqlError.databaseText().isEmpty() ? sqlError.text() : sqlError.databaseText());
}

std::optional<QSqlQuery> AccountDatabase::exec(const QString &what, const QString &sql,
                                               const QVariantList &values)
{
    const bool outside = !connection.inTransaction();
    if (outside)
        recover();
    for (int attempt = 0;; ++attempt) {
        QSqlQuery query(connection.database());
        query.setForwardOnly(true);
        if (query.prepare(sql)) {
            for (const QVariant &value : values)
                query.addBindValue(value);
            if (query.exec())
                return query;
        }
        const QSqlError error = query.lastError();
        query = QSqlQuery(); // gone before the link may be replaced
        // PostgreSQL: the link may have gone since the last request; one more try on a new one
        // (never inside a transaction: what it did so far went with the old link).
        if (attempt == 0 && outside) {
            connection.markSuspect();
            if (connection.recover()) {
                qCInfo(lcServer).noquote() << "accounts database connected again";
                continue;
            }
        }
        fail(what, error);
        return std::nullopt;
    }
}

AccountDatabase::Result<AccountDatabase::Account>
AccountDatabase::accountWhere(QLatin1String column, const QVariant &value, QByteArray *passwordHash)
{
    std::optional<QSqlQuery> q =
            exec(QStringLiteral("find account"),
                 QStringLiteral("SELECT %1, a.password_hash FROM accounts a WHERE %2 = ?")
                         .arg(accountColumns(), column),
                 {value});
    if (!q)
        return refused<Account>(storageFailure());
    if (!q->next())
        return refused<Account>(QStringLiteral("unknown account"));
    if (passwordHash)
        *passwordHash = q->value(kAccountColumnCount).toString().toLatin1();
    return success(accountFrom(*q));
}
