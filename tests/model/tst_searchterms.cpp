// Tests model/searchterms.cpp: the trigrams a term is looked up by, FTS5 strings, which terms SQL
// can check exactly and which are left to QString, and the bounds on what a caller passes.

#include "searchquery.h"
#include "searchterms.h"
#include "testmain.h"

#include <QTest>

class tst_SearchTerms : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void trigrams_data();
    void trigrams();
    void ftsString_data();
    void ftsString();
    void sqlFolding_data();
    void sqlFolding();
    void terms_data();
    void terms();
    void bounds();
};

void tst_SearchTerms::trigrams_data()
{
    QTest::addColumn<QString>("term");
    QTest::addColumn<QStringList>("trigrams");

    const auto l = [](std::initializer_list<const char *> list) {
        QStringList out;
        for (const char *t : list)
            out << QString::fromUtf8(t);
        return out;
    };
    QTest::addRow("empty") << QString() << l({});
    QTest::addRow("2 characters") << QStringLiteral("ab") << l({});
    QTest::addRow("3") << QStringLiteral("abc") << l({"abc"});
    QTest::addRow("4: the tail overlaps") << QStringLiteral("abcd") << l({"abc", "bcd"});
    QTest::addRow("6: no overlap") << QStringLiteral("abcdef") << l({"abc", "def"});
    QTest::addRow("7") << QStringLiteral("abcdefg") << l({"abc", "def", "efg"});
    QTest::addRow("repeated") << QStringLiteral("aaaaaa") << l({"aaa"});
    QTest::addRow("chinese") << QString::fromUtf8("天气很好") << l({"天气很", "气很好"});
    QTest::addRow("2 chinese characters") << QString::fromUtf8("天气") << l({});
    // Code points, as the tokenizer counts: an emoji is one character, two UTF-16 units.
    QTest::addRow("emoji and 2 letters") << QString::fromUtf8("🙂ab") << l({"🙂ab"});
    QTest::addRow("2 emoji") << QString::fromUtf8("🙂🙂") << l({});
    QTest::addRow("NUL left out") << QStringLiteral("ab") + QChar(0) + QStringLiteral("cdefg") << l({"cde", "efg"});
}

void tst_SearchTerms::trigrams()
{
    QFETCH(QString, term);
    QFETCH(QStringList, trigrams);
    QCOMPARE(SearchTerms::trigramsOf(term), trigrams);
}

void tst_SearchTerms::ftsString_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("quoted");
    QTest::addRow("word") << QStringLiteral("abc") << QStringLiteral("\"abc\"");
    QTest::addRow("quote") << QStringLiteral("a\"b") << QStringLiteral("\"a\"\"b\"");
    QTest::addRow("only quotes") << QStringLiteral("\"\"\"") << QStringLiteral("\"\"\"\"\"\"\"\"");
    QTest::addRow("star") << QStringLiteral("ab*") << QStringLiteral("\"ab*\"");
    QTest::addRow("operator") << QStringLiteral("AND") << QStringLiteral("\"AND\"");
    QTest::addRow("NEAR") << QStringLiteral("NE(") << QStringLiteral("\"NE(\"");
    QTest::addRow("column filter") << QStringLiteral("a:b") << QStringLiteral("\"a:b\"");
}

void tst_SearchTerms::ftsString()
{
    QFETCH(QString, text);
    QFETCH(QString, quoted);
    QCOMPARE(SearchTerms::ftsString(text), quoted);
}

void tst_SearchTerms::sqlFolding_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("exact");
    QTest::addRow("ASCII") << QStringLiteral("Deploy-42:") << true;
    QTest::addRow("chinese") << QString::fromUtf8("今天天气") << true;
    QTest::addRow("emoji") << QString::fromUtf8("🙂🎉") << true;
    QTest::addRow("ASCII and chinese") << QString::fromUtf8("Qt天气") << true;
    QTest::addRow("umlaut, small") << QString::fromUtf8("äpfel") << false;
    QTest::addRow("umlaut, capital") << QString::fromUtf8("ÄPFEL") << false;
    QTest::addRow("cyrillic") << QString::fromUtf8("мир") << false;
    QTest::addRow("capital sharp s") << QString::fromUtf8("ẞ") << false;
    // Only other characters fold to it (ẞ): counted as without case, SQL checks it as it is.
    QTest::addRow("sharp s") << QString::fromUtf8("ß") << true;
}

