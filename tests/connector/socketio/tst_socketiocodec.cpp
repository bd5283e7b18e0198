// SocketIoCodec from raw strings, no socket (qtwebsockets' tst_dataprocessor habit).
#include "socketiocodec.h"
#include "testmain.h"

#include <QJsonDocument>
#include <QList>
#include <QTest>

class tst_SocketIoCodec : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void engineDecode_data();
    void engineDecode();
    void openPacket();
    void openPacketInvalid_data();
    void openPacketInvalid();
    void openPacketMaxPayload_data();
    void openPacketMaxPayload();
    void socketDecode_data();
    void socketDecode();
    void socketDecodeInvalid_data();
    void socketDecodeInvalid();
    void roundTrip_data();
    void roundTrip();
    void reencodedSamePacket_data();
    void reencodedSamePacket();
    void frames();
    void utf8AndEmoji();
    void placeholders_data();
    void placeholders();
    void binaryFrames();
    void binaryInvalid_data();
    void binaryInvalid();
    void recoveryOffset_data();
    void recoveryOffset();
    void recoveryAuth();
};

void tst_SocketIoCodec::engineDecode_data()
{
    QTest::addColumn<QString>("frame");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("data");
    QTest::newRow("open") << QStringLiteral("0{\"sid\":\"x\"}") << true << int('0') << QStringLiteral("{\"sid\":\"x\"}");
    QTest::newRow("close") << QStringLiteral("1") << true << int('1') << QString();
    QTest::newRow("ping") << QStringLiteral("2") << true << int('2') << QString();
    QTest::newRow("ping probe") << QStringLiteral("2probe") << true << int('2') << QStringLiteral("probe");
    QTest::newRow("pong") << QStringLiteral("3") << true << int('3') << QString();
    QTest::newRow("message") << QStringLiteral("42[\"a\"]") << true << int('4') << QStringLiteral("2[\"a\"]");
    QTest::newRow("noop") << QStringLiteral("6") << true << int('6') << QString();
    QTest::newRow("empty") << QString() << false << 0 << QString();
    QTest::newRow("type 7") << QStringLiteral("7") << false << 0 << QString();
    QTest::newRow("letter") << QStringLiteral("hello") << false << 0 << QString();
    QTest::newRow("json") << QStringLiteral("{\"a\":1}") << false << 0 << QString();
}

void tst_SocketIoCodec::engineDecode()
{
    QFETCH(QString, frame);
    QFETCH(bool, ok);
    EngineIoPacket p;
    QString error;
    QCOMPARE(SocketIoCodec::decodeEngine(frame, &p, &error), ok);
    if (ok) {
        QFETCH(int, type);
        QFETCH(QString, data);
        QCOMPARE(int(p.type), type);
        QCOMPARE(p.data, data);
        QVERIFY(error.isEmpty());
    } else {
        QVERIFY(!error.isEmpty());
    }
}

void tst_SocketIoCodec::openPacket()
{
    EngineIoOpen o;
    QString error;
    QVERIFY(SocketIoCodec::decodeOpen(QStringLiteral(
        "{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,\"pingTimeout\":5000,\"maxPayload\":1000000}"),
        &o, &error));
    QCOMPARE(o.sid, QStringLiteral("lv_VI97HAXpY6yYWAAAC"));
    QCOMPARE(o.upgrades, QStringList{QStringLiteral("websocket")});
    QCOMPARE(o.pingIntervalMs, 25000);
    QCOMPARE(o.pingTimeoutMs, 5000);
    QCOMPARE(o.maxPayload, 1000000);

    // encode → decode is the identity
    EngineIoPacket frame;
    QVERIFY(SocketIoCodec::decodeEngine(SocketIoCodec::encodeOpen(o), &frame, &error));
    QCOMPARE(frame.type, EngineIoType::Open);
    EngineIoOpen again;
    QVERIFY(SocketIoCodec::decodeOpen(frame.data, &again, &error));
    QCOMPARE(again.sid, o.sid);
    QCOMPARE(again.pingIntervalMs, o.pingIntervalMs);
    QCOMPARE(again.pingTimeoutMs, o.pingTimeoutMs);
}

