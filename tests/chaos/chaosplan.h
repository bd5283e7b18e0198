#pragma once
// What the chaos tests (tst_chaos, tst_chaos_changes) share: the seed of their random schedule,
// the server and client settings under which links die, and one fault strike. Header-only, next
// to the tests that use it; needs Parley::Server, Parley::Connector and Parley::TestSupport.
#include "connectorsettings.h"
#include "faultproxy.h"
#include "parleyserver.h"
#include "testsettings.h"

#include <QRandomGenerator>
#include <QTimer>

#include <chrono>

namespace ChaosPlan {

//! The seed of a run: PARLEY_CHAOS_SEED if set (to replay a failure), else a random one. Printed.
inline quint32 seed()
{
    const quint32 seed = qEnvironmentVariableIsSet("PARLEY_CHAOS_SEED")
            ? qEnvironmentVariable("PARLEY_CHAOS_SEED").toUInt()
            : QRandomGenerator::global()->generate();
    qInfo("chaos seed %u", seed);
    return seed;
}

//! A server on the database \a db for \a clients clients that all sign in from 127.0.0.1 (through
//! their proxies) at once after each restart, as fast as the faults allow.
inline ServerSettings serverSettings(const QString &db, int clients)
{
    using namespace std::chrono_literals;
    ServerSettings s;
    s.databasePath = db;
    s.pingInterval = 1000ms;
    s.pingTimeout = 1000ms;
    s.passwordHashing = PasswordHasher::fastestSettings();
    s.maxPasswordChecksPerAddress = clients;
    s.messageRate = s.textRate = {}; // the rate limit is not under test
    return s;
}

//! A client that finds a dead link fast and reconnects within half a second; the default ack
//! retries, so Delivered must come without the user's help.
inline ConnectorSettings clientSettings()
{
    using namespace std::chrono_literals;
    ConnectorSettings settings = ParleyTest::deadLinkSettings();
    settings.backoffCap = 500ms;
    settings.ackTimeout = 2000ms;
    settings.tailCheckDelay = 1500ms; // well after the last word of a burst is posted
    return settings;
}

//! Faults struck so far.
struct Faults
{
    int cuts = 0;
    int blackholes = 0;

    int total() const { return cuts + blackholes; }
    //! Cuts \a proxy's links or blackholes them for 300-800 ms, at random.
    void strike(FaultProxy &proxy, QRandomGenerator &rng)
    {
        if (rng.bounded(2) == 0) {
            proxy.cutAll();
            ++cuts;
            return;
        }
        proxy.setMode(FaultProxy::Mode::Blackhole);
        ++blackholes;
        QTimer::singleShot(std::chrono::milliseconds(300 + rng.bounded(500)), &proxy,
                           [&proxy] { proxy.setMode(FaultProxy::Mode::PassThrough); });
    }
};

} // namespace ChaosPlan
