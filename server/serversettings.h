#pragma once
// Every limit and timing of parley-server, named, with its default and the reason for it.

#include "passwordhasher.h"
#include "signinthrottle.h"

#include <QSslConfiguration>
#include <QString>
#include <QtGlobal>

#include <chrono>

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
