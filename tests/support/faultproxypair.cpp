#include "faultproxypair.h"

#include "faultproxy.h"

#include <QHostAddress>
#include <QTcpSocket>
#include <algorithm>
#include <initializer_list>

using namespace std::chrono_literals;

namespace {
//! The throttle releases rate × tick bytes per tick: fine enough to look like a steady slow link,
//! coarse enough not to load the event loop.
constexpr auto kThrottleTick = 20ms;

//! Rounded up, so a release timer never fires before the deadline it waits for.
std::chrono::milliseconds remaining(const QDeadlineTimer &deadline)
{
    return std::max(std::chrono::ceil<std::chrono::milliseconds>(deadline.remainingTimeAsDuration()), 0ms);
}
} // namespace

FaultProxyPair::FaultProxyPair(QTcpSocket *client, FaultProxy *proxy)
    : QObject(proxy)
    , m_proxy(proxy)
    , m_client(client)
    , m_upstream(new QTcpSocket(this))
{
    m_client->setParent(this);
    // A proxy must not add latency of its own: no Nagle on either leg.
    m_client->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    wire(m_client, Side::Client);
    wire(m_upstream, Side::Upstream);
    connect(m_upstream, &QTcpSocket::connected, this, [this] {
        m_upstream->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        qCDebug(lcTestProxy) << "upstream connected, local port" << m_upstream->localPort();
        pump(m_up); // what the client sent while we were connecting
    });
    for (Pipe *pipe : {&m_up, &m_down}) {
        pipe->releaseTimer.setSingleShot(true);
        pipe->releaseTimer.setTimerType(Qt::PreciseTimer);
        connect(&pipe->releaseTimer, &QTimer::timeout, this, [this, pipe] { pump(*pipe); });
    }
    m_throttleTimer.setInterval(kThrottleTick);
    m_throttleTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_throttleTimer, &QTimer::timeout, this, &FaultProxyPair::onThrottleTick);
}

FaultProxyPair::~FaultProxyPair()
{
    m_finished = true;
    // The sockets are our children and abort in their destructors: keep those last signals away.
    if (m_client)
        m_client->disconnect(this);
    if (m_upstream)
        m_upstream->disconnect(this);
}

void FaultProxyPair::start(const QHostAddress &host, quint16 port)
{
    if (m_finished)
        return;
    qCDebug(lcTestProxy) << "client from port" << m_client->peerPort() << "→ connecting to" << host << port;
    m_upstream->connectToHost(host, port);
    if (!m_finished && m_client->bytesAvailable() > 0)
        onReadable(Side::Client);
}

void FaultProxyPair::cut()
{
    if (m_finished)
        return;
    m_finished = true; // the aborts below must not start a graceful close of the other side
    qCDebug(lcTestProxy) << "cut: aborting client port" << (m_client ? m_client->peerPort() : 0);
    if (m_client)
        m_client->abort();
    if (m_upstream)
        m_upstream->abort();
    wrapUp();
}

void FaultProxyPair::discardInFlight()
{
    if (m_finished)
        return;
    const qint64 lost = clear(m_up) + clear(m_down);
    if (lost > 0) {
        qCDebug(lcTestProxy) << "dropped" << lost << "bytes in flight";
        Q_EMIT dropped(lost);
    }
    resume(); // a side that closed meanwhile can now close the other
}

void FaultProxyPair::resume()
{
    pump(m_up);
    pump(m_down);
}

qint64 FaultProxyPair::bytesInFlight() const
{
    qint64 total = 0;
    for (const Pipe *pipe : {&m_up, &m_down}) {
        for (const Chunk &chunk : pipe->queue)
            total += chunk.data.size();
    }
    return total;
}

QTcpSocket *FaultProxyPair::socket(Side side) const
{
    return side == Side::Client ? m_client.data() : m_upstream.data();
}

QAbstractSocket::SocketState FaultProxyPair::stateOf(Side side) const
{
    const QTcpSocket *s = socket(side);
    return s ? s->state() : QAbstractSocket::UnconnectedState;
}

void FaultProxyPair::wire(QTcpSocket *socket, Side side)
{
    connect(socket, &QTcpSocket::readyRead, this, [this, side] { onReadable(side); });
    // Unconnected covers all endings alike: remote close, reset, abort, a failed connect.
    connect(socket, &QTcpSocket::stateChanged, this, [this, side](QAbstractSocket::SocketState state) {
        if (state == QAbstractSocket::UnconnectedState)
            onUnconnected(side);
    });
}

void FaultProxyPair::onReadable(Side side)
{
    QTcpSocket *from = socket(side);
    if (m_finished || !from)
        return;
    const QByteArray data = from->readAll();
    if (data.isEmpty())
        return;
    if (m_proxy->mode() == FaultProxy::Mode::Blackhole) {
        qCDebug(lcTestProxy) << "blackhole: dropped" << data.size() << "bytes from" << name(side);
        Q_EMIT dropped(data.size());
        return;
    }
    Pipe &pipe = pipeFrom(side);
    pipe.queue.push_back({data, QDeadlineTimer(m_proxy->delay(), Qt::PreciseTimer)});
    pump(pipe);
}

