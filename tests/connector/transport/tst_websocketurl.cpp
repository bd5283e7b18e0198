// WebSocketUrl: the one rule for websocket addresses and their default ports.
#include "testmain.h"
#include "websocketurl.h"

#include <QTest>

class tst_WebSocketUrl : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rules_data();
    void rules();
};

void tst_WebSocketUrl::rules_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("hostAndPort");
    QTest::newRow("ws default") << QStringLiteral("ws://example.org") << true << 80 << QStringLiteral("example.org:80");
    QTest::newRow("wss default") << QStringLiteral("wss://example.org/chat") << true << 443 << QStringLiteral("example.org:443");
    QTest::newRow("ws port") << QStringLiteral("ws://127.0.0.1:8787") << true << 8787 << QStringLiteral("127.0.0.1:8787");
    QTest::newRow("https is not a websocket url") << QStringLiteral("https://example.org") << false << 443 << QStringLiteral("example.org:443");
    QTest::newRow("no host") << QStringLiteral("ws://") << false << 80 << QStringLiteral(":80");
    QTest::newRow("other scheme") << QStringLiteral("ftp://example.org") << false << 0 << QStringLiteral("example.org:0");
    QTest::newRow("http means 80") << QStringLiteral("http://example.org") << false << 80 << QStringLiteral("example.org:80");
}

void tst_WebSocketUrl::rules()
{
    QFETCH(QString, url);
    QFETCH(bool, valid);
    QFETCH(int, port);
    QFETCH(QString, hostAndPort);
    const QUrl u(url);
    QCOMPARE(WebSocketUrl::isValid(u), valid);
    QCOMPARE(WebSocketUrl::port(u), port);
    QCOMPARE(WebSocketUrl::hostAndPort(u), hostAndPort);
}

PARLEY_TEST_GUILESS_MAIN(tst_WebSocketUrl)
#include "tst_websocketurl.moc"
