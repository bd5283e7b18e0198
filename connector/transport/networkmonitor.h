#pragma once
// Is the network there? An interface so IMConnector can be told "offline"/"online" by the system
// (SystemNetworkMonitor, on QNetworkInformation) or by a test.
#include <QObject>

class NetworkMonitor : public QObject
{
    Q_OBJECT
public:
    enum class Reachability {
        Unknown, //!< no information (no backend): treated as online
        Offline, //!< known to be offline: no reconnect attempts are spent
        Online,
    };
    Q_ENUM(Reachability)

    using QObject::QObject;
    virtual Reachability reachability() const = 0;
    bool isOffline() const { return reachability() == Reachability::Offline; }

Q_SIGNALS:
    void reachabilityChanged(NetworkMonitor::Reachability reachability);
};
