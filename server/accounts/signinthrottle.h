#pragma once
// SignInThrottle: slows password guessing down, per account and per address. Pure: it keeps
// counters and reads a clock; it never sleeps or starts a timer.

#include <QString>

#include <chrono>
#include <functional>
#include <memory>

//! Exponential delays after failed sign-ins, per account key and per client address (issue 10).
//!
//! Why both: per account, a guesser spread over many addresses still meets the account's delay;
//! per address, one guesser trying many accounts meets its own. After kDefaultFreeFailures
//! failures (typos cost nothing) each further failure doubles the wait, from kDefaultBaseDelay up
//! to kDefaultMaxDelay: 1 s, 2 s, 4 s … 5 min. check() says how long the next attempt must wait
//! (the larger of the two); the caller refuses the attempt with that retry time instead of
//! checking the password. A success resets the account's counter, not the address's (else one
//! guesser with an account of its own could clear its address by signing in to it). A counter
//! untouched for forgetAfter starts over.
//!
//! Bounded: at most maxTrackedKeys accounts and as many addresses are remembered; a new key evicts
//! the one whose last failure is oldest. The cost of the bound: a flood of failures for many
//! names can push a quiet account's counter out. The caller chooses the keys: the account key
//! (UsernamePolicy's, so spellings of a name share one counter) and the address (an IPv6 caller
//! should pass the /64 prefix, as one host usually owns all of it).
class SignInThrottle
{
public:
    //! Failures that cost nothing: a few typos must not lock anyone out.
    static constexpr int kDefaultFreeFailures = 3;
    //! The wait after the first failure beyond the free ones; it doubles with each further one.
    static constexpr std::chrono::milliseconds kDefaultBaseDelay{1000};
    //! The longest wait (5 min): long enough to make guessing hopeless (12 tries an hour), short
    //! enough that the real owner is not locked out for long by someone else's guessing.
    static constexpr std::chrono::milliseconds kDefaultMaxDelay{5 * 60 * 1000};
    //! A counter with no failure for this long (1 h) is forgotten.
    static constexpr std::chrono::milliseconds kDefaultForgetAfter{60 * 60 * 1000};
    //! Accounts (and, separately, addresses) remembered at most: about a megabyte each.
    static constexpr qsizetype kDefaultMaxTrackedKeys = 10000;

    //! The schedule and bound; every field defaults to the constant of the same name.
    struct Settings
    {
        int freeFailures = kDefaultFreeFailures;
        std::chrono::milliseconds baseDelay = kDefaultBaseDelay;
        std::chrono::milliseconds maxDelay = kDefaultMaxDelay;
        std::chrono::milliseconds forgetAfter = kDefaultForgetAfter;
        qsizetype maxTrackedKeys = kDefaultMaxTrackedKeys;
        //! Milliseconds on a monotonic clock; empty: std::chrono::steady_clock. Tests set their own.
        std::function<qint64()> clock;
    };

    SignInThrottle();
    explicit SignInThrottle(Settings settings);
    ~SignInThrottle();
    SignInThrottle(const SignInThrottle &) = delete;
    SignInThrottle &operator=(const SignInThrottle &) = delete;

    //! The wait that \a failures failures in a row earn under \a settings: 0 up to freeFailures,
    //! then baseDelay doubled per further failure, at most maxDelay.
    static std::chrono::milliseconds delayAfter(int failures, const Settings &settings);

    //! How many ms the next sign-in to \a accountKey from \a address must still wait; 0: go
    //! ahead. An empty key or address is not counted.
    qint64 check(const QString &accountKey, const QString &address) const;
    //! Counts a failed sign-in (wrong password, unknown name) against both keys.
    void failed(const QString &accountKey, const QString &address);
    //! A sign-in succeeded: forgets the account's failures (the address's stay).
    void succeeded(const QString &accountKey, const QString &address);

    //! How many accounts / addresses are remembered now (never above maxTrackedKeys).
    qsizetype trackedAccounts() const;
    qsizetype trackedAddresses() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};
