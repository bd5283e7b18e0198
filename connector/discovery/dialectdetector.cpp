#include "dialectdetector.h"

#include "logging.h"
#include "socketiosession.h"
#include "websocketurl.h"

namespace {
//! The probe asks for the history of a room it has not joined: harmless on parley-server.
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
    dropLink();
}

void DialectDetector::detect(const QUrl &serverUrl)
{
    abort();
    m_url = serverUrl;
    m_step = Step::Connecting;

    ConnectorSettings linkSettings;
    linkSettings.connectTimeout = m_settings.connectTimeout;
    linkSettings.maxAttempts = 1; // one-shot: the first failure ends the probe
    m_link = new IMConnector(this);
    m_link->setSettings(linkSettings);
    m_link->setTrustedCertificates(m_trusted);
    m_link->setCaCertificates(m_caCertificates);
    m_link->setPinnedCertificate(m_pinned);
    // Both come just before the link's Error::Tls, which ends the probe.
    connect(m_link, &IMConnector::untrustedCertificate, this, &DialectDetector::untrustedCertificate);
    connect(m_link, &IMConnector::pinnedCertificateChanged, this, &DialectDetector::pinnedCertificateChanged);
    m_session = new SocketIoSession(m_link, m_link);

    // The session is connected to the link first, so it sees each frame before the probe does.
    connect(m_session, &SocketIoSession::handshakeReceived, this, [this] {
        qCDebug(lcDiscovery) << "engine.io open packet: a Socket.IO server; probing for parley-server";
        m_step = Step::AwaitingConnect;
        m_timer.start(m_settings.probeTimeout);
    });
    connect(m_session, &SocketIoSession::ready, this, &DialectDetector::probeHistory);
    connect(m_session, &SocketIoSession::connectRefused, this, [this](const QString &, const QJsonValue &data) {
        // parley-server with accounts refuses an anonymous connect with a reason code
        // (docs/protocol.md); a stock server's auth middleware sends only a message.
        if (data.toObject().value(QLatin1String("reason")).isString())
            finish(ServerKind::Parley, tr("a parley-server that asks who you are"));
        else
            finish(ServerKind::SocketIo, tr("a Socket.IO server that refused an anonymous connect"));
    });
    connect(m_link, &IMConnector::opened, this, [this] {
        m_step = Step::AwaitingOpen;
        m_timer.start(m_settings.openTimeout);
    });
    connect(m_link, &IMConnector::textReceived, this, [this] {
        if (m_step == Step::AwaitingOpen) // the session found no open packet in it
            finish(ServerKind::Raw, tr("the server's first message is not an Engine.IO open packet"));
    });
    connect(m_link, &IMConnector::binaryReceived, this, [this](const QByteArray &data) {
        if (m_step == Step::AwaitingOpen)
            finish(ServerKind::Raw, tr("the server sent %n byte(s) of binary data instead of an Engine.IO open packet",
                                       nullptr, int(data.size())));
    });
    connect(m_link, &IMConnector::closed, this, &DialectDetector::onLinkClosed);
    connect(m_link, &IMConnector::errorOccurred, this, &DialectDetector::onLinkError);

    if (WebSocketUrl::isValid(serverUrl)) {
        qCInfo(lcDiscovery).noquote() << "probing" << SocketIoSession::endpointUrl(serverUrl).toDisplayString()
                                      << "for its dialect";
        m_link->open(SocketIoSession::endpointUrl(serverUrl));
    } else {
        m_link->open(serverUrl); // reports BadUrl in the connector's words
    }
}

void DialectDetector::abort()
{
    m_timer.stop();
    m_step = Step::Idle;
    dropLink();
}

void DialectDetector::dropLink()
{
    if (!m_link)
        return;
    IMConnector *link = m_link;
    m_link = nullptr;
    m_session = nullptr; // a child of the link
    link->disconnect(this);
    for (QObject *child : link->children())
        child->disconnect(this);
    link->close();
    link->deleteLater();
}

void DialectDetector::probeHistory()
{
    m_step = Step::AwaitingProbe;
    m_session->emitEvent(QStringLiteral("history"),
                         {QJsonObject{{QStringLiteral("room"), kProbeRoom}, {QStringLiteral("limit"), 1}}},
                         [this](const QJsonArray &args) {
                             if (m_step != Step::AwaitingProbe)
                                 return;
                             if (args.at(0).toObject().value(QLatin1String("ok")).isBool())
                                 finish(ServerKind::Parley, tr("a Socket.IO server that answers parley-server's history request"));
                             else
                                 finish(ServerKind::SocketIo, tr("a Socket.IO server with its own answer to a history request"));
                         });
}

void DialectDetector::onLinkError(IMConnector::Error kind, const QString &text)
{
    switch (m_step) {
    case Step::Idle:
        return;
    case Step::Connecting:
        if (kind == IMConnector::Error::Refused || kind == IMConnector::Error::ServerError) {
            // A websocket server that answers the /socket.io/ path with an HTTP error (ws with a
            // `path`, a router…): not Socket.IO here; the raw link to the URL as given will tell
            // whether it is reachable.
            finish(ServerKind::Raw, tr("the server refused a websocket at the Socket.IO endpoint (%1)").arg(text));
            return;
        }
        fail(kind, text);
        return;
    case Step::AwaitingOpen:
        finish(ServerKind::Raw, tr("the server's link failed before an Engine.IO open packet (%1)").arg(text));
        return;
    case Step::AwaitingConnect:
    case Step::AwaitingProbe:
        if (kind != IMConnector::Error::Refused) // a connect_error is answered by connectRefused
            finish(ServerKind::SocketIo, tr("a Socket.IO server (its link failed: %1)").arg(text));
        return;
    }
}

void DialectDetector::onLinkClosed()
{
    switch (m_step) {
    case Step::Idle:
    case Step::Connecting:
        return;
    case Step::AwaitingOpen:
        finish(ServerKind::Raw, tr("the server closed its /socket.io/ websocket without a word"));
        return;
    case Step::AwaitingConnect:
    case Step::AwaitingProbe:
        finish(ServerKind::SocketIo, tr("a Socket.IO server (it closed the probe)"));
        return;
    }
}

void DialectDetector::onTimeout()
{
    switch (m_step) {
    case Step::Idle:
    case Step::Connecting: // the link's own connectTimeout reports
        return;
    case Step::AwaitingOpen:
        finish(ServerKind::Raw, tr("no Engine.IO open packet within %1 ms").arg(m_settings.openTimeout.count()));
        return;
    case Step::AwaitingConnect:
    case Step::AwaitingProbe:
        finish(ServerKind::SocketIo, tr("a Socket.IO server that does not answer parley-server's requests"));
        return;
    }
}

void DialectDetector::finish(ServerKind kind, const QString &reason)
{
    if (m_step == Step::Idle)
        return;
    abort();
    qCInfo(lcDiscovery).noquote() << m_url.toDisplayString() << "speaks" << ServerKinds::name(kind) << "--" << reason;
    Q_EMIT detected(kind, reason);
}

void DialectDetector::fail(IMConnector::Error kind, const QString &text)
{
    if (m_step == Step::Idle)
        return;
    abort();
    qCWarning(lcDiscovery).noquote() << "dialect probe of" << m_url.toDisplayString() << "failed:" << text;
    Q_EMIT failed(kind, text);
}
