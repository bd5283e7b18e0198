#pragma once
// Thumbnail: the small picture a sender puts into an image's file message (docs/protocol.md,
// "Thumbnails, made by the sender"), so receivers show the image at once without fetching it.
// Made on the worker thread that hashes the file (ChatClient::setThumbnailMaker()).
#include <QByteArray>
#include <QSize>
#include <QString>

namespace Thumbnail {
//! The largest box a thumbnail fits in (pixels).
inline constexpr QSize kBox{320, 320};
//! JPEG qualities tried in turn until the bytes fit FileNaming::kMaxThumbnailBytes; past the last
//! one the picture is made smaller.
inline constexpr int kQualities[] = {80, 65, 50};

//! A JPEG of the image at \a path fitting kBox (EXIF orientation applied, transparency on white),
//! at most FileNaming::kMaxThumbnailBytes; empty when \a path is not an image ImageReading reads.
//! Thread-safe.
QByteArray make(const QString &path);
} // namespace Thumbnail
