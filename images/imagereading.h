#pragma once
// ImageReading: how Parley reads an image it did not make -- a file sent in a chat, a thumbnail
// inside a message -- without letting it fill memory. One set of bounds for the conversation's
// previews (ImagePreviews), the viewer and the thumbnails a sender makes (Thumbnail).
//
// Hostile input: an image is read only if it declares a sane size (kMaxPixels, kMaxSide) -- a tiny
// PNG claiming 100,000 × 100,000 pixels is refused before a byte is decoded -- and under
// QImageReader's allocation limit; a file that is not an image is refused by the reader.
// Thread-safe: every function runs on a worker as well.
#include <QCoreApplication>
#include <QImage>
#include <QSize>

class QImageReader;

class ImageReading
{
    Q_DECLARE_TR_FUNCTIONS(ImageReading)
public:
    //! An image declaring more pixels than this, or a side longer than kMaxSide, is not decoded.
    static constexpr qint64 kMaxPixels = 64LL * 1024 * 1024;
    static constexpr int kMaxSide = 16384;
    //! A thumbnail (bytes inside a message) declaring a side longer than this is not decoded.
    static constexpr int kMaxThumbnailSide = 1024;
    //! Bytes QImageReader may allocate for one image (its allocation limit), in MiB.
    static constexpr int kAllocationLimitMiB = 256;

    //! Decodes \a path into an image that fits \a box (EXIF orientation applied), read scaled so
    //! a 24-megapixel photo is never held whole; a null image and \a error when it cannot be.
    static QImage decode(const QString &path, const QSize &box, QString *error);
    //! The image at \a path whole (for the viewer), under the same bounds.
    static QImage decodeFull(const QString &path, QString *error);
    //! A thumbnail's \a bytes (JPEG or PNG, FileNaming::isThumbnail) fitted into \a box, with its
    //! sides at most kMaxThumbnailSide.
    static QImage decodeThumbnail(const QByteArray &bytes, const QSize &box, QString *error);

private:
    static bool sane(QImageReader &reader, int maxSide, QString *error);
    static QImage readFitted(QImageReader &reader, const QSize &box, QString *error);
};
