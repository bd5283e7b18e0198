#pragma once
// RedisLink: one connection to Redis on Qt's event loop, through hiredis (Debian's
// libhiredis-dev) -- what the cluster's fan-out publishes and subscribes with (issue 14). hiredis
// reads and writes the protocol; this class gives it Qt socket notifiers (hiredis's own Qt adapter
// is written for Qt 5: it connects to QSocketNotifier::activated(int), which Qt 6 no longer has).
//
// A link is either for commands (command(): each answered exactly once, an error reply if the link
// is down or goes down first) or for subscriptions (subscribe(): messages come as message(); the
// channels are subscribed again after every reconnect). A lost connection is tried again after
// reconnectDelay, doubling up to maxReconnectDelay, until close().
//
// Bounded: commands waiting for their answers at most maxPending (past it: refused at once);
// a message larger than maxMessageBytes is dropped (counted, logged).
#include "redisreply.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <QUrl>
#include <chrono>
#include <functional>

struct redisAsyncContext;
class QSocketNotifier;

class RedisLink : public QObject
{
    Q_OBJECT
public:
    struct Settings
    {
        std::chrono::milliseconds reconnectDelay{100};
        std::chrono::milliseconds maxReconnectDelay{5000};
        int maxPending = 10'000;
        qint64 maxMessageBytes = 16 * 1024 * 1024;
    };
    using Callback = std::function<void(const RedisReply &)>;

    explicit RedisLink(QObject *parent = nullptr);
    ~RedisLink() override;

    void setSettings(const Settings &settings) { m_settings = settings; }

    //! redis://[[user]:password@]host[:port] (port 6379 by default); false (and \a error) for
    //! anything else. The user and password, when given, are sent with AUTH on every connect.
    static bool parseUrl(const QUrl &url, QString *host, quint16 *port, QString *error);

    //! Connects to \a url and keeps connecting until close(). False when the URL is not one.
    bool open(const QUrl &url);
    //! Disconnects for good: waiting commands get an error reply, no reconnect.
    void close();
    bool isConnected() const { return m_connected; }

    //! Sends \a words as one command; \a done (if any) gets its reply, exactly once.
    void command(const QList<QByteArray> &words, Callback done = {});
    //! Subscribes to \a channel, now (if connected) and after every reconnect.
    void subscribe(const QByteArray &channel);

    int pending() const { return m_pending; }
    int droppedMessages() const { return m_dropped; }

Q_SIGNALS:
    void connected();
    void disconnected(const QString &why);
    //! A message published to a subscribed channel.
    void message(const QByteArray &channel, const QByteArray &payload);

private:
    struct Pending;
    void connectNow();
    void onConnected(int status);
    void onDisconnected(int status);
    void scheduleReconnect();
    void sendSubscribe(const QByteArray &channel);
    void onSubscription(const RedisReply &reply);
    void drop(); //!< frees the context (waiting callbacks run with errors)

    // hiredis's event hooks, given notifiers here.
    static void addRead(void *self);
    static void delRead(void *self);
    static void addWrite(void *self);
    static void delWrite(void *self);
    static void cleanup(void *self);
    static void replied(redisAsyncContext *context, void *reply, void *pending);

    Settings m_settings;
    QString m_host;
    quint16 m_port = 0;
    QByteArray m_user;     //!< AUTH's user (Redis 6 ACLs); empty: the default user
    QByteArray m_password; //!< empty: no AUTH
    bool m_open = false;
    bool m_connected = false;
    redisAsyncContext *m_context = nullptr;
    QSocketNotifier *m_read = nullptr;
    QSocketNotifier *m_write = nullptr;
    QTimer m_reconnect;
    std::chrono::milliseconds m_delay{0};
    QSet<QByteArray> m_channels;
    int m_pending = 0;
    int m_dropped = 0;
};
