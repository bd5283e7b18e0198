// Fan-out of one room with 500 listeners through parley-server: a single node on SQLite, and
// clusters of 1, 2 and 3 nodes on PostgreSQL + Redis -- against socket.io 4.8 nodes with the
// @socket.io/redis-adapter on the same Redis, machine and load (issue 14). Every server is a real
// process started here; PostgreSQL and Redis are private ones (tests/engines).
//
// Load: the listeners are spread round robin over the nodes (straight to each node's port, no
// balancer in the path); one sender on the first node posts R messages a second for S seconds,
// each carrying its send time. Per configuration it prints deliveries/s, p50/p99/max latency
// (send to arrival, one clock), deliveries missing after a 15 s grace, and CPU: the nodes' per
// delivered message, and the engines' (PostgreSQL's backends, Redis) beside it.
//
// The load generator (this process: 501 websockets, frames matched by prefix, no JSON parsing)
// reports its own CPU share; above 80 % of a core it says it may be the bottleneck.
//
// Usage: bench_cluster_fanout [listeners=500] [messages-per-second=40] [seconds=5]
// Needs postgresql, redis-server, node and tests/interop's node_modules (npm ci there).
#include "engineprocess.h"
#include "freeport.h"
#include "postgresinstance.h"
#include "redisinstance.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QEventLoop>
#include <QTimer>
#include <QWebSocket>

#include <csignal>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <vector>

namespace {

QElapsedTimer g_clock; //!< the one clock of send and arrival times
qint64 g_lastArrival = 0; //!< when the last "chat message" arrived (g_clock ns)

//! One websocket speaking just enough Engine.IO/Socket.IO: connect (with \a auth), join the room,
//! answer pings; a listener records the latency of every "chat message" that arrives.
class Peer : public QObject
{
public:
    Peer(bool parley, const QString &name, std::vector<qint64> *latencies)
        : m_parley(parley), m_name(name), m_latencies(latencies)
    {
        connect(&m_socket, &QWebSocket::textMessageReceived, this, &Peer::onText);
    }
    void open(quint16 port)
    {
        m_socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/socket.io/?EIO=4&transport=websocket").arg(port)));
    }
    bool isJoined() const { return m_joined; }
    //! The sender's acknowledgement times (send to ack, ns): the link's own round trip.
    std::vector<qint64> ackTimes;

    void send(qint64 n)
    {
        m_sentAt.push_back(g_clock.nsecsElapsed());
        const QString text = QStringLiteral("t%1").arg(m_sentAt.back());
        m_socket.sendTextMessage(QStringLiteral("42%1[\"chat message\",{\"room\":\"bench\",\"text\":\"%2\",\"clientId\":\"c%3\"}]")
                                         .arg(n + 1000)
                                         .arg(text)
                                         .arg(n));
    }

private:
    void onText(const QString &frame)
    {
        if (frame.startsWith(QLatin1String("42[\"chat message\""))) {
            const qsizetype at = frame.indexOf(QLatin1String("\"text\":\"t"));
            if (at >= 0 && m_latencies) {
                qsizetype end = at + 9;
                while (end < frame.size() && frame.at(end).isDigit())
                    ++end;
                g_lastArrival = g_clock.nsecsElapsed();
                m_latencies->push_back(g_lastArrival - frame.mid(at + 9, end - at - 9).toLongLong());
            }
        } else if (frame == QLatin1String("2")) {
            m_socket.sendTextMessage(QStringLiteral("3"));
        } else if (frame.startsWith(QLatin1Char('0'))) { // Engine.IO open: connect
            m_socket.sendTextMessage(m_parley ? QStringLiteral("40{\"name\":\"%1\"}").arg(m_name) : QStringLiteral("40"));
        } else if (frame.startsWith(QLatin1String("40"))) { // connected: join
            m_socket.sendTextMessage(m_parley ? QStringLiteral("421[\"join\",{\"room\":\"bench\"}]")
                                              : QStringLiteral("421[\"join\",\"bench\"]"));
        } else if (frame.startsWith(QLatin1String("431["))) {
            m_joined = true;
        } else if (frame.startsWith(QLatin1String("43"))) {
            const qsizetype bracket = frame.indexOf(QLatin1Char('['));
            const qint64 n = frame.mid(2, bracket - 2).toLongLong() - 1000;
            if (n >= 0 && n < qint64(m_sentAt.size()))
                ackTimes.push_back(g_clock.nsecsElapsed() - m_sentAt[size_t(n)]);
        }
    }

