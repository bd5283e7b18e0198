// ParleySearchJson: the "search" request made of a SearchQuery (terms, filters, times in ms, the
// limit clamped, the cursor), and answers read strictly -- a page is used whole or not at all,
// every result checked as history rows are, at most 100 of them.

#include "parleysearchjson.h"
#include "testmain.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace {

QJsonObject obj(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

QJsonObject row(qint64 seq, const QString &text = QStringLiteral("hi"), const QString &room = QStringLiteral("lobby"))
{
    return QJsonObject{{QLatin1String("room"), room},           {QLatin1String("seq"), seq},
                       {QLatin1String("time"), qint64(1700000000000)},  {QLatin1String("sender"), QStringLiteral("Alice")},
                       {QLatin1String("senderId"), 1},          {QLatin1String("senderUsername"), QStringLiteral("alice")},
                       {QLatin1String("text"), text},           {QLatin1String("clientId"), QStringLiteral("c")}};
}

QJsonObject answer(const QJsonArray &results, bool hasMore = false, const QJsonValue &cursor = QJsonValue::Undefined)
{
    QJsonObject o{{QLatin1String("ok"), true}, {QLatin1String("results"), results}, {QLatin1String("hasMore"), hasMore}};
    if (!cursor.isUndefined())
        o.insert(QLatin1String("cursor"), cursor);
    return o;
}

} // namespace

class tst_ParleySearchJson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void request_data();
    void request();
    void goodAnswers();
    void refusedOrMalformed_data();
    void refusedOrMalformed();
};

void tst_ParleySearchJson::request_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<int>("limit");
    QTest::addColumn<QString>("cursor");
    QTest::addColumn<QJsonObject>("expected");
    QTest::newRow("words") << QStringLiteral(" deploy   friday ") << 20 << QString()
                           << obj(R"({"query":"deploy friday","limit":20})");
    QTest::newRow("filters") << QStringLiteral("in:#lobby from:@alice plan") << 5 << QString()
                             << obj(R"({"query":"plan","room":"lobby","from":"alice","limit":5})");
    QTest::newRow("cursor") << QStringLiteral("plan") << 20 << QStringLiteral("abc")
                            << obj(R"({"query":"plan","limit":20,"cursor":"abc"})");
    QTest::newRow("limit at most 100") << QStringLiteral("plan") << 1000 << QString()
                                       << obj(R"({"query":"plan","limit":100})");
    QTest::newRow("limit at least 1") << QStringLiteral("plan") << 0 << QString()
                                      << obj(R"({"query":"plan","limit":1})");
    QTest::newRow("Chinese") << QStringLiteral("天气") << 20 << QString() << obj(R"({"query":"天气","limit":20})");
}

void tst_ParleySearchJson::request()
{
    QFETCH(QString, typed);
    QFETCH(int, limit);
    QFETCH(QString, cursor);
    QFETCH(QJsonObject, expected);
    QCOMPARE(ParleySearchJson::request(SearchQuery::parse(typed), limit, cursor), expected);
}

void tst_ParleySearchJson::goodAnswers()
{
    // Times in ms since the epoch (the days as SearchQuery reads them: local days).
    SearchQuery q = SearchQuery::parse(QStringLiteral("plan after:2026-10-01 before:2026-11-01"));
    const QJsonObject r = ParleySearchJson::request(q, 20, QString());
    QCOMPARE(r.value(QLatin1String("after")).toInteger(), q.after.toMSecsSinceEpoch());
    QCOMPARE(r.value(QLatin1String("before")).toInteger(), q.before.toMSecsSinceEpoch());
    q.before = QDateTime::fromMSecsSinceEpoch(-5000, Qt::UTC);  // before the epoch: 0, never negative
    QCOMPARE(ParleySearchJson::request(q, 20, QString()).value(QLatin1String("before")).toInteger(), 0);

    QString error;
    std::optional<ParleySearchJson::Answer> a = ParleySearchJson::parseAnswer(answer({}), &error);
    QVERIFY2(a, qPrintable(error));
    QVERIFY(a->results.isEmpty());
    QVERIFY(!a->hasMore);

    QJsonObject deleted = row(3, QString());
    deleted.insert(QLatin1String("deleted"), true);  // cannot match, but is a message all the same
    a = ParleySearchJson::parseAnswer(answer({row(7, QStringLiteral("今天天气很好"), QStringLiteral("@dm:1:2")), row(5)}, true,
                                             QStringLiteral("next")), &error);
    QVERIFY2(a, qPrintable(error));
    QCOMPARE(a->results.size(), 2);
    QCOMPARE(a->results.at(0).room, QStringLiteral("@dm:1:2"));
    QCOMPARE(a->results.at(0).seq, 7);
    QCOMPARE(a->results.at(0).text, QStringLiteral("今天天气很好"));
    QCOMPARE(a->results.at(0).senderUsername, QStringLiteral("alice"));
    QCOMPARE(a->results.at(0).time.toMSecsSinceEpoch(), qint64(1700000000000));
    QCOMPARE(a->results.at(1).seq, 5);
    QVERIFY(a->hasMore);
    QCOMPARE(a->cursor, QStringLiteral("next"));

    // A cursor without hasMore is of no use: ignored.
    a = ParleySearchJson::parseAnswer(answer({row(1)}, false, QStringLiteral("stale")), &error);
    QVERIFY(a && a->cursor.isEmpty());

    // 100 results are fine.
    QJsonArray hundred;
    for (int i = 1; i <= ParleySearchJson::kMaxResults; ++i)
        hundred.append(row(i));
    a = ParleySearchJson::parseAnswer(answer(hundred), &error);
    QVERIFY(a && a->results.size() == 100);
}

