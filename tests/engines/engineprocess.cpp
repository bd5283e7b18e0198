#include "engineprocess.h"

#include <QEventLoop>
#include <QFile>
#include <QTimer>

#include <signal.h>
#include <sys/prctl.h>

bool EngineProcess::start(const QString &program, const QStringList &arguments, const QString &readyText,
                          int timeoutMs, const std::function<void(QProcess &)> &prepare)
{
    // The output goes to a file, never a pipe: a pipe is drained only while this process runs an
    // event loop, and a server whose log pipe is full stops answering (a test blocked in
    // QThread::wait() would then wait for ever).
    m_logFile = std::make_unique<QTemporaryFile>();
    if (!m_logFile->open())
        return false;
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setStandardOutputFile(m_logFile->fileName(), QIODevice::Append);
    if (prepare)
        prepare(*m_process);
    // A test that crashes or is killed by ctest must not leave its server running: the server
    // gets SIGKILL when this process goes (set after any change of account, which clears it).
    const std::function<void()> inner = m_process->childProcessModifier();
    m_process->setChildProcessModifier([inner] {
        if (inner)
            inner();
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    });
    m_process->start(program, arguments);
    QEventLoop loop;
    bool ready = false;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (log().contains(readyText)) {
            ready = true;
            loop.quit();
        }
    });
    QObject::connect(m_process.get(), &QProcess::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (m_process->waitForStarted(10000)) {
        poll.start(20);
        loop.exec();
    }
    QObject::disconnect(m_process.get(), nullptr, &loop, nullptr);
    if (!ready)
        kill();
    return ready;
}

QString EngineProcess::log() const
{
    if (!m_logFile)
        return QString();
    QFile file(m_logFile->fileName());
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    constexpr qint64 kKept = 100000;  // the end of a long log is what explains a failure
    if (file.size() > kKept)
        file.seek(file.size() - kKept);
    return QString::fromLocal8Bit(file.readAll());
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
