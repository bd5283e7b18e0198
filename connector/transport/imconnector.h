#pragma once
// IMConnector: one websocket link that stays up by itself.
//
// Wraps QWebSocket and adds what a chat client needs around it: one State enum with a single
// emitting setter, a Heartbeat that finds dead links, a connect timeout, and throttled reconnects
// (ReconnectPolicy: exponential backoff + jitter, exactly one pending retry at any time). A user
// close() never reconnects. Errors are sorted into transient ones (retried) and permanent ones
// (reported; the connector then waits for the user). Layers above (dialects) speak through
// sendText()/textReceived() and may declare the link dead or refused with fail().
#include "connectorsettings.h"
#include "reconnectpolicy.h"

#include <QAbstractSocket>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QSslError>
#include <QTimer>
#include <QUrl>
#include <QWebSocketProtocol>

class QWebSocket;
class Heartbeat;
class NetworkMonitor;

class IMConnector : public QObject
{
    Q_OBJECT
public:
    enum class State { Disconnected, Connecting, Connected, Reconnecting, Closing };
    Q_ENUM(State)

    enum class Error {
        Network,       //!< refused, reset, host not found, proxy trouble…  (transient)
        Timeout,       //!< connect timeout, heartbeat timeout, protocol keepalive (transient)
        ServerError,   //!< handshake answered 5xx, server going away          (transient)
        Overloaded,    //!< the peer stopped reading: send queue over its cap  (transient)
        Protocol,      //!< malformed frames from the peer                     (transient)
        BadUrl,        //!< not a ws:// or wss:// URL                          (permanent)
        Refused,       //!< handshake answered 4xx, or the server refused us   (permanent)
        Tls,           //!< certificate or TLS failure the user has not accepted (permanent)
        GaveUp,        //!< maxAttempts used up                                 (permanent)
    };
    Q_ENUM(Error)

    //! Transient errors are retried with backoff; permanent ones stop and wait for the user.
    static bool isTransient(Error error);

    explicit IMConnector(QObject *parent = nullptr);
    ~IMConnector() override;

    void setSettings(const ConnectorSettings &settings);
    //! While \a monitor says the network is offline no attempt is made (none is counted); when it
    //! comes back, a pending reconnect starts at once. Not owned; nullptr = always assume online.
    void setNetworkMonitor(NetworkMonitor *monitor);
    const ConnectorSettings &settings() const { return m_settings; }

    State state() const { return m_state; }
    QUrl url() const { return m_url; }
    //! Failed attempts in a row since the link was last stable (0 while all is well).
    int attempt() const { return m_attempt; }
    //! Certificates the user has looked at and accepted (e.g. a self-signed server on the LAN):
    //! TLS errors about exactly these certificates are ignored; any other TLS error is permanent.
    void setTrustedCertificates(const QList<QSslCertificate> &certificates);
    QList<QSslCertificate> trustedCertificates() const { return m_trusted; }
    //! Extra certificate authorities (the user's --ca-file) trusted beside the system's: a server
    //! whose chain ends in one of them is verified as usual, its host name included.
    void setCaCertificates(const QList<QSslCertificate> &certificates);
    QList<QSslCertificate> caCertificates() const { return m_caCertificates; }
    //! The certificate the user pinned for this server (wss:// only; null = none). The server must
    //! present exactly it: TLS errors about it are ignored, and any other certificate -- even one
    //! a CA vouches for -- stops the link for good with Error::Tls and pinnedCertificateChanged().
    void setPinnedCertificate(const QSslCertificate &certificate);
    QSslCertificate pinnedCertificate() const { return m_pinned; }
    //! True if every one of \a errors is about a certificate in \a trusted (then they may be
    //! ignored); \a texts receives the errors in words either way.
    static bool onlyTrustedErrors(const QList<QSslError> &errors, const QList<QSslCertificate> &trusted,
                                  QStringList *texts);

    //! Reconnecting, but waiting for the network to come back rather than for a timer.
    bool isWaitingForNetwork() const;
    //! Milliseconds until the pending retry, or -1 when none is pending.
    int retryRemainingMs() const;
    //! Last measured round trip of an RFC 6455 ping, or -1.
    int latencyMs() const { return m_latencyMs; }
    //! Bytes still queued in the socket (0 when not connected).
    qint64 bytesToWrite() const;

    //! Starts connecting to \a url (ws:// or wss://). Safe to call twice: the same URL while
    //! connecting or connected is a logged no-op; another URL closes the old link first.
    void open(const QUrl &url);
    //! Closes for good: cancels any pending retry and never reconnects. Safe to call twice.
    void close(QWebSocketProtocol::CloseCode code = QWebSocketProtocol::CloseCodeNormal,
               const QString &reason = {});
    //! "Retry now": skip the remaining backoff delay (no-op unless Reconnecting).
    void reconnectNow();
    //! A layer above found the link unusable (keepalive silence, refusal…). Transient kinds abort
    //! and reconnect; permanent kinds abort and stop.
    void fail(Error kind, const QString &text);

    //! Sends one text message; false (nothing queued) unless Connected. Over the send-queue cap the
    //! link is declared dead (Overloaded) and false is returned.
    bool sendText(const QString &text);
    bool sendBinary(const QByteArray &data);

Q_SIGNALS:
    void stateChanged(IMConnector::State state);
    void opened();
    void textReceived(const QString &text);
    void binaryReceived(const QByteArray &data);
    //! The websocket link that had opened is gone (by either side, or aborted).
    void closed(QWebSocketProtocol::CloseCode code, const QString &reason);
    void errorOccurred(IMConnector::Error kind, const QString &text);
    void reconnectScheduled(int attempt, int delayMs);
    void latencyChanged(int ms);
    //! The server's certificate is not trusted: emitted just before errorOccurred(Error::Tls), after
    //! which the link is stopped (no retry). The UI may show it, and if the user accepts it, call
    //! setTrustedCertificates() (or setPinnedCertificate()) and open() again -- later, not from
    //! inside this signal.
    void untrustedCertificate(const QSslCertificate &certificate, const QList<QSslError> &errors);
    //! The server presented another certificate than the pinned one (someone may be in the
    //! middle): emitted just before errorOccurred(Error::Tls); the link stops and never retries.
    void pinnedCertificateChanged(const QSslCertificate &pinned, const QSslCertificate &presented);

private:
    void setState(State state);
    void startAttempt();
    void onReachabilityChanged();
    void dropSocket();
    void onSocketConnected();
    void onSocketDisconnected();
    void onSocketError(QAbstractSocket::SocketError error);
    void linkLost(const QString &why);
    void scheduleReconnect();
    void stopForGood();
    //! False (and the link declared dead past maxBytesToWrite) unless a write may be queued now.
    bool checkSendQueue();
    void onSslErrors(const QList<QSslError> &errors);
    //! The pin does not match what the server presents: said loudly, stopped for good.
    void refuseChangedCertificate(const QSslCertificate &presented);

    ConnectorSettings m_settings;
    ReconnectPolicy m_policy;
    State m_state = State::Disconnected;
    QUrl m_url;
    QWebSocket *m_socket = nullptr;
    Heartbeat *m_heartbeat = nullptr;
    QPointer<NetworkMonitor> m_network;
    QList<QSslCertificate> m_trusted;
    QList<QSslCertificate> m_caCertificates;
    QSslCertificate m_pinned;
    QTimer m_retryTimer;
    QTimer m_connectTimer;
    QTimer m_stableTimer;
    QTimer m_closeTimer;
    int m_attempt = 0;
    int m_latencyMs = -1;
};
