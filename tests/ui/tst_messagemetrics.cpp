// Tests ui/messagemetrics.cpp: how wide a body may be in a row, the small and bold fonts, the
// widths it remembers, measuring laid-out text (lines, last line, links) and estimating it from
// character counts (close to the measurement for plain text, CJK counted double).
#include "messagemetrics.h"
#include "testmain.h"

#include <QTest>
#include <QTextLayout>

namespace {

const QFont kFont(QStringLiteral("DejaVu Sans"), 10);
const QString kSep(QChar::LineSeparator);

MessageMetrics metrics()
{
    return MessageMetrics(kFont, {QStringLiteral("!"), QStringLiteral("\u2713\u2713")});
}

}  // namespace

class tst_MessageMetrics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void maxTextWidth_data();
    void maxTextWidth();
    void smallFont_data();
    void smallFont();
    void fontMeasures();
    void measure_data();
    void measure();
    void estimate_data();
    void estimate();
    void lineLimit_data();
    void lineLimit();
};

void tst_MessageMetrics::maxTextWidth_data()
{
    QTest::addColumn<int>("rowWidth");
    QTest::addColumn<int>("textWidth");
    // 78% of the row, never below a 120 px bubble nor beyond the row's margins; less padding.
    QTest::newRow("wide window") << 1000 << 760;
    QTest::newRow("ordinary") << 400 << 292;
    QTest::newRow("narrow: the minimal bubble") << 150 << 100;
    QTest::newRow("narrower than a bubble: the margins win") << 100 << 60;
    QTest::newRow("hidden view") << 0 << 1;
    QTest::newRow("negative") << -5 << 1;
}

void tst_MessageMetrics::maxTextWidth()
{
    QFETCH(int, rowWidth);
    QFETCH(int, textWidth);
    QCOMPARE(MessageMetrics::maxTextWidth(rowWidth), textWidth);
}

void tst_MessageMetrics::smallFont_data()
{
    QTest::addColumn<QFont>("font");
    QTest::addColumn<qreal>("pointSize");
    QTest::addColumn<int>("pixelSize");
    QFont pixels(QStringLiteral("DejaVu Sans"));
    pixels.setPixelSize(20);
    QFont tiny(QStringLiteral("DejaVu Sans"));
    tiny.setPixelSize(1);
    QTest::newRow("points") << kFont << 8.5 << -1;
    QTest::newRow("pixels") << pixels << -1.0 << 17;
    QTest::newRow("never below a pixel") << tiny << -1.0 << 1;
}

void tst_MessageMetrics::smallFont()
{
    QFETCH(QFont, font);
    QFETCH(qreal, pointSize);
    QFETCH(int, pixelSize);
    const QFont small = MessageMetrics::smallFont(font);
    QCOMPARE(small.pointSizeF(), pointSize);
    QCOMPARE(small.pixelSize(), pixelSize);
    QCOMPARE(small.family(), font.family());
    QVERIFY(MessageMetrics::nameFont(font).bold());
    QCOMPARE(MessageMetrics::nameFont(font).pointSizeF(), font.pointSizeF());
}

void tst_MessageMetrics::fontMeasures()
{
    MessageMetrics m = metrics();
    QCOMPARE(m.font(), kFont);
    const QFontMetrics fm(kFont);
    QCOMPARE(m.markWidth, fm.horizontalAdvance(QStringLiteral("\u2713\u2713")));  // the widest
    QCOMPARE(m.lineHeight, fm.height());
    QCOMPARE(m.charWidth, fm.averageCharWidth());
    const QString sender = QStringLiteral("alice");
    QCOMPARE(m.nameWidth(sender), QFontMetrics(MessageMetrics::nameFont(kFont)).horizontalAdvance(sender));
    QCOMPARE(m.nameWidth(sender), QFontMetrics(MessageMetrics::nameFont(kFont)).horizontalAdvance(sender));
    QVERIFY(m.nameWidth(sender) > fm.horizontalAdvance(sender) - 1);  // bold
    const QString time = QStringLiteral("13:07");
    QCOMPARE(m.timeWidth(time), QFontMetrics(MessageMetrics::smallFont(kFont)).horizontalAdvance(time));
    QVERIFY(m.timeWidth(time) < fm.horizontalAdvance(time));  // small
}

