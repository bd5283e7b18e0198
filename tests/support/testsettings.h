#pragma once
// Connector timings for tests, one rule in one place. Every test client starts from
// fastSettings(); a test that needs other timings says so where it builds its settings
// (`ConnectorSettings s = ParleyTest::fastSettings(); s.ackTimeout = 100ms;`), so each difference
// from the base is visible in the test that depends on it. Named variants exist only for what
// whole groups of tests share: links that die silently (deadLinkSettings()) and tests where the
// RFC 6455 heartbeat must stay out of the way (withoutHeartbeat()).
//
// Header-only, on every test's include path (tests/support); needs connectorsettings.h
// (Parley::Transport).
#include "connectorsettings.h"

#include <chrono>

namespace ParleyTest {

//! The base of every test's client: the documented defaults, except that a lost link is tried
//! again after 50 ms (doubling up to 300 ms) instead of 1 s (up to 30 s), so a test waits for a
//! reconnect, not for a user's backoff.
inline ConnectorSettings fastSettings()
{
    ConnectorSettings s;
    s.backoffBase = std::chrono::milliseconds(50);
    s.backoffCap = std::chrono::milliseconds(300);
    return s;
}

//! fastSettings() for links that die without a word (fault proxy, chaos): a silent peer is found
//! within half a second (an RFC 6455 ping every 200 ms, dead after 300 ms without an answer) and
//! a handshake that hangs is abandoned after 1 s.
inline ConnectorSettings deadLinkSettings()
{
    ConnectorSettings s = fastSettings();
    s.connectTimeout = std::chrono::milliseconds(1000);
    s.heartbeatInterval = std::chrono::milliseconds(200);
    s.heartbeatTimeout = std::chrono::milliseconds(300);
    return s;
}

//! \a s with no RFC 6455 ping while a test runs (interval and timeout 60 s): for tests in which
//! something else (a dialect's own keepalive, the send queue) must be what notices a dead link,
//! or in which stray pings would disturb the frames under test.
inline ConnectorSettings withoutHeartbeat(ConnectorSettings s)
{
    s.heartbeatInterval = std::chrono::milliseconds(60000);
    s.heartbeatTimeout = std::chrono::milliseconds(60000);
    return s;
}

} // namespace ParleyTest
