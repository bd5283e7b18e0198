#pragma once
// NotFoundServer: an HTTP server on 127.0.0.1 that refuses every websocket handshake with 404, a
// permanent error the client must not retry by itself. Used by tst_connectionbanner and by the
// banner pictures of parley_ui_screenshots.
#include <QTcpServer>
#include <QTcpSocket>

//! Answers every request with "404 Not Found" and closes; counts the requests.
class NotFoundServer : public QTcpServer
{
public:
    NotFoundServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    socket->readAll();
                    ++requests;
                    socket->write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n"
                                  "Connection: close\r\n\r\n");
                    socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    int requests = 0;
};
