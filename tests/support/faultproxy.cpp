#include "faultproxy.h"

#include "faultproxypair.h"

#include <QTcpSocket>
#include <algorithm>
#include <utility>

using namespace std::chrono_literals;

Q_LOGGING_CATEGORY(lcTestProxy, "parley.test.proxy", QtInfoMsg)

FaultProxy::FaultProxy(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FaultProxy::onNewConnection);
}

// The pairs are our children: they are deleted after this body, quietly (see ~FaultProxyPair).
FaultProxy::~FaultProxy() = default;

bool FaultProxy::listen(quint16 port)
{
    if (m_server.isListening()) {
        qCWarning(lcTestProxy) << "listen(): already listening on" << m_server.serverPort();
        return port == 0 || port == m_server.serverPort();
    }
    if (!m_server.listen(QHostAddress::LocalHost, port)) {
        qCWarning(lcTestProxy) << "listen() on port" << port << "failed:" << m_server.errorString();
        return false;
    }
    qCDebug(lcTestProxy) << "listening on 127.0.0.1:" << m_server.serverPort();
    return true;
}

bool FaultProxy::isListening() const
{
    return m_server.isListening();
}

quint16 FaultProxy::port() const
{
    return m_server.isListening() ? m_server.serverPort() : 0;
}

void FaultProxy::setUpstream(const QHostAddress &host, quint16 port)
{
    m_upstreamHost = host;
    m_upstreamPort = port;
}

void FaultProxy::close()
{
    qCDebug(lcTestProxy) << "close()";
    m_server.close();
    cutAll();
}

void FaultProxy::setMode(Mode mode)
{
    if (m_mode == mode)
        return;
    qCDebug(lcTestProxy) << "mode" << m_mode << "→" << mode;
    m_mode = mode;
    if (m_mode == Mode::Blackhole) {
        const QList<FaultProxyPair *> pairs = livePairs();
        for (FaultProxyPair *pair : pairs)
            pair->discardInFlight();
    }
}

void FaultProxy::cutAll()
{
    // cut() re-enters through finished(), which edits m_pairs: work on a copy.
    const QList<FaultProxyPair *> pairs = livePairs();
    qCDebug(lcTestProxy) << "cutAll():" << pairs.size() << "pairs";
    for (FaultProxyPair *pair : pairs)
        pair->cut();
}

void FaultProxy::stallMidFrame(std::chrono::milliseconds duration)
{
    m_pendingStall = std::max(duration, 0ms);
}

void FaultProxy::setDelay(std::chrono::milliseconds delay)
{
    m_delay = std::max(delay, 0ms);
}

void FaultProxy::setThrottle(qint64 bytesPerSecond)
{
    m_throttle = std::max<qint64>(bytesPerSecond, 0);
    const QList<FaultProxyPair *> pairs = livePairs();
    for (FaultProxyPair *pair : pairs)
        pair->resume();
}

int FaultProxy::activePairs() const
{
    return int(livePairs().size());
}

qint64 FaultProxy::bytesInFlight() const
{
    qint64 total = 0;
    const QList<FaultProxyPair *> pairs = livePairs();
    for (const FaultProxyPair *pair : pairs)
        total += pair->bytesInFlight();
    return total;
}

std::optional<std::chrono::milliseconds> FaultProxy::takePendingStall()
{
    return std::exchange(m_pendingStall, std::nullopt);
}

QList<FaultProxyPair *> FaultProxy::livePairs() const
{
    QList<FaultProxyPair *> pairs;
    for (const QPointer<FaultProxyPair> &pair : m_pairs) {
        if (pair)
            pairs << pair.data();
    }
    return pairs;
}

void FaultProxy::onNewConnection()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        ++m_connectionCount;
        if (m_mode == Mode::Refuse || m_upstreamHost.isNull() || m_upstreamPort == 0) {
            if (m_mode == Mode::Refuse)
                qCDebug(lcTestProxy) << "refuse: aborting client from port" << client->peerPort();
            else
                qCWarning(lcTestProxy) << "no upstream set: aborting client from port" << client->peerPort();
            client->abort();
            client->deleteLater();
            Q_EMIT clientConnected();
            continue;
        }
        auto *pair = new FaultProxyPair(client, this);
        m_pairs << pair;
        connect(pair, &FaultProxyPair::forwarded, this, [this](qint64 upstream, qint64 downstream) {
            m_bytesUp += upstream;
            m_bytesDown += downstream;
            Q_EMIT bytesForwarded(upstream, downstream);
        });
        connect(pair, &FaultProxyPair::dropped, this, [this](qint64 bytes) { m_bytesDropped += bytes; });
        connect(pair, &FaultProxyPair::finished, this, [this, pair] {
            m_pairs.removeIf([pair](const QPointer<FaultProxyPair> &p) { return p.isNull() || p == pair; });
            Q_EMIT pairClosed();
        });
        Q_EMIT clientConnected();
        pair->start(m_upstreamHost, m_upstreamPort);
    }
}
