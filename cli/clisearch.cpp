#include "clisearch.h"

#include <utility>

CliSearch::CliSearch(ChatClient *client, const SearchQuery &query, int maxResults, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_query(query)
    , m_wanted(maxResults)
{
    m_retry.setSingleShot(true);
    m_retry.setInterval(kRateLimitedWait);
    connect(&m_retry, &QTimer::timeout, this, &CliSearch::request);
    connect(client, &ChatClient::searchFinished, this, &CliSearch::onFinished);
    connect(client, &ChatClient::searchFailed, this, &CliSearch::onFailed);
}

void CliSearch::start()
{
    if (std::exchange(m_started, true))
        return;
    request();
}

void CliSearch::request()
{
    m_pending = m_client->search(m_query, m_wanted, m_cursor);
    if (m_pending.isEmpty()) {
        Q_EMIT failed(m_client->hasSearch() ? tr("the search could not be sent (not connected)")
                                            : tr("this server has no search"));
        Q_EMIT finished(false);
    }
}

void CliSearch::onFinished(const QString &requestId, const QList<ChatMessage> &results, bool hasMore,
                           const QString &cursor)
{
    if (requestId != m_pending)
        return;
    m_pending.clear();
    const QList<ChatMessage> wanted = results.mid(0, m_wanted);
    m_wanted -= int(wanted.size());
    if (!wanted.isEmpty())
        Q_EMIT found(wanted);
    if (!hasMore || m_wanted <= 0) {
        Q_EMIT finished(true);
        return;
    }
    m_cursor = cursor;
    request();
}

void CliSearch::onFailed(const QString &requestId, const QString &reason)
{
    if (requestId != m_pending)
        return;
    m_pending.clear();
    if (reason == QLatin1String("rate limited")) {
        m_retry.start();  // the same page again
        return;
    }
    Q_EMIT failed(tr("search failed: %1").arg(reason));
    Q_EMIT finished(false);
}
