#include "parleyserver.h"

#include "sqlconnection.h"

#include "adminendpoint.h"
#include "authenticator.h"
#include "chathub.h"
#include "historystore.h"
#include "logging.h"
#include "redisfanout.h"
#include "serversession.h"

#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>
#include <QWebSocketServer>

namespace {

//! The AccountStore settings that follow from the server's.
AccountStore::Settings accountSettings(const ServerSettings &settings)
{
    AccountStore::Settings s;
    s.hashing = settings.passwordHashing;
    s.busyTimeout = settings.databaseBusyTimeout;
    return s;
}

//! A token the desktop app's own sign-in gets is labelled so in the account's list of devices.
const QLatin1String kLocalDevice("this computer");

} // namespace

ParleyServer::ParleyServer(const ServerSettings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_server(new QWebSocketServer(QStringLiteral("parley-server"),
                                    settings.isSecure() ? QWebSocketServer::SecureMode
                                                        : QWebSocketServer::NonSecureMode,
                                    this))
    , m_history(std::make_unique<HistoryStore>(settings.databaseBusyTimeout))
    , m_accounts(std::make_unique<AccountStore>(accountSettings(settings)))
    , m_authenticator(std::make_unique<Authenticator>(settings, m_accounts.get()))
    , m_fanOut(settings.redisUrl.isEmpty() ? nullptr : new RedisFanOut(RedisFanOut::Settings(), this))
    , m_hub(std::make_unique<ChatHub>(settings, m_history.get(), m_accounts.get(), m_fanOut))
    , m_pruneTimer(new QTimer(this))
{
    const QString where = settings.databasePath.isEmpty()
            ? QStringLiteral("in memory (not persisted)")
            : SqlConnection::displayLocation(settings.databasePath);
    if (m_history->open(settings.databasePath)) {
        if (m_history->journalMode().isEmpty()) { // PostgreSQL
            qCInfo(lcServer).noquote() << "history" << where << "schema" << m_history->schemaVersion();
        } else {
            qCInfo(lcServer).noquote() << "history" << where << "schema" << m_history->schemaVersion()
                                       << "journal" << m_history->journalMode();
        }
    } else {
        qCWarning(lcServer).noquote() << "cannot open the history database" << where << ":"
                                      << m_history->errorString();
    }
    // After the history: the history sets the file up (WAL) and owns its user_version.
    const QString accountsPath = settings.accountsDatabasePath.isEmpty()
            ? settings.databasePath
            : settings.accountsDatabasePath;
    if (m_accounts->open(accountsPath)) {
        qCInfo(lcServer).noquote()
                << "accounts" << (accountsPath.isEmpty() ? QStringLiteral("in memory")
                                                         : SqlConnection::displayLocation(accountsPath))
                << "schema" << m_accounts->schemaVersion() << "registration"
                << int(settings.registration) << "guests" << settings.guests;
        const auto prune = [this] {
            const AccountStore::Result<int> pruned = m_accounts->pruneExpired();
            if (pruned.ok() && pruned.value > 0)
                qCInfo(lcServer) << "forgot" << pruned.value << "guests without a valid token";
            m_hub->pruneUploads();
        };
        prune();
        m_pruneTimer->setInterval(settings.pruneInterval);
        connect(m_pruneTimer, &QTimer::timeout, this, prune);
        m_pruneTimer->start();
    } else {
        qCWarning(lcServer).noquote() << "cannot open the accounts database" << SqlConnection::displayLocation(accountsPath) << ":"
                                      << m_accounts->errorString();
    }
    if (settings.isSecure()) {
        m_server->setSslConfiguration(settings.tls);
        qCInfo(lcServer).noquote() << "TLS certificate" << settings.tls.localCertificate().subjectDisplayName()
                                   << "until" << settings.tls.localCertificate().expiryDate().toString(Qt::ISODate);
        // A client that gives up in the TLS handshake (it does not trust us) is only worth a line.
        connect(m_server, &QWebSocketServer::peerVerifyError, this, [](const QSslError &error) {
            qCInfo(lcServer).noquote() << "TLS peer verify error:" << error.errorString();
        });
        connect(m_server, &QWebSocketServer::sslErrors, this, [](const QList<QSslError> &errors) {
            for (const QSslError &e : errors)
                qCInfo(lcServer).noquote() << "TLS error:" << e.errorString();
        });
    }
    connect(m_server, &QWebSocketServer::newConnection, this, &ParleyServer::onNewConnection);
    connect(m_server, &QWebSocketServer::serverError, this,
            [this](QWebSocketProtocol::CloseCode code) {
                qCWarning(lcServer).noquote() << "websocket server error" << static_cast<int>(code)
                                              << m_server->errorString();
            });
    connect(m_server, &QWebSocketServer::acceptError, this,
            [this](QAbstractSocket::SocketError) {
                qCWarning(lcServer).noquote() << "accept failed:" << m_server->errorString();
            });
    if (m_fanOut) {
        QString error;
        if (!m_fanOut->open(QUrl(settings.redisUrl), &error))
            qCWarning(lcServer).noquote() << "cluster fan-out off:" << error;
        connect(m_fanOut, &RedisFanOut::resubscribed, this, [this] { m_hub->catchUpAfterRelayGap(); });
    }
}

ParleyServer::~ParleyServer()
{
    m_server->close();
    // Sessions (also finished ones still waiting for deleteLater) must go before the hub they
    // point to; the hub is a member and would otherwise die before QObject deletes the children.
    m_sessions.clear();
    const QList<ServerSession *> sessions = findChildren<ServerSession *>(Qt::FindDirectChildrenOnly);
    for (ServerSession *session : sessions) {
        session->disconnect(this);
        delete session;
    }
}

bool ParleyServer::listen(const QHostAddress &address, quint16 port)
{
    if (m_server->isListening())
        m_server->close();
    m_listenError.clear();
    if (!m_history->isOpen()) {
        m_listenError = QStringLiteral("the history database is not open: ") + m_history->errorString();
        return false;
    }
    if (!m_accounts->isOpen()) {
        m_listenError = QStringLiteral("the accounts database is not open: ") + m_accounts->errorString();
        return false;
    }
    if (!m_server->listen(address, port))
        return false;  // QWebSocketServer::serverError has logged it; errorString() says why
    qCInfo(lcServer).noquote() << "listening on" << url().toString();
    return true;
}

void ParleyServer::close()
{
    if (m_server->isListening()) {
        m_server->close();
        qCInfo(lcServer) << "stopped listening";
    }
    const QList<ServerSession *> sessions = m_sessions;
    for (ServerSession *session : sessions)
        session->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("server shutting down"));
}

