#pragma once
// parley-server's chat events (docs/protocol.md) over Socket.IO: join/leave/members, chat messages
// with acknowledgements carrying the room's sequence number, history, typing. Also understands
// the classic socket.io chat's bare-string "chat message" broadcasts. The account events (people,
// presence, direct rooms, devices, sign-out) are ParleyAccounts' (parleyaccounts.h).
//
// A "throttled" refusal with a retryAfterMs is a passing one: authRefused() is still emitted (the
// user sees why), then the connect is tried again by itself once after retryAfterMs (at most
// kMaxThrottleWait), up to kMaxThrottledRetries times in a row (counted again from any connect
// it did not make itself); a new setSignIn(), stop() or a connect started by anyone else cancels
// the wait.
#include "chatprotocol.h"

#include <QJsonArray>
#include <QSet>
#include <QTimer>
#include <chrono>
#include <optional>

class IMConnector;
class ParleyAccounts;
class ParleyFiles;
class SocketIoSession;

class ParleyProtocol : public ChatProtocol
{
    Q_OBJECT
public:
    explicit ParleyProtocol(IMConnector *connector, QObject *parent = nullptr);

    QString name() const override { return QStringLiteral("parley"); }
    Capabilities capabilities() const override;
    QUrl endpointUrl(const QUrl &serverUrl) const override;
    void setUserName(const QString &name) override;
    void setSignIn(const SignIn &signIn) override;
    Identity identity() const override { return m_identity; }
    qsizetype serverMaxTextLength() const override { return m_serverMaxTextLength; }
    //! A larger maxTextLength from a server is not believed (taken as not said).
    static constexpr double kLargestServerMaxTextLength = 1e9;
    bool isReady() const override;

    void join(const QString &room) override;
    void leave(const QString &room) override;
    bool send(const ChatMessage &message) override;
    void requestHistory(const QString &room, qint64 after, qint64 before, int limit) override;
    void sendTyping(const QString &room) override;
    void stop() override;

    void openDirect(qint64 userId) override;
    void openDirectByName(const QString &username) override;
    void requestDirects() override;
    void sendPresence(bool away) override;
    void requestDevices() override;
    void revokeDevice(const QString &tokenId) override;
    void signOut() override;
    void sendRead(const QString &room, qint64 seq) override;
    void sendPrivacy(bool readReceipts) override;
    QString search(const SearchQuery &query, int limit, const QString &cursor) override;
    FileChannel *files() override;
    qint64 serverMaxFileSize() const override { return m_serverMaxFileSize; }

    SocketIoSession *session() const { return m_session; }

    //! A "chat message" payload (object or bare string) as a ChatMessage; false if neither.
    static bool parseMessage(const QJsonValue &payload, ChatMessage *out);
    //! The "error" of a refused ack, bounded; "unknown error" when it has none.
    static QString ackError(const QJsonObject &ack);

    //! Longest wait for a throttled sign-in's retry, whatever the server says.
    static constexpr std::chrono::milliseconds kMaxThrottleWait{10 * 60 * 1000};
    //! Throttled refusals in a row retried by themselves; past them the link stays stopped until
    //! somebody else connects.
    static constexpr int kMaxThrottledRetries = 3;
    //! Longest server error text kept (characters).
    static constexpr int kMaxErrorLength = 200;

private:
    void onEvent(const QString &event, const QJsonArray &args, qint64 ackId);
    void onSessionReady();
    //! The auth object of the next connect: the sign-in, else (a server without accounts) the name.
    void updateAuth();
    void onConnectRefused(const QString &message, const QJsonValue &data);
    //! \a room's people from a join answer or "members" event, if the server sent any.
    void announcePeople(const QString &room, const QJsonObject &o);

    IMConnector *m_connector;
    SocketIoSession *m_session;
    ParleyAccounts *m_accounts;
    ParleyFiles *m_files;
    //! One pending retry of a throttled connect at most.
    QTimer m_throttleRetry;
    int m_throttledInARow = 0;   //!< throttled refusals since a connect not made by m_throttleRetry
    bool m_retryingThrottled = false; //!< the connect under way is m_throttleRetry's
    QString m_userName;
    SignIn m_signIn;
    //! What a guest signed in with before the server gave it a token: if the server forgets that
    //! token (a restarted server without its accounts), the client comes back as a new guest.
    std::optional<SignIn> m_guestSignIn;
    Identity m_identity;
    qsizetype m_serverMaxTextLength = 0; //!< from the connect answer's "limits"; 0: not said
    //! The last connect answer's "features" list "search" (kept while the link is down).
    bool m_serverSearches = false;
    QSet<QString> m_searches;            //!< search requests sent, not answered yet
    //! The last connect answer's "features" list "files" (kept while the link is down).
    bool m_serverFiles = false;
    qint64 m_serverMaxFileSize = 0;  //!< its "limits" "maxFileSize"; 0: not said
};
