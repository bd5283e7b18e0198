#pragma once
// From "the server the user named" to "the protocol to speak to it", the same way in the app and in
// parley-cli: the dialect the user asked for, else the one remembered for that server
// (ServerMemory), else a probe (DialectDetector) retried with the connection's backoff while the
// server cannot be reached; and the ServerProfile for a stock Socket.IO server (asked for,
// remembered, or "classic"). Once the client is ready, remember() stores what worked.
//
// Typical use:
//   resolver.resolve(request);
//   on resolved(dialect, profile): client.setProtocol(ProtocolFactory::create(dialect, profile,
//                                  client.connector())); client.connectToServer(request.server);
//   on client ready:               resolver.remember(request.server, dialect, profile);
#include "connectorsettings.h"
#include "dialectdetector.h"
#include "reconnectpolicy.h"
#include "serverprofile.h"

#include <QJsonObject>
#include <QObject>
#include <QTimer>
#include <QUrl>
#include <optional>

class QSettings;

class DialectResolver : public QObject
{
    Q_OBJECT
public:
    struct Request
    {
        QUrl server;
        //! "auto" (default), or a ServerKinds::name(): "parley", "socketio", "raw".
        QString dialect = QStringLiteral("auto");
        //! Stored or preset profile id; empty = remembered for the server, else "classic". A
        //! profile other than "parley" makes a parley-server be spoken to by that profile.
        QString profileId;
        std::optional<ServerProfile> customProfile; //!< a whole profile, not stored
        std::optional<QString> nameSpace;           //!< overrides the profile's namespace
        std::optional<QJsonObject> auth;            //!< overrides the profile's auth payload
        bool redetect = false;                      //!< probe even if a dialect is remembered
    };

    //! \a settings (not owned) holds the stored profiles and the per-server memory.
    explicit DialectResolver(QSettings *settings, QObject *parent = nullptr);

    //! Probe timeouts follow connectTimeout; probe retries follow the backoff and maxAttempts.
    void setConnectorSettings(const ConnectorSettings &settings);
    void setDetectorSettings(const DialectDetector::Settings &settings);
    //! The probe: for its TLS trust (the same as the link's) and its certificate signals.
    DialectDetector *detector() { return &m_detector; }

    //! Starts; ends with exactly one resolved() or failed().
    void resolve(const Request &request);
    void abort();

    //! Stores \a dialect (and \a profile's id for "socketio", unless \a customProfile) as what
    //! works for \a server.
    void remember(const QUrl &server, ServerKind dialect, const ServerProfile &profile,
                  bool customProfile = false);

Q_SIGNALS:
    void resolved(ServerKind dialect, const ServerProfile &profile);
    //! A permanent failure: bad URL, untrusted certificate, unknown profile (Refused), or the
    //! server stayed unreachable for maxAttempts probes (GaveUp).
    void failed(IMConnector::Error kind, const QString &text);
    //! Progress for the user: "probing…", "found…", "retrying in…".
    void progress(const QString &text);

private:
    void probe();
    void onDetected(ServerKind dialect, const QString &reason);
    void onDetectFailed(IMConnector::Error kind, const QString &text);
    void finish(ServerKind dialect);

    QSettings *m_settings;
    ConnectorSettings m_connectorSettings;
    ReconnectPolicy m_policy;
    DialectDetector m_detector;
    QTimer m_retry;
    Request m_request;
    int m_attempts = 0;
};
