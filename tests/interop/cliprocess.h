#pragma once
// CliProcess: runs the built parley-cli (PARLEY_CLI_BIN) for a test, with its own settings
// directory (so what one run remembers about a server is under the test's control), and waits for
// it with the event loop running: an in-process server keeps serving meanwhile.
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

class CliProcess
{
public:
    //! A run of parley-cli never takes longer than this in the tests.
    static constexpr int kTimeoutMs = 30000;

    explicit CliProcess(const QString &configDir = {})
        : m_configDir(configDir.isEmpty() ? m_ownDir.path() : configDir)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_configDir);
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("parley.*.info=false"));
        m_process.setProcessEnvironment(env);
        m_process.setProgram(QStringLiteral(PARLEY_CLI_BIN));
    }
    ~CliProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(2000);
        }
    }

    QString configDir() const { return m_configDir; }
    QProcess &process() { return m_process; }

    void start(const QStringList &arguments)
    {
        m_process.setArguments(arguments);
        m_process.start();
        m_process.waitForStarted(5000);
    }
    //! Starts, writes \a input to standard input, closes it.
    void startWithInput(const QStringList &arguments, const QByteArray &input)
    {
        start(arguments);
        m_process.write(input);
        m_process.closeWriteChannel();
    }
    bool waitForFinished(int timeoutMs = kTimeoutMs)
    {
        const bool done = QTest::qWaitFor([this] { return m_process.state() == QProcess::NotRunning; }, timeoutMs);
        collect();
        return done;
    }
    //! Runs to the end; the exit code, or -1 if it did not end in time or crashed.
    int run(const QStringList &arguments, const QByteArray &input = {}, bool withInput = false)
    {
        if (withInput)
            startWithInput(arguments, input);
        else
            start(arguments);
        if (!waitForFinished() || m_process.exitStatus() != QProcess::NormalExit)
            return -1;
        return m_process.exitCode();
    }
    //! Waits until a JSON line on stdout matches (listen/pipe while running).
    QJsonObject waitForJson(const std::function<bool(const QJsonObject &)> &predicate, int timeoutMs = 10000)
    {
        QJsonObject found;
        (void)QTest::qWaitFor([&] {
            collect();
            for (const QJsonObject &o : jsonLines()) {
                if (predicate(o)) {
                    found = o;
                    return true;
                }
            }
            return false;
        }, timeoutMs);
        return found;
    }
    //! Waits until \a text appeared \a times times on stderr (progress notes, errors).
    bool waitForStderr(const QString &text, int times = 1, int timeoutMs = 10000)
    {
        return QTest::qWaitFor([&] {
            collect();
            return m_err.count(text) >= times;
        }, timeoutMs);
    }

    QString out() const { return m_out; }
    QString err() const { return m_err; }
    QList<QJsonObject> jsonLines() const
    {
        QList<QJsonObject> list;
        const QStringList lines = m_out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (const QString &l : lines) {
            const QJsonDocument d = QJsonDocument::fromJson(l.toUtf8());
            if (d.isObject())
                list << d.object();
        }
        return list;
    }

private:
    void collect()
    {
        m_out += QString::fromUtf8(m_process.readAllStandardOutput());
        m_err += QString::fromUtf8(m_process.readAllStandardError());
    }

    QTemporaryDir m_ownDir;
    QString m_configDir;
    QProcess m_process;
    QString m_out;
    QString m_err;
};
