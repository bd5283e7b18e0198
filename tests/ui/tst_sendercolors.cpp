// Tests ui/sendercolors.cpp: a sender's colour is the same on every run and machine (a fixed
// hash, pinned here), differs between people, and is readable (WCAG AA) on light and dark
// palettes; the contrast arithmetic it is made with.
#include "sendercolors.h"
#include "testmain.h"

#include <QTest>

#include <cmath>

namespace {

QPalette lightPalette()
{
    QPalette p;
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::Text, Qt::black);
    return p;
}

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    p.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    return p;
}

//! WCAG's contrast ratio, written out independently of the class under test.
double contrastRatio(const QColor &a, const QColor &b)
{
    auto lum = [](const QColor &c) {
        auto ch = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF());
    };
    const double la = lum(a);
    const double lb = lum(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

}  // namespace

class tst_SenderColors : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void color_data();
    void color();
    void colorIsStableAndReadable();
    void readable_data();
    void readable();
    void contrast_data();
    void contrast();
    void isDark_data();
    void isDark();
};

void tst_SenderColors::color_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("light");
    QTest::addColumn<QString>("dark");
    // Pinned: a person keeps their colour across versions (computed by the delegate's code
    // before it moved here).
    QTest::newRow("alice") << QStringLiteral("alice") << QStringLiteral("#20229e")
                           << QStringLiteral("#7f80e5");
    QTest::newRow("bob") << QStringLiteral("bob") << QStringLiteral("#7d209e")
                         << QStringLiteral("#c471e3");
    QTest::newRow("carol") << QStringLiteral("carol") << QStringLiteral("#9e2420")
                           << QStringLiteral("#e37571");
    QTest::newRow("CJK") << QStringLiteral("李雷") << QStringLiteral("#24209e")
                         << QStringLiteral("#827fe5");
    QTest::newRow("one letter") << QStringLiteral("x") << QStringLiteral("#1a8435")
                                << QStringLiteral("#71e38e");
    QTest::newRow("empty") << QString() << QStringLiteral("#757618") << QStringLiteral("#e1e371");
}

void tst_SenderColors::color()
{
    QFETCH(QString, name);
    QFETCH(QString, light);
    QFETCH(QString, dark);
    QCOMPARE(SenderColors::color(name, lightPalette()).name(), light);
    QCOMPARE(SenderColors::color(name, darkPalette()).name(), dark);
}

void tst_SenderColors::colorIsStableAndReadable()
{
    const QStringList names{QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("carol"),
                            QStringLiteral("dave"), QStringLiteral("李雷"), QStringLiteral("韩梅梅"),
                            QStringLiteral("x"), QStringLiteral("a very long name indeed")};
    for (const QPalette &palette : {lightPalette(), darkPalette()}) {
        for (const QString &name : names) {
            const QColor c = SenderColors::color(name, palette);
            QCOMPARE(SenderColors::color(name, palette), c);
            QVERIFY2(contrastRatio(c, palette.color(QPalette::Base)) >= 4.5,
                     qPrintable(name + QLatin1Char(' ') + c.name()));
        }
    }
    // A fixed hash (not qHash's per-process seed): the same person keeps the same colour.
    QCOMPARE(SenderColors::color(QStringLiteral("alice"), lightPalette()).name(),
             SenderColors::color(QStringLiteral("alice"), lightPalette()).name());
    QVERIFY(SenderColors::color(QStringLiteral("alice"), lightPalette())
            != SenderColors::color(QStringLiteral("bob"), lightPalette()));
}

void tst_SenderColors::readable_data()
{
    QTest::addColumn<QColor>("color");
    QTest::addColumn<QColor>("background");
    QTest::addColumn<bool>("unchanged");
    QTest::newRow("black on white") << QColor(Qt::black) << QColor(Qt::white) << true;
    QTest::newRow("white on black") << QColor(Qt::white) << QColor(Qt::black) << true;
    QTest::newRow("yellow on white: darker") << QColor(Qt::yellow) << QColor(Qt::white) << false;
    QTest::newRow("light grey on white: darker") << QColor(0xcc, 0xcc, 0xcc) << QColor(Qt::white)
                                                 << false;
    QTest::newRow("navy on dark: lighter") << QColor(0x10, 0x20, 0x60) << QColor(0x1e, 0x1e, 0x1e)
                                           << false;
    QTest::newRow("link blue on a light bubble") << QColor(0x30, 0x8c, 0xc6)
                                                 << QColor(0xe6, 0xf0, 0xf8) << false;
}

void tst_SenderColors::readable()
{
    QFETCH(QColor, color);
    QFETCH(QColor, background);
    QFETCH(bool, unchanged);
    const QColor c = SenderColors::readable(color, background);
    QVERIFY2(contrastRatio(c, background) >= SenderColors::kMinContrast, qPrintable(c.name()));
    QCOMPARE(c == color, unchanged);
    if (!unchanged) {
        // Same hue, only lighter or darker: away from the background.
        QCOMPARE(c.toHsl().hslHue(), color.toHsl().hslHue());
        const bool darkBackground = background.lightnessF() < 0.5;
        QVERIFY(darkBackground ? c.lightness() > color.lightness()
                               : c.lightness() < color.lightness());
    }
}

void tst_SenderColors::contrast_data()
{
    QTest::addColumn<QColor>("a");
    QTest::addColumn<QColor>("b");
    QTest::addColumn<double>("ratio");
    QTest::newRow("black, white") << QColor(Qt::black) << QColor(Qt::white) << 21.0;
    QTest::newRow("white, black (symmetric)") << QColor(Qt::white) << QColor(Qt::black) << 21.0;
    QTest::newRow("same") << QColor(0x12, 0x34, 0x56) << QColor(0x12, 0x34, 0x56) << 1.0;
    QTest::newRow("#767676 on white: just AA") << QColor(0x76, 0x76, 0x76) << QColor(Qt::white)
                                               << 4.54;
}

void tst_SenderColors::contrast()
{
    QFETCH(QColor, a);
    QFETCH(QColor, b);
    QFETCH(double, ratio);
    QVERIFY2(std::abs(SenderColors::contrast(a, b) - ratio) < 0.01,
             qPrintable(QString::number(SenderColors::contrast(a, b))));
    QVERIFY(std::abs(SenderColors::contrast(a, b) - contrastRatio(a, b)) < 1e-9);
}

void tst_SenderColors::isDark_data()
{
    QTest::addColumn<QPalette>("palette");
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << lightPalette() << false;
    QTest::newRow("dark") << darkPalette() << true;
}

void tst_SenderColors::isDark()
{
    QFETCH(QPalette, palette);
    QFETCH(bool, dark);
    QCOMPARE(SenderColors::isDark(palette), dark);
}

PARLEY_TEST_MAIN(tst_SenderColors)
#include "tst_sendercolors.moc"
