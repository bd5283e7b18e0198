#pragma once
// EngineProcess: what the private engine servers (PostgresInstance, RedisInstance) share -- a
// server program started in the foreground, waited for until it prints that it is ready, its
// output kept in a file for failure messages, and stopped or killed.
#include <QProcess>
#include <QString>
#include <QTemporaryFile>
#include <functional>
#include <memory>

class EngineProcess
{
public:
    //! Starts \a program with \a arguments (\a prepare may adjust the QProcess first, e.g. a child
    //! modifier) and waits until its output holds \a readyText, at most \a timeoutMs. False when
    //! it exits or the time runs out first (it is killed then); log() says what it wrote.
    bool start(const QString &program, const QStringList &arguments, const QString &readyText, int timeoutMs,
               const std::function<void(QProcess &)> &prepare = {});
    //! Sends \a signal (SIGTERM, SIGINT…) and waits; kills it if it does not end in time.
    void stop(int signal);
    //! SIGKILL: a crash.
    void kill();
    bool isRunning() const;
    qint64 processId() const { return m_process ? m_process->processId() : 0; }
    //! What it wrote (the last 100,000 bytes), from the file its output goes to.
    QString log() const;

private:
    std::unique_ptr<QProcess> m_process;
    std::unique_ptr<QTemporaryFile> m_logFile;
};
