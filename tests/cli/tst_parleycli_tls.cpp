// parley-cli against parley-server serving wss:// itself: --ca-file, the message that names the
// fingerprint of a certificate nobody trusts, --trust-fingerprint (pinned for later runs), and a
// changed certificate refused loudly. The CLI runs as a child process (PARLEY_CLI_BIN).
#include "cliprocess.h"
#include "faultproxy.h"
#include "testmain.h"
#include "tlsparleyserver.h"

#include <QSslSocket>
#include <QTest>

#include <memory>

using namespace ParleyTest;

class tst_ParleyCliTls : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void caFileSends_data();
    void caFileSends();
    void untrustedNamesTheFingerprint_data();
    void untrustedNamesTheFingerprint();
    void trustFingerprintPinsAndChangeIsRefused();
    void badOptionsAreUsageErrors();
};

void tst_ParleyCliTls::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
}

void tst_ParleyCliTls::caFileSends_data()
{
    QTest::addColumn<QString>("dialect");
    QTest::newRow("auto (the probe)") << QStringLiteral("auto");
    QTest::newRow("parley (the link)") << QStringLiteral("parley");
}

void tst_ParleyCliTls::caFileSends()
{
    QFETCH(QString, dialect);
    const auto server = tlsServer("localhost");
    QVERIFY(server);
    CliProcess cli;
    QCOMPARE(cli.run({QStringLiteral("--server"), server->url().toString(), QStringLiteral("--dialect"), dialect,
                      QStringLiteral("--ca-file"), certPath("localhost.crt"), QStringLiteral("send"),
                      QStringLiteral("over"), QStringLiteral("wss")}),
             0);
    QCOMPARE(server->lastSeq(QStringLiteral("lobby")), 1);
}

void tst_ParleyCliTls::untrustedNamesTheFingerprint_data()
{
    caFileSends_data();
}

void tst_ParleyCliTls::untrustedNamesTheFingerprint()
{
    QFETCH(QString, dialect);
    const auto server = tlsServer("localhost");
    QVERIFY(server);
    CliProcess cli;
    QCOMPARE(cli.run({QStringLiteral("--server"), server->url().toString(), QStringLiteral("--dialect"), dialect,
                      QStringLiteral("send"), QStringLiteral("hi")}),
             3);
    const QString err = cli.err();
    QVERIFY2(err.contains(QLatin1String("is not trusted")), qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("SHA-256 fingerprint: ") + kLocalhostSha256), qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("--trust-fingerprint ") + kLocalhostSha256), qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("--ca-file")), qPrintable(err));
    // A fingerprint that is not the server's trusts nothing.
    QCOMPARE(cli.run({QStringLiteral("--server"), server->url().toString(), QStringLiteral("--dialect"), dialect,
                      QStringLiteral("--trust-fingerprint"), kOtherSha256, QStringLiteral("send"), QStringLiteral("hi")}),
             3);
    QVERIFY2(cli.err().contains(QLatin1String("SHA-256 fingerprint: ") + kLocalhostSha256), qPrintable(cli.err()));
    QCOMPARE(server->lastSeq(QStringLiteral("lobby")), 0);
}

void tst_ParleyCliTls::trustFingerprintPinsAndChangeIsRefused()
{
    auto server = tlsServer("localhost");
    QVERIFY(server);
    FaultProxy proxy; // the address stays while the server behind it changes
    proxy.setUpstream(QHostAddress::LocalHost, server->port());
    QVERIFY(proxy.listen());
    const QString url = QStringLiteral("wss://127.0.0.1:%1").arg(proxy.port());
    CliProcess cli; // one settings directory for every run: the pin is kept between runs
    const QStringList send{QStringLiteral("--server"), url, QStringLiteral("send"), QStringLiteral("hi")};

    // Typed as people copy it: lower case, no colons.
    QString typed = kLocalhostSha256.toLower();
    typed.remove(QLatin1Char(':'));
    QCOMPARE(cli.run(QStringList{QStringLiteral("--trust-fingerprint"), typed} + send), 0);
    QVERIFY2(cli.err().contains(QLatin1String("trusting it for this server")), qPrintable(cli.err()));
    QCOMPARE(cli.run(send), 0); // pinned: no option needed any more
    QCOMPARE(server->lastSeq(QStringLiteral("lobby")), 2);

    // The server comes back with another certificate.
    const auto replacement = tlsServer("other");
    QVERIFY(replacement);
    server.reset();
    proxy.setUpstream(QHostAddress::LocalHost, replacement->port());
    const int attempts = proxy.connectionCount();
    QCOMPARE(cli.run(send), 3);
    QString err = cli.err();
    QVERIFY2(err.contains(QLatin1String("HAS CHANGED")), qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("pinned (trusted before): ") + kLocalhostSha256), qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("presented now:           ") + kOtherSha256), qPrintable(err));
    QCOMPARE(proxy.connectionCount(), attempts + 1); // refused at once, no retries
    QCOMPARE(replacement->lastSeq(QStringLiteral("lobby")), 0);

    // Only the new fingerprint, given on purpose, replaces the pin.
    QCOMPARE(cli.run(QStringList{QStringLiteral("--trust-fingerprint"), kLocalhostSha256} + send), 3);
    QCOMPARE(cli.run(QStringList{QStringLiteral("--trust-fingerprint"), kOtherSha256} + send), 0);
    err = cli.err();
    QVERIFY2(err.contains(QLatin1String("replacing the pinned one")), qPrintable(err));
    QCOMPARE(cli.run(send), 0);
    QCOMPARE(replacement->lastSeq(QStringLiteral("lobby")), 2);
}

void tst_ParleyCliTls::badOptionsAreUsageErrors()
{
    CliProcess cli;
    QCOMPARE(cli.run({QStringLiteral("--server"), QStringLiteral("wss://127.0.0.1:1"), QStringLiteral("--ca-file"),
                      certPath("missing.crt"), QStringLiteral("listen")}),
             2);
    QVERIFY2(cli.err().contains(QLatin1String("--ca-file: cannot read the CA file")), qPrintable(cli.err()));
    QCOMPARE(cli.run({QStringLiteral("--server"), QStringLiteral("wss://127.0.0.1:1"),
                      QStringLiteral("--trust-fingerprint"), QStringLiteral("AB:CD"), QStringLiteral("listen")}),
             2);
    QVERIFY2(cli.err().contains(QLatin1String("SHA-256")), qPrintable(cli.err()));
}

PARLEY_TEST_GUILESS_MAIN(tst_ParleyCliTls)
#include "tst_parleycli_tls.moc"
