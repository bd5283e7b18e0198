#include "imconnector.h"

#include "heartbeat.h"
#include "logging.h"
#include "networkmonitor.h"
#include "websocketurl.h"

#include <QRegularExpression>
#include <QWebSocket>

using namespace std::chrono;

using WebSocketUrl::hostAndPort;

bool IMConnector::isTransient(Error error)
{
    switch (error) {
    case Error::Network:
    case Error::Timeout:
    case Error::ServerError:
    case Error::Overloaded:
    case Error::Protocol:
        return true;
    case Error::BadUrl:
    case Error::Refused:
    case Error::Tls:
    case Error::GaveUp:
        return false;
    }
    return false;
}

IMConnector::IMConnector(QObject *parent)
    : QObject(parent)
    , m_heartbeat(new Heartbeat(this))
{
    m_retryTimer.setSingleShot(true);
    m_connectTimer.setSingleShot(true);
    m_stableTimer.setSingleShot(true);
    m_closeTimer.setSingleShot(true);
    setSettings(ConnectorSettings{});

    connect(&m_retryTimer, &QTimer::timeout, this, &IMConnector::startAttempt);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        fail(Error::Timeout, tr("The server did not answer within %n second(s).", nullptr,
                                int(duration_cast<seconds>(m_settings.connectTimeout).count())));
    });
    connect(&m_stableTimer, &QTimer::timeout, this, [this] {
        qCDebug(lcConnector) << "link stable; attempt counter reset";
        m_attempt = 0;
    });
    connect(&m_closeTimer, &QTimer::timeout, this, [this] {
        qCInfo(lcConnector) << "closing handshake unanswered; aborting";
        dropSocket();
        setState(State::Disconnected);
    });
    connect(m_heartbeat, &Heartbeat::pingRequested, this, [this] {
        if (m_socket)
            m_socket->ping();
    });
    connect(m_heartbeat, &Heartbeat::timedOut, this, [this] {
        fail(Error::Timeout, tr("The connection stopped answering."));
    });
    connect(m_heartbeat, &Heartbeat::latencyMeasured, this, [this](int ms) {
        if (ms != m_latencyMs) {
            m_latencyMs = ms;
            Q_EMIT latencyChanged(ms);
        }
    });
}

IMConnector::~IMConnector()
{
    dropSocket();
}

void IMConnector::setSettings(const ConnectorSettings &settings)
{
    m_settings = settings;
    m_policy = ReconnectPolicy(settings);
    m_heartbeat->setInterval(settings.heartbeatInterval);
    m_heartbeat->setTimeout(settings.heartbeatTimeout);
    m_connectTimer.setInterval(settings.connectTimeout);
    m_stableTimer.setInterval(settings.stablePeriod);
    m_closeTimer.setInterval(settings.closeTimeout);
}

void IMConnector::setNetworkMonitor(NetworkMonitor *monitor)
{
    if (m_network)
        m_network->disconnect(this);
    m_network = monitor;
    if (monitor)
        connect(monitor, &NetworkMonitor::reachabilityChanged, this, &IMConnector::onReachabilityChanged);
}

bool IMConnector::isWaitingForNetwork() const
{
    return m_state == State::Reconnecting && !m_retryTimer.isActive();
}

void IMConnector::onReachabilityChanged()
{
    if (m_network->isOffline()) {
        if (m_state == State::Reconnecting && m_retryTimer.isActive()) {
            qCInfo(lcConnector) << "network offline: pending retry paused until it comes back";
            m_retryTimer.stop();
        }
        // A link that is up stays up: a short blip may not hurt it, and the heartbeat will tell.
        return;
    }
    if (m_state == State::Reconnecting) {
        qCInfo(lcConnector) << "network is back: reconnecting at once";
        m_retryTimer.stop();
        startAttempt();
    }
}

int IMConnector::retryRemainingMs() const
{
    return m_retryTimer.isActive() ? m_retryTimer.remainingTime() : -1;
}

qint64 IMConnector::bytesToWrite() const
{
    return m_socket ? m_socket->bytesToWrite() : 0;
}

