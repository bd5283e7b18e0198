#pragma once
// FaultProxy: an in-process TCP proxy on 127.0.0.1 that breaks a link on command.
//
// A loopback connection never fails the way real networks do: a NAT entry that silently expires, a
// Wi-Fi hand-over, a server restart, a mobile link crawling along, a stall in the middle of a frame.
// Fault-injection tests put this proxy between the client under test and a real server (the client
// connects to port(), the proxy connects on to the upstream) and switch those faults on and off.
// Every chunk the proxy reads goes through one FIFO per direction, so delays, throttling and stalls
// never reorder bytes. All of it runs on the thread's event loop; nothing blocks.
//
// Its log: QT_LOGGING_RULES="parley.test.proxy.debug=true".
#include <QHostAddress>
#include <QList>
#include <QLoggingCategory>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <chrono>
#include <optional>

Q_DECLARE_LOGGING_CATEGORY(lcTestProxy) //!< "parley.test.proxy": test support, fault proxy

class FaultProxyPair;

class FaultProxy : public QObject
{
    Q_OBJECT
public:
    enum class Mode {
        //! Forward both ways (subject to setDelay(), setThrottle() and stallMidFrame()).
        PassThrough,
        //! A link that looks alive but is dead: both sockets stay open, every byte read from either
        //! side is dropped (not buffered; it is counted in bytesDropped()), and bytes still in
        //! flight inside the proxy are dropped as the mode is set. Switching back to PassThrough
        //! forwards only what is read from then on. A side that closes still closes the other.
        Blackhole,
        //! A server that is down but whose port is still taken: each new client connection is
        //! accepted and aborted at once. Pairs already open carry on as in PassThrough.
        Refuse,
    };
    Q_ENUM(Mode)

    explicit FaultProxy(QObject *parent = nullptr);
    //! Aborts whatever is still open (silently: no pairClosed()).
    ~FaultProxy() override;

    //! Listens on 127.0.0.1:\a port (0 = any free port, see port()). Only the loopback interface,
    //! so a test never opens a port to the network. Can be called again after close(), also with
    //! the same port: "the server comes back".
    bool listen(quint16 port = 0);
    bool isListening() const;
    //! The port clients connect to; 0 when not listening.
    quint16 port() const;
    //! Where each new client connection is forwarded to. Pairs already open keep their upstream.
    void setUpstream(const QHostAddress &host, quint16 port);
    //! Stops listening and aborts every pair (as cutAll()). The settings (mode, delay, throttle, a
    //! pending stall) and the counters survive, so listen() again continues the same scenario.
    void close();

    void setMode(Mode mode);
    Mode mode() const { return m_mode; }

    //! Aborts every client and upstream socket at once (RST-like, QAbstractSocket::abort()):
    //! a crashed server, a dropped route. Bytes in flight are lost. Keeps listening.
    void cutAll();

    //! The next chunk forwarded downstream (server → client) is split: its first half (at least
    //! one byte; strictly less than the whole when it has two bytes or more) goes now, and
    //! everything after it in that direction is held for \a duration. That is a peer stalling in
    //! the middle of a websocket frame (QWebSocket gives up on an incomplete frame after 5 s and
    //! closes with 1001). One-shot; a second call before it is used replaces the duration. A cut or
    //! a switch to Blackhole during the hold drops the rest.
    void stallMidFrame(std::chrono::milliseconds duration);

    //! Each chunk read from now on, in either direction, is forwarded \a delay after it was read
    //! (latency of a long route). Chunks already queued keep their time; the order is kept even if
    //! the delay shrinks. 0 = none.
    void setDelay(std::chrono::milliseconds delay);
    std::chrono::milliseconds delay() const { return m_delay; }

    //! Caps each direction of each pair at roughly \a bytesPerSecond (a slow link), by releasing a
    //! share of the rate on every tick of a timer. Applies at once, also to queued bytes. 0 = no cap.
    void setThrottle(qint64 bytesPerSecond);
    qint64 throttle() const { return m_throttle; }

    //! Client connections accepted since construction, refused ones included: lets a test count
    //! a client's reconnect attempts while the "server" is down.
    int connectionCount() const { return m_connectionCount; }
    //! Client/upstream pairs currently open (not yet fully closed).
    int activePairs() const;
    //! Bytes forwarded client → server and server → client since construction.
    qint64 bytesUp() const { return m_bytesUp; }
    qint64 bytesDown() const { return m_bytesDown; }
    //! Bytes read and dropped because of Blackhole, since construction.
    qint64 bytesDropped() const { return m_bytesDropped; }
    //! Bytes read but not yet forwarded (waiting for a delay, the throttle or a stall), all pairs.
    //! Lets a test know the proxy has data in hand before it changes a setting.
    qint64 bytesInFlight() const;

Q_SIGNALS:
    //! A client connection was accepted (also in Refuse mode, where it is aborted right after).
    void clientConnected();
    //! A pair is fully closed: both its sockets are gone.
    void pairClosed();
    //! Bytes were just handed to a socket; one of the two counts is 0.
    void bytesForwarded(qint64 upstream, qint64 downstream);

private:
    friend class FaultProxyPair;
    //! Hands the pending stall to the one pair that forwards downstream next.
    std::optional<std::chrono::milliseconds> takePendingStall();
    void onNewConnection();
    QList<FaultProxyPair *> livePairs() const;

    QTcpServer m_server;
    QHostAddress m_upstreamHost;
    quint16 m_upstreamPort = 0;
    Mode m_mode = Mode::PassThrough;
    std::chrono::milliseconds m_delay{0};
    qint64 m_throttle = 0;
    std::optional<std::chrono::milliseconds> m_pendingStall;
    QList<QPointer<FaultProxyPair>> m_pairs;
    int m_connectionCount = 0;
    qint64 m_bytesUp = 0;
    qint64 m_bytesDown = 0;
    qint64 m_bytesDropped = 0;
};
