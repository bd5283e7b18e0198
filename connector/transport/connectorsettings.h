#pragma once
// Every timing and limit of the connection layer, named, with its documented default
// (docs/connection.md). Overridable from QSettings (group "connection") and in tests.
#include <QtGlobal>
#include <chrono>

class QSettings;

struct ConnectorSettings
{
    using ms = std::chrono::milliseconds;

    //! RFC 6455 ping every this often while connected.
    ms heartbeatInterval{15000};
    //! No frame or pong within this long after a ping: the link is dead.
    ms heartbeatTimeout{10000};
    //! A handshake (TCP + TLS + websocket upgrade) that takes longer is abandoned.
    ms connectTimeout{10000};
    //! First reconnect delay before jitter.
    ms backoffBase{1000};
    //! Each further attempt multiplies the delay by this.
    double backoffMultiplier = 2.0;
    //! Delays never exceed this.
    ms backoffCap{30000};
    //! Share of each delay that is random: delay = d * (1 - jitter) + U(0, d * jitter).
    double backoffJitter = 0.5;
    //! 0 = retry for ever; otherwise give up after this many failed attempts in a row.
    int maxAttempts = 0;
    //! The attempt counter is reset only after the link stayed up this long.
    ms stablePeriod{10000};
    //! A user close() whose closing handshake is not answered within this long aborts the socket.
    ms closeTimeout{3000};
    //! Bytes queued in the socket beyond this mean a frozen peer: the link is treated as dead.
    qint64 maxBytesToWrite = 8 * 1024 * 1024;
    //! Largest message accepted from the peer (QWebSocket::setMaxAllowedIncomingMessageSize).
    qint64 maxIncomingMessageSize = 64 * 1024 * 1024;
    //! Outgoing websocket frame size. Large on purpose: Qt 6.4 splits longer text into frames
    //! at arbitrary bytes and its own receiver then rejects valid UTF-8 with 1007.
    qint64 outgoingFrameSize = 64 * 1024 * 1024;

    //! A message written but not acknowledged within this long is written again…
    ms ackTimeout{10000};
    //! …up to this many times while the link stays up; then it is Failed (the user may retry).
    //! A lost link does not count: after a reconnect the outbox is resent from scratch.
    int ackRetries = 3;
    //! Typing notifications go out at most this often per room.
    ms typingThrottle{3000};
    //! Read receipts go out at most this often per room ("read", the newest seq seen since):
    //! scrolling through a room costs one frame a second, not one per message.
    ms readReceiptInterval{1000};
    //! After a (re)join or a live message, once a room has been quiet this long, the client asks
    //! once for anything after its watermark: a message lost at the tail of a burst shows no gap.
    ms tailCheckDelay{5000};
    //! No input for this long and the user counts as away (AwayTimer; presence "away" on servers
    //! with accounts); the next input makes them back. 0 = never away.
    ms awayAfter{600000};
    //! Largest file ChatClient::sendFile() takes, whatever the server says (it may say less:
    //! limits.maxFileSize); a larger one is refused before it is read.
    qint64 maxUploadSize = qint64(4) * 1024 * 1024 * 1024;
    //! Largest file sent to a plain WebSocket server, as one binary frame (RawProtocol): a
    //! server built on Node's ws takes up to 100 MiB in one, others less; 1 MB goes everywhere.
    qint64 maxRawFileSize = 1'000'000;
    //! File chunks (256 KiB each) sent to or asked of parley-server before the first is answered,
    //! per upload (FileUpload) and download (FileDownload), 1 to 16: a window keeps a link with a
    //! long round trip busy.
    int transferWindow = 4;
    static constexpr int kMinTransferWindow = 1;
    static constexpr int kMaxTransferWindow = 16;

    // Socket.IO servers (docs/security.md, "Hostile servers").
    //! Smallest pingInterval and pingTimeout a Socket.IO server may ask for: below it (0, a
    //! fraction of a millisecond) the keepalive would fire at once, so the handshake is refused.
    ms minServerPing{100};
    //! Largest pingInterval and pingTimeout: above it a dead link would go unnoticed for longer
    //! than anyone waits; the handshake is refused.
    ms maxServerPing{600000};
    //! In dialects that use binary attachments (stock socket.io): at most this many per packet…
    int maxAttachments = 16;
    //! …of at most this many bytes in all…
    qint64 maxAttachmentBytes = 32 * 1024 * 1024;
    //! …all arrived within this long of the packet that announced them; else it is dropped.
    ms attachmentTimeout{30000};

    //! Reads overrides from \a settings (keys as in docs/connection.md), keeping defaults otherwise.
    static ConnectorSettings fromSettings(QSettings &settings);
};