bool ParleyServer::isListening() const
{
    return m_server->isListening();
}

quint16 ParleyServer::port() const
{
    return m_server->isListening() ? m_server->serverPort() : quint16(0);
}

QHostAddress ParleyServer::address() const
{
    return m_server->serverAddress();
}

QUrl ParleyServer::url() const
{
    QUrl url;
    url.setScheme(m_settings.isSecure() ? QStringLiteral("wss") : QStringLiteral("ws"));
    url.setHost(address().toString());
    url.setPort(port());
    return url;
}

QString ParleyServer::errorString() const
{
    return m_listenError.isEmpty() ? m_server->errorString() : m_listenError;
}

bool ParleyServer::isHistoryOpen() const
{
    return m_history->isOpen();
}

QString ParleyServer::historyError() const
{
    return m_history->errorString();
}

bool ParleyServer::isAccountsOpen() const
{
    return m_accounts->isOpen();
}

QString ParleyServer::accountsError() const
{
    return m_accounts->errorString();
}

QString ParleyServer::localSignIn(const QString &username, const QString &displayName)
{
    AccountStore::Result<AccountStore::Account> account = m_accounts->findAccount(username);
    if (account.error == QLatin1String("unknown account"))
        account = m_accounts->createAccountWithHash(username, displayName, QByteArray(), true);
    if (!account.ok() || account.value.isGuest) {
        qCWarning(lcServer).noquote() << "local sign-in as" << username.left(64) << "refused:"
                                      << (account.ok() ? QStringLiteral("a guest's name") : account.error);
        return {};
    }
    const AccountStore::Result<QString> token =
            m_accounts->issueToken(account.value.id, kLocalDevice, m_settings.tokenLifetime);
    if (!token.ok()) {
        qCWarning(lcServer).noquote() << "local sign-in as" << username << "failed:" << token.error;
        return {};
    }
    return token.value;
}

AccountStore::Result<AccountStore::Invite> ParleyServer::createInvite(int uses,
                                                                      std::chrono::milliseconds lifetime)
{
    return m_accounts->createInvite(0, uses, lifetime);
}

int ParleyServer::clientCount() const
{
    return int(m_sessions.size());
}

qint64 ParleyServer::queuedOutgoingBytes() const
{
    return m_hub->outgoing().total();
}

qint64 ParleyServer::peakOutgoingBytes() const
{
    return m_hub->outgoing().peak();
}

QString ParleyServer::rejectionReason(const QUrl &requestUrl)
{
    const QString path = requestUrl.path();
    if (path != QLatin1String("/socket.io/") && path != QLatin1String("/socket.io"))
        return QStringLiteral("unknown path %1, expected /socket.io/").arg(path.left(64));
    const QUrlQuery query(requestUrl);
    if (query.queryItemValue(QStringLiteral("EIO")) != QLatin1String("4"))
        return QStringLiteral("unsupported Engine.IO version, expected EIO=4");
    if (query.queryItemValue(QStringLiteral("transport")) != QLatin1String("websocket"))
        return QStringLiteral("unsupported transport, expected transport=websocket");
    return {};
}