void tst_SocketIoCodec::openPacketInvalid_data()
{
    QTest::addColumn<QString>("data");
    QTest::newRow("empty") << QString();
    QTest::newRow("not json") << QStringLiteral("{sid:1");
    QTest::newRow("array") << QStringLiteral("[1,2]");
    QTest::newRow("no sid") << QStringLiteral("{\"pingInterval\":1,\"pingTimeout\":1}");
    QTest::newRow("sid number") << QStringLiteral("{\"sid\":5,\"pingInterval\":1,\"pingTimeout\":1}");
    QTest::newRow("no ping") << QStringLiteral("{\"sid\":\"a\"}");
    QTest::newRow("negative ping") << QStringLiteral("{\"sid\":\"a\",\"pingInterval\":-1,\"pingTimeout\":1}");
    QTest::newRow("huge ping") << QStringLiteral("{\"sid\":\"a\",\"pingInterval\":1e300,\"pingTimeout\":1}");
    QTest::newRow("ping string") << QStringLiteral("{\"sid\":\"a\",\"pingInterval\":\"25\",\"pingTimeout\":1}");
    // Issue 11: a pingInterval of 0.5 became a 0 ms keepalive.
    QTest::newRow("fractional ping") << QStringLiteral("{\"sid\":\"a\",\"pingInterval\":0.5,\"pingTimeout\":1}");
    QTest::newRow("fractional timeout") << QStringLiteral("{\"sid\":\"a\",\"pingInterval\":25000,\"pingTimeout\":.5}");
    QTest::newRow("ping fraction above one") << QStringLiteral("{\"sid\":\"a\",\"pingInterval\":25000.5,\"pingTimeout\":1}");
    QTest::newRow("zero timeout") << QStringLiteral("{\"sid\":\"a\",\"pingInterval\":1,\"pingTimeout\":0}");
    QTest::newRow("ping over a day") << QStringLiteral("{\"sid\":\"a\",\"pingInterval\":86400001,\"pingTimeout\":1}");
}

void tst_SocketIoCodec::openPacketMaxPayload_data()
{
    QTest::addColumn<QString>("maxPayload"); // the JSON after "maxPayload":, empty = absent
    QTest::addColumn<qint64>("expected");
    QTest::newRow("absent") << QString() << qint64(1000000);
    QTest::newRow("given") << QStringLiteral("5") << qint64(5);
    QTest::newRow("zero") << QStringLiteral("0") << qint64(0);
    QTest::newRow("2^53") << QStringLiteral("9007199254740992") << qint64(9007199254740992LL);
    // Not a byte count: the default, never a conversion of an out-of-range double.
    QTest::newRow("1e308") << QStringLiteral("1e308") << qint64(1000000);
    QTest::newRow("2^63") << QStringLiteral("9223372036854775808") << qint64(1000000);
    QTest::newRow("negative") << QStringLiteral("-1") << qint64(1000000);
    QTest::newRow("fraction") << QStringLiteral("0.5") << qint64(1000000);
    QTest::newRow("string") << QStringLiteral("\"5\"") << qint64(1000000);
}

void tst_SocketIoCodec::openPacketMaxPayload()
{
    QFETCH(QString, maxPayload);
    QFETCH(qint64, expected);
    QString json = QStringLiteral("{\"sid\":\"a\",\"pingInterval\":25000,\"pingTimeout\":20000");
    if (!maxPayload.isEmpty())
        json += QStringLiteral(",\"maxPayload\":") + maxPayload;
    json += QLatin1Char('}');
    EngineIoOpen o;
    QString error;
    QVERIFY2(SocketIoCodec::decodeOpen(json, &o, &error), qPrintable(error));
    QCOMPARE(o.maxPayload, expected);
}

