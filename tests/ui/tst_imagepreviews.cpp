// ImagePreviews::decode()/decodeFull(): a thumbnail fits its box and keeps the EXIF orientation;
// what is not an image, and an image that declares an absurd size (a decompression bomb: a tiny
// PNG claiming 100,000 × 100,000 pixels), are refused with words before anything is decoded.

#include "imagepreviews.h"
#include "testmain.h"

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

namespace {

quint32 crc32(const QByteArray &data)
{
    quint32 crc = 0xffffffffu;
    for (const char ch : data) {
        crc ^= quint8(ch);
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

QByteArray chunk(const QByteArray &type, const QByteArray &data)
{
    QByteArray out(4, Qt::Uninitialized);
    qToBigEndian<quint32>(quint32(data.size()), out.data());
    out += type + data;
    QByteArray crc(4, Qt::Uninitialized);
    qToBigEndian<quint32>(crc32(type + data), crc.data());
    return out + crc;
}

//! A PNG of a few dozen bytes whose header claims \a width × \a height pixels.
QByteArray bombPng(quint32 width, quint32 height)
{
    QByteArray ihdr(13, '\0');
    qToBigEndian<quint32>(width, ihdr.data());
    qToBigEndian<quint32>(height, ihdr.data() + 4);
    ihdr[8] = 8;  // bit depth
    ihdr[9] = 2;  // truecolour
    return QByteArray("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) + chunk("IDAT", QByteArray::fromHex("789c030000000001"))
         + chunk("IEND", {});
}

QString write(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    QFile f(dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        return {};
    return f.fileName();
}

} // namespace

class tst_ImagePreviews : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void thumbnailFitsItsBox();
    void exifOrientationIsApplied();
    void notAnImageIsRefused();
    void decompressionBombIsRefusedUnread();
};

void tst_ImagePreviews::thumbnailFitsItsBox()
{
    QTemporaryDir dir;
    QImage wide(2000, 500, QImage::Format_RGB32);
    wide.fill(Qt::red);
    const QString path = dir.filePath(QStringLiteral("wide.png"));
    QVERIFY(wide.save(path));
    QString error;
    const QImage thumb = ImagePreviews::decode(path, ImagePreviews::kBox, &error);
    QVERIFY2(!thumb.isNull(), qPrintable(error));
    QCOMPARE(thumb.width(), ImagePreviews::kBox.width());
    QCOMPARE(thumb.height(), ImagePreviews::kBox.width() / 4);
    // A small image is not blown up.
    QImage small(40, 30, QImage::Format_RGB32);
    small.fill(Qt::blue);
    QVERIFY(small.save(dir.filePath(QStringLiteral("small.png"))));
    QCOMPARE(ImagePreviews::decode(dir.filePath(QStringLiteral("small.png")), ImagePreviews::kBox, &error).size(),
             QSize(40, 30));
}

void tst_ImagePreviews::exifOrientationIsApplied()
{
    // A landscape JPEG whose EXIF says "rotate 90° to show": a phone's portrait photo.
    QTemporaryDir dir;
    QImage landscape(400, 200, QImage::Format_RGB32);
    landscape.fill(Qt::green);
    QByteArray jpeg;
    QBuffer buffer(&jpeg);
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QVERIFY(landscape.save(&buffer, "JPEG"));
    const QByteArray tiff = QByteArray::fromHex("4d4d002a00000008" "0001" "011200030000000100060000" "00000000");
    const QByteArray payload = QByteArray("Exif\0\0", 6) + tiff;
    QByteArray app1 = QByteArray::fromHex("ffe1");
    app1 += char((payload.size() + 2) >> 8);
    app1 += char((payload.size() + 2) & 0xff);
    app1 += payload;
    jpeg.insert(2, app1); // right after SOI
    const QString path = write(dir, QStringLiteral("photo.jpg"), jpeg);
    QString error;
    const QImage thumb = ImagePreviews::decode(path, ImagePreviews::kBox, &error);
    QVERIFY2(!thumb.isNull(), qPrintable(error));
    QVERIFY2(thumb.height() > thumb.width(), "the photo is shown as it was taken: upright");
    QVERIFY(thumb.height() <= ImagePreviews::kBox.height());
    QCOMPARE(ImagePreviews::decodeFull(path, &error).size(), QSize(200, 400));
}

void tst_ImagePreviews::notAnImageIsRefused()
{
    QTemporaryDir dir;
    const QString path = write(dir, QStringLiteral("fake.png"), "this is not a picture at all");
    QString error;
    QVERIFY(ImagePreviews::decode(path, ImagePreviews::kBox, &error).isNull());
    QCOMPARE(error, QStringLiteral("not an image"));
    QVERIFY(ImagePreviews::decodeFull(path, &error).isNull());
}

void tst_ImagePreviews::decompressionBombIsRefusedUnread()
{
    QTemporaryDir dir;
    const QByteArray bomb = bombPng(100'000, 100'000);
    QVERIFY(bomb.size() < 100);
    const QString path = write(dir, QStringLiteral("bomb.png"), bomb);
    QString error;
    QVERIFY(ImagePreviews::decode(path, ImagePreviews::kBox, &error).isNull());
    QVERIFY2(error.contains(QLatin1String("100000")) && error.contains(QLatin1String("too large")), qPrintable(error));
    QVERIFY(ImagePreviews::decodeFull(path, &error).isNull());
    // Within the sides but over the pixel count: refused too.
    const QString wide = write(dir, QStringLiteral("wide.png"), bombPng(16'000, 16'000));
    QVERIFY(ImagePreviews::decode(wide, ImagePreviews::kBox, &error).isNull());
    QVERIFY2(error.contains(QLatin1String("too large")), qPrintable(error));
}

PARLEY_TEST_MAIN(tst_ImagePreviews)
#include "tst_imagepreviews.moc"
