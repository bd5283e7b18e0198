// ImageReading::decode()/decodeFull(): a thumbnail fits its box and keeps the EXIF orientation;
// what is not an image, and an image that declares an absurd size (a decompression bomb: a tiny
// PNG claiming 100,000 × 100,000 pixels), are refused with words before anything is decoded.

#include "imagepreviews.h"
#include "filenaming.h"
#include "imagereading.h"
#include "thumbnail.h"
#include "testmain.h"

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QRandomGenerator>
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

//! A 400 × 200 JPEG whose EXIF says "rotate 90° to show": a phone's portrait photo.
QByteArray portraitPhoto()
{
    QImage landscape(400, 200, QImage::Format_RGB32);
    landscape.fill(Qt::green);
    QByteArray jpeg;
    QBuffer buffer(&jpeg);
    buffer.open(QIODevice::WriteOnly);
    landscape.save(&buffer, "JPEG");
    const QByteArray tiff = QByteArray::fromHex("4d4d002a00000008" "0001" "011200030000000100060000" "00000000");
    const QByteArray payload = QByteArray("Exif\0\0", 6) + tiff;
    QByteArray app1 = QByteArray::fromHex("ffe1");
    app1 += char((payload.size() + 2) >> 8);
    app1 += char((payload.size() + 2) & 0xff);
    app1 += payload;
    jpeg.insert(2, app1); // right after SOI
    return jpeg;
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
    void theSendersThumbnailIsSmallAndUpright();
    void aThumbnailInTheMessageShowsWithoutAFetch();
    void aThumbnailBombIsRefused();
};

void tst_ImagePreviews::thumbnailFitsItsBox()
{
    QTemporaryDir dir;
    QImage wide(2000, 500, QImage::Format_RGB32);
    wide.fill(Qt::red);
    const QString path = dir.filePath(QStringLiteral("wide.png"));
    QVERIFY(wide.save(path));
    QString error;
    const QImage thumb = ImageReading::decode(path, ImagePreviews::kBox, &error);
    QVERIFY2(!thumb.isNull(), qPrintable(error));
    QCOMPARE(thumb.width(), ImagePreviews::kBox.width());
    QCOMPARE(thumb.height(), ImagePreviews::kBox.width() / 4);
    // A small image is not blown up.
    QImage small(40, 30, QImage::Format_RGB32);
    small.fill(Qt::blue);
    QVERIFY(small.save(dir.filePath(QStringLiteral("small.png"))));
    QCOMPARE(ImageReading::decode(dir.filePath(QStringLiteral("small.png")), ImagePreviews::kBox, &error).size(),
             QSize(40, 30));
}

void tst_ImagePreviews::exifOrientationIsApplied()
{
    QTemporaryDir dir;
    const QString path = write(dir, QStringLiteral("photo.jpg"), portraitPhoto());
    QString error;
    const QImage thumb = ImageReading::decode(path, ImagePreviews::kBox, &error);
    QVERIFY2(!thumb.isNull(), qPrintable(error));
    QVERIFY2(thumb.height() > thumb.width(), "the photo is shown as it was taken: upright");
    QVERIFY(thumb.height() <= ImagePreviews::kBox.height());
    QCOMPARE(ImageReading::decodeFull(path, &error).size(), QSize(200, 400));
}

void tst_ImagePreviews::notAnImageIsRefused()
{
    QTemporaryDir dir;
    const QString path = write(dir, QStringLiteral("fake.png"), "this is not a picture at all");
    QString error;
    QVERIFY(ImageReading::decode(path, ImagePreviews::kBox, &error).isNull());
    QCOMPARE(error, QStringLiteral("not an image"));
    QVERIFY(ImageReading::decodeFull(path, &error).isNull());
}

void tst_ImagePreviews::decompressionBombIsRefusedUnread()
{
    QTemporaryDir dir;
    const QByteArray bomb = bombPng(100'000, 100'000);
    QVERIFY(bomb.size() < 100);
    const QString path = write(dir, QStringLiteral("bomb.png"), bomb);
    QString error;
    QVERIFY(ImageReading::decode(path, ImagePreviews::kBox, &error).isNull());
    QVERIFY2(error.contains(QLatin1String("100000")) && error.contains(QLatin1String("too large")), qPrintable(error));
    QVERIFY(ImageReading::decodeFull(path, &error).isNull());
    // Within the sides but over the pixel count: refused too.
    const QString wide = write(dir, QStringLiteral("wide.png"), bombPng(16'000, 16'000));
    QVERIFY(ImageReading::decode(wide, ImagePreviews::kBox, &error).isNull());
    QVERIFY2(error.contains(QLatin1String("too large")), qPrintable(error));
}