void tst_SocketIoCodec::openPacketInvalid()
{
    QFETCH(QString, data);
    EngineIoOpen o;
    QString error;
    QVERIFY(!SocketIoCodec::decodeOpen(data, &o, &error));
    QVERIFY(!error.isEmpty());
}

void tst_SocketIoCodec::socketDecode_data()
{
    QTest::addColumn<QString>("payload");
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("nsp");
    QTest::addColumn<qint64>("id"); // -1 = none
    QTest::addColumn<int>("attachments");
    QTest::addColumn<QString>("json"); // compact JSON of data, empty = undefined

    QTest::newRow("connect") << QStringLiteral("0") << 0 << QStringLiteral("/") << qint64(-1) << 0 << QString();
    QTest::newRow("connect auth") << QStringLiteral("0{\"name\":\"alice\"}") << 0 << QStringLiteral("/") << qint64(-1) << 0 << QStringLiteral("{\"name\":\"alice\"}");
    QTest::newRow("connect nsp") << QStringLiteral("0/admin,{\"token\":\"1\"}") << 0 << QStringLiteral("/admin") << qint64(-1) << 0 << QStringLiteral("{\"token\":\"1\"}");
    QTest::newRow("connect nsp only") << QStringLiteral("0/admin") << 0 << QStringLiteral("/admin") << qint64(-1) << 0 << QString();
    QTest::newRow("connect nsp comma") << QStringLiteral("0/admin,") << 0 << QStringLiteral("/admin") << qint64(-1) << 0 << QString();
    QTest::newRow("disconnect") << QStringLiteral("1") << 1 << QStringLiteral("/") << qint64(-1) << 0 << QString();
    QTest::newRow("disconnect ack id") << QStringLiteral("15") << 1 << QStringLiteral("/") << qint64(5) << 0 << QString();
    QTest::newRow("disconnect nsp") << QStringLiteral("1/admin,") << 1 << QStringLiteral("/admin") << qint64(-1) << 0 << QString();
    QTest::newRow("event") << QStringLiteral("2[\"chat message\",\"hi\"]") << 2 << QStringLiteral("/") << qint64(-1) << 0 << QStringLiteral("[\"chat message\",\"hi\"]");
    QTest::newRow("event ack") << QStringLiteral("212[\"join\",{\"room\":\"lobby\"}]") << 2 << QStringLiteral("/") << qint64(12) << 0 << QStringLiteral("[\"join\",{\"room\":\"lobby\"}]");
    QTest::newRow("event nsp ack") << QStringLiteral("2/admin,456[\"project:delete\",123]") << 2 << QStringLiteral("/admin") << qint64(456) << 0 << QStringLiteral("[\"project:delete\",123]");
    QTest::newRow("ack") << QStringLiteral("30[{\"ok\":true,\"seq\":1}]") << 3 << QStringLiteral("/") << qint64(0) << 0 << QStringLiteral("[{\"ok\":true,\"seq\":1}]");
    QTest::newRow("ack empty") << QStringLiteral("37[]") << 3 << QStringLiteral("/") << qint64(7) << 0 << QStringLiteral("[]");
    QTest::newRow("connect_error") << QStringLiteral("4{\"message\":\"Not authorized\"}") << 4 << QStringLiteral("/") << qint64(-1) << 0 << QStringLiteral("{\"message\":\"Not authorized\"}");
    QTest::newRow("connect_error string") << QStringLiteral("4\"Invalid namespace\"") << 4 << QStringLiteral("/") << qint64(-1) << 0 << QStringLiteral("\"Invalid namespace\"");
    QTest::newRow("binary event") << QStringLiteral("51-[\"file\",{\"_placeholder\":true,\"num\":0}]") << 5 << QStringLiteral("/") << qint64(-1) << 1 << QStringLiteral("[\"file\",{\"_placeholder\":true,\"num\":0}]");
    QTest::newRow("binary ack") << QStringLiteral("61-/admin,3[{\"_placeholder\":true,\"num\":0}]") << 6 << QStringLiteral("/admin") << qint64(3) << 1 << QStringLiteral("[{\"_placeholder\":true,\"num\":0}]");
}

