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
};
