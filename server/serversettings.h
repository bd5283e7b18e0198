#pragma once
// Every limit and timing of parley-server, named, with its default and the reason for it.

#include "passwordhasher.h"
#include "signinthrottle.h"
#include "tokenbucket.h"

#include <QDateTime>
#include <QSslConfiguration>
#include <QString>
#include <QtGlobal>

#include <chrono>
#include <functional>

//! Tunables of a ParleyServer. A plain value: copy it, change what a test or the command line needs,
//! hand it to the ParleyServer constructor. Defaults suit a public server; tests shrink the timings.
//!
//! Accounts (docs/security.md): the struct's defaults are those of a server hosted inside an
//! application or a test -- registration Open and guests on, so a client that connects with only
//! {"name": …} becomes a guest with a server-assigned id and that display name. The parley-server
//! executable sets its own, stricter defaults (registration by invite, no guests): see
//! server/main.cpp and the README.
struct ServerSettings
{
    //! Who may create an account by connecting with {"register": true, …}.
    enum class Registration {
        Open,    //!< anybody
        Invite,  //!< only with an invite code (AccountStore::createInvite())
        Closed,  //!< nobody; accounts are made by the operator (parley-server --create-admin)
    };

    //! Socket.IO's own default ping interval; advertised to clients in the Engine.IO open packet.
    static constexpr std::chrono::milliseconds kDefaultPingInterval{25000};
    //! Socket.IO's own default ping timeout; advertised to clients in the Engine.IO open packet.
    static constexpr std::chrono::milliseconds kDefaultPingTimeout{20000};
    //! socket.io's default "connectTimeout": a websocket that never sends its Socket.IO "40"
    //! within this long holds a slot for nothing and is closed.
    static constexpr std::chrono::milliseconds kDefaultConnectTimeout{45000};
    //! 16 MiB: room for the longest chat text an operator may allow (kLargestMaxTextLength
    //! characters of up to 3 UTF-8 bytes each, then JSON-escaped) with headroom, yet small enough
    //! that one client cannot exhaust the server.
    static constexpr qint64 kDefaultMaxPayload = 16 * 1024 * 1024;
    //! A chat text longer than this is refused through the ack ("text too long", with the
    //! limit as "maxTextLength"). 64 Ki characters: a long letter or a pasted log fits, while a
    //! message big enough to burden every receiver (issue 11: a 1,000,000-character line froze
    //! the desktop app for a minute) does not. Counted in UTF-16 code units (QString::size(),
    //! JavaScript's String length), which equals characters outside the astral planes, so that
    //! Chinese text gets as many characters as English (up to 192 KiB of UTF-8). parley-server
    //! --max-text-length changes it.
    static constexpr qsizetype kDefaultMaxTextLength = 65'536;
    //! The most --max-text-length accepts: what kDefaultMaxPayload leaves room for, and the
    //! longest text Parley's own client sends (ChatClient::kMaxTextLength).
    static constexpr qsizetype kLargestMaxTextLength = 1'000'000;
    //! Display names longer than this are refused at connect (44 connect_error), also a guest's.
    static constexpr qsizetype kDefaultMaxNameLength = 64;
    //! Room names longer than this are refused by "join".
    static constexpr qsizetype kDefaultMaxRoomNameLength = 64;
    //! Client ids are UUIDs (36 characters); anything much longer is an abuse of the de-dup map.
    static constexpr qsizetype kDefaultMaxClientIdLength = 128;
    //! Bound on the number of rooms held in memory (a few hundred bytes each), so that clients
    //! together cannot create rooms forever. Far above what one account may take
    //! (kDefaultMaxRoomsPerAccount, kDefaultRoomsCreatedPerAccount): one client cannot shut it.
    static constexpr qsizetype kDefaultMaxRooms = 100'000;
    //! Qt 6.4 defect: a Qt receiver closes with 1007 when a text message is split across frames
    //! inside a multi-byte UTF-8 character, and Qt's sender splits at 512 KiB. One frame per
    //! message up to this size avoids it (larger than kDefaultMaxPayload on purpose).
    static constexpr quint64 kDefaultOutgoingFrameSize = 64 * 1024 * 1024;
    //! A peer that stops reading lets QWebSocket's write buffer grow without bound; above this many
    //! unsent bytes the session is aborted instead of buffering more.
    static constexpr qint64 kDefaultMaxOutgoingBuffer = 64 * 1024 * 1024;
    //! All sessions' unsent bytes together: above it the sessions with the largest backlog (the
    //! slowest readers) are flushed, and aborted if they still hold it (docs/security.md).
    static constexpr qint64 kDefaultMaxOutgoingTotal = 256 * 1024 * 1024;
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
    //! A message's sender may edit it this long after posting it (docs/protocol.md, "edit"): long
    //! enough to fix a typo noticed the next day, short enough that old conversations stay what
    //! people answered to. parley-server --edit-window-hours; 0 is no limit.
    static constexpr std::chrono::milliseconds kDefaultEditWindow{48LL * 3600 * 1000};
    //! A session token issued at sign-in works this long (90 days); then the password is asked
    //! for again. AccountStore cuts anything longer to its own maximum (a year).
    static constexpr std::chrono::milliseconds kDefaultTokenLifetime{90LL * 24 * 3600 * 1000};
    //! An invite made without a lifetime (createInvite event, --create-invite) works a week.
    static constexpr std::chrono::milliseconds kDefaultInviteLifetime{7LL * 24 * 3600 * 1000};
    //! Worker threads that hash passwords (Argon2id, 64 MiB each at the default cost): the memory
    //! a burst of sign-ins can take is this many times the hash's.
    static constexpr int kDefaultPasswordThreads = 2;
    //! Password checks (sign-ins and sign-ups) running or waiting at once, in all; one more is
    //! refused as "throttled" for kDefaultBusyRetry. Bounds the queue a flood of connects can build.
    static constexpr int kDefaultMaxPasswordChecks = 32;
    //! The same, per client address (IPv6: per /64): one address cannot start a hundred guesses
    //! at once before the first failure is counted.
    static constexpr int kDefaultMaxPasswordChecksPerAddress = 4;
    //! retryAfterMs of a sign-in refused because too many password checks are under way.
    static constexpr std::chrono::milliseconds kDefaultBusyRetry{1000};
    //! Socket.IO packets a client may send after its connect while its sign-in is still being
    //! checked; they are handled once it is done. More are refused ("not signed in").
    static constexpr int kDefaultMaxPacketsBeforeSignIn = 16;
    //! How often expired tokens, dead invites and guests without a token are deleted.
    static constexpr std::chrono::milliseconds kDefaultPruneInterval{60 * 60 * 1000};
    //! New accounts and guests one address (IPv6: /64) may make (within an hour of each other)
    //! before each further one waits: a bound on how fast a peer can grow the accounts' table,
    //! generous enough for a room full of people behind one NAT (or a test's 200 clients).
    static constexpr int kDefaultFreeNewAccountsPerAddress = 1000;

