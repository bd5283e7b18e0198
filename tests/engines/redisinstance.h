#pragma once
// RedisInstance: a private redis-server for one test on 127.0.0.1 at a free port, nothing saved
// to disk (no RDB, no AOF), protected mode on. Stopped with the object. The machine's own Redis
// (if any) is not touched.
#include "engineprocess.h"

#include <QString>
#include <QTemporaryDir>

class RedisInstance
{
public:
    RedisInstance();
    ~RedisInstance();

    static QString program(); //!< redis-server on the PATH (or /usr/bin); empty if none
    static bool isInstalled() { return !program().isEmpty(); }

    //! Starts (again: on the same port); false (and errorString()) when it cannot. Waits until it
    //! accepts connections (at most \a timeoutMs).
    bool start(int timeoutMs = 30000);
    //! Before start(): clients must AUTH with \a password (requirepass).
    void setPassword(const QString &password) { m_password = password; }
    //! SIGTERM, and wait.
    void stop();
    //! SIGKILL: a crash.
    void kill();
    bool isRunning() const;

    quint16 port() const { return m_port; }
    qint64 processId() const { return m_server.processId(); }
    QString url() const; //!< redis://127.0.0.1:<port>
    QString errorString() const { return m_error; }

private:
    QTemporaryDir m_dir;
    quint16 m_port = 0;
    EngineProcess m_server;
    QString m_error;
    QString m_password;
};
