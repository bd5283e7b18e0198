// ServerProfile: presets, validation, payloads, JSON and QSettings round trips; ServerMemory.
#include "serverprofile.h"
#include "servermemory.h"
#include "testmain.h"

#include <QJsonArray>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

class tst_ServerProfile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void presets();
    void payloads();
    void validate_data();
    void validate();
    void jsonRoundTrip();
    void fromJsonTypeErrors_data();
    void fromJsonTypeErrors();
    void settingsRoundTrip();
    void serverMemory();

private:
    QTemporaryDir m_dir;
};

void tst_ServerProfile::presets()
{
    const QList<ServerProfile> all = ServerProfile::presets();
    QCOMPARE(all.size(), 3);
    for (const ServerProfile &p : all)
        QVERIFY2(p.validate().isEmpty(), qPrintable(p.validate()));
    const ServerProfile classic = *ServerProfile::preset(QStringLiteral("classic"));
    QCOMPARE(classic.sendEvent, QStringLiteral("chat message"));
    QCOMPARE(classic.sendShape, ServerProfile::Shape::PlainString);
    QCOMPARE(classic.receiveEvents, QStringList{QStringLiteral("chat message")});
    QVERIFY(classic.serverEchoes);
    const ServerProfile group = *ServerProfile::preset(QStringLiteral("group"));
    QCOMPARE(group.sendEvent, QStringLiteral("message"));
    QCOMPARE(group.receiveEvents, QStringList{QStringLiteral("servermessage")});
    QVERIFY(ServerProfile::preset(QStringLiteral("parley"))->isParley());
    QVERIFY(!ServerProfile::preset(QStringLiteral("nope")));
}

void tst_ServerProfile::payloads()
{
    const ServerProfile classic = *ServerProfile::preset(QStringLiteral("classic"));
    QCOMPARE(classic.payload(QStringLiteral("hi"), QStringLiteral("alice")), QJsonValue(QStringLiteral("hi")));
    const ServerProfile group = *ServerProfile::preset(QStringLiteral("group"));
    QCOMPARE(group.payload(QStringLiteral("hi"), QStringLiteral("alice")),
             QJsonValue(QJsonObject{{QStringLiteral("name"), QStringLiteral("alice")}, {QStringLiteral("msg"), QStringLiteral("hi")}}));
    ServerProfile p = classic;
    p.auth = QJsonObject{{QStringLiteral("token"), QStringLiteral("t")}};
    QCOMPARE(p.authFor(QStringLiteral("alice")), p.auth);
    p.authNameField = QStringLiteral("user");
    QCOMPARE(p.authFor(QStringLiteral("alice")),
             (QJsonObject{{QStringLiteral("token"), QStringLiteral("t")}, {QStringLiteral("user"), QStringLiteral("alice")}}));
}

void tst_ServerProfile::validate_data()
{
    QTest::addColumn<QString>("field");
    QTest::newRow("id") << QStringLiteral("id");
    QTest::newRow("namespace") << QStringLiteral("namespace");
    QTest::newRow("send event") << QStringLiteral("sendEvent");
    QTest::newRow("text field") << QStringLiteral("sendTextField");
    QTest::newRow("no receive events") << QStringLiteral("receiveEvents");
    QTest::newRow("empty receive event") << QStringLiteral("receiveEvent");
    QTest::newRow("file field") << QStringLiteral("sendFileField");
    QTest::newRow("largest file 0") << QStringLiteral("maxFileSize0");
    QTest::newRow("largest file too large") << QStringLiteral("maxFileSizeHuge");
}

void tst_ServerProfile::validate()
{
    QFETCH(QString, field);
    ServerProfile p = *ServerProfile::preset(QStringLiteral("group"));
    p.id = QStringLiteral("mine");
    QVERIFY(p.validate().isEmpty());
    if (field == QLatin1String("id"))
        p.id = QStringLiteral("my profile");
    else if (field == QLatin1String("namespace"))
        p.nameSpace = QStringLiteral("admin");
    else if (field == QLatin1String("sendEvent"))
        p.sendEvent = QStringLiteral(" ");
    else if (field == QLatin1String("sendTextField"))
        p.sendTextField.clear();
    else if (field == QLatin1String("receiveEvents"))
        p.receiveEvents.clear();
    else if (field == QLatin1String("sendFileField"))
        p.sendFiles = true, p.sendFileField.clear();
    else if (field == QLatin1String("maxFileSize0"))
        p.maxFileSize = 0;
    else if (field == QLatin1String("maxFileSizeHuge"))
        p.maxFileSize = ServerProfile::kMaxFileSizeLimit + 1;
    else
        p.receiveEvents << QString();
    QVERIFY(!p.validate().isEmpty());
    QSettings s(m_dir.filePath(QStringLiteral("v.ini")), QSettings::IniFormat);
    QVERIFY(!p.save(s)); // an invalid profile is never stored
}

void tst_ServerProfile::jsonRoundTrip()
{
    ServerProfile p = *ServerProfile::preset(QStringLiteral("group"));
    p.id = QStringLiteral("mine");
    p.nameSpace = QStringLiteral("/admin");
    p.auth = QJsonObject{{QStringLiteral("token"), QStringLiteral("t")}, {QStringLiteral("n"), 1}};
    p.sendWithAck = true;
    p.receiveEvents = {QStringLiteral("a"), QStringLiteral("b")};
    p.sendFiles = true;
    p.sendFileField = QStringLiteral("attachment");
    p.maxFileSize = 5'000'000;
    const std::optional<ServerProfile> back = ServerProfile::fromJson(p.toJson());
    QVERIFY(back);
    QCOMPARE(*back, p);
    // Missing fields keep their defaults; a single receive event may be a string.
    const std::optional<ServerProfile> partial = ServerProfile::fromJson(
        QJsonObject{{QStringLiteral("sendEvent"), QStringLiteral("say")}, {QStringLiteral("receiveEvents"), QStringLiteral("said")}});
    QVERIFY(partial);
    QCOMPARE(partial->sendEvent, QStringLiteral("say"));
    QCOMPARE(partial->receiveEvents, QStringList{QStringLiteral("said")});
    QCOMPARE(partial->nameSpace, QStringLiteral("/"));
}

