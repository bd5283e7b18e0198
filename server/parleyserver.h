#pragma once
// parley-server as a library: the desktop app can host it in-process, tests start it on port 0.

#include "accountstore.h"
#include "serversettings.h"

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>

class Authenticator;
class AdminEndpoint;
class ChatHub;
class RedisFanOut;
class HistoryStore;
class ServerSession;
class QTimer;
class QWebSocket;
class QWebSocketServer;

//! A Socket.IO 5 (Engine.IO 4, websocket transport only) chat server speaking docs/protocol.md.
//!
//! Owns the listening QWebSocketServer (plain ws://, or wss:// with settings().tls; or put a TLS
//! proxy in front, docs/security.md), one ServerSession per accepted websocket and the ChatHub
//! they share. Only the Socket.IO endpoint "/socket.io/?EIO=4&transport=websocket" is served;
//! any other request is closed with 1008 (policy violation) and a reason saying why, so a misconfigured client learns what is wrong.
//!
//! The message history lives in SQLite (HistoryStore): in settings().databasePath, or in memory
//! when that is empty. The constructor opens it; a server whose database could not be opened
//! refuses to listen() (nothing could be acknowledged), see isHistoryOpen() and historyError().
//!
//! Every session is signed in (docs/protocol.md, "Connecting and accounts"): the accounts, tokens
//! and invites live in an AccountStore (settings().accountsDatabasePath, by default the history's
//! file), an Authenticator turns each connect's credentials into an account, and the sender of
//! everything comes from that account. A server whose accounts cannot be opened does not listen
//! either (isAccountsOpen()). With the default ServerSettings (registration Open, guests on) a
//! client that only gives a name is a guest of that name; see ServerSettings for the split.
//!
//! One address (IPv6: its /64) may hold settings().maxConnectionsPerAddress websockets at once;
//! one more is closed at once with 1008 "too many connections from this address".
//!
//! Everything runs in the thread that owns the object; no locking anywhere.
class ParleyServer : public QObject
{
    Q_OBJECT

public:
    //! Opens the history database named by \a settings (check isHistoryOpen()).
    explicit ParleyServer(const ServerSettings &settings = {}, QObject *parent = nullptr);
    //! Stops listening and destroys every session at once, without waiting for closing handshakes
    //! (QWebSocket's destructor still sends its 1001 close frame).
    ~ParleyServer() override;

    //! Starts listening. \a port 0 picks a free port (see port()). False, with errorString(), if
    //! the address cannot be bound or the history database is not open; calling it while
    //! listening closes the old listener first.
    bool listen(const QHostAddress &address = QHostAddress(QHostAddress::LocalHost),
                quint16 port = 0);
    //! Stops listening and closes every session with 1001 (going away). Safe to call twice.
    void close();

    bool isListening() const;
    //! The port actually bound (useful after listen() with port 0); 0 when not listening.
    quint16 port() const;
    QHostAddress address() const;
    //! ws://host:port (wss:// with TLS), the base URL clients connect to (they add /socket.io/?EIO=4&…).
    QUrl url() const;
    //! Why the last listen() failed.
    QString errorString() const;

    //! True when the history database opened (a server without it does not listen).
    bool isHistoryOpen() const;
    //! Why the history database could not be opened, or why its last operation failed.
    QString historyError() const;

    //! True when the accounts' database opened (a server without it does not listen).
    bool isAccountsOpen() const;
    //! Why the accounts' database could not be opened, or why its last operation failed.
    QString accountsError() const;
    //! The accounts, tokens and invites: for the hosting application and the command line (make
    //! an administrator, list accounts), on this object's thread only. Hashing a password through
    //! it (createAccount) blocks that thread for the hash's time.
    AccountStore *accounts() const { return m_accounts.get(); }

    //! For the desktop app that hosts this server: the account \a username (an administrator,
    //! with \a displayName, signing in by token only) made if it does not exist yet, and a fresh
    //! session token for it -- the app then connects with {"token": …}, no form to fill in. Empty
    //! when the name is refused (UsernamePolicy, a guest's) or the accounts fail (logged, see
    //! accountsError()).
    QString localSignIn(const QString &username, const QString &displayName);
    //! A new invite code for \a uses sign-ups within \a lifetime, made by the server's operator
    //! (for "parley://HOST:PORT/?invite=CODE" links); an error such as "invalid uses" otherwise.
    AccountStore::Result<AccountStore::Invite> createInvite(int uses,
                                                           std::chrono::milliseconds lifetime);

    //! Accepted websocket sessions still open (whether or not they sent the Socket.IO "40").
    int clientCount() const;
    //! Bytes all sessions have queued for their peers now, and the most they ever had at once
    //! (OutgoingBudget; bounded by ServerSettings::maxOutgoingTotal plus one frame).
    qint64 queuedOutgoingBytes() const;
    qint64 peakOutgoingBytes() const;
    //! The newest seq stored for \a room (0 = none, or the history is unavailable).
    qint64 lastSeq(const QString &room) const;
    const ServerSettings &settings() const { return m_settings; }

    //! Opens the admin endpoint (/healthz, /readyz, /metrics: AdminEndpoint) on \a address:\a port
    //! (0: a free port, see adminPort()). False, with adminError(), when it cannot be bound.
    bool listenAdmin(const QHostAddress &address, quint16 port);
    quint16 adminPort() const;
    QString adminError() const;
    //! Empty when the server takes clients (listening, databases open, the cluster's fan-out
    //! connected); else why not (/readyz).
    QString notReadyReason() const;
    //! The /metrics body: Prometheus text format.
    QByteArray metricsText() const;

    //! Why a websocket for \a requestUrl is refused, or an empty string when it is acceptable.
    static QString rejectionReason(const QUrl &requestUrl);

Q_SIGNALS:
    //! A websocket was accepted and got the Engine.IO open packet with \a sid.
    void clientConnected(const QString &sid);
    //! The websocket of session \a sid is gone.
    void clientDisconnected(const QString &sid);

private:
    void onNewConnection();
    void accept(QWebSocket *socket);
    void reject(QWebSocket *socket, const QString &reason);

    ServerSettings m_settings;
    QWebSocketServer *m_server;
    QString m_listenError;  //!< set when listen() failed for a reason of ours, not the socket's
    std::unique_ptr<HistoryStore> m_history;  //!< declared before m_hub: it must outlive the hub
    std::unique_ptr<AccountStore> m_accounts; //!< likewise, and outlives the authenticator
    std::unique_ptr<Authenticator> m_authenticator;
    RedisFanOut *m_fanOut = nullptr; //!< a child: a cluster's (settings.redisUrl); else null
    std::unique_ptr<ChatHub> m_hub;
    QTimer *m_pruneTimer;
    AdminEndpoint *m_admin = nullptr;
    QList<ServerSession *> m_sessions;
    //! Open sessions per address key (Authenticator::addressKey()): maxConnectionsPerAddress.
    QHash<QString, int> m_connectionsByAddress;
};
