// ParleyMessageJson: message objects and changes of the parley dialect from raw JSON (what a
// server sends, hostile values included) and the payloads one's own messages and changes go out as.
#include "parleymessagejson.h"
#include "testmain.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using Kind = ChatMessage::Kind;

class tst_ParleyMessageJson : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
    void reactionsAreBounded();
    void payloads();
};

namespace {
QJsonValue json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}
} // namespace

void tst_ParleyMessageJson::parse_data()
{
    QTest::addColumn<QJsonValue>("payload");
    QTest::addColumn<int>("kind");        // the kind the event name says
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("parsedKind");
    QTest::addColumn<qint64>("target");
    QTest::addColumn<qint64>("replyTo");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("deleted");

    const int message = int(Kind::Message);
    QTest::newRow("message with state")
            << json(R"({"room":"r","seq":9,"text":"hi","replyTo":7,"edited":1700000000000})") << message
            << true << message << qint64(0) << qint64(7) << QStringLiteral("hi") << false;
    QTest::newRow("deleted message loses any text")
            << json(R"({"room":"r","seq":9,"text":"secret","deleted":true})") << message << true << message
            << qint64(0) << qint64(0) << QString() << true;
    QTest::newRow("absurd replyTo is none")
            << json(R"({"room":"r","seq":9,"text":"hi","replyTo":1e308})") << message << true << message
            << qint64(0) << qint64(0) << QStringLiteral("hi") << false;
    QTest::newRow("edit event") << json(R"({"room":"r","seq":21,"target":7,"text":"new"})") << int(Kind::Edit)
                                << true << int(Kind::Edit) << qint64(7) << qint64(0) << QStringLiteral("new") << false;
    QTest::newRow("delete event carries no text")
            << json(R"({"room":"r","seq":22,"target":7,"text":"old"})") << int(Kind::Delete) << true
            << int(Kind::Delete) << qint64(7) << qint64(0) << QString() << false;
    QTest::newRow("react event") << json(R"({"room":"r","seq":23,"target":7,"emoji":"👍","on":true})")
                                 << int(Kind::React) << true << int(Kind::React) << qint64(7) << qint64(0)
                                 << QStringLiteral("👍") << false;
    QTest::newRow("history row with kind") << json(R"({"room":"r","seq":21,"kind":"edit","target":7,"text":"new"})")
                                           << message << true << int(Kind::Edit) << qint64(7) << qint64(0)
                                           << QStringLiteral("new") << false;
    QTest::newRow("unknown kind is not a message")
            << json(R"({"room":"r","seq":21,"kind":"poll","text":"x"})") << message << false << 0 << qint64(0)
            << qint64(0) << QString() << false;
    QTest::newRow("change without target") << json(R"({"room":"r","seq":21,"text":"x"})") << int(Kind::Edit)
                                           << false << 0 << qint64(0) << qint64(0) << QString() << false;
    QTest::newRow("target 2^63") << json(R"({"room":"r","seq":21,"target":9223372036854775808})")
                                 << int(Kind::Delete) << false << 0 << qint64(0) << qint64(0) << QString() << false;
    QTest::newRow("fractional target") << json(R"({"room":"r","seq":21,"target":7.5})") << int(Kind::Delete)
                                       << false << 0 << qint64(0) << qint64(0) << QString() << false;
    QTest::newRow("react with an escape sequence")
            << json(R"({"room":"r","seq":23,"target":7,"emoji":"\u001b[2J","on":true})") << int(Kind::React)
            << false << 0 << qint64(0) << qint64(0) << QString() << false;
    QTest::newRow("a bare string is no change") << QJsonValue(QStringLiteral("hi")) << int(Kind::Edit) << false
                                                << 0 << qint64(0) << qint64(0) << QString() << false;
}

void tst_ParleyMessageJson::parse()
{
    QFETCH(QJsonValue, payload);
    QFETCH(int, kind);
    QFETCH(bool, ok);
    ChatMessage m;
    QCOMPARE(ParleyMessageJson::parse(payload, &m, Kind(kind)), ok);
    if (!ok)
        return;
    QFETCH(int, parsedKind);
    QFETCH(qint64, target);
    QFETCH(qint64, replyTo);
    QFETCH(QString, text);
    QFETCH(bool, deleted);
    QCOMPARE(int(m.kind), parsedKind);
    QCOMPARE(m.target, target);
    QCOMPARE(m.replyTo, replyTo);
    QCOMPARE(m.text, text);
    QCOMPARE(m.deleted, deleted);
}

void tst_ParleyMessageJson::reactionsAreBounded()
{
    QJsonArray reactions;
    for (int i = 0; i < 100; ++i) {
        QJsonArray users;
        for (int u = 1; u <= 1000; ++u)
            users << u;
        reactions << QJsonObject{{QStringLiteral("emoji"), QStringLiteral("e%1").arg(i)},
                                 {QStringLiteral("count"), 1e308}, {QStringLiteral("users"), users}};
    }
    reactions << QJsonObject{{QStringLiteral("emoji"), QStringLiteral("bad emoji")}, {QStringLiteral("count"), 1}};
    ChatMessage m;
    QVERIFY(ParleyMessageJson::parse(QJsonObject{{QStringLiteral("room"), QStringLiteral("r")},
                                                 {QStringLiteral("seq"), 1},
                                                 {QStringLiteral("reactions"), reactions}},
                                     &m));
    // 1e308 is not a count: those are dropped; a sane list keeps at most the bounds.
    QCOMPARE(m.reactions.size(), 0);
    QJsonArray sane;
    for (int i = 0; i < 100; ++i) {
        QJsonArray users;
        for (int u = 1; u <= 1000; ++u)
            users << u;
        sane << QJsonObject{{QStringLiteral("emoji"), QStringLiteral("e%1").arg(i)},
                            {QStringLiteral("count"), 1000}, {QStringLiteral("users"), users}};
    }
    QVERIFY(ParleyMessageJson::parse(QJsonObject{{QStringLiteral("room"), QStringLiteral("r")},
                                                 {QStringLiteral("seq"), 1}, {QStringLiteral("reactions"), sane}},
                                     &m));
    QCOMPARE(m.reactions.size(), ChatMessage::kMaxReactions);
    QCOMPARE(m.reactions.first().users.size(), ChatMessage::kMaxReactionUsers);
    QCOMPARE(m.reactions.first().count, 1000);
}

void tst_ParleyMessageJson::payloads()
{
    ChatMessage m;
    m.room = QStringLiteral("r");
    m.clientId = QStringLiteral("c");
    m.text = QStringLiteral("hi");
    m.replyTo = 7;
    QCOMPARE(ParleyMessageJson::eventName(m.kind), QStringLiteral("chat message"));
    QCOMPARE(ParleyMessageJson::payload(m).value(QLatin1String("replyTo")).toInteger(), 7);
    m.kind = Kind::React;
    m.target = 9;
    m.text = QStringLiteral("👍");
    m.reactionOn = false;
    QCOMPARE(ParleyMessageJson::eventName(m.kind), QStringLiteral("react"));
    const QJsonObject react = ParleyMessageJson::payload(m);
    QCOMPARE(react, (QJsonObject{{QStringLiteral("room"), QStringLiteral("r")}, {QStringLiteral("clientId"), QStringLiteral("c")},
                                 {QStringLiteral("seq"), 9}, {QStringLiteral("emoji"), QStringLiteral("👍")},
                                 {QStringLiteral("on"), false}}));
    m.kind = Kind::Delete;
    QCOMPARE(ParleyMessageJson::payload(m),
             (QJsonObject{{QStringLiteral("room"), QStringLiteral("r")}, {QStringLiteral("clientId"), QStringLiteral("c")},
                          {QStringLiteral("seq"), 9}}));
}

PARLEY_TEST_GUILESS_MAIN(tst_ParleyMessageJson)
#include "tst_parleymessagejson.moc"