static QString compact(const QJsonValue &v)
{
    if (v.isUndefined())
        return {};
    QString s = QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact));
    return s.mid(1, s.size() - 2);
}

void tst_SocketIoCodec::socketDecode()
{
    QFETCH(QString, payload);
    QFETCH(int, type);
    QFETCH(QString, nsp);
    QFETCH(qint64, id);
    QFETCH(int, attachments);
    QFETCH(QString, json);
    SocketIoPacket p;
    QString error;
    QVERIFY2(SocketIoCodec::decodeSocket(payload, &p, &error), qPrintable(error));
    QCOMPARE(int(p.type), type);
    QCOMPARE(p.nsp, nsp);
    QCOMPARE(p.id.value_or(-1), id);
    QCOMPARE(p.attachments, attachments);
    QCOMPARE(compact(p.data), json);
}

void tst_SocketIoCodec::socketDecodeInvalid_data()
{
    QTest::addColumn<QString>("payload");
    QTest::newRow("empty") << QString();
    QTest::newRow("type 9") << QStringLiteral("9");
    QTest::newRow("letter") << QStringLiteral("x[]");
    QTest::newRow("event no payload") << QStringLiteral("2");
    QTest::newRow("event broken json") << QStringLiteral("2[");
    QTest::newRow("event object") << QStringLiteral("2{}");
    QTest::newRow("event empty array") << QStringLiteral("2[]");
    QTest::newRow("event name not string") << QStringLiteral("2[1,2]");
    QTest::newRow("event trailing junk") << QStringLiteral("2[\"a\"]xyz");
    QTest::newRow("ack without id") << QStringLiteral("3[]");
    QTest::newRow("ack object") << QStringLiteral("31{}");
    QTest::newRow("connect array") << QStringLiteral("0[1]");
    QTest::newRow("connect_error number") << QStringLiteral("45");
    QTest::newRow("binary no count") << QStringLiteral("5[\"a\"]");
    QTest::newRow("binary no dash") << QStringLiteral("51[\"a\"]");
    QTest::newRow("id overflow") << QStringLiteral("29999999999999999999[\"a\"]");
    QTest::newRow("invalid utf16") << QString(QChar(0xD800)) + QStringLiteral("2");
    // Issue 11: "41.5" decoded to data 0.5 and re-encoded as ack id 10. DISCONNECT has no payload.
    QTest::newRow("disconnect scalar data") << QStringLiteral("1.5");
    QTest::newRow("disconnect number after id") << QStringLiteral("10.5");
    QTest::newRow("disconnect string") << QStringLiteral("1\"bye\"");
    QTest::newRow("disconnect object") << QStringLiteral("1{}");
    QTest::newRow("disconnect array") << QStringLiteral("1[]");
    QTest::newRow("disconnect nsp data") << QStringLiteral("1/admin,7.5");
}

void tst_SocketIoCodec::socketDecodeInvalid()
{
    QFETCH(QString, payload);
    SocketIoPacket p;
    QString error;
    QVERIFY(!SocketIoCodec::decodeSocket(payload, &p, &error));
    QVERIFY(!error.isEmpty());
}