void tst_MessageMetrics::measure_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("rowWidth");
    QTest::addColumn<int>("minLines");
    QTest::addColumn<int>("maxLines");
    QTest::newRow("one short line") << QStringLiteral("hello") << 400 << 1 << 1;
    QTest::newRow("line separators") << (QStringLiteral("a") + kSep + QStringLiteral("b") + kSep
                                         + QStringLiteral("c"))
                                     << 400 << 3 << 3;
    QTest::newRow("words wrap") << QStringLiteral("word ").repeated(60) << 400 << 4 << 15;
    QTest::newRow("an unbroken word wraps anywhere") << QStringLiteral("x").repeated(400) << 400
                                                     << 4 << 20;
    QTest::newRow("wider row, fewer lines") << QStringLiteral("word ").repeated(60) << 1000 << 2
                                            << 4;
    QTest::newRow("markup is text") << QStringLiteral("<b>x</b>") << 400 << 1 << 1;
    QTest::newRow("links are not measured")
            << QStringLiteral("see https://a.example and http://b.example/x.") << 1000 << 1 << 1;
    QTest::newRow("empty") << QString() << 400 << 1 << 1;
}

void tst_MessageMetrics::measure()
{
    QFETCH(QString, text);
    QFETCH(int, rowWidth);
    QFETCH(int, minLines);
    QFETCH(int, maxLines);
    MessageMetrics m = metrics();
    const std::unique_ptr<QTextLayout> layout = m.layoutText(text, rowWidth);
    QCOMPARE(layout->text(), text);
    QCOMPARE(layout->font(), kFont);
    QVERIFY2(layout->lineCount() >= minLines && layout->lineCount() <= maxLines,
             qPrintable(QString::number(layout->lineCount())));
    for (int i = 0; i < layout->lineCount(); ++i)
        QVERIFY(layout->lineAt(i).naturalTextWidth() <= MessageMetrics::maxTextWidth(rowWidth));
    const MessageMetrics::Body body = m.measure(*layout, rowWidth, QStringLiteral("bob"),
                                                QStringLiteral("09:30"));
    QVERIFY(body.textSize.width() <= MessageMetrics::maxTextWidth(rowWidth));
    QCOMPARE(body.textSize.height(), int(std::ceil(layout->boundingRect().height())));
    const QTextLine last = layout->lineAt(layout->lineCount() - 1);
    QCOMPARE(body.lastLineTop, int(std::floor(last.y())));
    QCOMPARE(body.lastLineHeight, int(std::ceil(last.height())));
    QCOMPARE(body.lastLineWidth, int(std::ceil(last.naturalTextWidth())));
    QVERIFY(body.lastLineTop + body.lastLineHeight <= body.textSize.height() + 1);
    QCOMPARE(body.nameWidth, m.nameWidth(QStringLiteral("bob")));
    QCOMPARE(body.timeWidth, m.timeWidth(QStringLiteral("09:30")));
    QCOMPARE(body.laidOutChars, text.size());
    QVERIFY(!body.clipped);
    QVERIFY(body.links.isEmpty());  // MessageClip::shown() finds them, past a cut too
}

void tst_MessageMetrics::estimate_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("rowWidth");
    QTest::addColumn<int>("lines");
    QTest::addColumn<int>("charsOnLastLine");  // in average characters
    const int perLine = MessageMetrics::maxTextWidth(400) / QFontMetrics(kFont).averageCharWidth();
    QTest::newRow("one short line") << QStringLiteral("hello") << 400 << 1 << 5;
    QTest::newRow("empty: still a line") << QString() << 400 << 1 << 0;
    QTest::newRow("paragraphs") << (QStringLiteral("ab") + kSep + QStringLiteral("cde")) << 400 << 2
                                << 3;
    QTest::newRow("two lines and a bit") << QStringLiteral("x").repeated(2 * perLine + 4) << 400 << 3
                                         << -1;
    QTest::newRow("CJK counts double") << QStringLiteral("你好") << 400 << 1 << 4;
    QTest::newRow("a surrogate pair is one character") << QStringLiteral("\U0001F600") << 400 << 1
                                                       << 2;
}

