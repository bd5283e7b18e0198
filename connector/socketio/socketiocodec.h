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
#include <QList>
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
    //! False unless \a data has a string sid and whole-number pingInterval and pingTimeout of
    //! 1 ms to a day (a fraction is refused, not cut to 0 ms). A maxPayload that is not a whole
    //! byte count (1e308, -1, 0.5) keeps the default: it is advisory for a websocket client.
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

    // Binary attachments (socket.io-parser's deconstructPacket/reconstructPacket). A Buffer inside
    // the arguments travels as {"_placeholder":true,"num":N} in the text packet ("45…"/"46…", the
    // count of attachments before a '-'), followed by N binary websocket frames in order. JSON has
    // no bytes, so decoded arguments keep their placeholders and the bytes travel beside them.

    //! The placeholder standing for attachment \a num.
    static QJsonObject placeholder(int num);
    //! The attachment index \a value stands for, or -1 if it is not a placeholder.
    static int placeholderIndex(const QJsonValue &value);
    //! Placeholders anywhere inside \a value (nested arrays and objects too), in document order.
    static QList<int> placeholders(const QJsonValue &value);
    //! True when every placeholder in \a value points at one of \a attachments attachments: a
    //! packet that fails this cannot be reassembled and is dropped as malformed.
    static bool placeholdersValid(const QJsonValue &value, int attachments);
    //! "45<n>-[…]": an event whose \a args hold placeholders for \a attachments binary frames.
    static QString binaryEventFrame(const QString &event, const QJsonArray &args, int attachments,
                                    std::optional<qint64> ackId = std::nullopt,
                                    const QString &nsp = QStringLiteral("/"));
    //! "46<n>-<id>[…]": an acknowledgement carrying binary attachments.
    static QString binaryAckFrame(qint64 ackId, const QJsonArray &args, int attachments,
                                  const QString &nsp = QStringLiteral("/"));

    // Connection state recovery (socket.io >= 4.6 with `connectionStateRecovery`): the connect
    // reply carries a private session id "pid", and the server appends an "offset" (a string) as
    // the last argument of every event it stores for replay, i.e. events without an ack id. A
    // client that reconnects with {pid, offset} in its connect auth gets the missed events.

    //! The recovery offset \a packet carries, or an empty string (not an event, asks for an ack,
    //! or its last argument is not a string).
    static QString recoveryOffset(const SocketIoPacket &packet);
    //! \a auth with "pid" and "offset" added for a recovering connect (socket.io-client's order:
    //! the caller's own auth fields win). \a auth unchanged if either is empty.
    static QJsonObject recoveryAuth(const QJsonObject &auth, const QString &pid, const QString &offset);

    //! Most attachments accepted in one packet: a bound on the bytes a peer can make us hold
    //! while a packet is incomplete (socket.io itself has no limit but maxHttpBufferSize).
    static constexpr int kMaxAttachments = 256;

    //! Largest ack id accepted on decode (socket.io uses a counter from 0; we guard overflow).
    static constexpr qint64 kMaxAckId = 999'999'999'999LL;
};