void IMConnector::setState(State state)
{
    if (m_state == state)
        return;
    qCDebug(lcConnector) << "state" << m_state << "->" << state;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void IMConnector::open(const QUrl &url)
{
    const bool sameUrl = (url == m_url);
    switch (m_state) {
    case State::Connecting:
    case State::Connected:
    case State::Reconnecting:
        if (sameUrl) {
            qCDebug(lcConnector) << "open(): already" << m_state << "to" << url.toDisplayString();
            return;
        }
        break;
    case State::Closing:
    case State::Disconnected:
        break;
    }

    // A new destination or a new user intent: start from a clean slate.
    m_retryTimer.stop();
    dropSocket();
    m_url = url;
    m_attempt = 0;

    if (!WebSocketUrl::isValid(url)) {
        const QString text = tr("“%1” is not a websocket address (ws://host:port or wss://host:port).")
                                 .arg(url.toDisplayString());
        qCWarning(lcConnector).noquote() << text;
        Q_EMIT errorOccurred(Error::BadUrl, text);
        setState(State::Disconnected);
        return;
    }
    startAttempt();
}

void IMConnector::close(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    m_retryTimer.stop();
    m_connectTimer.stop();
    m_stableTimer.stop();
    m_heartbeat->stop();
    switch (m_state) {
    case State::Disconnected:
    case State::Closing:
        qCDebug(lcConnector) << "close(): already" << m_state;
        return;
    case State::Connecting:
    case State::Reconnecting:
        dropSocket();
        setState(State::Disconnected);
        return;
    case State::Connected:
        if (!m_socket) {
            // Called from a closed() handler: the socket is already gone, nothing to wait for.
            setState(State::Disconnected);
            return;
        }
        setState(State::Closing);
        m_closeTimer.start();
        m_socket->close(code, reason);
        return;
    }
}

void IMConnector::reconnectNow()
{
    if (m_state != State::Reconnecting && m_state != State::Disconnected)
        return;
    if (m_state == State::Disconnected && !m_url.isValid())
        return;
    qCInfo(lcConnector) << "reconnecting now at the user's request";
    m_retryTimer.stop();
    startAttempt();
}

void IMConnector::fail(Error kind, const QString &text)
{
    if (m_state == State::Disconnected || m_state == State::Closing)
        return;
    qCWarning(lcConnector).noquote() << "link failed:" << kind << text;
    Q_EMIT errorOccurred(kind, text);
    if (isTransient(kind))
        linkLost(text);
    else
        stopForGood();
}

bool IMConnector::checkSendQueue()
{
    if (!m_socket || m_state != State::Connected)
        return false;
    if (m_socket->bytesToWrite() > m_settings.maxBytesToWrite) {
        fail(Error::Overloaded,
             tr("The server stopped reading (%1 bytes waiting).").arg(m_socket->bytesToWrite()));
        return false;
    }
    return true;
}

bool IMConnector::sendText(const QString &text)
{
    if (!checkSendQueue())
        return false;
    m_socket->sendTextMessage(text);
    return true;
}

bool IMConnector::sendBinary(const QByteArray &data)
{
    if (!checkSendQueue())
        return false;
    m_socket->sendBinaryMessage(data);
    return true;
}

void IMConnector::startAttempt()
{
    dropSocket();
    setState(State::Connecting);
    qCInfo(lcConnector).noquote() << "connecting to" << m_url.toDisplayString()
                                  << "attempt" << (m_attempt + 1);

    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket->setOutgoingFrameSize(quint64(m_settings.outgoingFrameSize));
    m_socket->setMaxAllowedIncomingMessageSize(quint64(m_settings.maxIncomingMessageSize));
    m_socket->setMaxAllowedIncomingFrameSize(quint64(m_settings.maxIncomingMessageSize));
    if (!m_caCertificates.isEmpty()) {
        QSslConfiguration tls = m_socket->sslConfiguration();
        tls.addCaCertificates(m_caCertificates);
        m_socket->setSslConfiguration(tls);
    }

    connect(m_socket, &QWebSocket::connected, this, &IMConnector::onSocketConnected);
    connect(m_socket, &QWebSocket::disconnected, this, &IMConnector::onSocketDisconnected);
    // Qt 6.4: error() is overloaded (signal and getter); errorOccurred() does not exist yet.
    connect(m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            &IMConnector::onSocketError);
    connect(m_socket, &QWebSocket::sslErrors, this, &IMConnector::onSslErrors);
    connect(m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        m_heartbeat->proofOfLife();
        Q_EMIT textReceived(text);
    });
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &data) {
        m_heartbeat->proofOfLife();
        Q_EMIT binaryReceived(data);
    });
    // Partial frames of a long message are proof of life too.
    connect(m_socket, &QWebSocket::textFrameReceived, m_heartbeat, &Heartbeat::proofOfLife);
    connect(m_socket, &QWebSocket::binaryFrameReceived, m_heartbeat, &Heartbeat::proofOfLife);
    connect(m_socket, &QWebSocket::pong, m_heartbeat, &Heartbeat::pongReceived);

    m_connectTimer.start();
    m_socket->open(m_url);
}