    bool m_parley;
    QString m_name;
    std::vector<qint64> *m_latencies;
    QWebSocket m_socket;
    bool m_joined = false;
    std::vector<qint64> m_sentAt;
};

//! CPU seconds (user + system) of process \a pid so far; 0 when it is gone.
double cpuOf(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray line = stat.readAll();
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime and stime are fields 14 and 15.
    return fields.size() > 12 ? (fields.at(11).toDouble() + fields.at(12).toDouble()) / double(sysconf(_SC_CLK_TCK)) : 0;
}

//! \a pid and its children (PostgreSQL's backends), CPU seconds.
double treeCpuOf(qint64 pid)
{
    double total = cpuOf(pid);
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &entry : entries) {
        bool ok = false;
        const qint64 child = entry.toLongLong(&ok);
        if (!ok)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(child));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = stat.readAll();
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 1 && fields.at(1).toLongLong() == pid)
            total += cpuOf(child);
    }
    return total;
}

//! Runs the event loop until \a done (checked every millisecond) or \a timeoutMs pass. Not
//! QTest::qWaitFor: it sleeps 10 ms between its turns of the loop, which would add up to 10 ms to
//! every send and arrival measured here.
bool runUntil(const std::function<bool()> &done, int timeoutMs)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer check;
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    check.start(1);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return done();
}

double selfCpu()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

struct Config
{
    QString name;
    bool parley = true;
    bool sqlite = false;
    int nodes = 1;
};

struct Engines
{
    PostgresInstance pg;
    RedisInstance redis;
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int listeners = args.size() > 1 ? qMax(1, args.at(1).toInt()) : 500;
    const int rate = args.size() > 2 ? qMax(1, args.at(2).toInt()) : 40;
    const int seconds = args.size() > 3 ? qMax(1, args.at(3).toInt()) : 5;
    g_clock.start();

    Engines engines;
    if (!engines.pg.start() || !engines.redis.start()) {
        qWarning("engines did not start: %s %s", qPrintable(engines.pg.errorString()),
                 qPrintable(engines.redis.errorString()));
        return 1;
    }
    const QString redisUrl = QStringLiteral("redis://127.0.0.1:%1").arg(engines.redis.port());
    const QString peers = QStringLiteral(PARLEY_INTEROP_DIR);
    printf("fan-out of one room: %d listeners, %d messages/s for %d s (%d deliveries expected)\n",
           listeners, rate, seconds, listeners * rate * seconds);
    printf("%-28s %12s %9s %9s %9s %8s %14s %14s %9s %9s\n", "configuration", "deliveries/s", "p50 ms",
           "p99 ms", "max ms", "missing", "node µs/deliv", "engine µs/deliv", "load cpu", "ack p50");

