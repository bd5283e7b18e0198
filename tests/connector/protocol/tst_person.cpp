// Person from what a server sends (docs/protocol.md, "People and presence"): hostile values are
// refused or bounded, lists are bounded and each id comes once.
#include "person.h"
#include "testmain.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace {
QJsonObject object(const QString &json)
{
    return QJsonDocument::fromJson(json.toUtf8()).object();
}
QJsonArray people(int count, qint64 firstId = 1)
{
    QJsonArray a;
    for (int i = 0; i < count; ++i)
        a.append(QJsonObject{{QStringLiteral("id"), firstId + i}, {QStringLiteral("username"), QStringLiteral("u%1").arg(i)}});
    return a;
}
} // namespace

class tst_Person : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fromJson_data();
    void fromJson();
    void longNamesAreCut();
    void presenceWire_data();
    void presenceWire();
    void listFromJson_data();
    void listFromJson();
};

void tst_Person::fromJson_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<qint64>("id"); // 0: refused
    QTest::addColumn<QString>("displayName");
    QTest::addColumn<bool>("guest");
    QTest::addColumn<int>("presence");
    QTest::addColumn<qint64>("lastSeen"); // 0: none
    using P = Person::Presence;
    QTest::newRow("full") << QStringLiteral(R"({"id":12,"username":"bob","displayName":"Bob","guest":false,"presence":"online"})")
                          << qint64(12) << QStringLiteral("Bob") << false << int(P::Online) << qint64(0);
    QTest::newRow("offline with lastSeen") << QStringLiteral(R"({"id":3,"username":"c","displayName":"C","presence":"offline","lastSeen":1700000000000})")
                                           << qint64(3) << QStringLiteral("C") << false << int(P::Offline) << qint64(1700000000000);
    QTest::newRow("away guest") << QStringLiteral(R"({"id":4,"username":"guest-4","displayName":"Dana","guest":true,"presence":"away"})")
                                << qint64(4) << QStringLiteral("Dana") << true << int(P::Away) << qint64(0);
    QTest::newRow("no display name: username") << QStringLiteral(R"({"id":5,"username":"eve"})")
                                               << qint64(5) << QStringLiteral("eve") << false << int(P::Unknown) << qint64(0);
    QTest::newRow("unknown presence") << QStringLiteral(R"({"id":6,"username":"f","presence":"busy"})")
                                      << qint64(6) << QStringLiteral("f") << false << int(P::Unknown) << qint64(0);
    QTest::newRow("presence not a string") << QStringLiteral(R"({"id":6,"username":"f","presence":1})")
                                           << qint64(6) << QStringLiteral("f") << false << int(P::Unknown) << qint64(0);
    QTest::newRow("display name not a string") << QStringLiteral(R"({"id":6,"username":"f","displayName":{"x":1}})")
                                               << qint64(6) << QStringLiteral("f") << false << int(P::Unknown) << qint64(0);
    QTest::newRow("lastSeen hostile") << QStringLiteral(R"({"id":7,"username":"g","presence":"offline","lastSeen":1e308})")
                                      << qint64(7) << QStringLiteral("g") << false << int(P::Offline) << qint64(0);
    QTest::newRow("lastSeen negative") << QStringLiteral(R"({"id":7,"username":"g","lastSeen":-5})")
                                       << qint64(7) << QStringLiteral("g") << false << int(P::Unknown) << qint64(0);
    QTest::newRow("id 2^53") << QStringLiteral(R"({"id":9007199254740992,"username":"h"})")
                             << qint64(9007199254740992LL) << QStringLiteral("h") << false << int(P::Unknown) << qint64(0);
    QTest::newRow("no id") << QStringLiteral(R"({"username":"bob"})") << qint64(0) << QString() << false << 0 << qint64(0);
    QTest::newRow("id zero") << QStringLiteral(R"({"id":0,"username":"bob"})") << qint64(0) << QString() << false << 0 << qint64(0);
    QTest::newRow("id negative") << QStringLiteral(R"({"id":-12,"username":"bob"})") << qint64(0) << QString() << false << 0 << qint64(0);
    QTest::newRow("id fractional") << QStringLiteral(R"({"id":1.5,"username":"bob"})") << qint64(0) << QString() << false << 0 << qint64(0);
    QTest::newRow("id a string") << QStringLiteral(R"({"id":"12","username":"bob"})") << qint64(0) << QString() << false << 0 << qint64(0);
    QTest::newRow("id 2^63") << QStringLiteral(R"({"id":9223372036854775808,"username":"bob"})") << qint64(0) << QString() << false << 0 << qint64(0);
    QTest::newRow("no username") << QStringLiteral(R"({"id":12,"displayName":"Bob"})") << qint64(0) << QString() << false << 0 << qint64(0);
    QTest::newRow("username empty") << QStringLiteral(R"({"id":12,"username":""})") << qint64(0) << QString() << false << 0 << qint64(0);
    QTest::newRow("username a number") << QStringLiteral(R"({"id":12,"username":12})") << qint64(0) << QString() << false << 0 << qint64(0);
    QTest::newRow("not an object") << QStringLiteral("[]") << qint64(0) << QString() << false << 0 << qint64(0);
}

