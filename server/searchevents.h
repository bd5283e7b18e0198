#pragma once
// SearchEvents: parley-server's "search" event (docs/protocol.md, "Search") -- its arguments
// checked, the rooms the asker may read, the rate, the pages and their cursor.

#include "serversettings.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

class ClientLimits;
class HistoryStore;
class RoomRegistry;
class ServerSession;

//! Handles "search" for ChatHub, which hands over every event handles() accepts.
//!
//! Why apart from ChatHub: a search is a read across rooms with rules of its own (terms,
//! filters, a cursor, a bound on the rows read) that would double the hub's "history"; the hub
//! stays the rooms. HistorySearch (through HistoryStore::search()) does the query.
//!
//! Who may read what: the rooms the session has joined and the account's direct rooms (by name,
//! DirectRoomName: guests have none), nothing else -- not the rooms of the account's other
//! sessions, not a room it left. A "room" argument outside them is refused "not in room", like
//! "history" of a room not joined, before the rate is counted.
//!
//! The answer's results are message objects as "history" rows carry them (MessageJson), each with
//! its "room"; "cursor" (SearchCursor) comes with hasMore.
class SearchEvents
{
public:
    //! Results per answer without a "limit".
    static constexpr int kDefaultLimit = 20;
    //! A larger "limit" is capped to this.
    static constexpr int kMaxLimit = 100;
    //! A longer "query" is refused ("invalid query"), in UTF-16 code units (SearchQuery::kMaxLength).
    static constexpr int kMaxQueryLength = 200;
    //! Terms searched; more are ignored (SearchQuery::kMaxTerms).
    static constexpr int kMaxTerms = 8;

    //! \a history (open), \a rooms and \a limits must outlive this object.
    SearchEvents(const ServerSettings &settings, HistoryStore *history, const RoomRegistry *rooms,
                 ClientLimits *limits);

    SearchEvents(const SearchEvents &) = delete;
    SearchEvents &operator=(const SearchEvents &) = delete;

    //! True for "search".
    static bool handles(const QString &event);
    void handle(ServerSession *from, const QJsonArray &args, std::optional<qint64> ackId);

    //! The terms of \a query: split at white space (and U+0000, which no index can hold), at most
    //! kMaxTerms, in the order typed.
    static QStringList terms(const QString &query);

private:

    ServerSettings m_settings;
    HistoryStore *m_history;
    const RoomRegistry *m_rooms;
    ClientLimits *m_limits;
};