    const QList<Config> configs{
            {QStringLiteral("parley 1 node, SQLite"), true, true, 1},
            {QStringLiteral("parley 1 node, PG+Redis"), true, false, 1},
            {QStringLiteral("parley 2 nodes, PG+Redis"), true, false, 2},
            {QStringLiteral("parley 3 nodes, PG+Redis"), true, false, 3},
            {QStringLiteral("socket.io 1 node, Redis"), false, false, 1},
            {QStringLiteral("socket.io 2 nodes, Redis"), false, false, 2},
            {QStringLiteral("socket.io 3 nodes, Redis"), false, false, 3},
    };
    int database = 0;
    for (const Config &config : configs) {
        // A fresh database per Parley configuration, so that every run starts from an empty room.
        QString databaseUrl;
        if (config.parley && !config.sqlite) {
            const QString name = QStringLiteral("bench%1").arg(++database);
            QProcess createdb;
            createdb.start(PostgresInstance::binDirectory() + QStringLiteral("/createdb"),
                           {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                            QString::number(engines.pg.port()), QStringLiteral("-U"), QStringLiteral("parley"), name});
            createdb.waitForFinished(30000);
            databaseUrl = QStringLiteral("postgresql://parley@127.0.0.1:%1/%2").arg(engines.pg.port()).arg(name);
        }
        QTemporaryDir data;
        std::vector<std::unique_ptr<EngineProcess>> nodes;
        QList<quint16> ports;
        bool started = true;
        for (int i = 0; i < config.nodes && started; ++i) {
            auto node = std::make_unique<EngineProcess>();
            const quint16 port = FreePort::onLoopback();
            if (config.parley) {
                QStringList a{QStringLiteral("--port"), QString::number(port), QStringLiteral("--guests"),
                              QStringLiteral("--data"), data.filePath(QString::number(i)),
                              QStringLiteral("--max-connections-per-address"), QStringLiteral("100000"),
                              QStringLiteral("--messages-per-second"), QStringLiteral("100000")};
                if (!config.sqlite)
                    a << QStringLiteral("--database") << databaseUrl << QStringLiteral("--redis") << redisUrl;
                started = node->start(QStringLiteral(PARLEY_SERVER_PATH), a,
                                      QStringLiteral("parley-server listening on"), 20000);
            } else {
                started = node->start(QStringLiteral("node"),
                                      {peers + QStringLiteral("/peers/socketio-cluster.js"),
                                       QString::number(port), redisUrl},
                                      QStringLiteral("socketio-cluster listening on"), 20000,
                                      [&peers](QProcess &p) { p.setWorkingDirectory(peers); });
            }
            if (!started)
                qWarning("%s: node %d did not start: %s", qPrintable(config.name), i, qPrintable(node->log().right(2000)));
            ports << port;
            nodes.push_back(std::move(node));
        }
        if (!started)
            continue;

        std::vector<qint64> latencies;
        latencies.reserve(size_t(listeners) * size_t(rate) * size_t(seconds));
        std::vector<std::unique_ptr<Peer>> audience;
        for (int i = 0; i < listeners; ++i) {
            audience.push_back(std::make_unique<Peer>(config.parley, QStringLiteral("l%1").arg(i), &latencies));
            audience.back()->open(ports.at(i % ports.size()));
        }
        Peer sender(config.parley, QStringLiteral("sender"), nullptr);
        sender.open(ports.at(0));
        const auto allJoined = [&] {
            return sender.isJoined()
                    && std::all_of(audience.cbegin(), audience.cend(), [](const auto &p) { return p->isJoined(); });
        };
        if (!runUntil(allJoined, 60000)) {
            qWarning("%s: not everyone joined", qPrintable(config.name));
            continue;
        }
        runUntil([] { return false; }, 500); // member lists and presence of the joins settle before the clock starts

        const qint64 expected = qint64(listeners) * rate * seconds;
        std::vector<double> nodeCpu0;
        for (const auto &n : nodes)
            nodeCpu0.push_back(treeCpuOf(n->processId()));
        const double engineCpu0 = treeCpuOf(engines.pg.processId()) + cpuOf(engines.redis.processId());
        const double loadCpu0 = selfCpu();
        const qint64 start = g_clock.nsecsElapsed();
        qint64 sent = 0;
        QTimer tick;
        tick.setTimerType(Qt::PreciseTimer);
        tick.setInterval(5);
        QObject::connect(&tick, &QTimer::timeout, [&] {
            const qint64 due = (g_clock.nsecsElapsed() - start) * rate / 1'000'000'000;
            while (sent < due && sent < qint64(rate) * seconds)
                sender.send(sent++);
        });
        tick.start();
        runUntil([&] { return sent >= qint64(rate) * seconds; }, (seconds + 30) * 1000);
        tick.stop();
        runUntil([&] { return qint64(latencies.size()) >= expected; }, 15000);
        const qint64 end = g_clock.nsecsElapsed();
        double nodeCpu = 0;
        for (size_t i = 0; i < nodes.size(); ++i)
            nodeCpu += treeCpuOf(nodes[i]->processId()) - nodeCpu0[i];
        const double engineCpu = treeCpuOf(engines.pg.processId()) + cpuOf(engines.redis.processId()) - engineCpu0;
        const double loadCpu = selfCpu() - loadCpu0;

        std::vector<qint64> sorted = latencies;
        std::sort(sorted.begin(), sorted.end());
        const auto at = [&sorted](double q) {
            return sorted.empty() ? 0.0 : double(sorted[size_t(q * double(sorted.size() - 1))]) / 1e6;
        };
        // Deliveries/s over the time the messages took to arrive: first send to last arrival.
        const double span = double(end - start) / 1e9;
        const qint64 delivered = qint64(latencies.size());
        const double lastArrivalSpan = double(qMax(g_lastArrival, start + 1) - start) / 1e9;
        std::vector<qint64> acks = sender.ackTimes;
        std::sort(acks.begin(), acks.end());
        const double ackP50 = acks.empty() ? 0.0 : double(acks[acks.size() / 2]) / 1e6;
        printf("%-28s %12.0f %9.2f %9.2f %9.2f %8lld %14.1f %14.1f %8.0f%% %8.2f%s\n", qPrintable(config.name),
               double(delivered) / lastArrivalSpan, at(0.5), at(0.99), at(1.0), expected - delivered,
               delivered ? nodeCpu * 1e6 / double(delivered) : 0.0,
               delivered ? engineCpu * 1e6 / double(delivered) : 0.0, 100.0 * loadCpu / span, ackP50,
               loadCpu / span > 0.8 ? "  (load generator near a full core: figures are a floor)" : "");
        fflush(stdout);
        audience.clear();
        for (auto &n : nodes)
            n->stop(SIGTERM);
    }
    return 0;
}
