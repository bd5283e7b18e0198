#pragma once
// NodePeer: a real Node chat peer (a socket.io / ws / nodejs-websocket server, or socket.io-client)
// run by an interop test. The peer scripts live in tests/interop/peers/ and their packages in
// tests/interop/node_modules (installed by `npm ci` from the lock file; parley.sh test does it).
//
// Protocol with the scripts: a server prints "listening <port>" once it listens on 127.0.0.1 (port
// 0: a free one); a client prints "ready". Then every stdout line is a JSON object. Commands go to
// the script's stdin as JSON lines; closing stdin (or the test process dying) ends the script.
//
// Without node or node_modules the tests QSKIP with the reason; with PARLEY_INTEROP_REQUIRED=1 in
// the environment (CI, `parley.sh test` after a successful `npm ci`) they fail instead, so that CI
// can never pass by skipping them.
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QUrl>
#include <functional>

class NodePeer : public QObject
{
    Q_OBJECT
public:
    //! How long a peer may take to start (node is slow to load socket.io on a busy CI machine).
    static constexpr int kStartTimeoutMs = 20000;
    //! Default wait for a line the test expects.
    static constexpr int kLineTimeoutMs = 10000;

    explicit NodePeer(QObject *parent = nullptr);
    //! Stops the script (stdin closed, then terminate, then kill).
    ~NodePeer() override;

    //! Empty when interop tests can run here, else why not (node missing, npm ci not run…).
    static QString unavailableReason();
    //! PARLEY_INTEROP_REQUIRED=1: a missing peer is a failure, not a skip.
    static bool required();
    //! tests/interop in the source tree (the scripts' working directory).
    static QString interopDir();

    //! Starts peers/\a script with \a arguments and waits for its "listening <port>" (servers) or
    //! "ready" (clients) line. False, with errorString(), on failure.
    bool start(const QString &script, const QStringList &arguments = {});
    void stop();
    QString errorString() const { return m_error; }

    quint16 port() const { return m_port; }
    //! ws://127.0.0.1:<port><path>
    QUrl url(const QString &path = {}) const;

    //! JSON lines printed since start (after the listening/ready line).
    QList<QJsonObject> events() const { return m_events; }
    //! The JSON lines whose "event" is \a event.
    QList<QJsonObject> events(const QString &event) const;
    //! Waits (processing events) until a JSON line matches \a predicate; returns it, or an empty
    //! object on timeout. Lines seen before the call count too.
    QJsonObject waitFor(const std::function<bool(const QJsonObject &)> &predicate, int timeoutMs = kLineTimeoutMs);
    QJsonObject waitForEvent(const QString &event, int timeoutMs = kLineTimeoutMs);
    //! Sends one command line to the script.
    void command(const QJsonObject &command);
    //! What the script wrote on stderr (for failure messages).
    QString stderrText() const { return m_stderr; }

private:
    void onStdout();

    QProcess m_process;
    QByteArray m_buffer;
    QList<QJsonObject> m_events;
    QString m_stderr;
    QString m_error;
    quint16 m_port = 0;
    bool m_started = false;
};

//! In initTestCase(): skip (or, when required, fail) the whole test case without node peers.
#define PARLEY_REQUIRE_NODE_PEERS()                                                                \
    do {                                                                                           \
        const QString why_ = NodePeer::unavailableReason();                                        \
        if (!why_.isEmpty()) {                                                                     \
            if (NodePeer::required())                                                              \
                QFAIL(qPrintable(QStringLiteral("PARLEY_INTEROP_REQUIRED=1 but ") + why_));        \
            QSKIP(qPrintable(why_));                                                               \
        }                                                                                          \
    } while (false)