void IMConnector::setTrustedCertificates(const QList<QSslCertificate> &certificates)
{
    m_trusted = certificates;
}

void IMConnector::setCaCertificates(const QList<QSslCertificate> &certificates)
{
    m_caCertificates = certificates;
}

void IMConnector::setPinnedCertificate(const QSslCertificate &certificate)
{
    m_pinned = certificate;
}

bool IMConnector::onlyTrustedErrors(const QList<QSslError> &errors,
                                    const QList<QSslCertificate> &trusted, QStringList *texts)
{
    bool allTrusted = !errors.isEmpty();
    for (const QSslError &e : errors) {
        *texts << e.errorString();
        if (e.certificate().isNull() || !trusted.contains(e.certificate()))
            allTrusted = false;
    }
    return allTrusted;
}

void IMConnector::onSslErrors(const QList<QSslError> &errors)
{
    if (!m_socket)
        return;
    const QList<QSslCertificate> chain = m_socket->sslConfiguration().peerCertificateChain();
    const QSslCertificate certificate = chain.isEmpty() ? errors.constFirst().certificate() : chain.constFirst();
    if (!m_pinned.isNull() && certificate != m_pinned) {
        refuseChangedCertificate(certificate);
        return;
    }
    QStringList texts;
    if (onlyTrustedErrors(errors, m_pinned.isNull() ? m_trusted : m_trusted + QList{m_pinned}, &texts)) {
        qCInfo(lcConnector) << "TLS errors about a certificate the user accepted: ignored";
        m_socket->ignoreSslErrors(errors);
        return;
    }
    // First the certificate, then the error: a listener that drops the link on the error (the
    // dialect probe) still hears about the certificate.
    Q_EMIT untrustedCertificate(certificate, errors);
    fail(Error::Tls, tr("The server's certificate is not trusted: %1").arg(texts.join(QLatin1String("; "))));
}

void IMConnector::refuseChangedCertificate(const QSslCertificate &presented)
{
    qCWarning(lcConnector).noquote() << "the certificate of" << hostAndPort(m_url) << "changed: pinned"
                                     << m_pinned.digest(QCryptographicHash::Sha256).toHex(':')
                                     << "presented" << presented.digest(QCryptographicHash::Sha256).toHex(':');
    Q_EMIT pinnedCertificateChanged(m_pinned, presented);
    fail(Error::Tls, tr("The server at %1 presented a different certificate than the one you trusted for it. "
                        "Someone may be intercepting the connection, so Parley will not connect.")
                             .arg(hostAndPort(m_url)));
}

void IMConnector::dropSocket()
{
    m_connectTimer.stop();
    m_closeTimer.stop();
    m_stableTimer.stop();
    m_heartbeat->stop();
    if (!m_socket)
        return;
    QWebSocket *socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    socket->disconnect(m_heartbeat);
    socket->abort();
    socket->deleteLater();
}

void IMConnector::onSocketConnected()
{
    if (!m_pinned.isNull() && WebSocketUrl::isSecure(m_url)
        && m_socket->sslConfiguration().peerCertificate() != m_pinned) {
        // A certificate some CA vouches for, but not the one pinned for this server.
        refuseChangedCertificate(m_socket->sslConfiguration().peerCertificate());
        return;
    }
    m_connectTimer.stop();
    qCInfo(lcConnector).noquote() << "connected to" << m_url.toDisplayString();
    setState(State::Connected);
    m_heartbeat->start();
    m_stableTimer.start();
    Q_EMIT opened();
}

void IMConnector::onSocketDisconnected()
{
    if (!m_socket)
        return;
    const auto code = m_socket->closeCode();
    const QString reason = m_socket->closeReason();
    const State was = m_state;
    qCInfo(lcConnector) << "socket disconnected in state" << was << "code" << code << reason;

    if (was == State::Closing) {
        dropSocket();
        setState(State::Disconnected);
        Q_EMIT closed(code, reason);
        return;
    }
    if (was == State::Connecting) {
        // Qt 6.4 reports a refused or reset connection attempt with disconnected() alone.
        const QString detail = m_socket->errorString();
        fail(Error::Network, detail.isEmpty() || detail == QLatin1String("Unknown error")
                                 ? tr("Could not connect to %1.").arg(hostAndPort(m_url))
                                 : tr("Could not connect to %1: %2").arg(hostAndPort(m_url), detail));
        return;
    }
    linkLost(reason.isEmpty() ? tr("The connection was closed (code %1).").arg(int(code)) : reason);
}

