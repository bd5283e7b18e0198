#pragma once
// RedisFanOut: the cluster's FanOut over Redis pub/sub (issue 14, docs/deploy.md).

#include "fanout.h"
#include "redislink.h"

#include <QObject>
#include <QUrl>

//! Publishes every envelope on one channel and hears every other node's there, the way
//! socket.io's Redis adapter does: each node keeps what concerns its own sessions.
//!
//! Why one channel rather than one per room: a node would have to subscribe and unsubscribe as
//! rooms gain and lose their local members, and a message published between a join and its
//! SUBSCRIBE would be lost; with one channel nothing is missed while a node is subscribed, at
//! the cost of every node reading every event (fine for the few nodes this is built for; the
//! limit is in docs/deploy.md).
//!
//! What Redis pub/sub does not do: it keeps nothing. An event published while a node's
//! subscription is down never reaches it; the node's ChatHub catches its rooms up from the
//! database when the subscription is back (resubscribed()), so the database stays the one
//! source of truth and Redis only rings the bell.
//!
//! Two RedisLinks: a subscribed connection can send nothing but (un)subscriptions.
class RedisFanOut final : public QObject, public FanOut
{
    Q_OBJECT

public:
    struct Settings
    {
        QByteArray channel = QByteArrayLiteral("parley:fanout");
        //! A frame larger than this is not published (counted) and not accepted from others.
        qsizetype maxFrameBytes = 4 * 1024 * 1024;
        RedisLink::Settings link;
    };

    explicit RedisFanOut(const Settings &settings, QObject *parent = nullptr);
    ~RedisFanOut() override;

    //! Connects both links to \a url (redis://[[user]:password@]host[:port]; without a password
    //! in it, PARLEY_REDIS_PASSWORD's is used if set); false (\a error) when it is not one. They
    //! sign in with AUTH when given a password and keep reconnecting until the object goes.
    bool open(const QUrl &url, QString *error);

    QByteArray nodeId() const override { return m_nodeId; }
    void publish(FanOutEnvelope envelope) override;
    bool isReady() const override;
    bool reachesOtherNodes() const override { return true; }

    qint64 published() const { return m_published; }
    qint64 publishFailures() const { return m_publishFailures; }
    //! Messages on the channel dropped as malformed (what arrives is counted by the hub).
    qint64 malformed() const { return m_malformed; }

Q_SIGNALS:
    //! The subscription is back after it was down: events of that time were lost.
    void resubscribed();

private:
    void onMessage(const QByteArray &channel, const QByteArray &payload);

    Settings m_settings;
    QByteArray m_nodeId;
    RedisLink m_publisher;
    RedisLink m_subscriber;
    bool m_wasSubscribed = false;
    qint64 m_published = 0;
    qint64 m_publishFailures = 0;
    qint64 m_malformed = 0;
};
