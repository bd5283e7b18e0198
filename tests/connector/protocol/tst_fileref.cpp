// FileRef: a message's "file" from a server is taken only when every field is sound (id, name,
// size, type), and ParleyMessageJson refuses a message whose file is not; the store's form keeps
// the local path of one's own files.
#include "fileref.h"
#include "parleymessagejson.h"
#include "testmain.h"

#include <QJsonArray>
#include <QTest>

namespace {
const QString kId = QString(64, QLatin1Char('a'));

QJsonObject ref(const QJsonValue &id, const QJsonValue &name, const QJsonValue &size, const QJsonValue &type)
{
    QJsonObject o{{QLatin1String("id"), id}, {QLatin1String("name"), name}, {QLatin1String("size"), size}};
    if (!type.isUndefined())
        o.insert(QLatin1String("type"), type);
    return o;
}
} // namespace

class tst_FileRef : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fromJson_data();
    void fromJson();
    void aMessageWithABadFileIsRefused();
    void storedFormKeepsThePath();
    void aThumbnailIsKeptOrDropped();
};

void tst_FileRef::fromJson_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("type");
    const QJsonValue none;
    QTest::addRow("good") << QJsonValue(ref(kId, QStringLiteral("a.png"), 3, QStringLiteral("Image/PNG"))) << true << QStringLiteral("image/png");
    QTest::addRow("no type") << QJsonValue(ref(kId, QStringLiteral("a"), 3, none)) << true << QStringLiteral("application/octet-stream");
    QTest::addRow("not an object") << QJsonValue(kId) << false << QString();
    QTest::addRow("upper-case id") << QJsonValue(ref(kId.toUpper(), QStringLiteral("a"), 3, none)) << false << QString();
    QTest::addRow("short id") << QJsonValue(ref(kId.left(63), QStringLiteral("a"), 3, none)) << false << QString();
    QTest::addRow("path in name") << QJsonValue(ref(kId, QStringLiteral("../x"), 3, none)) << false << QString();
    QTest::addRow("backslash") << QJsonValue(ref(kId, QStringLiteral("a\\b"), 3, none)) << false << QString();
    QTest::addRow("blank name") << QJsonValue(ref(kId, QStringLiteral("  "), 3, none)) << false << QString();
    QTest::addRow("bidi override") << QJsonValue(ref(kId, QStringLiteral("a\u202Egnp.exe"), 3, none)) << false << QString();
    QTest::addRow("long name") << QJsonValue(ref(kId, QString(256, QLatin1Char('n')), 3, none)) << false << QString();
    QTest::addRow("zero size") << QJsonValue(ref(kId, QStringLiteral("a"), 0, none)) << false << QString();
    QTest::addRow("huge size") << QJsonValue(ref(kId, QStringLiteral("a"), 1e308, none)) << false << QString();
    QTest::addRow("fractional size") << QJsonValue(ref(kId, QStringLiteral("a"), 1.5, none)) << false << QString();
    QTest::addRow("size as text") << QJsonValue(ref(kId, QStringLiteral("a"), QStringLiteral("3"), none)) << false << QString();
    QTest::addRow("bad type") << QJsonValue(ref(kId, QStringLiteral("a"), 3, QStringLiteral("image"))) << false << QString();
    QTest::addRow("long type") << QJsonValue(ref(kId, QStringLiteral("a"), 3, QJsonValue(QStringLiteral("a/") + QString(130, QLatin1Char('b'))))) << false << QString();
}

void tst_FileRef::fromJson()
{
    QFETCH(QJsonValue, value);
    QFETCH(bool, ok);
    QFETCH(QString, type);
    const std::optional<FileRef> f = FileRef::fromJson(value);
    QCOMPARE(bool(f), ok);
    if (f) {
        QCOMPARE(f->type, type);
        QCOMPARE(f->id, kId);
        QVERIFY(f->path.isEmpty());
    }
}

void tst_FileRef::aMessageWithABadFileIsRefused()
{
    QJsonObject message{{QLatin1String("room"), QStringLiteral("lobby")}, {QLatin1String("seq"), 1}, {QLatin1String("text"), QString()},
                        {QLatin1String("file"), ref(kId, QStringLiteral("a.png"), 3, QStringLiteral("image/png"))}};
    ChatMessage m;
    QVERIFY(ParleyMessageJson::parse(message, &m));
    QCOMPARE(m.file.name, QStringLiteral("a.png"));
    QCOMPARE(m.file.size, 3);
    QVERIFY(m.file.isImage());
    QCOMPARE(ParleyMessageJson::payload(m).value(QLatin1String("file")).toObject(),
             ref(kId, QStringLiteral("a.png"), 3, QStringLiteral("image/png")));
    message.insert(QLatin1String("file"), ref(kId, QStringLiteral("a/b"), 3, QJsonValue()));
    QVERIFY(!ParleyMessageJson::parse(message, &m));
    // A deleted message sends nothing any more.
    message.insert(QLatin1String("file"), ref(kId, QStringLiteral("a.png"), 3, QStringLiteral("image/png")));
    message.insert(QLatin1String("deleted"), true);
    QVERIFY(ParleyMessageJson::parse(message, &m));
    QVERIFY(m.file.isNull());
}

void tst_FileRef::storedFormKeepsThePath()
{
    FileRef f{kId, QStringLiteral("a.png"), 3, QStringLiteral("image/png"), QStringLiteral("/home/u/a.png")};
    QCOMPARE(FileRef::fromStored(f.toStored()), f);
    QVERIFY(!f.toJson().contains(QLatin1String("path"))); // never on the wire
    QVERIFY(FileRef::fromStored(QJsonObject{}).isNull());
}

void tst_FileRef::aThumbnailIsKeptOrDropped()
{
    const QByteArray png = QByteArray("\x89PNG\r\n\x1A\n", 8) + QByteArray(100, 'x');
    QJsonObject o = ref(kId, QStringLiteral("a.png"), 3, QStringLiteral("image/png"));
    o.insert(QLatin1String("thumb"), QString::fromLatin1(png.toBase64()));
    std::optional<FileRef> f = FileRef::fromJson(o);
    QVERIFY(f);
    QCOMPARE(f->thumbnail, png);
    QCOMPARE(FileRef::fromJson(f->toJson()), f); // on the wire and back
    QCOMPARE(FileRef::fromStored(f->toStored()), *f);

    // What is not a thumbnail is dropped; the file stays.
    const QByteArray tooBig = png + QByteArray(FileNaming::kMaxThumbnailBytes, 'x');
    for (const QJsonValue &bad : {QJsonValue(7), QJsonValue(QStringLiteral("%%%")),
                                  QJsonValue(QString::fromLatin1(QByteArray("GIF89a....").toBase64())),
                                  QJsonValue(QString::fromLatin1(tooBig.toBase64())),
                                  QJsonValue(QStringLiteral("图片"))}) {
        o.insert(QLatin1String("thumb"), bad);
        f = FileRef::fromJson(o);
        QVERIFY(f);
        QVERIFY(f->thumbnail.isEmpty());
        QVERIFY(!f->toJson().contains(QLatin1String("thumb")));
    }
}

PARLEY_TEST_GUILESS_MAIN(tst_FileRef)
#include "tst_fileref.moc"
