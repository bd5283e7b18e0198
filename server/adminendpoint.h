#pragma once
// AdminEndpoint: parley-server's HTTP port for operators and load balancers (issue 14), apart
// from the chat port so it can stay on a private interface (`--admin 127.0.0.1:9187`):
//   GET /healthz  200 "ok": the process and its event loop answer
//   GET /readyz   200 "ready" when it takes clients (listening, databases open), else 503 and why
//   GET /metrics  Prometheus text format: connections, messages stored, fan-out frames and time,
//                 outgoing queue bytes
// Anything else: 404; another method: 405. Hostile input is bounded: a request's head at most
// kMaxRequestBytes (else 431), kRequestTimeout to send it, kMaxConnections at once; one answer per
// connection, then it is closed.
#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QTcpServer>
#include <chrono>
#include <functional>

class QTcpSocket;

class AdminEndpoint : public QObject
{
    Q_OBJECT
public:
    static constexpr qsizetype kMaxRequestBytes = 8 * 1024;
    static constexpr std::chrono::milliseconds kRequestTimeout{5000};
    static constexpr int kMaxConnections = 32;

    //! What the endpoints say, asked at each request.
    struct Sources
    {
        //! Empty when ready; else why not.
        std::function<QString()> notReady;
        //! The /metrics body.
        std::function<QByteArray()> metrics;
    };

    explicit AdminEndpoint(Sources sources, QObject *parent = nullptr);

    bool listen(const QHostAddress &address, quint16 port);
    void close();
    bool isListening() const { return m_server.isListening(); }
    quint16 port() const { return m_server.serverPort(); }
    QString errorString() const { return m_server.errorString(); }

private:
    void onConnection();
    void answer(QTcpSocket *socket, const QByteArray &head);
    static void respond(QTcpSocket *socket, int status, const QByteArray &reason,
                        const QByteArray &contentType, const QByteArray &body);

    Sources m_sources;
    //! Connections open now. Declared before m_server: the sockets, its children, count down as
    //! it is destroyed.
    int m_open = 0;
    QTcpServer m_server;
};
