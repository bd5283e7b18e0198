#include "redisinstance.h"

#include "freeport.h"

#include <QStandardPaths>
#include <signal.h>

RedisInstance::RedisInstance() = default;

RedisInstance::~RedisInstance()
{
    stop();
}

QString RedisInstance::program()
{
    const QString found = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
    if (!found.isEmpty())
        return found;
    return QStandardPaths::findExecutable(QStringLiteral("redis-server"), {QStringLiteral("/usr/bin"), QStringLiteral("/usr/sbin")});
}

bool RedisInstance::start(int timeoutMs)
{
    if (isRunning())
        return true;
    const QString redis = program();
    if (redis.isEmpty()) {
        m_error = QStringLiteral("redis-server is not installed");
        return false;
    }
    if (m_port == 0)
        m_port = FreePort::onLoopback();
    QStringList arguments{QStringLiteral("--port"), QString::number(m_port), QStringLiteral("--bind"),
                          QStringLiteral("127.0.0.1"), QStringLiteral("--save"), QString(),
                          QStringLiteral("--appendonly"), QStringLiteral("no"), QStringLiteral("--dir"), m_dir.path(),
                          QStringLiteral("--protected-mode"), QStringLiteral("yes"),
                          QStringLiteral("--daemonize"), QStringLiteral("no")};
    if (!m_password.isEmpty())
        arguments << QStringLiteral("--requirepass") << m_password;
    if (!m_server.start(redis, arguments,
                        QStringLiteral("Ready to accept connections"), timeoutMs)) {
        m_error = QStringLiteral("redis-server did not start: ") + m_server.log().right(2000);
        return false;
    }
    return true;
}

void RedisInstance::stop()
{
    m_server.stop(SIGTERM);
}

void RedisInstance::kill()
{
    m_server.kill();
}

bool RedisInstance::isRunning() const
{
    return m_server.isRunning();
}

QString RedisInstance::url() const
{
    return QStringLiteral("redis://127.0.0.1:%1").arg(m_port);
}
