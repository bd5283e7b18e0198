#pragma once
// The one bootstrap of a link to a server, shared by the app (AppSession) and parley-cli
// (CliSession): resolve what kind of server it is (DialectResolver: asked for, remembered, or
// probed) → build its protocol (ProtocolFactory) on the ChatClient → connect → once the client is
// ready, remember what worked for the next start (ServerMemory).
//
// TLS: the probe and the link trust the same things -- the system's CAs, the user's CA file
// (setCaCertificates()) and the certificate pinned for the server's host:port (CertificatePins,
// read at each start()). An untrusted certificate or a changed pinned one stops both for good
// (no retries) and is reported with the certificate(s) so the user can decide; trust() pins.
#include "dialectresolver.h"
#include "imconnector.h"
#include "serverkind.h"
#include "serverprofile.h"

#include <QObject>

class ChatClient;
class QSettings;

class ServerConnection : public QObject
{
    Q_OBJECT
public:
    //! \a client (not owned) gets the protocol and connects; \a settings (not owned) holds the
    //! stored profiles and what worked per server.
    ServerConnection(ChatClient *client, QSettings *settings, QObject *parent = nullptr);

    //! Timings of the probe: its timeouts follow connectTimeout, its retries the backoff.
    void setConnectorSettings(const ConnectorSettings &settings);
    //! Resolves \a request and connects the client to request.server; ends with connecting() or
    //! failed(). Starting again abandons a resolution under way.
    void start(const DialectResolver::Request &request);
    void abort();
    //! Certificate authorities trusted beside the system's (--ca-file), from the next start() on.
    void setCaCertificates(const QList<QSslCertificate> &certificates);
    //! The user looked at \a certificate (or gave its fingerprint) and trusts it for this server:
    //! pins it for the server's host:port, replacing any old pin, and starts again.
    void trust(const QSslCertificate &certificate);
    //! The server of the last start().
    QUrl server() const { return m_request.server; }

    //! What the client speaks, once connecting() was emitted.
    ServerKind kind() const { return m_kind; }
    const ServerProfile &profile() const { return m_profile; }

Q_SIGNALS:
    //! The kind of server is known and the client is connecting to it.
    void connecting(ServerKind kind, const ServerProfile &profile);
    //! Nothing to connect to: bad URL, untrusted certificate, unknown profile (Refused), or the
    //! server stayed unreachable for the probe's attempts (GaveUp).
    void failed(IMConnector::Error kind, const QString &text);
    //! Progress for the user: "probing…", "found…", "retrying in…".
    void progress(const QString &text);
    //! The server's certificate is trusted by nothing (system, CA file, pin): the probe or the
    //! link stopped with Error::Tls. Show it to the user; trust() if they accept it.
    void untrustedCertificate(const QSslCertificate &certificate, const QList<QSslError> &errors);
    //! The server no longer presents the certificate pinned for it -- possibly an attack. The link
    //! stopped for good; only a deliberate trust() of the new one, after showing both, connects.
    void certificateChanged(const QSslCertificate &pinned, const QSslCertificate &presented);

private:
    void onResolved(ServerKind kind, const ServerProfile &profile);
    void onReady(bool ready);

    ChatClient *m_client;
    QSettings *m_settings;
    DialectResolver *m_resolver;
    DialectResolver::Request m_request;
    QList<QSslCertificate> m_caCertificates;
    ServerKind m_kind = ServerKind::Parley;
    ServerProfile m_profile;
    bool m_remembered = false;
};
