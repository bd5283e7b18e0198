#pragma once
// `--dialect auto`: finds out what kind of server a ws://host:port[/path] is, with one probe
// websocket to its Socket.IO endpoint (SocketIoDialect::endpointUrl()):
//
//  * an Engine.IO open packet arrives within openTimeout → Socket.IO. The probe then connects the
//    default namespace and asks for "history" of a room it is not in: parley-server answers through
//    the ack with {"ok":false,…} (→ Parley: rooms, history, receipts); a stock server answers
//    nothing within probeTimeout (→ SocketIo, driven by a ServerProfile). A connect_error (a stock
//    server with auth middleware) also means SocketIo.
//  * anything else on that websocket (a greeting in plain text, silence until openTimeout, a close,
//    an HTTP error status for the /socket.io/ path) → Raw: the URL is then opened as given.
//  * no websocket at all (refused, unreachable, TLS, bad URL) → failed(): nothing was learnt.
//
// The caller remembers the answer per server (ServerMemory) so the probe runs once per server.
// Every timing is a named Settings field with its default.
#include "imconnector.h"

#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QTimer>
#include <QUrl>
#include <chrono>
#include <optional>

class QWebSocket;

class DialectDetector : public QObject
{
    Q_OBJECT
public:
    enum class Dialect {
        Parley,   //!< parley-server: ParleyProtocol
        SocketIo, //!< a stock Socket.IO v4 server: ProfileProtocol with a ServerProfile
        Raw,      //!< a plain websocket server: RawProtocol
    };
    Q_ENUM(Dialect)

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
    //! Certificates the user accepted (see IMConnector::setTrustedCertificates()).
    void setTrustedCertificates(const QList<QSslCertificate> &certificates) { m_trusted = certificates; }

    //! Starts probing \a serverUrl (ws:// or wss://); ends with exactly one detected() or failed().
    //! A probe still running is abandoned first.
    void detect(const QUrl &serverUrl);
    //! Abandons the probe without a signal.
    void abort();
    bool isRunning() const { return m_step != Step::Idle; }

    //! "parley", "socketio", "raw" (the names of --dialect and of ServerMemory).
    static QString dialectName(Dialect dialect);
    static std::optional<Dialect> dialectFromName(const QString &name);

Q_SIGNALS:
    //! \a reason says in words what gave it away (for logs and the command line).
    void detected(DialectDetector::Dialect dialect, const QString &reason);
    //! The server could not be reached; \a kind as IMConnector would classify it.
    void failed(IMConnector::Error kind, const QString &text);

private:
    enum class Step { Idle, Connecting, AwaitingOpen, AwaitingConnect, AwaitingProbe };

    void onConnected();
    void onText(const QString &frame);
    void onDisconnected();
    void onSocketError();
    void onTimeout();
    void finish(Dialect dialect, const QString &reason);
    void fail(IMConnector::Error kind, const QString &text);
    void dropSocket();

    Settings m_settings;
    QList<QSslCertificate> m_trusted;
    QUrl m_url;
    QPointer<QWebSocket> m_socket;
    QTimer m_timer;
    Step m_step = Step::Idle;
};