void tst_SocketIoCodec::roundTrip_data()
{
    QTest::addColumn<QString>("payload");
    QTest::newRow("connect") << QStringLiteral("0");
    QTest::newRow("connect auth") << QStringLiteral("0{\"name\":\"bob\"}");
    QTest::newRow("event") << QStringLiteral("2[\"chat message\",\"hello\"]");
    QTest::newRow("event ack nsp") << QStringLiteral("2/chat,17[\"x\",{\"a\":[1,2,null]},true]");
    QTest::newRow("ack") << QStringLiteral("317[{\"ok\":true}]");
    QTest::newRow("binary") << QStringLiteral("52-[\"f\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
    QTest::newRow("connect_error") << QStringLiteral("4{\"message\":\"no\"}");
}

void tst_SocketIoCodec::roundTrip()
{
    QFETCH(QString, payload);
    SocketIoPacket p;
    QString error;
    QVERIFY2(SocketIoCodec::decodeSocket(payload, &p, &error), qPrintable(error));
    QCOMPARE(SocketIoCodec::encodeSocket(p), payload);
}

void tst_SocketIoCodec::reencodedSamePacket_data()
{
    // Decodes, encodes and decodes again: the second packet must be the first (the text may
    // differ: leading zeros, an explicit "/" namespace). What the fuzzer checks for every input.
    QTest::addColumn<QString>("payload");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("disconnect id") << QStringLiteral("15") << QStringLiteral("15");
    QTest::newRow("leading zeros id") << QStringLiteral("2007[\"x\"]") << QStringLiteral("27[\"x\"]");
    QTest::newRow("explicit root nsp") << QStringLiteral("2/,[\"x\"]") << QStringLiteral("2[\"x\"]");
    QTest::newRow("nsp ending in digits") << QStringLiteral("0/admin5") << QStringLiteral("0/admin5,");
    QTest::newRow("nsp then id") << QStringLiteral("3/a,05[1.5]") << QStringLiteral("3/a,5[1.5]");
    QTest::newRow("binary leading zeros") << QStringLiteral("5001-[\"f\",{\"_placeholder\":true,\"num\":0}]")
                                         << QStringLiteral("51-[\"f\",{\"_placeholder\":true,\"num\":0}]");
    QTest::newRow("connect_error string") << QStringLiteral("4\"5\"") << QStringLiteral("4\"5\"");
}

void tst_SocketIoCodec::reencodedSamePacket()
{
    QFETCH(QString, payload);
    QFETCH(QString, canonical);
    SocketIoPacket first;
    QString error;
    QVERIFY2(SocketIoCodec::decodeSocket(payload, &first, &error), qPrintable(error));
    const QString encoded = SocketIoCodec::encodeSocket(first);
    QCOMPARE(encoded, canonical);
    SocketIoPacket second;
    QVERIFY2(SocketIoCodec::decodeSocket(encoded, &second, &error), qPrintable(error));
    QCOMPARE(second.type, first.type);
    QCOMPARE(second.nsp, first.nsp);
    QCOMPARE(second.id, first.id);
    QCOMPARE(second.attachments, first.attachments);
    QCOMPARE(second.data, first.data);
}

void tst_SocketIoCodec::frames()
{
    QCOMPARE(SocketIoCodec::connectFrame(), QStringLiteral("40"));
    QCOMPARE(SocketIoCodec::connectFrame(QStringLiteral("/"), QJsonObject{{QStringLiteral("name"), QStringLiteral("a")}}),
             QStringLiteral("40{\"name\":\"a\"}"));
    QCOMPARE(SocketIoCodec::eventFrame(QStringLiteral("chat message"), {QStringLiteral("hi")}),
             QStringLiteral("42[\"chat message\",\"hi\"]"));
    QCOMPARE(SocketIoCodec::eventFrame(QStringLiteral("join"), {QJsonObject{{QStringLiteral("room"), QStringLiteral("r")}}}, 3),
             QStringLiteral("423[\"join\",{\"room\":\"r\"}]"));
    QCOMPARE(SocketIoCodec::eventFrame(QStringLiteral("x"), {}, 5, QStringLiteral("/admin")),
             QStringLiteral("42/admin,5[\"x\"]"));
    QCOMPARE(SocketIoCodec::ackFrame(9, {1}), QStringLiteral("439[1]"));
    QCOMPARE(SocketIoCodec::encodeEngine(EngineIoType::Pong), QStringLiteral("3"));

    SocketIoPacket p;
    QString error;
    QVERIFY(SocketIoCodec::decodeSocket(QStringLiteral("2[\"chat message\",\"a\",2]"), &p, &error));
    QCOMPARE(p.eventName(), QStringLiteral("chat message"));
    QCOMPARE(p.arguments(), (QJsonArray{QStringLiteral("a"), 2}));
}

void tst_SocketIoCodec::utf8AndEmoji()
{
    const QString text = QStringLiteral("你好，世界 👋🏽 \"quoted\" \\ back\nline");
    const QString frame = SocketIoCodec::eventFrame(QStringLiteral("chat message"), {text});
    EngineIoPacket e;
    SocketIoPacket p;
    QString error;
    QVERIFY(SocketIoCodec::decodeEngine(frame, &e, &error));
    QVERIFY(SocketIoCodec::decodeSocket(e.data, &p, &error));
    QCOMPARE(p.arguments().at(0).toString(), text);
}

void tst_SocketIoCodec::placeholders_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QList<int>>("found");
    QTest::newRow("none") << QStringLiteral("[\"a\",{\"b\":1}]") << QList<int>{};
    QTest::newRow("top") << QStringLiteral("[{\"_placeholder\":true,\"num\":0}]") << QList<int>{0};
    QTest::newRow("nested") << QStringLiteral("[{\"file\":{\"_placeholder\":true,\"num\":1},\"list\":[{\"_placeholder\":true,\"num\":0}]}]")
                            << QList<int>{1, 0};
    QTest::newRow("not a placeholder: false") << QStringLiteral("[{\"_placeholder\":false,\"num\":0}]") << QList<int>{};
    QTest::newRow("not a placeholder: num string") << QStringLiteral("[{\"_placeholder\":true,\"num\":\"0\"}]") << QList<int>{};
    QTest::newRow("not a placeholder: negative") << QStringLiteral("[{\"_placeholder\":true,\"num\":-1}]") << QList<int>{};
    QTest::newRow("not a placeholder: fraction") << QStringLiteral("[{\"_placeholder\":true,\"num\":0.5}]") << QList<int>{};
}

