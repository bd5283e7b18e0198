#include "storedsearch.h"

#include "logging.h"
#include "messagestoreschema.h"
#include "searchterms.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariantList>

#include <algorithm>

using Schema = MessageStoreSchema;

namespace {

//! A message's place in the results: messages_search_order read backwards gives exactly this
//! order (its last key, the row id, descending too), so a walk needs no sort.
const QLatin1String kTime("ifnull(time_ms, 0)");
const QLatin1String kOrder(" ORDER BY ifnull(time_ms, 0) DESC, room, seq DESC, id DESC");

//! A statement being built: SQL text and the values of its `?`, in order.
struct Statement
{
    QString sql;
    QVariantList values;

    void add(const QString &clause, const QVariantList &bound = {})
    {
        sql += clause;
        values += bound;
    }
};

//! Whether the from: filter is left to C++: SQLite's NOCASE folds ASCII only.
bool fromNeedsRecheck(const SearchQuery &query)
{
    return !query.from.isEmpty() && !SearchTerms::sqlFoldsExactly(query.from);
}

//! The sender check of a from: filter SQL cannot make: the user name, case-insensitively; the
//! display name for a message without one (stock servers).
bool fromMatches(const ChatMessage &m, const QString &from)
{
    const QString &name = m.senderUsername.isEmpty() ? m.sender : m.senderUsername;
    return name.compare(from, Qt::CaseInsensitive) == 0;
}

//! The conditions on a message row other than its text: a message, not deleted, the filters of
//! \a query that SQL can check exactly, and strictly after \a after.
void addFilters(Statement *s, const SearchQuery &query, const MessageStore::SearchCursor &after)
{
    s->add(QStringLiteral("kind = 0 AND deleted = 0"));
    if (!query.room.isEmpty())
        s->add(QStringLiteral(" AND room = ?"), {query.room});
    if (!query.from.isEmpty() && !fromNeedsRecheck(query)) {
        s->add(QStringLiteral(" AND (sender_username = ? COLLATE NOCASE"
                              " OR (sender_username = '' AND sender = ? COLLATE NOCASE))"),
               {query.from, query.from});
    }
    if (query.after.isValid())
        s->add(QStringLiteral(" AND %1 > ?").arg(kTime), {query.after.toMSecsSinceEpoch()});
    if (query.before.isValid())
        s->add(QStringLiteral(" AND %1 < ?").arg(kTime), {query.before.toMSecsSinceEpoch()});
    if (!after.isNull()) {
        // The first conjunct is redundant; it lets SQLite start the index range at the cursor.
        s->add(QStringLiteral(" AND %1 <= ? AND (%1 < ? OR room > ? OR (room = ? AND (seq < ?"
                              " OR (seq = ? AND id < ?))))")
                       .arg(kTime),
               {after.timeMs, after.timeMs, Schema::text(after.room), Schema::text(after.room), after.seq,
                after.seq, after.localId});
    }
}

void addTextChecks(Statement *s, const SearchTerms &terms)
{
    for (const QString &needle : terms.sqlNeedles())
        s->add(QStringLiteral(" AND instr(lower(text), ?) > 0"), {needle});
}

} // namespace

StoredSearch::StoredSearch()
    : StoredSearch(MessageStore::kMaxSearchScanRows, kMaxSortedCandidates)
{
}

StoredSearch::StoredSearch(qint64 scanRows, int sortedCandidates)
    : m_scanRows(scanRows), m_sortedCandidates(sortedCandidates)
{
}

bool StoredSearch::prepare(const QSqlDatabase &db)
{
    m_db = db;
    m_open = true;
    return true;
}

void StoredSearch::finish()
{
    m_db = QSqlDatabase();
    m_open = false;
}

QList<ChatMessage> StoredSearch::find(const SearchQuery &query, int limit, const MessageStore::SearchCursor &after)
{
    const SearchTerms terms(query.terms);
    SearchQuery kept = query; // what is searched for: terms that are all empty are none
    kept.terms = terms.terms();
    if (!m_open || limit <= 0 || kept.isEmpty())
        return {};
    if (terms.ftsQuery().isEmpty())
        return read(Way::Walk, terms, query, limit, after); // nothing the index can select
    if (candidates(terms.ftsQuery()) <= m_sortedCandidates)
        return read(Way::ByIndex, terms, query, limit, after);
    QList<ChatMessage> found = read(Way::Walk, terms, query, limit, after);
    if (found.size() < limit) // the walk may have stopped at its bound: the index knows them all
        found = read(Way::ByIndex, terms, query, limit, after);
    return found;
}

