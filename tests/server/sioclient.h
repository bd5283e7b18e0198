#pragma once
// A bare Socket.IO client for the server tests: raw Engine.IO / Socket.IO strings built with
// SocketIoCodec over one QWebSocket, so the server is tested from the wire, not through ChatClient.

#include "socketiocodec.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QWebSocket>

#include <optional>

//! How long any single expected reply may take before a test fails (never a fixed sleep).
inline constexpr int kWaitMs = 5000;
inline const QString kSocketIoPath = QStringLiteral("/socket.io/?EIO=4&transport=websocket");

//! A bare Socket.IO client for tests: one QWebSocket, every received frame kept, Socket.IO packets
//! decoded, pings answered unless autoPong is switched off.
class SioClient : public QObject
{
    Q_OBJECT

public:
    explicit SioClient(QObject *parent = nullptr)
        : QObject(parent)
    {
        // The Qt 6.4 multi-byte split defect applies to the client's sends as well.
        socket.setOutgoingFrameSize(64 * 1024 * 1024);
        connect(&socket, &QWebSocket::textMessageReceived, this, &SioClient::onText);
    }

    //! Runs the event loop until \a done is true (false after kWaitMs). Wakes on every received
    //! frame instead of polling, which keeps the many request/answer round trips quick.
    template <typename Predicate>
    bool waitUntil(Predicate done)
    {
        const QDeadlineTimer deadline(kWaitMs);
        while (!done()) {
            if (deadline.hasExpired())
                return false;
            QSignalSpy received(&socket, &QWebSocket::textMessageReceived);
            received.wait(int(qMax<qint64>(1, deadline.remainingTime())));
        }
        return true;
    }

    void open(const QUrl &serverUrl, const QString &pathAndQuery = kSocketIoPath)
    {
        socket.open(QUrl(serverUrl.toString() + pathAndQuery));
    }

    //! Opens the websocket and waits for the Engine.IO open packet.
    bool openEngine(const QUrl &serverUrl)
    {
        open(serverUrl);
        return waitUntil([this] { return haveOpen; });
    }

    //! Sends "40" (with \a auth when not empty) and waits for the answer: the packet, or nullopt.
    std::optional<SocketIoPacket> connectIo(const QJsonObject &auth = {},
                                            const QString &nsp = QStringLiteral("/"))
    {
        const qsizetype before = packets.size();
        send(SocketIoCodec::connectFrame(nsp, auth));
        const auto answered = [&] {
            for (qsizetype i = before; i < packets.size(); ++i) {
                if (packets.at(i).type == SocketIoType::Connect
                    || packets.at(i).type == SocketIoType::ConnectError)
                    return i;
            }
            return qsizetype(-1);
        };
        if (!waitUntil([&] { return answered() >= 0; }))
            return std::nullopt;
        return packets.at(answered());
    }

    void send(const QString &frame) { socket.sendTextMessage(frame); }

    void emitEvent(const QString &event, const QJsonArray &args,
                   std::optional<qint64> ackId = std::nullopt)
    {
        send(SocketIoCodec::eventFrame(event, args, ackId));
    }

    //! Emits \a event with a fresh ack id and waits for the ack's first argument.
    std::optional<QJsonObject> request(const QString &event, const QJsonArray &args)
    {
        const qint64 id = nextAckId++;
        emitEvent(event, args, id);
        return waitForAck(id);
    }

    std::optional<QJsonObject> waitForAck(qint64 id)
    {
        const auto find = [&]() -> const SocketIoPacket * {
            for (const SocketIoPacket &p : std::as_const(packets)) {
                if (p.type == SocketIoType::Ack && p.id == id)
                    return &p;
            }
            return nullptr;
        };
        if (!waitUntil([&] { return find() != nullptr; }))
            return std::nullopt;
        return find()->data.toArray().at(0).toObject();
    }

    //! Arguments of every received event called \a name, in arrival order.
    QList<QJsonArray> events(const QString &name) const
    {
        QList<QJsonArray> result;
        for (const SocketIoPacket &p : packets) {
            if (p.type == SocketIoType::Event && p.eventName() == name)
                result.append(p.arguments());
        }
        return result;
    }

    bool waitForEvents(const QString &name, qsizetype count)
    {
        return waitUntil([&] { return events(name).size() >= count; });
    }

    //! The newest "members" list received for \a room.
    QStringList lastMembers(const QString &room) const
    {
        const QList<QJsonArray> all = events(QStringLiteral("members"));
        for (auto it = all.crbegin(); it != all.crend(); ++it) {
            const QJsonObject o = it->at(0).toObject();
            if (o.value(QLatin1String("room")).toString() == room) {
                QStringList names;
                const QJsonArray members = o.value(QLatin1String("members")).toArray();
                for (const QJsonValue &m : members)
                    names << m.toString();
                return names;
            }
        }
        return {};
    }

    QWebSocket socket;
    QStringList frames;              //!< every text frame, raw
    QList<SocketIoPacket> packets;   //!< every decodable Socket.IO packet
    EngineIoOpen openPacket;
    bool haveOpen = false;
    int pings = 0;
    bool autoPong = true;
    qint64 nextAckId = 0;

private:
    void onText(const QString &frame)
    {
        frames << frame;
        EngineIoPacket engine;
        if (!SocketIoCodec::decodeEngine(frame, &engine, nullptr))
            return;
        switch (engine.type) {
        case EngineIoType::Open:
            haveOpen = SocketIoCodec::decodeOpen(engine.data, &openPacket, nullptr);
            break;
        case EngineIoType::Ping:
            ++pings;
            if (autoPong)
                send(SocketIoCodec::encodeEngine(EngineIoType::Pong));
            break;
        case EngineIoType::Message: {
            SocketIoPacket packet;
            if (SocketIoCodec::decodeSocket(engine.data, &packet, nullptr))
                packets << packet;
            break;
        }
        default:
            break;
        }
    }
};