void tst_SocketIoCodec::placeholders()
{
    QFETCH(QString, json);
    QFETCH(QList<int>, found);
    const QJsonValue v = QJsonDocument::fromJson(json.toUtf8()).array();
    QCOMPARE(SocketIoCodec::placeholders(v), found);
}

void tst_SocketIoCodec::binaryFrames()
{
    // What socket.io-parser 4 writes for socket.emit("file", {name, data: Buffer}, ack).
    QCOMPARE(SocketIoCodec::binaryEventFrame(QStringLiteral("file"),
                                             {QJsonObject{{QStringLiteral("name"), QStringLiteral("a.png")},
                                                          {QStringLiteral("data"), SocketIoCodec::placeholder(0)}}},
                                             1, 4),
             QStringLiteral("451-4[\"file\",{\"data\":{\"_placeholder\":true,\"num\":0},\"name\":\"a.png\"}]"));
    QCOMPARE(SocketIoCodec::binaryEventFrame(QStringLiteral("x"), {SocketIoCodec::placeholder(0), SocketIoCodec::placeholder(1)},
                                             2, std::nullopt, QStringLiteral("/admin")),
             QStringLiteral("452-/admin,[\"x\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"));
    QCOMPARE(SocketIoCodec::binaryAckFrame(7, {SocketIoCodec::placeholder(0)}, 1),
             QStringLiteral("461-7[{\"_placeholder\":true,\"num\":0}]"));

    EngineIoPacket e;
    SocketIoPacket p;
    QString error;
    QVERIFY(SocketIoCodec::decodeEngine(SocketIoCodec::binaryAckFrame(7, {SocketIoCodec::placeholder(0)}, 1,
                                                                      QStringLiteral("/admin")), &e, &error));
    QVERIFY2(SocketIoCodec::decodeSocket(e.data, &p, &error), qPrintable(error));
    QCOMPARE(p.type, SocketIoType::BinaryAck);
    QCOMPARE(p.nsp, QStringLiteral("/admin"));
    QCOMPARE(p.id.value_or(-1), 7);
    QCOMPARE(p.attachments, 1);
    QCOMPARE(SocketIoCodec::placeholderIndex(p.arguments().at(0)), 0);
}

