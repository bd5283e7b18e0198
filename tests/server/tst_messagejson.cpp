// MessageJson: stored rows as docs/protocol.md shapes them -- message objects with their state
// (replyTo, edited, deleted, reactions), legacy and guest senders, and the three changes as
// events and as history rows.

#include "messagejson.h"
#include "testmain.h"

#include <QJsonDocument>
#include <QTest>

using Kind = HistoryStore::Message::Kind;

namespace {

QJsonObject obj(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

//! Alice's row seq 7 (time 1000, text "hi", clientId "c7") of the kind given; the rest default.
HistoryStore::Message row(Kind kind = Kind::Message)
{
    HistoryStore::Message m;
    m.room = QStringLiteral("lobby");
    m.seq = 7;
    m.timeMs = 1000;
    m.sender = QStringLiteral("Alice");
    m.text = QStringLiteral("hi");
    m.clientId = QStringLiteral("c7");
    m.senderId = 12;
    m.senderUsername = QStringLiteral("alice");
    m.kind = kind;
    if (kind != Kind::Message)
        m.target = 3;
    return m;
}

} // namespace

Q_DECLARE_METATYPE(HistoryStore::Message)

class tst_MessageJson : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void shapes_data();
    void shapes();
    void kindNames();
};

void tst_MessageJson::shapes_data()
{
    QTest::addColumn<HistoryStore::Message>("message");
    QTest::addColumn<QJsonObject>("asMessage");     // MessageJson::message()
    QTest::addColumn<QJsonObject>("asHistoryRow");  // MessageJson::historyRow()

    const QJsonObject plain = obj(R"({"room":"lobby","seq":7,"time":1000,"sender":"Alice","text":"hi",
        "clientId":"c7","senderId":12,"senderUsername":"alice"})");
    QTest::newRow("plain message") << row() << plain << plain;

    HistoryStore::Message m = row();
    m.senderGuest = true;
    m.replyTo = 5;
    m.editedMs = 2000;
    const QJsonObject stateful = obj(R"({"room":"lobby","seq":7,"time":1000,"sender":"Alice","text":"hi",
        "clientId":"c7","senderId":12,"senderUsername":"alice","guest":true,"replyTo":5,"edited":2000})");
    QTest::newRow("guest's reply, edited") << m << stateful << stateful;

    m = row();
    m.text.clear();
    m.deleted = true;
    m.senderId = 0;
    m.senderUsername.clear();
    const QJsonObject deleted = obj(R"({"room":"lobby","seq":7,"time":1000,"sender":"Alice","text":"",
        "clientId":"c7","legacy":true,"deleted":true})");
    QTest::newRow("legacy, deleted") << m << deleted << deleted;

    m = row();
    m.reactions = {HistoryStore::Reaction{QStringLiteral("👍"), 3, {12, 14, 15}},
                   HistoryStore::Reaction{QStringLiteral("❤️"), 60, {1}}};
    const QJsonObject reacted = obj(R"({"room":"lobby","seq":7,"time":1000,"sender":"Alice","text":"hi",
        "clientId":"c7","senderId":12,"senderUsername":"alice",
        "reactions":[{"emoji":"👍","count":3,"users":[12,14,15]},{"emoji":"❤️","count":60,"users":[1]}]})");
    QTest::newRow("with reactions") << m << reacted << reacted;

    const QJsonObject edit = obj(R"({"room":"lobby","seq":7,"time":1000,"target":3,"text":"hi","senderId":12,
        "sender":"Alice","senderUsername":"alice","clientId":"c7"})");
    QJsonObject editRow = edit;
    editRow.insert(QStringLiteral("kind"), QStringLiteral("edit"));
    QTest::newRow("edit") << row(Kind::Edit) << edit << editRow;

    m = row(Kind::Delete);
    m.text.clear();
    const QJsonObject remove = obj(R"({"room":"lobby","seq":7,"time":1000,"target":3,"senderId":12,
        "sender":"Alice","senderUsername":"alice","clientId":"c7"})");
    QJsonObject removeRow = remove;
    removeRow.insert(QStringLiteral("kind"), QStringLiteral("delete"));
    QTest::newRow("delete") << m << remove << removeRow;

    for (const bool on : {true, false}) {
        m = row(Kind::React);
        m.text = QStringLiteral("👍");
        m.reactionOn = on;
        m.senderGuest = true;  // changes carry the fields of the doc's events only
        QJsonObject react = obj(R"({"room":"lobby","seq":7,"time":1000,"target":3,"emoji":"👍","senderId":12,
            "sender":"Alice","senderUsername":"alice","clientId":"c7"})");
        react.insert(QStringLiteral("on"), on);
        QJsonObject reactRow = react;
        reactRow.insert(QStringLiteral("kind"), QStringLiteral("react"));
        QTest::addRow("react %s", on ? "on" : "off") << m << react << reactRow;
    }
}

void tst_MessageJson::shapes()
{
    QFETCH(HistoryStore::Message, message);
    QFETCH(QJsonObject, asMessage);
    QFETCH(QJsonObject, asHistoryRow);
    QCOMPARE(message.isChange() ? MessageJson::change(message) : MessageJson::message(message), asMessage);
    QCOMPARE(MessageJson::historyRow(message), asHistoryRow);
}

void tst_MessageJson::kindNames()
{
    QCOMPARE(MessageJson::kindName(Kind::Edit), QStringLiteral("edit"));
    QCOMPARE(MessageJson::kindName(Kind::Delete), QStringLiteral("delete"));
    QCOMPARE(MessageJson::kindName(Kind::React), QStringLiteral("react"));
    QCOMPARE(MessageJson::kindName(Kind::Message), QString());
}

PARLEY_TEST_GUILESS_MAIN(tst_MessageJson)
#include "tst_messagejson.moc"
