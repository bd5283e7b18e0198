#pragma once
// ParleySearchJson: parley-server's "search" event (docs/protocol.md, "Search") to and from
// JSON: the request made of a SearchQuery, and the answer checked before anything of it is used.
// Pure, so that table tests reach it without a socket.
#include "chatmessage.h"
#include "searchquery.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

class ParleySearchJson
{
    Q_DECLARE_TR_FUNCTIONS(ParleySearchJson)
public:
    //! Most results one answer may carry (the server's largest "limit"); more is malformed.
    static constexpr int kMaxResults = 100;
    //! Longest cursor taken from an answer (parley-server's are far shorter).
    static constexpr int kMaxCursorLength = 1024;

    //! One page of a search, as an answer carried it.
    struct Answer
    {
        QList<ChatMessage> results;  //!< newest first, as the server sent them
        bool hasMore = false;
        QString cursor;              //!< with hasMore: where the next page starts
    };

    //! The "search" argument: "query" (the terms, joined by spaces), "room" and "from" when set,
    //! "after"/"before" in ms since the epoch (never below 0), "limit" (clamped to 1 to
    //! kMaxResults) and "cursor" when not empty.
    static QJsonObject request(const SearchQuery &query, int limit, const QString &cursor);
    //! The page in \a ack, or nullopt with \a error: the server's refusal as it sent it (bounded:
    //! "rate limited", "not in room", …) or why the answer is malformed -- results that are not
    //! an array of at most kMaxResults message objects each with a room and a seq (as history
    //! rows are checked; a change row is none), a hasMore that is not a boolean, a missing or
    //! overlong cursor where hasMore is true. Nothing of a malformed answer is used.
    static std::optional<Answer> parseAnswer(const QJsonObject &ack, QString *error);
};
