#include "dialectdetector.h"

#include "logging.h"
#include "socketiocodec.h"
#include "socketiodialect.h"

#include <QRegularExpression>
#include <QWebSocket>

namespace {
//! The probe asks for the history of a room it has not joined: harmless on parley-server.
constexpr qint64 kProbeAckId = 0;
const QString kProbeRoom = QStringLiteral("parley-dialect-probe");
} // namespace

DialectDetector::DialectDetector(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &DialectDetector::onTimeout);
}

DialectDetector::~DialectDetector()
{
    dropSocket();
}

QString DialectDetector::dialectName(Dialect dialect)
{
    switch (dialect) {
    case Dialect::Parley:
        return QStringLiteral("parley");
    case Dialect::SocketIo:
        return QStringLiteral("socketio");
    case Dialect::Raw:
        return QStringLiteral("raw");
    }
    return {};
}

std::optional<DialectDetector::Dialect> DialectDetector::dialectFromName(const QString &name)
{
    for (Dialect d : {Dialect::Parley, Dialect::SocketIo, Dialect::Raw}) {
        if (dialectName(d) == name)
            return d;
    }
    return std::nullopt;
}

void DialectDetector::detect(const QUrl &serverUrl)
{
    abort();
    m_url = serverUrl;
    const QString scheme = serverUrl.scheme();
    if (!serverUrl.isValid() || serverUrl.host().isEmpty()
        || (scheme != QLatin1String("ws") && scheme != QLatin1String("wss"))) {
        m_step = Step::Connecting; // so that fail() reports
        fail(IMConnector::Error::BadUrl,
             tr("“%1” is not a websocket address (ws://host:port or wss://host:port).").arg(serverUrl.toDisplayString()));
        return;
    }
    const QUrl endpoint = SocketIoDialect::endpointUrl(serverUrl);
    qCInfo(lcDialect).noquote() << "probing" << endpoint.toDisplayString() << "for its dialect";
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    connect(m_socket, &QWebSocket::connected, this, &DialectDetector::onConnected);
    connect(m_socket, &QWebSocket::textMessageReceived, this, &DialectDetector::onText);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &data) {
        if (m_step == Step::AwaitingOpen)
            finish(Dialect::Raw, tr("the server sent %n byte(s) of binary data instead of an Engine.IO open packet",
                                    nullptr, int(data.size())));
    });
    connect(m_socket, &QWebSocket::disconnected, this, &DialectDetector::onDisconnected);
    connect(m_socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), this,
            &DialectDetector::onSocketError);
    connect(m_socket, &QWebSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
        QStringList texts;
        if (IMConnector::onlyTrustedErrors(errors, m_trusted, &texts)) {
            m_socket->ignoreSslErrors(errors);
            return;
        }
        fail(IMConnector::Error::Tls,
             tr("The server's certificate is not trusted: %1").arg(texts.join(QLatin1String("; "))));
    });
    m_step = Step::Connecting;
    m_timer.start(m_settings.connectTimeout);
    m_socket->open(endpoint);
}

void DialectDetector::abort()
{
    m_timer.stop();
    m_step = Step::Idle;
    dropSocket();
}

void DialectDetector::dropSocket()
{
    if (!m_socket)
        return;
    QWebSocket *socket = m_socket;
    m_socket = nullptr;
    socket->disconnect(this);
    if (socket->state() == QAbstractSocket::ConnectedState)
        socket->close(QWebSocketProtocol::CloseCodeNormal);
    else
        socket->abort();
    socket->deleteLater();
}

void DialectDetector::onConnected()
{
    m_step = Step::AwaitingOpen;
    m_timer.start(m_settings.openTimeout);
}

