#include "systemnetworkmonitor.h"

#include "logging.h"

#include <QNetworkInformation>

SystemNetworkMonitor::SystemNetworkMonitor(QObject *parent)
    : NetworkMonitor(parent)
{
    if (!QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability)) {
        qCInfo(lcConnector) << "no network reachability backend; assuming the network is there";
        return;
    }
    QNetworkInformation *info = QNetworkInformation::instance();
    qCDebug(lcConnector) << "network reachability backend:" << info->backendName();
    connect(info, &QNetworkInformation::reachabilityChanged, this, &SystemNetworkMonitor::update);
    update();
}

void SystemNetworkMonitor::update()
{
    Reachability r = Reachability::Unknown;
    switch (QNetworkInformation::instance()->reachability()) {
    case QNetworkInformation::Reachability::Disconnected:
        r = Reachability::Offline;
        break;
    case QNetworkInformation::Reachability::Local:
    case QNetworkInformation::Reachability::Site:
    case QNetworkInformation::Reachability::Online:
        r = Reachability::Online;
        break;
    case QNetworkInformation::Reachability::Unknown:
        r = Reachability::Unknown;
        break;
    }
    if (r != m_reachability) {
        qCInfo(lcConnector) << "network reachability:" << r;
        m_reachability = r;
        Q_EMIT reachabilityChanged(r);
    }
}
