#pragma once
// `--dialect auto`: finds out what kind of server (ServerKind) a ws://host:port[/path] is, with one
// probe link to its Socket.IO endpoint (SocketIoSession::endpointUrl()). The probe is a one-shot
// IMConnector (no reconnects) with a SocketIoSession on it, so URL checks, TLS trust, HTTP status
// classification and the Engine.IO handshake are the very ones the real link uses:
//
//  * the Engine.IO open packet arrives within openTimeout → Socket.IO. The session then connects
//    the default namespace and the probe asks for "history" of a room it is not in: parley-server
//    answers through the ack with {"ok":false,…} (→ Parley: rooms, history, receipts); a stock
//    server answers nothing within probeTimeout (→ SocketIo, driven by a ServerProfile). A
//    connect_error (a stock server with auth middleware) also means SocketIo.
//  * anything else on that websocket (a greeting in plain text, binary data, silence until
//    openTimeout, a close, an HTTP 4xx/5xx answer for the /socket.io/ path) → Raw: the URL is then
//    opened as given.
//  * no websocket at all (refused, unreachable, TLS, bad URL) → failed(): nothing was learnt.
//
// The caller remembers the answer per server (ServerMemory) so the probe runs once per server.
// Every timing is a named Settings field with its default.
#include "imconnector.h"
#include "serverkind.h"

#include <QObject>
#include <QSslCertificate>
#include <QTimer>
#include <QUrl>
#include <chrono>
#include <memory>

class SocketIoSession;

class DialectDetector : public QObject
{
    Q_OBJECT
public:
    struct Settings
    {
        //! TCP + TLS + websocket upgrade of the probe.
        static constexpr std::chrono::milliseconds kDefaultConnectTimeout{10000};
        //! Engine.IO servers send their open packet at once; a silent server after this is raw.
        static constexpr std::chrono::milliseconds kDefaultOpenTimeout{2500};
        //! Time for the namespace connect and parley-server's answer to the history probe.
        static constexpr std::chrono::milliseconds kDefaultProbeTimeout{2000};

        std::chrono::milliseconds connectTimeout = kDefaultConnectTimeout;
        std::chrono::milliseconds openTimeout = kDefaultOpenTimeout;
        std::chrono::milliseconds probeTimeout = kDefaultProbeTimeout;
    };

    explicit DialectDetector(QObject *parent = nullptr);
    ~DialectDetector() override;

    void setSettings(const Settings &settings) { m_settings = settings; }
    const Settings &settings() const { return m_settings; }
    //! The probe trusts what the real link trusts, or a wss:// server would never be detected:
    //! certificates the user accepted (IMConnector::setTrustedCertificates()), extra CAs
    //! (setCaCertificates()) and the server's pin (setPinnedCertificate()).
    void setTrustedCertificates(const QList<QSslCertificate> &certificates) { m_trusted = certificates; }
    void setCaCertificates(const QList<QSslCertificate> &certificates) { m_caCertificates = certificates; }
    void setPinnedCertificate(const QSslCertificate &certificate) { m_pinned = certificate; }

    //! Starts probing \a serverUrl (ws:// or wss://); ends with exactly one detected() or failed().
    //! A probe still running is abandoned first.
    void detect(const QUrl &serverUrl);
    //! Abandons the probe without a signal.
    void abort();
    bool isRunning() const { return m_step != Step::Idle; }

Q_SIGNALS:
    //! \a reason says in words what gave it away (for logs and the command line).
    void detected(ServerKind kind, const QString &reason);
    //! The server could not be reached; \a kind as IMConnector classified it.
    void failed(IMConnector::Error kind, const QString &text);
    //! The probe's link met a certificate nobody trusts (failed() with Error::Tls follows).
    void untrustedCertificate(const QSslCertificate &certificate, const QList<QSslError> &errors);
    //! The probe's link met another certificate than the pinned one (failed() follows).
    void pinnedCertificateChanged(const QSslCertificate &pinned, const QSslCertificate &presented);

private:
    enum class Step { Idle, Connecting, AwaitingOpen, AwaitingConnect, AwaitingProbe };

    void onLinkError(IMConnector::Error kind, const QString &text);
    void onLinkClosed();
    void onTimeout();
    void probeHistory();
    void finish(ServerKind kind, const QString &reason);
    void fail(IMConnector::Error kind, const QString &text);
    void dropLink();

    Settings m_settings;
    QList<QSslCertificate> m_trusted;
    QList<QSslCertificate> m_caCertificates;
    QSslCertificate m_pinned;
    QUrl m_url;
    //! The one-shot link of the probe under way (null when Idle).
    IMConnector *m_link = nullptr;
    SocketIoSession *m_session = nullptr;
    QTimer m_timer;
    Step m_step = Step::Idle;
};
