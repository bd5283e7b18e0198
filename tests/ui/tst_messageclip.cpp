// Tests ui/messageclip.cpp: where a long message is cut (characters, lines, never inside a
// grapheme cluster unless one is longer than any script needs), what a row shows of it (line
// breaks, links cut by the limit keep their whole URL, links past it are not listed, a
// 500,000-character "URL" is text) and how "Show more" grows the limits.
#include "messageclip.h"
#include "testmain.h"

#include <QTest>

namespace {

using Limits = MessageClip::Limits;
const QString kSep(QChar::LineSeparator);

QString xs(int n)
{
    return QString(n, QLatin1Char('x'));
}

}  // namespace

Q_DECLARE_METATYPE(MessageClip::Limits)

class tst_MessageClip : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cut_data();
    void cut();
    void shown_data();
    void shown();
    void shownLinks_data();
    void shownLinks();
    void hugeTextIsReadOnlyInPart();
    void next_data();
    void next();
    void linksWithin_data();
    void linksWithin();
};

void tst_MessageClip::cut_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<Limits>("limits");
    QTest::addColumn<int>("cut");
    const QString acute(QChar(0x0301));
    QTest::newRow("short: all of it") << QStringLiteral("hello") << Limits{10, 5} << 5;
    QTest::newRow("empty") << QString() << Limits{10, 5} << 0;
    QTest::newRow("exactly the limit") << xs(10) << Limits{10, 5} << 10;
    QTest::newRow("over the limit") << xs(20) << Limits{10, 5} << 10;
    QTest::newRow("before the n-th line break")
            << (QStringLiteral("a") + kSep + QStringLiteral("b") + kSep + QStringLiteral("c"))
            << Limits{100, 2} << 3;
    QTest::newRow("paragraph separator breaks too")
            << (QStringLiteral("a") + QChar(QChar::ParagraphSeparator) + QStringLiteral("b"))
            << Limits{100, 1} << 1;
    QTest::newRow("lines under the limit")
            << (QStringLiteral("a") + kSep + QStringLiteral("b")) << Limits{100, 2} << 3;
    QTest::newRow("combining mark at the limit")
            << (xs(9) + QStringLiteral("e") + acute + QStringLiteral("zz")) << Limits{10, 5} << 9;
    QTest::newRow("combining mark just before the limit")
            << (xs(8) + QStringLiteral("e") + acute + QStringLiteral("zz")) << Limits{10, 5} << 10;
    QTest::newRow("surrogate pair at the limit")
            << (xs(9) + QStringLiteral("\U0001F600z")) << Limits{10, 5} << 9;
    QTest::newRow("flag: two regional indicators")
            << (xs(8) + QStringLiteral("\U0001F1EB\U0001F1F7z")) << Limits{10, 5} << 8;
    QTest::newRow("emoji ZWJ family")
            << (xs(5) + QStringLiteral("\U0001F468\u200D\U0001F469\u200D\U0001F467z"))
            << Limits{10, 5} << 5;
    QTest::newRow("emoji with skin tone")
            << (xs(8) + QStringLiteral("\U0001F44B\U0001F3FDz")) << Limits{10, 5} << 8;
    QTest::newRow("Hangul jamo syllable")
            << (xs(9) + QStringLiteral("\u1100\u1161\u11A8z")) << Limits{10, 5} << 9;
    QTest::newRow("Arabic letter with its vowel mark")
            << (xs(9) + QStringLiteral("\u0628\u064E\u0628")) << Limits{10, 5} << 9;
    QTest::newRow("Devanagari conjunct mark")
            << (xs(9) + QStringLiteral("\u0915\u093Fz")) << Limits{10, 5} << 9;
    QTest::newRow("CJK: any character boundary")
            << QStringLiteral("你好世界你好世界你好世界") << Limits{10, 5} << 10;
    QTest::newRow("cluster longer than any script: code point")
            << (QStringLiteral("a") + acute.repeated(100)) << Limits{50, 5} << 50;
    QTest::newRow("long cluster of astral marks: not inside a pair")
            << (QStringLiteral("a") + QStringLiteral("\U0001D165").repeated(50)) << Limits{50, 5}
            << 49;
    QTest::newRow("one cluster longer than the limit")
            << (QStringLiteral("e") + acute.repeated(5)) << Limits{3, 5} << 3;
}