qint64 StoredSearch::candidates(const QString &ftsQuery)
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT count(*) FROM (SELECT rowid FROM messages_search"
                             " WHERE messages_search MATCH ? LIMIT ?)"));
    q.addBindValue(ftsQuery);
    q.addBindValue(m_sortedCandidates + 1);
    if (!q.exec() || !q.next()) {
        qCWarning(lcModel).noquote() << "message store: counting search candidates failed:" << q.lastError().text();
        return 0; // the index read then reports the error, if it persists
    }
    return q.value(0).toLongLong();
}

QList<ChatMessage> StoredSearch::read(Way way, const SearchTerms &terms, const SearchQuery &query, int limit,
                                      const MessageStore::SearchCursor &after)
{
    const QString columns = Schema::columns();
    Statement s;
    if (way == Way::ByIndex) {
        s.add(QStringLiteral("SELECT %1 FROM messages WHERE id IN (SELECT rowid FROM messages_search"
                             " WHERE messages_search MATCH ?) AND ")
                      .arg(columns),
              {terms.ftsQuery()});
        addFilters(&s, query, after);
        addTextChecks(&s, terms);
        s.add(kOrder);
    } else {
        // The inner query reads the newest rows through messages_search_order, at most the
        // bound; the outer one checks their texts. No ORDER BY outside: it would sort all the
        // rows read before returning the first; a co-routine's rows come in its order.
        s.add(QStringLiteral("SELECT %1 FROM (SELECT %1 FROM messages WHERE ").arg(columns));
        addFilters(&s, query, after);
        s.add(kOrder + QStringLiteral(" LIMIT ?) WHERE 1"), {m_scanRows});
        addTextChecks(&s, terms);
    }
    const bool recheck = terms.needsRecheck() || fromNeedsRecheck(query);
    if (!recheck)
        s.add(QStringLiteral(" LIMIT ?"), {limit});

    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.prepare(s.sql)) {
        qCWarning(lcModel).noquote() << "message store: cannot prepare a search:" << q.lastError().text();
        return {};
    }
    for (const QVariant &value : std::as_const(s.values))
        q.addBindValue(value);
    if (!q.exec()) {
        qCWarning(lcModel).noquote() << "message store: search failed:" << q.lastError().text();
        return {};
    }
    QList<ChatMessage> found;
    while (found.size() < limit && q.next()) {
        ChatMessage m = Schema::messageFrom(q);
        if (recheck && (!terms.matchesRest(m.text) || (fromNeedsRecheck(query) && !fromMatches(m, query.from))))
            continue;
        found << std::move(m);
    }
    return found;
}

MessageStore::SearchCursor StoredSearch::cursorOf(const ChatMessage &m)
{
    MessageStore::SearchCursor cursor;
    cursor.timeMs = m.time.isValid() ? m.time.toMSecsSinceEpoch() : 0;
    cursor.room = m.room;
    cursor.seq = std::max<qint64>(0, m.seq);
    if (!m_open)
        return cursor;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!m.clientId.isEmpty()) {
        q.prepare(QStringLiteral("SELECT id FROM messages WHERE client_id = ? AND client_id <> ''"));
        q.addBindValue(m.clientId);
    } else if (m.seq > 0) {
        q.prepare(QStringLiteral("SELECT id FROM messages WHERE room = ? AND seq = ? AND seq > 0"));
        q.addBindValue(Schema::text(m.room));
        q.addBindValue(m.seq);
    } else {
        // No identity: the newest of its identical copies, if it has any (nothing missed; an
        // identical copy may come again).
        q.prepare(QStringLiteral("SELECT MAX(id) FROM messages WHERE room = ? AND seq = 0 AND kind = 0"
                                 " AND %1 = ? AND sender = ? AND text = ?")
                          .arg(kTime));
        q.addBindValue(Schema::text(m.room));
        q.addBindValue(cursor.timeMs);
        q.addBindValue(Schema::text(m.sender));
        q.addBindValue(Schema::text(m.text));
    }
    if (q.exec() && q.next())
        cursor.localId = q.value(0).toLongLong();
    else if (q.lastError().isValid())
        qCWarning(lcModel).noquote() << "message store: finding a search cursor failed:" << q.lastError().text();
    return cursor;
}
