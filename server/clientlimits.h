#pragma once
// ClientLimits: every rate and quota a client meets, per session, per account, per address and
// per room (docs/security.md, "Hostile clients"). Pure: told the time, never reads a clock.

#include "ratelimiter.h"
#include "serversettings.h"

#include <QString>

#include <array>
#include <initializer_list>

//! Decides whether one request of a client may go ahead now, and if not, for how long it must wait.
//!
//! Why per session and per account at once: a session's own bucket keeps one connection from
//! flooding; the account's (accountRateFactor times larger) keeps a user with many connections
//! from multiplying the budget. Both must agree, and a refused request takes nothing from either.
//!
//! Two kinds of refusal: "rate limited" (the client sends faster than its rate: it waits
//! retryAfterMs and sends the same request again; nothing is lost) and "quota exceeded" (the
//! history quota of the account or the room for the day is spent: the message is refused; the
//! wait can be hours, retryAfterMs says how long). Quotas are rolling buckets in memory: a restart
//! forgets them (documented; the rates bound what a restart can add).
class ClientLimits
{
public:
    //! Whose request: the session's key (its Engine.IO sid), its account and its address key.
    struct Who
    {
        QString session;
        qint64 account = 0;
        QString address;
    };
    //! Go ahead (error empty) or the refusal's error and how long to wait before trying again.
    struct Verdict
    {
        QString error;
        qint64 retryAfterMs = 0;
        bool ok() const { return error.isEmpty(); }
    };

    explicit ClientLimits(const ServerSettings &settings);

    //! A room message \a clientId of \a textLength UTF-16 code units to \a room.
    //!
    //! Why a refusal holds the room: a client writes a burst without waiting for each ack, so
    //! messages written after a refused one are already on their way; if the buckets let one of
    //! them through, the room would store it before the refused one. So after "rate limited" the
    //! session's messages to that room are refused until the refused message comes back (a
    //! client resends its throttled messages in the order they were typed), or, for a client that
    //! never does, until retryAfterMs plus throttleHoldGrace has passed.
    Verdict message(const Who &who, const QString &room, const QString &clientId,
                    qsizetype textLength, qint64 nowMs);
    //! A plain-string broadcast of \a textLength code units.
    Verdict plain(const Who &who, qsizetype textLength, qint64 nowMs);
    Verdict typing(const Who &who, qint64 nowMs);
    //! A "read" receipt or a "privacy" change (readRate, like typing).
    Verdict read(const Who &who, qint64 nowMs);
    Verdict join(const Who &who, qint64 nowMs);
    Verdict history(const Who &who, qint64 nowMs);
    //! A "search" request (searchRate).
    Verdict search(const Who &who, qint64 nowMs);
    //! A "file.begin" request (fileBeginRate).
    Verdict fileBegin(const Who &who, qint64 nowMs);
    //! A join that would create a room not in memory: "too many rooms created" when the account's
    //! or the address's hourly budget is spent.
    Verdict createRoom(const Who &who, qint64 nowMs);
    //! The session's own buckets are of no use any more (its account's stay).
    void sessionEnded(const QString &session);

private:
    enum Limit {
        SessionMessages, AccountMessages, SessionText, AccountText, SessionTyping, AccountTyping,
        SessionReads, AccountReads,
        SessionJoins, AccountJoins, SessionHistory, AccountHistory, SessionPlain, AccountPlain,
        SessionSearch, AccountSearch, SessionFileBegin, AccountFileBegin,
        AccountRoomsCreated, AddressRoomsCreated, AccountDayMessages, AccountDayText,
        RoomDayMessages, LimitCount
    };
    struct Check
    {
        Limit limit;
        QString key;
        double cost;
    };
    //! Runs \a checks: the first one that must wait refuses with \a error; otherwise all consume.
    Verdict run(std::initializer_list<Check> checks, const QString &error, qint64 nowMs);
    //! One request of a kind limited per session and per account (typing, read, join, history,
    //! search).
    Verdict oneOfRate(Limit session, Limit account, const Who &who, qint64 nowMs);

    //! A room held for a session after a refusal (see message()).
    struct Hold
    {
        QString clientId; //!< the refused message; empty: the hold ends with the wait
        qint64 untilMs = 0;
    };
    static QString holdKey(const QString &session, const QString &room);

    std::array<RateLimiter, LimitCount> m_limiters;
    qint64 m_holdGraceMs;
    //! session + room -> its hold: at most one per room a live session is in (room slots bound it)
    QHash<QString, Hold> m_messageHolds;
};
