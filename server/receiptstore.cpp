#include "receiptstore.h"

#include "sqlconnection.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QVariant>

namespace {

const QLatin1String kKept("SELECT seq FROM receipts WHERE room = ? AND account_id = ?");
// Only forward: a lower seq leaves the row as it is.
const QLatin1String kUpsert(
        "INSERT INTO receipts (room, account_id, seq) VALUES (?, ?, ?)"
        " ON CONFLICT (room, account_id) DO UPDATE SET seq = excluded.seq"
        " WHERE excluded.seq > receipts.seq");
const QLatin1String kOfRoom(
        "SELECT account_id, seq FROM receipts WHERE room = ? ORDER BY seq DESC, account_id LIMIT ?");
const QLatin1String kDropAccount("DELETE FROM receipts WHERE account_id = ?");

} // namespace

ReceiptStore::ReceiptStore(const QSqlDatabase &db)
    : m_kept(db), m_upsert(db), m_ofRoom(db), m_dropAccount(db)
{
    m_error = SqlConnection::prepareAll(
            {{&m_kept, kKept}, {&m_upsert, kUpsert}, {&m_ofRoom, kOfRoom}, {&m_dropAccount, kDropAccount}});
}

bool ReceiptStore::run(QSqlQuery &query, const char *what, std::initializer_list<QVariant> values)
{
    int i = 0;
    for (const QVariant &value : values)
        query.bindValue(i++, value);
    if (query.exec())
        return true;
    const QSqlError error = query.lastError();
    m_error = (error.databaseText().isEmpty() ? error.text() : error.databaseText())
            + QLatin1String(" (") + QLatin1String(what) + QLatin1Char(')');
    return false;
}

std::optional<qint64> ReceiptStore::kept(const QString &room, qint64 userId)
{
    if (!run(m_kept, "receipt", {room, userId}))
        return std::nullopt;
    const qint64 seq = m_kept.next() ? m_kept.value(0).toLongLong() : 0;
    m_kept.finish();
    return seq;
}

std::optional<ReceiptStore::Advance> ReceiptStore::advance(const QString &room, qint64 userId,
                                                           qint64 seq)
{
    const std::optional<qint64> before = kept(room, userId);
    if (!before)
        return std::nullopt;
    if (seq <= *before)
        return Advance{*before, *before};
    if (!run(m_upsert, "store receipt", {room, userId, seq}))
        return std::nullopt;
    m_upsert.finish();
    return Advance{*before, seq};
}

std::optional<QList<ReceiptStore::Receipt>> ReceiptStore::ofRoom(const QString &room, int limit)
{
    if (!run(m_ofRoom, "receipts of a room", {room, limit}))
        return std::nullopt;
    QList<Receipt> receipts;
    while (m_ofRoom.next())
        receipts.append(Receipt{m_ofRoom.value(0).toLongLong(), m_ofRoom.value(1).toLongLong()});
    m_ofRoom.finish();
    return receipts;
}

bool ReceiptStore::dropAccount(qint64 userId)
{
    if (!run(m_dropAccount, "drop receipts", {userId}))
        return false;
    m_dropAccount.finish();
    return true;
}