void IMConnector::onSocketError(QAbstractSocket::SocketError error)
{
    if (!m_socket)
        return;
    const QString text = m_socket->errorString();
    // QWebSocket 6.4 reports a handshake answered with an HTTP error as ConnectionRefusedError with
    // the status in the text ("Unhandled http status code: 404 (Not Found)").
    static const QRegularExpression statusRe(QStringLiteral("status code: (\\d{3})"));
    const QRegularExpressionMatch m = statusRe.match(text);
    Error kind = Error::Network;
    QString plain = text;
    if (m.hasMatch()) {
        const int status = m.captured(1).toInt();
        kind = (status >= 500) ? Error::ServerError : Error::Refused;
        plain = (status >= 500)
            ? tr("The server at %1 had a problem (HTTP %2); Parley will try again.").arg(hostAndPort(m_url)).arg(status)
            : tr("The server at %1 refused the connection (HTTP %2). Check the address.").arg(hostAndPort(m_url)).arg(status);
    } else if (text.contains(QLatin1String("processHandshake"))) {
        // Qt 6.4 words an HTTP 400 answer to the upgrade (what `ws` sends for a path it does not
        // serve) as "QWebSocketPrivate::processHandshake: Unknown error condition…": a 4xx.
        kind = Error::Refused;
        plain = tr("The server at %1 refused the websocket connection. Check the address.").arg(hostAndPort(m_url));
    } else {
        switch (error) {
        case QAbstractSocket::SocketTimeoutError:
            kind = Error::Timeout;
            break;
        case QAbstractSocket::SslHandshakeFailedError:
        case QAbstractSocket::SslInternalError:
        case QAbstractSocket::SslInvalidUserDataError:
            kind = Error::Tls;
            break;
        default:
            kind = Error::Network;
            break;
        }
    }
    fail(kind, plain);
}

void IMConnector::linkLost(const QString &why)
{
    const bool wasOpen = (m_state == State::Connected);
    QWebSocketProtocol::CloseCode code = QWebSocketProtocol::CloseCodeAbnormalDisconnection;
    if (m_socket && m_socket->closeCode() != QWebSocketProtocol::CloseCodeNormal)
        code = m_socket->closeCode();
    dropSocket();
    if (wasOpen)
        Q_EMIT closed(code, why);
    if (m_state == State::Disconnected)
        return; // a closed() handler closed for good
    scheduleReconnect();
}

void IMConnector::scheduleReconnect()
{
    // The throttle: exactly one pending retry, however many error/close signals arrive.
    if (m_network && m_network->isOffline()) {
        qCInfo(lcConnector) << "network offline: waiting for it before the next attempt";
        m_retryTimer.stop();
        setState(State::Reconnecting);
        return;
    }
    if (m_retryTimer.isActive()) {
        qCDebug(lcConnector) << "reconnect already pending in" << m_retryTimer.remainingTime() << "ms";
        return;
    }
    const int next = m_attempt + 1;
    if (!m_policy.mayRetry(next)) {
        const QString text = tr("Gave up after %n attempt(s).", nullptr, m_attempt);
        qCWarning(lcConnector).noquote() << text;
        Q_EMIT errorOccurred(Error::GaveUp, text); // errors come before the state change they cause
        setState(State::Disconnected);
        return;
    }
    m_attempt = next;
    const auto delay = m_policy.delay(m_attempt);
    setState(State::Reconnecting);
    m_retryTimer.start(delay);
    qCInfo(lcConnector) << "reconnect attempt" << m_attempt << "in" << delay.count() << "ms";
    Q_EMIT reconnectScheduled(m_attempt, int(delay.count()));
}

void IMConnector::stopForGood()
{
    const bool wasOpen = (m_state == State::Connected);
    m_retryTimer.stop();
    dropSocket();
    setState(State::Disconnected);
    if (wasOpen)
        Q_EMIT closed(QWebSocketProtocol::CloseCodeAbnormalDisconnection, QString());
}
