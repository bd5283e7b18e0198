// `--dialect auto` against real servers: DialectDetector tells parley-server, a stock socket.io
// server, and plain websocket servers (silent, greeting, path-restricted) apart.
#include "dialectdetector.h"
#include "nodepeer.h"
#include "parleyserver.h"
#include "testmain.h"

#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;
using Dialect = ServerKind;

class tst_DialectInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void detects_data();
    void detects();
    void parleyServer();

private:
    //! Runs a detector on \a url; the dialect found, or nullopt (failed).
    static std::optional<Dialect> detect(const QUrl &url, QString *reason = nullptr);
};

void tst_DialectInterop::initTestCase()
{
    PARLEY_REQUIRE_NODE_PEERS();
}

std::optional<Dialect> tst_DialectInterop::detect(const QUrl &url, QString *reason)
{
    DialectDetector d;
    DialectDetector::Settings s;
    s.openTimeout = 1500ms; // a silent server is raw after this
    d.setSettings(s);
    QSignalSpy detected(&d, &DialectDetector::detected);
    QSignalSpy failed(&d, &DialectDetector::failed);
    d.detect(url);
    if (!QTest::qWaitFor([&] { return !detected.isEmpty() || !failed.isEmpty(); }, 10000) || detected.isEmpty())
        return std::nullopt;
    if (reason)
        *reason = detected.at(0).at(1).toString();
    return detected.at(0).at(0).value<Dialect>();
}

void tst_DialectInterop::detects_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("path");
    QTest::addColumn<Dialect>("expected");
    QTest::newRow("socket.io chat tutorial") << QStringLiteral("socketio-chat.js") << QStringList() << QString() << Dialect::SocketIo;
    QTest::newRow("socket.io group chat") << QStringLiteral("socketio-group.js") << QStringList() << QString() << Dialect::SocketIo;
    QTest::newRow("socket.io with namespaces") << QStringLiteral("socketio-features.js") << QStringList() << QString() << Dialect::SocketIo;
    QTest::newRow("ws (silent until spoken to)") << QStringLiteral("ws-hello.js") << QStringList() << QString() << Dialect::Raw;
    QTest::newRow("ws with a path") << QStringLiteral("ws-hello.js") << QStringList{QStringLiteral("--path"), QStringLiteral("/chat")}
                                    << QStringLiteral("/chat") << Dialect::Raw;
    QTest::newRow("nodejs-websocket (greets)") << QStringLiteral("nodejs-websocket.js") << QStringList() << QString() << Dialect::Raw;
}

void tst_DialectInterop::detects()
{
    QFETCH(QString, script);
    QFETCH(QStringList, arguments);
    QFETCH(QString, path);
    QFETCH(Dialect, expected);
    NodePeer peer;
    QVERIFY2(peer.start(script, arguments), qPrintable(peer.errorString()));
    QString reason;
    const std::optional<Dialect> found = detect(peer.url(path), &reason);
    QVERIFY(found);
    QCOMPARE(*found, expected);
    QVERIFY(!reason.isEmpty());
}

void tst_DialectInterop::parleyServer()
{
    ParleyServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const std::optional<Dialect> found = detect(server.url());
    QVERIFY(found);
    QCOMPARE(*found, Dialect::Parley);
}

PARLEY_TEST_GUILESS_MAIN(tst_DialectInterop)
#include "tst_dialectinterop.moc"
