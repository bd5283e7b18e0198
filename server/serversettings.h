#pragma once
// Every limit and timing of parley-server, named, with its default and the reason for it.

#include <QString>
#include <QtGlobal>

#include <chrono>

//! Tunables of a ParleyServer. A plain value: copy it, change what a test or the command line needs,
//! hand it to the ParleyServer constructor. Defaults suit a public server; tests shrink the timings.
struct ServerSettings
{
    //! Socket.IO's own default ping interval; advertised to clients in the Engine.IO open packet.
    static constexpr std::chrono::milliseconds kDefaultPingInterval{25000};
    //! Socket.IO's own default ping timeout; advertised to clients in the Engine.IO open packet.
    static constexpr std::chrono::milliseconds kDefaultPingTimeout{20000};
    //! socket.io's default "connectTimeout": a websocket that never sends its Socket.IO "40"
    //! within this long holds a slot for nothing and is closed.
    static constexpr std::chrono::milliseconds kDefaultConnectTimeout{45000};
    //! 16 MiB: room for a maximal chat text (1,000,000 characters of up to 3 UTF-8 bytes each, then
    //! JSON-escaped) with headroom, yet small enough that one client cannot exhaust the server.
    static constexpr qint64 kDefaultMaxPayload = 16 * 1024 * 1024;
    //! A chat text longer than this is refused through the ack. Counted in UTF-16 code units
    //! (QString::size()), which equals characters for everything outside the astral planes.
    static constexpr qsizetype kDefaultMaxTextLength = 1'000'000;
    //! Display names longer than this are refused at connect (44 connect_error).
    static constexpr qsizetype kDefaultMaxNameLength = 64;
    //! Room names longer than this are refused by "join".
    static constexpr qsizetype kDefaultMaxRoomNameLength = 64;
    //! Client ids are UUIDs (36 characters); anything much longer is an abuse of the de-dup map.
    static constexpr qsizetype kDefaultMaxClientIdLength = 128;
    //! Bound on the number of rooms held in memory, so that a client cannot create rooms forever.
    static constexpr qsizetype kDefaultMaxRooms = 10'000;
    //! Qt 6.4 defect: a Qt receiver closes with 1007 when a text message is split across frames
    //! inside a multi-byte UTF-8 character, and Qt's sender splits at 512 KiB. One frame per
    //! message up to this size avoids it (larger than kDefaultMaxPayload on purpose).
    static constexpr quint64 kDefaultOutgoingFrameSize = 64 * 1024 * 1024;
    //! A peer that stops reading lets QWebSocket's write buffer grow without bound; above this many
    //! unsent bytes the session is aborted instead of buffering more.
    static constexpr qint64 kDefaultMaxOutgoingBuffer = 64 * 1024 * 1024;
    //! "history" without a "limit" returns this many messages (docs/protocol.md says 100).
    static constexpr int kDefaultHistoryLimit = 100;
    //! A larger "limit" is capped to this (docs/protocol.md says 500): one request must not make
    //! the server read and encode a whole room.
    static constexpr int kDefaultMaxHistoryLimit = 500;
    //! A "history" reply stops adding messages once their texts add up to this many UTF-16 code
    //! units (it always carries at least one message, and says hasMore). Without it 500 maximal
    //! messages would make one frame of gigabytes; ordinary chat lines never come near it.
    static constexpr qsizetype kDefaultMaxHistoryReplyText = 4'000'000;
    //! How long a history write waits for another process holding the database's write lock (a
    //! backup, the sqlite3 shell) before the message is refused with "retry". The server is
    //! single-threaded, so everyone waits that long: keep it short.
    static constexpr std::chrono::milliseconds kDefaultDatabaseBusyTimeout{2000};

    //! The server sends an Engine.IO ping ("2") this long after the previous pong (or the open).
    std::chrono::milliseconds pingInterval = kDefaultPingInterval;
    //! No pong ("3") within this long after a ping: the peer is gone and its socket is closed.
    std::chrono::milliseconds pingTimeout = kDefaultPingTimeout;
    //! Time a new websocket has to send the Socket.IO connect ("40").
    std::chrono::milliseconds connectTimeout = kDefaultConnectTimeout;
    //! Largest incoming websocket message in bytes; also advertised as "maxPayload".
    qint64 maxPayload = kDefaultMaxPayload;
    qsizetype maxTextLength = kDefaultMaxTextLength;
    qsizetype maxNameLength = kDefaultMaxNameLength;
    qsizetype maxRoomNameLength = kDefaultMaxRoomNameLength;
    qsizetype maxClientIdLength = kDefaultMaxClientIdLength;
    qsizetype maxRooms = kDefaultMaxRooms;
    quint64 outgoingFrameSize = kDefaultOutgoingFrameSize;
    qint64 maxOutgoingBuffer = kDefaultMaxOutgoingBuffer;

    //! SQLite file holding the message history (created if missing). Empty: an in-memory database,
    //! private to this server and gone with it (nothing persisted) -- the default, for tests and
    //! for a server hosted inside the desktop app. parley-server passes DATA/history.sqlite.
    QString databasePath;
    std::chrono::milliseconds databaseBusyTimeout = kDefaultDatabaseBusyTimeout;
    int defaultHistoryLimit = kDefaultHistoryLimit;
    int maxHistoryLimit = kDefaultMaxHistoryLimit;
    qsizetype maxHistoryReplyText = kDefaultMaxHistoryReplyText;
};
