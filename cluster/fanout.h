#pragma once
// FanOut: how what happens in one parley-server reaches the members connected to the others.
// Two implementations: LocalFanOut (one server: there are no others -- the default) and
// RedisFanOut (a cluster: Redis pub/sub; docs/deploy.md).

#include <QByteArray>
#include <QString>

#include <functional>
#include <optional>

//! One event for the sessions of other nodes: a Socket.IO frame and who hears it.
//!
//! On the wire (a Redis message) it is one line of header fields and the frame:
//! "PF1 <audience> <node> <sentMs> <target length>\n<target><frame>", where target is a room
//! name (UTF-8) or an account id. decode() checks every field and bound; a malformed message is
//! dropped whole (Redis is the cluster's own, but a node never trusts bytes it did not check).
struct FanOutEnvelope
{
    enum class Audience {
        Room,           //!< every member of room `target`
        ReceiptSharers, //!< the members of room `target` whose accounts share read receipts
        Account,        //!< every session of account `target` ("<id>" or "<id> <room>":
                        //!< then not the sessions that are members of that room)
    };
    static constexpr qsizetype kMaxTargetBytes = 4096;
    static constexpr qsizetype kMaxNodeBytes = 64;

    Audience audience = Audience::Room;
    QString target;
    QByteArray node;   //!< the publishing node's id (FanOut::nodeId): its own come back too
    qint64 sentMs = 0; //!< wall clock at publishing, for the cross-node latency
    QString frame;     //!< the Socket.IO frame, as local members were sent it

    QByteArray encode() const;
    //! The envelope in \a bytes, or nullopt when any field is malformed or over its bound (a
    //! frame over \a maxFrameBytes included).
    static std::optional<FanOutEnvelope> decode(const QByteArray &bytes, qsizetype maxFrameBytes);
};

class FanOut
{
public:
    using Sink = std::function<void(const FanOutEnvelope &)>;

    virtual ~FanOut() = default;
    //! This node's id, unique in the cluster (and in time: a restarted node gets a new one).
    virtual QByteArray nodeId() const = 0;
    //! Sends \a envelope to the other nodes (never back to this one's sink).
    virtual void publish(FanOutEnvelope envelope) = 0;
    //! Whether the fan-out can reach the other nodes now (a single server always can).
    virtual bool isReady() const = 0;
    //! Whether there can be other nodes at all (false for a single server: nothing to publish).
    virtual bool reachesOtherNodes() const = 0;
    //! What arrives from the other nodes goes to \a sink, on this thread.
    void setSink(Sink sink) { m_sink = std::move(sink); }

protected:
    void deliver(const FanOutEnvelope &envelope) const
    {
        if (m_sink)
            m_sink(envelope);
    }

private:
    Sink m_sink;
};

//! One server on its own: nothing to send to, nothing arrives.
class LocalFanOut final : public FanOut
{
public:
    QByteArray nodeId() const override { return QByteArrayLiteral("local"); }
    void publish(FanOutEnvelope) override {}
    bool isReady() const override { return true; }
    bool reachesOtherNodes() const override { return false; }
};
