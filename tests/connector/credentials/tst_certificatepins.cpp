// CertificatePins: the key per host:port, the fingerprint as people compare it, pins kept in
// QSettings across instances, removed, and a damaged entry ignored.
#include "certificatepins.h"
#include "testcerts.h"
#include "testmain.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace ParleyTest;

class tst_CertificatePins : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void key_data();
    void key();
    void fingerprintIsOpenSslsSha256();
    void normalizedFingerprint_data();
    void normalizedFingerprint();
    void pinsPersistAndCanBeRemoved();
    void damagedPinIsIgnored();
};

void tst_CertificatePins::key_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("key");
    QTest::newRow("wss with port") << QStringLiteral("wss://127.0.0.1:8787") << QStringLiteral("127.0.0.1:8787");
    QTest::newRow("wss default port") << QStringLiteral("wss://chat.example.org") << QStringLiteral("chat.example.org:443");
    QTest::newRow("host lower-cased") << QStringLiteral("wss://Chat.Example.ORG:9000") << QStringLiteral("chat.example.org:9000");
    QTest::newRow("path ignored") << QStringLiteral("wss://host:1/socket.io/") << QStringLiteral("host:1");
    QTest::newRow("IPv6") << QStringLiteral("wss://[::1]:8787") << QStringLiteral("::1:8787");
}

void tst_CertificatePins::key()
{
    QFETCH(QString, url);
    QFETCH(QString, key);
    QCOMPARE(CertificatePins::key(QUrl(url)), key);
}

void tst_CertificatePins::fingerprintIsOpenSslsSha256()
{
    QCOMPARE(CertificatePins::fingerprint(testCertificate("localhost.crt")), kLocalhostSha256);
    QCOMPARE(CertificatePins::fingerprint(testCertificate("other.crt")), kOtherSha256);
    QCOMPARE(CertificatePins::fingerprint(QSslCertificate()), QString());
}

void tst_CertificatePins::normalizedFingerprint_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("expected");
    QString bare = kLocalhostSha256;
    bare.remove(QLatin1Char(':'));
    QTest::newRow("as printed") << kLocalhostSha256 << kLocalhostSha256;
    QTest::newRow("lower case") << kLocalhostSha256.toLower() << kLocalhostSha256;
    QTest::newRow("no colons") << bare << kLocalhostSha256;
    QTest::newRow("SHA256: prefix") << QStringLiteral("SHA256:") + bare << kLocalhostSha256;
    QTest::newRow("spaces") << QStringLiteral("  ") + QString(kLocalhostSha256).replace(QLatin1Char(':'), QLatin1Char(' '))
                            << kLocalhostSha256;
    QTest::newRow("too short") << kLocalhostSha256.left(94) << QString();
    QTest::newRow("too long") << kLocalhostSha256 + QStringLiteral(":00") << QString();
    QTest::newRow("not hex") << QString(kLocalhostSha256).replace(QLatin1Char('E'), QLatin1Char('G')) << QString();
    QTest::newRow("SHA-1 length") << QStringLiteral("AB").repeated(20) << QString();
    QTest::newRow("empty") << QString() << QString();
}

void tst_CertificatePins::normalizedFingerprint()
{
    QFETCH(QString, typed);
    QFETCH(QString, expected);
    QCOMPARE(CertificatePins::normalizedFingerprint(typed), expected);
}

void tst_CertificatePins::pinsPersistAndCanBeRemoved()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("Parley.conf"));
    const QUrl a(QStringLiteral("wss://127.0.0.1:8787"));
    const QUrl b(QStringLiteral("wss://chat.example.org"));
    {
        QSettings settings(path, QSettings::IniFormat);
        QVERIFY(CertificatePins::pinned(settings, a).isNull());
        QVERIFY(CertificatePins::all(settings).isEmpty());
        CertificatePins::pin(settings, a, testCertificate("localhost.crt"));
        CertificatePins::pin(settings, b, testCertificate("localhost.crt"));
        CertificatePins::pin(settings, b, testCertificate("other.crt")); // replaces
    }
    {
        QSettings settings(path, QSettings::IniFormat); // another run of the app or parley-cli
        QCOMPARE(CertificatePins::pinned(settings, a), testCertificate("localhost.crt"));
        QCOMPARE(CertificatePins::pinned(settings, QUrl(QStringLiteral("wss://127.0.0.1:8787/socket.io/"))),
                 testCertificate("localhost.crt"));
        QVERIFY(CertificatePins::pinned(settings, QUrl(QStringLiteral("wss://127.0.0.1:8788"))).isNull());
        const QList<CertificatePins::Pin> pins = CertificatePins::all(settings);
        QCOMPARE(pins.size(), 2);
        QCOMPARE(pins.at(0).server, QStringLiteral("127.0.0.1:8787"));
        QCOMPARE(pins.at(0).fingerprint, kLocalhostSha256);
        QCOMPARE(pins.at(1).server, QStringLiteral("chat.example.org:443"));
        QCOMPARE(pins.at(1).certificate, testCertificate("other.crt"));

        QVERIFY(CertificatePins::unpin(settings, QStringLiteral("127.0.0.1:8787")));
        QVERIFY(!CertificatePins::unpin(settings, QStringLiteral("127.0.0.1:8787")));
        QVERIFY(!CertificatePins::unpin(settings, QStringLiteral("nowhere:1")));
    }
    QSettings settings(path, QSettings::IniFormat);
    QVERIFY(CertificatePins::pinned(settings, a).isNull());
    QCOMPARE(CertificatePins::all(settings).size(), 1);
}

void tst_CertificatePins::damagedPinIsIgnored()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("Parley.conf")), QSettings::IniFormat);
    const QUrl a(QStringLiteral("wss://127.0.0.1:8787"));
    CertificatePins::pin(settings, a, testCertificate("localhost.crt"));
    // Someone swaps the PEM but not the fingerprint: the entry no longer means what was trusted.
    settings.setValue(QStringLiteral("certificatePins/127.0.0.1%3A8787/pem"), testCertificate("other.crt").toPem());
    QVERIFY(CertificatePins::pinned(settings, a).isNull());
    QVERIFY(CertificatePins::all(settings).isEmpty());
}

PARLEY_TEST_GUILESS_MAIN(tst_CertificatePins)
#include "tst_certificatepins.moc"