void ParleyServer::onNewConnection()
{
    while (QWebSocket *socket = m_server->nextPendingConnection()) {
        if (socket->state() != QAbstractSocket::ConnectedState) {
            socket->deleteLater();  // gone before we got to it
            continue;
        }
        QString reason = rejectionReason(socket->requestUrl());
        const QString address = Authenticator::addressKey(socket->peerAddress());
        if (reason.isEmpty() && m_connectionsByAddress.value(address) >= m_settings.maxConnectionsPerAddress)
            reason = QStringLiteral("too many connections from this address");
        if (reason.isEmpty())
            accept(socket);
        else
            reject(socket, reason);
    }
}

void ParleyServer::accept(QWebSocket *socket)
{
    auto *session = new ServerSession(socket, m_settings, m_hub.get(), m_authenticator.get(), this);
    m_sessions.append(session);
    const QString sid = session->engineSid();
    const QString address = session->addressKey();
    ++m_connectionsByAddress[address];
    connect(session, &ServerSession::finished, this, [this, session, sid, address] {
        m_sessions.removeOne(session);
        if (--m_connectionsByAddress[address] <= 0)
            m_connectionsByAddress.remove(address);
        Q_EMIT clientDisconnected(sid);
    });
    session->start();
    Q_EMIT clientConnected(sid);
}

void ParleyServer::reject(QWebSocket *socket, const QString &reason)
{
    qCWarning(lcServer).noquote() << "refused websocket from" << socket->peerAddress().toString()
                                  << "for" << socket->requestUrl().path().left(64) << ":" << reason;
    socket->setParent(this);
    connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
    socket->close(QWebSocketProtocol::CloseCodePolicyViolated, reason);
}

qint64 ParleyServer::lastSeq(const QString &room) const
{
    return m_history ? m_history->lastSeq(room).value_or(0) : 0;
}

bool ParleyServer::listenAdmin(const QHostAddress &address, quint16 port)
{
    if (!m_admin) {
        AdminEndpoint::Sources sources;
        sources.notReady = [this] { return notReadyReason(); };
        sources.metrics = [this] { return metricsText(); };
        m_admin = new AdminEndpoint(sources, this);
    }
    m_admin->close();
    return m_admin->listen(address, port);
}

quint16 ParleyServer::adminPort() const
{
    return m_admin && m_admin->isListening() ? m_admin->port() : 0;
}

QString ParleyServer::adminError() const
{
    return m_admin ? m_admin->errorString() : QString();
}

QString ParleyServer::notReadyReason() const
{
    if (!m_history->isOpen())
        return QStringLiteral("history database not open");
    if (!m_accounts->isOpen())
        return QStringLiteral("accounts database not open");
    if (!m_server->isListening())
        return QStringLiteral("not listening");
    if (m_fanOut && !m_fanOut->isReady())
        return QStringLiteral("cluster fan-out (Redis) not connected");
    return {};
}

QByteArray ParleyServer::metricsText() const
{
    const ServerMetrics &m = m_hub->metrics();
    QByteArray out;
    const auto metric = [&out](const char *name, const char *type, const char *help, double value) {
        out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n' + name + ' '
                + QByteArray::number(value, 'g', 15) + '\n';
    };
    metric("parley_ready", "gauge", "1 when the server takes clients (see /readyz)", notReadyReason().isEmpty() ? 1 : 0);
    metric("parley_connections", "gauge", "Open websocket sessions.", clientCount());
    metric("parley_messages_stored_total", "counter", "Chat messages stored with a new seq.", double(m.messagesStored));
    metric("parley_fanout_frames_total", "counter", "Frames chat messages went out in to other members.",
           double(m.fanoutFrames));
    metric("parley_fanout_seconds_sum", "counter", "Time spent handing stored messages to the members' sockets.",
           m.fanoutNanos / 1e9);
    metric("parley_fanout_seconds_count", "counter", "Messages fanned out.", double(m.fanoutCount));
    metric("parley_outgoing_queue_bytes", "gauge", "Bytes queued for peers now.", double(queuedOutgoingBytes()));
    metric("parley_relay_published_total", "counter", "Events published to the other nodes.",
           m_fanOut ? double(m_fanOut->published()) : 0.0);
    metric("parley_relay_publish_failures_total", "counter", "Events that could not be published (Redis down).",
           m_fanOut ? double(m_fanOut->publishFailures()) : 0.0);
    metric("parley_relay_malformed_total", "counter", "Messages from Redis dropped as malformed.",
           m_fanOut ? double(m_fanOut->malformed()) : 0.0);
    metric("parley_relay_received_total", "counter", "Events from other nodes received.", double(m.relayReceived));
    metric("parley_relay_frames_total", "counter", "Frames those events went out in to sessions here.",
           double(m.relayFrames));
    metric("parley_relay_latency_seconds_sum", "counter",
           "Publishing-to-arrival time of the events received (wall clocks of both nodes).",
           m.relayLatencyMsSum / 1e3);
    metric("parley_relay_latency_seconds_count", "counter", "Events the latency sum counts.",
           double(m.relayReceived));
    metric("parley_outgoing_queue_peak_bytes", "gauge", "Most bytes ever queued for peers at once.",
           double(peakOutgoingBytes()));
    return out;
}
