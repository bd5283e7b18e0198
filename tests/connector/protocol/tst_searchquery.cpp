// SearchQuery::parse(): what the search field's text means -- terms and the from:, in:, before:,
// after: filters (docs/protocol.md "Search"), bounded in length and terms; a filter that does
// not parse is a word to look for.
#include "searchquery.h"
#include "testmain.h"

#include <QTest>

class tst_SearchQuery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
    void bounded();
};

void tst_SearchQuery::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("terms");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("room");
    QTest::addColumn<QDateTime>("after");
    QTest::addColumn<QDateTime>("before");
    const QDateTime none;
    const auto local = [](int y, int m, int d) { return QDateTime(QDate(y, m, d), QTime(0, 0), Qt::LocalTime); };
    QTest::newRow("empty") << QString() << QStringList() << QString() << QString() << none << none;
    QTest::newRow("spaces") << QStringLiteral("  \t ") << QStringList() << QString() << QString() << none << none;
    QTest::newRow("words") << QStringLiteral(" deploy  friday ") << QStringList{QStringLiteral("deploy"), QStringLiteral("friday")}
                           << QString() << QString() << none << none;
    QTest::newRow("chinese") << QStringLiteral("天气") << QStringList{QStringLiteral("天气")} << QString() << QString() << none << none;
    QTest::newRow("from with @") << QStringLiteral("from:@alice hello") << QStringList{QStringLiteral("hello")}
                                 << QStringLiteral("alice") << QString() << none << none;
    QTest::newRow("from without @, key in capitals") << QStringLiteral("FROM:bob") << QStringList()
                                                     << QStringLiteral("bob") << QString() << none << none;
    QTest::newRow("in a room") << QStringLiteral("in:#dev build") << QStringList{QStringLiteral("build")}
                               << QString() << QStringLiteral("dev") << none << none;
    QTest::newRow("dates") << QStringLiteral("after:2026-10-01 before:2026-11-01 x") << QStringList{QStringLiteral("x")}
                           << QString() << QString() << local(2026, 10, 2) << local(2026, 11, 1);
    QTest::newRow("a later filter replaces") << QStringLiteral("from:a from:b") << QStringList() << QStringLiteral("b")
                                             << QString() << none << none;
    QTest::newRow("a bad date is a word") << QStringLiteral("before:someday") << QStringList{QStringLiteral("before:someday")}
                                          << QString() << QString() << none << none;
    QTest::newRow("an empty filter is a word") << QStringLiteral("from: in:# from:@") << QStringList{QStringLiteral("from:"), QStringLiteral("in:#"), QStringLiteral("from:@")}
                                               << QString() << QString() << none << none;
    QTest::newRow("a url is a word") << QStringLiteral("https://example.org") << QStringList{QStringLiteral("https://example.org")}
                                     << QString() << QString() << none << none;
}

void tst_SearchQuery::parse()
{
    QFETCH(QString, text);
    QFETCH(QStringList, terms);
    QFETCH(QString, from);
    QFETCH(QString, room);
    QFETCH(QDateTime, after);
    QFETCH(QDateTime, before);
    const SearchQuery q = SearchQuery::parse(text);
    QCOMPARE(q.terms, terms);
    QCOMPARE(q.from, from);
    QCOMPARE(q.room, room);
    QCOMPARE(q.after, after);
    QCOMPARE(q.before, before);
    QCOMPARE(q.isEmpty(), terms.isEmpty() && from.isEmpty() && room.isEmpty() && !after.isValid() && !before.isValid());
}

void tst_SearchQuery::bounded()
{
    QStringList many;
    for (int i = 0; i < 20; ++i)
        many << QStringLiteral("w%1").arg(i);
    QCOMPARE(SearchQuery::parse(many.join(QLatin1Char(' '))).terms.size(), SearchQuery::kMaxTerms);
    const SearchQuery longOne = SearchQuery::parse(QString(1000, QLatin1Char('a')));
    QCOMPARE(longOne.terms, QStringList{QString(SearchQuery::kMaxLength, QLatin1Char('a'))});
}

PARLEY_TEST_GUILESS_MAIN(tst_SearchQuery)
#include "tst_searchquery.moc"