void tst_MessageClip::cut()
{
    QFETCH(QString, text);
    QFETCH(Limits, limits);
    QFETCH(int, cut);
    QCOMPARE(MessageClip::cut(text, limits), qsizetype(cut));
}

void tst_MessageClip::shown_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<Limits>("limits");
    QTest::addColumn<QString>("shown");
    QTest::addColumn<bool>("clipped");
    QTest::newRow("short") << QStringLiteral("hello") << MessageClip::kCollapsed
                           << QStringLiteral("hello") << false;
    QTest::newRow("line breaks become U+2028")
            << QStringLiteral("a\r\nb\nc\rd") << Limits{100, 10}
            << (QStringLiteral("a") + kSep + QStringLiteral("b") + kSep + QStringLiteral("c") + kSep
                + QStringLiteral("d"))
            << false;
    QTest::newRow("CR LF is one line break")
            << QStringLiteral("1\r\n2\r\n3\r\n4") << Limits{100, 3}
            << (QStringLiteral("1") + kSep + QStringLiteral("2") + kSep + QStringLiteral("3"))
            << true;
    QTest::newRow("markup stays text") << QStringLiteral("<b>x</b>") << Limits{5, 5}
                                       << QStringLiteral("<b>x<") << true;
    QTest::newRow("at the character limit") << xs(10) << Limits{10, 5} << xs(10) << false;
    QTest::newRow("one over") << xs(11) << Limits{10, 5} << xs(10) << true;
    QTest::newRow("many short lines") << QStringLiteral("a\n").repeated(1000) << Limits{100, 3}
                                      << (QStringLiteral("a") + kSep + QStringLiteral("a") + kSep
                                          + QStringLiteral("a"))
                                      << true;
}

void tst_MessageClip::shown()
{
    QFETCH(QString, text);
    QFETCH(Limits, limits);
    QFETCH(QString, shown);
    QFETCH(bool, clipped);
    const MessageClip::Shown s = MessageClip::shown(text, limits);
    QCOMPARE(s.text, shown);
    QCOMPARE(s.clipped, clipped);
    QCOMPARE(MessageClip::shown(text, limits, false).text, shown);
}