void tst_Person::fromJson()
{
    QFETCH(QString, json);
    QFETCH(qint64, id);
    QFETCH(QString, displayName);
    QFETCH(bool, guest);
    QFETCH(int, presence);
    QFETCH(qint64, lastSeen);
    const std::optional<Person> p = Person::fromJson(object(json));
    QCOMPARE(p.has_value(), id > 0);
    if (!p)
        return;
    QCOMPARE(p->id, id);
    QVERIFY(p->isValid());
    QCOMPARE(p->displayName, displayName);
    QCOMPARE(p->guest, guest);
    QCOMPARE(int(p->presence), presence);
    QCOMPARE(p->lastSeen.isValid() ? p->lastSeen.toMSecsSinceEpoch() : qint64(0), lastSeen);
}

void tst_Person::longNamesAreCut()
{
    const QString huge(100'000, QLatin1Char('x'));
    const std::optional<Person> p = Person::fromJson(QJsonObject{
        {QStringLiteral("id"), 1}, {QStringLiteral("username"), huge}, {QStringLiteral("displayName"), huge}});
    QVERIFY(p);
    QCOMPARE(p->username.size(), Person::kMaxNameLength);
    QCOMPARE(p->displayName.size(), Person::kMaxNameLength);
}

void tst_Person::presenceWire_data()
{
    QTest::addColumn<QString>("wire");
    QTest::addColumn<int>("presence");
    QTest::addColumn<QString>("back");
    using P = Person::Presence;
    QTest::newRow("online") << QStringLiteral("online") << int(P::Online) << QStringLiteral("online");
    QTest::newRow("away") << QStringLiteral("away") << int(P::Away) << QStringLiteral("away");
    QTest::newRow("offline") << QStringLiteral("offline") << int(P::Offline) << QStringLiteral("offline");
    QTest::newRow("case matters") << QStringLiteral("Online") << int(P::Unknown) << QStringLiteral("unknown");
    QTest::newRow("empty") << QString() << int(P::Unknown) << QStringLiteral("unknown");
}

void tst_Person::presenceWire()
{
    QFETCH(QString, wire);
    QFETCH(int, presence);
    QFETCH(QString, back);
    QCOMPARE(int(Person::presenceFromWire(wire)), presence);
    QCOMPARE(Person::presenceToWire(Person::Presence(presence)), back);
}

void tst_Person::listFromJson_data()
{
    QTest::addColumn<QJsonValue>("list");
    QTest::addColumn<int>("max");
    QTest::addColumn<QList<qint64>>("ids");
    QJsonArray mixed = people(2);
    mixed.append(QStringLiteral("not a person"));
    mixed.append(QJsonObject{{QStringLiteral("id"), -1}, {QStringLiteral("username"), QStringLiteral("x")}});
    mixed.append(QJsonValue::Null);
    mixed.append(people(1, 9).at(0));
    QTest::newRow("invalid entries skipped") << QJsonValue(mixed) << int(Person::kMaxPeople) << QList<qint64>{1, 2, 9};
    QJsonArray duplicates = people(3);
    duplicates.append(QJsonObject{{QStringLiteral("id"), 2}, {QStringLiteral("username"), QStringLiteral("impostor")}});
    QTest::newRow("each id once, first wins") << QJsonValue(duplicates) << int(Person::kMaxPeople) << QList<qint64>{1, 2, 3};
    QTest::newRow("bounded") << QJsonValue(people(10)) << 4 << QList<qint64>{1, 2, 3, 4};
    QTest::newRow("not an array") << QJsonValue(QJsonObject{{QStringLiteral("id"), 1}}) << 10 << QList<qint64>{};
    QTest::newRow("absent") << QJsonValue(QJsonValue::Undefined) << 10 << QList<qint64>{};
}

void tst_Person::listFromJson()
{
    QFETCH(QJsonValue, list);
    QFETCH(int, max);
    QFETCH(QList<qint64>, ids);
    const QList<Person> got = Person::listFromJson(list, max);
    QList<qint64> gotIds;
    for (const Person &p : got) {
        gotIds << p.id;
        if (p.id == 2)
            QCOMPARE(p.username, QStringLiteral("u1")); // never a later entry with the same id
    }
    QCOMPARE(gotIds, ids);
}

PARLEY_TEST_GUILESS_MAIN(tst_Person)
#include "tst_person.moc"
