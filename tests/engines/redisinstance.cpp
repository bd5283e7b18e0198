#include "redisinstance.h"

#include "freeport.h"

#include <QEventLoop>
#include <QStandardPaths>
#include <QTimer>

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
    m_log.clear();
    m_server = std::make_unique<QProcess>();
    m_server->setProcessChannelMode(QProcess::MergedChannels);
    m_server->start(redis, {QStringLiteral("--port"), QString::number(m_port), QStringLiteral("--bind"),
                            QStringLiteral("127.0.0.1"), QStringLiteral("--save"), QString(),
                            QStringLiteral("--appendonly"), QStringLiteral("no"), QStringLiteral("--dir"), m_dir.path(),
                            QStringLiteral("--protected-mode"), QStringLiteral("yes"),
                            QStringLiteral("--daemonize"), QStringLiteral("no")});
    QEventLoop loop;
    bool ready = false;
    QObject::connect(m_server.get(), &QProcess::readyRead, &loop, [&] {
        m_log += QString::fromLocal8Bit(m_server->readAll());
        if (m_log.contains(QLatin1String("Ready to accept connections"))) {
            ready = true;
            loop.quit();
        }
    });
    QObject::connect(m_server.get(), &QProcess::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (m_server->waitForStarted(10000))
        loop.exec();
    QObject::disconnect(m_server.get(), nullptr, &loop, nullptr);
    QObject::connect(m_server.get(), &QProcess::readyRead, m_server.get(),
                     [this] { m_log += QString::fromLocal8Bit(m_server->readAll()).right(100000); });
    if (!ready) {
        m_error = QStringLiteral("redis-server did not start: ") + m_log.right(2000);
        kill();
        return false;
    }
    return true;
}

void RedisInstance::stop()
{
    if (!isRunning())
        return;
    m_server->terminate();
    if (!m_server->waitForFinished(10000)) {
        m_server->kill();
        m_server->waitForFinished(5000);
    }
    m_server.reset();
}

void RedisInstance::kill()
{
    if (!m_server)
        return;
    if (m_server->state() != QProcess::NotRunning) {
        m_server->kill();
        m_server->waitForFinished(10000);
    }
    m_server.reset();
}

bool RedisInstance::isRunning() const
{
    return m_server && m_server->state() == QProcess::Running;
}

QString RedisInstance::url() const
{
    return QStringLiteral("redis://127.0.0.1:%1").arg(m_port);
}