void tst_MessageClip::shownLinks_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<Limits>("limits");
    QTest::addColumn<QList<LinkFinder::Link>>("links");
    const QUrl url(QStringLiteral("https://example.com/abcdef"));
    QTest::newRow("whole") << QStringLiteral("see https://example.com/abcdef") << Limits{100, 5}
                           << QList<LinkFinder::Link>{{4, 26, url}};
    QTest::newRow("cut by the limit: the whole URL opens")
            << QStringLiteral("see https://example.com/abcdef and more") << Limits{15, 5}
            << QList<LinkFinder::Link>{{4, 11, url}};
    QTest::newRow("cut by a line limit: not listed")
            << QStringLiteral("a\nb\nhttps://example.com/abcdef") << Limits{100, 2}
            << QList<LinkFinder::Link>{};
    QTest::newRow("past the limit: not listed")
            << (xs(20) + QStringLiteral(" https://example.com/abcdef")) << Limits{10, 5}
            << QList<LinkFinder::Link>{};
    QTest::newRow("after CR LF: offsets of the shown text")
            << QStringLiteral("a\r\nhttps://example.com/abcdef") << Limits{100, 5}
            << QList<LinkFinder::Link>{{2, 26, url}};
    QTest::newRow("longer than a link may be: text")
            << (QStringLiteral("https://example.com/")
                + xs(LinkFinder::kMaxLinkLength - 19))
            << MessageClip::kMaxShown << QList<LinkFinder::Link>{};
    QTest::newRow("cut, and longer than a link may be: text")
            << (QStringLiteral("https://example.com/") + xs(500'000)) << MessageClip::kCollapsed
            << QList<LinkFinder::Link>{};
}

void tst_MessageClip::shownLinks()
{
    QFETCH(QString, text);
    QFETCH(Limits, limits);
    QFETCH(QList<LinkFinder::Link>, links);
    const MessageClip::Shown s = MessageClip::shown(text, limits);
    QCOMPARE(s.links, links);
    for (const LinkFinder::Link &link : s.links)
        QVERIFY(link.start + link.length <= s.text.size());
}

void tst_MessageClip::hugeTextIsReadOnlyInPart()
{
    // One line of 1,000,000 characters, at every step of "Show more": the shown text never
    // exceeds the limits, and the rest is known to be there.
    const QString huge = QStringLiteral("https://example.com/") + xs(1'000'000);
    for (Limits limits = MessageClip::kCollapsed;; limits = MessageClip::next(limits)) {
        const MessageClip::Shown s = MessageClip::shown(huge, limits);
        QVERIFY(s.text.size() <= limits.chars);
        QVERIFY(s.text.size() >= limits.chars - MessageClip::kMaxClusterLength);
        QVERIFY(s.clipped);
        QVERIFY(s.links.isEmpty());
        if (MessageClip::isMaximal(limits))
            break;
    }
}

void tst_MessageClip::next_data()
{
    QTest::addColumn<Limits>("from");
    QTest::addColumn<Limits>("to");
    const Limits collapsed = MessageClip::kCollapsed;
    const Limits once{collapsed.chars * MessageClip::kGrowth,
                      collapsed.lines * MessageClip::kGrowth};
    QTest::newRow("collapsed") << collapsed << once;
    QTest::newRow("then the most") << once << MessageClip::kMaxShown;
    QTest::newRow("the most stays") << MessageClip::kMaxShown << MessageClip::kMaxShown;
    QTest::newRow("nothing: collapsed") << Limits{0, 0} << collapsed;
}

void tst_MessageClip::next()
{
    QFETCH(Limits, from);
    QFETCH(Limits, to);
    QCOMPARE(MessageClip::next(from), to);
    QCOMPARE(MessageClip::isMaximal(to), to == MessageClip::kMaxShown);
}

void tst_MessageClip::linksWithin_data()
{
    QTest::addColumn<int>("end");
    QTest::addColumn<QList<LinkFinder::Link>>("within");
    const QUrl a(QStringLiteral("http://a.example"));
    const QUrl b(QStringLiteral("http://b.example"));
    QTest::newRow("all") << 100 << QList<LinkFinder::Link>{{0, 16, a}, {20, 16, b}};
    QTest::newRow("second cut") << 30 << QList<LinkFinder::Link>{{0, 16, a}, {20, 10, b}};
    QTest::newRow("second gone") << 20 << QList<LinkFinder::Link>{{0, 16, a}};
    QTest::newRow("first cut") << 5 << QList<LinkFinder::Link>{{0, 5, a}};
    QTest::newRow("none") << 0 << QList<LinkFinder::Link>{};
}

void tst_MessageClip::linksWithin()
{
    QFETCH(int, end);
    QFETCH(QList<LinkFinder::Link>, within);
    const QList<LinkFinder::Link> links{{0, 16, QUrl(QStringLiteral("http://a.example"))},
                                        {20, 16, QUrl(QStringLiteral("http://b.example"))}};
    QCOMPARE(MessageClip::linksWithin(links, end), within);
}

PARLEY_TEST_GUILESS_MAIN(tst_MessageClip)
#include "tst_messageclip.moc"