void tst_SocketIoCodec::binaryInvalid_data()
{
    QTest::addColumn<QString>("payload");
    QTest::newRow("placeholder beyond count") << QStringLiteral("51-[\"f\",{\"_placeholder\":true,\"num\":1}]");
    QTest::newRow("ack placeholder beyond count") << QStringLiteral("61-3[{\"_placeholder\":true,\"num\":5}]");
    QTest::newRow("too many attachments") << QStringLiteral("5100000-[\"f\"]");
}

void tst_SocketIoCodec::binaryInvalid()
{
    QFETCH(QString, payload);
    SocketIoPacket p;
    QString error;
    QVERIFY(!SocketIoCodec::decodeSocket(payload, &p, &error));
    QVERIFY(!error.isEmpty());
}

void tst_SocketIoCodec::recoveryOffset_data()
{
    QTest::addColumn<QString>("payload");
    QTest::addColumn<QString>("offset");
    QTest::newRow("stored event") << QStringLiteral("2[\"chat message\",\"hi\",\"MzUPkW0\"]") << QStringLiteral("MzUPkW0");
    QTest::newRow("binary event") << QStringLiteral("51-[\"f\",{\"_placeholder\":true,\"num\":0},\"MzUPkW1\"]") << QStringLiteral("MzUPkW1");
    QTest::newRow("asks for an ack: not stored") << QStringLiteral("23[\"q\",\"a\",\"b\"]") << QString();
    QTest::newRow("name only") << QStringLiteral("2[\"ping\"]") << QString();
    QTest::newRow("last not a string") << QStringLiteral("2[\"n\",1]") << QString();
    QTest::newRow("ack packet") << QStringLiteral("31[\"x\",\"y\"]") << QString();
}

void tst_SocketIoCodec::recoveryOffset()
{
    QFETCH(QString, payload);
    QFETCH(QString, offset);
    SocketIoPacket p;
    QString error;
    QVERIFY2(SocketIoCodec::decodeSocket(payload, &p, &error), qPrintable(error));
    QCOMPARE(SocketIoCodec::recoveryOffset(p), offset);
}

void tst_SocketIoCodec::recoveryAuth()
{
    const QJsonObject auth{{QStringLiteral("token"), QStringLiteral("t")}};
    QCOMPARE(SocketIoCodec::recoveryAuth(auth, QString(), QStringLiteral("o")), auth);
    QCOMPARE(SocketIoCodec::recoveryAuth(auth, QStringLiteral("p"), QString()), auth);
    const QJsonObject merged = SocketIoCodec::recoveryAuth(auth, QStringLiteral("p"), QStringLiteral("o"));
    QCOMPARE(merged, (QJsonObject{{QStringLiteral("token"), QStringLiteral("t")},
                                  {QStringLiteral("pid"), QStringLiteral("p")},
                                  {QStringLiteral("offset"), QStringLiteral("o")}}));
    // The caller's own fields win, as in socket.io-client's Object.assign({pid, offset}, auth).
    const QJsonObject own{{QStringLiteral("pid"), QStringLiteral("mine")}};
    QCOMPARE(SocketIoCodec::recoveryAuth(own, QStringLiteral("p"), QStringLiteral("o")).value(QLatin1String("pid")).toString(),
             QStringLiteral("mine"));
}

PARLEY_TEST_GUILESS_MAIN(tst_SocketIoCodec)
#include "tst_socketiocodec.moc"
