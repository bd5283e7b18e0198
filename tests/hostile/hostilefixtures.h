#pragma once
// What the hostile-client tests of parley-server share: settings that let a test's hundreds of
// clients in (they all come from 127.0.0.1), the process's peak memory and CPU time, and a
// websocket peer that stops reading (tests/server has the well-behaved SioClient).

#include "parleyserverfixtures.h"

#include <QFile>
#include <QTcpSocket>

#include <sys/resource.h>

//! fastHashing() with the per-address bounds opened wide: every test client is on 127.0.0.1.
inline ServerSettings manyFromOneAddress(ServerSettings settings = fastHashing())
{
    settings.maxConnectionsPerAddress = 100'000;
    settings.newAccountThrottle.freeFailures = 100'000;
    settings.maxRoomsPerAddress = 1'000'000;
    settings.roomsCreatedPerAddress = {};
    return settings;
}

//! The peak resident set of this process (VmHWM of /proc/self/status) in KiB; 0 if unknown.
inline qint64 peakRssKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

//! CPU time (user + system) this process used so far, in ms.
inline qint64 cpuMs()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return (qint64(usage.ru_utime.tv_sec) + usage.ru_stime.tv_sec) * 1000
            + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000;
}

//! A websocket client that signs in as a guest, joins a room, and then stops reading: its kernel
//! buffers fill and the server's queue for it grows -- the "stalled reader" of a memory attack.
//! Raw RFC 6455 over a QTcpSocket, since QWebSocket always reads what arrives.
class StalledReader : public QObject
{
public:
    //! Connects to \a server, signs in as \a name and joins \a room; check isReady().
    StalledReader(const ParleyServer &server, const QString &name, const QString &room)
    {
        QSignalSpy connected(&m_socket, &QTcpSocket::connected);
        m_socket.connectToHost(QHostAddress::LocalHost, server.port());
        if (!connected.wait(kWaitMs))
            return;
        m_socket.write("GET " + kSocketIoPath.toLatin1() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                       "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                       "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        if (!readUntil("\r\n\r\n") || !readUntil("0{"))  // the upgrade, then the Engine.IO open
            return;
        sendText(SocketIoCodec::connectFrame(QStringLiteral("/"), QJsonObject{{QLatin1String("name"), name}}));
        if (!readUntil("40{"))
            return;
        sendText(SocketIoCodec::eventFrame(QStringLiteral("join"),
                                           {QJsonObject{{QLatin1String("room"), room}}}, 1));
        if (!readUntil("431["))
            return;
        m_socket.setReadBufferSize(1); // from now on nothing more leaves the kernel's buffer
        m_ready = true;
    }

    bool isReady() const { return m_ready; }

private:
    //! Reads until \a marker has arrived (frames are not parsed: the markers are unambiguous).
    //! Runs the event loop meanwhile: the server is in this thread.
    bool readUntil(const QByteArray &marker)
    {
        const QDeadlineTimer deadline(kWaitMs);
        m_received += m_socket.readAll();
        while (!m_received.contains(marker)) {
            QSignalSpy readable(&m_socket, &QTcpSocket::readyRead);
            if (deadline.hasExpired() || !readable.wait(int(qMax<qint64>(1, deadline.remainingTime()))))
                return false;
            m_received += m_socket.readAll();
        }
        m_received = m_received.mid(m_received.indexOf(marker) + marker.size());
        return true;
    }

    //! One masked text frame (mask 0: the payload goes as it is).
    void sendText(const QString &text)
    {
        const QByteArray payload = text.toUtf8();
        QByteArray frame(1, char(0x81));
        if (payload.size() < 126) {
            frame += char(0x80 | payload.size());
        } else {
            frame += char(0x80 | 126);
            frame += char((payload.size() >> 8) & 0xff);
            frame += char(payload.size() & 0xff);
        }
        frame += QByteArray(4, '\0');
        frame += payload;
        m_socket.write(frame);
        m_socket.flush();
    }

    QTcpSocket m_socket;
    QByteArray m_received;
    bool m_ready = false;
};
