#pragma once
#include "networkmonitor.h"

//! Follows QNetworkInformation's reachability (NetworkManager on Linux, the OS elsewhere).
class SystemNetworkMonitor : public NetworkMonitor
{
    Q_OBJECT
public:
    explicit SystemNetworkMonitor(QObject *parent = nullptr);
    Reachability reachability() const override { return m_reachability; }

private:
    void update();
    Reachability m_reachability = Reachability::Unknown;
};
