#pragma once
// Authenticator: the Socket.IO connect's auth object in, an account or a refusal out
// (docs/protocol.md, "Connecting and accounts"). Hashes passwords on worker threads.

#include "accountstore.h"
#include "serversettings.h"

#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThreadPool>

#include <functional>

//! Decides who a new session is: a token, a username and password, a sign-up (by the server's
//! Registration policy, with an invite where it asks for one) or a guest (where guests are on).
//!
//! Why its own class: ServerSession is the transport and must not know about passwords, and
//! every way to sign in has to pass the same checks in the same order -- the throttle before any
//! password is hashed, the username checked free before an invite is spent, one answer
//! ("invalid credentials") for an unknown name and a wrong password.
//!
//! Why a worker thread: an Argon2id hash takes tens of milliseconds and 64 MiB; on the server's
//! thread every chat message would wait behind each sign-in. Only PasswordHasher's pure work runs
//! on the pool (settings().passwordThreads threads); every database access and the throttle stay
//! on the thread that owns this object, so AccountStore and SignInThrottle need no locks. The
//! result comes back as a queued call; a session that went away meanwhile gets nothing (its
//! failure is still counted by the throttle, so closing the socket early does not help a
//! guesser). Password checks running or waiting are bounded in all and per address; beyond that
//! the sign-in is refused as "throttled" with settings().busyRetry.
//!
//! Refusals are the contract's reason codes: "auth required", "invalid token", "token expired",
//! "invalid credentials", "account disabled", "throttled" (with retryAfterMs), "registration
//! closed", "invite required", "invalid invite", "invite expired", "invite used up", "username
//! taken", UsernamePolicy's and PasswordHasher's codes, "invalid name", "name too long" (a
//! guest's name) and "storage failure".
class Authenticator : public QObject
{
    Q_OBJECT

public:
    //! What a sign-in came to.
    struct Outcome
    {
        AccountStore::Account account; //!< valid when error is empty
        QString tokenId;       //!< id (IssuedToken::idOf) of the token this session signed in with
        QString newToken;      //!< a token issued by this sign-in: sent once, in the connect reply
        QString error;         //!< the reason code; empty on success
        qint64 retryAfterMs = 0; //!< for "throttled"
        bool ok() const { return error.isEmpty(); }
    };
    using Done = std::function<void(const Outcome &)>;

    //! \a store must be open and outlive this object; it is used from this object's thread only.
    Authenticator(const ServerSettings &settings, AccountStore *store, QObject *parent = nullptr);
    //! Drops the password checks not started yet and waits for the running ones.
    ~Authenticator() override;

    //! Signs in the client at \a peer that sent \a auth (the "40" packet's data; not an object
    //! counts as {}). \a done is called exactly once -- possibly before signIn() returns, on this
    //! object's thread -- unless \a receiver is destroyed first.
    void signIn(const QJsonValue &auth, const QHostAddress &peer, QObject *receiver, Done done);

    //! Password checks (sign-ins and sign-ups) running or waiting for a worker now.
    int passwordChecksInFlight() const { return m_inFlight; }

    //! The key an address is throttled by: IPv4 as is (also IPv4-mapped IPv6), IPv6 by its /64
    //! prefix ("2001:db8:1:2::/64"), since one host usually holds the whole /64.
    static QString addressKey(const QHostAddress &address);
    //! \a reason in words for people (the "message" of a connect_error); the reason itself when
    //! it has none.
    static QString describe(const QString &reason);

private:
    //! One sign-in under way: who asked, and what the steps after the hash need.
    struct Request
    {
        QPointer<QObject> receiver;
        bool watched = false; //!< a receiver was given: call done only while it lives
        Done done;
        QString address;      //!< addressKey() of the peer
        QString device;       //!< the token's label
        QString accountKey;   //!< UsernamePolicy's key of the name signed in to (throttle)
        qint64 accountId = 0; //!< the account whose hash is checked (sign-in)
        QString username;     //!< sign-up
        QString displayName;  //!< sign-up
        QString invite;       //!< sign-up
    };
    //! What a worker thread made of one password.
    struct Hashed
    {
        bool matched = false; //!< sign-in: the password is right
        QByteArray hash;      //!< sign-up: the new hash; sign-in: a stronger one when due
        QString error;        //!< PasswordHasher's, when hashing failed
    };
    using Finish = void (Authenticator::*)(Request &, const Hashed &);

    void signInWithToken(const QJsonValue &token, Request &request);
    void signInWithPassword(const QJsonObject &auth, Request &request);
    void signUp(const QJsonObject &auth, Request &request);
    void signInAsGuest(const QJsonValue &name, Request &request);
    //! Takes one of the bounded password checks for \a request's address; false (refused as
    //! "throttled") when none is free.
    bool reserveCheck(Request &request);
    //! Runs \a work on the pool, then \a finish on this thread with the request (the check
    //! released first).
    void runOnWorker(Request request, std::function<Hashed()> work, Finish finish);
    void onHashed(quint64 id, const Hashed &hashed);
    void finishSignIn(Request &request, const Hashed &hashed);
    void finishSignUp(Request &request, const Hashed &hashed);
    //! Issues a token for \a account and reports success.
    void succeed(Request &request, const AccountStore::Account &account);
    static void report(Request &request, const Outcome &outcome);
    static void refuse(Request &request, const QString &reason, qint64 retryAfterMs = 0);

    ServerSettings m_settings;
    AccountStore *m_store;
    PasswordHasher m_hasher;
    SignInThrottle m_throttle;     //!< failed sign-ins, per account key and address
    SignInThrottle m_newAccounts;  //!< accounts and guests made, per address
    QHash<quint64, std::pair<Request, Finish>> m_waiting; //!< by job id: hashing now
    quint64 m_nextJob = 0;
    QHash<QString, int> m_checksByAddress;
    int m_inFlight = 0;
    QThreadPool m_pool; //!< last: destroyed (after waiting for its threads) first
};
