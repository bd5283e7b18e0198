#include "nodepeer.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTest>

namespace {
QString nodeExecutable()
{
    return QStandardPaths::findExecutable(QStringLiteral("node"));
}

//! Grace for a script to exit after stdin closes, then after SIGTERM.
constexpr int kStopGraceMs = 2000;
} // namespace

NodePeer::NodePeer(QObject *parent)
    : QObject(parent)
{
    m_process.setWorkingDirectory(interopDir());
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &NodePeer::onStdout);
    connect(&m_process, &QProcess::readyReadStandardError, this, [this] {
        m_stderr += QString::fromUtf8(m_process.readAllStandardError());
    });
}

NodePeer::~NodePeer()
{
    stop();
}

QString NodePeer::interopDir()
{
    return QStringLiteral(PARLEY_INTEROP_DIR);
}

bool NodePeer::required()
{
    return qEnvironmentVariable("PARLEY_INTEROP_REQUIRED") == QLatin1String("1");
}

QString NodePeer::unavailableReason()
{
    if (nodeExecutable().isEmpty())
        return QStringLiteral("node is not installed: interop tests need Node.js (>= 18)");
    const QStringList packages{QStringLiteral("socket.io"), QStringLiteral("socket.io-client"),
                               QStringLiteral("ws"), QStringLiteral("nodejs-websocket")};
    for (const QString &p : packages) {
        if (!QFileInfo::exists(interopDir() + QLatin1String("/node_modules/") + p + QLatin1String("/package.json")))
            return QStringLiteral("the Node peers are not installed (run `npm ci` in %1; `./parley.sh test` does it)")
                .arg(QDir::toNativeSeparators(interopDir()));
    }
    return {};
}

bool NodePeer::start(const QString &script, const QStringList &arguments)
{
    stop();
    m_events.clear();
    m_buffer.clear();
    m_stderr.clear();
    m_error.clear();
    m_port = 0;
    m_started = false;
    m_process.start(nodeExecutable(), QStringList{QStringLiteral("peers/") + script} + arguments);
    if (!m_process.waitForStarted(kStartTimeoutMs)) {
        m_error = QStringLiteral("node did not start: %1").arg(m_process.errorString());
        return false;
    }
    if (!QTest::qWaitFor([this] { return m_started || m_process.state() == QProcess::NotRunning; }, kStartTimeoutMs)
        || !m_started) {
        m_error = QStringLiteral("%1 did not start listening: %2").arg(script, m_stderr);
        stop();
        return false;
    }
    return true;
}

void NodePeer::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.closeWriteChannel(); // the scripts exit when stdin closes
    if (!m_process.waitForFinished(kStopGraceMs)) {
        m_process.terminate();
        if (!m_process.waitForFinished(kStopGraceMs)) {
            m_process.kill();
            m_process.waitForFinished(kStopGraceMs);
        }
    }
}

QUrl NodePeer::url(const QString &path) const
{
    return QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(m_port).arg(path));
}

void NodePeer::onStdout()
{
    m_buffer += m_process.readAllStandardOutput();
    qsizetype nl;
    while ((nl = m_buffer.indexOf('\n')) >= 0) {
        const QByteArray line = m_buffer.left(nl).trimmed();
        m_buffer.remove(0, nl + 1);
        if (line.isEmpty())
            continue;
        if (!m_started && line.startsWith("listening ")) {
            m_port = quint16(line.mid(10).toUInt());
            m_started = true;
            continue;
        }
        if (!m_started && line == "ready") {
            m_started = true;
            continue;
        }
        const QJsonDocument doc = QJsonDocument::fromJson(line);
        if (doc.isObject())
            m_events << doc.object();
        else if (line == "ready")
            m_events << QJsonObject{{QStringLiteral("event"), QStringLiteral("ready")}};
        else
            qInfo().noquote() << "peer:" << QString::fromUtf8(line);
    }
}

QList<QJsonObject> NodePeer::events(const QString &event) const
{
    QList<QJsonObject> out;
    for (const QJsonObject &o : m_events) {
        if (o.value(QLatin1String("event")).toString() == event)
            out << o;
    }
    return out;
}

QJsonObject NodePeer::waitFor(const std::function<bool(const QJsonObject &)> &predicate, int timeoutMs)
{
    QJsonObject found;
    (void)QTest::qWaitFor([&] {
        for (const QJsonObject &o : std::as_const(m_events)) {
            if (predicate(o)) {
                found = o;
                return true;
            }
        }
        return false;
    }, timeoutMs);
    return found;
}

QJsonObject NodePeer::waitForEvent(const QString &event, int timeoutMs)
{
    return waitFor([&](const QJsonObject &o) { return o.value(QLatin1String("event")).toString() == event; },
                   timeoutMs);
}

void NodePeer::command(const QJsonObject &command)
{
    m_process.write(QJsonDocument(command).toJson(QJsonDocument::Compact) + '\n');
}
