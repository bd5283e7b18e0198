// ForeignMessage: what Parley shows for text frames, JSON objects and binary data from servers
// that are not parley-server.
#include "foreignmessage.h"
#include "testmain.h"

#include <QTest>

class tst_ForeignMessage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fromText_data();
    void fromText();
    void binary();
};

void tst_ForeignMessage::fromText_data()
{
    QTest::addColumn<QString>("frame");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("sender");
    QTest::addColumn<bool>("rawKept");
    QTest::newRow("plain") << QStringLiteral("hello") << QStringLiteral("hello") << QString() << false;
    QTest::newRow("msg+name") << QStringLiteral("{\"name\":\"bob\",\"msg\":\"hi\"}") << QStringLiteral("hi") << QStringLiteral("bob") << true;
    QTest::newRow("text+sender") << QStringLiteral("{\"sender\":\"x\",\"text\":\"t\",\"id\":3}") << QStringLiteral("t") << QStringLiteral("x") << true;
    QTest::newRow("message") << QStringLiteral("{\"message\":\"m\"}") << QStringLiteral("m") << QString() << true;
    QTest::newRow("content+author") << QStringLiteral("{\"content\":\"c\",\"author\":\"a\"}") << QStringLiteral("c") << QStringLiteral("a") << true;
    QTest::newRow("serverText") << QStringLiteral("{\"serverText\":\"Welcome\",\"num\":0,\"to\":\"client1\"}") << QStringLiteral("Welcome") << QString() << true;
    QTest::newRow("clientText") << QStringLiteral("{\"clientText\":\"echo\",\"num\":1,\"to\":\"client1\"}") << QStringLiteral("echo") << QString() << true;
    QTest::newRow("preference msg over text") << QStringLiteral("{\"text\":\"2\",\"msg\":\"1\"}") << QStringLiteral("1") << QString() << true;
    QTest::newRow("number text") << QStringLiteral("{\"msg\":42}") << QStringLiteral("42") << QString() << true;
    QTest::newRow("no known field") << QStringLiteral("{\"a\":1}") << QStringLiteral("{\"a\":1}") << QString() << false;
    QTest::newRow("array") << QStringLiteral("[1,2]") << QStringLiteral("[1,2]") << QString() << false;
    QTest::newRow("broken json") << QStringLiteral("{\"msg\":") << QStringLiteral("{\"msg\":") << QString() << false;
    QTest::newRow("emoji") << QStringLiteral("{\"msg\":\"👋🏽 你好\"}") << QStringLiteral("👋🏽 你好") << QString() << true;
}

void tst_ForeignMessage::fromText()
{
    QFETCH(QString, frame);
    QFETCH(QString, text);
    QFETCH(QString, sender);
    QFETCH(bool, rawKept);
    const ChatMessage m = ForeignMessage::fromText(frame);
    QCOMPARE(m.text, text);
    QCOMPARE(m.sender, sender);
    QCOMPARE(m.raw, rawKept ? frame : QString());
    QVERIFY(m.time.isValid());
    QVERIFY(m.key().isEmpty()); // no identity: never taken for a duplicate
}

void tst_ForeignMessage::binary()
{
    const ChatMessage bytes = ForeignMessage::fromBinary(QByteArray("\x00\x01\x02", 3));
    QCOMPARE(bytes.text, QStringLiteral("binary, 3 byte(s)"));
    QCOMPARE(bytes.raw, QStringLiteral("data:application/octet-stream;base64,AAEC"));
    const QByteArray png = QByteArray::fromBase64(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
    const ChatMessage image = ForeignMessage::fromBinary(png);
    QVERIFY2(image.text.startsWith(QLatin1String("image (image/png)")), qPrintable(image.text));
    QVERIFY(image.raw.startsWith(QLatin1String("data:image/png;base64,")));
    // Large non-image data is described, not kept.
    const ChatMessage big = ForeignMessage::fromBinary(QByteArray(ForeignMessage::kMaxRawBinary + 1, '\x01'));
    QVERIFY(big.raw.isEmpty());
}

PARLEY_TEST_GUILESS_MAIN(tst_ForeignMessage)
#include "tst_foreignmessage.moc"
