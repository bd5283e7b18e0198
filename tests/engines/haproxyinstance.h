#pragma once
// HaproxyInstance: a private HAProxy for one test, the load balancer in front of a cluster of
// parley-servers (issue 14): it listens on 127.0.0.1 at a free port and spreads TCP connections
// round-robin over the given backends (Parley speaks websocket only: no sticky sessions needed),
// checking each every 200 ms so that a dead node is taken out within about half a second.
// configuration() is the tested configuration docs/deploy.md will give administrators.
#include <QHostAddress>
#include <QList>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <memory>

class HaproxyInstance
{
public:
    HaproxyInstance();
    ~HaproxyInstance();

    static QString program(); //!< haproxy on the PATH (or /usr/sbin); empty if none
    static bool isInstalled() { return !program().isEmpty(); }

    //! The haproxy.cfg for a frontend on \a port spreading over \a backends (127.0.0.1 ports).
    static QString configuration(quint16 port, const QList<quint16> &backends);

    //! Writes the configuration and starts haproxy in the foreground; waits until its port
    //! accepts connections (at most \a timeoutMs). False and errorString() when it cannot.
    bool start(const QList<quint16> &backends, int timeoutMs = 15000);
    void stop();
    bool isRunning() const;

    quint16 port() const { return m_port; }
    QString errorString() const { return m_error; }

private:
    QTemporaryDir m_dir;
    quint16 m_port = 0;
    std::unique_ptr<QProcess> m_process;
    QString m_error;
};
