#include "postgresinstance.h"

#include "freeport.h"

#include <QDir>
#include <QFileInfo>

#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <unistd.h>

PostgresInstance::PostgresInstance()
{
    m_data = m_dir.filePath(QStringLiteral("data"));
    if (::geteuid() == 0) {
        if (const passwd *pw = ::getpwnam("postgres")) {
            m_uid = int(pw->pw_uid);
            m_gid = int(pw->pw_gid);
        }
    }
}

PostgresInstance::~PostgresInstance()
{
    stop();
}

QString PostgresInstance::binDirectory()
{
    const QDir root(QStringLiteral("/usr/lib/postgresql"));
    QStringList versions = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(versions.begin(), versions.end(), [](const QString &a, const QString &b) { return a.toInt() > b.toInt(); });
    for (const QString &v : std::as_const(versions)) {
        const QString bin = root.filePath(v + QStringLiteral("/bin"));
        if (QFileInfo(bin + QStringLiteral("/initdb")).isExecutable() && QFileInfo(bin + QStringLiteral("/postgres")).isExecutable())
            return bin;
    }
    return {};
}

void PostgresInstance::prepareChild(QProcess &process) const
{
    if (m_uid < 0)
        return;
    const int uid = m_uid, gid = m_gid;
    process.setChildProcessModifier([uid, gid] {
        // Only async-signal-safe calls here: drop root for the "postgres" account.
        ::setgroups(0, nullptr);
        if (::setgid(gid) != 0 || ::setuid(uid) != 0)
            ::_exit(126);
    });
}

bool PostgresInstance::runAsServerUser(const QString &program, const QStringList &arguments, QString *output)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    prepareChild(p);
    p.start(program, arguments);
    const bool ok = p.waitForFinished(120000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    *output = QString::fromLocal8Bit(p.readAll());
    return ok;
}

bool PostgresInstance::start(int timeoutMs)
{
    if (isRunning())
        return true;
    const QString bin = binDirectory();
    if (bin.isEmpty()) {
        m_error = QStringLiteral("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)");
        return false;
    }
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("no temporary folder");
        return false;
    }
    if (::geteuid() == 0) {
        if (m_uid < 0) {
            m_error = QStringLiteral("running as root and there is no \"postgres\" account to run PostgreSQL as");
            return false;
        }
        if (::chown(QFile::encodeName(m_dir.path()).constData(), uid_t(m_uid), gid_t(m_gid)) != 0) {
            m_error = QStringLiteral("cannot give %1 to the postgres account").arg(m_dir.path());
            return false;
        }
    }
    if (!m_initialised) {
        QString out;
        if (!runAsServerUser(bin + QStringLiteral("/initdb"),
                             {QStringLiteral("-D"), m_data, QStringLiteral("-U"), QStringLiteral("parley"),
                              QStringLiteral("--auth=trust"), QStringLiteral("-E"), QStringLiteral("UTF8"),
                              QStringLiteral("--locale=C.UTF-8"), QStringLiteral("--no-sync")},
                             &out)) {
            m_error = QStringLiteral("initdb failed: ") + out.right(2000);
            return false;
        }
        m_initialised = true;
        m_port = FreePort::onLoopback();
    }
    // Loopback only; the socket in the private folder. No fsync: a test's server dies with it
    // anyway, and a restart (not a power cut) keeps everything committed.
    if (!m_server.start(bin + QStringLiteral("/postgres"),
                        {QStringLiteral("-D"), m_data, QStringLiteral("-h"), QStringLiteral("127.0.0.1"),
                         QStringLiteral("-p"), QString::number(m_port), QStringLiteral("-k"), m_dir.path(),
                         QStringLiteral("-F"), QStringLiteral("-c"), QStringLiteral("max_connections=200")},
                        QStringLiteral("ready to accept connections"), timeoutMs,
                        [this](QProcess &process) { prepareChild(process); })) {
        m_error = QStringLiteral("postgres did not start: ") + m_server.log().right(2000);
        return false;
    }
    // The database the tests use (once).
    QProcess createdb;
    createdb.start(bin + QStringLiteral("/psql"),
                   {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(m_port),
                    QStringLiteral("-U"), QStringLiteral("parley"), QStringLiteral("-d"), QStringLiteral("postgres"),
                    QStringLiteral("-tAc"),
                    QStringLiteral("SELECT 1 FROM pg_database WHERE datname = 'parley'")});
    createdb.waitForFinished(30000);
    const bool created = createdb.readAllStandardOutput().trimmed() == "1";
    if (!created) {
        QProcess create;
        create.setProcessChannelMode(QProcess::MergedChannels);
        create.start(bin + QStringLiteral("/createdb"),
                     {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(m_port),
                      QStringLiteral("-U"), QStringLiteral("parley"), QStringLiteral("parley")});
        if (!create.waitForFinished(30000) || create.exitCode() != 0) {
            m_error = QStringLiteral("createdb failed: ") + QString::fromLocal8Bit(create.readAll());
            return false;
        }
    }
    return true;
}

void PostgresInstance::stop()
{
    m_server.stop(SIGINT); // a fast shutdown: connections closed, everything committed kept
}

void PostgresInstance::kill()
{
    m_server.kill();
}

bool PostgresInstance::isRunning() const
{
    return m_server.isRunning();
}

QString PostgresInstance::url() const
{
    return QStringLiteral("postgresql://parley@127.0.0.1:%1/parley").arg(m_port);
}
