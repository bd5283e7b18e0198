#include "thumbnail.h"

#include "filenaming.h"
#include "imagereading.h"

#include <QBuffer>
#include <QImageWriter>
#include <QPainter>

QByteArray Thumbnail::make(const QString &path)
{
    QString error;
    QImage image = ImageReading::decode(path, kBox, &error);
    if (image.isNull())
        return {};
    if (image.hasAlphaChannel()) { // JPEG has none: what shows through is white
        QImage flat(image.size(), QImage::Format_RGB32);
        flat.fill(Qt::white);
        QPainter(&flat).drawImage(0, 0, image);
        image = flat;
    }
    for (int attempt = 0; attempt < 4; ++attempt) {
        for (const int quality : kQualities) {
            QByteArray bytes;
            QBuffer buffer(&bytes);
            buffer.open(QIODevice::WriteOnly);
            QImageWriter writer(&buffer, "jpeg");
            writer.setQuality(quality);
            if (!writer.write(image))
                return {};
            if (FileNaming::isThumbnail(bytes))
                return bytes;
        }
        image = image.scaled(image.size() * 0.7, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    }
    return {};
}