    //! The new-account throttle's schedule: kDefaultFreeNewAccountsPerAddress free, then
    //! SignInThrottle's doubling delays, forgotten after a quiet hour. Each account or guest
    //! created counts as one "failure" of its address (no account key).
    // Hostile clients (docs/security.md, "Hostile clients"). Rates are per session; an account's
    // budget (all its sessions together) is accountRateFactor times that.
    using Rate = TokenBucket::Rate;
    //! Rooms one session may be in at once ("too many rooms joined").
    static constexpr int kDefaultMaxRoomsPerSession = 200;
    //! Rooms one account's sessions may be in at once, counted per session and room.
    static constexpr int kDefaultMaxRoomsPerAccount = 500;
    //! The same for every session from one address (IPv6: /64): guests are one account each.
    static constexpr int kDefaultMaxRoomsPerAddress = 5000;
    //! New rooms (first join of a room not in memory) per account: 100 at once, 100 an hour.
    static constexpr Rate kDefaultRoomsCreatedPerAccount{100.0 / 3600, 100};
    //! New rooms per address: 1,000 at once, 1,000 an hour.
    static constexpr Rate kDefaultRoomsCreatedPerAddress{1000.0 / 3600, 1000};
    //! Room messages per session: bursts of 50 (an outbox flushed after a reconnect), 5 a second.
    static constexpr Rate kDefaultMessageRate{5, 50};
    //! After a session's message to a room is refused "rate limited", its later messages to that
    //! room are refused until the refused one comes back (the order it was typed in is kept), or
    //! until retryAfterMs plus this grace has passed (a client that never resends is not held
    //! for longer).
    static constexpr std::chrono::milliseconds kDefaultThrottleHoldGrace{10'000};
    //! Text of room messages per session in UTF-16 code units: 2 M at once (a maximal message
    //! passes when the bucket is full), 200,000 a second.
    static constexpr Rate kDefaultTextRate{200'000, 2'000'000};
    //! "typing" events per session.
    static constexpr Rate kDefaultTypingRate{2, 10};
    //! "read" receipts (and "privacy" changes) per session: like typing, a client sends at most
    //! one a second per room it reads; the burst lets it resend its receipts after a reconnect.
    static constexpr Rate kDefaultReadRate{2, 20};
    //! "join" events per session (a client joins all its rooms at sign-in).
    static constexpr Rate kDefaultJoinRate{20, 500};
    //! "history" requests per session (one per room at sign-in, then paging).
    static constexpr Rate kDefaultHistoryRate{20, 500};
    //! Plain-string "chat message" broadcasts (no room: they go to every session) per session.
    static constexpr Rate kDefaultPlainRate{1, 5};
    //! "search" requests per session (docs/protocol.md, "Search"): each may read up to
    //! maxSearchRows rows, so far fewer than history pages; the burst lets a client page a few
    //! times or search as the user types.
    static constexpr Rate kDefaultSearchRate{1, 5};
    //! Most rows one "search" reads (the index's matches, or for a query of short terms only the
    //! newest rows); it stops there and answers with a cursor to go on. Bounds the work and the
    //! time (the server is single-threaded) one request costs: about a quarter of a second.
    static constexpr qint64 kDefaultMaxSearchRows = 200'000;
    //! "file.begin" requests per session (docs/protocol.md, "Files"): each may open an upload.
    static constexpr Rate kDefaultFileBeginRate{1, 10};
    //! The largest file one may upload (bytes).
    static constexpr qint64 kDefaultMaxFileSize = 256LL * 1024 * 1024;
    //! What one account may keep stored, its uploads under way included (bytes).
    static constexpr qint64 kDefaultFileQuota = 1024LL * 1024 * 1024;
    //! Uploads one account may have under way at once.
    static constexpr int kDefaultMaxUploadsPerAccount = 4;
    //! An upload not finished this long after its file.begin is dropped, bytes and all, at the
    //! next prune (pruneInterval): its quota and its slot come back to its account.
    static constexpr std::chrono::milliseconds kDefaultUploadLifetime{24LL * 60 * 60 * 1000};
    //! How long the binary frames of one Socket.IO packet may take to follow it.
    static constexpr std::chrono::milliseconds kDefaultAttachmentTimeout{30'000};
    //! A plain-string broadcast reaches every session: it is capped far below a room message.
    static constexpr qsizetype kDefaultMaxPlainTextLength = 4096;
    //! An account's rates are this many times a session's (two or three devices at once).
    static constexpr double kDefaultAccountRateFactor = 2;
    //! History quota per account: 10,000 stored messages a day (a rolling bucket).
    static constexpr Rate kDefaultMessagesPerAccountPerDay{10'000.0 / 86400, 10'000};
    //! History quota per account: 64 M UTF-16 code units of stored text a day.
    static constexpr Rate kDefaultTextPerAccountPerDay{64.0 * 1024 * 1024 / 86400, 64.0 * 1024 * 1024};
    //! History quota per room: 100,000 stored messages a day, whoever writes them.
    static constexpr Rate kDefaultMessagesPerRoomPerDay{100'000.0 / 86400, 100'000};
    //! Websockets open at once from one address (IPv6: /64); one more is closed with 1008.
    static constexpr int kDefaultMaxConnectionsPerAddress = 256;
    //! A room's member list goes out every membersAnnounceDelay, plus one more such delay for
    //! each this many members (a room of 1,000 announces every ~5 s, see the cap below), so a
    //! crowd joining one room costs O(N) frames, not N per join.
    static constexpr int kDefaultMembersPerAnnounceStep = 10;
    //! The longest a member list change waits to be announced, however big the room.
    static constexpr std::chrono::milliseconds kDefaultMaxMembersAnnounceDelay{5000};

    static SignInThrottle::Settings defaultNewAccountThrottle()
    {
        SignInThrottle::Settings s;
        s.freeFailures = kDefaultFreeNewAccountsPerAddress;
        return s;
    }

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
    //! A room's member list goes out at most this often (joins and leaves in between are
    //! coalesced into the next list); a joiner gets the list in its join answer at once.
    std::chrono::milliseconds membersAnnounceDelay{50};
    int membersPerAnnounceStep = kDefaultMembersPerAnnounceStep;
    std::chrono::milliseconds maxMembersAnnounceDelay = kDefaultMaxMembersAnnounceDelay;
    quint64 outgoingFrameSize = kDefaultOutgoingFrameSize;
    qint64 maxOutgoingBuffer = kDefaultMaxOutgoingBuffer;
    qint64 maxOutgoingTotal = kDefaultMaxOutgoingTotal;

    // Hostile clients: see the constants above. A Rate of {0, 0} is unlimited.
    int maxRoomsPerSession = kDefaultMaxRoomsPerSession;
    int maxRoomsPerAccount = kDefaultMaxRoomsPerAccount;
    int maxRoomsPerAddress = kDefaultMaxRoomsPerAddress;
    Rate roomsCreatedPerAccount = kDefaultRoomsCreatedPerAccount;
    Rate roomsCreatedPerAddress = kDefaultRoomsCreatedPerAddress;
    Rate messageRate = kDefaultMessageRate;
    std::chrono::milliseconds throttleHoldGrace = kDefaultThrottleHoldGrace;
    Rate textRate = kDefaultTextRate;
    Rate typingRate = kDefaultTypingRate;
    Rate readRate = kDefaultReadRate;
    Rate joinRate = kDefaultJoinRate;
    Rate historyRate = kDefaultHistoryRate;
    Rate plainRate = kDefaultPlainRate;
    Rate searchRate = kDefaultSearchRate;
    qint64 maxSearchRows = kDefaultMaxSearchRows;
    //! Where uploaded files live (FileStore); empty: the server takes no files (the default; a
    //! hosted or in-memory server). parley-server passes DATA/files.
    QString filesDirectory;
    Rate fileBeginRate = kDefaultFileBeginRate;
    qint64 maxFileSize = kDefaultMaxFileSize;
    qint64 fileQuota = kDefaultFileQuota;
    int maxUploadsPerAccount = kDefaultMaxUploadsPerAccount;
    std::chrono::milliseconds uploadLifetime = kDefaultUploadLifetime;
    std::chrono::milliseconds attachmentTimeout = kDefaultAttachmentTimeout;
    qsizetype maxPlainTextLength = kDefaultMaxPlainTextLength;
    double accountRateFactor = kDefaultAccountRateFactor;
    Rate messagesPerAccountPerDay = kDefaultMessagesPerAccountPerDay;
    Rate textPerAccountPerDay = kDefaultTextPerAccountPerDay;
    Rate messagesPerRoomPerDay = kDefaultMessagesPerRoomPerDay;
    int maxConnectionsPerAddress = kDefaultMaxConnectionsPerAddress;
    //! Milliseconds for every rate and quota and, when set, also the time stamped on messages
    //! and changes (wallNowMs(): a test moves it past editWindow). Empty: steady_clock for the
    //! rates, the system clock for the times.
    std::function<qint64()> clock;

    //! The time by clock (steady_clock when it is empty).
    qint64 nowMs() const
    {
        if (clock)
            return clock();
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now().time_since_epoch())
                .count();
    }
    //! The time of a message or change, ms since the Unix epoch (UTC): clock when it is set,
    //! else the system clock. Edits are measured against editWindow with it.
    qint64 wallNowMs() const { return clock ? clock() : QDateTime::currentMSecsSinceEpoch(); }

    //! Where the message history lives: an SQLite file (created if missing), or a PostgreSQL
    //! database ("postgresql://…", PostgresAddress) that the nodes of a cluster share
    //! (docs/deploy.md). Empty: an in-memory database, private to this server and gone with it
    //! (nothing persisted) -- the default, for tests and for a server hosted inside the desktop
    //! app. parley-server passes DATA/history.sqlite, or its --database.
    QString databasePath;
    //! The Redis that carries events between the nodes of a cluster (RedisFanOut):
    //! "redis://host[:port]". Empty: a single server (LocalFanOut) -- the default.
    QString redisUrl;
    std::chrono::milliseconds databaseBusyTimeout = kDefaultDatabaseBusyTimeout;
    int defaultHistoryLimit = kDefaultHistoryLimit;
    int maxHistoryLimit = kDefaultMaxHistoryLimit;
    qsizetype maxHistoryReplyText = kDefaultMaxHistoryReplyText;
    //! How long after posting a message its sender may edit it; 0: always.
    std::chrono::milliseconds editWindow = kDefaultEditWindow;

    // Accounts (issue 10; docs/security.md).
    Registration registration = Registration::Open;
    //! Clients without credentials (or with {"guest": true}) become guests; false: they are
    //! refused with "auth required".
    bool guests = true;
    //! SQLite file of the accounts, tokens and invites. Empty: the history's file (databasePath;
    //! AccountStore keeps its schema version in a row of its own), or memory when that is empty.
    QString accountsDatabasePath;
    std::chrono::milliseconds tokenLifetime = kDefaultTokenLifetime;
    std::chrono::milliseconds inviteLifetime = kDefaultInviteLifetime;
    //! Argon2id cost and the longest password. Tests use PasswordHasher::fastestSettings().
    PasswordHasher::Settings passwordHashing;
    //! Failed sign-ins per account key and per address (IPv6: /64).
    SignInThrottle::Settings signInThrottle;
    //! New accounts and guests per address.
    SignInThrottle::Settings newAccountThrottle = defaultNewAccountThrottle();
    int passwordThreads = kDefaultPasswordThreads;
    int maxPasswordChecks = kDefaultMaxPasswordChecks;
    int maxPasswordChecksPerAddress = kDefaultMaxPasswordChecksPerAddress;
    std::chrono::milliseconds busyRetry = kDefaultBusyRetry;
    int maxPacketsBeforeSignIn = kDefaultMaxPacketsBeforeSignIn;
    std::chrono::milliseconds pruneInterval = kDefaultPruneInterval;

    //! TLS: with a local certificate and private key (ServerTls::load(), parley-server --tls-cert
    //! and --tls-key) the server speaks wss:// itself; null (the default) is plain ws:// -- for a
    //! server on loopback, hosted in the app, or behind a TLS proxy (docs/security.md).
    QSslConfiguration tls;
    bool isSecure() const { return !tls.isNull() && !tls.localCertificate().isNull(); }
};
