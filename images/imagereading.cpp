#include "imagereading.h"

#include <QBuffer>
#include <QImageReader>

bool ImageReading::sane(QImageReader &reader, int maxSide, QString *error)
{
    reader.setAllocationLimit(kAllocationLimitMiB);
    reader.setAutoTransform(true); // EXIF orientation: the photo as it was taken
    const QSize size = reader.size();
    if (!reader.canRead() || !size.isValid() || size.isEmpty()) {
        *error = tr("not an image");
        return false;
    }
    if (size.width() > maxSide || size.height() > maxSide || qint64(size.width()) * size.height() > kMaxPixels) {
        *error = tr("too large to show (%1 × %2 pixels)").arg(size.width()).arg(size.height());
        return false;
    }
    return true;
}

QImage ImageReading::readFitted(QImageReader &reader, const QSize &box, QString *error)
{
    // The size the reader reports is before the EXIF rotation; a quarter turn swaps the box's sides.
    QSize size = reader.size();
    const bool quarterTurn = reader.transformation() & QImageIOHandler::TransformationRotate90;
    if (quarterTurn)
        size.transpose();
    QSize readSize = size.scaled(box, Qt::KeepAspectRatio).boundedTo(size);
    if (quarterTurn)
        readSize.transpose();
    reader.setScaledSize(readSize.expandedTo(QSize(1, 1)));
    QImage image = reader.read();
    if (image.isNull())
        *error = reader.errorString();
    return image;
}

QImage ImageReading::decode(const QString &path, const QSize &box, QString *error)
{
    QImageReader reader(path);
    if (!sane(reader, kMaxSide, error))
        return {};
    return readFitted(reader, box, error);
}

QImage ImageReading::decodeFull(const QString &path, QString *error)
{
    QImageReader reader(path);
    if (!sane(reader, kMaxSide, error))
        return {};
    QImage image = reader.read();
    if (image.isNull())
        *error = reader.errorString();
    return image;
}

QImage ImageReading::decodeThumbnail(const QByteArray &bytes, const QSize &box, QString *error)
{
    QByteArray copy = bytes; // QBuffer wants a non-const array; shared, not copied
    QBuffer buffer(&copy);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    if (!sane(reader, kMaxThumbnailSide, error))
        return {};
    return readFitted(reader, box, error);
}
