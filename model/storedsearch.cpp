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

//! A message's place in the results. messages_search_order (time, room) and
//! messages_search_sender (sender, time) read backwards give it but for ties in time, which
//! SQLite sorts as it reads them ("temp b-tree for right part of order by"): a walk still
//! returns its first rows without reading the rest.
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

enum class Deleted { Excluded, Counted };

//! The conditions on a message row other than its text: a message, not deleted (unless
//! \a deleted is Counted: checking it reads the table, not only the index), the filters of
//! \a query, and strictly after \a after.
void addFilters(Statement *s, const SearchQuery &query, const MessageStore::SearchCursor &after,
                Deleted deleted = Deleted::Excluded)
{
    s->add(deleted == Deleted::Excluded ? QStringLiteral("kind = 0 AND deleted = 0") : QStringLiteral("kind = 0"));
    if (!query.room.isEmpty())
        s->add(QStringLiteral(" AND room = ?"), {query.room});
    if (!query.from.isEmpty()) // through messages_search_sender
        s->add(QStringLiteral(" AND sender_key = ?"), {Schema::senderKey(query.from)});
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

//! Prepares and runs \a s on \a q; false, logged as \a what, on an error.
bool run(QSqlQuery &q, const Statement &s, const char *what)
{
    q.setForwardOnly(true);
    if (q.prepare(s.sql)) {
        for (const QVariant &value : s.values)
            q.addBindValue(value);
        if (q.exec())
            return true;
    }
    qCWarning(lcModel).noquote() << "message store:" << what << "failed:" << q.lastError().text();
    return false;
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
    if (found.size() < limit && walkWasBounded(query, after)) // the index knows them all
        found = read(Way::ByIndex, terms, query, limit, after);
    return found;
}

bool StoredSearch::walkWasBounded(const SearchQuery &query, const MessageStore::SearchCursor &after)
{
    // The walk's rows counted again through the index alone (deleted ones too: at most more).
    Statement s;
    s.add(QStringLiteral("SELECT count(*) FROM (SELECT 1 FROM messages WHERE "));
    addFilters(&s, query, after, Deleted::Counted);
    s.add(QStringLiteral(" LIMIT ?)"), {m_scanRows});
    QSqlQuery q(m_db);
    if (!run(q, s, "counting the rows a search read") || !q.next())
        return true; // the index then answers, or reports the error
    return q.value(0).toLongLong() >= m_scanRows;
}

qint64 StoredSearch::candidates(const QString &ftsQuery)
{
    Statement s;
    s.add(QStringLiteral("SELECT count(*) FROM (SELECT rowid FROM messages_search WHERE messages_search MATCH ?"
                         " LIMIT ?)"),
          {ftsQuery, m_sortedCandidates + 1});
    QSqlQuery q(m_db);
    if (!run(q, s, "counting search candidates") || !q.next())
        return 0; // the index read then reports the error, if it persists
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
    const bool recheck = terms.needsRecheck();
    if (!recheck)
        s.add(QStringLiteral(" LIMIT ?"), {limit});

    QSqlQuery q(m_db);
    if (!run(q, s, "searching"))
        return {};
    QList<ChatMessage> found;
    while (found.size() < limit && q.next()) {
        ChatMessage m = Schema::messageFrom(q);
        if (recheck && !terms.matchesRest(m.text))
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