void FaultProxyPair::onUnconnected(Side side)
{
    if (m_finished)
        return;
    QTcpSocket *gone = socket(side);
    if (gone && gone->error() != QAbstractSocket::UnknownSocketError)
        qCDebug(lcTestProxy) << name(side) << "closed:" << gone->errorString();
    else
        qCDebug(lcTestProxy) << name(side) << "closed";
    if (gone && gone->isReadable() && gone->bytesAvailable() > 0)
        onReadable(side); // last bytes, still to be forwarded
    clear(pipeTo(side)); // nobody left to deliver them to
    Pipe &from = pipeFrom(side);
    from.sourceClosed = true;
    switch (stateOf(opposite(side))) {
    case QAbstractSocket::ConnectedState:
        pump(from); // drains what is in flight, then closes the other side
        break;
    case QAbstractSocket::HostLookupState:
    case QAbstractSocket::ConnectingState:
    case QAbstractSocket::BoundState:
        socket(opposite(side))->abort(); // never connected: nothing to flush
        break;
    case QAbstractSocket::UnconnectedState:
    case QAbstractSocket::ClosingState:
    case QAbstractSocket::ListeningState:
        break;
    }
    maybeFinish();
}

void FaultProxyPair::pump(Pipe &pipe)
{
    if (m_finished)
        return;
    const Side sinkSide = opposite(pipe.source);
    QTcpSocket *sink = socket(sinkSide);
    const QAbstractSocket::SocketState sinkState = stateOf(sinkSide);
    if (sinkState == QAbstractSocket::UnconnectedState) {
        clear(pipe);
        return;
    }
    if (sinkState != QAbstractSocket::ConnectedState)
        return; // upstream still connecting (pumped again on connected()), or already closing

    const qint64 rate = m_proxy->throttle();
    if (rate > 0 && !m_throttleTimer.isActive() && !pipe.queue.empty()) {
        m_up.budget = m_down.budget = throttleQuantum();
        m_throttleTimer.start();
    }
    while (!pipe.queue.empty()) {
        if (!pipe.heldUntil.hasExpired()) {
            armRelease(pipe, pipe.heldUntil);
            return;
        }
        Chunk &head = pipe.queue.front();
        if (!head.releaseAt.hasExpired()) {
            armRelease(pipe, head.releaseAt);
            return;
        }
        qint64 n = head.data.size();
        if (rate > 0) {
            if (pipe.budget <= 0)
                return; // the next throttle tick pumps again
            n = std::min(n, pipe.budget);
        }
        std::optional<std::chrono::milliseconds> stall;
        if (&pipe == &m_down)
            stall = m_proxy->takePendingStall();
        if (stall)
            n = std::min(n, std::max<qint64>(1, head.data.size() / 2));

        sink->write(head.data.constData(), n);
        if (rate > 0)
            pipe.budget -= n;
        head.data.remove(0, n);
        if (head.data.isEmpty())
            pipe.queue.pop_front();
        if (stall) {
            pipe.heldUntil = QDeadlineTimer(*stall, Qt::PreciseTimer);
            qCDebug(lcTestProxy) << "stall: forwarded" << n << "bytes, holding the rest for" << stall->count() << "ms";
        }
        if (&pipe == &m_up)
            Q_EMIT forwarded(n, 0);
        else
            Q_EMIT forwarded(0, n);
        if (m_finished)
            return; // a receiver cut us
    }
    if (pipe.sourceClosed) {
        qCDebug(lcTestProxy) << name(pipe.source) << "gone and drained: closing" << name(sinkSide);
        sink->disconnectFromHost(); // may re-enter onUnconnected() at once
    }
}

void FaultProxyPair::armRelease(Pipe &pipe, const QDeadlineTimer &deadline)
{
    pipe.releaseTimer.start(remaining(deadline));
}

void FaultProxyPair::onThrottleTick()
{
    if (m_proxy->throttle() > 0) {
        // Set, not added: a quiet spell must not save up a burst.
        m_up.budget = m_down.budget = throttleQuantum();
    } else {
        m_throttleTimer.stop();
    }
    resume();
    if (!m_finished && m_up.queue.empty() && m_down.queue.empty())
        m_throttleTimer.stop();
}

qint64 FaultProxyPair::throttleQuantum() const
{
    return std::max<qint64>(1, (kThrottleTick * m_proxy->throttle()) / 1s);
}

qint64 FaultProxyPair::clear(Pipe &pipe)
{
    qint64 bytes = 0;
    for (const Chunk &chunk : pipe.queue)
        bytes += chunk.data.size();
    pipe.queue.clear();
    pipe.heldUntil = QDeadlineTimer();
    pipe.releaseTimer.stop();
    return bytes;
}

void FaultProxyPair::maybeFinish()
{
    if (m_finished || stateOf(Side::Client) != QAbstractSocket::UnconnectedState
        || stateOf(Side::Upstream) != QAbstractSocket::UnconnectedState) {
        return;
    }
    m_finished = true;
    wrapUp();
}

void FaultProxyPair::wrapUp()
{
    clear(m_up);
    clear(m_down);
    m_throttleTimer.stop();
    qCDebug(lcTestProxy) << "pair closed";
    Q_EMIT finished();
    deleteLater();
}
