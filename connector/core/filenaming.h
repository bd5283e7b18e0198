#pragma once
// FileNaming: what makes a file's id, name and media type acceptable on the wire
// (docs/protocol.md, "Files"), one rule for parley-server (FileEvents, FileStore) and the client
// (FileRef) alike.
#include <QByteArray>
#include <QJsonValue>
#include <QString>
#include <optional>

namespace FileNaming {
//! Longest file name taken (UTF-16 code units); longest media type.
inline constexpr int kMaxNameLength = 255;
inline constexpr int kMaxTypeLength = 127;

//! A SHA-256 in lowercase hex: 64 of 0-9a-f.
bool isValidId(const QString &id);
//! A file name as given, if it is one: not blank, at most kMaxNameLength, no path separators,
//! control, format, line or paragraph separator characters (it is shown and offered for saving,
//! never used as a path as it is).
bool isValidName(const QString &name);
//! \a type as "type/subtype" in lowercase, or empty when it is not one (or too long).
QString mediaType(const QString &type);

//! A thumbnail's bytes at most; its base64 on the wire at most (docs/protocol.md, "Thumbnails").
inline constexpr int kMaxThumbnailBytes = 32 * 1024;
inline constexpr int kMaxThumbnailChars = (kMaxThumbnailBytes + 2) / 3 * 4;
//! Whether \a bytes may be a thumbnail: not empty, at most kMaxThumbnailBytes, starting with the
//! JPEG or PNG signature. Says nothing of whether they decode.
bool isThumbnail(const QByteArray &bytes);
//! The "thumb" of a file object: nullopt when \a value is absent or null (no thumbnail); the
//! bytes when it is a string of standard base64 within the bounds that decodes to isThumbnail()
//! bytes; an empty array when it is anything else (malformed).
std::optional<QByteArray> thumbnailFromWire(const QJsonValue &value);
//! \a bytes as the "thumb" of a file object (base64).
QString thumbnailToWire(const QByteArray &bytes);
} // namespace FileNaming
