#pragma once
// PostgresInstance: a private PostgreSQL server for one test -- initdb into a temporary folder,
// postgres listening on 127.0.0.1 at a free port (and a socket in that folder), database "parley"
// owned by role "parley" with trust authentication (loopback only). PostgreSQL refuses to run as
// root: when the tests run as root, the folder is given to the "postgres" account the Debian
// package creates and the server runs as that account. Stopped (and the folder removed) with the
// object. Nothing of the machine's own PostgreSQL is touched.
#include "engineprocess.h"

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

class PostgresInstance
{
public:
    PostgresInstance();
    ~PostgresInstance();

    //! The newest /usr/lib/postgresql/<version>/bin holding initdb and postgres; empty if none.
    static QString binDirectory();
    static bool isInstalled() { return !binDirectory().isEmpty(); }

    //! initdb (once) and start; false (and errorString()) when it cannot. Waits until the server
    //! accepts connections (at most \a timeoutMs).
    bool start(int timeoutMs = 60000);
    //! A fast shutdown (SIGINT: connections closed, everything committed is kept); waits for it.
    void stop();
    //! SIGKILL: a crash. start() again recovers from the WAL on the same folder and port.
    void kill();
    bool isRunning() const;

    quint16 port() const { return m_port; }
    //! The postmaster's process id (its backends are its children); 0 when not running.
    qint64 processId() const { return m_server.processId(); }
    //! postgresql://parley@127.0.0.1:<port>/parley
    QString url() const;
    QString errorString() const { return m_error; }
    //! What the server wrote (for failure messages).
    QString log() const { return m_server.log(); }

private:
    bool runAsServerUser(const QString &program, const QStringList &arguments, QString *output);
    void prepareChild(QProcess &process) const;

    QTemporaryDir m_dir;
    QString m_data;
    quint16 m_port = 0;
    bool m_initialised = false;
    EngineProcess m_server;
    QString m_error;
    int m_uid = -1; //!< the account to run as when running as root (else -1)
    int m_gid = -1;
};
