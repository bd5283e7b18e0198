#pragma once
// ClusterNode: one parley-server process of a test cluster -- the real executable, on a free
// loopback port, with its own --data folder, the shared --database and --redis, and an --admin
// port for its metrics. Started and waited for like the engines (EngineProcess); kill() is a
// crash (SIGKILL), stop() a clean shutdown (SIGTERM).
#include "engineprocess.h"
#include "freeport.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <signal.h>

//! The value of metric \a name in a /metrics body (Prometheus text), or -1 when it is not there.
inline double metricValue(const QByteArray &body, const QByteArray &name)
{
    for (const QByteArray &line : body.split('\n')) {
        if (line.startsWith(QByteArray(name + ' ')))
            return line.mid(name.size() + 1).toDouble();
    }
    return -1;
}

class ClusterNode
{
public:
    //! Starts the node; false (log() says why) when it does not say it listens within 20 s.
    //! \a redisPassword goes to the node in PARLEY_REDIS_PASSWORD, as deploy.md has it.
    bool start(const QString &databaseUrl, const QString &redisUrl, const QString &redisPassword = {})
    {
        if (m_port == 0) {
            m_port = FreePort::onLoopback();
            m_adminPort = FreePort::onLoopback();
        }
        const QStringList arguments{
                QStringLiteral("--host"), QStringLiteral("127.0.0.1"),
                QStringLiteral("--port"), QString::number(m_port),
                QStringLiteral("--data"), m_data.path(),
                QStringLiteral("--database"), databaseUrl,
                QStringLiteral("--redis"), redisUrl,
                QStringLiteral("--admin"), QStringLiteral("127.0.0.1:%1").arg(m_adminPort),
                // Every client comes from HAProxy's 127.0.0.1, sending as fast as the test does.
                QStringLiteral("--messages-per-second"), QStringLiteral("1000"),
                QStringLiteral("--max-connections-per-address"), QStringLiteral("1000"),
                QStringLiteral("--ping-interval"), QStringLiteral("2000"),
                QStringLiteral("--ping-timeout"), QStringLiteral("5000"),
        };
        return m_process.start(QStringLiteral(PARLEY_SERVER_PATH), arguments,
                               QStringLiteral("parley-server listening on"), 20000,
                               [redisPassword](QProcess &process) {
                                   QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
                                   if (!redisPassword.isEmpty())
                                       environment.insert(QStringLiteral("PARLEY_REDIS_PASSWORD"), redisPassword);
                                   process.setProcessEnvironment(environment);
                               });
    }
    void kill() { m_process.kill(); }
    void stop() { m_process.stop(SIGTERM); }
    bool isRunning() const { return m_process.isRunning(); }
    quint16 port() const { return m_port; }
    QString log() const { return m_process.log(); }

    //! One value of its /metrics (Prometheus text), or -1 when it cannot be read.
    double metric(const QByteArray &name) const
    {
        QNetworkAccessManager network;
        QNetworkReply *reply = network.get(QNetworkRequest(
                QUrl(QStringLiteral("http://127.0.0.1:%1/metrics").arg(m_adminPort))));
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished() && !done.wait(5000))
            return -1;
        const QByteArray body = reply->readAll();
        reply->deleteLater();
        return metricValue(body, name);
    }

private:
    QTemporaryDir m_data;
    EngineProcess m_process;
    quint16 m_port = 0;
    quint16 m_adminPort = 0;
};