void DialectDetector::onText(const QString &frame)
{
    EngineIoPacket engine;
    switch (m_step) {
    case Step::Idle:
    case Step::Connecting:
        return;
    case Step::AwaitingOpen: {
        EngineIoOpen open;
        if (SocketIoCodec::decodeEngine(frame, &engine, nullptr) && engine.type == EngineIoType::Open
            && SocketIoCodec::decodeOpen(engine.data, &open, nullptr)) {
            qCDebug(lcDialect) << "engine.io open packet: a Socket.IO server; probing for parley-server";
            m_step = Step::AwaitingConnect;
            m_timer.start(m_settings.probeTimeout);
            m_socket->sendTextMessage(SocketIoCodec::connectFrame());
            return;
        }
        finish(Dialect::Raw, tr("the server's first message is not an Engine.IO open packet"));
        return;
    }
    case Step::AwaitingConnect:
    case Step::AwaitingProbe:
        break;
    }
    if (!SocketIoCodec::decodeEngine(frame, &engine, nullptr))
        return;
    if (engine.type == EngineIoType::Ping) {
        m_socket->sendTextMessage(SocketIoCodec::encodeEngine(EngineIoType::Pong, engine.data));
        return;
    }
    SocketIoPacket p;
    if (engine.type != EngineIoType::Message || !SocketIoCodec::decodeSocket(engine.data, &p, nullptr)
        || p.nsp != QLatin1String("/"))
        return;
    if (m_step == Step::AwaitingConnect) {
        if (p.type == SocketIoType::ConnectError) {
            finish(Dialect::SocketIo, tr("a Socket.IO server that refused an anonymous connect"));
        } else if (p.type == SocketIoType::Connect) {
            m_step = Step::AwaitingProbe;
            m_socket->sendTextMessage(SocketIoCodec::eventFrame(
                QStringLiteral("history"),
                {QJsonObject{{QStringLiteral("room"), kProbeRoom}, {QStringLiteral("limit"), 1}}}, kProbeAckId));
        }
        return;
    }
    if (p.type == SocketIoType::Ack && p.id.value_or(-1) == kProbeAckId) {
        if (p.arguments().at(0).toObject().value(QLatin1String("ok")).isBool())
            finish(Dialect::Parley, tr("a Socket.IO server that answers parley-server's history request"));
        else
            finish(Dialect::SocketIo, tr("a Socket.IO server with its own answer to a history request"));
    }
}

void DialectDetector::onDisconnected()
{
    switch (m_step) {
    case Step::Idle:
    case Step::Connecting:
        return; // onSocketError() says why
    case Step::AwaitingOpen:
        finish(Dialect::Raw, tr("the server closed its /socket.io/ websocket without a word"));
        return;
    case Step::AwaitingConnect:
    case Step::AwaitingProbe:
        finish(Dialect::SocketIo, tr("a Socket.IO server (it closed the probe)"));
        return;
    }
}

void DialectDetector::onSocketError()
{
    if (!m_socket || m_step != Step::Connecting)
        return;
    const QString text = m_socket->errorString();
    static const QRegularExpression statusRe(QStringLiteral("status code: (\\d{3})"));
    const QRegularExpressionMatch m = statusRe.match(text);
    if (m.hasMatch()) {
        // A websocket server that refuses the /socket.io/ path (ws with a `path`, a router…): not
        // Socket.IO here; the raw link to the URL as given will tell whether it is reachable.
        finish(Dialect::Raw, tr("the server answered HTTP %1 for the Socket.IO endpoint").arg(m.captured(1)));
        return;
    }
    if (text.contains(QLatin1String("processHandshake"))) {
        // Qt 6.4 words an HTTP 400 answer to the upgrade (what `ws` sends for a path it does not
        // serve) as "QWebSocketPrivate::processHandshake: Unknown error condition…": the server
        // is there and refused the Socket.IO endpoint, so it is not Socket.IO at that URL.
        finish(Dialect::Raw, tr("the server refused a websocket at the Socket.IO endpoint"));
        return;
    }
    const QAbstractSocket::SocketError error = m_socket->error();
    const bool tls = error == QAbstractSocket::SslHandshakeFailedError || error == QAbstractSocket::SslInternalError
                  || error == QAbstractSocket::SslInvalidUserDataError;
    fail(tls ? IMConnector::Error::Tls : IMConnector::Error::Network, text);
}

void DialectDetector::onTimeout()
{
    switch (m_step) {
    case Step::Idle:
        return;
    case Step::Connecting:
        fail(IMConnector::Error::Timeout,
             tr("The server did not answer within %n second(s).", nullptr,
                int(std::chrono::duration_cast<std::chrono::seconds>(m_settings.connectTimeout).count())));
        return;
    case Step::AwaitingOpen:
        finish(Dialect::Raw, tr("no Engine.IO open packet within %1 ms").arg(m_settings.openTimeout.count()));
        return;
    case Step::AwaitingConnect:
    case Step::AwaitingProbe:
        finish(Dialect::SocketIo, tr("a Socket.IO server that does not answer parley-server's requests"));
        return;
    }
}

void DialectDetector::finish(Dialect dialect, const QString &reason)
{
    if (m_step == Step::Idle)
        return;
    abort();
    qCInfo(lcDialect).noquote() << m_url.toDisplayString() << "speaks" << dialectName(dialect) << "--" << reason;
    Q_EMIT detected(dialect, reason);
}

void DialectDetector::fail(IMConnector::Error kind, const QString &text)
{
    if (m_step == Step::Idle)
        return;
    abort();
    qCWarning(lcDialect).noquote() << "dialect probe of" << m_url.toDisplayString() << "failed:" << text;
    Q_EMIT failed(kind, text);
}
