// MessageStorePath: file names from (server, user), no database. Pinned names are a contract: a
// file looked for under another name after an update is a history lost.

#include "messagestorepath.h"
#include "testmain.h"

#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>
#include <QUrl>

class tst_MessageStorePath : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void fileName_data();
    void fileName();
    void apartOrAlike_data();
    void apartOrAlike();
    void defaultPathIsUnderAppData();
};

void tst_MessageStorePath::initTestCase()
{
}

void tst_MessageStorePath::fileName_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("expected"); // the whole name, or the part before the hash

    // Whole names, as earlier versions wrote them: these must never change.
    QTest::addRow("pinned: explicit port, mixed case")
            << QStringLiteral("ws://Chat.Example.org:8080") << QStringLiteral("Alice")
            << QStringLiteral("chat.example.org_8080-alice-bc07935c164c5849.sqlite");
    QTest::addRow("pinned: ws default port") << QStringLiteral("ws://host") << QStringLiteral("bob")
                                             << QStringLiteral("host_80-bob-8b77ee84936d605d.sqlite");
    QTest::addRow("pinned: wss default port") << QStringLiteral("wss://host") << QStringLiteral("bob")
                                              << QStringLiteral("host_443-bob-c01e5451ad68b30d.sqlite");
    // Readable parts.
    QTest::addRow("http default port") << QStringLiteral("http://host") << QStringLiteral("bob")
                                       << QStringLiteral("host_80-bob-");
    QTest::addRow("https default port") << QStringLiteral("https://host") << QStringLiteral("bob")
                                        << QStringLiteral("host_443-bob-");
    QTest::addRow("unknown scheme, no port") << QStringLiteral("tcp://host") << QStringLiteral("bob")
                                             << QStringLiteral("host_0-bob-");
    QTest::addRow("unsafe characters") << QStringLiteral("ws://host") << QStringLiteral("Alice Ü/..\\:*")
                                       << QStringLiteral("host_80-alice___..___-");
    QTest::addRow("long name cut")
            << QStringLiteral("ws://host") << QString(50, QLatin1Char('a'))
            << QStringLiteral("host_80-") + QString(MessageStorePath::kReadableNameChars, QLatin1Char('a'))
                    + QLatin1Char('-');
    QTest::addRow("empty user") << QStringLiteral("ws://host") << QString() << QStringLiteral("host_80--");
}

void tst_MessageStorePath::fileName()
{
    QFETCH(QString, url);
    QFETCH(QString, user);
    QFETCH(QString, expected);

    const QString name = MessageStorePath::fileName(QUrl(url), user);
    QVERIFY2(QRegularExpression(QStringLiteral("^[a-z0-9._-]+-[0-9a-f]{%1}\\.sqlite$")
                                        .arg(MessageStorePath::kNameHashChars))
                     .match(name)
                     .hasMatch(),
             qPrintable(name));
    if (expected.endsWith(QLatin1String(".sqlite")))
        QCOMPARE(name, expected);
    else
        QVERIFY2(name.startsWith(expected)
                         && name.size() == expected.size() + MessageStorePath::kNameHashChars
                                         + QLatin1String(".sqlite").size(),
                 qPrintable(name));
}

void tst_MessageStorePath::apartOrAlike_data()
{
    QTest::addColumn<QString>("urlA");
    QTest::addColumn<QString>("userA");
    QTest::addColumn<QString>("urlB");
    QTest::addColumn<QString>("userB");
    QTest::addColumn<bool>("same");

    const QString bob = QStringLiteral("bob");
    QTest::addRow("ws default port") << QStringLiteral("ws://host") << bob << QStringLiteral("ws://host:80") << bob << true;
    QTest::addRow("wss default port") << QStringLiteral("wss://host") << bob << QStringLiteral("wss://host:443") << bob << true;
    QTest::addRow("host case") << QStringLiteral("ws://HOST:81") << bob << QStringLiteral("ws://host:81") << bob << true;
    QTest::addRow("other port") << QStringLiteral("ws://host:81") << bob << QStringLiteral("ws://host:82") << bob << false;
    QTest::addRow("other host") << QStringLiteral("ws://host:81") << bob << QStringLiteral("ws://other:81") << bob << false;
    QTest::addRow("user case") << QStringLiteral("ws://host") << bob << QStringLiteral("ws://host") << QStringLiteral("Bob") << false;
    QTest::addRow("alike once reduced") << QStringLiteral("ws://host") << QStringLiteral("a b")
                                        << QStringLiteral("ws://host") << QStringLiteral("a_b") << false;
    QTest::addRow("alike once cut") << QStringLiteral("ws://host") << QString(41, QLatin1Char('a'))
                                    << QStringLiteral("ws://host") << QString(42, QLatin1Char('a')) << false;
}

void tst_MessageStorePath::apartOrAlike()
{
    QFETCH(QString, urlA);
    QFETCH(QString, userA);
    QFETCH(QString, urlB);
    QFETCH(QString, userB);
    QFETCH(bool, same);
    QCOMPARE(MessageStorePath::fileName(QUrl(urlA), userA) == MessageStorePath::fileName(QUrl(urlB), userB),
             same);
}

void tst_MessageStorePath::defaultPathIsUnderAppData()
{
    const QUrl server(QStringLiteral("ws://host"));
    QCOMPARE(MessageStorePath::defaultPath(server, QStringLiteral("bob")),
             QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                     + QStringLiteral("/history/") + MessageStorePath::fileName(server, QStringLiteral("bob")));
}

PARLEY_TEST_GUILESS_MAIN(tst_MessageStorePath)
#include "tst_messagestorepath.moc"
