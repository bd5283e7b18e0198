#include "searchmodel.h"

#include "chatclient.h"
#include "logging.h"
#include "messagestore.h"

#include <algorithm>

namespace {

//! Newest first; then by room and seq, so that equal times have one order everywhere.
bool newerFirst(const ChatMessage &a, const ChatMessage &b)
{
    if (a.time != b.time)
        return a.time > b.time;
    if (a.room != b.room)
        return a.room < b.room;
    return a.seq > b.seq;
}

}  // namespace

SearchModel::SearchModel(ChatClient *client, MessageStore *store, QObject *parent)
    : QAbstractListModel(parent)
    , m_client(client)
    , m_store(store)
{
    if (client) {
        connect(client, &ChatClient::searchFinished, this, &SearchModel::onServerResults);
        connect(client, &ChatClient::searchFailed, this, &SearchModel::onServerFailed);
    }
}

void SearchModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_query = {};
    m_localCursor = {};
    m_localMore = m_serverMore = false;
    m_serverCursor.clear();
    m_request.clear();
    endResetModel();
}

void SearchModel::search(const QString &text, const QString &room)
{
    clear();
    m_query = SearchQuery::parse(text);
    if (m_query.room.isEmpty())
        m_query.room = room;
    if (m_query.terms.isEmpty() && m_query.from.isEmpty()) {
        // A room or dates alone would list everything: nothing to look for yet.
        m_query = {};
        Q_EMIT serverSearchChanged({});
        return;
    }
    searchLocally(kPageSize);
    searchServer();
    Q_EMIT serverSearchChanged({});
}

void SearchModel::fetchNextPage()
{
    if (m_query.isEmpty() || m_rows.size() >= kMaxRows)
        return;
    if (m_localMore)
        searchLocally(kPageSize);
    if (m_serverMore && m_request.isEmpty())
        searchServer();
}

void SearchModel::searchLocally(int limit)
{
    if (!m_store)
        return;
    // One more than asked: whether there is more. The store pages from its own last hit (rows
    // merged from the server do not move it).
    const QList<ChatMessage> hits = m_store->search(m_query, limit + 1, m_localCursor);
    m_localMore = hits.size() > limit;
    const QList<ChatMessage> page = hits.mid(0, limit);
    if (!page.isEmpty())
        m_localCursor = m_store->cursorOf(page.constLast());
    merge(page);
}

void SearchModel::searchServer()
{
    m_serverMore = false;
    if (!m_client || !m_client->isReady())
        return;
    m_request = m_client->search(m_query, kPageSize, m_serverCursor);
    if (m_request.isEmpty())
        qCDebug(lcModel) << "the server has no search: local results only";
}

void SearchModel::merge(const QList<ChatMessage> &hits)
{
    QList<ChatMessage> fresh;
    for (const ChatMessage &m : hits) {
        if (m.seq <= 0 || m.kind != ChatMessage::Kind::Message || m.deleted)
            continue;
        const bool known = std::any_of(m_rows.cbegin(), m_rows.cend(), [&m](const ChatMessage &r) {
            return r.room == m.room && r.seq == m.seq;
        }) || std::any_of(fresh.cbegin(), fresh.cend(), [&m](const ChatMessage &r) {
            return r.room == m.room && r.seq == m.seq;
        });
        if (!known)
            fresh << m;
    }
    if (fresh.isEmpty() || m_rows.size() >= kMaxRows)
        return;
    std::sort(fresh.begin(), fresh.end(), newerFirst);
    if (!m_rows.isEmpty() && !newerFirst(fresh.constFirst(), m_rows.constLast())) {
        // A next page, all older than what is listed: added below, the view stays where it is.
        fresh.resize(std::min<qsizetype>(fresh.size(), kMaxRows - m_rows.size()));
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + fresh.size() - 1));
        m_rows += fresh;
        endInsertRows();
        return;
    }
    QList<ChatMessage> all = m_rows + fresh;
    std::sort(all.begin(), all.end(), newerFirst);
    if (all.size() > kMaxRows)
        all.resize(kMaxRows);
    // Interleaved (the server's answer among the store's): few rows, seldom; the panel keeps its
    // current result across the reset.
    beginResetModel();
    m_rows = all;
    endResetModel();
}

void SearchModel::onServerResults(const QString &requestId, const QList<ChatMessage> &results,
                                  bool hasMore, const QString &cursor)
{
    if (requestId.isEmpty() || requestId != m_request)
        return; // an answer to an earlier search
    m_request.clear();
    m_serverMore = hasMore && !cursor.isEmpty();
    m_serverCursor = cursor;
    merge(results);
    Q_EMIT serverSearchChanged({});
}

void SearchModel::onServerFailed(const QString &requestId, const QString &reason)
{
    if (requestId.isEmpty() || requestId != m_request)
        return;
    m_request.clear();
    m_serverMore = false;
    qCInfo(lcModel) << "server search failed:" << reason;
    Q_EMIT serverSearchChanged(reason);
}

int SearchModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant SearchModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const ChatMessage &m = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case TextRole:
        return m.text;
    case RoomRole:
        return m.room;
    case SeqRole:
        return m.seq;
    case SenderRole:
        return m.sender;
    case TimeRole:
        return m.time;
    case TermsRole:
        return m_query.terms;
    case Qt::AccessibleTextRole:
        return tr("%1 in #%2: %3").arg(m.sender, m.room, m.text.left(200));
    default:
        return {};
    }
}

QHash<int, QByteArray> SearchModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(RoomRole, "room");
    names.insert(SeqRole, "seq");
    names.insert(SenderRole, "sender");
    names.insert(TimeRole, "time");
    names.insert(TextRole, "text");
    names.insert(TermsRole, "terms");
    return names;
}
