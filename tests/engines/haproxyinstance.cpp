#include "haproxyinstance.h"

#include "freeport.h"

#include <QFile>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTest>

HaproxyInstance::HaproxyInstance() = default;

HaproxyInstance::~HaproxyInstance()
{
    stop();
}

QString HaproxyInstance::program()
{
    const QString found = QStandardPaths::findExecutable(QStringLiteral("haproxy"));
    if (!found.isEmpty())
        return found;
    return QStandardPaths::findExecutable(QStringLiteral("haproxy"), {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin")});
}

QString HaproxyInstance::configuration(quint16 port, const QList<quint16> &backends)
{
    QString cfg = QStringLiteral(
            "# parley-server nodes behind HAProxy: plain TCP (websocket, TLS passes through),\n"
            "# round-robin, no stickiness (any node serves any client), dead nodes out fast.\n"
            "global\n"
            "    # each connection takes two descriptors: raise LimitNOFILE (systemd) for more\n"
            "    maxconn 8000\n"
            "defaults\n"
            "    mode tcp\n"
            "    timeout connect 2s\n"
            "    # websocket links are long-lived: Parley's own heartbeat keeps them honest\n"
            "    timeout client 1h\n"
            "    timeout server 1h\n"
            "frontend parley\n"
            "    bind 127.0.0.1:%1\n"
            "    default_backend parley_nodes\n"
            "backend parley_nodes\n"
            "    balance roundrobin\n"
            "    # a node that stops answering loses its clients, which reconnect to the others\n"
            "    option redispatch\n"
            "    default-server inter 200ms fall 1 rise 2 on-marked-down shutdown-sessions\n").arg(port);
    for (int i = 0; i < backends.size(); ++i)
        cfg += QStringLiteral("    server node%1 127.0.0.1:%2 check\n").arg(i + 1).arg(backends.at(i));
    return cfg;
}

bool HaproxyInstance::start(const QList<quint16> &backends, int timeoutMs)
{
    if (isRunning())
        return true;
    const QString haproxy = program();
    if (haproxy.isEmpty()) {
        m_error = QStringLiteral("haproxy is not installed");
        return false;
    }
    if (m_port == 0)
        m_port = FreePort::onLoopback();
    const QString path = m_dir.filePath(QStringLiteral("haproxy.cfg"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(configuration(m_port, backends).toUtf8()) < 0) {
        m_error = QStringLiteral("cannot write %1").arg(path);
        return false;
    }
    f.close();
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->start(haproxy, {QStringLiteral("-db"), QStringLiteral("-f"), path});
    const bool up = m_process->waitForStarted(10000) && QTest::qWaitFor([&] {
        if (m_process->state() != QProcess::Running)
            return true;
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, m_port);
        return probe.waitForConnected(100);
    }, timeoutMs) && m_process->state() == QProcess::Running;
    if (!up) {
        m_error = QStringLiteral("haproxy did not start: ") + QString::fromLocal8Bit(m_process->readAll()).right(2000);
        stop();
        return false;
    }
    return true;
}

void HaproxyInstance::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(5000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    m_process.reset();
}

bool HaproxyInstance::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}
