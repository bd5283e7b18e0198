#include "historysearch.h"

#include "directroomname.h"
#include "historyrow.h"
#include "messagechanges.h"
#include "sqlconnection.h"
#include "usernamepolicy.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QVariant>

#include <limits>

namespace {

// The rows of a window (ids, newest first) joined to their messages, in the window's order (the
// CROSS JOIN keeps the window the outer loop: no sort, so reading stops when the page is full).
// "ok": a live message of a room searched (by name, or a direct room by its pattern), within the
// times; its text is read only then, so others' long texts cost nothing. The columns are
// HistoryRow's, then room, id and ok. The rooms come as one JSON array: %1 lists its elements.
// PostgreSQL has no CROSS JOIN order guarantee: the outer ORDER BY keeps the window's order.
QString searchRows(const QString &window, SqlConnection::Backend backend)
{
    const bool postgres = backend == SqlConnection::Backend::Postgres;
    return QStringLiteral(
                   "SELECT seq, time, sender, CASE WHEN ok THEN text END, client_id, sender_id,"
                   " sender_username, sender_guest, kind, target_seq, reply_to, edited, deleted,"
                   " reaction_on, file_id, file_name, file_size, file_type, NULL, room, id, ok FROM"
                   " (SELECT m.*, (m.kind = 0 AND m.deleted = 0 AND m.time > ? AND m.time < ? AND"
                   "  (m.room IN (%1) OR m.room LIKE ? OR m.room LIKE ?)) AS ok"
                   "  FROM (%2) AS c %3 JOIN messages AS m ON m.id = c.id) AS r%4")
            .arg(postgres ? QLatin1String("SELECT json_array_elements_text(CAST(? AS json))")
                          : QLatin1String("SELECT value FROM json_each(?)"),
                 window, postgres ? QLatin1String("INNER") : QLatin1String("CROSS"),
                 postgres ? QLatin1String(" ORDER BY id DESC") : QLatin1String());
}

const QLatin1String kIndexedSqlite(
        "SELECT rowid AS id FROM message_search WHERE message_search MATCH ? AND rowid < ?"
        " ORDER BY rowid DESC LIMIT ?");
const QLatin1String kNewestWindow("SELECT id FROM messages WHERE id < ? ORDER BY id DESC LIMIT ?");

//! PostgreSQL's window for \a terms indexable terms: one ILIKE each, on the pg_trgm index.
QString postgresIndexedWindow(int terms)
{
    QString sql = QStringLiteral("SELECT id FROM messages WHERE kind = 0 AND deleted = 0");
    for (int i = 0; i < terms; ++i)
        sql += QLatin1String(" AND text ILIKE ?");
    return sql + QLatin1String(" AND id < ? ORDER BY id DESC LIMIT ?");
}

//! \a term as an ILIKE pattern that finds it anywhere: its % _ and \ escaped (by \).
QString containsPattern(const QString &term)
{
    QString escaped;
    escaped.reserve(term.size() + 8);
    for (const QChar c : term) {
        if (c == QLatin1Char('%') || c == QLatin1Char('_') || c == QLatin1Char('\\'))
            escaped += QLatin1Char('\\');
        escaped += c;
    }
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

constexpr int kRoomColumn = HistoryRow::kColumnCount;
constexpr int kIdColumn = kRoomColumn + 1;
constexpr int kOkColumn = kIdColumn + 1;

qsizetype codePoints(const QString &text)
{
    qsizetype n = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (!(text.at(i).isLowSurrogate() && i > 0 && text.at(i - 1).isHighSurrogate()))
            ++n;
    }
    return n;
}

bool containsAll(const QString &text, const QStringList &terms)
{
    for (const QString &term : terms) {
        if (!text.contains(term, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

} // namespace

HistorySearch::HistorySearch(SqlConnection &connection, MessageChanges *changes)
    : m_changes(changes)
    , m_db(connection.database())
    , m_backend(connection.backend())
    , m_indexed(m_db)
    , m_newest(m_db)
{
    m_error = m_backend == SqlConnection::Backend::Postgres
            ? SqlConnection::prepareAll({{&m_newest, searchRows(kNewestWindow, m_backend)}})
            : SqlConnection::prepareAll({{&m_indexed, searchRows(kIndexedSqlite, m_backend)},
                                         {&m_newest, searchRows(kNewestWindow, m_backend)}});
}

QSqlQuery *HistorySearch::indexedQuery(int terms)
{
    if (m_backend != SqlConnection::Backend::Postgres)
        return &m_indexed;
    auto found = m_postgresIndexed.find(terms);
    if (found == m_postgresIndexed.end()) {
        found = m_postgresIndexed
                        .emplace(std::piecewise_construct, std::forward_as_tuple(terms),
                                 std::forward_as_tuple(m_db))
                        .first;
        const QString error = SqlConnection::prepareAll(
                {{&found->second, searchRows(postgresIndexedWindow(terms), m_backend)}});
        if (!error.isEmpty()) {
            m_error = error;
            m_postgresIndexed.erase(found);
            return nullptr;
        }
    }
    return &found->second;
}

bool HistorySearch::isIndexable(const QString &term)
{
    return codePoints(term) >= kMinIndexedLength;
}

QString HistorySearch::matchExpression(const QStringList &terms)
{
    QStringList strings;
    for (const QString &term : terms) {
        if (isIndexable(term)) {
            QString quoted = term;
            quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
            strings << QLatin1Char('"') + quoted + QLatin1Char('"');
        }
    }
    return strings.join(QLatin1Char(' '));
}

std::nullopt_t HistorySearch::fail(const QSqlQuery &query, const char *what)
{
    const QSqlError error = query.lastError();
    const QString reason = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    m_error = reason + QLatin1String(" (") + QLatin1String(what) + QLatin1Char(')');
    return std::nullopt;
}

std::optional<HistorySearch::Page> HistorySearch::search(const Query &q)
{
    const QString match = matchExpression(q.terms);
    QStringList shortTerms;
    QStringList patterns;
    for (const QString &term : q.terms) {
        if (!isIndexable(term))
            shortTerms << term;
        else
            patterns << containsPattern(term);
    }
    const QSet<QString> rooms(q.rooms.cbegin(), q.rooms.cend());
    const QString mine = QString::number(q.directsOf);
    QSqlQuery *chosen = match.isEmpty() ? &m_newest : indexedQuery(int(patterns.size()));
    if (!chosen)
        return std::nullopt;
    QSqlQuery &query = *chosen;
    int i = 0;
    query.bindValue(i++, q.after.value_or(std::numeric_limits<qint64>::min()));
    query.bindValue(i++, q.before.value_or(std::numeric_limits<qint64>::max()));
    query.bindValue(i++, QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(q.rooms))
                                                  .toJson(QJsonDocument::Compact)));
    // The direct rooms' patterns ("@dm:<id>:…", "@dm:…:<id>"; '' matches no room); each room
    // they let through is checked again by DirectRoomName below.
    query.bindValue(i++, q.directsOf > 0 ? QString(QLatin1String("@dm:") + mine + QLatin1String(":%")) : QString(0, QChar()));
    query.bindValue(i++, q.directsOf > 0 ? QString(QLatin1String("@dm:%:") + mine) : QString(0, QChar()));
    if (!match.isEmpty() && m_backend == SqlConnection::Backend::Postgres) {
        for (const QString &pattern : std::as_const(patterns))
            query.bindValue(i++, pattern);
    } else if (!match.isEmpty()) {
        query.bindValue(i++, match);
    }
    query.bindValue(i++, q.below > 0 ? q.below : std::numeric_limits<qint64>::max());
    query.bindValue(i++, qMax<qint64>(1, q.maxRows));
    if (!query.exec())
        return fail(query, "search");

    Page page;
    const int limit = qMax(1, q.limit);
    qint64 read = 0;
    qint64 lastRead = 0;
    qint64 lastResult = 0;
    qsizetype textSize = 0;
    bool stopped = false;
    while (query.next()) {
        ++read;
        const qint64 id = query.value(kIdColumn).toLongLong();
        if (lastRead > 0 && id >= lastRead) {
            m_error = QStringLiteral("search rows out of order");
            query.finish();
            return std::nullopt;
        }
        lastRead = id;
        if (!query.value(kOkColumn).toBool())
            continue;
        const QString room = query.value(kRoomColumn).toString();
        if (!rooms.contains(room)) {
            const std::optional<DirectRoomName::Pair> pair = DirectRoomName::parse(room);
            if (q.directsOf <= 0 || !pair || !pair->contains(q.directsOf))
                continue;
        }
        HistoryStore::Message m = HistoryRow::read(query, room);
        if (!q.fromKey.isEmpty()
            && (m.senderUsername.isEmpty() || UsernamePolicy::keyOf(m.senderUsername) != q.fromKey))
            continue;
        if (!containsAll(m.text, shortTerms))
            continue;
        if (page.messages.size() >= limit
            || (!page.messages.isEmpty() && textSize + m.text.size() > q.maxText)) {
            stopped = true;  // one more exists: the next page starts after the last one taken
            break;
        }
        textSize += m.text.size();
        lastResult = id;
        page.messages.append(std::move(m));
    }
    const QSqlError rowError = query.lastError();
    query.finish();
    if (rowError.isValid()) {
        m_error = rowError.databaseText() + QLatin1String(" (search)");
        return std::nullopt;
    }
    if (stopped) {
        page.hasMore = true;
        page.resumeBelow = lastResult;
    } else if (read >= q.maxRows) {
        page.hasMore = true;  // the rows to read are spent: go on after the last one read
        page.resumeBelow = lastRead;
    }
    for (HistoryStore::Message &m : page.messages) {
        // One message at a time: a page's messages may lie far apart in their room.
        QList<HistoryStore::Message> one{std::move(m)};
        if (!m_changes->readReactions(one.constFirst().room, &one)) {
            m_error = m_changes->errorString();
            return std::nullopt;
        }
        m = std::move(one.first());
    }
    return page;
}
