// SearchExcerpt::of(): the one line a search result shows -- around the first match, terms marked
// wherever they occur, case-insensitively, line breaks flattened, "…" where cut, never inside a
// surrogate pair, and never reading far into a huge message.
#include "searchexcerpt.h"
#include "testmain.h"

#include <QTest>

using Range = SearchExcerpt::Range;
Q_DECLARE_METATYPE(QList<Range>)

class tst_SearchExcerpt : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void of_data();
    void of();
    void cutsAroundADeepMatch();
    void neverSplitsASurrogatePair();
    void aHugeMessageIsReadOnlyNearItsStart();
};

void tst_SearchExcerpt::of_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("terms");
    QTest::addColumn<QString>("excerpt");
    QTest::addColumn<QList<Range>>("ranges");
    QTest::newRow("one match") << QStringLiteral("deploy on Friday") << QStringList{QStringLiteral("friday")}
                               << QStringLiteral("deploy on Friday") << QList<Range>{{10, 6}};
    QTest::newRow("every occurrence, every term") << QStringLiteral("go go GO stop") << QStringList{QStringLiteral("go"), QStringLiteral("stop")}
                                                  << QStringLiteral("go go GO stop")
                                                  << QList<Range>{{0, 2}, {3, 2}, {6, 2}, {9, 4}};
    QTest::newRow("chinese") << QStringLiteral("今天天气很好") << QStringList{QStringLiteral("天气")}
                             << QStringLiteral("今天天气很好") << QList<Range>{{2, 2}};
    QTest::newRow("line breaks flattened") << QStringLiteral("a\nb\r\nc") << QStringList{QStringLiteral("b")}
                                           << QStringLiteral("a b  c") << QList<Range>{{2, 1}};
    QTest::newRow("no match: the start") << QStringLiteral("nothing here") << QStringList{QStringLiteral("zzz")}
                                         << QStringLiteral("nothing here") << QList<Range>{};
    QTest::newRow("markup stays text") << QStringLiteral("<b>bold</b>") << QStringList{QStringLiteral("<b>")}
                                       << QStringLiteral("<b>bold</b>") << QList<Range>{{0, 3}};
}

void tst_SearchExcerpt::of()
{
    QFETCH(QString, text);
    QFETCH(QStringList, terms);
    QFETCH(QString, excerpt);
    QFETCH(QList<Range>, ranges);
    QList<Range> found;
    QCOMPARE(SearchExcerpt::of(text, terms, &found), excerpt);
    QCOMPARE(found, ranges);
}

void tst_SearchExcerpt::cutsAroundADeepMatch()
{
    const QString text = QString(500, QLatin1Char('x')) + QStringLiteral(" needle ") + QString(500, QLatin1Char('y'));
    QList<Range> ranges;
    const QString excerpt = SearchExcerpt::of(text, {QStringLiteral("needle")}, &ranges);
    QVERIFY(excerpt.startsWith(QChar(0x2026)));
    QVERIFY(excerpt.endsWith(QChar(0x2026)));
    QVERIFY(excerpt.size() <= SearchExcerpt::kMaxLength + 2);
    QCOMPARE(ranges.size(), 1);
    QCOMPARE(excerpt.mid(ranges.at(0).start, ranges.at(0).length), QStringLiteral("needle"));
    // The match is shown with its context before it.
    QCOMPARE(ranges.at(0).start, 1 + SearchExcerpt::kContext);
}

void tst_SearchExcerpt::neverSplitsASurrogatePair()
{
    // 😀 is two UTF-16 units; put the cut points on every parity.
    for (int pad = 0; pad < 4; ++pad) {
        const QString text = QString(pad, QLatin1Char('a')) + QStringLiteral("😀").repeated(150) + QStringLiteral("needle")
                + QStringLiteral("😀").repeated(150);
        const QString excerpt = SearchExcerpt::of(text, {QStringLiteral("needle")}, nullptr);
        for (qsizetype i = 0; i < excerpt.size(); ++i) {
            if (excerpt.at(i).isHighSurrogate())
                QVERIFY2(i + 1 < excerpt.size() && excerpt.at(i + 1).isLowSurrogate(), qPrintable(QString::number(pad)));
            if (excerpt.at(i).isLowSurrogate())
                QVERIFY2(i > 0 && excerpt.at(i - 1).isHighSurrogate(), qPrintable(QString::number(pad)));
        }
        QVERIFY(excerpt.contains(QLatin1String("needle")));
    }
}

void tst_SearchExcerpt::aHugeMessageIsReadOnlyNearItsStart()
{
    // A match past kMaxScan is not looked for: the excerpt is the message's start.
    const QString text = QString(SearchExcerpt::kMaxScan + 10, QLatin1Char('x')) + QStringLiteral("needle");
    QList<Range> ranges;
    const QString excerpt = SearchExcerpt::of(text, {QStringLiteral("needle")}, &ranges);
    QVERIFY(excerpt.startsWith(QLatin1Char('x')));
    QVERIFY(ranges.isEmpty());
}

PARLEY_TEST_GUILESS_MAIN(tst_SearchExcerpt)
#include "tst_searchexcerpt.moc"
