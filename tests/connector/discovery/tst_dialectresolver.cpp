// DialectResolver: given, remembered and probed dialects, profile choice, remembering what worked,
// and giving up on a server that stays unreachable.
#include "dialectresolver.h"
#include "parleyserver.h"
#include "servermemory.h"
#include "testmain.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace std::chrono_literals;
using Dialect = ServerKind;

class tst_DialectResolver : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void givenDialect();
    void probesThenRemembers();
    void profileChoice();
    void unknownProfileFails();
    void givesUpOnUnreachable();

private:
    struct Outcome
    {
        std::optional<Dialect> dialect;
        ServerProfile profile;
        std::optional<IMConnector::Error> error;
        QStringList progress;
    };
    Outcome run(const DialectResolver::Request &request, const ConnectorSettings &cs = {});

    QTemporaryDir m_dir;
    QSettings *m_settings = nullptr;
};

void tst_DialectResolver::init()
{
    m_settings = new QSettings(m_dir.filePath(QStringLiteral("%1.ini").arg(QString::fromLatin1(QTest::currentTestFunction()))),
                               QSettings::IniFormat, this);
}

void tst_DialectResolver::cleanup()
{
    delete m_settings;
    m_settings = nullptr;
}

tst_DialectResolver::Outcome tst_DialectResolver::run(const DialectResolver::Request &request, const ConnectorSettings &cs)
{
    DialectResolver r(m_settings);
    r.setConnectorSettings(cs);
    DialectDetector::Settings ds;
    ds.openTimeout = 500ms;
    ds.probeTimeout = 1500ms;
    r.setDetectorSettings(ds);
    QSignalSpy resolved(&r, &DialectResolver::resolved);
    QSignalSpy failed(&r, &DialectResolver::failed);
    QSignalSpy progress(&r, &DialectResolver::progress);
    r.resolve(request);
    (void)QTest::qWaitFor([&] { return !resolved.isEmpty() || !failed.isEmpty(); }, 10000);
    Outcome o;
    if (!resolved.isEmpty()) {
        o.dialect = resolved.at(0).at(0).value<Dialect>();
        o.profile = resolved.at(0).at(1).value<ServerProfile>();
    }
    if (!failed.isEmpty())
        o.error = failed.at(0).at(0).value<IMConnector::Error>();
    for (const auto &args : progress)
        o.progress << args.at(0).toString();
    return o;
}

void tst_DialectResolver::givenDialect()
{
    DialectResolver::Request req;
    req.server = QUrl(QStringLiteral("ws://127.0.0.1:1")); // never contacted
    req.dialect = QStringLiteral("raw");
    QCOMPARE(run(req).dialect, Dialect::Raw);
    req.dialect = QStringLiteral("socketio");
    const Outcome o = run(req);
    QCOMPARE(o.dialect, Dialect::SocketIo);
    QCOMPARE(o.profile.id, QStringLiteral("classic"));
    req.dialect = QStringLiteral("smoke signals");
    QCOMPARE(run(req).error, IMConnector::Error::BadUrl);
}

void tst_DialectResolver::probesThenRemembers()
{
    ParleyServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    DialectResolver::Request req;
    req.server = server.url();
    Outcome o = run(req);
    QCOMPARE(o.dialect, Dialect::Parley);
    QVERIFY(o.profile.isParley());
    QVERIFY(o.progress.join(QLatin1Char('\n')).contains(QLatin1String("finding out")));

    DialectResolver(m_settings).remember(req.server, Dialect::Parley, o.profile);
    QCOMPARE(ServerMemory::recall(*m_settings, req.server).dialect, QStringLiteral("parley"));
    server.close(); // remembered: the server is not even asked
    o = run(req);
    QCOMPARE(o.dialect, Dialect::Parley);
    QVERIFY(o.progress.join(QLatin1Char('\n')).contains(QLatin1String("remembered")));
}

void tst_DialectResolver::profileChoice()
{
    const QUrl url(QStringLiteral("ws://127.0.0.1:1"));
    ServerMemory::remember(*m_settings, url, {QStringLiteral("socketio"), QStringLiteral("group")});
    DialectResolver::Request req;
    req.server = url;
    Outcome o = run(req);
    QCOMPARE(o.dialect, Dialect::SocketIo);
    QCOMPARE(o.profile.id, QStringLiteral("group")); // remembered with the dialect

    req.profileId = QStringLiteral("classic");
    req.nameSpace = QStringLiteral("/admin");
    req.auth = QJsonObject{{QStringLiteral("token"), QStringLiteral("t")}};
    o = run(req);
    QCOMPARE(o.profile.id, QStringLiteral("classic"));
    QCOMPARE(o.profile.nameSpace, QStringLiteral("/admin"));
    QCOMPARE(o.profile.auth.value(QLatin1String("token")).toString(), QStringLiteral("t"));

    // A profile asked for on a parley-server: spoken to by that profile.
    ServerMemory::remember(*m_settings, url, {QStringLiteral("parley"), {}});
    req.nameSpace.reset();
    o = run(req);
    QCOMPARE(o.dialect, Dialect::SocketIo);
    QCOMPARE(o.profile.id, QStringLiteral("classic"));
}

void tst_DialectResolver::unknownProfileFails()
{
    DialectResolver::Request req;
    req.server = QUrl(QStringLiteral("ws://127.0.0.1:1"));
    req.dialect = QStringLiteral("socketio");
    req.profileId = QStringLiteral("nosuch");
    QCOMPARE(run(req).error, IMConnector::Error::Refused);
}

void tst_DialectResolver::givesUpOnUnreachable()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    ConnectorSettings cs;
    cs.backoffBase = 20ms;
    cs.backoffCap = 50ms;
    cs.maxAttempts = 2;
    DialectResolver::Request req;
    req.server = QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(port));
    const Outcome o = run(req, cs);
    QCOMPARE(o.error, IMConnector::Error::GaveUp);
    QCOMPARE(o.progress.filter(QStringLiteral("finding out")).size(), 3); // first try + 2 retries
}

PARLEY_TEST_GUILESS_MAIN(tst_DialectResolver)
#include "tst_dialectresolver.moc"
