// SessionToken: what may be stored as a session token, and what read back may be used.
#include "sessiontoken.h"
#include "testmain.h"

#include <QTest>

class tst_SessionToken : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defect_data();
    void defect();
    void everyDefectIsExplained();
};

void tst_SessionToken::defect_data()
{
    using D = SessionToken::Defect;
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<D>("expected");
    QTest::newRow("short") << QByteArray("abc") << D::None;
    QTest::newRow("whole alphabet")
        << QByteArray("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") << D::None;
    QTest::newRow("exactly the bound") << QByteArray(SessionToken::kMaxBytes, 'a') << D::None;
    QTest::newRow("one byte over") << QByteArray(SessionToken::kMaxBytes + 1, 'a') << D::TooLarge;
    QTest::newRow("empty") << QByteArray() << D::Empty;
    QTest::newRow("padding") << QByteArray("abcd==") << D::NotBase64Url;
    QTest::newRow("base64 plus") << QByteArray("ab+c") << D::NotBase64Url;
    QTest::newRow("base64 slash") << QByteArray("ab/c") << D::NotBase64Url;
    QTest::newRow("space") << QByteArray("ab c") << D::NotBase64Url;
    QTest::newRow("trailing newline") << QByteArray("abc\n") << D::NotBase64Url;
    QTest::newRow("nul byte") << QByteArray("ab\0c", 4) << D::NotBase64Url;
    QTest::newRow("non-ASCII") << QByteArray("ab\xc3\xa9") << D::NotBase64Url;
    QTest::newRow("dot") << QByteArray("a.b") << D::NotBase64Url;
}

void tst_SessionToken::defect()
{
    QFETCH(QByteArray, token);
    QFETCH(SessionToken::Defect, expected);
    QCOMPARE(SessionToken::defect(token), expected);
    QCOMPARE(SessionToken::isValid(token), expected == SessionToken::Defect::None);
}

void tst_SessionToken::everyDefectIsExplained()
{
    QVERIFY(SessionToken::describe(SessionToken::Defect::None).isEmpty());
    QVERIFY(!SessionToken::describe(SessionToken::Defect::Empty).isEmpty());
    QVERIFY(SessionToken::describe(SessionToken::Defect::TooLarge).contains(QString::number(SessionToken::kMaxBytes)));
    QVERIFY(!SessionToken::describe(SessionToken::Defect::NotBase64Url).isEmpty());
}

PARLEY_TEST_GUILESS_MAIN(tst_SessionToken)
#include "tst_sessiontoken.moc"
