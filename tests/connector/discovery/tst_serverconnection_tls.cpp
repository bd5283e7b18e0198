// ServerConnection over wss:// against a real parley-server with its own TLS on 127.0.0.1: the
// probe and the link trust the same things (CA file, pins); a certificate nobody trusts stops
// both once, without retries (attempts counted by a FaultProxy in front of the server); a pin
// connects; a changed certificate -- after a restart with another one -- is refused loudly.
#include "cafile.h"
#include "certificatepins.h"
#include "chatclient.h"
#include "faultproxy.h"
#include "serverconnection.h"
#include "testmain.h"
#include "testsettings.h"
#include "tlsparleyserver.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using State = IMConnector::State;
using namespace ParleyTest;

namespace {
//! One client with its ServerConnection and settings, as the app and parley-cli wire them.
struct Client
{
    explicit Client(QSettings *settings)
        : connection(&client, settings)
    {
        client.setSettings(ParleyTest::fastSettings());
        client.setUserName(QStringLiteral("alice"));
        connection.setConnectorSettings(ParleyTest::fastSettings());
    }
    void start(const QUrl &server, const QString &dialect)
    {
        DialectResolver::Request request;
        request.server = server;
        request.dialect = dialect;
        connection.start(request);
    }
    ChatClient client;
    ServerConnection connection;
};

QUrl viaProxy(const FaultProxy &proxy)
{
    return QUrl(QStringLiteral("wss://127.0.0.1:%1").arg(proxy.port()));
}
} // namespace

class tst_ServerConnectionTls : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void caFileConnectsAndChats_data();
    void caFileConnectsAndChats();
    void untrustedStopsOnceThenPinConnects_data();
    void untrustedStopsOnceThenPinConnects();
    void changedCertificateIsRefusedLoudly_data();
    void changedCertificateIsRefusedLoudly();

private:
    //! A well-behaved client straight to \a server (CA file): its whole sign-in and join take many
    //! event-loop turns, during which a retrying client would have tried again. A barrier, not a sleep.
    static void barrier(const ParleyServer &server);
};

void tst_ServerConnectionTls::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
}

void tst_ServerConnectionTls::barrier(const ParleyServer &server)
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    Client other(&settings);
    other.connection.setCaCertificates({testCertificate("localhost.crt"), testCertificate("other.crt")});
    QSignalSpy joined(&other.client, &ChatClient::joined);
    other.client.joinRoom(QStringLiteral("barrier"));
    other.start(server.url(), QStringLiteral("auto"));
    QVERIFY(joined.wait(10000));
    other.client.disconnectFromServer();
}

void tst_ServerConnectionTls::caFileConnectsAndChats_data()
{
    QTest::addColumn<QString>("dialect");
    QTest::newRow("auto (the probe)") << QStringLiteral("auto");
    QTest::newRow("parley (the link)") << QStringLiteral("parley");
}

void tst_ServerConnectionTls::caFileConnectsAndChats()
{
    QFETCH(QString, dialect);
    const auto server = tlsServer("localhost");
    QVERIFY(server);
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    Client alice(&settings);
    alice.connection.setCaCertificates(CaFile::read(certPath("localhost.crt"), nullptr).value());
    QSignalSpy untrusted(&alice.connection, &ServerConnection::untrustedCertificate);
    QSignalSpy delivery(&alice.client, &ChatClient::deliveryChanged);
    alice.client.joinRoom(QStringLiteral("lobby"));
    alice.start(server->url(), dialect);
    QTRY_VERIFY_WITH_TIMEOUT(alice.client.isReady(), 10000);
    const QString id = alice.client.sendMessage(QStringLiteral("lobby"), QStringLiteral("over wss"));
    QVERIFY(!id.isEmpty());
    QTRY_VERIFY(std::any_of(delivery.cbegin(), delivery.cend(), [&id](const QList<QVariant> &args) {
        return args.at(0).toString() == id && args.at(1).value<ChatMessage::Delivery>() == ChatMessage::Delivery::Delivered;
    }));
    QCOMPARE(server->lastSeq(QStringLiteral("lobby")), 1);
    QCOMPARE(untrusted.size(), 0);
    QVERIFY(CertificatePins::all(settings).isEmpty()); // a CA file pins nothing
}

void tst_ServerConnectionTls::untrustedStopsOnceThenPinConnects_data()
{
    caFileConnectsAndChats_data();
}

