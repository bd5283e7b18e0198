// DeviceToken from a "tokens" answer (docs/protocol.md, "Accounts' events and identities"): hostile
// values refused or bounded, the list bounded, each id once.
#include "devicetoken.h"
#include "testmain.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace {
QJsonObject token(const QString &id, const QString &device = QStringLiteral("laptop"))
{
    return QJsonObject{{QStringLiteral("id"), id}, {QStringLiteral("device"), device}};
}
} // namespace

class tst_DeviceToken : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fromJson_data();
    void fromJson();
    void listFromJson_data();
    void listFromJson();
};

void tst_DeviceToken::fromJson_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("id"); // empty: refused
    QTest::addColumn<int>("deviceLength");
    QTest::addColumn<qint64>("lastUsed"); // 0: none
    QTest::addColumn<bool>("current");
    QTest::newRow("full") << QStringLiteral(R"({"id":"ab12cd34ef567890","device":"Parley on laptop","created":1,"lastUsed":1700000000000,"expires":1800000000000,"current":true})")
                          << QStringLiteral("ab12cd34ef567890") << 16 << qint64(1700000000000) << true;
    QTest::newRow("no device") << QStringLiteral(R"({"id":"a"})") << QStringLiteral("a") << 0 << qint64(0) << false;
    QTest::newRow("device not a string") << QStringLiteral(R"({"id":"a","device":5})") << QStringLiteral("a") << 0 << qint64(0) << false;
    QTest::newRow("device cut to 64") << QStringLiteral(R"({"id":"a","device":"%1"})").arg(QString(500, QLatin1Char('d')))
                                      << QStringLiteral("a") << 64 << qint64(0) << false;
    QTest::newRow("time hostile") << QStringLiteral(R"({"id":"a","lastUsed":1e308})") << QStringLiteral("a") << 0 << qint64(0) << false;
    QTest::newRow("time negative") << QStringLiteral(R"({"id":"a","lastUsed":-1})") << QStringLiteral("a") << 0 << qint64(0) << false;
    QTest::newRow("time a string") << QStringLiteral(R"({"id":"a","lastUsed":"1700000000000"})") << QStringLiteral("a") << 0 << qint64(0) << false;
    QTest::newRow("current not a bool") << QStringLiteral(R"({"id":"a","current":"yes"})") << QStringLiteral("a") << 0 << qint64(0) << false;
    QTest::newRow("id 64 characters") << QStringLiteral(R"({"id":"%1"})").arg(QString(64, QLatin1Char('f')))
                                      << QString(64, QLatin1Char('f')) << 0 << qint64(0) << false;
    QTest::newRow("id 65 characters") << QStringLiteral(R"({"id":"%1"})").arg(QString(65, QLatin1Char('f')))
                                      << QString() << 0 << qint64(0) << false;
    QTest::newRow("id empty") << QStringLiteral(R"({"id":""})") << QString() << 0 << qint64(0) << false;
    QTest::newRow("id a number") << QStringLiteral(R"({"id":12})") << QString() << 0 << qint64(0) << false;
    QTest::newRow("no id") << QStringLiteral(R"({"device":"laptop"})") << QString() << 0 << qint64(0) << false;
    QTest::newRow("not an object") << QStringLiteral("[1]") << QString() << 0 << qint64(0) << false;
}

void tst_DeviceToken::fromJson()
{
    QFETCH(QString, json);
    QFETCH(QString, id);
    QFETCH(int, deviceLength);
    QFETCH(qint64, lastUsed);
    QFETCH(bool, current);
    const std::optional<DeviceToken> t = DeviceToken::fromJson(QJsonDocument::fromJson(json.toUtf8()).object());
    QCOMPARE(t.has_value(), !id.isEmpty());
    if (!t)
        return;
    QCOMPARE(t->id, id);
    QCOMPARE(t->device.size(), deviceLength);
    QCOMPARE(t->lastUsed.isValid() ? t->lastUsed.toMSecsSinceEpoch() : qint64(0), lastUsed);
    QCOMPARE(t->current, current);
}

void tst_DeviceToken::listFromJson_data()
{
    QTest::addColumn<QJsonValue>("list");
    QTest::addColumn<int>("max");
    QTest::addColumn<QStringList>("ids");
    QTest::addColumn<QString>("deviceOfB");
    const QJsonArray mixed{token(QStringLiteral("a")), QStringLiteral("junk"), QJsonObject{{QStringLiteral("id"), 3}},
                           QJsonValue::Null, token(QStringLiteral("b"))};
    QTest::newRow("invalid entries skipped") << QJsonValue(mixed) << int(DeviceToken::kMaxTokens)
                                             << QStringList{QStringLiteral("a"), QStringLiteral("b")} << QStringLiteral("laptop");
    const QJsonArray twice{token(QStringLiteral("a")), token(QStringLiteral("b")), token(QStringLiteral("b"), QStringLiteral("again"))};
    QTest::newRow("each id once, first wins") << QJsonValue(twice) << int(DeviceToken::kMaxTokens)
                                              << QStringList{QStringLiteral("a"), QStringLiteral("b")} << QStringLiteral("laptop");
    QJsonArray many;
    QStringList firstHundred;
    for (int i = 0; i < 1000; ++i) {
        many.append(token(QStringLiteral("t%1").arg(i)));
        if (i < DeviceToken::kMaxTokens)
            firstHundred << QStringLiteral("t%1").arg(i);
    }
    QTest::newRow("bounded by kMaxTokens") << QJsonValue(many) << int(DeviceToken::kMaxTokens) << firstHundred << QString();
    QTest::newRow("bounded by max") << QJsonValue(twice) << 1 << QStringList{QStringLiteral("a")} << QString();
    QTest::newRow("not an array") << QJsonValue(token(QStringLiteral("a"))) << 10 << QStringList{} << QString();
}

void tst_DeviceToken::listFromJson()
{
    QFETCH(QJsonValue, list);
    QFETCH(int, max);
    QFETCH(QStringList, ids);
    QFETCH(QString, deviceOfB);
    const QList<DeviceToken> got = DeviceToken::listFromJson(list, max);
    QStringList gotIds;
    for (const DeviceToken &t : got) {
        gotIds << t.id;
        if (t.id == QLatin1String("b"))
            QCOMPARE(t.device, deviceOfB);
    }
    QCOMPARE(gotIds, ids);
}

PARLEY_TEST_GUILESS_MAIN(tst_DeviceToken)
#include "tst_devicetoken.moc"
