#pragma once
// SearchModel: the results of one search, as the search panel lists them -- what the local store
// holds (MessageStore::search, answered at once) merged with what parley-server finds in the
// history the user may read (ChatClient::search, answered later), newest first, each message once.
//
// Why both: the store answers instantly and offline, but holds only what this computer received;
// the server also finds messages never downloaded (docs/protocol.md "Search"). A stock server has
// no search: then the store's results are all there is.
//
// Why the answers are checked against the search they belong to: the user types on while a server
// answer is on its way; an answer to an earlier text must not land in the results of a later one.
//
// Bounded: kMaxRows rows at most, however many pages are asked for.
#include "chatmessage.h"
#include "messagestore.h"
#include "searchquery.h"

#include <QAbstractListModel>
#include <QList>
#include <QPointer>
#include <QString>

class ChatClient;

class SearchModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        RoomRole = Qt::UserRole + 1,
        SeqRole,
        SenderRole,
        TimeRole,
        TextRole,
        //! The terms searched for (QStringList): what the panel highlights.
        TermsRole,
    };
    Q_ENUM(Role)

    //! Results asked for per page, locally and from the server.
    static constexpr int kPageSize = 30;
    //! The most rows one search holds.
    static constexpr int kMaxRows = 300;

    //! Searches \a store (may be null: no local results) and, when it can, \a client's server.
    SearchModel(ChatClient *client, MessageStore *store, QObject *parent = nullptr);

    //! Searches for \a text (SearchQuery::parse()) in \a room, or in every room when \a room is
    //! empty (an "in:#room" in the text wins). The store's results are in when this returns; the
    //! server's come later (serverSearchChanged()). An empty text clears the results.
    void search(const QString &text, const QString &room = {});
    //! The next page of the same search (locally and from the server), when there is more.
    void fetchNextPage();
    void clear();

    const SearchQuery &query() const { return m_query; }
    //! Whether a server answer is awaited.
    bool isSearchingServer() const { return !m_request.isEmpty(); }
    //! Whether another page may be fetched (from the store or the server; never at kMaxRows).
    bool hasMore() const { return m_rows.size() < kMaxRows && (m_localMore || m_serverMore); }
    //! The message of \a row (room, seq, sender, time, text).
    ChatMessage messageAt(int row) const { return m_rows.value(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    //! A server answer came (or the server failed, \a error then says why; empty when fine), or
    //! a search started or ended without the server.
    void serverSearchChanged(const QString &error);

private:
    void searchLocally(int limit);
    void searchServer();
    void merge(const QList<ChatMessage> &hits);
    void onServerResults(const QString &requestId, const QList<ChatMessage> &results, bool hasMore,
                         const QString &cursor);
    void onServerFailed(const QString &requestId, const QString &reason);

    QPointer<ChatClient> m_client;
    MessageStore *m_store = nullptr;
    SearchQuery m_query;
    QList<ChatMessage> m_rows;   //!< newest first
    MessageStore::SearchCursor m_localCursor; //!< the store's last hit so far
    bool m_localMore = false;
    bool m_serverMore = false;
    QString m_serverCursor;
    QString m_request;           //!< the server request awaited, if any
};
