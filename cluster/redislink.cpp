#include "redislink.h"

#include "logging.h"

#include <QPointer>
#include <QSocketNotifier>

#include <hiredis/async.h>
#include <hiredis/hiredis.h>

#include <vector>

namespace {
//! Replies to Parley's own commands are small; a bound all the same.
constexpr int kMaxDepth = 8;
constexpr size_t kMaxElements = 100'000;

RedisReply copyOf(const redisReply *r, int depth = 0)
{
    RedisReply out;
    if (!r)
        return RedisReply::error("no reply");
    switch (r->type) {
    case REDIS_REPLY_STATUS:
        out.type = RedisReply::Type::Status;
        out.text = QByteArray(r->str, qsizetype(r->len));
        break;
    case REDIS_REPLY_ERROR:
        out.type = RedisReply::Type::Error;
        out.text = QByteArray(r->str, qsizetype(r->len));
        break;
    case REDIS_REPLY_INTEGER:
        out.type = RedisReply::Type::Integer;
        out.integer = r->integer;
        break;
    case REDIS_REPLY_STRING:
        out.type = RedisReply::Type::String;
        out.text = QByteArray(r->str, qsizetype(r->len));
        break;
    case REDIS_REPLY_ARRAY:
        out.type = RedisReply::Type::Array;
        if (depth >= kMaxDepth || r->elements > kMaxElements)
            return RedisReply::error("reply too deep or too long");
        for (size_t i = 0; i < r->elements; ++i)
            out.elements << copyOf(r->element[i], depth + 1);
        break;
    default:
        out.type = RedisReply::Type::Nil;
    }
    return out;
}
} // namespace

struct RedisLink::Pending
{
    QPointer<RedisLink> link;
    Callback done;
    bool subscription = false;
};

RedisLink::RedisLink(QObject *parent)
    : QObject(parent)
{
    m_reconnect.setSingleShot(true);
    connect(&m_reconnect, &QTimer::timeout, this, &RedisLink::connectNow);
}

RedisLink::~RedisLink()
{
    m_open = false;
    drop();
}

bool RedisLink::parseUrl(const QUrl &url, QString *host, quint16 *port, QString *error)
{
    if (!url.isValid() || url.scheme() != QLatin1String("redis") || url.host().isEmpty()) {
        *error = QStringLiteral("not a redis://host:port URL: %1").arg(url.toDisplayString());
        return false;
    }
    const int p = url.port(6379);
    if (p <= 0 || p > 65535) {
        *error = QStringLiteral("bad port in %1").arg(url.toDisplayString());
        return false;
    }
    *host = url.host();
    *port = quint16(p);
    return true;
}

bool RedisLink::open(const QUrl &url)
{
    QString error;
    if (!parseUrl(url, &m_host, &m_port, &error)) {
        qCWarning(lcCluster).noquote() << error;
        return false;
    }
    close();
    m_user = url.userName(QUrl::FullyDecoded).toUtf8();
    m_password = url.password(QUrl::FullyDecoded).toUtf8();
    m_open = true;
    m_delay = m_settings.reconnectDelay;
    connectNow();
    return true;
}

void RedisLink::close()
{
    m_open = false;
    m_reconnect.stop();
    drop();
}

void RedisLink::drop()
{
    if (!m_context)
        return;
    redisAsyncContext *context = m_context;
    m_context = nullptr; // the callbacks hiredis runs while freeing see it gone
    redisAsyncFree(context); // waiting commands are answered with no reply: errors
    if (m_connected) {
        m_connected = false;
        Q_EMIT disconnected(QStringLiteral("closed"));
    }
}

void RedisLink::connectNow()
{
    if (!m_open || m_context)
        return;
    redisAsyncContext *context = redisAsyncConnect(m_host.toUtf8().constData(), m_port);
    if (!context || context->err) {
        qCInfo(lcCluster).noquote() << "redis" << m_host << m_port << "not reached:"
                                    << (context ? context->errstr : "out of memory");
        if (context)
            redisAsyncFree(context);
        scheduleReconnect();
        return;
    }
    m_context = context;
    context->data = this;
    // The event hooks first: setting the connect callback already asks for a write event.
    context->ev.data = this;
    context->ev.addRead = &RedisLink::addRead;
    context->ev.delRead = &RedisLink::delRead;
    context->ev.addWrite = &RedisLink::addWrite;
    context->ev.delWrite = &RedisLink::delWrite;
    context->ev.cleanup = &RedisLink::cleanup;
    redisAsyncSetConnectCallback(context, [](const redisAsyncContext *c, int status) {
        static_cast<RedisLink *>(c->data)->onConnected(status);
    });
    redisAsyncSetDisconnectCallback(context, [](const redisAsyncContext *c, int status) {
        static_cast<RedisLink *>(c->data)->onDisconnected(status);
    });
}

void RedisLink::onConnected(int status)
{
    if (status != REDIS_OK) {
        // hiredis frees the context after this: a new one on the next try.
        qCInfo(lcCluster).noquote() << "redis" << m_host << m_port << "refused:"
                                    << (m_context && m_context->errstr ? m_context->errstr : "");
        m_context = nullptr;
        scheduleReconnect();
        return;
    }
    m_connected = true;
    m_delay = m_settings.reconnectDelay;
    qCInfo(lcCluster).noquote() << "redis" << m_host << m_port << "connected";
    if (!m_password.isEmpty()) {
        // First on the link: what follows (subscriptions included) runs signed in. A refusal
        // ends the link; it is tried again later, as a lost one is.
        QList<QByteArray> auth{QByteArrayLiteral("AUTH")};
        if (!m_user.isEmpty())
            auth << m_user;
        auth << m_password;
        command(auth, [this](const RedisReply &reply) {
            if (!reply.isError())
                return;
            qCWarning(lcCluster).noquote() << "redis" << m_host << m_port << "refused AUTH:" << reply.text;
            if (m_context)
                redisAsyncDisconnect(m_context);
        });
    }
    for (const QByteArray &channel : std::as_const(m_channels))
        sendSubscribe(channel);
    Q_EMIT connected();
}