void tst_ParleySearchJson::refusedOrMalformed_data()
{
    QTest::addColumn<QJsonObject>("ack");
    QTest::addColumn<QString>("error");  // the start of it
    QJsonArray tooMany;
    for (int i = 1; i <= ParleySearchJson::kMaxResults + 1; ++i)
        tooMany.append(row(i));
    QJsonObject change = row(9);
    change.insert(QLatin1String("kind"), QStringLiteral("edit"));
    change.insert(QLatin1String("target"), 1);
    QJsonObject noRoom = row(9);
    noRoom.remove(QLatin1String("room"));
    QJsonObject noSeq = row(9);
    noSeq.remove(QLatin1String("seq"));
    QJsonObject stringSeq = row(9);
    stringSeq.insert(QLatin1String("seq"), QStringLiteral("9"));
    QJsonObject unknownKind = row(9);
    unknownKind.insert(QLatin1String("kind"), QStringLiteral("poll"));

    QTest::newRow("refused") << obj(R"({"ok":false,"error":"rate limited","retryAfterMs":900})") << QStringLiteral("rate limited");
    QTest::newRow("not in room") << obj(R"({"ok":false,"error":"not in room"})") << QStringLiteral("not in room");
    QTest::newRow("refused, no reason") << obj(R"({"ok":false})") << QStringLiteral("the server refused");
    QTest::newRow("an unknown event") << obj(R"({"ok":false,"error":"unknown event"})") << QStringLiteral("unknown event");
    QTest::newRow("ok missing") << obj(R"({"results":[],"hasMore":false})") << QStringLiteral("the server refused");
    QTest::newRow("no results") << obj(R"({"ok":true,"hasMore":false})") << QStringLiteral("malformed");
    QTest::newRow("results an object") << obj(R"({"ok":true,"results":{},"hasMore":false})") << QStringLiteral("malformed");
    QTest::newRow("no hasMore") << obj(R"({"ok":true,"results":[]})") << QStringLiteral("malformed");
    QTest::newRow("hasMore a string") << obj(R"({"ok":true,"results":[],"hasMore":"yes"})") << QStringLiteral("malformed");
    QTest::newRow("hasMore, no cursor") << answer({row(1)}, true) << QStringLiteral("malformed");
    QTest::newRow("hasMore, empty cursor") << answer({row(1)}, true, QString()) << QStringLiteral("malformed");
    QTest::newRow("hasMore, number cursor") << answer({row(1)}, true, 5) << QStringLiteral("malformed");
    QTest::newRow("hasMore, huge cursor") << answer({row(1)}, true, QString(ParleySearchJson::kMaxCursorLength + 1, QLatin1Char('x')))
                                          << QStringLiteral("malformed");
    QTest::newRow("101 results") << answer(tooMany) << QStringLiteral("malformed");
    QTest::newRow("a string result") << answer({QStringLiteral("hi")}) << QStringLiteral("malformed");
    QTest::newRow("a number result") << answer({5}) << QStringLiteral("malformed");
    QTest::newRow("a change") << answer({row(1), change}) << QStringLiteral("malformed");
    QTest::newRow("an unknown kind") << answer({unknownKind}) << QStringLiteral("malformed");
    QTest::newRow("no room") << answer({row(1), noRoom}) << QStringLiteral("malformed");
    QTest::newRow("no seq") << answer({noSeq}) << QStringLiteral("malformed");
    QTest::newRow("seq a string") << answer({stringSeq}) << QStringLiteral("malformed");
    QTest::newRow("seq 0") << answer({row(0)}) << QStringLiteral("malformed");
}

void tst_ParleySearchJson::refusedOrMalformed()
{
    QFETCH(QJsonObject, ack);
    QFETCH(QString, error);
    QString why;
    QCOMPARE(ParleySearchJson::parseAnswer(ack, &why), std::nullopt);
    QVERIFY2(why.startsWith(error), qPrintable(why));
}

PARLEY_TEST_GUILESS_MAIN(tst_ParleySearchJson)
#include "tst_parleysearchjson.moc"
