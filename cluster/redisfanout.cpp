#include "redisfanout.h"

#include "logging.h"

#include <QDateTime>
#include <QUuid>

RedisFanOut::RedisFanOut(const Settings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_nodeId(QUuid::createUuid().toByteArray(QUuid::WithoutBraces))
{
    m_publisher.setSettings(settings.link);
    RedisLink::Settings subscriber = settings.link;
    subscriber.maxMessageBytes = settings.maxFrameBytes + FanOutEnvelope::kMaxTargetBytes + 512;
    m_subscriber.setSettings(subscriber);
    connect(&m_subscriber, &RedisLink::message, this, &RedisFanOut::onMessage);
    connect(&m_subscriber, &RedisLink::connected, this, [this] {
        if (m_wasSubscribed) {
            qCInfo(lcCluster).noquote() << "fan-out subscription back: catching up from the database";
            Q_EMIT resubscribed();
        }
        m_wasSubscribed = true;
    });
    connect(&m_subscriber, &RedisLink::disconnected, this, [](const QString &why) {
        qCWarning(lcCluster).noquote() << "fan-out subscription lost:" << why;
    });
    m_subscriber.subscribe(settings.channel);
}

RedisFanOut::~RedisFanOut()
{
    m_subscriber.close();
    m_publisher.close();
}

bool RedisFanOut::open(const QUrl &url, QString *error)
{
    QString host;
    quint16 port = 0;
    if (!RedisLink::parseUrl(url, &host, &port, error))
        return false;
    // The password belongs in the environment rather than on a command line every local user
    // can read (ps); the URL's wins when it has one.
    QUrl withPassword = url;
    if (withPassword.password().isEmpty() && qEnvironmentVariableIsSet("PARLEY_REDIS_PASSWORD"))
        withPassword.setPassword(qEnvironmentVariable("PARLEY_REDIS_PASSWORD"));
    m_publisher.open(withPassword);
    m_subscriber.open(withPassword);
    qCInfo(lcCluster).noquote() << "fan-out through" << url.toString(QUrl::RemoveUserInfo) << "channel"
                                << m_settings.channel << "as node" << m_nodeId;
    return true;
}

bool RedisFanOut::isReady() const
{
    return m_publisher.isConnected() && m_subscriber.isConnected();
}

void RedisFanOut::publish(FanOutEnvelope envelope)
{
    if (envelope.frame.size() * 3 > m_settings.maxFrameBytes
        && envelope.frame.toUtf8().size() > m_settings.maxFrameBytes) {
        ++m_publishFailures;
        qCWarning(lcCluster) << "fan-out: a frame of" << envelope.frame.size() << "characters is over the bound";
        return;
    }
    envelope.node = m_nodeId;
    envelope.sentMs = QDateTime::currentMSecsSinceEpoch();
    ++m_published;
    m_publisher.command({QByteArrayLiteral("PUBLISH"), m_settings.channel, envelope.encode()},
                        [this](const RedisReply &reply) {
                            if (reply.isError()) {
                                ++m_publishFailures;
                                qCWarning(lcCluster).noquote() << "fan-out publish failed:" << reply.text;
                            }
                        });
}

void RedisFanOut::onMessage(const QByteArray &channel, const QByteArray &payload)
{
    if (channel != m_settings.channel)
        return;
    const std::optional<FanOutEnvelope> envelope = FanOutEnvelope::decode(payload, m_settings.maxFrameBytes);
    if (!envelope) {
        ++m_malformed;
        qCWarning(lcCluster) << "fan-out: a malformed message of" << payload.size() << "bytes dropped";
        return;
    }
    if (envelope->node == m_nodeId)
        return; // our own, delivered locally already
    deliver(*envelope);
}
