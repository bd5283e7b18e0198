// CaFile: the certificates of a --ca-file, or an error that names the file.
#include "cafile.h"
#include "testmain.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class tst_CaFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void read_data();
    void read();
};

void tst_CaFile::read_data()
{
    QFile one(QStringLiteral(PARLEY_TEST_CERTS "/localhost.crt"));
    QFile two(QStringLiteral(PARLEY_TEST_CERTS "/other.crt"));
    QVERIFY(one.open(QIODevice::ReadOnly) && two.open(QIODevice::ReadOnly));
    const QByteArray pem = one.readAll();
    const QByteArray otherPem = two.readAll();

    QTest::addColumn<QByteArray>("content"); // empty with missing = true: no file at all
    QTest::addColumn<bool>("missing");
    QTest::addColumn<int>("certificates");   // -1: an error
    QTest::addColumn<QString>("errorWord");
    QTest::newRow("one PEM") << pem << false << 1 << QString();
    QTest::newRow("a bundle of two") << (pem + otherPem) << false << 2 << QString();
    QTest::newRow("DER") << QSslCertificate(pem).toDer() << false << 1 << QString();
    QTest::newRow("missing") << QByteArray() << true << -1 << QStringLiteral("cannot read");
    QTest::newRow("empty") << QByteArray() << false << -1 << QStringLiteral("holds no certificate");
    QTest::newRow("a key, not a certificate") << QByteArray("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
                                              << false << -1 << QStringLiteral("holds no certificate");
    QTest::newRow("too large") << QByteArray(CaFile::kMaxFileSize + 1, 'x') << false << -1 << QStringLiteral("larger");
}

void tst_CaFile::read()
{
    QFETCH(QByteArray, content);
    QFETCH(bool, missing);
    QFETCH(int, certificates);
    QFETCH(QString, errorWord);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("ca.pem"));
    if (!missing) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    QString error;
    const std::optional<QList<QSslCertificate>> read = CaFile::read(path, &error);
    if (certificates < 0) {
        QVERIFY(!read);
        QVERIFY2(error.contains(errorWord) && error.contains(path), qPrintable(error));
        return;
    }
    QVERIFY2(read, qPrintable(error));
    QCOMPARE(read->size(), certificates);
}

PARLEY_TEST_GUILESS_MAIN(tst_CaFile)
#include "tst_cafile.moc"
