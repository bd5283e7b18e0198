#include "adminendpoint.h"

#include "logging.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

AdminEndpoint::AdminEndpoint(Sources sources, QObject *parent)
    : QObject(parent), m_sources(std::move(sources))
{
    connect(&m_server, &QTcpServer::newConnection, this, &AdminEndpoint::onConnection);
}

bool AdminEndpoint::listen(const QHostAddress &address, quint16 port)
{
    if (!m_server.listen(address, port))
        return false;
    qCInfo(lcServer).noquote() << "admin endpoint (healthz, readyz, metrics) on"
                               << address.toString() + QLatin1Char(':') + QString::number(m_server.serverPort());
    return true;
}

void AdminEndpoint::close()
{
    m_server.close();
}

void AdminEndpoint::onConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        if (m_open >= kMaxConnections) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        ++m_open;
        connect(socket, &QObject::destroyed, this, [this] { --m_open; });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        // A head that does not come in time is given up on.
        auto *timer = new QTimer(socket);
        timer->setSingleShot(true);
        connect(timer, &QTimer::timeout, socket, [socket] { socket->abort(); socket->deleteLater(); });
        timer->start(kRequestTimeout);
        auto head = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket, head, timer] {
            if (!timer->isActive())
                return; // answered already
            *head += socket->read(kMaxRequestBytes + 1 - head->size());
            if (head->size() > kMaxRequestBytes) {
                timer->stop();
                respond(socket, 431, "Request Header Fields Too Large", "text/plain", "request too large\n");
                return;
            }
            if (!head->contains("\r\n\r\n") && !head->contains("\n\n"))
                return;
            timer->stop();
            answer(socket, *head);
        });
    }
}

void AdminEndpoint::answer(QTcpSocket *socket, const QByteArray &head)
{
    const QList<QByteArray> requestLine = head.left(head.indexOf('\n')).trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1."))
        return respond(socket, 400, "Bad Request", "text/plain", "bad request\n");
    if (requestLine.at(0) != "GET")
        return respond(socket, 405, "Method Not Allowed", "text/plain", "only GET\n");
    QByteArray path = requestLine.at(1);
    if (const qsizetype query = path.indexOf('?'); query >= 0)
        path.truncate(query);
    if (path == "/healthz")
        return respond(socket, 200, "OK", "text/plain", "ok\n");
    if (path == "/readyz") {
        const QString why = m_sources.notReady ? m_sources.notReady() : QString();
        if (why.isEmpty())
            return respond(socket, 200, "OK", "text/plain", "ready\n");
        return respond(socket, 503, "Service Unavailable", "text/plain", "not ready: " + why.toUtf8() + '\n');
    }
    if (path == "/metrics" && m_sources.metrics)
        return respond(socket, 200, "OK", "text/plain; version=0.0.4; charset=utf-8", m_sources.metrics());
    respond(socket, 404, "Not Found", "text/plain", "not found\n");
}

void AdminEndpoint::respond(QTcpSocket *socket, int status, const QByteArray &reason,
                            const QByteArray &contentType, const QByteArray &body)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    out += "Content-Type: " + contentType + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += "Connection: close\r\n\r\n";
    out += body;
    socket->write(out);
    socket->disconnectFromHost(); // after the bytes are written; then deleted (disconnected)
}
