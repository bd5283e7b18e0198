#pragma once
// Engine.IO 4 / Socket.IO 5 wire codec: pure functions, no socket, no state.
//
// An Engine.IO frame over websocket is one text message: a one-digit packet type followed by data
// ("0{...}" open, "2" ping, "3" pong, "4..." message). A Socket.IO packet rides inside an Engine.IO
// message: <type>[<attachments>-][<namespace>,][<ack id>][<JSON>], e.g. 42["chat message","hi"],
// 2/admin,17["x",1], 43 17[{"ok":true}] (without the space), 451-["file",{"_placeholder":true,"num":0}].
//
// Decoding never throws and never crashes: malformed input gives false and a human-readable error.
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <optional>

//! Engine.IO packet types (protocol v4).
enum class EngineIoType : char {
    Open = '0',
    Close = '1',
    Ping = '2',
    Pong = '3',
    Message = '4',
    Upgrade = '5',
    Noop = '6',
};

struct EngineIoPacket
{
    EngineIoType type = EngineIoType::Noop;
    QString data;
};

//! The data of an Engine.IO open packet: 0{"sid":…,"upgrades":[],"pingInterval":…,"pingTimeout":…,"maxPayload":…}
struct EngineIoOpen
{
    QString sid;
    QStringList upgrades;
    int pingIntervalMs = 25000;
    int pingTimeoutMs = 20000;
    qint64 maxPayload = 1000000;
};

//! Socket.IO packet types (protocol v5).
enum class SocketIoType : int {
    Connect = 0,
    Disconnect = 1,
    Event = 2,
    Ack = 3,
    ConnectError = 4,
    BinaryEvent = 5,
    BinaryAck = 6,
};

struct SocketIoPacket
{
    SocketIoType type = SocketIoType::Event;
    QString nsp = QStringLiteral("/");
    std::optional<qint64> id;  //!< ack id, if the sender wants an acknowledgement
    int attachments = 0;       //!< binary attachments that follow (BinaryEvent/BinaryAck)
    QJsonValue data;           //!< Connect: object or undefined; Event/Ack: array; ConnectError: object

    //! For events: the event name (first array element), or an empty string.
    QString eventName() const;
    //! For events: the arguments after the name; for acks: the whole array.
    QJsonArray arguments() const;
};

class SocketIoCodec
{
public:
    // Engine.IO layer
    static bool decodeEngine(const QString &frame, EngineIoPacket *out, QString *error);
    static QString encodeEngine(EngineIoType type, const QString &data = {});
    static bool decodeOpen(const QString &data, EngineIoOpen *out, QString *error);
    static QString encodeOpen(const EngineIoOpen &open);

    // Socket.IO layer (the data of an Engine.IO Message packet)
    static bool decodeSocket(const QString &payload, SocketIoPacket *out, QString *error);
    static QString encodeSocket(const SocketIoPacket &packet);

    // Conveniences that produce a complete Engine.IO frame ("4" + Socket.IO packet).
    static QString connectFrame(const QString &nsp = QStringLiteral("/"),
                                const QJsonObject &auth = {});
    static QString eventFrame(const QString &event, const QJsonArray &args,
                              std::optional<qint64> ackId = std::nullopt,
                              const QString &nsp = QStringLiteral("/"));
    static QString ackFrame(qint64 ackId, const QJsonArray &args,
                            const QString &nsp = QStringLiteral("/"));

    //! Largest ack id accepted on decode (socket.io uses a counter from 0; we guard overflow).
    static constexpr qint64 kMaxAckId = 999'999'999'999LL;
};
