#pragma once
// FaultProxyPair: one client connection of a FaultProxy, its upstream connection, and the two
// one-way pipes between them. An implementation detail of FaultProxy (its own file pair by house
// rule); tests talk to FaultProxy only.
//
// Each pipe is a FIFO of chunks (what one read returned). A chunk leaves when its delay is over,
// the throttle has budget and no stall holds the pipe; only the head may leave, so nothing is ever
// reordered. When one side closes, the pipe coming from it is drained first and then the other
// side is closed gracefully; bytes heading for the closed side are dropped.
#include <QAbstractSocket>
#include <QByteArray>
#include <QDeadlineTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <chrono>
#include <deque>

class FaultProxy;
class QHostAddress;
class QTcpSocket;

class FaultProxyPair : public QObject
{
    Q_OBJECT
public:
    //! Takes ownership of the accepted \a client. Reads the settings of \a proxy (its parent) on
    //! the fly, so a change of mode, delay or throttle reaches pairs already open.
    FaultProxyPair(QTcpSocket *client, FaultProxy *proxy);
    //! Quiet: the sockets abort as they are destroyed, nothing is emitted.
    ~FaultProxyPair() override;

    //! Starts connecting upstream. Separate from the constructor so that the owner has connected
    //! to finished() before a connect failure can report it.
    void start(const QHostAddress &host, quint16 port);
    //! Aborts both sockets now (RST-like) and finishes; bytes in flight are lost.
    void cut();
    //! Drops every byte in flight (queued for a delay, the throttle or a stall) and any hold:
    //! the link just went dead.
    void discardInFlight();
    //! Runs both pipes again, after a setting they wait on (the throttle) changed.
    void resume();
    //! Bytes read but not yet forwarded, both directions.
    qint64 bytesInFlight() const;

Q_SIGNALS:
    //! Bytes just handed to a socket; one of the two counts is 0.
    void forwarded(qint64 upstream, qint64 downstream);
    //! Bytes read and dropped because the proxy is in Blackhole mode.
    void dropped(qint64 bytes);
    //! Both sockets are closed; the pair deletes itself later. Emitted once.
    void finished();

private:
    enum class Side { Client, Upstream };

    struct Chunk
    {
        QByteArray data;
        QDeadlineTimer releaseAt; //!< not before: the delay this chunk was read under
    };

    //! One direction: bytes read from \c source wait here until they may go to the other side.
    struct Pipe
    {
        explicit Pipe(Side from) : source(from) {}
        const Side source;
        std::deque<Chunk> queue;
        QDeadlineTimer heldUntil; //!< a stall; default-constructed = already expired, no hold
        qint64 budget = 0;        //!< bytes the throttle still allows in this tick
        bool sourceClosed = false; //!< drain, then close the sink
        QTimer releaseTimer;      //!< wakes the pipe when the head's delay or a hold is over
    };

    static Side opposite(Side side) { return side == Side::Client ? Side::Upstream : Side::Client; }
    static const char *name(Side side) { return side == Side::Client ? "client" : "upstream"; }
    QTcpSocket *socket(Side side) const;
    QAbstractSocket::SocketState stateOf(Side side) const;
    Pipe &pipeFrom(Side source) { return source == Side::Client ? m_up : m_down; }
    Pipe &pipeTo(Side sink) { return pipeFrom(opposite(sink)); }

    void wire(QTcpSocket *socket, Side side);
    void onReadable(Side side);
    void onUnconnected(Side side);
    void pump(Pipe &pipe);
    void armRelease(Pipe &pipe, const QDeadlineTimer &deadline);
    void onThrottleTick();
    qint64 throttleQuantum() const;
    qint64 clear(Pipe &pipe);
    void maybeFinish();
    void wrapUp();

    FaultProxy *const m_proxy;
    QPointer<QTcpSocket> m_client;
    QPointer<QTcpSocket> m_upstream;
    Pipe m_up{Side::Client};     //!< client → upstream
    Pipe m_down{Side::Upstream}; //!< upstream → client
    QTimer m_throttleTimer;      //!< runs while throttled bytes wait; refills both budgets
    bool m_finished = false;     //!< finished() emitted or cut in progress: handlers stay quiet
};
