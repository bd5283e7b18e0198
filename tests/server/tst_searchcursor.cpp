// SearchCursor: a cursor comes back as the position it was made with, for the query it was made
// for only; anything else -- another query's, another encoding, a changed or made-up one -- is
// refused.

#include "searchcursor.h"
#include "testmain.h"

#include <QTest>

#include <limits>

namespace {

QByteArray lobbyDeploy()
{
    return SearchCursor::fingerprint({QStringLiteral("deploy")}, QStringLiteral("lobby"), QString(),
                                     std::nullopt, std::nullopt);
}

QString base64(const QByteArray &plain)
{
    return QString::fromLatin1(plain.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace

class tst_SearchCursor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void otherQueriesDiffer_data();
    void otherQueriesDiffer();
    void refused_data();
    void refused();
};

void tst_SearchCursor::roundTrip_data()
{
    QTest::addColumn<qint64>("position");
    QTest::newRow("1") << qint64(1);
    QTest::newRow("a row id") << qint64(123456);
    QTest::newRow("largest") << std::numeric_limits<qint64>::max();
}

void tst_SearchCursor::roundTrip()
{
    QFETCH(qint64, position);
    const QString cursor = SearchCursor::encode(position, lobbyDeploy());
    QVERIFY(cursor.size() <= SearchCursor::kMaxLength);
    QCOMPARE(SearchCursor::decode(cursor, lobbyDeploy()), std::optional<qint64>(position));
}

void tst_SearchCursor::otherQueriesDiffer_data()
{
    QTest::addColumn<QByteArray>("other");
    const QStringList deploy{QStringLiteral("deploy")};
    const QString lobby = QStringLiteral("lobby");
    QTest::newRow("another term") << SearchCursor::fingerprint({QStringLiteral("deploys")}, lobby, {}, {}, {});
    QTest::newRow("one more term") << SearchCursor::fingerprint({QStringLiteral("deploy"), QStringLiteral("x")}, lobby, {}, {}, {});
    QTest::newRow("terms run together") << SearchCursor::fingerprint({QStringLiteral("de"), QStringLiteral("ploy")}, lobby, {}, {}, {});
    QTest::newRow("another room") << SearchCursor::fingerprint(deploy, QStringLiteral("other"), {}, {}, {});
    QTest::newRow("every room") << SearchCursor::fingerprint(deploy, QString(), {}, {}, {});
    QTest::newRow("a sender") << SearchCursor::fingerprint(deploy, lobby, QStringLiteral("alice"), {}, {});
    QTest::newRow("after") << SearchCursor::fingerprint(deploy, lobby, {}, qint64(0), {});
    QTest::newRow("before") << SearchCursor::fingerprint(deploy, lobby, {}, {}, qint64(0));
    QTest::newRow("room as sender") << SearchCursor::fingerprint(deploy, QString(), lobby, {}, {});
}

void tst_SearchCursor::otherQueriesDiffer()
{
    QFETCH(QByteArray, other);
    QCOMPARE(other.size(), 16);
    QVERIFY(other != lobbyDeploy());
    const QString cursor = SearchCursor::encode(42, lobbyDeploy());
    QCOMPARE(SearchCursor::decode(cursor, other), std::nullopt);
    QCOMPARE(SearchCursor::decode(SearchCursor::encode(42, other), other), std::optional<qint64>(42));
}

void tst_SearchCursor::refused_data()
{
    QTest::addColumn<QString>("cursor");
    const QString good = SearchCursor::encode(42, lobbyDeploy());
    const QByteArray hash = lobbyDeploy();
    QTest::newRow("empty") << QString();
    QTest::newRow("not base64") << QStringLiteral("!!!!");
    QTest::newRow("padded") << good + QStringLiteral("==");
    QTest::newRow("standard alphabet") << QString(good).replace(QLatin1Char('_'), QLatin1Char('/')).replace(QLatin1Char('-'), QLatin1Char('+')) + QStringLiteral("+");
    QTest::newRow("white space") << QLatin1Char(' ') + good;
    QTest::newRow("too long") << good + QString(SearchCursor::kMaxLength, QLatin1Char('A'));
    QTest::newRow("not Latin-1") << QStringLiteral("天气");
    QTest::newRow("truncated") << good.left(good.size() - 2);
    QTest::newRow("other version") << base64("2:42:" + hash);
    QTest::newRow("position 0") << base64("1:0:" + hash);
    QTest::newRow("negative") << base64("1:-42:" + hash);
    QTest::newRow("leading zero") << base64("1:042:" + hash);
    QTest::newRow("plus sign") << base64("1:+42:" + hash);
    QTest::newRow("over 64 bits") << base64("1:9223372036854775808:" + hash);
    QTest::newRow("20 digits") << base64("1:12345678901234567890:" + hash);
    QTest::newRow("upper-case hash") << base64("1:42:" + hash.toUpper());
    QTest::newRow("short hash") << base64("1:42:" + hash.left(15));
    QTest::newRow("no hash") << base64("1:42");
    QTest::newRow("more after") << base64("1:42:" + hash + ":");
    QTest::newRow("a newline after") << base64("1:42:" + hash + "\n");
}

void tst_SearchCursor::refused()
{
    QFETCH(QString, cursor);
    QCOMPARE(SearchCursor::decode(cursor, lobbyDeploy()), std::nullopt);
}

PARLEY_TEST_GUILESS_MAIN(tst_SearchCursor)
#include "tst_searchcursor.moc"
