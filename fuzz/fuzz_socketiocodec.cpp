// SocketIoCodec (connector/socketio/): every Engine.IO frame and Socket.IO packet a peer can send,
// decoded as the client and parley-server decode them. Beyond "no crash, no undefined behaviour":
// whatever decodes re-encodes to text that decodes to the same packet (an ack id must not turn
// into data or back), and the encoding of a decoded packet is canonical (encoding it again
// gives the same text). The open packet likewise keeps its fields through a round trip.
#include "fuzzsupport.h"
#include "socketiocodec.h"

namespace {

bool samePacket(const SocketIoPacket &a, const SocketIoPacket &b)
{
    return a.type == b.type && a.nsp == b.nsp && a.id == b.id && a.attachments == b.attachments
        && a.data == b.data;
}

void checkOpen(const QString &data)
{
    EngineIoOpen open;
    QString error;
    if (!SocketIoCodec::decodeOpen(data, &open, &error)) {
        FUZZ_CHECK(!error.isEmpty());
        return;
    }
    FUZZ_CHECK(open.pingIntervalMs > 0 && open.pingTimeoutMs > 0);
    EngineIoPacket frame;
    FUZZ_CHECK(SocketIoCodec::decodeEngine(SocketIoCodec::encodeOpen(open), &frame, &error));
    FUZZ_CHECK(frame.type == EngineIoType::Open);
    EngineIoOpen again;
    FUZZ_CHECK(SocketIoCodec::decodeOpen(frame.data, &again, &error));
    FUZZ_CHECK(again.sid == open.sid && again.upgrades == open.upgrades
               && again.pingIntervalMs == open.pingIntervalMs
               && again.pingTimeoutMs == open.pingTimeoutMs && again.maxPayload == open.maxPayload);
}

void checkSocket(const QString &payload)
{
    SocketIoPacket packet;
    QString error;
    if (!SocketIoCodec::decodeSocket(payload, &packet, &error)) {
        FUZZ_CHECK(!error.isEmpty());
        return;
    }
    FUZZ_CHECK(packet.attachments >= 0 && packet.attachments <= SocketIoCodec::kMaxAttachments);
    FUZZ_CHECK(!packet.id || (*packet.id >= 0 && *packet.id <= SocketIoCodec::kMaxAckId));
    const QString encoded = SocketIoCodec::encodeSocket(packet);
    SocketIoPacket again;
    FUZZ_CHECK(SocketIoCodec::decodeSocket(encoded, &again, &error));
    FUZZ_CHECK(samePacket(packet, again));
    FUZZ_CHECK(SocketIoCodec::encodeSocket(again) == encoded);

    // What the sessions read from a packet.
    (void)packet.eventName();
    (void)packet.arguments();
    (void)SocketIoCodec::recoveryOffset(packet);
    const QList<int> found = SocketIoCodec::placeholders(packet.data);
    for (int n : found)
        FUZZ_CHECK(n >= 0 && n <= SocketIoCodec::kMaxAttachments);
    if (packet.type == SocketIoType::BinaryEvent || packet.type == SocketIoType::BinaryAck)
        FUZZ_CHECK(SocketIoCodec::placeholdersValid(packet.data, packet.attachments));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    Fuzz::initQt(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString frame = Fuzz::text(data, size);
    EngineIoPacket engine;
    QString error;
    if (SocketIoCodec::decodeEngine(frame, &engine, &error)) {
        FUZZ_CHECK(SocketIoCodec::encodeEngine(engine.type, engine.data) == frame);
        if (engine.type == EngineIoType::Open)
            checkOpen(engine.data);
        else if (engine.type == EngineIoType::Message)
            checkSocket(engine.data);
    } else {
        FUZZ_CHECK(!error.isEmpty());
    }
    // The frame itself as a Socket.IO packet too, so that the fuzzer need not find the "4" first.
    checkSocket(frame);
    return 0;
}