void tst_ServerProfile::fromJsonTypeErrors_data()
{
    QTest::addColumn<QJsonObject>("json");
    QTest::newRow("event number") << QJsonObject{{QStringLiteral("sendEvent"), 1}};
    QTest::newRow("ack string") << QJsonObject{{QStringLiteral("sendWithAck"), QStringLiteral("yes")}};
    QTest::newRow("files string") << QJsonObject{{QStringLiteral("sendFiles"), QStringLiteral("yes")}};
    QTest::newRow("largest file text") << QJsonObject{{QStringLiteral("maxFileSize"), QStringLiteral("1MB")}};
    QTest::newRow("largest file fraction") << QJsonObject{{QStringLiteral("maxFileSize"), 1.5}};
    QTest::newRow("largest file negative") << QJsonObject{{QStringLiteral("maxFileSize"), -1}};
    QTest::newRow("shape") << QJsonObject{{QStringLiteral("sendShape"), QStringLiteral("xml")}};
    QTest::newRow("auth array") << QJsonObject{{QStringLiteral("auth"), QJsonArray{1}}};
    QTest::newRow("events numbers") << QJsonObject{{QStringLiteral("receiveEvents"), QJsonArray{1, 2}}};
    QTest::newRow("events object") << QJsonObject{{QStringLiteral("receiveEvents"), QJsonObject{}}};
}

void tst_ServerProfile::fromJsonTypeErrors()
{
    QFETCH(QJsonObject, json);
    QString error;
    QVERIFY(!ServerProfile::fromJson(json, &error));
    QVERIFY(!error.isEmpty());
}

void tst_ServerProfile::settingsRoundTrip()
{
    QSettings s(m_dir.filePath(QStringLiteral("profiles.ini")), QSettings::IniFormat);
    QCOMPARE(ServerProfile::ids(s), (QStringList{QStringLiteral("parley"), QStringLiteral("classic"), QStringLiteral("group")}));

    // A user's own profile, and a user's edit of a preset.
    ServerProfile mine = *ServerProfile::preset(QStringLiteral("group"));
    mine.id = QStringLiteral("my-server");
    mine.title = QStringLiteral("My server ✓");
    mine.auth = QJsonObject{{QStringLiteral("token"), QStringLiteral("abc")}};
    QVERIFY(mine.save(s));
    ServerProfile classic = *ServerProfile::preset(QStringLiteral("classic"));
    classic.sendWithAck = true;
    QVERIFY(classic.save(s));
    s.sync();

    QSettings again(m_dir.filePath(QStringLiteral("profiles.ini")), QSettings::IniFormat);
    QCOMPARE(ServerProfile::ids(again).last(), QStringLiteral("my-server"));
    QCOMPARE(ServerProfile::load(again, QStringLiteral("my-server")).value_or(ServerProfile{}), mine);
    QVERIFY(ServerProfile::load(again, QStringLiteral("classic"))->sendWithAck);
    ServerProfile::remove(again, QStringLiteral("classic"));
    QVERIFY(!ServerProfile::load(again, QStringLiteral("classic"))->sendWithAck); // the preset is back
    QVERIFY(!ServerProfile::load(again, QStringLiteral("unknown")));
    QVERIFY(!ServerProfile::load(again, QStringLiteral("../x")));
}

void tst_ServerProfile::serverMemory()
{
    QCOMPARE(ServerMemory::key(QUrl(QStringLiteral("ws://Chat.Example:8080/io/"))), QStringLiteral("chat.example:8080/io"));
    QCOMPARE(ServerMemory::key(QUrl(QStringLiteral("wss://h"))), QStringLiteral("h:443"));
    QCOMPARE(ServerMemory::key(QUrl(QStringLiteral("ws://h"))), QStringLiteral("h:80"));
    QSettings s(m_dir.filePath(QStringLiteral("servers.ini")), QSettings::IniFormat);
    const QUrl url(QStringLiteral("ws://127.0.0.1:3000/chat"));
    QCOMPARE(ServerMemory::recall(s, url).dialect, QString());
    ServerMemory::remember(s, url, {QStringLiteral("socketio"), QStringLiteral("group")});
    ServerMemory::remember(s, QUrl(QStringLiteral("ws://127.0.0.1:3000")), {QStringLiteral("raw"), {}});
    s.sync();
    QSettings again(m_dir.filePath(QStringLiteral("servers.ini")), QSettings::IniFormat);
    QCOMPARE(ServerMemory::recall(again, QUrl(QStringLiteral("wss://127.0.0.1:3000/chat/"))).profile, QStringLiteral("group"));
    QCOMPARE(ServerMemory::recall(again, QUrl(QStringLiteral("ws://127.0.0.1:3000/"))).dialect, QStringLiteral("raw"));
    ServerMemory::forget(again, url);
    QCOMPARE(ServerMemory::recall(again, url).dialect, QString());
}

PARLEY_TEST_GUILESS_MAIN(tst_ServerProfile)
#include "tst_serverprofile.moc"