void tst_MessageMetrics::estimate()
{
    QFETCH(QString, text);
    QFETCH(int, rowWidth);
    QFETCH(int, lines);
    QFETCH(int, charsOnLastLine);
    MessageMetrics m = metrics();
    const MessageMetrics::Body body = m.estimate(text, rowWidth, QStringLiteral("bob"),
                                                 QStringLiteral("09:30"));
    QCOMPARE(body.textSize.height(), lines * m.lineHeight);
    QCOMPARE(body.lastLineTop, (lines - 1) * m.lineHeight);
    QCOMPARE(body.lastLineHeight, m.lineHeight);
    QVERIFY(body.textSize.width() <= MessageMetrics::maxTextWidth(rowWidth));
    if (charsOnLastLine >= 0)
        QCOMPARE(body.lastLineWidth, charsOnLastLine * m.charWidth);
    QCOMPARE(body.nameWidth, m.nameWidth(QStringLiteral("bob")));
    QCOMPARE(body.timeWidth, m.timeWidth(QStringLiteral("09:30")));
    QVERIFY(body.links.isEmpty());  // links are found when measured, not guessed
    // A guess, but a close one for plain Latin text: within a line of the measurement.
    if (!text.contains(QChar(0x4F60)) && !text.isEmpty() && text.at(0).isLetter()) {
        const std::unique_ptr<QTextLayout> layout = m.layoutText(text, rowWidth);
        const MessageMetrics::Body measured = m.measure(*layout, rowWidth, QStringLiteral("bob"),
                                                        QStringLiteral("09:30"));
        QVERIFY2(std::abs(measured.textSize.height() - body.textSize.height()) <= m.lineHeight,
                 qPrintable(QStringLiteral("%1 vs %2").arg(measured.textSize.height())
                                    .arg(body.textSize.height())));
    }
}


void tst_MessageMetrics::lineLimit_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("maxLines");
    QTest::addColumn<int>("lines");
    QTest::addColumn<bool>("clipped");
    const QString three = QStringLiteral("a") + kSep + QStringLiteral("b") + kSep + QStringLiteral("c");
    QTest::newRow("under the limit") << three << 4 << 3 << false;
    QTest::newRow("at the limit") << three << 3 << 3 << false;
    QTest::newRow("over: paragraphs") << three << 2 << 2 << true;
    QTest::newRow("over: wrapped lines") << QStringLiteral("word ").repeated(200) << 3 << 3 << true;
    QTest::newRow("one line at least") << three << 1 << 1 << true;
}

void tst_MessageMetrics::lineLimit()
{
    QFETCH(QString, text);
    QFETCH(int, maxLines);
    QFETCH(int, lines);
    QFETCH(bool, clipped);
    MessageMetrics m = metrics();
    const std::unique_ptr<QTextLayout> layout = m.layoutText(text, 400, maxLines);
    QCOMPARE(layout->lineCount(), lines);
    const MessageMetrics::Body body = m.measure(*layout, 400, QStringLiteral("bob"),
                                                QStringLiteral("09:30"));
    QCOMPARE(body.clipped, clipped);
    QCOMPARE(body.laidOutChars < text.size(), clipped);
    QCOMPARE(body.textSize.height(), int(std::ceil(layout->boundingRect().height())));
    // The estimate keeps to the same limit.
    const MessageMetrics::Body guess = m.estimate(text, 400, QStringLiteral("bob"),
                                                  QStringLiteral("09:30"), maxLines);
    QCOMPARE(guess.clipped, clipped);
    QCOMPARE(guess.textSize.height(), lines * m.lineHeight);
}

PARLEY_TEST_MAIN(tst_MessageMetrics)
#include "tst_messagemetrics.moc"
