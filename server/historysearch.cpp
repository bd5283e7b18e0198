#include "historysearch.h"

#include "directroomname.h"
#include "historyrow.h"
#include "messagechanges.h"
#include "sqliteconnection.h"
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
// HistoryRow's, then room, id and ok.
#define PARLEY_SEARCH_ROWS(window)                                                                 \
    "SELECT seq, time, sender, CASE WHEN ok THEN text END, client_id, sender_id, sender_username," \
    " sender_guest, kind, target_seq, reply_to, edited, deleted, reaction_on, file_id, file_name,"\
    " file_size, file_type, NULL, room, id, ok FROM"                                               \
    " (SELECT m.*, (m.kind = 0 AND m.deleted = 0 AND m.time > ? AND m.time < ? AND"               \
    "  (m.room IN (SELECT value FROM json_each(?)) OR m.room LIKE ? OR m.room LIKE ?)) AS ok"      \
    "  FROM (" window ") AS c CROSS JOIN messages AS m ON m.id = c.id)"
const QLatin1String kIndexed(PARLEY_SEARCH_ROWS(
        "SELECT rowid AS id FROM message_search WHERE message_search MATCH ? AND rowid < ?"
        " ORDER BY rowid DESC LIMIT ?"));
const QLatin1String kNewest(PARLEY_SEARCH_ROWS(
        "SELECT id FROM messages WHERE id < ? ORDER BY id DESC LIMIT ?"));
#undef PARLEY_SEARCH_ROWS

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

HistorySearch::HistorySearch(const QSqlDatabase &db, MessageChanges *changes)
    : m_changes(changes)
    , m_indexed(db)
    , m_newest(db)
{
    m_error = SqliteConnection::prepareAll({{&m_indexed, kIndexed}, {&m_newest, kNewest}});
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
    for (const QString &term : q.terms) {
        if (!isIndexable(term))
            shortTerms << term;
    }
    const QSet<QString> rooms(q.rooms.cbegin(), q.rooms.cend());
    const QString mine = QString::number(q.directsOf);
    QSqlQuery &query = match.isEmpty() ? m_newest : m_indexed;
    int i = 0;
    query.bindValue(i++, q.after.value_or(std::numeric_limits<qint64>::min()));
    query.bindValue(i++, q.before.value_or(std::numeric_limits<qint64>::max()));
    query.bindValue(i++, QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(q.rooms))
                                                  .toJson(QJsonDocument::Compact)));
    // The direct rooms' patterns ("@dm:<id>:…", "@dm:…:<id>"; '' matches no room); each room
    // they let through is checked again by DirectRoomName below.
    query.bindValue(i++, q.directsOf > 0 ? QString(QLatin1String("@dm:") + mine + QLatin1String(":%")) : QString(0, QChar()));
    query.bindValue(i++, q.directsOf > 0 ? QString(QLatin1String("@dm:%:") + mine) : QString(0, QChar()));
    if (!match.isEmpty())
        query.bindValue(i++, match);
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
