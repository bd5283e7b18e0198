#pragma once
// CliSearch: parley-cli's `search` command -- pages of ChatClient::search() followed by their
// cursor until --limit results were printed or no more are left.
#include "chatclient.h"
#include "searchquery.h"

#include <QObject>
#include <QTimer>

#include <chrono>

//! Asks for the pages of one search and hands each one's results over, then says how it ended.
//!
//! Why its own class: CliSession runs the link (sign-in, reconnects, TLS); this is only the
//! paging, so the session's message commands stay as they are. A "rate limited" page is asked
//! for again after kRateLimitedWait (the server's searchRate is 1 a second); every other refusal
//! ends the search. The run's --timeout (CliSession) bounds it all.
class CliSearch : public QObject
{
    Q_OBJECT
public:
    //! Wait before asking again for a page refused as "rate limited".
    static constexpr std::chrono::milliseconds kRateLimitedWait{1100};

    //! Searches \a query on \a client (not owned) for at most \a maxResults results.
    CliSearch(ChatClient *client, const SearchQuery &query, int maxResults, QObject *parent = nullptr);

    //! Asks for the first page (call once the room to search is joined). Safe to call twice.
    void start();

Q_SIGNALS:
    //! One page's results, newest first (never more than the results still wanted).
    void found(const QList<ChatMessage> &results);
    //! A refusal or a problem, for the user (stderr).
    void failed(const QString &reason);
    //! Done: every page asked for came (true), or the search failed (false).
    void finished(bool ok);

private:
    void request();
    void onFinished(const QString &requestId, const QList<ChatMessage> &results, bool hasMore,
                    const QString &cursor);
    void onFailed(const QString &requestId, const QString &reason);

    ChatClient *m_client;
    SearchQuery m_query;
    int m_wanted;
    bool m_started = false;
    QString m_pending;  //!< the request under way
    QString m_cursor;   //!< where the next page starts
    QTimer m_retry;
};