void tst_ImagePreviews::theSendersThumbnailIsSmallAndUpright()
{
    QTemporaryDir dir;
    // A 3000 × 2000 photo of noise (the worst case for JPEG): within FileNaming's bound, fitted.
    QImage noise(3000, 2000, QImage::Format_RGB32);
    QRandomGenerator rng(7);
    for (int y = 0; y < noise.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(noise.scanLine(y));
        for (int x = 0; x < noise.width(); ++x)
            line[x] = 0xff000000u | (rng.generate() & 0xffffffu);
    }
    const QString big = dir.filePath(QStringLiteral("noise.png"));
    QVERIFY(noise.save(big));
    const QByteArray thumb = Thumbnail::make(big);
    QVERIFY(FileNaming::isThumbnail(thumb));
    QVERIFY(thumb.startsWith("\xFF\xD8\xFF"));
    QString error;
    QImage decoded = ImageReading::decodeThumbnail(thumb, Thumbnail::kBox, &error);
    QVERIFY2(!decoded.isNull(), qPrintable(error));
    QVERIFY(decoded.width() <= Thumbnail::kBox.width() && decoded.height() <= Thumbnail::kBox.height());
    QVERIFY(decoded.width() > decoded.height());

    // The phone's portrait photo stays upright; a transparent PNG becomes a JPEG.
    decoded = ImageReading::decodeThumbnail(Thumbnail::make(write(dir, QStringLiteral("p.jpg"), portraitPhoto())),
                                            Thumbnail::kBox, &error);
    QVERIFY2(decoded.height() > decoded.width(), qPrintable(error));
    QImage clear(64, 64, QImage::Format_ARGB32);
    clear.fill(Qt::transparent);
    const QString png = dir.filePath(QStringLiteral("clear.png"));
    QVERIFY(clear.save(png));
    QVERIFY(Thumbnail::make(png).startsWith("\xFF\xD8\xFF"));
    // Not an image, or a bomb: no thumbnail.
    QVERIFY(Thumbnail::make(write(dir, QStringLiteral("fake.png"), "not a picture")).isEmpty());
    QVERIFY(Thumbnail::make(write(dir, QStringLiteral("bomb.png"), bombPng(100'000, 100'000))).isEmpty());
}

void tst_ImagePreviews::aThumbnailInTheMessageShowsWithoutAFetch()
{
    // A 100 MB image: too large to fetch for a preview, but its sender's thumbnail shows at once.
    QImage small(300, 200, QImage::Format_RGB32);
    small.fill(Qt::blue);
    QByteArray jpeg;
    QBuffer buffer(&jpeg);
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QVERIFY(small.save(&buffer, "JPEG"));
    FileRef file{QString(64, QLatin1Char('a')), QStringLiteral("huge.jpg"), 100'000'000, QStringLiteral("image/jpeg")};
    file.thumbnail = jpeg;
    FileRef without = file;
    without.id = QString(64, QLatin1Char('b'));
    without.thumbnail.clear();

    QObject view;
    auto *previews = new ImagePreviews(nullptr, &view); // no client: nothing can be fetched
    QVERIFY(previews->preview(file).isNull());
    QTRY_COMPARE(previews->state(file.id), ImagePreviews::State::Ready);
    const QImage shown = previews->preview(file);
    QCOMPARE(shown.size(), QSize(260, 173)); // fitted into kBox
    QVERIFY(previews->preview(without).isNull());
    QCOMPARE(previews->state(without.id), ImagePreviews::State::Failed);
}

void tst_ImagePreviews::aThumbnailBombIsRefused()
{
    QString error;
    QVERIFY(ImageReading::decodeThumbnail(bombPng(5000, 5000), Thumbnail::kBox, &error).isNull());
    QVERIFY2(error.contains(QLatin1String("too large")), qPrintable(error));
    QVERIFY(ImageReading::decodeThumbnail("\xFF\xD8\xFFgarbage", Thumbnail::kBox, &error).isNull());
}

PARLEY_TEST_MAIN(tst_ImagePreviews)
#include "tst_imagepreviews.moc"
