#include "searchevents.h"

#include "chathub.h"
#include "historysearch.h"
#include "historystore.h"
#include "logging.h"
#include "messagejson.h"
#include "room.h"
#include "roomregistry.h"
#include "searchcursor.h"
#include "serversession.h"
#include "usernamepolicy.h"

#include <QRegularExpression>

namespace {

const QLatin1String kSearch("search");
const QLatin1String kRoom("room");

const QString kMalformed = QStringLiteral("malformed arguments");

//! The optional string \a key of \a request into \a out (left empty when absent or null); false
//! when it is there but not a string.
bool optionalString(const QJsonObject &request, QLatin1String key, QString *out)
{
    const QJsonValue value = request.value(key);
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isString())
        return false;
    *out = value.toString();
    return true;
}

} // namespace

SearchEvents::SearchEvents(const ServerSettings &settings, HistoryStore *history,
                           const RoomRegistry *rooms, ClientLimits *limits)
    : m_settings(settings)
    , m_history(history)
    , m_rooms(rooms)
    , m_limits(limits)
{
}

bool SearchEvents::handles(const QString &event)
{
    return event == kSearch;
}

QStringList SearchEvents::terms(const QString &query)
{
    static const QRegularExpression separators(QStringLiteral("[\\s\\x{0}]+"));
    QStringList all = query.split(separators, Qt::SkipEmptyParts);
    if (all.size() > kMaxTerms)
        all.resize(kMaxTerms);
    return all;
}

void SearchEvents::handle(ServerSession *from, const QJsonArray &args, std::optional<qint64> ackId)
{
    const QJsonObject request = args.at(0).toObject();
    const QJsonValue queryValue = request.value(QLatin1String("query"));
    QString room;
    QString sender;
    if (!args.at(0).isObject() || !queryValue.isString() || !optionalString(request, kRoom, &room)
        || !optionalString(request, QLatin1String("from"), &sender)) {
        qCWarning(lcServer).noquote() << from->logId() << "search with malformed arguments";
        return ChatHub::reply(from, ackId, ChatHub::errorReply(kMalformed));
    }
    const QString query = queryValue.toString();
    const QStringList terms = SearchEvents::terms(query);
    if (query.size() > kMaxQueryLength || terms.isEmpty())
        return ChatHub::reply(from, ackId, ChatHub::errorReply(QStringLiteral("invalid query")));
    std::optional<qint64> after;
    std::optional<qint64> before;
    std::optional<qint64> limit;
    if (!ChatHub::optionalCount(request, QLatin1String("after"), &after)
        || !ChatHub::optionalCount(request, QLatin1String("before"), &before))
        return ChatHub::reply(from, ackId, ChatHub::errorReply(QStringLiteral("invalid time")));
    if (!ChatHub::optionalCount(request, QLatin1String("limit"), &limit) || limit == qint64(0))
        return ChatHub::reply(from, ackId, ChatHub::errorReply(QStringLiteral("invalid limit")));
    room = room.trimmed();
    if (sender.startsWith(QLatin1Char('@')))
        sender.remove(0, 1);
    const QString fromKey =
            sender.isEmpty() ? QString() : UsernamePolicy::keyOf(UsernamePolicy::canonical(sender));
    const QByteArray fingerprint = SearchCursor::fingerprint(terms, room, fromKey, after, before);
    const QJsonValue cursor = request.value(QLatin1String("cursor"));
    std::optional<qint64> below;
    if (!cursor.isUndefined() && !cursor.isNull()) {
        below = SearchCursor::decode(cursor.toString(), fingerprint);  // "" when not a string
        if (!below)
            return ChatHub::reply(from, ackId, ChatHub::errorReply(QStringLiteral("invalid cursor")));
    }
    const bool oneRoom = request.value(kRoom).isString();
    if (oneRoom && !m_rooms->mayRead(*from, room))
        return ChatHub::reply(from, ackId, ChatHub::errorReply(QStringLiteral("not in room")));
    const ClientLimits::Verdict verdict = m_limits->search(ChatHub::whoIs(*from), m_settings.nowMs());
    if (!verdict.ok())
        return ChatHub::refuse(from, ackId, verdict);
    if (!ackId) {
        qCDebug(lcServer).noquote() << from->logId() << "search without ack id: nowhere to answer";
        return;
    }

    HistorySearch::Query q;
    q.terms = terms;
    if (oneRoom) {
        q.rooms = QStringList{room};
    } else {
        for (const Room *joined : m_rooms->roomsOf(from))
            q.rooms << joined->name();
        q.directsOf = from->account().isGuest ? 0 : from->account().id;
    }
    q.fromKey = fromKey;
    q.after = after;
    q.before = before;
    q.below = below.value_or(0);
    q.limit = int(qMin<qint64>(limit.value_or(kDefaultLimit), kMaxLimit));
    q.maxRows = m_settings.maxSearchRows;
    q.maxText = m_settings.maxHistoryReplyText;
    HistorySearch *search = m_history->search();
    const std::optional<HistorySearch::Page> page = search ? search->search(q) : std::nullopt;
    if (!page) {
        qCWarning(lcServer).noquote() << from->logId() << "search failed:"
                                      << (search ? search->errorString() : m_history->errorString());
        return ChatHub::reply(from, ackId, ChatHub::storageFailureReply());
    }
    QJsonArray results;
    for (const HistoryStore::Message &m : page->messages)
        results.append(MessageJson::historyRow(m));  // a message object always carries its room
    QJsonObject answer{{QLatin1String("ok"), true},
                       {QLatin1String("results"), results},
                       {QLatin1String("hasMore"), page->hasMore}};
    if (page->hasMore)
        answer.insert(QLatin1String("cursor"), SearchCursor::encode(page->resumeBelow, fingerprint));
    qCDebug(lcServer).noquote() << from->logId() << "search of" << terms.size() << "terms answered with"
                                << page->messages.size() << "results";
    ChatHub::reply(from, ackId, answer);
}
