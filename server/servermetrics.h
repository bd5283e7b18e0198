#pragma once
// ServerMetrics: what parley-server counts about its own work, for the admin endpoint's
// /metrics (AdminEndpoint, Prometheus text format). Plain counters, updated on the hub's thread.
#include <QtGlobal>

struct ServerMetrics
{
    qint64 messagesStored = 0;   //!< chat messages stored with a new seq (not duplicates)
    qint64 fanoutFrames = 0;     //!< frames those messages went out in to other members
    qint64 fanoutCount = 0;      //!< messages fanned out (the _count of the fan-out time)
    qint64 fanoutNanos = 0;      //!< time spent handing them to the members' sockets
    // Between the nodes of a cluster (RoomRelay; zero on a single server).
    qint64 relayReceived = 0;     //!< events other nodes published that reached this one
    qint64 relayFrames = 0;       //!< frames those events went out in to local sessions
    qint64 relayLatencyMsSum = 0; //!< their publishing-to-arrival times, summed (ms)
};
