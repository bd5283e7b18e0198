// ServerTls: parley-server's certificate and key files, read and checked before it listens; and a
// ParleyServer with them serves wss:// (a QWebSocket that trusts the test certificate connects).
#include "parleyserver.h"
#include "servertls.h"
#include "testcerts.h"
#include "testmain.h"

#include <QFile>
#include <QSignalSpy>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

using namespace ParleyTest;

class tst_ServerTls : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void load_data();
    void load();
    void serverSpeaksWss();
};

void tst_ServerTls::load_data()
{
    QTest::addColumn<QString>("certificateFile");
    QTest::addColumn<QString>("keyFile");
    QTest::addColumn<QString>("errorWords"); // empty: loads

    QTest::newRow("RSA pair") << certPath("localhost.crt") << certPath("localhost.key") << QString();
    QTest::newRow("the other pair") << certPath("other.crt") << certPath("other.key") << QString();
    QTest::newRow("key of another certificate") << certPath("localhost.crt") << certPath("other.key")
                                                << QStringLiteral("does not belong to the certificate");
    QTest::newRow("no certificate file") << certPath("missing.crt") << certPath("localhost.key")
                                         << QStringLiteral("cannot read");
    QTest::newRow("no key file") << certPath("localhost.crt") << certPath("missing.key") << QStringLiteral("cannot read");
    QTest::newRow("a key as the certificate") << certPath("localhost.key") << certPath("localhost.key")
                                              << QStringLiteral("holds no PEM certificate");
    QTest::newRow("a certificate as the key") << certPath("localhost.crt") << certPath("localhost.crt")
                                              << QStringLiteral("holds no usable private key");
}

void tst_ServerTls::load()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    QFETCH(QString, certificateFile);
    QFETCH(QString, keyFile);
    QFETCH(QString, errorWords);
    QString error;
    const std::optional<QSslConfiguration> tls = ServerTls::load(certificateFile, keyFile, &error);
    if (errorWords.isEmpty()) {
        QVERIFY2(tls, qPrintable(error));
        QVERIFY(!tls->localCertificate().isNull());
        QVERIFY(!tls->privateKey().isNull());
        return;
    }
    QVERIFY(!tls);
    QVERIFY2(error.contains(errorWords), qPrintable(error));
}

void tst_ServerTls::serverSpeaksWss()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    QString error;
    ServerSettings settings;
    settings.tls = ServerTls::load(certPath("localhost.crt"), certPath("localhost.key"), &error).value_or(QSslConfiguration());
    QVERIFY2(settings.isSecure(), qPrintable(error));
    ParleyServer server(settings);
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QCOMPARE(server.url().scheme(), QStringLiteral("wss"));

    QWebSocket socket;
    QSslConfiguration trust = QSslConfiguration::defaultConfiguration();
    trust.addCaCertificates(certPath("localhost.crt"));
    socket.setSslConfiguration(trust);
    QSignalSpy connected(&socket, &QWebSocket::connected);
    QSignalSpy text(&socket, &QWebSocket::textMessageReceived);
    QUrl url = server.url();
    url.setPath(QStringLiteral("/socket.io/"));
    url.setQuery(QStringLiteral("EIO=4&transport=websocket"));
    socket.open(url);
    QVERIFY(connected.wait());
    QTRY_VERIFY(!text.isEmpty()); // the Engine.IO open packet, over TLS
    QVERIFY(text.at(0).at(0).toString().startsWith(QLatin1Char('0')));
}

PARLEY_TEST_GUILESS_MAIN(tst_ServerTls)
#include "tst_servertls.moc"