void RedisLink::onDisconnected(int status)
{
    const QString why = status == REDIS_OK ? QStringLiteral("closed")
            : QString::fromUtf8(m_context && m_context->errstr ? m_context->errstr : "lost");
    m_context = nullptr; // freed by hiredis after this callback
    if (!m_connected)
        return;
    m_connected = false;
    qCWarning(lcCluster).noquote() << "redis" << m_host << m_port << "link lost:" << why;
    Q_EMIT disconnected(why);
    scheduleReconnect();
}

void RedisLink::scheduleReconnect()
{
    if (!m_open || m_reconnect.isActive())
        return;
    m_reconnect.start(m_delay);
    m_delay = std::min(m_delay * 2, m_settings.maxReconnectDelay);
}

void RedisLink::command(const QList<QByteArray> &words, Callback done)
{
    const auto refuse = [&done](const QByteArray &why) {
        if (done)
            done(RedisReply::error(why));
    };
    if (!m_context || !m_connected)
        return refuse("not connected");
    if (m_pending >= m_settings.maxPending)
        return refuse("too many commands waiting");
    std::vector<const char *> argv;
    std::vector<size_t> lengths;
    for (const QByteArray &w : words) {
        argv.push_back(w.constData());
        lengths.push_back(size_t(w.size()));
    }
    auto *pending = new Pending{this, std::move(done), false};
    if (redisAsyncCommandArgv(m_context, &RedisLink::replied, pending, int(argv.size()), argv.data(), lengths.data())
        != REDIS_OK) {
        Callback failed = std::move(pending->done);
        delete pending;
        if (failed)
            failed(RedisReply::error("not sent"));
        return;
    }
    ++m_pending;
}

void RedisLink::subscribe(const QByteArray &channel)
{
    if (m_channels.contains(channel))
        return;
    m_channels.insert(channel);
    if (m_connected)
        sendSubscribe(channel);
}

void RedisLink::sendSubscribe(const QByteArray &channel)
{
    const char *argv[] = {"SUBSCRIBE", channel.constData()};
    const size_t lengths[] = {9, size_t(channel.size())};
    auto *pending = new Pending{this, {}, true};
    if (redisAsyncCommandArgv(m_context, &RedisLink::replied, pending, 2, argv, lengths) != REDIS_OK)
        delete pending;
}

void RedisLink::replied(redisAsyncContext *, void *r, void *p)
{
    auto *pending = static_cast<Pending *>(p);
    const auto *reply = static_cast<const redisReply *>(r);
    RedisLink *self = pending->link.data();
    if (pending->subscription) {
        // Called for every message of the channel; with no reply once, as the link goes.
        if (!reply) {
            delete pending;
            return;
        }
        if (!self)
            return;
        if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 3 && reply->element[2]
            && reply->element[2]->type == REDIS_REPLY_STRING
            && qint64(reply->element[2]->len) > self->m_settings.maxMessageBytes) {
            ++self->m_dropped;
            qCWarning(lcCluster) << "redis message of" << reply->element[2]->len << "bytes dropped (over"
                                 << self->m_settings.maxMessageBytes << ")";
            return;
        }
        self->onSubscription(copyOf(reply));
        return;
    }
    const RedisReply value = reply ? copyOf(reply) : RedisReply::error("link lost");
    Callback done = std::move(pending->done);
    delete pending;
    if (self)
        --self->m_pending;
    if (done)
        done(value);
}

void RedisLink::onSubscription(const RedisReply &reply)
{
    if (reply.type != RedisReply::Type::Array || reply.elements.size() != 3)
        return;
    if (reply.elements.at(0).text == "message")
        Q_EMIT message(reply.elements.at(1).text, reply.elements.at(2).text);
}

void RedisLink::addRead(void *self)
{
    auto *link = static_cast<RedisLink *>(self);
    if (link->m_read || !link->m_context)
        return;
    link->m_read = new QSocketNotifier(link->m_context->c.fd, QSocketNotifier::Read, link);
    connect(link->m_read, &QSocketNotifier::activated, link, [link] {
        if (link->m_context)
            redisAsyncHandleRead(link->m_context);
    });
}

void RedisLink::delRead(void *self)
{
    auto *link = static_cast<RedisLink *>(self);
    if (!link->m_read)
        return;
    // Possibly inside its own activated(): not deleted under its feet.
    link->m_read->setEnabled(false);
    link->m_read->deleteLater();
    link->m_read = nullptr;
}

void RedisLink::addWrite(void *self)
{
    auto *link = static_cast<RedisLink *>(self);
    if (link->m_write || !link->m_context)
        return;
    link->m_write = new QSocketNotifier(link->m_context->c.fd, QSocketNotifier::Write, link);
    connect(link->m_write, &QSocketNotifier::activated, link, [link] {
        if (link->m_context)
            redisAsyncHandleWrite(link->m_context);
    });
}

void RedisLink::delWrite(void *self)
{
    auto *link = static_cast<RedisLink *>(self);
    if (!link->m_write)
        return;
    link->m_write->setEnabled(false);
    link->m_write->deleteLater();
    link->m_write = nullptr;
}

void RedisLink::cleanup(void *self)
{
    delRead(self);
    delWrite(self);
}
