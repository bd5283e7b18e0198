#pragma once
// A websocket "server" that completes the RFC 6455 opening handshake and then never says another
// word: it reads and drops every byte and never answers a ping. This is what a frozen or
// half-dead peer looks like from the client side; only a heartbeat can notice it.
#include <QCryptographicHash>
#include <QHostAddress>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

class FrozenWebSocketPeer : public QTcpServer
{
public:
    explicit FrozenWebSocketPeer(QObject *parent = nullptr)
        : QTcpServer(parent)
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = nextPendingConnection()) {
                m_sockets << s;
                connect(s, &QTcpSocket::readyRead, s, [this, s] { onRead(s); });
            }
        });
    }

    bool start() { return listen(QHostAddress::LocalHost, 0); }
    //! After the handshake, stop reading at all (a peer whose process is frozen): the kernel
    //! buffers fill and the client's send queue grows.
    void setStopReadingAfterHandshake(bool stop) { m_stopReading = stop; }
    int acceptedCount() const { return int(m_sockets.size()); }

private:
    void onRead(QTcpSocket *s)
    {
        if (s->property("upgraded").toBool()) {
            if (m_stopReading) {
                s->setReadBufferSize(1); // Qt stops pulling from the kernel: the window closes
                return;
            }
            s->readAll(); // frozen: swallow everything, answer nothing
            return;
        }
        QByteArray buf = s->property("buf").toByteArray() + s->readAll();
        const int end = int(buf.indexOf("\r\n\r\n"));
        if (end < 0) {
            s->setProperty("buf", buf);
            return;
        }
        QByteArray key;
        const QList<QByteArray> lines = buf.left(end).split('\n');
        for (const QByteArray &line : lines) {
            if (line.toLower().startsWith("sec-websocket-key:"))
                key = line.mid(18).trimmed();
        }
        const QByteArray accept = QCryptographicHash::hash(QByteArray(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"),
                                                           QCryptographicHash::Sha1).toBase64();
        const QByteArray reply = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                 "Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n\r\n";
        s->write(reply);
        s->setProperty("upgraded", true);
    }

    QList<QPointer<QTcpSocket>> m_sockets;
    bool m_stopReading = false;
};
