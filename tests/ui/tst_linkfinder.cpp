// Tests ui/linkfinder.cpp: http and https links only (every other scheme stays text), where a
// link ends (white space, U+2028, prose delimiters, CJK punctuation, trailing punctuation, an
// unbalanced closing bracket), that it is bounded (a run longer than kMaxLinkLength is text),
// and which URLs may be opened.
#include "linkfinder.h"
#include "testmain.h"

#include <QTest>

class tst_LinkFinder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findLinks_data();
    void findLinks();
    void isOpenable_data();
    void isOpenable();
};

void tst_LinkFinder::findLinks_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("links");
    const QString ls(QChar::LineSeparator);
    QTest::newRow("plain") << QStringLiteral("see http://example.com now")
                           << QStringList{QStringLiteral("http://example.com")};
    QTest::newRow("https, path, query, fragment")
            << QStringLiteral("https://example.org/a/b?c=d&e=f#g")
            << QStringList{QStringLiteral("https://example.org/a/b?c=d&e=f#g")};
    QTest::newRow("upper-case scheme") << QStringLiteral("HTTPS://example.org/X")
                                       << QStringList{QStringLiteral("https://example.org/X")};
    QTest::newRow("trailing period") << QStringLiteral("Look: https://example.com/page.")
                                     << QStringList{QStringLiteral("https://example.com/page")};
    QTest::newRow("in parentheses") << QStringLiteral("(see https://example.com/x)!")
                                    << QStringList{QStringLiteral("https://example.com/x")};
    QTest::newRow("balanced parentheses")
            << QStringLiteral("https://en.wikipedia.org/wiki/Qt_(software), nice")
            << QStringList{QStringLiteral("https://en.wikipedia.org/wiki/Qt_(software)")};
    QTest::newRow("in brackets") << QStringLiteral("[http://a.example]")
                                 << QStringList{QStringLiteral("http://a.example")};
    QTest::newRow("in braces") << QStringLiteral("{http://b.example/c}")
                               << QStringList{QStringLiteral("http://b.example/c")};
    QTest::newRow("trailing sentence punctuation")
            << QStringLiteral("https://a.example/x?!; http://b.example/y';* http://c.example:")
            << QStringList{QStringLiteral("https://a.example/x"), QStringLiteral("http://b.example/y"),
                           QStringLiteral("http://c.example")};
    QTest::newRow("quoted") << QStringLiteral("'http://q.example' \"https://r.example\"")
                            << QStringList{QStringLiteral("http://q.example"),
                                           QStringLiteral("https://r.example")};
    QTest::newRow("two") << QStringLiteral("http://a.example and https://b.example/")
                         << QStringList{QStringLiteral("http://a.example"),
                                        QStringLiteral("https://b.example/")};
    QTest::newRow("line separator ends it")
            << (QStringLiteral("http://a.example") + ls + QStringLiteral("next"))
            << QStringList{QStringLiteral("http://a.example")};
    QTest::newRow("after CJK, before CJK punctuation")
            << QStringLiteral("看这个http://example.com/页面，好吗？")
            << QStringList{QStringLiteral("http://example.com/页面")};
    QTest::newRow("inside an HTML attribute")
            << QStringLiteral("<a href=\"http://x.example\">y</a>")
            << QStringList{QStringLiteral("http://x.example")};
    QTest::newRow("file") << QStringLiteral("file:///etc/passwd") << QStringList{};
    QTest::newRow("img file") << QStringLiteral("<img src=file:///etc/passwd>") << QStringList{};
    QTest::newRow("javascript") << QStringLiteral("javascript:alert(1)") << QStringList{};
    QTest::newRow("data") << QStringLiteral("data:text/html;base64,PHNjcmlwdD4=") << QStringList{};
    QTest::newRow("ftp") << QStringLiteral("ftp://ftp.example.org/pub") << QStringList{};
    QTest::newRow("mailto") << QStringLiteral("mailto:bob@example.org") << QStringList{};
    QTest::newRow("longer scheme") << QStringLiteral("xhttp://evil.example git+https://g.example")
                                   << QStringList{};
    QTest::newRow("no host") << QStringLiteral("http:// nothing, https://") << QStringList{};
    QTest::newRow("none") << QStringLiteral("just words: a://b") << QStringList{};
    QTest::newRow("empty") << QString() << QStringList{};
    // Bounded: a run of address characters longer than kMaxLinkLength is text, however long.
    const QString site = QStringLiteral("https://example.com/");
    const QString longest = site + QString(LinkFinder::kMaxLinkLength - site.size(), QLatin1Char('a'));
    QTest::newRow("as long as a link may be") << longest << QStringList{longest};
    QTest::newRow("one longer: text") << (longest + QLatin1Char('a')) << QStringList{};
    QTest::newRow("500,000 characters: text, and the next link still found")
            << (site + QString(500'000, QLatin1Char('a')) + QStringLiteral(" http://b.example"))
            << QStringList{QStringLiteral("http://b.example")};
    QTest::newRow("trimming many closing brackets")
            << (QStringLiteral("(") + site + QString(1'000, QLatin1Char(')')))
            << QStringList{site};
    QTest::newRow("balanced brackets kept, the rest trimmed")
            << (site + QStringLiteral("(a)[b]{c}))]}.")) << QStringList{QUrl(site + QStringLiteral("(a)[b]{c}")).toString()};
}

void tst_LinkFinder::findLinks()
{
    QFETCH(QString, text);
    QFETCH(QStringList, links);
    const QList<LinkFinder::Link> found = LinkFinder::findLinks(text);
    QStringList urls;
    for (const auto &link : found) {
        urls << link.url.toString();
        QVERIFY(LinkFinder::isOpenable(link.url));
        // The range is the address as typed.
        QCOMPARE(QUrl(text.mid(link.start, link.length)), link.url);
    }
    QCOMPARE(urls, links);
}

void tst_LinkFinder::isOpenable_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<bool>("openable");
    QTest::newRow("http") << QUrl(QStringLiteral("http://example.com")) << true;
    QTest::newRow("https with path") << QUrl(QStringLiteral("https://example.com/a?b#c")) << true;
    QTest::newRow("upper-case scheme") << QUrl(QStringLiteral("HTTPS://example.com")) << true;
    QTest::newRow("no host") << QUrl(QStringLiteral("http:///path")) << false;
    QTest::newRow("file") << QUrl(QStringLiteral("file:///etc/passwd")) << false;
    QTest::newRow("javascript") << QUrl(QStringLiteral("javascript:alert(1)")) << false;
    QTest::newRow("ftp") << QUrl(QStringLiteral("ftp://ftp.example.org")) << false;
    QTest::newRow("relative") << QUrl(QStringLiteral("example.com")) << false;
    QTest::newRow("empty") << QUrl() << false;
}

void tst_LinkFinder::isOpenable()
{
    QFETCH(QUrl, url);
    QFETCH(bool, openable);
    QCOMPARE(LinkFinder::isOpenable(url), openable);
}

PARLEY_TEST_GUILESS_MAIN(tst_LinkFinder)
#include "tst_linkfinder.moc"
