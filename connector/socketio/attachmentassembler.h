#pragma once
// AttachmentAssembler: a Socket.IO binary packet ("45…"/"46…") and the binary frames that follow
// it, put back together -- bounded, for both ends (SocketIoSession, parley-server's ServerSession).
#include "socketiocodec.h"

#include <QByteArray>
#include <QList>

#include <optional>

//! socket.io-parser's reconstruction, as a peer that may be hostile sends it: a packet announces N
//! attachments, the next N binary frames are them. Pure: the owner runs the timeout (drop()).
//!
//! Bounds (Limits): at most maxAttachments per packet and maxBytes held for one packet; past a
//! bound the packet is dropped and the rest of its frames are skipped as they come. A text packet
//! while frames are still due drops the incomplete one (socket.io-parser: "got plaintext data when
//! reconstructing a packet"); a frame no packet announced is refused.
class AttachmentAssembler
{
public:
    struct Limits
    {
        int maxAttachments = SocketIoCodec::kMaxAttachments;
        qint64 maxBytes = 0; //!< bytes of one packet's attachments together
    };
    //! What a frame did.
    enum class Fed {
        NeedMore,    //!< held; more are due
        Complete,    //!< the packet is whole: take()
        Skipped,     //!< a frame of a dropped packet
        Unannounced, //!< no packet announced it: refused
        OverBytes,   //!< over maxBytes: the packet is dropped (its other frames will be skipped)
    };

    void setLimits(const Limits &limits) { m_limits = limits; }
    const Limits &limits() const { return m_limits; }

    //! \a packet announces attachments (> 0): held for them. False when it announces more than
    //! maxAttachments: it is dropped, and its frames will be skipped.
    bool start(const SocketIoPacket &packet);
    //! \a frames binary frames that follow are of a packet not taken: skipped as they come.
    void skip(int frames);
    Fed feed(const QByteArray &frame);
    //! The completed packet and its attachments in order (after feed() said Complete).
    std::pair<SocketIoPacket, QList<QByteArray>> take();
    //! A text packet arrived: true when it dropped an incomplete packet. Frames still due of a
    //! dropped one are no longer expected either.
    bool textArrived();
    //! Drops the incomplete packet (its timeout ran out); its frames still due will be skipped.
    void drop();
    //! Forgets everything (a new link).
    void reset();

    bool isHolding() const { return m_partial.has_value(); }
    //! The packet held for its attachments (null when none).
    const SocketIoPacket *held() const { return m_partial ? &*m_partial : nullptr; }
    //! Attachments the held packet still waits for.
    int due() const { return m_partial ? m_partial->attachments - int(m_frames.size()) : 0; }
    qint64 heldBytes() const { return m_bytes; }
    //! Attachments dropped so far (refused, over a bound, too late, interrupted).
    int dropped() const { return m_dropped; }

private:
    Limits m_limits;
    std::optional<SocketIoPacket> m_partial;
    QList<QByteArray> m_frames;
    qint64 m_bytes = 0;
    int m_skip = 0;
    int m_dropped = 0;
    std::optional<std::pair<SocketIoPacket, QList<QByteArray>>> m_complete;
};
