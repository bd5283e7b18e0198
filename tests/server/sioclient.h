#pragma once
// A bare Socket.IO client for the server tests: raw Engine.IO / Socket.IO strings built with
// SocketIoCodec over one QWebSocket, so the server is tested from the wire, not through ChatClient.

#include "socketiocodec.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QTimer>
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
        connect(&socket, &QWebSocket::binaryMessageReceived, this,
                [this](const QByteArray &data) { binaryFrames << data; });
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
            // Woken by a text or a binary frame (a binary ack's bytes come after its text).
            QEventLoop loop;
            connect(&socket, &QWebSocket::textMessageReceived, &loop, &QEventLoop::quit);
            connect(&socket, &QWebSocket::binaryMessageReceived, &loop, &QEventLoop::quit);
            QTimer::singleShot(int(qMax<qint64>(1, deadline.remainingTime())), &loop, &QEventLoop::quit);
            loop.exec();
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

    //! Emits \a event with \a attachments as binary frames after it ("45<n>-<id>[…]"; \a args
    //! hold their placeholders) and waits for the ack's first argument.
    std::optional<QJsonObject> requestWithAttachments(const QString &event, const QJsonArray &args,
                                                      const QList<QByteArray> &attachments)
    {
        const qint64 id = nextAckId++;
        send(SocketIoCodec::binaryEventFrame(event, args, int(attachments.size()), id));
        for (const QByteArray &a : attachments)
            socket.sendBinaryMessage(a);
        return waitForAck(id);
    }

    //! Emits \a event and waits for a binary ack: its first argument and its attachments.
    std::optional<std::pair<QJsonObject, QList<QByteArray>>> requestBinaryAnswer(const QString &event,
                                                                                 const QJsonArray &args)
    {
        const qint64 id = nextAckId++;
        emitEvent(event, args, id);
        const auto find = [&]() -> const BinaryAck * {
            for (const BinaryAck &a : std::as_const(binaryAcks)) {
                if (a.id == id && binaryFrames.size() >= a.firstFrame + a.count)
                    return &a;
            }
            return nullptr;
        };
        if (!waitUntil([&] { return find() != nullptr || waitForAckNow(id); }))
            return std::nullopt;
        if (const BinaryAck *a = find())
            return std::make_pair(a->answer, binaryFrames.mid(a->firstFrame, a->count));
        return std::make_pair(*waitForAckNow(id), QList<QByteArray>{}); // a plain ack: a refusal
    }

    std::optional<QJsonObject> waitForAck(qint64 id)
    {
        const auto find = [&]() -> const SocketIoPacket * {
            for (const SocketIoPacket &p : std::as_const(packets)) {
                if ((p.type == SocketIoType::Ack || p.type == SocketIoType::BinaryAck) && p.id == id)
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

    //! A plain ack \a id already received, without waiting.
    std::optional<QJsonObject> waitForAckNow(qint64 id) const
    {
        for (const SocketIoPacket &p : packets) {
            if (p.type == SocketIoType::Ack && p.id == id)
                return p.data.toArray().at(0).toObject();
        }
        return std::nullopt;
    }

    //! A binary ack: its answer, and where its frames are in binaryFrames.
    struct BinaryAck
    {
        qint64 id = -1;
        qsizetype firstFrame = 0;
        int count = 0;
        QJsonObject answer;
    };

    QWebSocket socket;
    QList<QByteArray> binaryFrames;  //!< every binary frame, in order
    QList<BinaryAck> binaryAcks;     //!< every binary ack ("46"), in order
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
            if (SocketIoCodec::decodeSocket(engine.data, &packet, nullptr)) {
                packets << packet;
                if (packet.type == SocketIoType::BinaryAck && packet.id)
                    binaryAcks << BinaryAck{*packet.id, binaryFrames.size(), packet.attachments,
                                            packet.data.toArray().at(0).toObject()};
            }
            break;
        }
        default:
            break;
        }
    }
};
