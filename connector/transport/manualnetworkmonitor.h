#pragma once
#include "networkmonitor.h"

//! Set by hand: for tests, and for builds without a QNetworkInformation backend.
class ManualNetworkMonitor : public NetworkMonitor
{
    Q_OBJECT
public:
    using NetworkMonitor::NetworkMonitor;
    Reachability reachability() const override { return m_reachability; }
    void setReachability(Reachability r)
    {
        if (m_reachability != r) {
            m_reachability = r;
            Q_EMIT reachabilityChanged(r);
        }
    }

private:
    Reachability m_reachability = Reachability::Unknown;
};
