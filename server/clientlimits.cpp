#include "clientlimits.h"

#include <algorithm>

namespace {

TokenBucket::Rate scaled(TokenBucket::Rate rate, double factor)
{
    return TokenBucket::Rate{rate.perSecond * factor, rate.burst * factor};
}

QString accountKey(qint64 account)
{
    return QString::number(account);
}

const QString kRateLimited = QStringLiteral("rate limited");
const QString kQuotaExceeded = QStringLiteral("quota exceeded");

} // namespace

ClientLimits::ClientLimits(const ServerSettings &s)
    : m_holdGraceMs(s.throttleHoldGrace.count())
{
    // A session's rate, and its account's: accountRateFactor times as much.
    const auto perSessionAndAccount = [this, &s](Limit session, Limit account, TokenBucket::Rate rate) {
        m_limiters[session] = RateLimiter(rate);
        m_limiters[account] = RateLimiter(scaled(rate, s.accountRateFactor));
    };
    perSessionAndAccount(SessionMessages, AccountMessages, s.messageRate);
    perSessionAndAccount(SessionText, AccountText, s.textRate);
    perSessionAndAccount(SessionTyping, AccountTyping, s.typingRate);
    perSessionAndAccount(SessionReads, AccountReads, s.readRate);
    perSessionAndAccount(SessionJoins, AccountJoins, s.joinRate);
    perSessionAndAccount(SessionHistory, AccountHistory, s.historyRate);
    perSessionAndAccount(SessionPlain, AccountPlain, s.plainRate);
    perSessionAndAccount(SessionSearch, AccountSearch, s.searchRate);
    perSessionAndAccount(SessionFileBegin, AccountFileBegin, s.fileBeginRate);
    m_limiters[AccountRoomsCreated] = RateLimiter(s.roomsCreatedPerAccount);
    m_limiters[AddressRoomsCreated] = RateLimiter(s.roomsCreatedPerAddress);
    m_limiters[AccountDayMessages] = RateLimiter(s.messagesPerAccountPerDay);
    m_limiters[AccountDayText] = RateLimiter(s.textPerAccountPerDay);
    m_limiters[RoomDayMessages] = RateLimiter(s.messagesPerRoomPerDay);
}

ClientLimits::Verdict ClientLimits::run(std::initializer_list<Check> checks, const QString &error,
                                        qint64 nowMs)
{
    for (const Check &c : checks) {
        const qint64 wait = m_limiters[c.limit].waitFor(c.key, c.cost, nowMs);
        if (wait > 0)
            return Verdict{error, wait};
    }
    for (const Check &c : checks)
        m_limiters[c.limit].consume(c.key, c.cost, nowMs);
    return {};
}

QString ClientLimits::holdKey(const QString &session, const QString &room)
{
    return session + QChar(u'\n') + room; // neither contains a newline (checked names, sids)
}

ClientLimits::Verdict ClientLimits::message(const Who &who, const QString &room,
                                            const QString &clientId, qsizetype textLength,
                                            qint64 nowMs)
{
    const QString key = holdKey(who.session, room);
    const auto held = m_messageHolds.constFind(key);
    if (held != m_messageHolds.cend()) {
        const bool itsTurn = nowMs >= held->untilMs
                && (held->clientId.isEmpty() || held->clientId == clientId
                    || nowMs >= held->untilMs + m_holdGraceMs);
        if (!itsTurn)
            return Verdict{kRateLimited, std::max<qint64>(1, held->untilMs - nowMs)};
        m_messageHolds.erase(held);
    }
    const QString account = accountKey(who.account);
    const double text = double(textLength);
    // Rates first: a client that is only too fast must hear "rate limited" (it waits and resends),
    // never "quota exceeded" for a message that would have fitted a moment later.
    Verdict verdict = run({{SessionMessages, who.session, 1}, {AccountMessages, account, 1},
                           {SessionText, who.session, text}, {AccountText, account, text}},
                          kRateLimited, nowMs);
    if (!verdict.ok()) {
        m_messageHolds.insert(key, Hold{clientId, nowMs + verdict.retryAfterMs});
        return verdict;
    }
    verdict = run({{AccountDayMessages, account, 1}, {AccountDayText, account, text},
                   {RoomDayMessages, room, 1}},
                  kQuotaExceeded, nowMs);
    return verdict;
}

ClientLimits::Verdict ClientLimits::plain(const Who &who, qsizetype textLength, qint64 nowMs)
{
    const QString account = accountKey(who.account);
    const double text = double(textLength);
    return run({{SessionPlain, who.session, 1}, {AccountPlain, account, 1},
                {SessionText, who.session, text}, {AccountText, account, text}},
               kRateLimited, nowMs);
}

ClientLimits::Verdict ClientLimits::oneOfRate(Limit session, Limit account, const Who &who, qint64 nowMs)
{
    return run({{session, who.session, 1}, {account, accountKey(who.account), 1}}, kRateLimited, nowMs);
}

ClientLimits::Verdict ClientLimits::typing(const Who &who, qint64 nowMs)
{
    return oneOfRate(SessionTyping, AccountTyping, who, nowMs);
}

ClientLimits::Verdict ClientLimits::read(const Who &who, qint64 nowMs)
{
    return oneOfRate(SessionReads, AccountReads, who, nowMs);
}

ClientLimits::Verdict ClientLimits::join(const Who &who, qint64 nowMs)
{
    return oneOfRate(SessionJoins, AccountJoins, who, nowMs);
}

ClientLimits::Verdict ClientLimits::history(const Who &who, qint64 nowMs)
{
    return oneOfRate(SessionHistory, AccountHistory, who, nowMs);
}

ClientLimits::Verdict ClientLimits::search(const Who &who, qint64 nowMs)
{
    return oneOfRate(SessionSearch, AccountSearch, who, nowMs);
}

ClientLimits::Verdict ClientLimits::fileBegin(const Who &who, qint64 nowMs)
{
    return oneOfRate(SessionFileBegin, AccountFileBegin, who, nowMs);
}

ClientLimits::Verdict ClientLimits::createRoom(const Who &who, qint64 nowMs)
{
    return run({{AccountRoomsCreated, accountKey(who.account), 1},
                {AddressRoomsCreated, who.address, 1}},
               QStringLiteral("too many rooms created"), nowMs);
}

void ClientLimits::sessionEnded(const QString &session)
{
    const QString prefix = holdKey(session, QString());
    m_messageHolds.removeIf([&prefix](const auto &it) { return it.key().startsWith(prefix); });
    for (Limit l : {SessionMessages, SessionText, SessionTyping, SessionReads, SessionJoins,
                    SessionHistory, SessionPlain, SessionSearch, SessionFileBegin})
        m_limiters[l].forget(session);
}
