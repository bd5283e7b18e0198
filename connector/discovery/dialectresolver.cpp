#include "dialectresolver.h"

#include "logging.h"
#include "servermemory.h"

#include <QSettings>

DialectResolver::DialectResolver(QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &DialectResolver::probe);
    connect(&m_detector, &DialectDetector::detected, this, &DialectResolver::onDetected);
    connect(&m_detector, &DialectDetector::failed, this, &DialectResolver::onDetectFailed);
    setConnectorSettings(ConnectorSettings{});
}

void DialectResolver::setConnectorSettings(const ConnectorSettings &settings)
{
    m_connectorSettings = settings;
    m_policy = ReconnectPolicy(settings);
    DialectDetector::Settings d = m_detector.settings();
    d.connectTimeout = settings.connectTimeout;
    m_detector.setSettings(d);
}

void DialectResolver::setDetectorSettings(const DialectDetector::Settings &settings)
{
    m_detector.setSettings(settings);
}

void DialectResolver::abort()
{
    m_retry.stop();
    m_detector.abort();
}

void DialectResolver::resolve(const Request &request)
{
    abort();
    m_request = request;
    m_attempts = 0;
    if (!request.profileId.isEmpty() && !request.customProfile && !ServerProfile::load(*m_settings, request.profileId)) {
        const QString text = tr("There is no profile “%1” (known: %2).")
                                 .arg(request.profileId, ServerProfile::ids(*m_settings).join(QLatin1String(", ")));
        QMetaObject::invokeMethod(this, [this, text] { Q_EMIT failed(IMConnector::Error::Refused, text); },
                                  Qt::QueuedConnection);
        return;
    }
    if (request.dialect != QLatin1String("auto")) {
        const std::optional<ServerKind> d = ServerKinds::fromName(request.dialect);
        if (!d) {
            const QString text = tr("Unknown dialect “%1”: auto, parley, socketio or raw.").arg(request.dialect);
            QMetaObject::invokeMethod(this, [this, text] { Q_EMIT failed(IMConnector::Error::BadUrl, text); },
                                      Qt::QueuedConnection);
            return;
        }
        QMetaObject::invokeMethod(this, [this, dialect = *d] { finish(dialect); }, Qt::QueuedConnection);
        return;
    }
    const ServerMemory::Entry known = ServerMemory::recall(*m_settings, request.server);
    const std::optional<ServerKind> remembered = ServerKinds::fromName(known.dialect);
    if (remembered && !request.redetect) {
        Q_EMIT progress(tr("%1 speaks %2 (remembered)").arg(request.server.toDisplayString(), known.dialect));
        QMetaObject::invokeMethod(this, [this, dialect = *remembered] { finish(dialect); }, Qt::QueuedConnection);
        return;
    }
    probe();
}

void DialectResolver::probe()
{
    Q_EMIT progress(tr("finding out what %1 speaks…").arg(m_request.server.toDisplayString()));
    m_detector.detect(m_request.server);
}

void DialectResolver::onDetected(ServerKind dialect, const QString &reason)
{
    Q_EMIT progress(tr("%1 speaks %2: %3")
                        .arg(m_request.server.toDisplayString(), ServerKinds::name(dialect), reason));
    finish(dialect);
}

void DialectResolver::onDetectFailed(IMConnector::Error kind, const QString &text)
{
    if (!IMConnector::isTransient(kind)) {
        Q_EMIT failed(kind, text);
        return;
    }
    ++m_attempts;
    if (!m_policy.mayRetry(m_attempts)) {
        Q_EMIT failed(IMConnector::Error::GaveUp,
                      tr("%1 (gave up after %n attempt(s))", nullptr, m_attempts - 1).arg(text));
        return;
    }
    const auto delay = m_policy.delay(m_attempts);
    Q_EMIT progress(tr("%1; trying again in %2 ms").arg(text).arg(delay.count()));
    m_retry.start(delay);
}

void DialectResolver::finish(ServerKind dialect)
{
    const bool profileGiven = m_request.customProfile
                           || (!m_request.profileId.isEmpty() && m_request.profileId != QLatin1String(ServerProfile::kParleyId));
    if (dialect == ServerKind::Parley && profileGiven)
        dialect = ServerKind::SocketIo;

    ServerProfile profile;
    if (m_request.customProfile) {
        profile = *m_request.customProfile;
    } else {
        QString id = m_request.profileId;
        if (id.isEmpty())
            id = ServerMemory::recall(*m_settings, m_request.server).profile;
        if (dialect == ServerKind::Parley)
            id = QLatin1String(ServerProfile::kParleyId);
        else if (id.isEmpty() || id == QLatin1String(ServerProfile::kParleyId))
            id = QLatin1String(ServerProfile::kClassicId);
        profile = ServerProfile::load(*m_settings, id).value_or(*ServerProfile::preset(QLatin1String(ServerProfile::kClassicId)));
    }
    if (m_request.nameSpace)
        profile.nameSpace = *m_request.nameSpace;
    if (m_request.auth)
        profile.auth = *m_request.auth;
    if (dialect == ServerKind::SocketIo && !profile.validate().isEmpty()) {
        Q_EMIT failed(IMConnector::Error::Refused, profile.validate());
        return;
    }
    qCInfo(lcDiscovery).noquote() << m_request.server.toDisplayString() << "→" << ServerKinds::name(dialect)
                                << (dialect == ServerKind::SocketIo ? profile.id : QString());
    Q_EMIT resolved(dialect, profile);
}

void DialectResolver::remember(const QUrl &server, ServerKind dialect, const ServerProfile &profile,
                               bool customProfile)
{
    ServerMemory::Entry e;
    e.dialect = ServerKinds::name(dialect);
    if (dialect == ServerKind::SocketIo && !customProfile)
        e.profile = profile.id;
    ServerMemory::remember(*m_settings, server, e);
}
