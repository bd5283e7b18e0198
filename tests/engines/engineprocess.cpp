#include "engineprocess.h"

#include <QEventLoop>
#include <QTimer>

#include <signal.h>

bool EngineProcess::start(const QString &program, const QStringList &arguments, const QString &readyText,
                          int timeoutMs, const std::function<void(QProcess &)> &prepare)
{
    m_log.clear();
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    if (prepare)
        prepare(*m_process);
    m_process->start(program, arguments);
    QEventLoop loop;
    bool ready = false;
    QObject::connect(m_process.get(), &QProcess::readyRead, &loop, [&] {
        m_log += QString::fromLocal8Bit(m_process->readAll());
        if (m_log.contains(readyText)) {
            ready = true;
            loop.quit();
        }
    });
    QObject::connect(m_process.get(), &QProcess::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (m_process->waitForStarted(10000))
        loop.exec();
    QObject::disconnect(m_process.get(), nullptr, &loop, nullptr);
    // Later output is kept too, bounded, for failure messages.
    QObject::connect(m_process.get(), &QProcess::readyRead, m_process.get(),
                     [this] { m_log = QString(m_log + QString::fromLocal8Bit(m_process->readAll())).right(100000); });
    if (!ready)
        kill();
    return ready;
}

void EngineProcess::stop(int signal)
{
    if (!isRunning())
        return;
    ::kill(pid_t(m_process->processId()), signal);
    if (!m_process->waitForFinished(30000)) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
    m_process.reset();
}

void EngineProcess::kill()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(10000);
    }
    m_process.reset();
}

bool EngineProcess::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}
