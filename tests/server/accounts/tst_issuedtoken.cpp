// IssuedToken: tokens are 256 random bits in base64url, hashed for storage; ids are prefixes of
// the hash.

#include "issuedtoken.h"
#include "testmain.h"

#include <QSet>
#include <QTest>

class tst_IssuedToken : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void generateShape_data();
    void generateShape();
    void tokensDiffer();
    void isWellFormed_data();
    void isWellFormed();
    void hashOf_data();
    void hashOf();
    void idOfIsAPrefix();
    void isWellFormedId_data();
    void isWellFormedId();
};

void tst_IssuedToken::generateShape_data()
{
    QTest::addColumn<int>("bytes");
    QTest::addColumn<int>("length");
    QTest::newRow("token") << IssuedToken::kTokenBytes << 43;
    QTest::newRow("invite code") << 16 << 22;
    QTest::newRow("one byte") << 1 << 2;
    QTest::newRow("zero bytes") << 0 << 0;
}

void tst_IssuedToken::generateShape()
{
    QFETCH(int, bytes);
    QFETCH(int, length);
    const QString token = IssuedToken::generate(bytes);
    QCOMPARE(token.size(), length);
    if (bytes == 0)
        return;
    QVERIFY(IssuedToken::isWellFormed(token, bytes));
    const auto decoded = QByteArray::fromBase64Encoding(
            token.toLatin1(),
            QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    QVERIFY(decoded);
    QCOMPARE(decoded.decoded.size(), bytes);
}

void tst_IssuedToken::tokensDiffer()
{
    QSet<QString> seen;
    for (int i = 0; i < 1000; ++i)
        seen.insert(IssuedToken::generate());
    QCOMPARE(seen.size(), 1000);
    QCOMPARE(IssuedToken::generate().size(), IssuedToken::kTokenLength);
}

void tst_IssuedToken::isWellFormed_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("wellFormed");
    const QString good = QString(42, QLatin1Char('A')) + QLatin1Char('_');
    QTest::newRow("43 characters") << good << true;
    QTest::newRow("all of the alphabet")
            << QStringLiteral("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123-_9") << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("42 characters") << good.left(42) << false;
    QTest::newRow("44 characters") << good + QLatin1Char('A') << false;
    QTest::newRow("padding") << good.left(42) + QLatin1Char('=') << false;
    QTest::newRow("base64 plus") << good.left(42) + QLatin1Char('+') << false;
    QTest::newRow("base64 slash") << good.left(42) + QLatin1Char('/') << false;
    QTest::newRow("space") << good.left(42) + QLatin1Char(' ') << false;
    QTest::newRow("non-ASCII letter") << good.left(42) + QChar(0xE9) << false;
}

void tst_IssuedToken::isWellFormed()
{
    QFETCH(QString, text);
    QFETCH(bool, wellFormed);
    QCOMPARE(IssuedToken::isWellFormed(text), wellFormed);
}

void tst_IssuedToken::hashOf_data()
{
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("hash");
    // FIPS 180-2's test vectors.
    QTest::newRow("abc") << QStringLiteral("abc")
                         << QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    QTest::newRow("empty") << QString()
                           << QStringLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

void tst_IssuedToken::hashOf()
{
    QFETCH(QString, secret);
    QFETCH(QString, hash);
    QCOMPARE(IssuedToken::hashOf(secret), hash);
}

void tst_IssuedToken::idOfIsAPrefix()
{
    const QString token = IssuedToken::generate();
    const QString hash = IssuedToken::hashOf(token);
    QCOMPARE(hash.size(), 64);
    QVERIFY(!hash.contains(token));
    const QString id = IssuedToken::idOf(hash);
    QCOMPARE(id.size(), IssuedToken::kIdLength);
    QVERIFY(hash.startsWith(id));
    QVERIFY(IssuedToken::isWellFormedId(id));
}

void tst_IssuedToken::isWellFormedId_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("wellFormed");
    QTest::newRow("16 hex digits") << QStringLiteral("0123456789abcdef") << true;
    QTest::newRow("capitals") << QStringLiteral("0123456789ABCDEF") << false;
    QTest::newRow("15 digits") << QStringLiteral("0123456789abcde") << false;
    QTest::newRow("whole hash") << IssuedToken::hashOf(QStringLiteral("abc")) << false;
    QTest::newRow("SQL wildcard") << QStringLiteral("0123456789abcde%") << false;
    QTest::newRow("empty") << QString() << false;
}

void tst_IssuedToken::isWellFormedId()
{
    QFETCH(QString, id);
    QFETCH(bool, wellFormed);
    QCOMPARE(IssuedToken::isWellFormedId(id), wellFormed);
}

PARLEY_TEST_GUILESS_MAIN(tst_IssuedToken)
#include "tst_issuedtoken.moc"