void tst_SearchTerms::sqlFolding()
{
    QFETCH(QString, text);
    QFETCH(bool, exact);
    QCOMPARE(SearchTerms::sqlFoldsExactly(text), exact);
}

void tst_SearchTerms::terms_data()
{
    QTest::addColumn<QStringList>("terms");
    QTest::addColumn<QString>("fts");
    QTest::addColumn<QStringList>("needles"); // checked in SQL
    QTest::addColumn<QString>("matching");    // a text matchesRest() accepts
    QTest::addColumn<QString>("notMatching"); // one it refuses (empty: none)

    QTest::addRow("one word") << QStringList{QStringLiteral("Deploy")} << QStringLiteral("\"Dep\" AND \"loy\"")
                              << QStringList{QStringLiteral("deploy")} << QString() << QString();
    QTest::addRow("short term: no trigram")
            << QStringList{QStringLiteral("OK")} << QString() << QStringList{QStringLiteral("ok")} << QString()
            << QString();
    QTest::addRow("two terms, shared trigram")
            << QStringList{QStringLiteral("abcxyz"), QStringLiteral("abc")} << QStringLiteral("\"abc\" AND \"xyz\"")
            << QStringList{QStringLiteral("abcxyz"), QStringLiteral("abc")} << QString() << QString();
    QTest::addRow("quote in a trigram") << QStringList{QStringLiteral("a\"b")} << QStringLiteral("\"a\"\"b\"")
                                        << QStringList{QStringLiteral("a\"b")} << QString() << QString();
    QTest::addRow("non-ASCII case: left to QString")
            << QStringList{QString::fromUtf8("Äpfel"), QStringLiteral("und")}
            << QString::fromUtf8("\"Äpf\" AND \"fel\" AND \"und\"") << QStringList{QStringLiteral("und")}
            << QString::fromUtf8("ÄPFEL und birnen") << QString::fromUtf8("Apfel und birnen");
    QTest::addRow("short non-ASCII") << QStringList{QString::fromUtf8("мы")} << QString() << QStringList{}
                                     << QString::fromUtf8("МЫ тут") << QString::fromUtf8("вы тут");
}

void tst_SearchTerms::terms()
{
    QFETCH(QStringList, terms);
    QFETCH(QString, fts);
    QFETCH(QStringList, needles);
    QFETCH(QString, matching);
    QFETCH(QString, notMatching);
    const SearchTerms t(terms);
    QCOMPARE(t.terms(), terms);
    QCOMPARE(t.ftsQuery(), fts);
    QCOMPARE(t.sqlNeedles(), needles);
    QCOMPARE(t.needsRecheck(), !notMatching.isEmpty());
    QVERIFY(t.matchesRest(matching));
    if (!notMatching.isEmpty())
        QVERIFY(!t.matchesRest(notMatching));
}

void tst_SearchTerms::bounds()
{
    QStringList many;
    for (int i = 0; i < SearchQuery::kMaxTerms + 3; ++i)
        many << QString() << QStringLiteral("t%1").arg(i);
    const SearchTerms kept(many);
    QCOMPARE(kept.terms().size(), qsizetype(SearchQuery::kMaxTerms)); // empty ones dropped, then cut
    QCOMPARE(kept.terms().first(), QStringLiteral("t0"));
    QCOMPARE(kept.terms().last(), QStringLiteral("t%1").arg(SearchQuery::kMaxTerms - 1));

    const SearchTerms longOne({QString(SearchQuery::kMaxLength + 50, QLatin1Char('x'))});
    QCOMPARE(longOne.terms().first().size(), qsizetype(SearchQuery::kMaxLength));
    QCOMPARE(longOne.ftsQuery(), QStringLiteral("\"xxx\""));
    QVERIFY(SearchTerms({QString(), QString()}).isEmpty());
}

PARLEY_TEST_GUILESS_MAIN(tst_SearchTerms)
#include "tst_searchterms.moc"
