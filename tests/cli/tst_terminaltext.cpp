// TerminalText: server strings made safe for a terminal (notes, errors) and for listen's JSON lines.
#include "terminaltext.h"
#include "testmain.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

class tst_TerminalText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void forTerminal_data();
    void forTerminal();
    void jsonLines_data();
    void jsonLines();
};

void tst_TerminalText::forTerminal_data()
{
    QTest::addColumn<QString>("in");
    QTest::addColumn<QString>("out");
    QTest::newRow("plain") << QStringLiteral("room is full") << QStringLiteral("room is full");
    QTest::newRow("unicode kept") << QStringLiteral("caf\u00e9 \u4f60\u597d \U0001F600") << QStringLiteral("caf\u00e9 \u4f60\u597d \U0001F600");
    QTest::newRow("ESC sequence") << QStringLiteral("\x1b[2J\x1b]0;pwned\x07") << QStringLiteral("\\x1b[2J\\x1b]0;pwned\\x07");
    QTest::newRow("newline stays on its line") << QStringLiteral("bad\nparley-cli: connected") << QStringLiteral("bad\\nparley-cli: connected");
    QTest::newRow("carriage return, tab, backspace") << QStringLiteral("a\rb\tc\bd") << QStringLiteral("a\\x0db\\tc\\x08d");
    QTest::newRow("NUL and DEL") << QString(QChar(0)) + QStringLiteral("x\x7f") << QStringLiteral("\\x00x\\x7f");
    QTest::newRow("C1 CSI") << QString(QChar(0x9b)) + QStringLiteral("31m") << QStringLiteral("\\u009b31m");
    QTest::newRow("bidi override") << QStringLiteral("abc\u202Edef\u2066") << QStringLiteral("abc\uFFFDdef\uFFFD");
    QTest::newRow("first C1 and after") << QString(QChar(0x80)) + QString(QChar(0xA0)) << QStringLiteral("\\u0080\u00a0");
}

void tst_TerminalText::forTerminal()
{
    QFETCH(QString, in);
    QFETCH(QString, out);
    QCOMPARE(TerminalText::forTerminal(in), out);
}

void tst_TerminalText::jsonLines_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("escaped"); // must appear in the line
    QTest::newRow("ESC (QJsonDocument's own)") << QStringLiteral("\x1b[31mred") << QStringLiteral("\\u001b[31mred");
    QTest::newRow("newline") << QStringLiteral("a\nb") << QStringLiteral("a\\nb");
    QTest::newRow("DEL") << QStringLiteral("a\x7f") << QStringLiteral("a\\u007f");
    QTest::newRow("C1 CSI") << QString(QChar(0x9b)) + QStringLiteral("2J") << QStringLiteral("\\u009b2J");
    QTest::newRow("bidi override") << QStringLiteral("x\u202Ey") << QStringLiteral("x\\u202ey");
    QTest::newRow("unicode kept") << QStringLiteral("\u4f60\u597d") << QStringLiteral("\u4f60\u597d");
}

void tst_TerminalText::jsonLines()
{
    QFETCH(QString, text);
    QFETCH(QString, escaped);
    const QJsonObject o{{QStringLiteral("text"), text}};
    const QString line = TerminalText::forJsonLine(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
    QVERIFY2(line.contains(escaped), qPrintable(line));
    for (const QChar c : line) { // nothing a terminal acts on is left raw
        const char16_t u = c.unicode();
        QVERIFY(u >= 0x20 && u != 0x7F && !(u >= 0x80 && u <= 0x9F) && !TerminalText::isBidiControl(u));
    }
    // Still valid JSON with the same data for a parser.
    QCOMPARE(QJsonDocument::fromJson(line.toUtf8()).object().value(QLatin1String("text")).toString(), text);
}

PARLEY_TEST_GUILESS_MAIN(tst_TerminalText)
#include "tst_terminaltext.moc"