void tst_ServerConnectionTls::untrustedStopsOnceThenPinConnects()
{
    QFETCH(QString, dialect);
    const auto server = tlsServer("localhost");
    QVERIFY(server);
    FaultProxy proxy;
    proxy.setUpstream(QHostAddress::LocalHost, server->port());
    QVERIFY(proxy.listen());
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    Client alice(&settings);
    QSignalSpy untrusted(&alice.connection, &ServerConnection::untrustedCertificate);
    QSignalSpy changed(&alice.connection, &ServerConnection::certificateChanged);
    QSignalSpy linkErrors(alice.client.connector(), &IMConnector::errorOccurred);
    QSignalSpy failed(&alice.connection, &ServerConnection::failed);
    QSignalSpy retries(alice.client.connector(), &IMConnector::reconnectScheduled);
    alice.start(viaProxy(proxy), dialect);

    QVERIFY(untrusted.wait(10000));
    QCOMPARE(untrusted.at(0).at(0).value<QSslCertificate>(), testCertificate("localhost.crt"));
    QVERIFY(!untrusted.at(0).at(1).value<QList<QSslError>>().isEmpty());
    if (dialect == QLatin1String("auto")) { // the probe met it: nothing to connect to
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(failed.at(0).at(0).value<IMConnector::Error>(), IMConnector::Error::Tls);
    } else { // the link met it
        QCOMPARE(linkErrors.size(), 1);
        QCOMPARE(linkErrors.at(0).at(0).value<IMConnector::Error>(), IMConnector::Error::Tls);
    }
    QCOMPARE(alice.client.connectionState(), State::Disconnected);
    QCOMPARE(alice.client.connector()->retryRemainingMs(), -1);
    barrier(*server);
    // Stopped for good: one attempt, one report, no retries.
    QCOMPARE(proxy.connectionCount(), 1);
    QCOMPARE(untrusted.size(), 1);
    QCOMPARE(retries.size(), 0);
    QCOMPARE(changed.size(), 0);
    QCOMPARE(alice.client.connectionState(), State::Disconnected);

    // The user looked at it and trusts it for this server: pinned, and connected.
    alice.connection.trust(untrusted.at(0).at(0).value<QSslCertificate>());
    QTRY_VERIFY_WITH_TIMEOUT(alice.client.isReady(), 10000);
    QCOMPARE(CertificatePins::pinned(settings, viaProxy(proxy)), testCertificate("localhost.crt"));
    QCOMPARE(untrusted.size(), 1);
    alice.client.disconnectFromServer();
}

void tst_ServerConnectionTls::changedCertificateIsRefusedLoudly_data()
{
    QTest::addColumn<QString>("dialect");
    QTest::addColumn<bool>("caVouchesForNewOne"); // a CA-valid certificate is still not the pin
    QTest::newRow("auto, self-signed") << QStringLiteral("auto") << false;
    QTest::newRow("parley, self-signed") << QStringLiteral("parley") << false;
    QTest::newRow("parley, CA-valid") << QStringLiteral("parley") << true;
}

void tst_ServerConnectionTls::changedCertificateIsRefusedLoudly()
{
    QFETCH(QString, dialect);
    QFETCH(bool, caVouchesForNewOne);
    auto server = tlsServer("localhost");
    QVERIFY(server);
    FaultProxy proxy;
    proxy.setUpstream(QHostAddress::LocalHost, server->port());
    QVERIFY(proxy.listen());
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    CertificatePins::pin(settings, viaProxy(proxy), testCertificate("localhost.crt"));

    Client alice(&settings);
    if (caVouchesForNewOne)
        alice.connection.setCaCertificates({testCertificate("other.crt")});
    QSignalSpy untrusted(&alice.connection, &ServerConnection::untrustedCertificate);
    QSignalSpy changed(&alice.connection, &ServerConnection::certificateChanged);
    QSignalSpy linkErrors(alice.client.connector(), &IMConnector::errorOccurred);
    QSignalSpy failed(&alice.connection, &ServerConnection::failed);
    alice.start(viaProxy(proxy), dialect);
    QTRY_VERIFY_WITH_TIMEOUT(alice.client.isReady(), 10000); // the pin is trusted
    const int attemptsBefore = proxy.connectionCount();

    // The server restarts with another certificate (or someone answers in its place).
    const auto replacement = tlsServer("other");
    QVERIFY(replacement);
    server.reset();
    proxy.setUpstream(QHostAddress::LocalHost, replacement->port());
    proxy.cutAll();
    if (dialect == QLatin1String("auto")) {
        // The next start probes (--redetect): the probe must refuse it too.
        alice.client.disconnectFromServer();
        DialectResolver::Request request;
        request.server = viaProxy(proxy);
        request.redetect = true;
        alice.connection.start(request);
    }
    QVERIFY(changed.wait(10000));
    QCOMPARE(changed.at(0).at(0).value<QSslCertificate>(), testCertificate("localhost.crt"));
    QCOMPARE(changed.at(0).at(1).value<QSslCertificate>(), testCertificate("other.crt"));
    QTRY_COMPARE(alice.client.connectionState(), State::Disconnected);
    if (dialect == QLatin1String("auto")) {
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(failed.at(0).at(0).value<IMConnector::Error>(), IMConnector::Error::Tls);
    } else {
        QCOMPARE(linkErrors.constLast().at(0).value<IMConnector::Error>(), IMConnector::Error::Tls);
        QVERIFY2(linkErrors.constLast().at(1).toString().contains(QLatin1String("different certificate")),
                 qPrintable(linkErrors.constLast().at(1).toString()));
    }
    QCOMPARE(alice.client.connector()->retryRemainingMs(), -1);
    barrier(*replacement);
    // One attempt met the new certificate; then nothing: no retry storm, no silent trust.
    QCOMPARE(proxy.connectionCount(), attemptsBefore + 1);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(untrusted.size(), 0); // not offered as an ordinary untrusted certificate
    QCOMPARE(CertificatePins::pinned(settings, viaProxy(proxy)), testCertificate("localhost.crt"));
    QCOMPARE(alice.client.connectionState(), State::Disconnected);
}

PARLEY_TEST_GUILESS_MAIN(tst_ServerConnectionTls)
#include "tst_serverconnection_tls.moc"
