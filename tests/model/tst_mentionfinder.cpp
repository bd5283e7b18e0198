// MentionFinder: "@username" as a word, without regard to case, within the scanned start.
#include "mentionfinder.h"
#include "testmain.h"

#include <QTest>

class tst_MentionFinder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void mentions_data();
    void mentions();
};

void tst_MentionFinder::mentions_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("username");
    QTest::addColumn<bool>("mentioned");
    const QString bob = QStringLiteral("bob");
    QTest::newRow("at the start") << QStringLiteral("@bob look") << bob << true;
    QTest::newRow("any case") << QStringLiteral("hi @Bob") << bob << true;
    QTest::newRow("end of a sentence") << QStringLiteral("thanks @bob.") << bob << true;
    QTest::newRow("in brackets") << QStringLiteral("(cc @bob)") << bob << true;
    QTest::newRow("CJK around") << QStringLiteral("你好@bob，看一下") << bob << true;
    QTest::newRow("Chinese right after") << QStringLiteral("@bob你好") << bob << true;
    QTest::newRow("a Chinese name") << QStringLiteral("你好@张三，看一下") << QStringLiteral("张三") << true;
    QTest::newRow("a longer Chinese name") << QStringLiteral("@张三丰") << QStringLiteral("张三") << false;
    QTest::newRow("a longer name") << QStringLiteral("@bobby look") << bob << false;
    QTest::newRow("a dotted name") << QStringLiteral("@bob.smith look") << bob << false;
    QTest::newRow("an e-mail address") << QStringLiteral("mail bob@bob.example") << bob << false;
    QTest::newRow("no @") << QStringLiteral("bob, look") << bob << false;
    QTest::newRow("second occurrence counts") << QStringLiteral("@bobby and @bob") << bob << true;
    QTest::newRow("no username") << QStringLiteral("@ look") << QString() << false;
    QTest::newRow("beyond the scanned start")
            << QString(MentionFinder::kMaxScan, u'x') + QStringLiteral(" @bob") << bob << false;
}

void tst_MentionFinder::mentions()
{
    QFETCH(QString, text);
    QFETCH(QString, username);
    QFETCH(bool, mentioned);
    QCOMPARE(MentionFinder::mentions(text, username), mentioned);
}

PARLEY_TEST_GUILESS_MAIN(tst_MentionFinder)
#include "tst_mentionfinder.moc"
